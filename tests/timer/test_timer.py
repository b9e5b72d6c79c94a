"""The timer endpoints: status, start and stop, and how they meet POST /time-entries."""

from __future__ import annotations

import pytest

from tests.checks import assert_error, snapshot
from tests.entry.helpers import ENTRIES, ENTRY_FIELDS, ago, count, entry, project, running, shift, task

STATUS, START, STOP = "/api/v1/timer/status", "/api/v1/timer/start", "/api/v1/timer/stop"


def test_status_without_a_timer(api, h):
    res = api.get(STATUS, headers=h)
    assert res.status_code == 200
    assert res.json() == {"active": False, "timer": None}


def test_start_then_status_then_stop(api, user, h):
    started = api.post(START, headers=h)
    assert started.status_code == 201, started.text
    assert set(started.json()) == {"message", "timer"}
    assert started.json()["message"] == "Timer started successfully"
    timer = started.json()["timer"]
    assert set(timer) == ENTRY_FIELDS
    assert (timer["is_active"], timer["end_time"], timer["duration_seconds"], timer["source"]) == (
        True,
        None,
        None,
        "timer",
    )
    assert api.get(STATUS, headers=h).json() == {"active": True, "timer": timer}

    stopped = api.post(STOP, headers=h)
    assert stopped.status_code == 200, stopped.text
    assert set(stopped.json()) == {"message", "time_entry"}
    assert stopped.json()["message"] == "Timer stopped successfully"
    done = stopped.json()["time_entry"]
    assert done["id"] == timer["id"]
    assert done["is_active"] is False
    assert done["end_time"] is not None
    assert done["duration_seconds"] >= 1
    assert api.get(STATUS, headers=h).json() == {"active": False, "timer": None}
    assert running(api.db, user.id) == 0
    assert count(api.db) == 1


def test_start_carries_project_task_notes_and_tags(api, h):
    mh = api.headers(api.user("manager"))
    pid = project(api, mh, "Internal", billable=False)
    tid = task(api, mh, pid, "Support")
    body = {"task_id": tid, "notes": "on call", "tags": "ops, #night"}
    timer = api.post(START, json=body, headers=h).json()["timer"]
    assert (timer["project_id"], timer["project"], timer["task"]) == (pid, "Internal", "Support")
    assert (timer["notes"], timer["tag_list"], timer["billable"]) == ("on call", ["ops", "night"], False)


def test_a_second_start_is_409_and_keeps_one_timer(api, user, h):
    first = api.post(START, json={"notes": "first"}, headers=h).json()["timer"]
    before = snapshot(api.db)
    assert_error(api.post(START, json={"notes": "second"}, headers=h), 409, "timer_already_running")
    assert snapshot(api.db) == before
    assert running(api.db, user.id) == 1
    assert api.get(STATUS, headers=h).json()["timer"]["id"] == first["id"]


def test_each_user_has_their_own_timer(api, user, h):
    other = api.user("member")
    assert api.post(START, headers=h).status_code == 201
    assert api.post(START, headers=api.headers(other)).status_code == 201
    assert running(api.db, user.id) == 1
    assert running(api.db, other.id) == 1


def test_stop_without_a_timer_is_400(api, h):
    entry(api, h, "2024-01-15T09:00:00Z", "2024-01-15T10:00:00Z")
    before = snapshot(api.db)
    assert_error(api.post(STOP, headers=h), 400, "no_active_timer")
    assert snapshot(api.db) == before


def test_start_earlier_than_now(api, h):
    since = ago(hours=2)
    timer = api.post(START, json={"start_time": since}, headers=h).json()["timer"]
    assert timer["start_time"] == since
    done = api.post(STOP, headers=h).json()["time_entry"]
    assert 7200 <= done["duration_seconds"] <= 7260
    assert done["duration_hours"] == 2.0


def test_a_start_in_the_future_is_400(api, user, h):
    before = snapshot(api.db)
    for when in ("2099-01-01T00:00:00Z", ago(minutes=-10)):
        assert_error(api.post(START, json={"start_time": when}, headers=h), 400, "start_in_future")
    assert snapshot(api.db) == before
    assert api.get(STATUS, headers=h).json()["active"] is False


def test_stop_at_a_given_end_time(api, h):
    since = ago(hours=3)
    api.post(START, json={"start_time": since}, headers=h)
    end = shift(since, hours=2)
    done = api.post(STOP, json={"end_time": end}, headers=h).json()["time_entry"]
    assert done["end_time"] == end
    assert done["duration_seconds"] == 7200


def test_stop_before_the_start_is_400_and_the_timer_keeps_running(api, user, h):
    api.post(START, json={"start_time": ago(hours=1)}, headers=h)
    before = snapshot(api.db)
    for end in (ago(hours=2), "2024-01-01T00:00:00Z"):
        assert_error(api.post(STOP, json={"end_time": end}, headers=h), 400, "end_before_start")
    assert snapshot(api.db) == before
    assert running(api.db, user.id) == 1


@pytest.mark.parametrize(
    ("url", "body"),
    [
        (START, {"project_id": 999_999}),
        (START, {"start_time": "nan"}),
        (START, {"start_time": "1800-01-01T00:00:00Z"}),
        (START, {"notes": "x" * 10_001}),
        (START, {"tags": "a b"}),
        (START, {"end_time": "2024-01-01T00:00:00Z"}),
        (START, {"user_id": 1}),
        (STOP, {"end_time": "3000-01-01T00:00:00Z"}),
        (STOP, {"end_time": ""}),
        (STOP, {"notes": "extra"}),
    ],
)
def test_bad_timer_input_is_400_and_changes_nothing(api, h, url, body):
    if url == STOP:
        api.post(START, json={"start_time": ago(hours=1)}, headers=h)
    before = snapshot(api.db)
    assert_error(api.post(url, json=body, headers=h), 400)
    assert snapshot(api.db) == before


def test_an_entry_without_end_time_conflicts_with_a_running_timer(api, user, h):
    api.post(START, headers=h)
    before = snapshot(api.db)
    refused = api.post(ENTRIES, json={"start_time": ago(hours=3)}, headers=h)
    assert_error(refused, 409, "timer_already_running")
    assert snapshot(api.db) == before
    finished = api.post(ENTRIES, json={"start_time": ago(hours=3), "end_time": ago(hours=2)}, headers=h)
    assert finished.status_code == 201
    assert running(api.db, user.id) == 1


def test_a_running_entry_made_by_post_is_the_timer(api, h):
    made = entry(api, h, ago(minutes=30))
    assert api.get(STATUS, headers=h).json()["timer"]["id"] == made["id"]
    assert_error(api.post(START, headers=h), 409, "timer_already_running")
    assert api.post(STOP, headers=h).json()["time_entry"]["id"] == made["id"]


def test_a_stopped_timer_is_listed_and_a_running_one_only_with_include_active(api, h):
    timer = api.post(START, headers=h).json()["timer"]
    assert api.get(ENTRIES, headers=h).json()["time_entries"] == []
    assert [e["id"] for e in api.get(f"{ENTRIES}?include_active=true", headers=h).json()["time_entries"]] == [
        timer["id"]
    ]
    api.post(STOP, headers=h)
    assert [e["id"] for e in api.get(ENTRIES, headers=h).json()["time_entries"]] == [timer["id"]]


def test_a_manager_starting_a_timer_starts_their_own(api, user):
    manager = api.user("manager")
    api.post(START, headers=api.headers(manager))
    assert running(api.db, manager.id) == 1
    assert running(api.db, user.id) == 0


def test_start_and_stop_answer_the_entry_as_a_read_shows_it(api, h):
    # The writes return their row themselves (RETURNING), names of user, project and task included.
    mh = api.headers(api.user("manager"))
    pid = project(api, mh, "Internal", billable=False)
    tid = task(api, mh, pid, "Support")
    timer = api.post(START, json={"task_id": tid, "notes": "n", "tags": "a,b"}, headers=h).json()["timer"]
    assert api.get(f"{ENTRIES}/{timer['id']}", headers=h).json()["time_entry"] == timer
    done = api.post(STOP, headers=h).json()["time_entry"]
    assert api.get(f"{ENTRIES}/{timer['id']}", headers=h).json()["time_entry"] == done
    assert (done["project"], done["task"], done["user"]) == ("Internal", "Support", timer["user"])


def test_a_timer_stopped_before_its_start_second_lasts_one_second(api, h):
    # A start a few seconds ahead (within the grace for clock skew) is stopped "now", before it.
    timer = api.post(START, json={"start_time": shift(ago(), seconds=20)}, headers=h).json()["timer"]
    done = api.post(STOP, headers=h).json()["time_entry"]
    assert done["duration_seconds"] == 1
    assert done["end_time"] == shift(timer["start_time"], seconds=1)
