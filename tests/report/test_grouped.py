"""GET /reports/grouped: groupings, the reader's calendar, midnight and DST splits, rounding, access."""

from __future__ import annotations

import pytest

from tests.checks import assert_error
from tests.entry.helpers import ago, entry
from tests.report.helpers import GROUPED, berlin_week, brief, report

WEEK = "start_date=2026-11-16&end_date=2026-11-22"
H = 3600


@pytest.fixture
def w(api):
    return berlin_week(api)


def test_days_in_the_readers_zone_split_at_midnight(api, w):
    r = report(api, w.ah, f"{WEEK}&group_by=day")
    assert (r["timezone"], r["week_start"], r["group_by"], r["sub_group_by"]) == (
        "Europe/Berlin",
        0,
        "day",
        None,
    )
    assert brief(r["groups"]) == [("2026-11-16", 2.5 * H), ("2026-11-17", H), ("2026-11-18", 420)]
    assert [g["entries"] for g in r["groups"]] == [2, 1, 1]
    assert r["groups"][0]["label"] == "Mon 16 Nov 2026"
    totals = r["totals"]
    assert (totals["seconds"], totals["entries"], totals["billable_seconds"]) == (3.5 * H + 420, 3, 3.5 * H)
    assert (totals["hours"], totals["amount"]) == (3.62, 280.0)


def test_projects_with_clients_amounts_and_sub_groups(api, w):
    r = report(api, w.ah, f"{WEEK}&group_by=project&sub_group_by=day")
    web, internal = r["groups"]
    assert (web["key"], web["label"], web["seconds"], web["amount"], web["entries"]) == (
        str(w.web), "Website", 3.5 * H, 280.0, 2,
    )  # fmt: skip
    assert brief(web["groups"]) == [("2026-11-16", 2.5 * H), ("2026-11-17", H)]
    assert sum(g["amount"] for g in web["groups"]) == web["amount"]
    assert (internal["billable_seconds"], internal["amount"]) == (0, 0.0)
    by_client = report(api, w.ah, f"{WEEK}&group_by=client")
    assert [(g["key"], g["label"]) for g in by_client["groups"]] == [
        (str(w.acme), "Acme"),
        ("none", "No client"),
    ]


def test_weeks_months_and_years_follow_the_week_start(api, w):
    r = report(api, w.ah, f"{WEEK}&group_by=week")
    assert brief(r["groups"]) == [("2026-11-16", 3.5 * H + 420)]
    res = api.patch("/api/v1/users/me", json={"week_start": 1}, headers=api.login("alice"))
    assert res.status_code == 200, res.text
    r = report(api, w.ah, f"{WEEK}&group_by=week")
    assert brief(r["groups"]) == [("2026-11-10", 2.5 * H), ("2026-11-17", H + 420)]
    assert brief(report(api, w.ah, f"{WEEK}&group_by=month")["groups"]) == [("2026-11-01", 3.5 * H + 420)]
    assert brief(report(api, w.ah, f"{WEEK}&group_by=year")["groups"]) == [("2026-01-01", 3.5 * H + 420)]


def test_range_edges_cut_entries(api, w):
    r = report(api, w.ah, "start_date=2026-11-17&end_date=2026-11-17&group_by=project")
    assert r["totals"]["seconds"] == H
    assert r["totals"]["entries"] == 1


def test_dst_night_counts_real_hours(api, w):
    # The night the clocks go back in Berlin lasts 25 hours: 22:00 to 04:00 local is 7 real hours.
    entry(api, w.ah, "2026-10-24T22:00:00+02:00", "2026-10-25T04:00:00+01:00")
    r = report(api, w.ah, "start_date=2026-10-24&end_date=2026-10-25&group_by=day")
    assert brief(r["groups"]) == [("2026-10-24", 2 * H), ("2026-10-25", 5 * H)]


def test_rounding_each_day_piece_and_totals_add_up(api, w):
    r = report(api, w.ah, f"{WEEK}&group_by=project&sub_group_by=day&rounding=up&rounding_minutes=15")
    assert brief(r["groups"][1]["groups"]) == [("2026-11-18", 900)]
    assert r["totals"]["seconds"] == sum(g["seconds"] for g in r["groups"]) == 3.5 * H + 900
    r = report(api, w.ah, f"{WEEK}&group_by=day&rounding=nearest&rounding_minutes=60")
    assert brief(r["groups"]) == [("2026-11-16", 3 * H), ("2026-11-17", H), ("2026-11-18", 0)]
    assert r["totals"]["seconds"] == 4 * H


def test_tags_count_an_entry_in_each_of_its_tags(api, w):
    r = report(api, w.ah, f"{WEEK}&group_by=tag")
    assert brief(r["groups"]) == [("dev", 3.5 * H), ("ops", 2 * H), ("none", 420)]
    assert r["totals"]["seconds"] == 3.5 * H + 420
    r = report(api, w.ah, f"{WEEK}&group_by=project&tags=ops")
    assert r["totals"]["seconds"] == 2 * H
    r = report(api, w.ah, f"{WEEK}&group_by=project&billable=false")
    assert brief(r["groups"]) == [(str(w.internal), 420)]


def test_running_timer_counts_up_to_now(api, w):
    entry(api, w.bh, ago(hours=2))
    days = f"start_date={ago(days=1)[:10]}&end_date={ago(days=-1)[:10]}"
    r = report(api, w.mh, f"{days}&group_by=project&user_ids={w.bob.id}")
    assert 2 * H - 5 <= r["totals"]["seconds"] <= 2 * H + 5


def test_managers_group_by_user_members_may_not(api, w):
    r = report(api, w.mh, f"{WEEK}&group_by=user&sub_group_by=project")
    assert [(g["label"], g["seconds"]) for g in r["groups"]] == [("alice", 3.5 * H + 420), ("bob", 3 * H)]
    assert_error(api.get(f"{GROUPED}?group_by=user", headers=w.ah), 403, "access_denied")
    assert_error(api.get(f"{GROUPED}?user_ids={w.bob.id}", headers=w.ah), 403, "access_denied")
    r = report(api, w.bh, f"{WEEK}&group_by=project")
    assert r["totals"]["seconds"] == 3 * H  # bob's own only


def test_authorization_and_bad_parameters(api, w):
    assert_error(api.get(GROUPED), 401)
    assert_error(api.get(GROUPED, headers=api.headers(w.alice, "read:projects")), 403, "insufficient_scope")
    for query in (
        "group_by=colour",
        "group_by=day&sub_group_by=day",
        "start_date=2026-13-01",
        "start_date=2026-11-20&end_date=2026-11-19",
        "start_date=2000-01-01&end_date=2026-01-01",
        "rounding=sideways",
        "rounding_minutes=0",
        "user_ids=1,x",
        "billable=maybe",
    ):
        assert_error(api.get(f"{GROUPED}?{query}", headers=w.mh), 400)


def test_whole_entry_and_day_piece_paths_agree(api, w):
    # Without rounding or periods entries are summed whole; with periods they are cut at midnights.
    entry(api, w.ah, ago(hours=30))  # a running timer across at least one midnight
    days = f"start_date=2026-11-17&end_date={ago(days=-1)[:10]}"
    whole = report(api, w.ah, f"{days}&group_by=project")
    cut = report(api, w.ah, f"{days}&group_by=project&sub_group_by=day")
    assert whole["totals"]["entries"] == cut["totals"]["entries"] == 3
    assert abs(whole["totals"]["seconds"] - cut["totals"]["seconds"]) <= 2
    assert [g["key"] for g in whole["groups"]] == [g["key"] for g in cut["groups"]]
    for a, b in zip(whole["groups"], cut["groups"], strict=True):
        assert (a["entries"], a["amount"]) == (b["entries"], b["amount"])
        assert abs(a["seconds"] - b["seconds"]) <= 2
