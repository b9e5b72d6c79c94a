"""The PostgreSQL hot reader over psycopg's async connections: the fallback to asyncpg's (pg_asyncpg),
for a database URL with connection options that asyncpg does not take."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from sqlalchemy.engine import Engine
from sqlalchemy.util import await_only, greenlet_spawn

from punchclock.errors import ServiceUnavailable
from punchclock.hotread.base import PG_CONNECTIONS, FirstValue, LoopSlots

T = TypeVar("T")


class AwaitedRows(FirstValue):
    """Rows over an async psycopg connection, for a read function running in a greenlet: each
    statement suspends the function while the event loop serves other requests."""

    paramstyle = "pyformat"
    is_sqlite = False

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def all(self, sql: str, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = await_only(self._all(sql, params))
        return rows

    async def _all(self, sql: str, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        cursor = await self.conn.execute(sql, params)
        rows: list[tuple[Any, ...]] = await cursor.fetchall()
        return rows


class PostgresReader(LoopSlots):
    """Hot reads on the event loop, over up to ``size`` autocommit async psycopg connections.

    The read function stays plain synchronous code (the same as SQLite's): it runs in a greenlet,
    SQLAlchemy's bridge between sync code and asyncio, and waits for each statement without a
    thread. A connection is returned for reuse only when it is idle and sound.
    """

    def __init__(self, engine: Engine, size: int = PG_CONNECTIONS) -> None:
        super().__init__(size)
        self.conninfo = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)

    async def _connect(self) -> Any:
        import psycopg

        try:
            return await psycopg.AsyncConnection.connect(self.conninfo, autocommit=True)
        except psycopg.OperationalError as exc:  # down or restarting: the client may retry
            raise ServiceUnavailable("The database is unavailable; retry the request") from exc

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        import psycopg

        async with self.slots():
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
