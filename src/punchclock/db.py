"""Engine and session factories, migrations, and the unit of work that every request runs in.

Notes:
A request's database work runs as one call, ``await db.read(fn, ...)`` or ``await db.write(fn, ...)``:
the session is opened, used, committed or rolled back, and closed inside a single worker thread.
Nothing is left for a dependency's teardown, which is what deadlocks FastAPI apps whose sync ``yield``
session dependencies wait for a thread that waits for a pooled connection (FastAPI issue #3205).

The hottest short reads (a page of the week list) use ``await db.read_hot(fn, ...)`` instead, plain
SQL over a bare driver connection (punchclock.hotread).

A database that is down answers 503 with Retry-After and one log line, never a 500; one that stalls
(a hung network, a frozen server) is bounded by timeouts: connecting (``connect_timeout``), waiting for
a pooled connection (``pool_timeout``) and the work itself (``statement_timeout``, set on the
PostgreSQL server as ``statement_timeout`` and ``idle_in_transaction_session_timeout`` too). When the
work overruns, the request answers 503 at once; its thread is abandoned, and a write that had not
yet sent COMMIT rolls back when it wakes. (On SQLite, with no network to stall, only the busy
timeout bounds a call.) A write whose COMMIT was already sent is waited for until
the server must have either committed it (the request then answers normally) or ended the idle
transaction, so a write the client was told failed cannot commit later.

On SQLite, writes start with ``BEGIN IMMEDIATE`` so two writers queue on the busy timeout instead of
one failing when its read lock cannot be upgraded; reads use plain deferred transactions in WAL mode
and never block on a writer.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import anyio
import anyio.to_thread
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, DisconnectionError, IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
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


# session.info keys of work that runs in a transaction of its own once the session's has ended.
APART_IF_COMMITTED = "pc_apart_if_committed"
APART_UNLESS_COMMITTED = "pc_apart_unless_committed"


def after_commit(session: Session, callback: Callable[[], None]) -> None:
    """Run ``callback`` once the session's transaction has committed (never if it rolls back)."""
    session.info.setdefault(AFTER_COMMIT, []).append(callback)


def apart_after_commit(session: Session, work: Callable[[Session], object]) -> None:
    """Run ``work(session)`` in a transaction of its own once this one has committed: upkeep that
    must neither hold the change up nor undo it by failing (pruning old audit rows). A failure of
    ``work`` is logged, never answered."""
    session.info.setdefault(APART_IF_COMMITTED, []).append(work)


def apart_unless_committed(session: Session, work: Callable[[Session], object]) -> None:
    """Run ``work(session)`` in a transaction of its own if this one does not commit: a record that
    must stay although the request failed (a refused sign-in answers 401, which rolls its
    transaction back). The request still answers its own error; a failure of ``work`` is logged."""
    session.info.setdefault(APART_UNLESS_COMMITTED, []).append(work)


# SQLite's page cache per connection, in KiB (SQLite's own default is 2,000). Each connection fills
# its cache as it reads and keeps it; in a 30-minute mixed soak the default let the resident size
# climb 31.6 MiB after a 5-minute warm-up, 256 KiB 13.3 MiB and levelling off (bench/README, "Memory
# soak"). The database file stays in the OS page cache either way, so a page not in SQLite's cache
# costs a read from memory, not from disk.
SQLITE_CACHE_KIB = 256


def _sqlite_setup(engine: Engine, cache_kib: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, emit BEGIN (see _on_begin).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=15000")
        cur.execute(f"PRAGMA cache_size=-{int(cache_kib)}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        write = conn.get_execution_options().get("pc_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


@dataclass(frozen=True, slots=True)
class Timeouts:
    connect: float = 5.0
    statement: float = 10.0
    pool: float = 5.0

    @classmethod
    def from_settings(cls, settings: Any) -> Timeouts:
        return cls(
            settings.db_connect_timeout_seconds,
            settings.db_statement_timeout_seconds,
            settings.db_pool_timeout_seconds,
        )


def _postgres_args(url: str, timeouts: Timeouts) -> dict[str, Any]:
    """libpq options for the timeouts; the URL's own ``connect_timeout`` and ``options`` win."""
    query = make_url(url).query
    args: dict[str, Any] = {}
    if "connect_timeout" not in query:
        args["connect_timeout"] = max(2, round(timeouts.connect))  # libpq's minimum is 2 s
    if "options" not in query:
        ms = round(timeouts.statement * 1000)
        args["options"] = f"-c statement_timeout={ms} -c idle_in_transaction_session_timeout={ms}"
    return args


def make_engine(
    url: str, pool_size: int = 10, timeouts: Timeouts | None = None, sqlite_cache_kib: int = SQLITE_CACHE_KIB
) -> Engine:
    timeouts = timeouts or Timeouts()
    if url.startswith("sqlite"):
        engine = create_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_timeout=timeouts.pool)
        _sqlite_setup(engine, sqlite_cache_kib)
        return engine
    engine = create_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_timeout=timeouts.pool,
        connect_args=_postgres_args(url, timeouts),
    )
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


class _Deadline:
    """Shared by a request and the worker thread doing its database work (see the notes above)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.abandoned = False
        self.commit_sent_at: float | None = None


class Database:
    def __init__(
        self,
        url: str,
        pool_size: int = 10,
        timeouts: Timeouts | None = None,
        sqlite_cache_kib: int = SQLITE_CACHE_KIB,
    ) -> None:
        self.url = url
        self.timeouts = timeouts or Timeouts()
        self.sqlite_cache_kib = sqlite_cache_kib
        self.engine = make_engine(url, pool_size, self.timeouts, sqlite_cache_kib)
        self.is_sqlite = url.startswith("sqlite")
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(self.engine.execution_options(pc_write=True), expire_on_commit=False)
        # Called with a transaction's events after it commits (set by the app or the CLI).
        self.event_sink: Callable[[Any], object] | None = None
        self._hot: Reader | None = None
        self._hot_lock = threading.Lock()

    def session(self, write: bool = True) -> Session:
        return (self._write if write else self._read)()

    def call(
        self,
        fn: Callable[..., T],
        *args: Any,
        write: bool = True,
        _deadline: _Deadline | None = None,
        **kwargs: Any,
    ) -> T:
        """Run ``fn(session, ...)`` in one transaction: commit on success, roll back on error."""
        session = self.session(write)
        committed = False
        try:
            result = fn(session, *args, **kwargs)
            if write:
                if _deadline is not None:
                    with _deadline.lock:
                        if _deadline.abandoned:  # the request already answered 503: never commit
                            raise ServiceUnavailable(TOO_SLOW)
                        _deadline.commit_sent_at = time.monotonic()
                session.commit()
                committed = True
                for callback in session.info.pop(AFTER_COMMIT, ()):
                    callback()
                events = session.info.pop(EVENTS, None)
                if events is not None and self.event_sink is not None:
                    self._announce(events)
            return result
        except IntegrityError as exc:
            session.rollback()
            raise Conflict("The change conflicts with existing data", code="integrity_error") from exc
        except (OperationalError, PoolTimeout) as exc:
            _quiet_rollback(session)
            if self.is_sqlite and not _sqlite_outage(exc):
                raise  # "no such table", a syntax error: SQLite calls bugs operational too; a 500
            raise unavailable(exc) from exc
        except DBAPIError as exc:
            _quiet_rollback(session)
            if exc.connection_invalidated:  # the pool replaces the connection for the next request
                raise unavailable(exc) from exc
            raise
        except BaseException:
            session.rollback()
            raise
        finally:
            apart = session.info.pop(APART_IF_COMMITTED if committed else APART_UNLESS_COMMITTED, ())
            session.close()
            for work in apart:
                self._apart(work)

    def _apart(self, work: Callable[[Session], object]) -> None:
        try:
            self.call(work)
        except Exception:
            log.exception("work done apart from a transaction failed")

    def _announce(self, events: Any) -> None:
        # The change is committed: failing to announce it (a closed event loop at shutdown) must
        # not turn the answer into an error. Clients catch up on their next sync.
        try:
            self.event_sink(events)  # type: ignore[misc]
        except Exception:
            log.exception("could not hand committed events to the event sink")

    async def _in_thread(self, fn: Callable[..., T], args: Any, kwargs: Any, write: bool) -> T:
        if self.is_sqlite:
            # No network to stall: a wait for the write lock is bounded by busy_timeout already,
            # and the deadline's cancel scope would cost every call ~7 us of CPU for nothing.
            return await anyio.to_thread.run_sync(lambda: self.call(fn, *args, write=write, **kwargs))
        deadline = _Deadline()
        outcome: list[Any] = []
        done = threading.Event()

        def work() -> None:
            try:
                outcome.append((True, self.call(fn, *args, write=write, _deadline=deadline, **kwargs)))
            except BaseException as exc:
                outcome.append((False, exc))
            finally:
                done.set()

        limit = self.timeouts.statement + self.timeouts.pool
        with anyio.move_on_after(limit):
            await anyio.to_thread.run_sync(work, abandon_on_cancel=True)
        if not done.is_set():
            with deadline.lock:
                deadline.abandoned = True
                sent = deadline.commit_sent_at
            if sent is None:
                log.warning("database work overran %.1f s: answered 503", limit)
                raise ServiceUnavailable(TOO_SLOW)
            # COMMIT is on its way: wait until the server has committed or ended the transaction.
            with anyio.move_on_after(max(0.0, sent + self.timeouts.statement + 1.0 - time.monotonic())):
                await anyio.to_thread.run_sync(done.wait, abandon_on_cancel=True)
            if not done.is_set():
                log.warning("a commit went unconfirmed for %.1f s: answered 503", self.timeouts.statement)
                raise ServiceUnavailable(
                    "The database did not confirm the change in time; it may not have been saved",
                    code="commit_unconfirmed",
                )
        ok, value = outcome[0]
        if ok:
            return value
        raise value

    async def read(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return await self._in_thread(fn, args, kwargs, write=False)

    async def read_hot(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run ``fn(rows, ...)``, ``rows`` being plain SQL in, tuples out (punchclock.hotread).

        For reads known to take a fraction of a millisecond (a page of the week list): they run on
        the event loop itself, over connections of their own (punchclock.hotread).
        """
        if self._hot is None:
            with self._hot_lock:
                if self._hot is None:
                    self._hot = self._hot_reader()
        if self.is_sqlite:  # runs to the end on the loop: nothing to time out
            return await self._hot.run(fn, *args, **kwargs)
        with anyio.move_on_after(self.timeouts.statement + self.timeouts.pool):
            return await self._hot.run(fn, *args, **kwargs)
        log.warning("a hot read overran %.1f s: answered 503", self.timeouts.statement + self.timeouts.pool)
        raise ServiceUnavailable(TOO_SLOW)

    def _hot_reader(self) -> Reader:
        if not self.is_sqlite:
            return postgres_reader(self.engine, self.timeouts.connect, self.timeouts.statement)
        # One connection per thread, made by the same listeners as the pool's.
        engine = create_engine(self.url, poolclass=SingletonThreadPool, pool_size=4)
        _sqlite_setup(engine, self.sqlite_cache_kib)
        return SqliteReader(engine)

    async def write(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return await self._in_thread(fn, args, kwargs, write=True)

    def migrate(self) -> list[str]:
        """Apply pending Alembic migrations (idempotent); the revisions applied, oldest first.

        Under a database-wide lock, so any number of instances may start at once on an empty
        database: the first migrates, the others wait and find nothing left to do. Migrations are
        exempt from the statement timeouts (a large table may take a while).
        """
        applied: list[str] = []
        with self.engine.execution_options(pc_write=True).begin() as conn:
            if not self.is_sqlite:
                conn.exec_driver_sql("SET LOCAL statement_timeout = 0")
                conn.exec_driver_sql("SET LOCAL idle_in_transaction_session_timeout = 0")
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({SETUP_LOCK})")
            cfg = alembic_config(self.url)
            cfg.attributes["connection"] = conn
            cfg.attributes["on_applied"] = applied.append
            command.upgrade(cfg, "head")
        return applied

    @staticmethod
    def setup_lock(session: Session) -> None:
        """Serialise start-up work (the first admin) across instances: held until the commit.

        On SQLite a write transaction (``BEGIN IMMEDIATE``) is serialised already.
        """
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text(f"SELECT pg_advisory_xact_lock({SETUP_LOCK})"))

    def dispose(self) -> None:
        self.engine.dispose()
        if self._hot is not None:
            self._hot.close()
            self._hot = None


# pg_advisory_xact_lock key for migrations and first-start bootstrap ("punchclk" in ASCII).
SETUP_LOCK = 0x70756E6368636C6B
TOO_SLOW = "The database did not answer in time; retry the request"
# One log line per failed request: what failed, not a traceback (the cause is outside this process).
_DOWN_MESSAGES = (
    ("locked", "The database is busy; retry the request"),
    ("could not serialize", "The database is busy; retry the request"),
    ("statement timeout", TOO_SLOW),
    ("QueuePool limit", "Every database connection is in use; retry the request"),
)


def unavailable(exc: Exception) -> ServiceUnavailable:
    """The 503 for a database that is down, stalled or busy, logged as one line."""
    text = str(exc)
    message = "The database is unavailable; retry the request"
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:  # the pool replaces it
        message = "The database connection was lost; retry the request"
    for needle, answer in _DOWN_MESSAGES:
        if needle in text:
            message = answer
            break
    first = text.strip().splitlines()[0][:200] if text.strip() else type(exc).__name__
    log.warning("database unavailable: %s", first)
    return ServiceUnavailable(message)


# SQLite's OperationalErrors that are the database's state, not the statement's fault.
_SQLITE_OUTAGES = ("locked", "busy", "disk I/O error", "unable to open", "database or disk is full")


def _sqlite_outage(exc: Exception) -> bool:
    return isinstance(exc, PoolTimeout) or any(needle in str(exc) for needle in _SQLITE_OUTAGES)


def _quiet_rollback(session: Session) -> None:
    # A rollback on a dead connection fails too; the pool discards the connection either way.
    try:
        session.rollback()
    except Exception:
        log.debug("rollback after a database failure failed as well", exc_info=True)


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg
