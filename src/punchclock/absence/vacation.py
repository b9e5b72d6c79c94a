"""Vacation days per user and year: the allowance, days carried over, taken, planned and left.

Notes:
Everything is counted in days with half-day steps. The allowance is the work models' yearly days
pro rata over the days each model is in force in that year (a model from July 1 with 30 days gives
15.0 for that year), rounded to the half day, plus adjustments that move vacation (any kind) dated
in the year. Taken days are approved absences of types that use the allowance, counted only on days
whose target is above 0 (a weekend, a whole holiday or a day before the first model costs nothing);
a half absence counts ½, and so does a whole one on a half holiday. Planned days are the submitted
ones, counted the same way; they do not lower what is left until they are approved.

What is left at a year's end carries into the next year, capped by the workspace setting
``vacation_carryover.max_days`` (null: all of it); a negative rest (more taken than allowed) is
carried whole, as a debt. Carried days are spent first; those not spent by ``until`` (MM-DD of the
next year) lapse the day after. Without ``until`` they are kept. The chain starts in the year of
the user's first work model: before it, there is no allowance and nothing to carry.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from math import floor
from typing import Any

from sqlalchemy.orm import Session

from punchclock.absence import repository
from punchclock.absence.lifecycle import Span
from punchclock.kit.periods import today
from punchclock.kit.timeutil import get_zone, now_ts
from punchclock.worktime import settings, targets
from punchclock.worktime.targets import DayTarget, Models


@dataclass(frozen=True, slots=True)
class Taken:
    day: date
    days: float  # ½ or 1
    status: str


def day_cost(fraction: float, target: DayTarget | None) -> float:
    """What an absence of ``fraction`` on a day costs in vacation days."""
    if target is None or target.seconds <= 0:
        return 0.0
    if target.holiday is not None and target.holiday.half:
        return min(fraction, 0.5)
    return fraction


def allowance(models: Models, year: int) -> float:
    """The models' vacation days pro rata over the year, rounded to the half day."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    length = (last - first).days + 1
    rows = models.rows
    halves = 0.0
    for i, row in enumerate(rows):
        start = max(row.valid_from, first)
        end = min(rows[i + 1].valid_from - timedelta(days=1), last) if i + 1 < len(rows) else last
        if end >= start:
            halves += row.vacation_half_days * ((end - start).days + 1) / length
    return floor(halves + 0.5) / 2


def _until(rule: dict[str, Any] | None, year: int) -> date | None:
    text = (rule or {}).get("until")
    if not text:
        return None
    month, day = int(text[:2]), int(text[3:])
    try:
        return date(year, month, day)
    except ValueError:  # 02-29 outside a leap year
        return date(year, month, 28)


def figures(
    models: Models,
    costs: Sequence[Taken],
    adjustments: Iterable[tuple[date, int]],
    carryover: dict[str, Any] | None,
    year: int,
    as_of: date,
) -> dict[str, Any]:
    """The year's figures (pure). ``costs``: every day of the user's live allowance absences up to
    the year's end, already costed (``day_cost``)."""
    since = models.since
    start = since.year if since is not None and since.year <= year else year
    adjusted: dict[int, float] = {}
    for day, half_days in adjustments:
        adjusted[day.year] = adjusted.get(day.year, 0.0) + half_days / 2
    cap = (carryover or {}).get("max_days")
    carried = 0.0
    out: dict[str, Any] = {}
    for y in range(start, year + 1):
        granted = allowance(models, y) + adjusted.get(y, 0.0)
        mine = [c for c in costs if c.day.year == y]
        taken = sum(c.days for c in mine if c.status == "approved")
        planned = sum(c.days for c in mine if c.status == "submitted")
        until = _until(carryover, y)
        lapsed = 0.0
        if until is not None and carried > 0 and (y < year or as_of > until):
            spent = sum(c.days for c in mine if c.status == "approved" and c.day <= until)
            lapsed = max(0.0, carried - spent)
        remaining = granted + carried - taken - lapsed
        out = {"year": y, "allowance_days": granted, "carried_days": carried, "taken_days": taken,
               "planned_days": planned, "lapsed_days": lapsed, "remaining_days": remaining}  # fmt: skip
        carried = remaining if cap is None or remaining < 0 else min(remaining, float(cap))
    return out


def costs_of(
    absences: Iterable[Any], day_targets: dict[date, DayTarget], first: date, last: date
) -> list[Taken]:
    """Each day of these live absences (rows with a type that uses the allowance) from ``first`` to
    ``last``, costed."""
    out = []
    for row in absences:
        for day, fraction in Span.of(row).days(first, last):
            cost = day_cost(fraction, day_targets.get(day))
            if cost:
                out.append(Taken(day, cost, row.status))
    return out


def vacation(session: Session, user_id: int, year: int, as_of: date | None = None) -> dict[str, Any]:
    """The user's vacation figures of ``year`` as of ``as_of`` (today in their zone): allowance_days,
    carried_days, taken_days, planned_days, lapsed_days, remaining_days."""
    (user,) = repository.users(session, [user_id])
    as_of = as_of or today(get_zone(user.timezone), now_ts())
    models = targets.load_models(session, [user_id])[user_id]
    start = models.since.year if models.since is not None and models.since.year <= year else year
    first, last = date(start, 1, 1), date(year, 12, 31)
    rows = [a for a, t in repository.of_users(session, [user_id], first, last) if t.uses_allowance]
    costs: list[Taken] = []
    if rows:
        lo = max(first, min(r.start_date for r in rows))
        hi = min(last, max(r.end_date for r in rows))
        costs = costs_of(rows, targets.day_targets(session, [user_id], lo, hi)[user_id], lo, hi)
    adjustments = [
        (r.day, r.vacation_half_days) for r in repository.vacation_adjustments(session, user_id, last)
    ]
    return figures(models, costs, adjustments, settings.read(session)["vacation_carryover"], year, as_of)
