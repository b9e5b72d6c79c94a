"""TimeTracker's attendance and workday routes as its desktop and mobile apps read them: the
``{"success", "message", "data"}`` wrapper, every key the apps read, each ``error_code``, the lock's
409, and 403 module_disabled while the workspace switch is off."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.approval.helpers import approved_week
from tests.checks import assert_error, snapshot
from tests.conftest import Api

V1 = "/api/v1"
SESSION_KEYS = {
    "id", "user_id", "start_time", "end_time", "duration_seconds", "duration_formatted",
    "current_duration_seconds", "notes", "auto_closed", "source", "is_active",
}  # fmt: skip
PERIOD_KEYS = {
    "id", "attendance_day_id", "user_id", "start_time", "end_time", "duration_seconds", "source",
    "auto_closed", "notes", "is_active", "workday_session_id",
}  # fmt: skip
BREAK_KEYS = {
    "id", "attendance_day_id", "work_period_id", "user_id", "start_time", "end_time", "duration_seconds",
    "break_type", "is_active",
}  # fmt: skip
DAY_KEYS = {
    "id", "user_id", "work_date", "status", "time_off_request_id", "leave_type_id", "leave_type_name",
    "total_work_seconds", "total_break_seconds", "total_work_hours", "total_break_hours", "locked_at",
    "locked_by", "is_locked", "timesheet_period_id", "compliance_notes", "created_at", "updated_at",
    "work_periods", "breaks",
    "date", "hours", "total_hours",  # the names TimeTracker's mobile app reads in history records
}  # fmt: skip
ROUTES = [
    ("get", "/attendance/status"),
    ("get", "/attendance/history"),
    ("post", "/attendance/break/start"),
    ("post", "/attendance/break/end"),
    ("get", "/workday/status"),
    ("post", "/workday/start"),
    ("post", "/workday/end"),
]


def switch(api: Api, admin: dict[str, str], on: bool) -> None:
    res = api.put(f"{V1}/worktime/settings", json={"attendance": on}, headers=admin)
    assert res.status_code == 200, res.text
    assert res.json()["attendance"] is on


@pytest.fixture
def people(api: Api) -> tuple[dict[str, str], dict[str, str], object]:
    admin = api.headers(api.user("admin"))
    member = api.user("member")
    switch(api, admin, True)
    return admin, api.headers(member), member


def ok(res) -> dict:
    assert res.status_code == 200, res.text
    body = res.json()
    assert body["success"] is True
    return body


def refused(res, code: str, status: int = 400) -> dict:
    body = assert_error(res, status, code)
    assert body["success"] is False
    assert body["error_code"] == code
    return body


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_every_route_is_module_disabled_while_the_switch_is_off(api: Api, db, method: str, path: str) -> None:
    admin = api.headers(api.user("admin"))
    member = api.headers(api.user("member"))
    before = snapshot(db)
    body = refused(getattr(api, method)(V1 + path, headers=member), "module_disabled", 403)
    assert body["error"] == "module_disabled"
    assert snapshot(db) == before
    switch(api, admin, True)
    assert getattr(api, method)(V1 + path, headers=member).status_code != 403
    switch(api, admin, False)
    refused(getattr(api, method)(V1 + path, headers=member), "module_disabled", 403)


def test_corrections_stay_module_disabled_when_attendance_is_on(api: Api, people) -> None:
    _, mh, _ = people
    refused(
        api.post(f"{V1}/attendance/corrections", json={"reason": "x"}, headers=mh), "module_disabled", 403
    )


def test_status_before_clocking_in(api: Api, people) -> None:
    _, mh, member = people
    data = ok(api.get(f"{V1}/attendance/status", headers=mh))["data"]
    assert data["work_active"] is False
    assert data["break_active"] is False
    assert data["work_period"] is None
    assert data["break"] is None
    today = data["today"]
    assert set(today) == DAY_KEYS
    assert today["status"] == "absent"
    assert today["user_id"] == member.id
    assert today["work_date"] == today["date"]
    assert today["id"] == (date.fromisoformat(today["work_date"]) - date(1970, 1, 1)).days
    assert (today["total_work_seconds"], today["total_break_seconds"]) == (0, 0)
    assert today["work_periods"] == []
    assert today["breaks"] == []
    workday = ok(api.get(f"{V1}/workday/status", headers=mh))["data"]
    assert workday == {"active": False, "session": None}


def test_a_day_of_work_in_the_shapes_the_apps_read(api: Api, people) -> None:
    _, mh, member = people
    started = ok(api.post(f"{V1}/workday/start", json={"notes": "", "source": "desktop"}, headers=mh))
    assert started["message"] == "Workday started"
    session = started["data"]["session"]
    assert set(session) == SESSION_KEYS
    assert session["is_active"] is True
    assert session["end_time"] is None
    assert session["source"] == "workday"
    assert session["user_id"] == member.id
    # The workday is a timer without a project: the entry list and the timer show it.
    timer = api.get(f"{V1}/timer/status", headers=mh).json()
    assert timer["active"] is True
    assert timer["timer"]["id"] == session["id"]
    assert timer["timer"]["project_id"] is None

    data = ok(api.get(f"{V1}/attendance/status", headers=mh))["data"]
    assert (data["work_active"], data["break_active"], data["break"]) == (True, False, None)
    assert set(data["work_period"]) == PERIOD_KEYS
    assert data["work_period"]["id"] == session["id"] == data["work_period"]["workday_session_id"]
    assert data["work_period"]["attendance_day_id"] == data["today"]["id"]
    assert data["today"]["work_periods"] == [data["work_period"]]
    assert data["today"]["status"] == "present"  # worked, and no work model asks for more

    brk = ok(api.post(f"{V1}/attendance/break/start", json={"break_type": "meal"}, headers=mh))
    assert brk["message"] == "Break started"
    assert set(brk["data"]["break"]) == BREAK_KEYS
    assert brk["data"]["break"]["break_type"] == "meal"
    assert brk["data"]["break"]["is_active"] is True
    assert brk["data"]["break"]["work_period_id"] == session["id"]
    data = ok(api.get(f"{V1}/attendance/status", headers=mh))["data"]
    assert (data["work_active"], data["break_active"]) == (True, True)
    assert set(data["break"]) == BREAK_KEYS
    assert data["today"]["breaks"] == [data["break"]]

    ended = ok(api.post(f"{V1}/attendance/break/end", headers=mh))  # no body, as the apps send it
    assert ended["message"] == "Break ended"
    assert ended["data"]["break"]["is_active"] is False
    assert ended["data"]["break"]["end_time"] is not None
    assert ended["data"]["break"]["start_time"] == brk["data"]["break"]["start_time"]
    assert ok(api.get(f"{V1}/attendance/status", headers=mh))["data"]["break_active"] is False

    workday = ok(api.get(f"{V1}/workday/status", headers=mh))["data"]
    assert workday["active"] is True
    assert set(workday["session"]) == SESSION_KEYS

    done = ok(api.post(f"{V1}/workday/end", json={"notes": "Done"}, headers=mh))
    assert done["message"] == "Workday ended"
    assert done["data"]["session"]["is_active"] is False
    assert done["data"]["session"]["notes"] == "Done"
    data = ok(api.get(f"{V1}/attendance/status", headers=mh))["data"]
    assert (data["work_active"], data["work_period"]) == (False, None)
    assert data["today"]["work_periods"][0]["is_active"] is False


def test_history_records(api: Api, people) -> None:
    admin, mh, _ = people
    yesterday = datetime.now(UTC).date() - timedelta(days=1)
    entry = {
        "start_time": f"{yesterday}T09:00:00Z",
        "end_time": f"{yesterday}T12:00:00Z",
        "break_seconds": 1800,
    }
    assert api.post(f"{V1}/time-entries", json=entry, headers=mh).status_code == 201
    data = ok(api.get(f"{V1}/attendance/history?days=30", headers=mh))["data"]
    assert data["end_date"] == datetime.now(UTC).date().isoformat()
    assert data["start_date"] == (datetime.now(UTC).date() - timedelta(days=30)).isoformat()
    [record] = data["records"]  # days without time are left out
    assert set(record) == DAY_KEYS
    assert record["work_date"] == record["date"] == yesterday.isoformat()
    assert record["status"] == "present"
    assert record["total_work_seconds"] == 9000
    assert record["total_break_seconds"] == 1800
    assert record["total_work_hours"] == record["hours"] == record["total_hours"] == 2.5
    assert len(record["work_periods"]) == 1
    assert record["is_locked"] is False
    today = datetime.now(UTC).date().isoformat()
    assert api.put(f"{V1}/signoff", json={"lock_date": today}, headers=admin).status_code == 200
    [record] = ok(api.get(f"{V1}/attendance/history?days=30", headers=mh))["data"]["records"]
    assert record["is_locked"] is True  # before the lock date
    assert api.put(f"{V1}/signoff", json={"lock_date": None}, headers=admin).status_code == 200
    [record] = ok(api.get(f"{V1}/attendance/history?days=30", headers=mh))["data"]["records"]
    assert ok(api.get(f"{V1}/attendance/history?days=1", headers=mh))["data"]["records"] == [record]
    assert_error(api.get(f"{V1}/attendance/history?days=0", headers=mh), 400)
    assert_error(api.get(f"{V1}/attendance/history?days=367", headers=mh), 400)


def test_each_refusal_has_timetrackers_error_code(api: Api, people, db) -> None:
    _, mh, _ = people
    before = snapshot(db)
    refused(api.post(f"{V1}/workday/end", json={"notes": ""}, headers=mh), "no_active_workday")
    refused(
        api.post(f"{V1}/attendance/break/start", json={"break_type": "rest"}, headers=mh), "no_active_workday"
    )
    refused(api.post(f"{V1}/attendance/break/end", headers=mh), "no_active_break")
    assert snapshot(db) == before
    ok(api.post(f"{V1}/workday/start", json={"source": "mobile"}, headers=mh))
    refused(api.post(f"{V1}/workday/start", json={}, headers=mh), "workday_already_active")
    refused(api.post(f"{V1}/attendance/break/end", headers=mh), "no_active_break")
    ok(api.post(f"{V1}/attendance/break/start", headers=mh))
    refused(api.post(f"{V1}/attendance/break/start", headers=mh), "break_already_active")
    refused(api.post(f"{V1}/workday/start", headers=mh), "workday_already_active")  # on a break too
    assert_error(api.post(f"{V1}/attendance/break/start", json={"break_type": "nap"}, headers=mh), 400)
    ok(api.post(f"{V1}/workday/end", headers=mh))  # ends on a break: at the break's start


def test_a_project_timer_counts_as_being_at_work(api: Api, people) -> None:
    admin, mh, _ = people
    project = api.post(f"{V1}/projects", json={"name": "Site"}, headers=admin).json()["project"]["id"]
    assert api.post(f"{V1}/timer/start", json={"project_id": project}, headers=mh).status_code == 201
    refused(api.post(f"{V1}/workday/start", headers=mh), "workday_already_active")
    data = ok(api.get(f"{V1}/attendance/status", headers=mh))["data"]
    assert data["work_active"] is True
    assert data["work_period"]["source"] == "timer"


def test_a_locked_day_is_409_period_locked(api: Api, people, db) -> None:
    admin, mh, _ = people
    today = ok(api.get(f"{V1}/attendance/status", headers=mh))["data"]["today"]
    assert (today["is_locked"], today["timesheet_period_id"]) == (False, None)
    period = approved_week(api, mh, admin, datetime.now(UTC).date())  # this week, signed off
    before = snapshot(db)
    body = assert_error(api.post(f"{V1}/workday/start", json={}, headers=mh), 409, "period_locked")
    assert body["success"] is False
    assert snapshot(db) == before
    today = ok(api.get(f"{V1}/attendance/status", headers=mh))["data"]["today"]
    assert (today["is_locked"], today["timesheet_period_id"]) == (True, period["id"])


def test_clocking_in_and_out_is_an_entry_with_history_and_events(api: Api, people) -> None:
    _, mh, _ = people
    session = ok(api.post(f"{V1}/workday/start", headers=mh))["data"]["session"]
    ok(api.post(f"{V1}/attendance/break/start", headers=mh))
    ok(api.post(f"{V1}/attendance/break/end", headers=mh))
    ok(api.post(f"{V1}/workday/end", headers=mh))
    entry = api.get(f"{V1}/time-entries/{session['id']}", headers=mh).json()["time_entry"]
    assert entry["source"] == "workday"
    assert entry["project_id"] is None
    assert entry["end_time"]
    versions = api.get(f"{V1}/time-entries/{session['id']}/history", headers=mh).json()["versions"]
    assert len(versions) == 4  # started, paused, resumed, stopped


def test_the_web_app_learns_the_switch_from_startup(api: Api) -> None:
    admin = api.headers(api.user("admin"))
    member = api.headers(api.user("member"))
    assert api.get(f"{V1}/startup", headers=member).json()["attendance"] is False
    switch(api, admin, True)
    assert api.get(f"{V1}/startup", headers=member).json()["attendance"] is True
