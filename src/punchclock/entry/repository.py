"""Time-entry queries. Reads select plain columns (no ORM objects) for the hot list path."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, Select, bindparam, insert, select, update
from sqlalchemy.orm import Session

from punchclock.db import Rows
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


# The list is the hottest query in the API. It is written once per combination of filters as
# plain SQL and sent straight to the driver: building and compiling a SQLAlchemy statement per
# request cost more than running it. The inner query pages through time_entries alone; the joins
# only touch the page's rows.
#
# Notes: the total comes from a window count on PostgreSQL, which computes it cheaply in the same
# round trip. SQLite cannot stop at the page with a window in the query: it materializes and sorts
# every matching row (a week list took twice as long), so there the page walks the (user_id,
# start_at) index backwards and stops, and a separate COUNT runs only when the page is full. Both
# statements read the same snapshot, so the total matches the page.
_LIST_FILTERS = (
    ("user_id", "user_id = {}"),
    ("project_id", "project_id = {}"),
    ("task_id", "task_id = {}"),
    ("start", "start_at >= {}"),
    ("end", "start_at < {}"),
    ("billable", "billable = {}"),
)


def _list_where(mark: str, present: tuple[str, ...], include_active: bool) -> str:
    where = ["deleted_at IS NULL"]
    where += [clause.format(mark.format(name)) for name, clause in _LIST_FILTERS if name in present]
    if not include_active:
        where.append("end_at IS NOT NULL")
    return " AND ".join(where)


def _mark(paramstyle: str) -> str:
    return "%({})s" if paramstyle == "pyformat" else ":{}"


@functools.lru_cache(maxsize=256)
def _list_sql(paramstyle: str, present: tuple[str, ...], include_active: bool, window: bool) -> str:
    mark = _mark(paramstyle)
    limit, offset = mark.format("limit"), mark.format("offset")
    inner_total, outer_total = (", COUNT(*) OVER () AS total", ", e.total") if window else ("", "")
    # Only constants are spliced in; every value is a bound parameter.
    return (
        "SELECT e.id, e.user_id, u.username, e.project_id, p.name, e.task_id, t.name, e.start_at, "  # noqa: S608
        f"e.end_at, e.notes, e.tags, e.source, e.billable, e.created_at, e.updated_at{outer_total} "
        "FROM (SELECT id, user_id, project_id, task_id, start_at, end_at, notes, tags, source, billable, "
        f"created_at, updated_at{inner_total} FROM time_entries "
        f"WHERE {_list_where(mark, present, include_active)} "
        f"ORDER BY start_at DESC, id DESC LIMIT {limit} OFFSET {offset}) e "
        "JOIN users u ON u.id = e.user_id "
        "LEFT JOIN projects p ON p.id = e.project_id "
        "LEFT JOIN tasks t ON t.id = e.task_id "
        "ORDER BY e.start_at DESC, e.id DESC"
    )


@functools.lru_cache(maxsize=256)
def _count_sql(paramstyle: str, present: tuple[str, ...], include_active: bool) -> str:
    where = _list_where(_mark(paramstyle), present, include_active)
    return f"SELECT COUNT(*) FROM time_entries WHERE {where}"  # noqa: S608


def list_page(rows: Rows, f: EntryFilter, page: Page) -> tuple[list[tuple[Any, ...]], int]:
    """One page of entries as tuples in ``LIST_COLUMNS`` order, and the total."""
    params: dict[str, Any] = {
        name: getattr(f, name) for name, _ in _LIST_FILTERS if getattr(f, name) is not None
    }
    style, present, window = rows.paramstyle, tuple(params), not rows.is_sqlite
    sql = _list_sql(style, present, f.include_active, window)
    found = rows.all(sql, {**params, "limit": page.per_page, "offset": page.offset})
    if window and found:
        return [r[:-1] for r in found], found[0][-1]
    if (found and len(found) < page.per_page) or (not found and page.offset == 0):
        # A short page is the last one (and an empty first page means nothing matches).
        return found, page.offset + len(found)
    return found, rows.scalar(_count_sql(style, present, f.include_active), params) or 0


LIST_COLUMNS = (
    "id", "user_id", "username", "project_id", "project_name", "task_id", "task_name", "start_at",
    "end_at", "notes", "tags", "source", "billable", "created_at", "updated_at",
)  # fmt: skip


@functools.cache
def _by_id() -> Select:
    # Built once: constructing the statement costs more than running it on the hot write paths.
    return _joined(select(*_COLUMNS)).where(
        TimeEntry.id == bindparam("entry_id"), TimeEntry.deleted_at.is_(None)
    )


def get_row(session: Session, entry_id: int) -> Row | None:
    return session.execute(_by_id(), {"entry_id": entry_id}).first()


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


def add_many(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert finished entries in one executemany (imports: thousands at a time)."""
    if rows:
        session.execute(insert(TimeEntry), rows)


def existing_keys(session: Session, user_id: int, keys: list[str]) -> set[str]:
    """Which of ``keys`` a user's entries (tombstones included) already carry."""
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        query = select(TimeEntry.sync_key).where(TimeEntry.user_id == user_id, TimeEntry.sync_key.in_(chunk))
        found.update(session.scalars(query))
    return found


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
