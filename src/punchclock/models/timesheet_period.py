from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ColumnElement,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    exists,
)
from sqlalchemy.orm import Mapped, mapped_column

from punchclock.models.base import Base

STATUSES = ("draft", "submitted", "approved", "rejected", "closed")
LOCKING = ("approved", "closed")


class TimesheetPeriod(Base):
    """A user's week or month of time on its way to sign-off (punchclock.approval).

    ``period_start``/``period_end`` are the local dates (the end inclusive, as TimeTracker shows
    them); ``start_at``/``end_at`` the instants they meant in the owner's time zone when the period
    was made, which is what the lock compares entries with. An approved or closed period is locked:
    the owner's ``sync_state.closed_until`` reaches at least its end (punchclock.approval.lock).
    ``approved_st`` is the owner's sync stamp taken by the approval: every later change of the
    owner's entries carries a larger one, which is how the race tests prove nothing slipped in.
    """

    __tablename__ = "timesheet_periods"
    __table_args__ = (
        UniqueConstraint("user_id", "period_start"),
        CheckConstraint("end_at > start_at", name="span"),
        CheckConstraint("period_end >= period_start", name="dates"),
        CheckConstraint("period_type IN ('weekly', 'monthly')", name="period_type"),
        CheckConstraint("status IN ('draft', 'submitted', 'approved', 'rejected', 'closed')", name="status"),
        Index("ix_timesheet_periods_user_id_start_at", "user_id", "start_at"),
        Index("ix_timesheet_periods_status_user_id", "status", "user_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    period_type: Mapped[str] = mapped_column(String(8))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    start_at: Mapped[int] = mapped_column(BigInteger)
    end_at: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    submitted_at: Mapped[int | None] = mapped_column(BigInteger)
    submitted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    approved_at: Mapped[int | None] = mapped_column(BigInteger)
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    approval_comment: Mapped[str | None] = mapped_column(Text)
    approved_st: Mapped[float | None] = mapped_column(Float)
    rejected_at: Mapped[int | None] = mapped_column(BigInteger)
    rejected_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[int | None] = mapped_column(BigInteger)
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    close_reason: Mapped[str | None] = mapped_column(Text)
    reopened_at: Mapped[int | None] = mapped_column(BigInteger)
    reopened_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reopen_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[int] = mapped_column(BigInteger)


def approved_time(user_id: Any, start_at: Any) -> ColumnElement[bool]:
    """True for an entry of ``user_id`` starting at ``start_at`` inside an approved or closed period
    (reports' "approved time only")."""
    p = TimesheetPeriod
    return exists().where(
        p.user_id == user_id,
        p.status.in_(LOCKING),
        p.start_at <= start_at,
        p.end_at > start_at,
    )
