"""The queries of the timesheet's cell changes: a user's entries of one day, and tombstones."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Row, or_, select
from sqlalchemy.orm import Session

from punchclock.models import TimeEntry


def day_entries(session: Session, user_id: int, lo: int, hi: int) -> Sequence[Row]:
    """The user's live entries sharing time with [lo, hi), the running one included:
    (id, project_id, task_id, start_at, end_at, break_seconds)."""
    query = select(
        TimeEntry.id, TimeEntry.project_id, TimeEntry.task_id, TimeEntry.start_at, TimeEntry.end_at,
        TimeEntry.break_seconds,
    ).where(
        TimeEntry.user_id == user_id,
        TimeEntry.deleted_at.is_(None),
        TimeEntry.start_at < hi,
        or_(TimeEntry.end_at.is_(None), TimeEntry.end_at > lo),
    )  # fmt: skip
    return session.execute(query).all()


def versions(session: Session, ids: Sequence[int]) -> dict[int, float]:
    """The sync stamp of each entry, tombstones included: it changes with every write to it."""
    rows = session.execute(select(TimeEntry.id, TimeEntry.st).where(TimeEntry.id.in_(ids))).all()
    return {row.id: row.st for row in rows}


def get_any(session: Session, entry_id: int) -> TimeEntry | None:
    """An entry, live or a tombstone."""
    return session.get(TimeEntry, entry_id)
