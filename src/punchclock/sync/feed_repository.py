"""The sync feed's queries (``updates?since=``): a user's records stamped after a cursor, each as its
stored JSON when it has a valid one, else as the fields it is rendered from (see sync.feed)."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import orjson
from sqlalchemy import Float, Integer, LargeBinary, and_, bindparam, case, func, literal_column, select
from sqlalchemy import cast as sql_cast
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from punchclock.models import Project, TimeEntry

# A row's stored record (sync.service.stored_record) counts only while the row still has the stamp
# it was stored with (every writer stamps, and only sync pushes store it) and its project has no
# tag (a tag rendered into ds could have been renamed; a push stores none for a tagged project's
# entry, and a tag change re-stamps, but the feed does not rely on that alone).
STORED = and_(
    TimeEntry.sync_record_st == TimeEntry.st, TimeEntry.sync_record.is_not(None), Project.tag.is_(None)
)
# What the feed reads of a record it renders, in this order (see feed._records_json).
FEED_COLUMNS = (
    TimeEntry.sync_key,
    TimeEntry.start_at,
    func.coalesce(TimeEntry.end_at, TimeEntry.start_at),  # t2: t1 while running
    TimeEntry.mt,
    TimeEntry.st,
    TimeEntry.notes,
    TimeEntry.tags,
    Project.tag,
    TimeEntry.deleted_at,
)


def feed_since(
    session: Session, user_id: int, since: float | None, batch: int
) -> Iterator[tuple[bytes, list[Any]]]:
    """Every record stamped after ``since`` (all when None), ``batch`` at a time, in no particular
    order: pairs of (the stored records among them as JSON objects joined by commas, FEED_COLUMNS
    tuples of the others, to render).

    One pass over the user's rows reads, for each, its stored record (see STORED) or else its id,
    and the rows to render are then read by id: at 100,000 records every column the driver makes an
    object of costs more than the query itself, so a stored record is one value, copied into the
    answer as it is (SQLite hands it over as bytes). The rows come straight from the driver's
    cursor in this session's transaction, a server-side cursor on PostgreSQL, so memory stays flat.
    """
    connection = session.connection()
    qmark = connection.dialect.name == "sqlite"
    statement, names = _feed_statement(connection.dialect.name, since is not None)
    dbapi = connection.connection.dbapi_connection
    assert dbapi is not None
    params = {"uid": user_id, "since": since}
    if qmark:  # SQLite
        cursor = dbapi.cursor()
        cursor.execute(statement, [params[name] for name in names])
    else:  # PostgreSQL (psycopg): a named cursor reads on the server, ``batch`` rows at a time
        cursor = dbapi.cursor(name="punchclock_feed")
        cursor.execute(statement, params)
    try:
        while rows := cursor.fetchmany(batch):
            if qmark:  # one column: the stored record (bytes) or the id (int)
                values = [row[0] for row in rows]
                stored = [v for v in values if v.__class__ is bytes]
                ids = [] if len(stored) == len(values) else [v for v in values if v.__class__ is int]
                joined = b",".join(stored)
            else:  # the stored record (text) or NULL, the id or NULL
                joined = ",".join([record for record, _ in rows if record is not None]).encode()
                ids = [row_id for _, row_id in rows if row_id is not None]
            yield joined, _to_render(connection, ids) if ids else []
    finally:
        cursor.close()


@functools.cache
def _feed_statement(dialect_name: str, has_since: bool) -> tuple[str, tuple[str, ...]]:
    """The feed's pass over a user's rows, compiled once: (SQL, names of its qmark parameters)."""
    dialect = sqlite.dialect() if dialect_name == "sqlite" else postgresql.dialect()
    if dialect_name == "sqlite":
        record = sql_cast(TimeEntry.sync_record, LargeBinary)
        columns: list[Any] = [case((STORED, record), else_=TimeEntry.id)]
    else:
        columns = [case((STORED, TimeEntry.sync_record)), case((STORED, None), else_=TimeEntry.id)]
    query = (
        select(*columns)
        .select_from(TimeEntry)
        .outerjoin(Project, Project.id == TimeEntry.project_id)
        .where(TimeEntry.user_id == bindparam("uid"))
    )
    if has_since:
        query = query.where(TimeEntry.st > bindparam("since", type_=Float))
    compiled = query.compile(dialect=dialect)
    return compiled.string, tuple(compiled.positiontup or ())


def _to_render(connection: Connection, ids: list[int]) -> list[Any]:
    """FEED_COLUMNS of these rows, in this transaction."""
    statement, names = _render_statement(connection.dialect.name)
    dbapi = connection.connection.dbapi_connection
    assert dbapi is not None
    cursor = dbapi.cursor()
    try:
        if names:  # SQLite: the ids as one JSON list
            cursor.execute(statement, [orjson.dumps(ids).decode()])
        else:
            cursor.execute(statement, {"ids": ids})
        return list(cursor.fetchall())
    finally:
        cursor.close()


@functools.cache
def _render_statement(dialect_name: str) -> tuple[str, tuple[str, ...]]:
    query = select(*FEED_COLUMNS).outerjoin(Project, Project.id == TimeEntry.project_id)
    if dialect_name == "sqlite":
        ids: Any = select(literal_column("value")).select_from(func.json_each(bindparam("ids")))
        query = query.where(TimeEntry.id.in_(ids))
        compiled = query.compile(dialect=sqlite.dialect())
    else:
        query = query.where(TimeEntry.id == func.any(bindparam("ids", type_=postgresql.ARRAY(Integer))))
        compiled = query.compile(dialect=postgresql.dialect())
    return compiled.string, tuple(compiled.positiontup or ())
