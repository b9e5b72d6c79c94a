"""Queries of absences and their types."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from punchclock.models import Absence, AbsenceType, User, WorkAdjustment
from punchclock.models.absence import LIVE

A, T = Absence, AbsenceType


def types(session: Session, enabled_only: bool = False) -> list[AbsenceType]:
    stmt = select(T).order_by(T.name)
    if enabled_only:
        stmt = stmt.where(T.enabled.is_(True))
    return list(session.scalars(stmt))


def get_type(session: Session, type_id: int) -> AbsenceType | None:
    return session.get(T, type_id)


def type_in_use(session: Session, type_id: int) -> bool:
    return session.scalar(select(A.id).where(A.type_id == type_id).limit(1)) is not None


def get(session: Session, absence_id: int) -> Absence | None:
    return session.get(A, absence_id)


def listing(
    session: Session,
    user_ids: Sequence[int] | None,
    statuses: Sequence[str] | None,
    first: date | None,
    last: date | None,
    limit: int,
) -> list[Row]:
    """(absence, type, username) newest start first; ``user_ids`` None = everybody's. A date filter
    keeps the absences sharing a day with it."""
    stmt = select(A, T, User.username).join(T, T.id == A.type_id).join(User, User.id == A.user_id)
    if user_ids is not None:
        stmt = stmt.where(A.user_id.in_(user_ids))
    if statuses:
        stmt = stmt.where(A.status.in_(statuses))
    if first is not None:
        stmt = stmt.where(A.end_date >= first)
    if last is not None:
        stmt = stmt.where(A.start_date <= last)
    return list(session.execute(stmt.order_by(A.start_date.desc(), A.id.desc()).limit(limit)))


def live_between(
    session: Session, user_id: int, first: date, last: date, other_than: int | None
) -> list[Absence]:
    """The user's submitted and approved absences sharing a day with ``first``..``last``."""
    stmt = select(A).where(
        A.user_id == user_id, A.status.in_(LIVE), A.end_date >= first, A.start_date <= last
    )
    if other_than is not None:
        stmt = stmt.where(A.id != other_than)
    return list(session.scalars(stmt))


def of_users(
    session: Session, user_ids: Collection[int], first: date, last: date, statuses: Sequence[str] = LIVE
) -> list[Row]:
    """(absence, type) of these users sharing a day with ``first``..``last`` (index user_id, end_date)."""
    stmt = (
        select(A, T)
        .join(T, T.id == A.type_id)
        .where(
            A.user_id.in_(list(user_ids)), A.end_date >= first, A.start_date <= last, A.status.in_(statuses)
        )
        .order_by(A.user_id, A.start_date)
    )
    return list(session.execute(stmt))


def users(session: Session, user_ids: Collection[int] | None) -> list[Row]:
    """(id, username, timezone) of these users (None: all), by name."""
    stmt = select(User.id, User.username, User.timezone)
    if user_ids is not None:
        stmt = stmt.where(User.id.in_(list(user_ids)))
    return list(session.execute(stmt.order_by(User.username)))


def add(session: Session, row: Absence | AbsenceType) -> None:
    session.add(row)
    session.flush()


def delete(session: Session, row: Absence | AbsenceType) -> None:
    session.delete(row)
    session.flush()


def vacation_adjustments(session: Session, user_id: int, last: date) -> list[Row]:
    """(day, vacation_half_days) of the user's adjustments that move vacation, up to ``last``."""
    w = WorkAdjustment
    stmt = select(w.day, w.vacation_half_days).where(
        w.user_id == user_id, w.vacation_half_days != 0, w.day <= last
    )
    return list(session.execute(stmt))


def awaiting(session: Session, submitted_before: int) -> list[Row]:
    """Submitted absences waiting since before ``submitted_before``, with their owner's name and type."""
    query = (
        select(Absence.id, Absence.user_id, User.username, Absence.start_date, Absence.end_date,
               AbsenceType.name, Absence.submitted_at)
        .join(User, User.id == Absence.user_id)
        .join(AbsenceType, AbsenceType.id == Absence.type_id)
        .where(Absence.status == "submitted", Absence.submitted_at <= submitted_before)
        .order_by(Absence.id)
    )  # fmt: skip
    return list(session.execute(query))
