"""Hot reads (``Database.read_hot``): plain SQL over a bare driver connection, no Session or pool.

Notes:
The week list is the API's hottest request, and its read takes a fraction of a millisecond. Around
it, the usual unit of work (a thread hop, a Session, a pool checkout with its pre-ping, BEGIN and
ROLLBACK) cost several times the query, and with dozens of requests in flight the worker threads
mostly queued for the GIL. A hot read skips all that:

- On SQLite it runs right on the event loop, over a sqlite3 connection that only that thread uses
  (made by an engine with the pool's connect listeners, so the same PRAGMAs apply). It never waits
  for a pooled connection, and in WAL mode a reader never waits for a writer.
- On PostgreSQL it runs on the event loop too, over a few autocommit async psycopg connections
  of its own: one round trip per statement, and no thread hop (with 64 requests in flight, worker
  threads spent their time handing the GIL around). Under READ COMMITTED every statement reads
  its own snapshot inside a transaction too, so nothing is lost by leaving BEGIN out. A connection
  found broken is replaced and the read tried once more, as the pool's pre-ping would have done.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Callable, Mapping
from typing import Any, Protocol, TypeVar

from sqlalchemy.engine import Engine
from sqlalchemy.util import await_only, greenlet_spawn

from punchclock.errors import ServiceUnavailable

T = TypeVar("T")
PG_CONNECTIONS = 8


class Rows(Protocol):
    """What a hot read's function gets: SQL written for ``paramstyle`` ("named" ``:name`` or
    "pyformat" ``%(name)s``) in, tuples out."""

    paramstyle: str
    is_sqlite: bool

    def all(self, sql: str, params: Mapping[str, Any]) -> list[tuple[Any, ...]]: ...

    def scalar(self, sql: str, params: Mapping[str, Any]) -> Any: ...


class DriverRows:
    """Rows over a DBAPI connection that has ``execute()`` (sqlite3's, for SqliteReader)."""

    def __init__(self, conn: Any, paramstyle: str, is_sqlite: bool) -> None:
        self.conn, self.paramstyle, self.is_sqlite = conn, paramstyle, is_sqlite

    def all(self, sql: str, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = self.conn.execute(sql, params).fetchall()
        return rows

    def scalar(self, sql: str, params: Mapping[str, Any]) -> Any:
        row = self.conn.execute(sql, params).fetchone()
        return row[0] if row else None


class SqliteReader:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine  # a SingletonThreadPool engine: one connection per thread
        self.local = threading.local()

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self.local, "conn", None)
        if conn is None:
            # Kept checked out for the thread's life; close() closes it with the engine.
            self.local.fairy = self.engine.raw_connection()
            conn = self.local.conn = self.local.fairy.driver_connection
        return conn

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        conn = self._connection()
        try:
            conn.execute("BEGIN")
            try:
                return fn(DriverRows(conn, "named", True), *args, **kwargs)
            finally:
                conn.execute("ROLLBACK")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc):
                raise ServiceUnavailable("The database is busy; retry the request") from exc
            raise

    def close(self) -> None:
        self.engine.dispose()


class AwaitedRows:
    """Rows over an async psycopg connection, for a read function running in a greenlet: each
    statement suspends the function while the event loop serves other requests."""

    paramstyle = "pyformat"
    is_sqlite = False

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def all(self, sql: str, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = await_only(self._all(sql, params))
        return rows

    def scalar(self, sql: str, params: Mapping[str, Any]) -> Any:
        rows = self.all(sql, params)
        return rows[0][0] if rows else None

    async def _all(self, sql: str, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        cursor = await self.conn.execute(sql, params)
        rows: list[tuple[Any, ...]] = await cursor.fetchall()
        return rows


class PostgresReader:
    """Hot reads on the event loop, over up to ``size`` autocommit async psycopg connections.

    The read function stays plain synchronous code (the same as SQLite's): it runs in a greenlet,
    SQLAlchemy's bridge between sync code and asyncio, and waits for each statement without a
    thread. A connection is returned for reuse only when it is idle and sound.
    """

    def __init__(self, engine: Engine, size: int = PG_CONNECTIONS) -> None:
        self.conninfo = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        self.size = size
        self.idle: list[Any] = []
        self.slots: asyncio.Semaphore | None = None
        self.loop: asyncio.AbstractEventLoop | None = None

    async def _connect(self) -> Any:
        import psycopg

        try:
            return await psycopg.AsyncConnection.connect(self.conninfo, autocommit=True)
        except psycopg.OperationalError as exc:  # down or restarting: the client may retry
            raise ServiceUnavailable("The database is unavailable; retry the request") from exc

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        import psycopg

        loop = asyncio.get_running_loop()
        if self.slots is None or self.loop is not loop:  # a new loop (tests run several)
            self.loop, self.slots = loop, asyncio.Semaphore(self.size)
        slots = self.slots
        async with slots:
            conn = self.idle.pop() if self.idle else await self._connect()
            try:
                try:
                    return await greenlet_spawn(fn, AwaitedRows(conn), *args, **kwargs)
                except psycopg.OperationalError:
                    if not conn.broken:
                        raise
                await conn.close()
                conn = await self._connect()
                try:
                    return await greenlet_spawn(fn, AwaitedRows(conn), *args, **kwargs)
                except psycopg.OperationalError as exc:
                    if not conn.broken:
                        raise
                    raise ServiceUnavailable("The database connection was lost; retry the request") from exc
            finally:
                self._give_back(conn)

    def _give_back(self, conn: Any) -> None:
        from psycopg.pq import TransactionStatus

        if not conn.closed and conn.info.transaction_status == TransactionStatus.IDLE:
            self.idle.append(conn)
        else:  # broken, or a read cut short mid-statement (the request was cancelled)
            conn.pgconn.finish()

    def close(self) -> None:
        while self.idle:
            self.idle.pop().pgconn.finish()
