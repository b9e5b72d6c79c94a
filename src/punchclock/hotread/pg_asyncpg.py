"""The PostgreSQL hot reader over asyncpg: the week list's and the timer status's reads.

Notes:
asyncpg speaks PostgreSQL's protocol in compiled code and prepares each statement on first use, so
a read costs a third of psycopg's async client-side instructions for one row and two thirds for a
page of fifty (bench/README.md). It takes the URL's connection options that it understands (those
in ``OPTIONS``); for any other (psycopg's libpq takes many more), ``postgres_reader`` keeps the psycopg
reader (pg_psycopg), which reads the same rows.
SQL is written in psycopg's "pyformat" style, like every PostgreSQL read in the code; it is turned
into asyncpg's numbered parameters once per statement text. asyncpg lets the server type each
parameter from the statement (psycopg sends a type with each value), so a parameter the statement
gives no type (``%(n)s - %(n)s``) needs a cast (``%(n)s::int``).
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import asyncpg
from sqlalchemy.engine import URL
from sqlalchemy.util import await_only, greenlet_spawn

from punchclock.errors import ServiceUnavailable
from punchclock.hotread.base import PG_CONNECTIONS, FirstValue, LoopSlots

T = TypeVar("T")

# The query options of a PostgreSQL URL that asyncpg's DSN parser takes (application_name goes to
# the server as a setting, as libpq sends it); connect_timeout becomes asyncpg's timeout.
OPTIONS = frozenset(
    {
        "host", "port", "dbname", "database", "user", "password", "passfile", "service",
        "sslmode", "sslcert", "sslkey", "sslrootcert", "sslnegotiation", "sslcrl", "sslpassword",
        "ssl_min_protocol_version", "ssl_max_protocol_version", "target_session_attrs",
        "krbsrvname", "gsslib", "application_name", "connect_timeout",
    }
)  # fmt: skip
_PARAM = re.compile(r"%\((\w+)\)s|%%")


def connect_options(url: URL) -> dict[str, Any] | None:
    """asyncpg.connect()'s arguments for ``url``, or None if it has an option asyncpg does not take."""
    query: dict[str, str] = {}
    for key, value in url.query.items():
        if key not in OPTIONS or not isinstance(value, str):
            return None
        query[key] = value
    options: dict[str, Any] = {}
    timeout = query.pop("connect_timeout", None)
    if timeout is not None:
        try:
            options["timeout"] = max(float(timeout), 1.0)  # libpq's minimum is 2 s; 0 means none
        except ValueError:
            return None
    dsn = url.set(drivername="postgresql", query=query).render_as_string(hide_password=False)
    return {"dsn": dsn, **options}


@functools.lru_cache(maxsize=256)
def numbered(sql: str) -> tuple[str, tuple[str, ...]]:
    """``%(name)s`` parameters as ``$1, $2, ...`` (a name used twice keeps its number), and the
    names in number order; ``%%`` becomes ``%``."""
    names: list[str] = []

    def number(match: re.Match[str]) -> str:
        name = match.group(1)
        if name is None:
            return "%"
        if name not in names:
            names.append(name)
        return f"${names.index(name) + 1}"

    return _PARAM.sub(number, sql), tuple(names)


class AsyncpgRows(FirstValue):
    """Rows over an asyncpg connection, for a read function running in a greenlet: each statement
    suspends the function while the event loop serves other requests."""

    paramstyle = "pyformat"
    is_sqlite = False

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.busy = False  # a statement was sent and its answer not read (a cancelled read)

    def all(self, sql: str, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        text, names = numbered(sql)
        self.busy = True
        try:
            rows: list[tuple[Any, ...]] = await_only(self.conn.fetch(text, *[params[n] for n in names]))
        except asyncpg.PostgresError:
            self.busy = False  # the server answered, with an error: the connection is ready again
            raise
        self.busy = False
        return rows  # asyncpg's Records: tuples by index and by slice


class AsyncpgReader(LoopSlots):
    """Hot reads on the event loop over up to ``size`` asyncpg connections (autocommit: asyncpg
    opens no transaction of its own). A connection goes back for reuse only when it is open and
    its last statement was answered."""

    def __init__(self, options: dict[str, Any], size: int = PG_CONNECTIONS) -> None:
        super().__init__(size)
        self.options = options

    def new_loop(self) -> None:
        self.close()  # an asyncpg connection belongs to the loop that made it

    async def _connect(self) -> Any:
        try:
            return await asyncpg.connect(**self.options)
        except (TimeoutError, OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
            # Down, restarting or refusing us: the client may retry.
            raise ServiceUnavailable("The database is unavailable; retry the request") from exc

    async def _take(self) -> Any:
        while self.idle:
            conn = self.idle.pop()
            if not conn.is_closed():
                return conn
        return await self._connect()

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        async with self.slots():
            rows = AsyncpgRows(await self._take())
            try:
                try:
                    return await greenlet_spawn(fn, rows, *args, **kwargs)
                except Exception:
                    if not rows.conn.is_closed():
                        raise
                # The connection died (a restart, a terminated backend): once more, on a new one.
                rows = AsyncpgRows(await self._connect())
                try:
                    return await greenlet_spawn(fn, rows, *args, **kwargs)
                except Exception as exc:
                    if not rows.conn.is_closed():
                        raise
                    raise ServiceUnavailable("The database connection was lost; retry the request") from exc
            finally:
                self._give_back(rows)

    def _give_back(self, rows: AsyncpgRows) -> None:
        if rows.conn.is_closed():
            return
        if rows.busy:  # cut short mid-statement (the request was cancelled): never reused
            rows.conn.terminate()
        else:
            self.idle.append(rows.conn)

    def close(self) -> None:
        while self.idle:
            with contextlib.suppress(RuntimeError):  # its event loop is closed, and its socket
                self.idle.pop().terminate()
