"""Holidays: each calendar's public holidays as rows, days an admin switched off, company days.

Notes:
A calendar's year is materialised into ``holiday_days`` once, by the first read that needs it or by
``punchclock holidays refresh``, and remembered in ``holiday_years`` with the package version, so an
upgrade of the ``holidays`` package never moves past targets by itself. Materialising again (a
refresh) rewrites names and adds or drops days, but keeps ``enabled`` as the admin left it.

Company days live under the calendar ``*`` and count for every calendar. Switching a day off or
on, and adding or removing a company day, moves everyone's targets: refused (409 period_locked)
for a day before the workspace's lock date. Individual sign-offs are not checked, on purpose: a
holiday is the workspace's, not one person's (docs/design/issue-16-worktime.md, section 7).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from punchclock.approval import lockdate
from punchclock.approval.lock import Locked
from punchclock.audit import service as audit_service
from punchclock.db import apart_unless_committed
from punchclock.errors import Conflict, NotFound, ValidationFailed
from punchclock.holiday import repository, source
from punchclock.kit.timeutil import now_ts
from punchclock.models import HolidayDay, HolidayYear
from punchclock.models.holiday import COMPANY

MIN_YEAR, MAX_YEAR = 1970, 2100


def checked(calendar: str) -> str:
    """The calendar code as stored; 400 for one the package does not know."""
    source.split(calendar)
    return calendar


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationFailed(f"year: must be from {MIN_YEAR} to {MAX_YEAR}", field="year")


def materialise(session: Session, calendar: str, year: int) -> int:
    """Write the calendar's days of ``year`` from the package (keeping ``enabled``); the number of days."""
    _check_year(year)
    wanted = {d.day: d for d in source.days(checked(calendar), year)}
    now = now_ts()
    for row in repository.days(session, [calendar], date(year, 1, 1), date(year, 12, 31)):
        fresh = wanted.pop(row.day, None)
        if fresh is None:
            repository.delete(session, row)
        else:
            row.name, row.half = fresh.name, fresh.half
    for d in wanted.values():
        session.add(HolidayDay(calendar=calendar, day=d.day, name=d.name, half=d.half, source="package",
                               enabled=True, created_at=now))  # fmt: skip
    made = repository.year_row(session, calendar, year)
    if made is None:
        made = HolidayYear(calendar=calendar, year=year)
        session.add(made)
    made.version, made.made_at = source.version(), now
    session.flush()
    return len(source.days(calendar, year))


def ensure(session: Session, calendar: str, year: int) -> None:
    """Materialise the calendar's year unless it was. Two first readers at once: the unique keys
    let one win, and the other, in its savepoint, reads what the winner wrote."""
    if repository.year_row(session, calendar, year) is not None:
        return
    try:
        with session.begin_nested():
            materialise(session, calendar, year)
    except IntegrityError:
        return
    # A read's transaction never commits: keep the rows in one of their own, so the next read
    # finds them instead of making them again (nothing happens when this transaction commits).
    apart_unless_committed(session, lambda s: ensure(s, calendar, year))


def _dict(row: HolidayDay) -> dict[str, Any]:
    return {"id": row.id, "date": row.day.isoformat(), "name": row.name, "half": row.half,
            "source": row.source, "enabled": row.enabled}  # fmt: skip


def year_dict(session: Session, calendar: str, year: int) -> dict[str, Any]:
    """The calendar's days of ``year``, company days included, switched-off days too (``enabled``)."""
    _check_year(year)
    ensure(session, checked(calendar), year)
    rows = repository.days(session, [calendar, COMPANY], date(year, 1, 1), date(year, 12, 31))
    rows.sort(key=lambda r: (r.day, r.calendar == COMPANY))
    return {"calendar": calendar, "year": year, "days": [_dict(r) for r in rows]}


def calendars() -> dict[str, Any]:
    """Every country the package knows, with its subdivision codes."""
    known = source.supported()
    return {"countries": [{"code": code, "name": name, "subdivisions": list(subs)}
                          for code, (name, subs) in known.items()]}  # fmt: skip


def days_for(
    session: Session, calendars: list[str], first: date, last: date
) -> dict[str, dict[date, HolidayDay]]:
    """The enabled days off of each calendar from ``first`` to ``last``, company days merged in (a
    whole day beats a half one). Years not materialised yet are materialised first."""
    for calendar in calendars:
        for year in range(first.year, last.year + 1) if calendar else ():  # "": company days only
            ensure(session, calendar, year)
    out: dict[str, dict[date, HolidayDay]] = {c: {} for c in calendars}
    rows = [r for r in repository.days(session, [*calendars, COMPANY], first, last) if r.enabled]
    company = [r for r in rows if r.calendar == COMPANY]
    for row in rows:
        if row.calendar != COMPANY:
            out[row.calendar][row.day] = row
    for row in company:
        for days in out.values():
            have = days.get(row.day)
            if have is None or (have.half and not row.half):
                days[row.day] = row
    return out


def refresh(
    session: Session, calendars: list[str], year: int | None, this_year: int
) -> list[tuple[str, int, int]]:
    """Materialise again (``punchclock holidays refresh``): ``year`` of ``calendars``, or without a
    year this year and the years after it that were materialised (past years stay as they were
    signed off). Without calendars, every calendar materialised so far. (calendar, year, days) each."""
    made = repository.made_years(session)
    chosen = [checked(c) for c in calendars] or sorted({c for c, _ in made})
    done = []
    for calendar in chosen:
        if year is not None:
            years = [year]
        else:
            years = sorted({this_year} | {y for c, y in made if c == calendar and y >= this_year})
        for each in years:
            done.append((calendar, each, materialise(session, calendar, each)))
    return done


def _check_unlocked(session: Session, day: date) -> None:
    locked = lockdate.lock_date(session)
    if locked is not None and day < locked:
        raise Locked(f"Time before {locked.isoformat()} is locked: its holidays do not change",
                     lock_date=locked.isoformat())  # fmt: skip


def _get(session: Session, holiday_id: int) -> HolidayDay:
    row = repository.get(session, holiday_id)
    if row is None:
        raise NotFound("Holiday not found")
    return row


def _audit(session: Session, action: str, actor_id: int | None, row: HolidayDay) -> None:
    detail = {"calendar": row.calendar, "date": row.day.isoformat(), "name": row.name}
    audit_service.record(session, action, actor_id=actor_id, detail=detail)


def set_enabled(session: Session, holiday_id: int, enabled: bool, actor_id: int | None) -> dict[str, Any]:
    """Switch a day off or on (a refresh keeps the choice)."""
    row = _get(session, holiday_id)
    if row.enabled != enabled:
        _check_unlocked(session, row.day)
        row.enabled = enabled
        session.flush()
        _audit(session, "holiday.enabled" if enabled else "holiday.disabled", actor_id, row)
    return _dict(row)


def add_company_day(
    session: Session, day: date, name: str, half: bool, actor_id: int | None
) -> dict[str, Any]:
    """A day off for everyone (409 holiday_exists when that date has one)."""
    _check_unlocked(session, day)
    row = HolidayDay(calendar=COMPANY, day=day, name=name, half=half, source="company", enabled=True,
                     created_at=now_ts())  # fmt: skip
    try:
        with session.begin_nested():
            repository.add(session, row)
    except IntegrityError as exc:
        raise Conflict(f"{day.isoformat()} is a company day already", code="holiday_exists") from exc
    _audit(session, "holiday.company_added", actor_id, row)
    return _dict(row)


def remove_company_day(session: Session, holiday_id: int, actor_id: int | None) -> None:
    row = _get(session, holiday_id)
    if row.calendar != COMPANY:
        raise NotFound("Company day not found")
    _check_unlocked(session, row.day)
    _audit(session, "holiday.company_removed", actor_id, row)
    repository.delete(session, row)
