"""GET /reports/entries: the entries behind each figure of the grouped report add up to it."""

from __future__ import annotations

from typing import Any

import pytest

from punchclock.auth.scopes import ROLE_SCOPES, Principal
from punchclock.kit.pagination import Page
from punchclock.report import entries, grouped
from punchclock.report.grouped import ReportQuery
from tests.checks import assert_error
from tests.entry.helpers import entry, project, task
from tests.report.helpers import berlin_week, report
from tests.report.test_grouped_reference import NOW, QUERIES, _seed

ENTRIES = "/api/v1/reports/entries"
WEEK = "start_date=2026-11-16&end_date=2026-11-22"
H = 3600


def _all(db: Any, who: Principal, q: ReportQuery, group: str | None, sub: str | None) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    page = 1
    while True:
        got = db.call(entries.figure_entries, who, q, group, sub, Page(page, 7), write=False)
        found += got["time_entries"]
        if not got["pagination"]["has_next"]:
            assert got["pagination"]["total"] == len(found)
            return found
        page += 1


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/Santiago"])
def test_every_figure_is_the_sum_of_its_entries(db, monkeypatch, zone):
    """Random entries (DST days, midnights, long and running entries, entries begun before the
    range): for every group and sub-group of many reports, the listed entries are as many as the
    figure's `entries` and their `seconds` add up to its `seconds`."""
    _seed(db, zone, seed=len(zone))
    monkeypatch.setattr(grouped, "now_ts", lambda: NOW)
    monkeypatch.setattr(entries, "now_ts", lambda: NOW)
    manager = Principal(1, "user1", "manager", ROLE_SCOPES["manager"], "api")
    for fields in [*QUERIES, {"group_by": "task", "sub_group_by": "week", "billable": True}]:
        q = ReportQuery(start_date="2026-03-22", end_date="2026-04-05", **fields)  # type: ignore[arg-type]
        got = db.call(grouped.grouped, manager, q, write=False)
        whole = _all(db, manager, q, None, None)
        assert (len(whole), sum(e["seconds"] for e in whole)) == (
            got["totals"]["entries"],
            got["totals"]["seconds"],
        ), fields
        assert len({e["id"] for e in whole}) == len(whole)
        for g in got["groups"]:
            listed = _all(db, manager, q, g["key"], None)
            if q.group_by != "tag":  # an entry with two tags counts in both
                assert (len(listed), sum(e["seconds"] for e in listed)) == (g["entries"], g["seconds"]), (
                    fields,
                    g["key"],
                )
            else:
                assert len(listed) == g["entries"], (fields, g["key"])
            for s in g["groups"]:
                sub = _all(db, manager, q, g["key"], s["key"])
                assert len(sub) == s["entries"], (fields, g["key"], s["key"])
                if "tag" not in (q.group_by, q.sub_group_by):
                    assert sum(e["seconds"] for e in sub) == s["seconds"], (fields, g["key"], s["key"])


@pytest.fixture
def w(api):
    return berlin_week(api)


def test_the_list_behind_a_group_through_the_api(api, w):
    r = report(api, w.ah, f"{WEEK}&group_by=project&sub_group_by=day")
    web = r["groups"][0]
    res = api.get(f"{ENTRIES}?{WEEK}&group_by=project&sub_group_by=day&group={web['key']}", headers=w.ah)
    assert res.status_code == 200, res.text
    body = res.json()
    assert set(body) == {"time_entries", "pagination"}
    listed = body["time_entries"]
    assert [e["start_time"] for e in listed] == ["2026-11-16T08:00:00Z", "2026-11-16T22:00:00Z"]
    assert [e["seconds"] for e in listed] == [1.5 * H, 2 * H]
    first = listed[0]
    assert (first["project"], first["client"], first["tag_list"], first["billable"]) == (
        "Website", "Acme", ["dev"], True,
    )  # fmt: skip
    # The night entry crosses into Tuesday: only its Tuesday hour stands behind Tuesday's figure.
    tuesday = web["groups"][1]
    url = f"{ENTRIES}?{WEEK}&group_by=project&sub_group_by=day&group={web['key']}&sub_group={tuesday['key']}"
    listed = api.get(url, headers=w.ah).json()["time_entries"]
    assert [(e["start_time"], e["seconds"], e["duration_seconds"]) for e in listed] == [
        ("2026-11-16T22:00:00Z", H, 2 * H)
    ]


def test_paging_and_the_no_project_group(api, w):
    for day in range(16, 21):
        entry(api, w.ah, f"2026-11-{day}T12:00:00Z", f"2026-11-{day}T12:30:00Z")
    url = f"{ENTRIES}?{WEEK}&group=none&per_page=2"
    first = api.get(url, headers=w.ah).json()
    assert first["pagination"]["total"] == 5
    assert first["pagination"]["pages"] == 3
    last = api.get(f"{url}&page=3", headers=w.ah).json()
    assert [e["start_time"][:10] for e in last["time_entries"]] == ["2026-11-20"]
    assert all(e["project_id"] is None for e in first["time_entries"] + last["time_entries"])


def test_the_task_filter_reaches_reports_and_their_entries(api, w):
    design = task(api, w.mh, w.web)
    entry(api, w.ah, "2026-11-19T09:00:00Z", "2026-11-19T11:00:00Z", project_id=w.web, task_id=design)
    r = report(api, w.ah, f"{WEEK}&group_by=task&task_ids={design}")
    assert [(g["label"], g["seconds"]) for g in r["groups"]] == [("Design", 2 * H)]
    listed = api.get(f"{ENTRIES}?{WEEK}&task_ids={design}", headers=w.ah).json()["time_entries"]
    assert [(e["task"], e["seconds"]) for e in listed] == [("Design", 2 * H)]
    assert_error(api.get(f"{ENTRIES}?{WEEK}&task_ids=x", headers=w.ah), 400)


def test_a_period_group_outside_the_range_is_empty_and_bad_keys_are_400(api, w):
    url = f"{ENTRIES}?{WEEK}&group_by=week&group=2026-12-07"
    assert api.get(url, headers=w.ah).json()["pagination"]["total"] == 0
    for query, field in (
        ("group_by=project&group=abc", "group"),
        ("group_by=day&group=2026-13-01", "group"),
        ("group_by=project&sub_group=none", "sub_group"),
        ("group_by=project&sub_group_by=client&sub_group=-1", "sub_group"),
    ):
        body = assert_error(api.get(f"{ENTRIES}?{WEEK}&{query}", headers=w.ah), 400)
        assert field in body["message"]


def test_a_member_sees_only_their_own_entries(api, w):
    """A member's list holds their own entries whatever the filters; a user group is refused."""
    other = project(api, w.mh, "Shared")
    entry(api, w.bh, "2026-11-18T09:00:00Z", "2026-11-18T10:00:00Z", project_id=other)
    listed = api.get(f"{ENTRIES}?{WEEK}", headers=w.ah).json()["time_entries"]
    assert {e["user_id"] for e in listed} == {w.alice.id}
    assert_error(api.get(f"{ENTRIES}?{WEEK}&group_by=user&group={w.bob.id}", headers=w.ah), 403)
    assert_error(api.get(f"{ENTRIES}?{WEEK}&user_ids={w.bob.id}", headers=w.ah), 403)
    team = api.get(f"{ENTRIES}?{WEEK}&group_by=user&group={w.bob.id}", headers=w.mh).json()
    assert {e["user_id"] for e in team["time_entries"]} == {w.bob.id}
