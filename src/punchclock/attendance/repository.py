"""Attendance's queries: the caller's running entry and the entries reaching into a span of days.

Attendance keeps no table of its own (a workday is a timer entry, see punchclock.attendance.service);
these read ``time_entries`` as plain rows for the TimeTracker shapes, as the overlap rule does.
"""

from __future__ import annotations

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from punchclock.models import TimeEntry

E = TimeEntry
_COLUMNS = (E.id, E.user_id, E.start_at, E.end_at, E.paused_at, E.break_seconds, E.source, E.notes)


def running(session: Session, user_id: int) -> Row | None:
    """The user's running entry (by the one-running-timer index), or None."""
    return session.execute(select(*_COLUMNS).where(E.user_id == user_id, E.end_at.is_(None))).first()


def entry(session: Session, entry_id: int) -> Row | None:
    return session.execute(select(*_COLUMNS).where(E.id == entry_id)).first()


def reaching(session: Session, user_id: int, lo: int, hi: int, now: int) -> list[Row]:
    """The user's live entries sharing time with [lo, hi) (a running one reaches now), by start."""
    stmt = select(*_COLUMNS).where(
        E.user_id == user_id,
        E.deleted_at.is_(None),
        E.start_at < hi,
        func.coalesce(E.end_at, now) > lo,
    )
    return list(session.execute(stmt.order_by(E.start_at, E.id)))
