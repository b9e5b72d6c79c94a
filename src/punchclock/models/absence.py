"""Absences: their types (vacation, sick, ...) and each user's requests (punchclock.absence)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    false,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column

from punchclock.models.base import Base

EFFECTS = ("worked", "excused", "balance")
STATUSES = ("draft", "submitted", "approved", "rejected", "cancelled")
LIVE = ("submitted", "approved")  # these count: they may not overlap, and they reach the balances


class AbsenceType(Base):
    """A kind of absence. ``effect`` says what it does to a day's target: ``worked`` credits it (the
    day counts as worked: vacation, sick), ``excused`` removes it (parental leave, unpaid), ``balance``
    leaves it (overtime reduction draws on the balance). ``uses_allowance``: it spends vacation days."""

    __tablename__ = "absence_types"
    __table_args__ = (CheckConstraint("effect IN ('worked', 'excused', 'balance')", name="effect"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    effect: Mapped[str] = mapped_column(String(8))
    uses_allowance: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    needs_approval: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    color: Mapped[str] = mapped_column(String(7))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[int] = mapped_column(BigInteger)


class Absence(Base):
    """A user's absence from ``start_date`` to ``end_date`` (local dates, both inclusive).
    ``start_half``: the first day is a half day; ``end_half``: the last one (a one-day half absence
    sets either). Submitted and approved ones are live: no two live absences of a user overlap,
    except two half days sharing a day (checked by punchclock.absence under the owner's stamp)."""

    __tablename__ = "absences"
    __table_args__ = (
        CheckConstraint("end_date >= start_date", name="dates"),
        CheckConstraint("NOT (start_date = end_date AND start_half AND end_half)", name="halves"),
        CheckConstraint(
            "status IN ('draft', 'submitted', 'approved', 'rejected', 'cancelled')", name="status"
        ),
        Index("ix_absences_user_id_end_date", "user_id", "end_date"),
        Index("ix_absences_status_user_id", "status", "user_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    type_id: Mapped[int] = mapped_column(ForeignKey("absence_types.id", ondelete="RESTRICT"))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    start_half: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    end_half: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    status: Mapped[str] = mapped_column(String(10), default="draft", server_default="draft")
    comment: Mapped[str | None] = mapped_column(Text)
    review_comment: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[int | None] = mapped_column(BigInteger)
    decided_at: Mapped[int | None] = mapped_column(BigInteger)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[int] = mapped_column(BigInteger)
