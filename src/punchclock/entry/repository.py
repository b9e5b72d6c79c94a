"""Time-entry queries. Reads select plain columns (no ORM objects) for the hot list path."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Row, Select, delete, func, select, update
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


def list_page(session: Session, f: EntryFilter, page: Page) -> tuple[list[Row], int]:
    total = session.scalar(_where(select(func.count(TimeEntry.id)), f)) or 0
    if total <= page.offset:
        return [], total
    query = _where(_joined(select(*_COLUMNS)), f)
    query = query.order_by(TimeEntry.start_at.desc(), TimeEntry.id.desc())
    rows = session.execute(query.offset(page.offset).limit(page.per_page)).all()
    return list(rows), total


def get_row(session: Session, entry_id: int) -> Row | None:
    return session.execute(_joined(select(*_COLUMNS)).where(TimeEntry.id == entry_id)).first()


def get(session: Session, entry_id: int) -> TimeEntry | None:
    return session.get(TimeEntry, entry_id)


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


def stop_running(session: Session, user_id: int, end_at: int, now: int) -> int | None:
    """Stop the running entry, if any, in one statement; returns its id."""
    entry = running(session, user_id)
    if entry is None:
        return None
    result = session.execute(
        update(TimeEntry)
        .where(TimeEntry.id == entry.id, TimeEntry.end_at.is_(None))
        .values(end_at=end_at, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return entry.id if result.rowcount else None  # type: ignore[attr-defined]


def delete_entry(session: Session, entry_id: int) -> None:
    session.execute(delete(TimeEntry).where(TimeEntry.id == entry_id))
