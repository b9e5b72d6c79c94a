"""The team absence calendar, and the target hours absences cover (TimeTracker's hours).

Notes:
The calendar answers spans, not days: the browser expands them, so a team's year is one read of
``absences`` by ``(user_id, end_date)`` plus the holidays of the calendars in use. Holidays come from
the working-time targets (punchclock.worktime.targets), which may materialise a calendar's year on
first use: callers run it in a write transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from punchclock.absence import repository
from punchclock.absence.lifecycle import Span
from punchclock.auth.scopes import Principal
from punchclock.errors import ValidationFailed
from punchclock.models import Absence
from punchclock.team import service as team_service
from punchclock.worktime import settings, targets

MAX_SPAN = 400  # days a calendar shows at most
COMPANY_ONLY = "*"  # the key of users without a holiday calendar: company days only


def calendar(
    session: Session, principal: Principal, team_id: int | None, first: date, last: date
) -> dict[str, Any]:
    """Live absences and holidays of the people the caller sees (of one team), ``first``..``last``."""
    if last < first or (last - first).days >= MAX_SPAN:
        raise ValidationFailed(f"end_date must be after start_date, at most {MAX_SPAN} days on",
                               field="end_date")  # fmt: skip
    wanted: set[int] | None = None
    if team_id is not None:
        team = team_service.get_dict(session, principal, team_id)
        wanted = {m["user_id"] for m in team["members"] if principal.sees(m["user_id"])}
    reach = principal.reach
    if reach is not None:
        wanted = set(reach) if wanted is None else wanted & reach
    people = repository.users(session, wanted)
    ids = [p.id for p in people]
    default = settings.holiday_calendar(session)
    models = targets.load_models(session, ids)
    calendars = {}
    for person in people:
        model = models[person.id].on(first)
        calendars[person.id] = (model.holiday_calendar if model else None) or default
    used = {c or targets.NO_CALENDAR for c in calendars.values()}
    holidays = targets.load_holidays(session, used, first, last) if used else {}
    rows = repository.of_users(session, ids, first, last) if ids else []
    return {
        "users": [{"id": p.id, "username": p.username, "calendar": calendars[p.id]} for p in people],
        "absences": [
            {"id": a.id, "user_id": a.user_id, "type": t.code, "color": t.color,
             "start_date": a.start_date.isoformat(), "end_date": a.end_date.isoformat(),
             "start_half": a.start_half, "end_half": a.end_half, "status": a.status}
            for a, t in rows
        ],
        "holidays": {
            (code or COMPANY_ONLY): [{"date": d.isoformat(), "name": h.name, "half": h.half}
                                     for d, h in sorted(days.items())]
            for code, days in holidays.items()
        },
    }  # fmt: skip


def covered_seconds(
    session: Session, rows: Sequence[Absence], first: date | None = None, last: date | None = None
) -> dict[int, int]:
    """The target seconds each absence covers (its days' targets after holidays, by fraction), of
    its days from ``first`` to ``last`` (all of them by default)."""
    out: dict[int, int] = {}
    by_user: dict[int, list[Absence]] = {}
    for row in rows:
        by_user.setdefault(row.user_id, []).append(row)
    for user_id, mine in by_user.items():
        lo, hi = min(r.start_date for r in mine), max(r.end_date for r in mine)
        lo, hi = max(lo, first) if first else lo, min(hi, last) if last else hi
        days = targets.day_targets(session, [user_id], lo, hi)[user_id] if lo <= hi else {}
        for row in mine:
            out[row.id] = round(sum(days[d].seconds * f for d, f in Span.of(row).days(lo, hi)))
    return out


def day_hours(session: Session, user_id: int, day: date) -> float:
    """Hours of a working day under the model in force on ``day``: its weekly target over its
    working days (0 without a model or working days)."""
    model = targets.load_models(session, [user_id])[user_id].on(day)
    week = model.weekday_seconds if model else []
    working = [s for s in week if s > 0]
    return sum(working) / len(working) / 3600 if working else 0.0
