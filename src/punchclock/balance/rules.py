"""One day's working-time line: target, worked, credits, breaks and balance (pure).

Notes:
The order is fixed: the work model's seconds for the weekday, less a holiday (punchclock.worktime
.targets), then absences, then the break rule. An absence covers a fraction of the model's day
(1 or ½) but never more than is left of the target: a half vacation on a half holiday leaves
nothing to work and credits only what was left. Its type's effect decides what it does:
``worked`` credits that time (vacation, sickness: the day counts as worked), ``excused`` removes it
from the target (parental or unpaid leave: no debt, no credit), ``balance`` does nothing (taking
overtime off: the day's target stays and draws on the balance).

A break rule asks for at least ``break_seconds`` of break once more than ``after`` seconds were
worked; the largest rule that applies counts. A day with too little break is flagged; only when the
workspace says so is the missing break deducted, and never below the threshold that triggered it
(working 6 h 10 min with no break deducts 10 min, not 30).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from punchclock.balance.facts import DayFacts
from punchclock.worktime.targets import DayTarget


@dataclass(frozen=True, slots=True)
class Absence:
    id: int
    type: str
    effect: str  # worked | excused | balance
    fraction: float  # 1.0 or 0.5
    status: str


@dataclass(slots=True)
class DayLine:
    day: date
    target: int
    worked: int
    credited: int = 0
    deducted: int = 0
    breaks: int = 0
    required_break: int = 0
    violation: str | None = None
    holiday: dict[str, Any] | None = None
    absences: list[Absence] = field(default_factory=list)
    first_at: int | None = None
    last_at: int | None = None
    modelled: bool = True  # False before the user's first work model: no target, no balance

    @property
    def balance(self) -> int:
        return self.worked - self.deducted + self.credited - self.target if self.modelled else 0


def required_break(rules: list[dict[str, int]], worked: int) -> tuple[int, int]:
    """(break due, the threshold of the rule that asks for it) for a day of ``worked`` seconds."""
    due, after = 0, 0
    for rule in rules:
        if worked > rule["after"] and rule["break_seconds"] > due:
            due, after = rule["break_seconds"], rule["after"]
    return due, after


_EMPTY = DayFacts()  # a day without entries (never changed: lines only read facts)


def line(
    day: date, target: DayTarget, facts: DayFacts | None, absences: list[Absence], breaks: dict[str, Any]
) -> DayLine:
    """The line of one day; only approved absences change figures (submitted ones are shown).
    Called for every day of a team's year (~18,000), so it does no more than the day needs."""
    f = facts or _EMPTY
    out = DayLine(day, target.seconds, f.worked, 0, 0, f.breaks, 0, None, None, absences,
                  f.first_at, f.last_at, target.has_model)  # fmt: skip
    if target.holiday is not None:
        out.holiday = {"name": target.holiday.name, "half": target.holiday.half}
    if absences:
        left = target.seconds
        for absence in absences:
            if absence.status != "approved":
                continue
            part = min(left, round(target.model * absence.fraction))
            left -= part
            if absence.effect == "worked":
                out.credited += part
            elif absence.effect == "excused":
                out.target -= part
    rules = breaks.get("rules")
    if rules and f.worked:
        due, after = required_break(rules, f.worked)
        out.required_break = due
        if due and f.breaks < due:
            out.violation = "break_short"
            if breaks.get("deduct"):
                out.deducted = min(due - f.breaks, f.worked - after)
    return out


def totals(rows: list[DayLine], adjusted: int) -> dict[str, Any]:
    """What the lines add up to, with ``adjusted`` seconds of adjustments in the balance."""
    return {
        "target": sum(r.target for r in rows),
        "worked": sum(r.worked for r in rows),
        "credited": sum(r.credited for r in rows),
        "deducted": sum(r.deducted for r in rows),
        "adjusted": adjusted,
        "holidays": sum(1 for r in rows if r.holiday),
        "absences": sum(1 for r in rows if any(a.status == "approved" for a in r.absences)),
        "violations": sum(1 for r in rows if r.violation),
        "balance": sum(r.balance for r in rows) + adjusted,
    }


def line_dict(row: DayLine, counted: bool) -> dict[str, Any]:
    """The API's shape of a line; ``counted``: the day is over (its balance counts)."""
    absence = next((a for a in row.absences), None)
    return {
        "date": row.day.isoformat(),
        "target": row.target,
        "worked": row.worked,
        "credited": row.credited,
        "deducted": row.deducted,
        "breaks": row.breaks,
        "required_break": row.required_break,
        "violation": row.violation,
        "holiday": row.holiday,
        "absence": None
        if absence is None
        else {"id": absence.id, "type": absence.type, "fraction": absence.fraction, "status": absence.status},
        "absences": [
            {"id": a.id, "type": a.type, "fraction": a.fraction, "status": a.status} for a in row.absences
        ],
        "first_in": row.first_at,
        "last_out": row.last_at,
        "balance": row.balance,
        "counted": counted,
    }
