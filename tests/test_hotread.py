"""Database.read_hot (punchclock.hotread): plain SQL over bare driver connections."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.engine import Engine

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


def test_dispose_closes_the_hot_connections(db):
    asyncio.run(db.read_hot(_count_users))
    db.dispose()
    assert db._hot is None
    assert asyncio.run(db.read_hot(_count_users))[0] == 1  # and it starts again when needed


def _reader(driver: str, engine: Engine) -> hotread.Reader:
    if driver == "psycopg":
        return hotread.PostgresReader(engine)
    return hotread.AsyncpgReader(hotread.pg_asyncpg.connect_options(engine.url) or {})


@pytest.fixture(params=["asyncpg", "psycopg"])
def pg_reader_db(request, pg_db):
    """PostgreSQL with the hot reader under test installed (asyncpg's is the default; psycopg's
    serves URLs with options asyncpg does not take)."""
    pg_db._hot = _reader(request.param, pg_db.engine)
    return pg_db


def _sleep(rows: Rows, seconds: float) -> int:
    return rows.all("SELECT pg_backend_pid() FROM pg_sleep(%(s)s)", {"s": seconds})[0][0]


def test_postgresql_reads_wait_side_by_side_on_the_loop(pg_reader_db):
    """Twenty reads of 0.2 s each, over at most PG_CONNECTIONS connections: they overlap (one after
    the other they would take 4 s), and no more connections open than the reader may hold."""
    db = pg_reader_db

    async def many() -> tuple[float, set[int]]:
        started = time.monotonic()
        pids = await asyncio.gather(*(db.read_hot(_sleep, 0.2) for _ in range(20)))
        return time.monotonic() - started, set(pids)

    elapsed, pids = asyncio.run(many())
    assert elapsed < 2.0
    assert len(pids) <= hotread.PG_CONNECTIONS


def test_a_postgresql_read_cut_short_leaves_no_busy_connection_behind(pg_reader_db):
    """A request cancelled mid-statement (its client went away): the 5 s sleep does not hold things
    up, and the reads after it answer normally."""
    db = pg_reader_db

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


@pytest.mark.parametrize("driver", ["asyncpg", "psycopg"])
def test_postgresql_unreachable_answers_503_not_500(pg_db, driver):
    engine = create_engine(make_url(pg_db.url).set(port=1))  # nothing listens there
    with pytest.raises(ServiceUnavailable):
        asyncio.run(_reader(driver, engine).run(_count_users))
    engine.dispose()


def test_a_broken_connection_is_replaced_by_either_reader(pg_reader_db):
    db = pg_reader_db

    def backend(rows: Rows) -> int:
        return rows.all("SELECT pg_backend_pid()", {})[0][0]

    async def terminated_between_reads() -> tuple[int, int]:
        first = await db.read_hot(backend)
        with db.engine.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
        await asyncio.sleep(0.1)
        return first, await db.read_hot(backend)

    first, second = asyncio.run(terminated_between_reads())
    assert first != second


def test_both_readers_read_the_same_rows(pg_reader_db):
    """Types, NULLs, a parameter used twice, a literal percent sign: what the read functions see."""
    sql = (
        "SELECT %(n)s::int + 1, %(n)s::bigint * 2, 'a%%b', NULL::text, true, 1.5::float8, "
        "'héllo ✓'::text WHERE %(flag)s"
    )
    row = asyncio.run(pg_reader_db.read_hot(lambda rows: rows.all(sql, {"n": 20, "flag": True})))
    assert [tuple(r) for r in row] == [(21, 40, "a%b", None, True, 1.5, "héllo ✓")]
    none = asyncio.run(pg_reader_db.read_hot(lambda rows: rows.scalar(sql, {"n": 1, "flag": False})))
    assert none is None


def test_asyncpg_takes_the_urls_it_understands():
    options = hotread.pg_asyncpg.connect_options
    plain = options(make_url("postgresql+psycopg://u:p%40ss@db.example:5433/tt"))
    assert plain == {"dsn": "postgresql://u:p%40ss@db.example:5433/tt"}
    tls = options(
        make_url("postgresql+psycopg://u@h/tt?sslmode=require&connect_timeout=5&application_name=pc")
    )
    assert tls is not None
    assert tls["timeout"] == 5.0
    assert tls["dsn"] == "postgresql://u@h/tt?application_name=pc&sslmode=require"
    socket = options(make_url("postgresql+psycopg://u@/tt?host=/var/run/postgresql"))
    assert socket == {"dsn": "postgresql://u@/tt?host=%2Fvar%2Frun%2Fpostgresql"}
    # libpq options asyncpg would send to the server as settings: psycopg's reader instead.
    assert options(make_url("postgresql+psycopg://u@h/tt?options=-csearch_path%3Dx")) is None
    assert options(make_url("postgresql+psycopg://u@h/tt?keepalives=1")) is None
    assert options(make_url("postgresql+psycopg://u@h/tt?connect_timeout=soon")) is None


def test_the_reader_follows_the_url(pg_db):
    assert isinstance(hotread.postgres_reader(pg_db.engine), hotread.AsyncpgReader)
    other = create_engine(make_url(pg_db.url).update_query_dict({"keepalives": "1"}))
    assert isinstance(hotread.postgres_reader(other), hotread.PostgresReader)
    other.dispose()


def test_numbered_parameters():
    numbered = hotread.pg_asyncpg.numbered
    assert numbered("a = %(a)s AND b = %(b)s OR a > %(a)s") == ("a = $1 AND b = $2 OR a > $1", ("a", "b"))
    assert numbered("x LIKE '10%%'") == ("x LIKE '10%'", ())


def test_a_statement_the_server_refuses_leaves_the_connection_usable(pg_reader_db):
    """An error answered by the server is the read's error; the connection stays in use."""
    db = pg_reader_db

    def failing(rows: Rows) -> int:
        return rows.all("SELECT 1 / (%(n)s::int - %(n)s::int)", {"n": 1})[0][0]

    def backend(rows: Rows) -> int:
        return rows.all("SELECT pg_backend_pid()", {})[0][0]

    async def fail_between() -> tuple[int, int]:
        before = await db.read_hot(backend)
        with pytest.raises(Exception, match="division by zero"):
            await db.read_hot(failing)
        return before, await db.read_hot(backend)

    before, after = asyncio.run(fail_between())
    assert before == after
