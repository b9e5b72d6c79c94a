"""Queries of holiday days and materialised years."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from punchclock.models import HolidayDay, HolidayYear


def year_row(session: Session, calendar: str, year: int) -> HolidayYear | None:
    return session.get(HolidayYear, (calendar, year))


def years(session: Session, calendars: Collection[str], first: int, last: int) -> set[tuple[str, int]]:
    """(calendar, year) pairs materialised among these calendars and years."""
    query = select(HolidayYear.calendar, HolidayYear.year).where(
        HolidayYear.calendar.in_(calendars), HolidayYear.year.between(first, last)
    )
    return {(c, y) for c, y in session.execute(query)}


def made_years(session: Session) -> list[tuple[str, int]]:
    """Every materialised (calendar, year), in order."""
    query = select(HolidayYear.calendar, HolidayYear.year).order_by(HolidayYear.calendar, HolidayYear.year)
    return [(c, y) for c, y in session.execute(query)]


def days(session: Session, calendars: Collection[str], first: date, last: date) -> list[HolidayDay]:
    """The days of these calendars from ``first`` to ``last`` (inclusive), by calendar and date."""
    query = select(HolidayDay).where(HolidayDay.calendar.in_(calendars), HolidayDay.day.between(first, last))
    return list(session.scalars(query.order_by(HolidayDay.calendar, HolidayDay.day)))


def get(session: Session, holiday_id: int) -> HolidayDay | None:
    return session.get(HolidayDay, holiday_id)


def add(session: Session, row: HolidayDay | HolidayYear) -> None:
    session.add(row)
    session.flush()


def delete(session: Session, row: HolidayDay) -> None:
    session.delete(row)
    session.flush()
