"""Hot reads (``Database.read_hot``): plain SQL over a bare driver connection, no Session or pool.

Notes:
The week list is the API's hottest request, and its read takes a fraction of a millisecond. Around
it, the usual unit of work (a thread hop, a Session, a pool checkout with its pre-ping, BEGIN and
ROLLBACK) cost several times the query, and with dozens of requests in flight the worker threads
mostly queued for the GIL. A hot read skips all that:

- On SQLite it runs right on the event loop, over a sqlite3 connection that only that thread uses
  (made by an engine with the pool's connect listeners, so the same PRAGMAs apply). It never waits
  for a pooled connection, and in WAL mode a reader never waits for a writer.
- On PostgreSQL it runs in one of a few dedicated threads, each holding an autocommit psycopg
  connection of its own: one round trip per statement. Under READ COMMITTED every statement reads
  its own snapshot inside a transaction too, so nothing is lost by leaving BEGIN out. A connection
  found broken is replaced and the read tried once more, as the pool's pre-ping would have done.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol, TypeVar

from sqlalchemy.engine import Engine

from punchclock.errors import ServiceUnavailable

T = TypeVar("T")
PG_THREADS = 4


class Rows(Protocol):
    """What a hot read's function gets: SQL written for ``paramstyle`` ("named" ``:name`` or
    "pyformat" ``%(name)s``) in, tuples out."""

    paramstyle: str
    is_sqlite: bool

    def all(self, sql: str, params: Mapping[str, Any]) -> list[tuple[Any, ...]]: ...

    def scalar(self, sql: str, params: Mapping[str, Any]) -> Any: ...


class DriverRows:
    """Rows over a DBAPI connection that has ``execute()`` (sqlite3 and psycopg both do)."""

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


class PostgresReader:
    def __init__(self, engine: Engine, threads: int = PG_THREADS) -> None:
        self.engine = engine
        self.executor = ThreadPoolExecutor(threads, thread_name_prefix="punchclock-hot-read")
        self.local = threading.local()
        self.lock = threading.Lock()
        self.connections: list[Any] = []

    def _connection(self, fresh: bool = False) -> Any:
        conn: Any = getattr(self.local, "conn", None)
        if conn is None or fresh or conn.closed:
            fairy = self.engine.raw_connection()
            conn = fairy.driver_connection
            fairy.detach()  # this thread's own from now on, outside the pool
            conn.autocommit = True
            self.local.conn = conn
            with self.lock:
                self.connections.append(conn)
        return conn

    def _call(self, fn: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any]) -> T:
        import psycopg

        conn = self._connection()
        try:
            return fn(DriverRows(conn, "pyformat", False), *args, **kwargs)
        except psycopg.OperationalError:
            if not conn.broken:
                raise
        conn.close()
        return fn(DriverRows(self._connection(fresh=True), "pyformat", False), *args, **kwargs)

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, self._call, fn, args, kwargs)

    def close(self) -> None:
        self.executor.shutdown(wait=True)
        with self.lock:
            for conn in self.connections:
                conn.close()
            self.connections.clear()
