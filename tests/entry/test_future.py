"""Tracked time has happened: no entry ends, and no timer starts, in the future (a clock five
minutes fast is tolerated), on every path: REST, the timer, TimeTagger sync, imports."""

from __future__ import annotations

import time

from punchclock.entry.future import GRACE_SECONDS
from tests.checks import assert_error
from tests.entry.helpers import ENTRIES, ago, entry
from tests.sync.helpers import record, tt_user

LATER = -(GRACE_SECONDS + 120) / 3600  # hours "ago": beyond the grace, in the future


def test_a_finished_entry_may_not_end_in_the_future(api):
    h = api.headers(api.user(name="alice"))
    res = api.post(ENTRIES, json={"start_time": ago(hours=1), "end_time": ago(hours=LATER)}, headers=h)
    body = assert_error(res, 400, "end_in_future")
    assert body["field"] == "end_time"
    # A clock a little fast is fine.
    assert entry(api, h, ago(hours=1), ago(minutes=-2))["duration_seconds"] > 3600


def test_an_edit_may_not_move_the_end_into_the_future(api, db):
    h = api.headers(api.user(name="alice"))
    made = entry(api, h, ago(hours=2), ago(hours=1))
    res = api.patch(f"{ENTRIES}/{made['id']}", json={"end_time": ago(hours=LATER)}, headers=h)
    assert_error(res, 400, "end_in_future")
    assert api.get(f"{ENTRIES}/{made['id']}", headers=h).json()["time_entry"]["end_time"] == made["end_time"]


def test_a_timer_may_neither_start_nor_stop_in_the_future(api):
    h = api.headers(api.user(name="alice"))
    res = api.post("/api/v1/timer/start", json={"start_time": ago(hours=LATER)}, headers=h)
    assert_error(res, 400, "start_in_future")
    assert api.post("/api/v1/timer/start", json={"start_time": ago(hours=1)}, headers=h).status_code == 201
    assert_error(
        api.post("/api/v1/timer/stop", json={"end_time": ago(hours=LATER)}, headers=h), 400, "end_in_future"
    )
    assert api.get("/api/v1/timer/status", headers=h).json()["active"] is True


def test_timetagger_records_in_the_future_fail_alone(api):
    _, tt = tt_user(api)
    now = int(time.time())
    late = now + GRACE_SECONDS + 120
    out = tt.push(
        record("past", now - 7200, now - 3600),
        record("future", now - 3600, late),
        record("runs-later", late, late),
        record("gone", now - 60, late, ds="HIDDEN x"),
    )
    assert sorted(out["accepted"]) == ["gone", "past"]
    assert sorted(out["failed"]) == ["future", "runs-later"]
    assert any("future" in e for e in out["errors"])


def test_imported_rows_in_the_future_are_rejected(api):
    manager = api.user("manager")
    future = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 86400))
    body = (
        '{"time_entries": [{"start_time": "2024-01-01T09:00:00Z", "end_time": "2024-01-01T10:00:00Z"},'
        f' {{"start_time": "2024-01-01T11:00:00Z", "end_time": "{future}"}}]}}'
    )
    out = api.post("/api/v1/imports", content=body.encode(), headers=api.headers(manager)).json()["import"]
    assert out["imported"] == 1
    assert [r["line"] for r in out["rejected"]] == [2]
    assert "future" in str(out["rejected"][0])
