"""One running timer per user, though TimeTagger clients may push several (see sync/merge.py)."""

from __future__ import annotations

from tests.entry.helpers import ENTRIES, running
from tests.sync.helpers import T0, record, tt_user


def runs(tt) -> list[str]:
    return [r["key"] for r in tt.records(running="1")]


def test_a_second_running_record_stops_the_first_at_its_start(api):
    user, tt = tt_user(api)
    tt.push(record("first", t1=T0, t2=T0, mt=100))
    assert tt.push(record("second", t1=T0 + 600, t2=T0 + 600, mt=101))["accepted"] == ["second"]
    got = tt.by_key()
    assert (got["first"]["t1"], got["first"]["t2"]) == (T0, T0 + 600)
    assert got["first"]["mt"] > 100  # bumped: the stop is newer than any copy a client holds
    assert runs(tt) == ["second"]
    assert running(api.db, user.id) == 1


def test_a_stale_copy_of_the_stopped_record_cannot_restart_it(api):
    _, tt = tt_user(api)
    tt.push(record("first", t1=T0, t2=T0, mt=100))
    tt.push(record("second", t1=T0 + 600, t2=T0 + 600, mt=101))
    tt.push(record("first", t1=T0, t2=T0, mt=100))  # another device, not yet synced
    assert runs(tt) == ["second"]
    assert tt.by_key()["first"]["t2"] == T0 + 600


def test_an_older_running_record_is_stored_stopped_where_the_running_one_starts(api):
    _, tt = tt_user(api)
    tt.push(record("current", t1=T0 + 600, t2=T0 + 600))
    tt.push(record("late", t1=T0, t2=T0))
    got = tt.by_key()
    assert (got["late"]["t1"], got["late"]["t2"]) == (T0, T0 + 600)
    assert runs(tt) == ["current"]


def test_the_clis_start_stops_and_starts_in_one_push(api):
    # timetagger-cli `start`: fetch running records, set their t2 = now, push them with the new one.
    _user, tt = tt_user(api)
    tt.push(record("old", t1=T0, t2=T0, mt=100))
    (old,) = tt.records(running="1")
    result = tt.push({**old, "t2": T0 + 900}, record("new", t1=T0 + 900, t2=T0 + 900, mt=200))
    assert sorted(result["accepted"]) == ["new", "old"]
    got = tt.by_key()
    assert got["old"]["t2"] == T0 + 900
    assert got["old"]["mt"] == 100
    assert runs(tt) == ["new"]


def test_many_running_records_in_one_push_leave_the_latest(api):
    user, tt = tt_user(api)
    result = tt.push(*[record(f"r{i}", t1=T0 + 60 * i, t2=T0 + 60 * i) for i in (3, 1, 4, 2)])
    assert sorted(result["accepted"]) == ["r1", "r2", "r3", "r4"]
    got = tt.by_key()
    assert [got[f"r{i}"]["t2"] for i in (1, 2, 3)] == [T0 + 120, T0 + 180, T0 + 240]
    assert runs(tt) == ["r4"]
    assert running(api.db, user.id) == 1


def test_a_pushed_running_record_stops_the_rest_timer(api):
    user, tt = tt_user(api)
    h = api.headers(user)
    timer = api.post("/api/v1/timer/start", json={"start_time": "2023-11-14T22:00:00Z"}, headers=h).json()[
        "timer"
    ]
    tt.push(record("tt", t1=T0, t2=T0))
    stopped = api.get(f"{ENTRIES}/{timer['id']}", headers=h).json()["time_entry"]
    assert stopped["end_time"] == "2023-11-14T22:13:20Z"
    assert api.get("/api/v1/timer/status", headers=h).json()["timer"]["notes"] == ""
    res = api.post("/api/v1/timer/start", json={}, headers=h)
    assert res.status_code == 409
    assert res.json()["code"] == "timer_already_running"


def test_hiding_the_running_record_stops_it(api):
    user, tt = tt_user(api)
    tt.push(record("r", t1=T0, t2=T0, mt=100))
    tt.push(record("r", t1=T0, t2=T0, ds="HIDDEN", mt=101))
    (rec,) = tt.records(hidden="1")
    assert rec["t2"] > rec["t1"]
    assert runs(tt) == []
    assert running(api.db, user.id) == 0
    assert api.post("/api/v1/timer/start", json={}, headers=api.headers(user)).status_code == 201


def test_a_running_record_that_stops_and_restarts(api):
    _user, tt = tt_user(api)
    tt.push(record("r", t1=T0, t2=T0, mt=100))
    tt.push(record("r", t1=T0, t2=T0 + 60, mt=101))
    assert runs(tt) == []
    tt.push(record("r", t1=T0 + 120, t2=T0 + 120, mt=102))  # edited back to running
    assert runs(tt) == ["r"]
