"""The day-facts cache of working time (punchclock.balance): derived from entries, never the truth."""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Date, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from punchclock.models.base import Base


class WorkDay(Base):
    """What a user's finished entries add up to on one local day of their zone: worked seconds
    (breaks taken out), break seconds (paused time plus gaps between entries of at least the
    workspace's shortest break), first start and last end, and how many entries touch it.
    Only days with entries have a row."""

    __tablename__ = "work_days"
    __table_args__ = {"sqlite_with_rowid": False}

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    worked: Mapped[int] = mapped_column(Integer)
    breaks: Mapped[int] = mapped_column(Integer)
    first_at: Mapped[int | None] = mapped_column(BigInteger)
    last_at: Mapped[int | None] = mapped_column(BigInteger)
    entries: Mapped[int] = mapped_column(Integer)


class WorkDayState(Base):
    """How far a user's cached days go: built from their entries as of stamp ``built_st``, in
    ``zone`` with gaps from ``min_piece`` seconds counted as breaks. Any other zone or min_piece
    makes every cached day of the user stale."""

    __tablename__ = "work_day_state"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    zone: Mapped[str] = mapped_column(String(64))
    min_piece: Mapped[int] = mapped_column(Integer)
    built_st: Mapped[float] = mapped_column(Float)
    built_at: Mapped[int] = mapped_column(BigInteger)
