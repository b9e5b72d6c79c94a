"""Time-entry queries. Reads select plain columns (no ORM objects) for the hot list path."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, Select, func, select, update
from sqlalchemy.orm import Session

from punchclock.kit.pagination import Page
from punchclock.models import Project, Task, TimeEntry, User

_COLUMNS = (
    TimeEntry.id,
    TimeEntry.user_id,
    User.username,
    TimeEntry.project_id,
    Project.name.label("project_name"),
    TimeEntry.task_id,
    Task.name.label("task_name"),
    TimeEntry.start_at,
    TimeEntry.end_at,
    TimeEntry.notes,
    TimeEntry.tags,
    TimeEntry.source,
    TimeEntry.billable,
    TimeEntry.created_at,
    TimeEntry.updated_at,
)


@dataclass(frozen=True, slots=True)
class EntryFilter:
    user_id: int | None = None
    project_id: int | None = None
    task_id: int | None = None
    start: int | None = None  # entries starting at or after
    end: int | None = None  # entries starting before
    billable: bool | None = None
    include_active: bool = False


def _joined(query: Select) -> Select:
    return (
        query.join(User, User.id == TimeEntry.user_id)
        .outerjoin(Project, Project.id == TimeEntry.project_id)
        .outerjoin(Task, Task.id == TimeEntry.task_id)
    )


def _where(query: Select, f: EntryFilter) -> Select:
    query = query.where(TimeEntry.deleted_at.is_(None))  # tombstones are for the sync API only
    if f.user_id is not None:
        query = query.where(TimeEntry.user_id == f.user_id)
    if f.project_id is not None:
        query = query.where(TimeEntry.project_id == f.project_id)
    if f.task_id is not None:
        query = query.where(TimeEntry.task_id == f.task_id)
    if f.start is not None:
        query = query.where(TimeEntry.start_at >= f.start)
    if f.end is not None:
        query = query.where(TimeEntry.start_at < f.end)
    if f.billable is not None:
        query = query.where(TimeEntry.billable.is_(f.billable))
    if not f.include_active:
        query = query.where(TimeEntry.end_at.is_not(None))
    return query


# The list is the hottest query in the API. It is written once per combination of filters as
# plain SQL and sent straight to the driver: building and compiling a SQLAlchemy statement per
# request cost more than running it. The inner query pages through time_entries alone (with the
# total as a window count); the joins only touch the page's rows.
_LIST_FILTERS = (
    ("user_id", "user_id = {}"),
    ("project_id", "project_id = {}"),
    ("task_id", "task_id = {}"),
    ("start", "start_at >= {}"),
    ("end", "start_at < {}"),
    ("billable", "billable = {}"),
)


@functools.lru_cache(maxsize=256)
def _list_sql(paramstyle: str, present: tuple[str, ...], include_active: bool) -> str:
    mark = "%({})s" if paramstyle == "pyformat" else ":{}"
    where = ["deleted_at IS NULL"]
    where += [clause.format(mark.format(name)) for name, clause in _LIST_FILTERS if name in present]
    if not include_active:
        where.append("end_at IS NOT NULL")
    limit, offset = mark.format("limit"), mark.format("offset")
    # Only constants are spliced in; every value is a bound parameter.
    return (
        "SELECT e.id, e.user_id, u.username, e.project_id, p.name, e.task_id, t.name, e.start_at, "  # noqa: S608
        "e.end_at, e.notes, e.tags, e.source, e.billable, e.created_at, e.updated_at, e.total "
        "FROM (SELECT id, user_id, project_id, task_id, start_at, end_at, notes, tags, source, billable, "
        "created_at, updated_at, COUNT(*) OVER () AS total FROM time_entries "
        f"WHERE {' AND '.join(where)} ORDER BY start_at DESC, id DESC LIMIT {limit} OFFSET {offset}) e "
        "JOIN users u ON u.id = e.user_id "
        "LEFT JOIN projects p ON p.id = e.project_id "
        "LEFT JOIN tasks t ON t.id = e.task_id "
        "ORDER BY e.start_at DESC, e.id DESC"
    )


def list_page(session: Session, f: EntryFilter, page: Page) -> tuple[list[tuple[Any, ...]], int]:
    """One page of entries as tuples in ``LIST_COLUMNS`` order, and the total."""
    params: dict[str, Any] = {
        name: getattr(f, name) for name, _ in _LIST_FILTERS if getattr(f, name) is not None
    }
    conn = session.connection()
    sql = _list_sql(conn.dialect.paramstyle, tuple(params), f.include_active)
    params.update(limit=page.per_page, offset=page.offset)
    rows = conn.exec_driver_sql(sql, params).all()
    if rows:
        return [tuple(r) for r in rows], rows[0][-1]
    total = session.scalar(_where(select(func.count(TimeEntry.id)), f)) or 0
    return [], total


LIST_COLUMNS = (
    "id", "user_id", "username", "project_id", "project_name", "task_id", "task_name", "start_at",
    "end_at", "notes", "tags", "source", "billable", "created_at", "updated_at",
)  # fmt: skip


def get_row(session: Session, entry_id: int) -> Row | None:
    query = _joined(select(*_COLUMNS)).where(TimeEntry.id == entry_id, TimeEntry.deleted_at.is_(None))
    return session.execute(query).first()


def live_rows_by_keys(session: Session, user_id: int, keys: list[str]) -> list[tuple[str, Sequence[Any]]]:
    query = _joined(select(TimeEntry.sync_key, *_COLUMNS)).where(
        TimeEntry.user_id == user_id, TimeEntry.sync_key.in_(keys), TimeEntry.deleted_at.is_(None)
    )
    return [(row[0], row[1:]) for row in session.execute(query).all()]


def get(session: Session, entry_id: int) -> TimeEntry | None:
    """A live entry (not a tombstone), for changing it."""
    entry = session.get(TimeEntry, entry_id)
    return entry if entry is not None and entry.deleted_at is None else None


def running_row(session: Session, user_id: int) -> Row | None:
    query = _joined(select(*_COLUMNS)).where(TimeEntry.user_id == user_id, TimeEntry.end_at.is_(None))
    return session.execute(query).first()


def running(session: Session, user_id: int) -> TimeEntry | None:
    query = select(TimeEntry).where(TimeEntry.user_id == user_id, TimeEntry.end_at.is_(None))
    return session.scalars(query).first()


def add(session: Session, entry: TimeEntry) -> TimeEntry:
    session.add(entry)
    session.flush()
    return entry


def stop_entry(session: Session, entry_id: int, end_at: int, now: int, mt: float, st: float) -> bool:
    """Stop a running entry in one statement; False if it was no longer running."""
    result = session.execute(
        update(TimeEntry)
        .where(TimeEntry.id == entry_id, TimeEntry.end_at.is_(None))
        .values(end_at=end_at, updated_at=now, mt=mt, st=st)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def bury(session: Session, entry: TimeEntry, now: int, mt: float, st: float) -> None:
    """Make the entry a tombstone, kept so the deletion syncs; a running one ends now."""
    if entry.end_at is None:
        entry.end_at = max(entry.start_at + 1, now)
    entry.deleted_at = now
    entry.updated_at = now
    entry.mt, entry.st = mt, st
    session.flush()
