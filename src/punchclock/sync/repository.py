"""Queries of the sync API: the per-user cursor, records (time entries by key) and settings."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence
from operator import itemgetter
from typing import Any, cast

import orjson
import psycopg
from psycopg import sql
from sqlalchemy import (
    ColumnElement,
    Float,
    Row,
    String,
    Table,
    bindparam,
    case,
    func,
    insert,
    literal_column,
    select,
    true,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from punchclock.hotread import Rows
from punchclock.models import Project, SyncState, TimeEntry, User, UserSetting

# The smallest step between two stamps of one user: far below a clock tick, and still exact in a
# double at today's epoch (about 4 ulps at 1.7e9).
STEP = 1e-6
CHUNK = 500  # setting keys per IN (...) lookup

_ENTRIES = cast(Table, TimeEntry.__table__)  # Core statements: no ORM bookkeeping per row

RECORD_COLUMNS = (
    TimeEntry.id,
    TimeEntry.sync_key,
    TimeEntry.start_at,
    TimeEntry.end_at,
    TimeEntry.notes,
    TimeEntry.tags,
    TimeEntry.project_id,
    TimeEntry.task_id,
    TimeEntry.billable,
    TimeEntry.mt,
    TimeEntry.st,
    TimeEntry.deleted_at,
    TimeEntry.paused_at,
    TimeEntry.break_seconds,
    Project.tag.label("project_tag"),
)


# The cursor


def begin_snapshot(session: Session) -> None:
    """Make this read transaction one consistent snapshot (PostgreSQL's default gives each
    statement its own). SQLite's read transaction is one snapshot already."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def _insert_state(session: Session, user_id: int) -> None:
    dialect = session.get_bind().dialect.name
    make = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = make(SyncState).values(user_id=user_id, last_st=0.0, reset_st=0.0)
    session.execute(stmt.on_conflict_do_nothing(index_elements=["user_id"]))


def bump_state(session: Session, user_id: int, now: float) -> Row:
    """Advance the user's cursor to max(now, last + STEP), locking the row until commit.

    Returns the row's new stamp (``last_st``), the stamp of the last forcereset (``reset_st``) and
    the write gate's input (``locked_before``, ``closed_until``, ``overlap_rule``: see
    punchclock.approval.lock). The row is made on first use.
    """
    params = {"uid": user_id, "now": now}
    connection = session.connection()  # Core: no ORM bookkeeping for a statement every write runs
    row = connection.execute(_bump(), params).first()
    if row is None:
        _insert_state(session, user_id)
        row = connection.execute(_bump(), params).one()
    return row


@functools.cache
def _bump() -> Any:
    # Built once (every write takes a stamp): constructing the statement is the costly part.
    following = SyncState.last_st + STEP
    now = bindparam("now", type_=Float)
    return (
        update(SyncState)
        .where(SyncState.user_id == bindparam("uid"))
        .values(last_st=case((following > now, following), else_=now))
        .returning(
            SyncState.last_st,
            SyncState.reset_st,
            SyncState.locked_before,
            SyncState.closed_until,
            SyncState.overlap_rule,
        )
        .execution_options(synchronize_session=False)
    )


def hold_states(session: Session, user_ids: Sequence[int]) -> None:
    """Lock these users' rows in user_id order (PostgreSQL), making missing ones first: a bulk
    change of several users never waits in a cycle with another (SQLite has one writer anyway)."""
    if not user_ids:
        return
    make = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    rows = [{"user_id": uid, "last_st": 0.0, "reset_st": 0.0} for uid in user_ids]
    session.execute(make(SyncState).values(rows).on_conflict_do_nothing(index_elements=["user_id"]))
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            select(SyncState.user_id)
            .where(SyncState.user_id.in_(sorted(user_ids)))
            .order_by(SyncState.user_id)
            .with_for_update()
        )


def bump_states(session: Session, user_ids: Sequence[int], now: float) -> list[Row]:
    """bump_state() for several users whose rows exist, in one statement: (user_id, ...its columns)."""
    following = SyncState.last_st + STEP
    stmt = (
        update(SyncState)
        .where(SyncState.user_id.in_(list(user_ids)))
        .values(last_st=case((following > now, following), else_=now))
        .returning(
            SyncState.user_id,
            SyncState.last_st,
            SyncState.reset_st,
            SyncState.locked_before,
            SyncState.closed_until,
            SyncState.overlap_rule,
        )
        .execution_options(synchronize_session=False)
    )
    return list(session.connection().execute(stmt))


def set_fences(session: Session, values: Sequence[dict[str, Any]]) -> None:
    """Store the write gate's input: dicts of ``uid`` and ``locked_before`` and/or ``closed_until``."""
    for keys, group in _by_keys(values).items():
        stmt = update(SyncState).where(SyncState.user_id == bindparam("uid"))
        stmt = stmt.values({k: bindparam(f"new_{k}") for k in keys})
        params = [{"uid": v["uid"], **{f"new_{k}": v[k] for k in keys}} for v in group]
        session.connection().execute(stmt.execution_options(synchronize_session=False), params)


def _by_keys(values: Sequence[dict[str, Any]]) -> dict[tuple[str, ...], list[dict[str, Any]]]:
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for value in values:
        groups.setdefault(tuple(sorted(k for k in value if k != "uid")), []).append(value)
    return groups


def read_fence(session: Session, user_id: int) -> Row | None:
    stmt = select(SyncState.locked_before, SyncState.closed_until, SyncState.overlap_rule)
    return session.execute(stmt.where(SyncState.user_id == user_id)).first()


def read_state(session: Session, user_id: int) -> tuple[float, float] | None:
    # Core on the session's connection with a statement built once: every poll reads this row,
    # and the ORM's execute() with a fresh select() cost several times the query.
    row = session.connection().execute(_read_state(), {"uid": user_id}).first()
    return (float(row.last_st), float(row.reset_st)) if row else None


@functools.cache
def _read_state() -> Any:
    return select(SyncState.last_st, SyncState.reset_st).where(SyncState.user_id == bindparam("uid"))


_PEEK_SQL = {
    "pyformat": "SELECT last_st, reset_st FROM sync_state WHERE user_id = %(uid)s",
    "named": "SELECT last_st, reset_st FROM sync_state WHERE user_id = :uid",
}


def peek_state(rows: Rows, user_id: int) -> tuple[float, float] | None:
    """read_state() as a hot read (Database.read_hot): one statement, its own snapshot."""
    found = rows.all(_PEEK_SQL[rows.paramstyle], {"uid": user_id})
    return (float(found[0][0]), float(found[0][1])) if found else None


def set_reset(session: Session, user_id: int, st: float) -> None:
    session.execute(update(SyncState).where(SyncState.user_id == user_id).values(reset_st=st))


# Records


def _records() -> Any:
    return select(*RECORD_COLUMNS).outerjoin(Project, Project.id == TimeEntry.project_id)


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]


def records_by_keys(session: Session, user_id: int, keys: Iterable[str]) -> list[Row]:
    wanted = sorted(set(keys))
    if not wanted:
        return []
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        # All keys in one JSON text parameter: one statement of one shape, whatever the batch, where
        # an IN list of hundreds of parameters costs SQLAlchemy more to build than SQLite to run.
        return list(
            connection.execute(_by_json_keys(), {"uid": user_id, "keys": orjson.dumps(wanted).decode()})
        )
    return list(connection.execute(_by_key_array(), {"uid": user_id, "keys": wanted}))


@functools.cache
def _by_key_array() -> Any:
    """PostgreSQL: the records whose keys are in the array ``keys``, each found by the (user_id,
    sync_key) index, one probe a key, whatever the planner knows of the table.

    A plain ``sync_key = ANY(:keys)`` (or an IN list) leaves the plan to the statistics, and a
    table that grew since its last ANALYZE (a first push of thousands of records, autovacuum slow
    or off) got a scan of all the user's rows per push: 67 ms at 150,000 rows against 6 here. The
    LIMIT keeps PostgreSQL from flattening the lateral subquery into a join it could plan that way;
    a generic plan, once psycopg prepares the statement, is this same one.
    """
    keys = (
        func.unnest(bindparam("keys", type_=postgresql.ARRAY(String))).table_valued("key").render_derived("k")
    )
    found = (
        _records()
        .where(TimeEntry.user_id == bindparam("uid"), TimeEntry.sync_key == keys.c.key)
        .limit(1)
        .lateral("r")
    )
    return select(found).select_from(keys).join(found, true())


@functools.cache
def _by_json_keys() -> Any:
    """SQLite: the records whose keys are in the JSON list ``keys`` (each found by the key index)."""
    keys: Any = select(literal_column("value")).select_from(func.json_each(bindparam("keys")))
    return _records().where(TimeEntry.user_id == bindparam("uid"), TimeEntry.sync_key.in_(keys))


def running_record(session: Session, user_id: int) -> Row | None:
    query = _records().where(TimeEntry.user_id == user_id, TimeEntry.end_at.is_(None))
    return session.execute(query).first()


def tagged_projects(session: Session, trackable: ColumnElement[bool]) -> list[Row]:
    """The projects with a tag that ``trackable`` (SQL over ``projects``) lets the pusher use."""
    query = select(Project.id, Project.tag, Project.billable).where(Project.tag.is_not(None), trackable)
    return list(session.execute(query).all())


def insert_entries(session: Session, rows: list[dict[str, Any]]) -> None:
    """Bulk INSERT; every dict has the same keys. On PostgreSQL, when the rows give every column,
    COPY: a third of the time of an INSERT per row, for pushes and imports of thousands of records.
    Otherwise one executemany of a statement compiled once, the rows handed to the driver as they
    are: these columns (integers, floats, text, booleans) need no type processing, and Core's
    per-row parameter handling cost a third as much as SQLite's inserting them."""
    if not rows:
        return
    connection = session.connection()
    if connection.dialect.name == "postgresql" and rows[0].keys() == _COPY_COLUMNS:
        _copy_entries(connection, rows)
        return
    compiled = insert(_ENTRIES).compile(dialect=connection.dialect, column_keys=list(rows[0]))
    names = compiled.positiontup
    if names is None:  # named parameters (psycopg): the dicts themselves
        connection.exec_driver_sql(compiled.string, rows)
    else:  # positional (SQLite's qmark)
        values = itemgetter(*names)
        connection.exec_driver_sql(compiled.string, [values(row) for row in rows])


# Every column but the id: the rows a push inserts (service._entry_row) name them all, so COPY,
# which applies no Python-side default, gets a value for each.
_COPY_COLUMNS = {column.name for column in _ENTRIES.columns if column.name != "id"}


def _copy_entries(connection: Connection, rows: list[dict[str, Any]]) -> None:
    names = sorted(_COPY_COLUMNS)
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(TimeEntry.__tablename__), sql.SQL(", ").join(map(sql.Identifier, names))
    )
    dbapi = cast("psycopg.Connection[Any]", connection.connection.dbapi_connection)
    try:
        with dbapi.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([row[name] for name in names])
    except psycopg.IntegrityError as exc:  # as SQLAlchemy would raise it: the caller answers 409
        raise IntegrityError("COPY time_entries", None, exc) from exc


def update_entries(session: Session, rows: list[dict[str, Any]]) -> None:
    """Bulk UPDATE by primary key; every dict carries ``id`` and the same other keys."""
    if not rows:
        return
    # Core takes the SET clause from the parameters' keys: every one but the row's id.
    stmt = update(_ENTRIES).where(_ENTRIES.c.id == bindparam("id_"))
    params = [{"id_" if key == "id" else key: value for key, value in row.items()} for row in rows]
    session.connection().execute(stmt, params)


def records_in_range(
    session: Session, user_id: int, t1: int, t2: int, running: bool | None, hidden: bool | None
) -> list[Row]:
    # Overlapping [t1, t2]; a running entry reaches to infinity. The (user_id, end_at) index finds
    # last week's entries among years of history; "start_at + 0" keeps both planners from picking
    # the start index instead, whose range "start_at <= t2" holds for nearly every row.
    query = _records().where(
        TimeEntry.user_id == user_id,
        (TimeEntry.end_at >= t1) | TimeEntry.end_at.is_(None),
        TimeEntry.start_at + 0 <= t2,
    )
    if running is not None:
        query = query.where(TimeEntry.end_at.is_(None) if running else TimeEntry.end_at.is_not(None))
    if hidden is not None:
        query = query.where(TimeEntry.deleted_at.is_not(None) if hidden else TimeEntry.deleted_at.is_(None))
    # Sorted here, not by ORDER BY: SQLite would walk the start index to avoid a sort.
    return sorted(session.execute(query).all(), key=lambda row: (row.start_at, row.id))


def users_on_project(session: Session, project_id: int) -> list[int]:
    """The users with entries on a project (whose rendered ds depends on the project's tag)."""
    query = select(TimeEntry.user_id).where(TimeEntry.project_id == project_id).distinct()
    query = query.order_by(TimeEntry.user_id)  # lock users in one order: no deadlock between two calls
    return list(session.scalars(query).all())


def stamp_project_entries(session: Session, user_id: int, project_id: int, st: float) -> None:
    session.execute(
        update(TimeEntry)
        .where(TimeEntry.user_id == user_id, TimeEntry.project_id == project_id)
        .values(st=st)
        .execution_options(synchronize_session=False)
    )


# Settings


def settings_by_keys(session: Session, user_id: int, keys: Iterable[str]) -> dict[str, Row]:
    found: dict[str, Row] = {}
    for chunk in _chunks(sorted(set(keys))):
        query = select(UserSetting.key, UserSetting.mt).where(
            UserSetting.user_id == user_id, UserSetting.key.in_(chunk)
        )
        found.update((row.key, row) for row in session.execute(query))
    return found


def insert_settings(session: Session, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(UserSetting), rows)


def update_settings(session: Session, user_id: int, rows: list[dict[str, Any]]) -> None:
    for row in rows:
        session.execute(
            update(UserSetting)
            .where(UserSetting.user_id == user_id, UserSetting.key == row["key"])
            .values(**{k: v for k, v in row.items() if k != "key"})
        )


def settings_since(session: Session, user_id: int, since: float | None) -> list[Row]:
    query = select(UserSetting.key, UserSetting.value, UserSetting.mt, UserSetting.st).where(
        UserSetting.user_id == user_id
    )
    if since is not None:
        query = query.where(UserSetting.st > since)
    return list(session.execute(query.order_by(UserSetting.st, UserSetting.key)).all())


# Token seeds


def _seed_column(kind: str) -> Any:
    return User.tt_api_seed if kind == "apitoken" else User.tt_web_seed


def replace_seed(session: Session, user_id: int, kind: str, seed: str) -> None:
    session.execute(update(User).where(User.id == user_id).values({_seed_column(kind): seed}))


def fill_seed(session: Session, user_id: int, kind: str, seed: str) -> None:
    """Set the seed only where there is none yet (a concurrent first use keeps its seed)."""
    column = _seed_column(kind)
    session.execute(update(User).where(User.id == user_id, column.is_(None)).values({column: seed}))


def seed_of(session: Session, user_id: int, kind: str) -> tuple[str, str]:
    """(username, seed of ``kind``)."""
    row = session.execute(select(User.username, _seed_column(kind)).where(User.id == user_id)).one()
    return row[0], row[1]
