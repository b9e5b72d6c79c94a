"""Queries of the overlap rule: a user's entries sharing time with a span."""

from __future__ import annotations

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from punchclock.models import TimeEntry

E = TimeEntry


def neighbours(
    session: Session, user_id: int, lo: int, hi: int, exclude_id: int | None, now: int
) -> list[Row]:
    """The user's live entries sharing time with [lo, hi) (a running one reaches now), earliest first."""
    stmt = select(E.id, E.start_at, E.end_at, E.notes).where(
        E.user_id == user_id,
        E.deleted_at.is_(None),
        E.start_at < hi,
        func.coalesce(E.end_at, now) > lo,
    )
    if exclude_id is not None:
        stmt = stmt.where(E.id != exclude_id)
    return list(session.execute(stmt.order_by(E.start_at).limit(5)))
