"""Engine and session factories, migrations, and the unit of work that every request runs in.

Notes:
A request's database work runs as one call, ``await db.read(fn, ...)`` or ``await db.write(fn, ...)``:
the session is opened, used, committed or rolled back, and closed inside a single worker thread.
Nothing is left for a dependency's teardown, which is what deadlocks FastAPI apps whose sync ``yield``
session dependencies wait for a thread that waits for a pooled connection (FastAPI issue #3205).

The hottest short reads (a page of the week list) use ``await db.read_hot(fn, ...)`` instead, plain
SQL over a bare driver connection (punchclock.hotread).

On SQLite, writes start with ``BEGIN IMMEDIATE`` so two writers queue on the busy timeout instead of
one failing when its read lock cannot be upgraded; reads use plain deferred transactions in WAL mode
and never block on a writer.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import anyio.to_thread
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import SingletonThreadPool

from punchclock.errors import Conflict, ServiceUnavailable
from punchclock.hotread import Reader, SqliteReader, postgres_reader

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
    engine = create_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_timeout=30)
    _ping_when_idle(engine)
    return engine


# A pooled PostgreSQL connection is pinged before use only when it has rested this long. SQLAlchemy's
# pool_pre_ping pings at every checkout: one more round trip on every request (a tenth of a timer
# start). A connection back in use within the second was working a moment ago; one that broke in
# between (a database restart) fails its request once, and the pool replaces it.
IDLE_PING_SECONDS = 1.0


def _ping_when_idle(engine: Engine) -> None:
    @event.listens_for(engine, "checkin")
    def _rested_from(_dbapi_conn: Any, record: Any) -> None:
        record.info["pc_checked_in"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        rested_from = record.info.get("pc_checked_in")  # None: made just now, for this checkout
        if rested_from is None or time.monotonic() - rested_from < IDLE_PING_SECONDS:
            return
        try:
            dbapi_conn.execute("SELECT 1")
            dbapi_conn.rollback()
        except Exception as exc:  # the pool discards it and checks out another
            raise DisconnectionError() from exc


class Database:
    def __init__(self, url: str, pool_size: int = 10) -> None:
        self.url = url
        self.engine = make_engine(url, pool_size)
        self.is_sqlite = url.startswith("sqlite")
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(self.engine.execution_options(pc_write=True), expire_on_commit=False)
        # Called with a transaction's events after it commits (set by the app or the CLI).
        self.event_sink: Callable[[Any], object] | None = None
        self._hot: Reader | None = None
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
            if exc.connection_invalidated:  # the pool replaces the connection for the next request
                raise ServiceUnavailable("The database connection was lost; retry the request") from exc
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
        """Run ``fn(rows, ...)``, ``rows`` being plain SQL in, tuples out (punchclock.hotread).

        For reads known to take a fraction of a millisecond (a page of the week list): they run on
        the event loop itself, over connections of their own (punchclock.hotread).
        """
        if self._hot is None:
            with self._hot_lock:
                if self._hot is None:
                    self._hot = self._hot_reader()
        return await self._hot.run(fn, *args, **kwargs)

    def _hot_reader(self) -> Reader:
        if not self.is_sqlite:
            return postgres_reader(self.engine)
        # One connection per thread, made by the same listeners as the pool's.
        engine = create_engine(self.url, poolclass=SingletonThreadPool, pool_size=4)
        _sqlite_setup(engine)
        return SqliteReader(engine)

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
        if self._hot is not None:
            self._hot.close()
            self._hot = None


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg
