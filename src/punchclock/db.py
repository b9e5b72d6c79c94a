"""Engine and session factories, migrations, and the unit of work that every request runs in.

Notes:
A request's database work runs as one call, ``await db.read(fn, ...)`` or ``await db.write(fn, ...)``:
the session is opened, used, committed or rolled back, and closed inside a single worker thread.
Nothing is left for a dependency's teardown, which is what deadlocks FastAPI apps whose sync ``yield``
session dependencies wait for a thread that waits for a pooled connection (FastAPI issue #3205).

The hottest short reads (a page of the week list) use ``await db.read_hot(fn, ...)`` instead: on
SQLite it runs on the calling thread, the event loop, over a connection of its own (see read_hot).

On SQLite, writes start with ``BEGIN IMMEDIATE`` so two writers queue on the busy timeout instead of
one failing when its read lock cannot be upgraded; reads use plain deferred transactions in WAL mode
and never block on a writer.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, ParamSpec, Protocol, TypeVar

import anyio.to_thread
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import SingletonThreadPool

from punchclock.errors import Conflict, ServiceUnavailable

log = logging.getLogger("punchclock.db")
P = ParamSpec("P")
T = TypeVar("T")

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
AFTER_COMMIT = "after_commit"
# session.info key of the events a transaction emits (punchclock.event), handed to Database.event_sink.
EVENTS = "pc_events"


def after_commit(session: Session, callback: Callable[[], None]) -> None:
    """Run ``callback`` once the session's transaction has committed (never if it rolls back)."""
    session.info.setdefault(AFTER_COMMIT, []).append(callback)


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, emit BEGIN (see _on_begin).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=15000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        write = conn.get_execution_options().get("pc_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def make_engine(url: str, pool_size: int = 10) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_timeout=30)
        _sqlite_setup(engine)
        return engine
    return create_engine(
        url, pool_size=pool_size, max_overflow=pool_size, pool_timeout=30, pool_pre_ping=True
    )


class Rows(Protocol):
    """Plain SQL in one read transaction (Database.read_hot): statements are written for ``paramstyle``
    ("named" ``:name`` or "pyformat" ``%(name)s``) and answer tuples."""

    paramstyle: str
    is_sqlite: bool

    def all(self, sql: str, params: Mapping[str, Any]) -> list[tuple[Any, ...]]: ...

    def scalar(self, sql: str, params: Mapping[str, Any]) -> Any: ...


class SqliteRows:
    paramstyle = "named"
    is_sqlite = True

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def all(self, sql: str, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        return self.conn.execute(sql, params).fetchall()

    def scalar(self, sql: str, params: Mapping[str, Any]) -> Any:
        row = self.conn.execute(sql, params).fetchone()
        return row[0] if row else None


class SessionRows:
    def __init__(self, session: Session) -> None:
        self.conn = session.connection()
        self.paramstyle = self.conn.dialect.paramstyle
        self.is_sqlite = self.conn.dialect.name == "sqlite"

    def all(self, sql: str, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self.conn.exec_driver_sql(sql, params)]

    def scalar(self, sql: str, params: Mapping[str, Any]) -> Any:
        return self.conn.exec_driver_sql(sql, params).scalar()


class Database:
    def __init__(self, url: str, pool_size: int = 10) -> None:
        self.url = url
        self.engine = make_engine(url, pool_size)
        self.is_sqlite = url.startswith("sqlite")
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(self.engine.execution_options(pc_write=True), expire_on_commit=False)
        # Called with a transaction's events after it commits (set by the app or the CLI).
        self.event_sink: Callable[[Any], object] | None = None
        self._hot_engine: Engine | None = None
        self._hot_local = threading.local()
        self._hot_lock = threading.Lock()

    def session(self, write: bool = True) -> Session:
        return (self._write if write else self._read)()

    def call(self, fn: Callable[..., T], *args: Any, write: bool = True, **kwargs: Any) -> T:
        """Run ``fn(session, ...)`` in one transaction: commit on success, roll back on error."""
        session = self.session(write)
        try:
            result = fn(session, *args, **kwargs)
            if write:
                session.commit()
                for callback in session.info.pop(AFTER_COMMIT, ()):
                    callback()
                events = session.info.pop(EVENTS, None)
                if events is not None and self.event_sink is not None:
                    self._announce(events)
            return result
        except IntegrityError as exc:
            session.rollback()
            raise Conflict("The change conflicts with existing data", code="integrity_error") from exc
        except OperationalError as exc:
            session.rollback()
            if "locked" in str(exc) or "could not serialize" in str(exc):
                raise ServiceUnavailable("The database is busy; retry the request") from exc
            raise
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def _announce(self, events: Any) -> None:
        # The change is committed: failing to announce it (a closed event loop at shutdown) must
        # not turn the answer into an error. Clients catch up on their next sync.
        try:
            self.event_sink(events)  # type: ignore[misc]
        except Exception:
            log.exception("could not hand committed events to the event sink")

    async def read(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return await anyio.to_thread.run_sync(lambda: self.call(fn, *args, write=False, **kwargs))

    async def read_hot(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run ``fn(rows, ...)`` in one read transaction, ``rows`` being plain SQL in, tuples out.

        For reads known to take a fraction of a millisecond (a page of the week list). Notes: on
        SQLite, handing such a read to a worker thread cost more than the read itself: with dozens
        of requests in flight the threads mostly queued for the GIL and churned the pool's overflow
        connections, and a Session with its pooled Connection cost as much again as the query. So
        on SQLite it runs right here on the event loop, over a bare sqlite3 connection that only
        this thread uses (one per thread, set up like the pool's): it never waits for a pooled
        connection, and in WAL mode a reader never waits for a writer. PostgreSQL reads are network
        round trips: they go to a worker thread in a Session, as read() does.
        """
        if not self.is_sqlite:
            return await self.read(lambda session: fn(SessionRows(session), *args, **kwargs))
        conn = self._hot_connection()
        try:
            conn.execute("BEGIN")
            try:
                return fn(SqliteRows(conn), *args, **kwargs)
            finally:
                conn.execute("ROLLBACK")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc):
                raise ServiceUnavailable("The database is busy; retry the request") from exc
            raise

    def _hot_connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._hot_local, "conn", None)
        if conn is None:
            with self._hot_lock:
                if self._hot_engine is None:
                    # One connection per thread, made by the same listeners as the pool's.
                    self._hot_engine = create_engine(self.url, poolclass=SingletonThreadPool, pool_size=4)
                    _sqlite_setup(self._hot_engine)
            # Kept checked out for the thread's life; dispose() closes it with the engine.
            self._hot_local.fairy = self._hot_engine.raw_connection()
            conn = self._hot_local.conn = self._hot_local.fairy.driver_connection
        return conn

    async def write(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return await anyio.to_thread.run_sync(lambda: self.call(fn, *args, write=True, **kwargs))

    def migrate(self) -> None:
        """Apply pending Alembic migrations (idempotent)."""
        with self.engine.begin() as conn:
            cfg = alembic_config(self.url)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    def dispose(self) -> None:
        self.engine.dispose()
        if self._hot_engine is not None:
            self._hot_engine.dispose()
            self._hot_engine, self._hot_local = None, threading.local()


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg
