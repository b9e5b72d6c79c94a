"""Public holidays and company days, as materialised for each calendar and year (punchclock.holiday)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    Integer,
    SmallInteger,
    String,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column

from punchclock.models.base import Base

COMPANY = "*"  # the calendar of company days: they apply to every calendar


class HolidayDay(Base):
    """One day off of a calendar (``DE-BY``; ``*`` for company days). Rows from the ``holidays``
    package are rewritten by a refresh, except ``enabled``, which an admin owns."""

    __tablename__ = "holiday_days"
    __table_args__ = (
        UniqueConstraint("calendar", "day"),
        CheckConstraint("source IN ('package', 'company')", name="source"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    calendar: Mapped[str] = mapped_column(String(40))
    day: Mapped[date] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(200))
    half: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    source: Mapped[str] = mapped_column(String(8))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[int] = mapped_column(BigInteger)


class HolidayYear(Base):
    """That a calendar's year was materialised, and by which version of the ``holidays`` package:
    a newer package never rewrites a year by itself (``punchclock holidays refresh`` does)."""

    __tablename__ = "holiday_years"

    calendar: Mapped[str] = mapped_column(String(40), primary_key=True)
    year: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    version: Mapped[str] = mapped_column(String(20))
    made_at: Mapped[int] = mapped_column(BigInteger)
