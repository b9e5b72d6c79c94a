"""Database.read_hot (punchclock.hotread): plain SQL over bare driver connections."""

from __future__ import annotations

import asyncio
import threading

from sqlalchemy import text

from punchclock.hotread import Rows


def _count_users(rows: Rows) -> tuple[int, int, bool]:
    mark = ":n" if rows.paramstyle == "named" else "%(n)s"
    found = rows.all(f"SELECT COUNT(*) + {mark} FROM users", {"n": 1})
    return found[0][0], threading.get_ident(), rows.is_sqlite


def test_a_hot_read_answers_tuples(db):
    total, _, is_sqlite = asyncio.run(db.read_hot(_count_users))
    assert total == 1
    assert is_sqlite == db.is_sqlite


def test_on_sqlite_it_stays_on_the_event_loop_and_elsewhere_it_does_not(db):
    async def both() -> tuple[int, int]:
        _, thread, _ = await db.read_hot(_count_users)
        return thread, threading.get_ident()

    reader, caller = asyncio.run(both())
    assert (reader == caller) == db.is_sqlite


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
