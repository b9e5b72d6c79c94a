"""Pausing and resuming the timer (TimeTracker's timer/pause and timer/resume), and the break it
leaves: never counted as worked time, in the entry, reports, exports, budgets and the TimeTagger view."""

from __future__ import annotations

import csv
import io
import time

import pytest

from punchclock.kit.timeutil import iso
from tests.auth.helpers import execute, rows
from tests.checks import assert_error
from tests.entry.helpers import ENTRIES, project
from tests.report.helpers import report
from tests.sync.helpers import Tt

TIMER = "/api/v1/timer"
T0 = 1_704_096_000  # 2024-01-01T08:00:00Z


def pause_started(api, user, minutes_ago: int) -> None:
    """Move the running entry's pause into the past (as if paused ``minutes_ago``)."""
    execute(
        api.db,
        "UPDATE time_entries SET paused_at = :p WHERE user_id = :u AND end_at IS NULL",
        p=int(time.time()) - minutes_ago * 60,
        u=user.id,
    )


def test_pause_then_resume_moves_the_pause_into_the_break(api, user, h):
    api.post(TIMER + "/start", json={"notes": "x", "start_time": iso(int(time.time()) - 3600)}, headers=h)
    paused = api.post(TIMER + "/pause", headers=h)
    assert paused.status_code == 200, paused.text
    assert paused.json()["message"] == "Timer paused"
    entry = paused.json()["time_entry"]
    assert entry["paused_at"] is not None
    assert (entry["is_active"], entry["break_seconds"]) == (True, 0)
    status = api.get(TIMER + "/status", headers=h).json()
    assert status["active"] is True
    assert status["timer"]["paused_at"] == entry["paused_at"]
    assert_error(api.post(TIMER + "/pause", headers=h), 400, "invalid_state")
    pause_started(api, user, 10)
    resumed = api.post(TIMER + "/resume", headers=h)
    assert resumed.status_code == 200, resumed.text
    entry = resumed.json()["time_entry"]
    assert entry["paused_at"] is None
    assert 599 <= entry["break_seconds"] <= 602
    assert_error(api.post(TIMER + "/resume", headers=h), 400, "invalid_state")
    stopped = api.post(TIMER + "/stop", headers=h).json()["time_entry"]
    span = int(time.time()) - (int(time.time()) - 3600)
    assert abs(stopped["duration_seconds"] - (span - entry["break_seconds"])) <= 3


def test_without_a_timer_both_answer_no_active_timer(api, h):
    assert_error(api.post(TIMER + "/pause", headers=h), 400, "no_active_timer")
    assert_error(api.post(TIMER + "/resume", headers=h), 400, "no_active_timer")


def test_pause_and_resume_need_the_write_scope(api, user):
    api.post(TIMER + "/start", headers=api.headers(user))
    reader = api.headers(user, ["read:time_entries"])
    assert api.post(TIMER + "/pause", headers=reader).status_code == 403
    assert api.post(TIMER + "/pause").status_code == 401
    assert rows(api.db, "SELECT paused_at FROM time_entries")[0]["paused_at"] is None


def test_stopping_a_paused_timer_ends_it_when_it_was_paused(api, user, h):
    start = int(time.time()) - 3600
    api.post(TIMER + "/start", json={"start_time": iso(start)}, headers=h)
    api.post(TIMER + "/pause", headers=h)
    pause_started(api, user, 20)
    paused_at = int(time.time()) - 20 * 60
    entry = api.post(TIMER + "/stop", headers=h).json()["time_entry"]
    assert abs(entry["duration_seconds"] - (paused_at - start)) <= 2
    assert entry["paused_at"] is None
    # The same through PATCH with an end after the pause, and through a TimeTagger push.
    api.post(TIMER + "/start", json={"start_time": iso(start + 3000)}, headers=h)
    api.post(TIMER + "/pause", headers=h)
    pause_started(api, user, 5)
    running = api.get(TIMER + "/status", headers=h).json()["timer"]
    patched = api.patch(f"{ENTRIES}/{running['id']}", json={"end_time": iso(int(time.time()))}, headers=h)
    assert patched.status_code == 200, patched.text
    assert patched.json()["time_entry"]["end_time"] == running["paused_at"]


def test_a_break_is_never_worked_time(api, user, h):
    pid = project(api, api.headers(api.user("admin")), "Site", hourly_rate=100, estimated_hours=10)
    body = {"project_id": pid, "start_time": iso(T0), "end_time": iso(T0 + 7200), "break_seconds": 1800}
    made = api.post(ENTRIES, json=body, headers=h)
    assert made.status_code == 201, made.text
    entry = made.json()["time_entry"]
    assert (entry["duration_seconds"], entry["break_seconds"], entry["duration_hours"]) == (5400, 1800, 1.5)
    summary = api.get("/api/v1/reports/summary?start_date=2024-01-01&end_date=2024-01-01", headers=h).json()
    assert summary["summary"]["total_hours"] == 1.5
    grouped = report(api, h, "start_date=2024-01-01&end_date=2024-01-07")
    assert grouped["totals"]["seconds"] == 5400
    assert grouped["totals"]["amount"] == 150.0
    rounded = report(api, h, "start_date=2024-01-01&end_date=2024-01-07&group_by=day&rounding=up&round_to=15")
    assert rounded["totals"]["seconds"] == 5400
    export = api.get(
        "/api/v1/exports/time-entries?format=csv&start_date=2024-01-01&end_date=2024-01-01", headers=h
    )
    row = next(csv.DictReader(io.StringIO(export.text)))
    assert (row["duration_seconds"], row["break_seconds"], row["amount"]) == ("5400", "1800", "150.0")
    admin = api.headers(api.user("admin"))
    budget = api.get(f"/api/v1/reports/budgets?project_ids={pid}", headers=admin).json()["budgets"][0]
    assert budget["used_hours"] == 1.5


def test_an_entry_cut_at_midnight_loses_its_break_in_proportion(api, h):
    # 22:00-02:00 UTC with an hour's break: three hours worked, split 2:2 by midnight.
    body = {"start_time": iso(T0 + 14 * 3600), "end_time": iso(T0 + 18 * 3600), "break_seconds": 3600}
    assert api.post(ENTRIES, json=body, headers=h).status_code == 201
    days = report(api, h, "start_date=2024-01-01&end_date=2024-01-02&group_by=day")["groups"]
    assert [g["seconds"] for g in days] == [5400, 5400]
    one_day = api.get("/api/v1/reports/summary?start_date=2024-01-01&end_date=2024-01-01", headers=h).json()
    assert one_day["summary"]["total_hours"] == 1.5


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"start_time": iso(T0), "end_time": iso(T0 + 600), "break_seconds": 600}, "break_too_long"),
        ({"start_time": iso(T0), "end_time": iso(T0 + 600), "break_seconds": -1}, "validation_error"),
        ({"start_time": iso(T0), "end_time": iso(T0 + 600), "break_seconds": "60"}, "validation_error"),
    ],
)
def test_a_break_that_does_not_fit_is_refused(api, h, body, code):
    assert_error(api.post(ENTRIES, json=body, headers=h), 400, code)
    assert rows(api.db, "SELECT id FROM time_entries") == []


def test_editing_the_break(api, h):
    made = api.post(ENTRIES, json={"start_time": iso(T0), "end_time": iso(T0 + 3600)}, headers=h).json()
    url = f"{ENTRIES}/{made['time_entry']['id']}"
    assert (
        api.patch(url, json={"break_seconds": 900}, headers=h).json()["time_entry"]["duration_seconds"]
        == 2700
    )
    assert_error(api.patch(url, json={"break_seconds": 3600}, headers=h), 400, "break_too_long")
    assert_error(api.patch(url, json={"end_time": iso(T0 + 900)}, headers=h), 400, "break_too_long")
    assert api.get(url, headers=h).json()["time_entry"]["break_seconds"] == 900


def test_timetagger_sees_a_break_as_a_later_start_and_pushing_back_keeps_it(api, user, h):
    body = {"start_time": iso(T0), "end_time": iso(T0 + 7200), "break_seconds": 1800, "notes": "work"}
    entry = api.post(ENTRIES, json=body, headers=h).json()["time_entry"]
    tt = Tt(api, h["Authorization"].split()[1])
    (rec,) = tt.get("updates?since=0").json()["records"]
    assert (rec["t1"], rec["t2"]) == (T0 + 1800, T0 + 7200)  # the worked length, true end
    # The same record pushed back changes nothing; a moved end keeps the break.
    rec2 = {**rec, "mt": rec["mt"] + 1}
    assert tt.put("records", [rec2]).json()["accepted"] == [rec["key"]]
    again = api.get(f"{ENTRIES}/{entry['id']}", headers=h).json()["time_entry"]
    assert (again["start_time"], again["end_time"], again["break_seconds"]) == (
        entry["start_time"], entry["end_time"], 1800,
    )  # fmt: skip
    rec3 = {**rec, "t2": T0 + 9000, "mt": rec["mt"] + 2}
    tt.put("records", [rec3])
    moved = api.get(f"{ENTRIES}/{entry['id']}", headers=h).json()["time_entry"]
    assert (moved["start_time"], moved["duration_seconds"], moved["break_seconds"]) == (iso(T0), 7200, 1800)


def test_a_timetagger_push_that_stops_a_paused_timer_ends_it_at_the_pause(api, user, h):
    start = int(time.time()) - 3600
    api.post(TIMER + "/start", json={"start_time": iso(start), "notes": "x"}, headers=h)
    api.post(TIMER + "/pause", headers=h)
    pause_started(api, user, 30)
    tt = Tt(api, h["Authorization"].split()[1])
    (rec,) = tt.get("updates?since=0").json()["records"]
    assert rec["t1"] == rec["t2"] == start  # running, as TimeTagger knows it
    stop = {**rec, "t2": int(time.time()), "mt": int(time.time()) + 1}
    assert tt.put("records", [stop]).json()["accepted"] == [rec["key"]]
    ended = api.get(f"{ENTRIES}?include_active=true", headers=h).json()["time_entries"][0]
    assert ended["paused_at"] is None
    assert abs(ended["duration_seconds"] - 1800) <= 2
