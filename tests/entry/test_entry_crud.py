"""Time entries: create, read, update (PUT and PATCH alike) and delete, and how times are read."""

from __future__ import annotations

import re

import pytest

from tests.checks import assert_error, snapshot
from tests.entry.helpers import (
    ENTRIES,
    ENTRY_FIELDS,
    ago,
    count,
    entry,
    project,
    set_timezone,
    shift,
    task,
)

UTC_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


@pytest.fixture
def manager(api):
    return api.user("manager")


@pytest.fixture
def h(api, manager):
    return api.headers(manager)


def test_create_returns_the_envelope_with_every_field(api, manager, h):
    pid = project(api, h, "Website")
    tid = task(api, h, pid, "Design")
    res = api.post(
        ENTRIES,
        json={
            "project_id": pid,
            "task_id": tid,
            "start_time": "2024-01-15T10:00:00+01:00",
            "end_time": "2024-01-15T11:30:00+01:00",
            "notes": "Worked on feature X",
            "tags": "dev, #frontend,DEV",
            "billable": True,
        },
        headers=h,
    )
    assert res.status_code == 201, res.text
    body = res.json()
    assert set(body) == {"message", "time_entry"}
    assert body["message"] == "Time entry created successfully"
    e = body["time_entry"]
    assert set(e) == ENTRY_FIELDS
    assert (e["user_id"], e["user"]) == (manager.id, manager.username)
    assert (e["project_id"], e["project"], e["task_id"], e["task"]) == (pid, "Website", tid, "Design")
    assert (e["start_time"], e["end_time"]) == ("2024-01-15T09:00:00Z", "2024-01-15T10:30:00Z")
    assert (e["duration_seconds"], e["duration_hours"], e["duration_formatted"]) == (5400, 1.5, "01:30:00")
    assert (e["tags"], e["tag_list"]) == ("dev,frontend", ["dev", "frontend"])
    assert (e["notes"], e["source"], e["billable"], e["is_active"]) == (
        "Worked on feature X",
        "api",
        True,
        False,
    )
    assert UTC_Z.match(e["created_at"])
    assert UTC_Z.match(e["updated_at"])
    assert api.get(f"{ENTRIES}/{e['id']}", headers=h).json() == {"time_entry": e}


def test_an_entry_without_end_time_is_running(api, h):
    e = entry(api, h, ago(minutes=5), notes="still going")
    assert e["is_active"] is True
    assert e["end_time"] is None
    assert e["duration_seconds"] is None
    assert e["duration_hours"] is None
    assert e["duration_formatted"] is None


def test_a_running_entry_cannot_start_in_the_future(api, h):
    before = snapshot(api.db)
    assert_error(
        api.post(ENTRIES, json={"start_time": "2099-01-01T09:00:00Z"}, headers=h), 400, "start_in_future"
    )
    assert snapshot(api.db) == before


def test_naive_times_are_read_in_the_users_time_zone(api, manager, h):
    set_timezone(api, manager, "Europe/Amsterdam")
    summer = entry(api, h, "2024-07-01T09:00:00", "2024-07-01T10:00:00")
    winter = entry(api, h, "2024-01-15T09:00", "2024-01-15T09:45")
    explicit = entry(api, h, "2024-07-01T09:00:00Z", "2024-07-01T09:00:00-02:00")
    assert (summer["start_time"], summer["end_time"]) == ("2024-07-01T07:00:00Z", "2024-07-01T08:00:00Z")
    assert (winter["start_time"], winter["duration_seconds"]) == ("2024-01-15T08:00:00Z", 2700)
    assert (explicit["start_time"], explicit["end_time"]) == ("2024-07-01T09:00:00Z", "2024-07-01T11:00:00Z")


def test_billable_defaults_to_the_projects_flag(api, h):
    internal = project(api, h, "Internal", billable=False)
    assert (
        entry(api, h, "2024-01-01T09:00:00Z", "2024-01-01T10:00:00Z", project_id=internal)["billable"]
        is False
    )
    # Time on no project bills nobody unless said so.
    assert entry(api, h, "2024-01-02T09:00:00Z", "2024-01-02T10:00:00Z")["billable"] is False
    said = entry(api, h, "2024-01-02T11:00:00Z", "2024-01-02T12:00:00Z", billable=True)
    assert said["billable"] is True
    forced = entry(api, h, "2024-01-03T09:00:00Z", "2024-01-03T10:00:00Z", project_id=internal, billable=True)
    assert forced["billable"] is True


def test_a_task_implies_its_project(api, h):
    pid = project(api, h)
    e = entry(api, h, "2024-01-01T09:00:00Z", "2024-01-01T10:00:00Z", task_id=task(api, h, pid))
    assert e["project_id"] == pid


@pytest.mark.parametrize("method", ["put", "patch"])
def test_update_changes_only_the_fields_sent(api, h, method):
    pid = project(api, h)
    e = entry(api, h, "2024-01-01T09:00:00Z", "2024-01-01T10:00:00Z", project_id=pid, notes="a", tags="x,y")
    res = getattr(api, method)(f"{ENTRIES}/{e['id']}", json={"notes": "b"}, headers=h)
    assert res.status_code == 200, res.text
    assert res.json()["message"] == "Time entry updated successfully"
    updated = res.json()["time_entry"]
    assert updated["notes"] == "b"
    same = {k: v for k, v in updated.items() if k not in ("notes", "updated_at")}
    assert same == {k: v for k, v in e.items() if k not in ("notes", "updated_at")}
    assert api.get(f"{ENTRIES}/{e['id']}", headers=h).json()["time_entry"] == updated


def test_update_times_recomputes_the_duration(api, h):
    e = entry(api, h, "2024-01-01T09:00:00Z", "2024-01-01T10:00:00Z")
    res = api.patch(f"{ENTRIES}/{e['id']}", json={"end_time": "2024-01-01T12:15:30+01:00"}, headers=h)
    assert res.status_code == 200, res.text
    u = res.json()["time_entry"]
    assert (u["end_time"], u["duration_seconds"], u["duration_formatted"]) == (
        "2024-01-01T11:15:30Z",
        8130,
        "02:15:30",
    )
    u = api.patch(f"{ENTRIES}/{e['id']}", json={"start_time": "2024-01-01T11:00:00Z"}, headers=h).json()
    assert u["time_entry"]["duration_seconds"] == 930


def test_changing_the_project_drops_the_old_projects_task(api, h):
    a, b = project(api, h, "A"), project(api, h, "B")
    e = entry(api, h, "2024-01-01T09:00:00Z", "2024-01-01T10:00:00Z", task_id=task(api, h, a))
    u = api.patch(f"{ENTRIES}/{e['id']}", json={"project_id": b}, headers=h).json()["time_entry"]
    assert (u["project_id"], u["task_id"], u["task"]) == (b, None, None)
    tb = task(api, h, b, "B task")
    u = api.patch(f"{ENTRIES}/{e['id']}", json={"task_id": tb}, headers=h).json()["time_entry"]
    assert (u["project_id"], u["task_id"]) == (b, tb)
    u = api.patch(f"{ENTRIES}/{e['id']}", json={"project_id": None}, headers=h).json()["time_entry"]
    assert (u["project_id"], u["task_id"]) == (None, None)


def test_update_tags_replaces_them_and_null_clears_them(api, h):
    e = entry(api, h, "2024-01-01T09:00:00Z", "2024-01-01T10:00:00Z", tags=["a", "b"])
    u = api.patch(f"{ENTRIES}/{e['id']}", json={"tags": ["#c", "c", "d"]}, headers=h).json()["time_entry"]
    assert u["tag_list"] == ["c", "d"]
    u = api.patch(f"{ENTRIES}/{e['id']}", json={"tags": None}, headers=h).json()["time_entry"]
    assert (u["tags"], u["tag_list"]) == ("", [])


def test_setting_end_time_stops_a_running_entry_but_null_cannot_restart_one(api, h):
    e = entry(api, h, ago(hours=2))
    end = shift(e["start_time"], hours=1)
    u = api.patch(f"{ENTRIES}/{e['id']}", json={"end_time": end}, headers=h).json()["time_entry"]
    assert (u["is_active"], u["end_time"], u["duration_seconds"]) == (False, end, 3600)
    before = snapshot(api.db)
    assert_error(api.patch(f"{ENTRIES}/{e['id']}", json={"end_time": None}, headers=h), 400, "cannot_restart")
    assert snapshot(api.db) == before


def test_a_running_entry_cannot_be_moved_into_the_future(api, h):
    e = entry(api, h, ago(minutes=10))
    before = snapshot(api.db)
    res = api.patch(f"{ENTRIES}/{e['id']}", json={"start_time": "2099-01-01T00:00:00Z"}, headers=h)
    assert_error(res, 400, "start_in_future")
    assert snapshot(api.db) == before


def test_delete_removes_the_entry(api, h):
    keep = entry(api, h, "2024-01-01T09:00:00Z", "2024-01-01T10:00:00Z")
    gone = entry(api, h, "2024-01-02T09:00:00Z", "2024-01-02T10:00:00Z")
    res = api.delete(f"{ENTRIES}/{gone['id']}", headers=h)
    assert res.status_code == 200
    assert res.json() == {"message": "Time entry deleted successfully"}
    assert_error(api.get(f"{ENTRIES}/{gone['id']}", headers=h), 404, "not_found")
    assert_error(api.delete(f"{ENTRIES}/{gone['id']}", headers=h), 404, "not_found")
    assert count(api.db) == 1
    assert api.get(f"{ENTRIES}/{keep['id']}", headers=h).status_code == 200


def test_a_running_entry_can_be_deleted(api, manager, h):
    e = entry(api, h, ago(minutes=1))
    assert api.delete(f"{ENTRIES}/{e['id']}", headers=h).status_code == 200
    assert api.get("/api/v1/timer/status", headers=h).json() == {"active": False, "timer": None}
