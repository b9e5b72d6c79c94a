"""The sync feed's queries (``updates?since=``): a user's records stamped after a cursor, each as its
stored JSON when it has a valid one, else as the fields it is rendered from (see sync.feed)."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from itertools import islice
from typing import Any

import orjson
import psycopg
from psycopg.types.string import ByteaBinaryLoader
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
# libpq 17 hands a streamed result over in chunks (psycopg's stream(size=)); older ones row by row.
CHUNKED_ROWS = psycopg.pq.version() >= 170000
# What the feed reads of a record it renders, in this order (see feed._records_json).
FEED_COLUMNS = (
    TimeEntry.sync_key,
    TimeEntry.start_at + TimeEntry.break_seconds,  # t1 (see service.record: breaks)
    func.coalesce(TimeEntry.end_at, TimeEntry.start_at + TimeEntry.break_seconds),  # t2: t1 while running
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
    answer as it is. The rows come straight from the driver in this session's transaction, so
    memory stays flat: SQLite's cursor steps through them; PostgreSQL streams them (see _postgres).
    """
    connection = session.connection()
    statement, names = _feed_statement(connection.dialect.name, since is not None)
    params = {"uid": user_id, "since": since}
    if connection.dialect.name == "sqlite":
        return _sqlite(connection, statement, [params[name] for name in names], batch)
    return _postgres(connection, statement, params, batch)


def _sqlite(
    connection: Connection, statement: str, params: list[Any], batch: int
) -> Iterator[tuple[bytes, list[Any]]]:
    """One column a row: the stored record as bytes (CAST AS BLOB) or else the id (int)."""
    cursor = _dbapi(connection).cursor()
    cursor.execute(statement, params)
    try:
        while rows := cursor.fetchmany(batch):
            values = [row[0] for row in rows]
            stored = [v for v in values if v.__class__ is bytes]
            ids = [] if len(stored) == len(values) else [v for v in values if v.__class__ is int]
            yield b",".join(stored), _to_render(connection, ids) if ids else []
    finally:
        cursor.close()


def _postgres(
    connection: Connection, statement: str, params: dict[str, Any], batch: int
) -> Iterator[tuple[bytes, list[Any]]]:
    """Two columns a row, in binary: the stored record (bytes) or NULL, the id or NULL.

    The server sends the rows in one stream that libpq hands over ``batch`` at a time (chunked rows
    mode, libpq 17 and later; one row at a time before), so PostgreSQL produces the next rows while
    this process writes the last ones out; a server-side cursor would wait for a round trip per
    chunk. The connection serves nothing else while it streams, so the rows to render are read by
    id once the stream has ended (their ids are a few bytes each, whatever the history).
    """
    cursor = _dbapi(connection).cursor(binary=True)
    cursor.adapters.register_loader("text", ByteaBinaryLoader)  # the stored UTF-8 as it is, as bytes
    rows_in = cursor.stream(statement, params, size=batch if CHUNKED_ROWS else 1)
    ids: list[int] = []
    try:
        while rows := list(islice(rows_in, batch)):
            ids += [row_id for _, row_id in rows if row_id is not None]
            joined = b",".join([record for record, _ in rows if record is not None])
            if joined:
                yield joined, []
    finally:
        rows_in.close()  # an abandoned stream: psycopg cancels the query and drains the connection
        cursor.close()
    for start in range(0, len(ids), batch):
        yield b"", _to_render(connection, ids[start : start + batch])


def _dbapi(connection: Connection) -> Any:
    dbapi = connection.connection.dbapi_connection
    assert dbapi is not None
    return dbapi


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
    cursor = _dbapi(connection).cursor()
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
