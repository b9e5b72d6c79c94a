"""Queries of sign-off: timesheet periods, the owners' running timers, and a period's entries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Row, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from punchclock.models import Absence, Project, SyncState, TimeEntry, TimesheetPeriod, User
from punchclock.models.timesheet_period import LOCKING

P = TimesheetPeriod


def locked_spans(session: Session, user_id: int, since: int) -> list[Row]:
    """The user's approved and closed periods ending after ``since``: (start_at, end_at, id, status,
    period_start, period_end), earliest first."""
    stmt = (
        select(P.start_at, P.end_at, P.id, P.status, P.period_start, P.period_end)
        .where(P.user_id == user_id, P.status.in_(LOCKING), P.end_at > since)
        .order_by(P.start_at)
    )
    return list(session.execute(stmt))


def last_locked_end(session: Session, user_id: int) -> int:
    found = session.scalar(select(func.max(P.end_at)).where(P.user_id == user_id, P.status.in_(LOCKING)))
    return int(found or 0)


def get(session: Session, period_id: int) -> TimesheetPeriod | None:
    return session.get(P, period_id)


def get_many(session: Session, ids: Sequence[int]) -> list[TimesheetPeriod]:
    return list(session.scalars(select(P).where(P.id.in_(ids)).order_by(P.id)))


def refresh(session: Session, periods: Sequence[TimesheetPeriod]) -> None:
    """Read these periods again (one query), as committed now that their owners' rows are held."""
    if periods:
        stmt = select(P).where(P.id.in_([p.id for p in periods])).execution_options(populate_existing=True)
        list(session.scalars(stmt))


def find(session: Session, user_id: int, period_start: date) -> TimesheetPeriod | None:
    return session.scalar(select(P).where(P.user_id == user_id, P.period_start == period_start))


def overlapping(session: Session, user_id: int, start_at: int, end_at: int) -> TimesheetPeriod | None:
    """One of the user's periods sharing time with [start_at, end_at), if any."""
    stmt = select(P).where(P.user_id == user_id, P.start_at < end_at, P.end_at > start_at).limit(1)
    return session.scalar(stmt)


def insert_missing(session: Session, values: list[dict[str, Any]]) -> None:
    """Insert periods, skipping any whose (user, start) exists: many requests may make the same one."""
    if not values:
        return
    make = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    stmt = make(P).values(values).on_conflict_do_nothing(index_elements=["user_id", "period_start"])
    session.execute(stmt)


def remove(session: Session, period: TimesheetPeriod) -> None:
    session.execute(delete(P).where(P.id == period.id))


def listing(
    session: Session,
    user_ids: Sequence[int] | None,
    statuses: Sequence[str] | None,
    start: date | None,
    end: date | None,
    limit: int,
) -> list[Row]:
    """Periods with their owner's name, newest first; ``user_ids`` None = everybody's."""
    stmt = select(P, User.username).join(User, User.id == P.user_id)
    if user_ids is not None:
        stmt = stmt.where(P.user_id.in_(user_ids))
    if statuses:
        stmt = stmt.where(P.status.in_(statuses))
    if start is not None:
        stmt = stmt.where(P.period_end >= start)
    if end is not None:
        stmt = stmt.where(P.period_start <= end)
    return list(session.execute(stmt.order_by(P.period_start.desc(), P.user_id).limit(limit)))


def usernames(session: Session, user_ids: Sequence[int]) -> dict[int, str]:
    rows = session.execute(select(User.id, User.username).where(User.id.in_(user_ids)))
    return {row.id: row.username for row in rows}


def running_before(session: Session, user_ids: Sequence[int], before: int) -> Row | None:
    """A running timer of one of these users that started before ``before``, if any: (user_id, id)."""
    e = TimeEntry
    stmt = select(e.user_id, e.id).where(
        e.user_id.in_(user_ids), e.end_at.is_(None), e.deleted_at.is_(None), e.start_at < before
    )
    return session.execute(stmt.limit(1)).first()


def entries_between(session: Session, user_id: int, start_at: int, end_at: int) -> list[Row]:
    """The user's live entries starting in [start_at, end_at), with their project's name."""
    e = TimeEntry
    stmt = (
        select(
            e.start_at, e.end_at, e.paused_at, e.break_seconds, e.project_id, Project.name.label("project")
        )
        .outerjoin(Project, Project.id == e.project_id)
        .where(e.user_id == user_id, e.deleted_at.is_(None), e.start_at >= start_at, e.start_at < end_at)
    )
    return list(session.execute(stmt))


def users_zones(session: Session, user_ids: Sequence[int] | None = None) -> list[Row]:
    """(id, timezone, week_start) of these users (None: all)."""
    stmt = select(User.id, User.timezone, User.week_start)
    if user_ids is not None:
        stmt = stmt.where(User.id.in_(user_ids))
    return list(session.execute(stmt))


def entries_referencing_task_before(session: Session, task_id: int) -> bool:
    """Whether an entry on this task starts before its owner's closed time ends (it is locked)."""
    e = TimeEntry
    stmt = (
        select(e.id)
        .join(SyncState, SyncState.user_id == e.user_id)
        .where(e.task_id == task_id, e.start_at < SyncState.closed_until)
        .limit(1)
    )
    return session.execute(stmt).first() is not None


def running_starts(session: Session) -> list[Row]:
    """(user_id, start_at) of every running timer."""
    e = TimeEntry
    return list(
        session.execute(select(e.user_id, e.start_at).where(e.end_at.is_(None), e.deleted_at.is_(None)))
    )


def last_locked_ends(session: Session) -> dict[int, int]:
    """Each user's latest end of an approved or closed period."""
    stmt = select(P.user_id, func.max(P.end_at)).where(P.status.in_(LOCKING)).group_by(P.user_id)
    return {uid: int(end) for uid, end in session.execute(stmt)}


def running_starts_of(session: Session, user_ids: Sequence[int]) -> dict[int, int]:
    """The start of each of these users' running timer (those with one)."""
    e = TimeEntry
    stmt = select(e.user_id, e.start_at).where(
        e.user_id.in_(list(user_ids)), e.end_at.is_(None), e.deleted_at.is_(None)
    )
    return {int(row.user_id): int(row.start_at) for row in session.execute(stmt)}


def pending_absence(session: Session, user_id: int, first: date, last: date) -> int | None:
    """The id of one of the user's submitted absences sharing a day with ``first``..``last``, if any."""
    a = Absence
    stmt = select(a.id).where(
        a.user_id == user_id, a.status == "submitted", a.end_date >= first, a.start_date <= last
    )
    return session.scalar(stmt.limit(1))
