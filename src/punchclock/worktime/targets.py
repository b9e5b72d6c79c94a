"""Each day's target: what the user's work model asks for on that weekday, less public holidays and
company days.

Notes:
A model holds from its ``valid_from`` until the next model of the same user starts; before the first
one there is no target (and no balance). A model without a holiday calendar uses the workspace's;
with neither, only company days are off. A whole holiday makes the target 0, a half one halves it.
Absences and break rules act on top of this (punchclock.worktime.rules), not here, so the absence
feature can ask for targets without a cycle.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from punchclock.holiday import service as holiday_service
from punchclock.models import WorkAdjustment, WorkModel
from punchclock.worktime import repository, settings

NO_CALENDAR = ""  # holiday_service.days_for's key for "company days only"


@dataclass(frozen=True, slots=True)
class Holiday:
    name: str
    half: bool


@dataclass(frozen=True, slots=True)
class DayTarget:
    model: int  # the model's seconds for that weekday (0 before the first model)
    seconds: int  # after holidays
    holiday: Holiday | None
    calendar: str | None  # the holiday calendar in force (None: company days only)
    has_model: bool


class Models:
    """One user's models, oldest first, looked up by day."""

    def __init__(self, rows: Sequence[WorkModel]) -> None:
        self.rows = list(rows)
        self._starts = [r.valid_from for r in self.rows]

    def on(self, day: date) -> WorkModel | None:
        i = bisect_right(self._starts, day)
        return self.rows[i - 1] if i else None

    @property
    def since(self) -> date | None:
        """The day the running balance starts (the first model's), or None without a model."""
        return self._starts[0] if self._starts else None


def calendars_of(models: Models, default: str | None) -> set[str]:
    return {m.holiday_calendar or default or NO_CALENDAR for m in models.rows} or {default or NO_CALENDAR}


def of_days(
    models: Models,
    holidays: dict[str, dict[date, Holiday]],
    default_calendar: str | None,
    first: date,
    last: date,
) -> dict[date, DayTarget]:
    """Targets of every day from ``first`` to ``last`` (pure: the rows are given)."""
    out: dict[date, DayTarget] = {}
    day = first
    step = timedelta(days=1)
    # Each model's figures read once (ORM attributes cost more than the rest of a day's work).
    known: dict[int, tuple[list[int], str | None, int]] = {}
    plain: dict[tuple[int, int], DayTarget] = {}  # days without a holiday share their target
    while day <= last:
        model = models.on(day)
        if model is None:
            week, calendar, key = None, default_calendar, 0
        else:
            found_model = known.get(id(model))
            if found_model is None:
                own = model.holiday_calendar or default_calendar
                found_model = known[id(model)] = (model.weekday_seconds, own, model.id)
            week, calendar, key = found_model
        weekday = day.weekday()
        seconds = week[weekday] if week is not None else 0
        holiday = holidays.get(calendar or NO_CALENDAR, {}).get(day)
        if holiday is None:
            found = plain.get((key, weekday))
            if found is None:
                found = plain[(key, weekday)] = DayTarget(seconds, seconds, None, calendar, week is not None)
            out[day] = found
        else:
            target = seconds // 2 if holiday.half else 0
            out[day] = DayTarget(seconds, target, holiday, calendar, week is not None)
        day += step
    return out


def load_models(session: Session, user_ids: Collection[int]) -> dict[int, Models]:
    rows: dict[int, list[WorkModel]] = {u: [] for u in user_ids}
    for row in repository.models_of_users(session, user_ids):
        rows[row.user_id].append(row)
    return {u: Models(r) for u, r in rows.items()}


def load_holidays(
    session: Session, calendars: Collection[str], first: date, last: date
) -> dict[str, dict[date, Holiday]]:
    """Days off per calendar (``NO_CALENDAR``: company days only), as plain values."""
    real = sorted(c for c in calendars if c != NO_CALENDAR)
    rows = holiday_service.days_for(
        session, [*real, NO_CALENDAR] if NO_CALENDAR in calendars else real, first, last
    )
    return {c: {d: Holiday(r.name, r.half) for d, r in days.items()} for c, days in rows.items()}


def day_targets(
    session: Session, user_ids: Collection[int], first: date, last: date
) -> dict[int, dict[date, DayTarget]]:
    """Each user's targets from ``first`` to ``last`` (holidays applied; absences are not)."""
    default = settings.holiday_calendar(session)
    models = load_models(session, user_ids)
    wanted = set().union(*(calendars_of(m, default) for m in models.values())) if models else set()
    holidays = load_holidays(session, wanted, first, last)
    return {u: of_days(m, holidays, default, first, last) for u, m in models.items()}


def adjustments(session: Session, user_ids: Collection[int], last: date) -> list[WorkAdjustment]:
    """The users' adjustments dated up to ``last``, by user then day."""
    return repository.adjustments_of_users(session, user_ids, last)
