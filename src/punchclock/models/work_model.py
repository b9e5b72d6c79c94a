"""Working-time targets: a user's work models over time, and manual adjustments (punchclock.worktime)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from punchclock.models.base import Base

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ADJUSTMENT_KINDS = ("carry_over", "payout", "correction", "vacation")


def _seconds(day: str) -> Mapped[int]:
    return mapped_column(day, Integer, default=0, server_default=text("0"))


class WorkModel(Base):
    """A user's target seconds per weekday from ``valid_from`` on, until their next model's
    ``valid_from``. The first model starts the running balance."""

    __tablename__ = "work_models"
    __table_args__ = (
        UniqueConstraint("user_id", "valid_from"),
        *(CheckConstraint(f"{d} >= 0 AND {d} <= 86400", name=d) for d in WEEKDAYS),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    valid_from: Mapped[date] = mapped_column(Date)
    mon: Mapped[int] = _seconds("mon")
    tue: Mapped[int] = _seconds("tue")
    wed: Mapped[int] = _seconds("wed")
    thu: Mapped[int] = _seconds("thu")
    fri: Mapped[int] = _seconds("fri")
    sat: Mapped[int] = _seconds("sat")
    sun: Mapped[int] = _seconds("sun")
    # NULL: the workspace's calendar (workspace.holiday_calendar).
    holiday_calendar: Mapped[str | None] = mapped_column(String(40))
    # Vacation allowance per year in half days, so half days stay exact.
    vacation_half_days: Mapped[int] = mapped_column(SmallInteger, default=0, server_default=text("0"))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[int] = mapped_column(BigInteger)

    @property
    def weekday_seconds(self) -> list[int]:
        return [getattr(self, d) for d in WEEKDAYS]


class WorkAdjustment(Base):
    """A manual change of a user's balance and/or vacation on a day (an opening balance, a payout,
    a correction), with the reason an admin gave."""

    __tablename__ = "work_adjustments"
    __table_args__ = (
        CheckConstraint("kind IN ('carry_over', 'payout', 'correction', 'vacation')", name="kind"),
        CheckConstraint("balance_seconds <> 0 OR vacation_half_days <> 0", name="changes"),
        Index("ix_work_adjustments_user_id_day", "user_id", "day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(12))
    balance_seconds: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    vacation_half_days: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    reason: Mapped[str] = mapped_column(Text)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[int] = mapped_column(BigInteger)
