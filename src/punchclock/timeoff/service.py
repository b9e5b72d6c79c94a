"""TimeTracker's ``/time-off`` API over Punchclock's absences (its desktop and mobile apps' leave
screens): the same rules, in its shapes.

Notes:
Everything goes through punchclock.absence: the write gate, the deciders, the overlap rule, events
and audit are the absences' own. TimeTracker lists an admin's requests for everybody and others'
only their own; here the list holds the caller's and those of the people they see, as every list
does. Balances are in hours: a day is the weekly target over the working days of the model in force
today; a type that spends vacation answers its allowance (this year's plus days carried over), the
hours used and what is left, other types only the hours used this year.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from punchclock.absence import calendar, kinds, pdf
from punchclock.absence import service as absence_service
from punchclock.auth.scopes import Principal
from punchclock.errors import ValidationFailed
from punchclock.holiday import service as holiday_service
from punchclock.kit.periods import today
from punchclock.kit.timeutil import get_zone, now_ts
from punchclock.timeoff import shapes
from punchclock.worktime import settings, targets

MAX_SPAN = 800  # days of holidays at most


def _today(principal: Principal) -> date:
    return today(get_zone(principal.timezone), now_ts())


def _allowance_hours(session: Session, user_id: int, day: date) -> tuple[dict[str, Any], float]:
    return absence_service.vacation(session, user_id, day.year, day), calendar.day_hours(
        session, user_id, day
    )


def leave_types(session: Session, principal: Principal, enabled_only: bool) -> list[dict[str, Any]]:
    """The absence types; a type spending vacation shows the caller's allowance this year in hours."""
    day = _today(principal)
    out = []
    for kind in kinds.list_types(session, enabled_only):
        allowance = None
        if kind["uses_allowance"]:
            figures, per_day = _allowance_hours(session, principal.user_id, day)
            allowance = shapes.hours(figures["allowance_days"] * per_day * 3600)
        out.append(shapes.leave_type(kind, allowance))
    return out


def _shaped(session: Session, principal: Principal, absence_id: int) -> dict[str, Any]:
    row, kind = absence_service.get_row(session, principal, absence_id)
    return shapes.request(row, kind, calendar.covered_seconds(session, [row])[row.id])


def requests(
    session: Session,
    principal: Principal,
    status: str | None,
    first: date | None,
    last: date | None,
    user_id: int | None,
) -> list[dict[str, Any]]:
    rows = absence_service.list_absences(session, principal, user_id, status, first, last)
    covered = calendar.covered_seconds(session, [a for a, _, _ in rows])
    return [shapes.request(a, t, covered[a.id]) for a, t, _ in rows]


def create(session: Session, principal: Principal, data: dict[str, Any]) -> dict[str, Any]:
    """A request of the caller (``requested_hours`` is ignored: it is computed)."""
    made = absence_service.create(
        session,
        principal,
        {"type_id": data["leave_type_id"], "start_date": data["start_date"], "end_date": data["end_date"],
         "start_half": data.get("start_half_day", False), "end_half": data.get("end_half_day", False),
         "comment": data.get("comment"), "submit": data.get("submit", True)},
    )  # fmt: skip
    return _shaped(session, principal, made["id"])


def decide(
    session: Session, principal: Principal, absence_id: int, approve: bool, comment: str | None
) -> dict[str, Any]:
    absence_service.act(session, principal, absence_id, "approve" if approve else "reject", comment)
    return _shaped(session, principal, absence_id)


def delete(session: Session, principal: Principal, absence_id: int) -> None:
    absence_service.delete(session, principal, absence_id)


def balances(session: Session, principal: Principal, user_id: int | None) -> list[dict[str, Any]]:
    """Each enabled type's hours this year of the caller, or of someone they see (404 otherwise)."""
    whose = user_id or principal.user_id
    absence_service.check_user(session, principal, whose)
    day = _today(principal)
    first, last = date(day.year, 1, 1), date(day.year, 12, 31)
    rows = absence_service.list_absences(session, principal, whose, "approved", first, last)
    covered = calendar.covered_seconds(session, [a for a, _, _ in rows], first, last)
    used: dict[int, int] = {}
    for absence, _, _ in rows:
        used[absence.type_id] = used.get(absence.type_id, 0) + covered[absence.id]
    out = []
    for kind in kinds.list_types(session, enabled_only=True):
        if kind["uses_allowance"]:
            figures, per_day = _allowance_hours(session, whose, day)
            granted = (figures["allowance_days"] + figures["carried_days"]) * per_day * 3600
            spent = figures["taken_days"] * per_day * 3600
            left = figures["remaining_days"] * per_day * 3600
            out.append(shapes.balance(kind, shapes.hours(granted), shapes.hours(spent), shapes.hours(left)))
        else:
            out.append(shapes.balance(kind, None, shapes.hours(used.get(kind["id"], 0)), None))
    return out


def holidays(
    session: Session, principal: Principal, first: date | None, last: date | None
) -> list[dict[str, Any]]:
    """Company days and the caller's public holidays (of the calendar in force today), one day each."""
    day = _today(principal)
    first, last = first or date(day.year, 1, 1), last or date(day.year, 12, 31)
    if last < first or (last - first).days >= MAX_SPAN:
        raise ValidationFailed(
            f"end_date must be after start_date, at most {MAX_SPAN} days on", field="end_date"
        )
    model = targets.load_models(session, [principal.user_id])[principal.user_id].on(day)
    calendar_code = (model.holiday_calendar if model else None) or settings.holiday_calendar(session)
    code = calendar_code or targets.NO_CALENDAR
    found = holiday_service.days_for(session, [code], first, last)[code]
    return [shapes.holiday(row) for _, row in sorted(found.items())]


def request_pdf(session: Session, principal: Principal, absence_id: int) -> Callable[[], bytes]:
    """What a request the caller sees needs to be drawn as a PDF: a drawing to run outside the
    transaction (it takes a while, and needs no connection)."""
    shown = absence_service.get(session, principal, absence_id)
    row, _ = absence_service.get_row(session, principal, absence_id)
    hours = shapes.hours(calendar.covered_seconds(session, [row])[row.id])
    names = absence_service.usernames(session, [shown["decided_by"]] if shown["decided_by"] else [])
    return functools.partial(pdf.render, shown, hours, names)
