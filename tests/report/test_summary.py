"""GET /reports/summary: totals, per-project lines, clipping to the range, running timers, access."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from tests.checks import assert_error
from tests.entry.helpers import ago, entry, project, set_timezone

SUMMARY = "/api/v1/reports/summary"
MARCH = "start_date=2024-03-01&end_date=2024-03-31"


@pytest.fixture
def w(api):
    manager, alice, bob = api.user("manager"), api.user("member", "alice"), api.user("member", "bob")
    mh = api.headers(manager)
    ns = SimpleNamespace(mh=mh, alice=alice, bob=bob, ah=api.headers(alice), bh=api.headers(bob))
    ns.web = project(api, mh, "Web", hourly_rate=80)
    ns.internal = project(api, mh, "Internal", billable=False)
    return ns


def summary(api, h, query=""):
    res = api.get(f"{SUMMARY}?{query}", headers=h)
    assert res.status_code == 200, res.text
    assert set(res.json()) == {"summary"}
    return res.json()["summary"]


def test_totals_and_lines_per_project(api, w):
    entry(api, w.ah, "2024-03-04T09:00:00Z", "2024-03-04T10:30:00Z", project_id=w.web)
    entry(api, w.ah, "2024-03-05T09:00:00Z", "2024-03-05T10:00:00Z", project_id=w.web, billable=False)
    entry(api, w.ah, "2024-03-05T13:00:00Z", "2024-03-05T15:00:00Z", project_id=w.internal)
    entry(api, w.ah, "2024-03-06T09:00:00Z", "2024-03-06T09:15:00Z")  # no project: not billable
    s = summary(api, w.ah, MARCH)
    assert (s["start_date"], s["end_date"]) == ("2024-03-01T00:00:00Z", "2024-03-31T23:59:59Z")
    assert (s["total_hours"], s["billable_hours"], s["total_entries"]) == (4.75, 1.5, 4)
    assert (s["total_seconds"], s["billable_amount"]) == (17100, 120.0)
    assert s["by_project"] == [
        {
            "project_id": w.web,
            "project_name": "Web",
            "hours": 2.5,
            "billable_hours": 1.5,
            "billable_amount": 120.0,
            "entries": 2,
        },
        {
            "project_id": w.internal,
            "project_name": "Internal",
            "hours": 2.0,
            "billable_hours": 0.0,
            "billable_amount": 0.0,
            "entries": 1,
        },
        {
            "project_id": None,
            "project_name": "No project",
            "hours": 0.25,
            "billable_hours": 0.0,
            "billable_amount": 0.0,
            "entries": 1,
        },
    ]


def test_an_empty_range(api, w):
    s = summary(api, w.ah, MARCH)
    assert (s["total_hours"], s["billable_hours"], s["total_entries"], s["by_project"]) == (0, 0, 0, [])


def test_the_amount_uses_the_projects_rate_on_unrounded_time(api, w):
    odd = project(api, w.mh, "Odd", hourly_rate=75.5)
    entry(api, w.ah, "2024-03-04T09:00:00Z", "2024-03-04T09:20:00Z", project_id=odd)
    line = summary(api, w.ah, MARCH)["by_project"][0]
    assert (line["hours"], line["billable_amount"]) == (0.33, 25.17)


def test_entries_crossing_the_range_edges_are_clipped(api, w):
    entry(api, w.ah, "2024-02-29T23:00:00Z", "2024-03-01T01:00:00Z", project_id=w.web)  # 1 h inside
    entry(api, w.ah, "2024-03-31T22:00:00Z", "2024-04-01T02:00:00Z", project_id=w.web)  # 2 h inside
    entry(api, w.ah, "2024-02-29T22:00:00Z", "2024-03-01T00:00:00Z", project_id=w.web)  # touches the start
    s = summary(api, w.ah, MARCH)
    assert (s["total_hours"], s["total_entries"], s["billable_amount"]) == (3.0, 2, 240.0)
    assert summary(api, w.ah, "start_date=2024-04-01&end_date=2024-04-01")["total_hours"] == 2.0


def test_bare_dates_are_days_in_the_users_time_zone(api, w):
    set_timezone(api, w.alice, "Europe/Amsterdam")
    entry(api, w.ah, "2024-02-29T23:30:00Z", "2024-03-01T00:30:00Z")  # 00:30-01:30 on 1 March locally
    s = summary(api, w.ah, "start_date=2024-03-01&end_date=2024-03-01")
    assert (s["start_date"], s["end_date"]) == ("2024-02-29T23:00:00Z", "2024-03-01T22:59:59Z")
    assert s["total_hours"] == 1.0


def test_a_bare_end_date_covers_that_whole_day_and_is_shown_as_its_last_second(api, w):
    # Seed 003's example: start_date=2024-01-01&end_date=2024-01-31 is shown as
    # 2024-01-01T00:00:00Z .. 2024-01-31T23:59:59Z, and 31 January counts to its end.
    entry(api, w.ah, "2024-01-31T23:00:00Z", "2024-01-31T23:59:59Z")
    entry(api, w.ah, "2024-02-01T00:00:00Z", "2024-02-01T01:00:00Z")  # the next day: outside
    s = summary(api, w.ah, "start_date=2024-01-01&end_date=2024-01-31")
    assert (s["start_date"], s["end_date"]) == ("2024-01-01T00:00:00Z", "2024-01-31T23:59:59Z")
    assert (s["total_seconds"], s["total_entries"]) == (3599, 1)
    # In the user's time zone: 31 January in Amsterdam ends at 23:00 UTC.
    set_timezone(api, w.alice, "Europe/Amsterdam")
    entry(api, w.ah, "2024-01-31T22:30:00Z", "2024-01-31T22:45:00Z")  # 23:30 locally
    s = summary(api, w.ah, "start_date=2024-01-01&end_date=2024-01-31")
    assert (s["start_date"], s["end_date"]) == ("2023-12-31T23:00:00Z", "2024-01-31T22:59:59Z")
    assert (s["total_seconds"], s["total_entries"]) == (900, 1)  # the first two are 1 February there


def test_an_end_instant_is_shown_as_sent(api, w):
    s = summary(api, w.ah, "start_date=2024-01-01&end_date=2024-01-31T12:00:00Z")
    assert s["end_date"] == "2024-01-31T12:00:00Z"


def test_a_running_timer_counts_up_to_now(api, w):
    since = ago(hours=2)
    started = api.post("/api/v1/timer/start", json={"start_time": since, "project_id": w.web}, headers=w.ah)
    assert started.status_code == 201
    s = summary(api, w.ah)
    assert (s["total_hours"], s["total_entries"]) == (2.0, 1)
    assert s["billable_amount"] == pytest.approx(160.0, abs=0.5)
    before = (datetime.fromisoformat(since) - timedelta(days=1)).date().isoformat()
    assert summary(api, w.ah, f"start_date=2024-01-01&end_date={before}")["total_entries"] == 0


def test_a_timer_started_just_ahead_of_now_counts_nothing(api, w):
    ahead = (datetime.now(UTC) + timedelta(seconds=40)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert api.post("/api/v1/timer/start", json={"start_time": ahead}, headers=w.ah).status_code == 201
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    s = summary(api, w.ah, f"start_date=2024-01-01&end_date={tomorrow}")
    assert (s["total_seconds"], s["by_project"]) == (0, [])


def test_the_default_range_is_the_last_30_days(api, w):
    entry(api, w.ah, ago(days=10, hours=1), ago(days=10))
    entry(api, w.ah, ago(days=40, hours=1), ago(days=40))
    s = summary(api, w.ah)
    start, end = datetime.fromisoformat(s["start_date"]), datetime.fromisoformat(s["end_date"])
    assert end - start == timedelta(days=30)
    assert abs((datetime.now(UTC) - end).total_seconds()) < 60
    assert (s["total_hours"], s["total_entries"]) == (1.0, 1)
    only_start = summary(api, w.ah, f"start_date={ago(days=45)}")
    assert only_start["total_entries"] == 2


def test_a_member_sees_only_their_own_time(api, w):
    entry(api, w.ah, "2024-03-04T09:00:00Z", "2024-03-04T10:00:00Z", project_id=w.web)
    entry(api, w.bh, "2024-03-04T09:00:00Z", "2024-03-04T12:00:00Z", project_id=w.web)
    s = summary(api, w.ah, MARCH)
    assert (s["total_hours"], s["user_id"]) == (1.0, w.alice.id)
    assert summary(api, w.ah, f"{MARCH}&user_id={w.alice.id}")["total_hours"] == 1.0
    assert_error(api.get(f"{SUMMARY}?{MARCH}&user_id={w.bob.id}", headers=w.ah), 403, "access_denied")


def test_a_manager_sees_everyone_or_one_user(api, w):
    entry(api, w.ah, "2024-03-04T09:00:00Z", "2024-03-04T10:00:00Z", project_id=w.web)
    entry(api, w.bh, "2024-03-04T09:00:00Z", "2024-03-04T12:00:00Z", project_id=w.internal)
    everyone = summary(api, w.mh, MARCH)
    assert (everyone["total_hours"], everyone["total_entries"], everyone["user_id"]) == (4.0, 2, None)
    bob = summary(api, w.mh, f"{MARCH}&user_id={w.bob.id}")
    assert (bob["total_hours"], bob["user_id"], bob["by_project"][0]["project_name"]) == (
        3.0,
        w.bob.id,
        "Internal",
    )


def test_the_project_filter(api, w):
    entry(api, w.ah, "2024-03-04T09:00:00Z", "2024-03-04T10:00:00Z", project_id=w.web)
    entry(api, w.ah, "2024-03-05T09:00:00Z", "2024-03-05T12:00:00Z", project_id=w.internal)
    s = summary(api, w.ah, f"{MARCH}&project_id={w.web}")
    assert [line["project_id"] for line in s["by_project"]] == [w.web]
    assert s["total_hours"] == 1.0


def test_bad_ranges_are_400(api, w):
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    for query, code in (
        ("start_date=nan", "validation_error"),
        ("start_date=1800-01-01", "validation_error"),
        ("end_date=3000-01-01", "validation_error"),
        ("start_date=2024-03-02&end_date=2024-03-01", "end_before_start"),
        (f"start_date={tomorrow}", "end_before_start"),  # the default end is now
        ("project_id=0", "validation_error"),
        ("user_id=abc", "validation_error"),
    ):
        assert_error(api.get(f"{SUMMARY}?{query}", headers=w.ah), 400, code)


def test_reports_need_the_read_reports_scope(api, w):
    assert api.get(SUMMARY).status_code == 401
    body = assert_error(api.get(SUMMARY, headers=api.headers(w.alice, ["read:time_entries"])), 403)
    assert body["required_scope"] == "read:reports"
