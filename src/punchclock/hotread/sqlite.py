"""The SQLite hot reader: on the event loop's thread, over a connection only that thread uses."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from sqlalchemy.engine import Engine

from punchclock.errors import ServiceUnavailable

T = TypeVar("T")


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
