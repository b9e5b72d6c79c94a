"""Database.read_hot (punchclock.hotread): plain SQL over bare driver connections."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
from sqlalchemy import create_engine, make_url, text

from punchclock import hotread
from punchclock.errors import ServiceUnavailable
from punchclock.hotread import Rows


def _count_users(rows: Rows) -> tuple[int, int, bool]:
    mark = ":n" if rows.paramstyle == "named" else "%(n)s"
    found = rows.all(f"SELECT COUNT(*) + {mark} FROM users", {"n": 1})
    return found[0][0], threading.get_ident(), rows.is_sqlite


def test_a_hot_read_answers_tuples(db):
    total, _, is_sqlite = asyncio.run(db.read_hot(_count_users))
    assert total == 1
    assert is_sqlite == db.is_sqlite


def test_it_runs_on_the_event_loop_without_a_thread_hop(db):
    async def both() -> tuple[int, int]:
        _, thread, _ = await db.read_hot(_count_users)
        return thread, threading.get_ident()

    reader, caller = asyncio.run(both())
    assert reader == caller


def test_a_broken_postgresql_connection_is_replaced(db):
    if db.is_sqlite:
        return

    def backend(rows: Rows) -> int:
        return rows.all("SELECT pg_backend_pid()", {})[0][0]

    first = asyncio.run(db.read_hot(backend))
    with db.engine.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
    # The same thread's connection is dead now; the read still answers, on a new one.
    answers = {asyncio.run(db.read_hot(backend)) for _ in range(8)}
    assert first not in answers


def test_dispose_closes_the_hot_connections(db):
    asyncio.run(db.read_hot(_count_users))
    db.dispose()
    assert db._hot is None
    assert asyncio.run(db.read_hot(_count_users))[0] == 1  # and it starts again when needed


def _pg_only(db) -> None:
    if db.is_sqlite:
        pytest.skip("PostgreSQL's reader only")


def _sleep(rows: Rows, seconds: float) -> int:
    return rows.all("SELECT pg_backend_pid() FROM pg_sleep(%(s)s)", {"s": seconds})[0][0]


def test_postgresql_reads_wait_side_by_side_on_the_loop(db):
    """Twenty reads of 0.2 s each, over at most PG_CONNECTIONS connections: they overlap (one after
    the other they would take 4 s), and no more connections open than the reader may hold."""
    _pg_only(db)

    async def many() -> tuple[float, set[int]]:
        started = time.monotonic()
        pids = await asyncio.gather(*(db.read_hot(_sleep, 0.2) for _ in range(20)))
        return time.monotonic() - started, set(pids)

    elapsed, pids = asyncio.run(many())
    assert elapsed < 2.0
    assert len(pids) <= hotread.PG_CONNECTIONS


def test_a_postgresql_read_cut_short_leaves_no_busy_connection_behind(db):
    """A request cancelled mid-statement (its client went away): the statement is cancelled on the
    server (the 5 s sleep does not hold things up) and the reads after it answer normally."""
    _pg_only(db)

    async def cancelled_then_more() -> list[tuple[int, int, bool]]:
        slow = asyncio.ensure_future(db.read_hot(_sleep, 5))
        await asyncio.sleep(0.3)
        slow.cancel()
        with pytest.raises(asyncio.CancelledError):
            await slow
        return [await db.read_hot(_count_users) for _ in range(3)]

    started = time.monotonic()
    assert [total for total, _, _ in asyncio.run(cancelled_then_more())] == [1, 1, 1]
    assert time.monotonic() - started < 4


def test_postgresql_unreachable_answers_503_not_500(db):
    _pg_only(db)
    engine = create_engine(make_url(db.url).set(port=1))  # nothing listens there
    reader = hotread.PostgresReader(engine)
    with pytest.raises(ServiceUnavailable):
        asyncio.run(reader.run(_count_users))
    engine.dispose()
