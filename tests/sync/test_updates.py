"""updates?since=: the cursor, the strict 'st > since', forcereset, and a streamed whole history."""

from __future__ import annotations

import threading
import time

import orjson
import pytest

from punchclock.models import TimeEntry
from punchclock.sync import endpoints as sync_endpoints
from punchclock.sync import feed, feed_repository, service
from punchclock.sync.stamp import NO_STAMP_YET, stamp
from punchclock.user import service as user_service
from tests.sync.helpers import T0, record, tt_user


def test_a_new_user_gets_an_empty_answer_with_a_usable_cursor(api):
    _, tt = tt_user(api)
    got = tt.updates(0)
    assert got == {"server_time": NO_STAMP_YET, "reset": False, "records": [], "settings": []}
    assert got["server_time"]  # TimeTagger's client ignores an answer whose server_time is 0


def test_each_poll_returns_what_changed_since_the_last(api):
    _, tt = tt_user(api)
    tt.push(record("a"), record("b"))
    first = tt.updates(0)
    assert sorted(r["key"] for r in first["records"]) == ["a", "b"]
    assert all(r["st"] <= first["server_time"] for r in first["records"])
    assert tt.updates(first["server_time"])["records"] == []  # strictly greater: no repeats
    tt.push(record("c"))
    second = tt.updates(first["server_time"])
    assert [r["key"] for r in second["records"]] == ["c"]
    assert second["server_time"] > first["server_time"]


def test_stamps_are_unique_and_increase_even_within_one_clock_tick(api, monkeypatch):
    _, tt = tt_user(api)
    frozen = time.time()
    monkeypatch.setattr(time, "time", lambda: frozen)
    for key in "abc":
        tt.push(record(key, mt=1))
    stamps = [r["st"] for r in tt.updates(0)["records"]]
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == 3


def test_settings_sync_like_records(api):
    _, tt = tt_user(api)
    tt.put("settings", [{"key": "workdays", "value": 5, "mt": 10}])
    first = tt.updates(0)
    assert [(s["key"], s["value"]) for s in first["settings"]] == [("workdays", 5)]
    tt.put("settings", [{"key": "workdays", "value": 6, "mt": 11}])
    second = tt.updates(first["server_time"])
    assert [(s["key"], s["value"]) for s in second["settings"]] == [("workdays", 6)]
    assert second["records"] == []


def test_forcereset_makes_older_cursors_start_over_and_refuses_older_items(api):
    _, tt = tt_user(api)
    tt.push(record("a"))
    cursor = tt.updates(0)["server_time"]
    time.sleep(0.01)
    res = tt.put("forcereset", None)
    assert res.status_code == 200
    assert res.json() == {"status": "ok"}
    again = tt.updates(cursor)
    assert again["reset"] is True
    assert [r["key"] for r in again["records"]] == ["a"]
    after = tt.updates(again["server_time"])
    assert after["reset"] is False
    assert after["records"] == []
    # mt counts in whole seconds (as TimeTagger's server keeps it): an item of the reset's own
    # second counts as older than the reset, there as here.
    result = tt.push(record("old", mt=cursor - 100), record("new", mt=time.time() + 1))
    assert result["accepted"] == ["new"]
    assert result["failed"] == ["old"]
    assert "forcereset" in result["errors"][0]


def test_a_whole_history_streams_in_chunks(api, monkeypatch):
    monkeypatch.setattr(feed, "BATCH", 7)
    _, tt = tt_user(api)
    tt.push(*[record(f"k{i:04d}", t1=T0 + 4000 * i) for i in range(2500)])
    tt.put("settings", [{"key": "s", "value": [1, 2], "mt": 1}])
    res = tt.get("updates", params={"since": "0"})
    assert res.status_code == 200
    assert res.headers["content-type"] == "application/json"
    body = orjson.loads(res.content)
    assert len(body["records"]) == 2500
    assert len({r["key"] for r in body["records"]}) == 2500
    assert body["settings"][0]["value"] == [1, 2]
    stamps = [r["st"] for r in body["records"]]
    assert stamps == sorted(stamps)


@pytest.mark.parametrize("n", [1, 6, 7, 8, 14, 15])
def test_chunks_write_valid_json_at_every_batch_boundary(db, monkeypatch, n):
    monkeypatch.setattr(feed, "BATCH", 7)
    user = db.call(user_service.create, "chunky", "password123", "member")
    db.call(service.push_records, user.id, [record(f"n{i}") for i in range(n)])
    session = db.session(write=False)
    try:
        head = feed.start(session, user.id, 0.0)
        parsed = orjson.loads(b"".join(feed.chunks(session, head)))
    finally:
        session.close()
    assert sorted(r["key"] for r in parsed["records"]) == sorted(f"n{i}" for i in range(n))
    assert parsed["server_time"] == head.server_time
    assert parsed["reset"] is False


def test_since_zero_also_returns_rows_never_stamped(api):
    user, tt = tt_user(api)
    tt.push(record("stamped"))
    with api.db.session() as session:  # written by hand, outside the services: st stays 0
        session.add(TimeEntry(user_id=user.id, start_at=T0, end_at=T0 + 5, created_at=T0, updated_at=T0))
        session.commit()
    assert len(tt.updates(0)["records"]) == 2


def test_a_cursor_from_the_future_gets_nothing_and_the_real_cursor(api):
    _, tt = tt_user(api)
    tt.push(record("a"))
    real = tt.updates(0)["server_time"]
    got = tt.updates(real + 10_000)
    assert got["records"] == []
    assert got["server_time"] == real


@pytest.mark.parametrize("backwards", [True, False])
def test_stamps_never_go_back_when_the_clock_does(db, monkeypatch, backwards):
    user = db.call(user_service.create, "clock", "password123", "member")
    first = db.call(stamp, user.id)
    monkeypatch.setattr(time, "time", lambda: first - (3600 if backwards else 0))
    second = db.call(stamp, user.id)
    assert second > first
    assert second - first < 0.001


def _full_pull(db, user_id: int) -> dict:
    session = db.session(write=False)
    try:
        return orjson.loads(b"".join(feed.chunks(session, feed.start(session, user_id, 0.0))))
    finally:
        session.close()


@pytest.mark.parametrize("chunked", [True, False])
def test_the_whole_history_is_the_same_streamed_in_chunks_or_row_by_row(db, monkeypatch, chunked):
    """PostgreSQL streams the rows in chunks with libpq 17 and later, one by one before (the
    SQLite feed reads its cursor either way); both give every record once, stored or rendered."""
    monkeypatch.setattr(feed_repository, "CHUNKED_ROWS", chunked)
    monkeypatch.setattr(feed, "BATCH", 4)
    user = db.call(user_service.create, "streamer", "password123", "member")
    db.call(service.push_records, user.id, [record(f"s{i}", ds=f'r{i} #café \\ "q"') for i in range(9)])
    with db.engine.begin() as conn:  # two rows lose their stored record: they are rendered by id
        conn.execute(
            TimeEntry.__table__.update()
            .where(TimeEntry.sync_key.in_(["s2", "s7"]))
            .values(notes="edited", st=TimeEntry.st + 1)
        )
    pulled = {r["key"]: r for r in _full_pull(db, user.id)["records"]}
    assert sorted(pulled) == sorted(f"s{i}" for i in range(9))
    assert pulled["s0"]["ds"] == 'r0 #café \\ "q"'
    assert pulled["s2"]["ds"].startswith("edited")
    assert pulled["s7"]["ds"].startswith("edited")


def test_a_pull_abandoned_midway_leaves_every_connection_usable(db, monkeypatch):
    """A client that goes away mid-answer: the endpoint closes the chunks (which ends PostgreSQL's
    stream) before the session, and the connection goes back to the pool ready for the next one."""
    monkeypatch.setattr(feed, "BATCH", 3)
    user = db.call(user_service.create, "leaver", "password123", "member")
    db.call(service.push_records, user.id, [record(f"a{i}") for i in range(30)])
    for _ in range(7):  # more than the pool holds, so the abandoned connections are reused
        session = db.session(write=False)
        chunks = feed.chunks(session, feed.start(session, user.id, 0.0))
        assert next(chunks).startswith(b'{"server_time":')
        assert next(chunks)
        closing = threading.Thread(target=sync_endpoints._close, args=(chunks, session))
        closing.start()
        closing.join(timeout=30)
        assert not closing.is_alive(), "closing an abandoned pull hung"
    assert len(_full_pull(db, user.id)["records"]) == 30
    db.call(service.push_records, user.id, [record("after")])
    assert len(_full_pull(db, user.id)["records"]) == 31
