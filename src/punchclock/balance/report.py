"""The working-time month report: a user's days with target, worked, absences, holidays and balance,
what was carried in from before the month and what is carried out; and a team's month, a row each.

Notes:
As everywhere in working time, a day's balance counts once the day is over in the user's zone: a
report of the current month carries out what the finished days add up to. ``carried_in`` is the
running balance through the day before the month (adjustments included), so a printed month reads
top to bottom: carried in, plus the month, equals carried out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from punchclock.absence import service as absence_service
from punchclock.auth.scopes import Principal
from punchclock.balance import rules
from punchclock.balance import service as balance_service
from punchclock.errors import ValidationFailed
from punchclock.kit.periods import today as local_today
from punchclock.kit.timeutil import get_zone, now_ts
from punchclock.worktime import targets

HEADER = ("date", "weekday", "target_hours", "worked_hours", "credited_hours", "deducted_hours",
          "breaks_hours", "holiday", "absence", "violation", "balance_hours")  # fmt: skip
TEAM_HEADER = ("user", "target_hours", "worked_hours", "credited_hours", "deducted_hours", "adjusted_hours",
               "balance_hours", "carried_in_hours", "carried_out_hours", "violations")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Month:
    first: date
    last: date

    @property
    def label(self) -> str:
        return self.first.strftime("%Y-%m")


def month_of(text: str | None, fallback: date) -> Month:
    """``YYYY-MM`` as its first and last day (400 for anything else)."""
    if text is None:
        first = fallback.replace(day=1)
    else:
        try:
            year, month = (int(p) for p in text.split("-"))
            first = date(year, month, 1)
        except ValueError:
            raise ValidationFailed("month: must be YYYY-MM", field="month") from None
        if not 1971 <= year <= 2098:
            raise ValidationFailed("month: must fall between 1971 and 2098", field="month")
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return Month(first, last)


def hours(seconds: int) -> float:
    return round(seconds / 3600, 2)


def _carried(rows: list[rules.DayLine], adjustments: list[Any], since: date | None, before: date) -> int:
    if since is None:
        return 0
    done = sum(r.balance for r in rows if since <= r.day < before)
    return done + sum(a.balance_seconds for a in adjustments if a.day < before)


def month_report(
    session: Session, principal: Principal | None, user_id: int, month: str | None
) -> dict[str, Any]:
    """One user's month, day by day."""
    person = balance_service.find_person(session, principal, user_id)
    now = now_ts()
    today = local_today(get_zone(person.zone), now)
    span = month_of(month, today)
    since = targets.load_models(session, [person.id])[person.id].since
    first = min(since or span.first, span.first)
    rows = balance_service.lines_of(session, [person], first, span.last, now)[person.id]
    adjustments = balance_service.adjustments_of(session, [person.id], span.last).get(person.id, [])
    inside = [r for r in rows if span.first <= r.day <= span.last]
    counted = [r for r in inside if r.day < today]
    adjusted = sum(
        a.balance_seconds for a in adjustments if span.first <= a.day <= span.last and a.day < today
    )
    carried_in = _carried(rows, adjustments, since, span.first)
    totals = rules.totals(counted, adjusted)
    return {
        "user_id": person.id,
        "username": person.name,
        "timezone": person.zone,
        "month": span.label,
        "start": span.first.isoformat(),
        "end": span.last.isoformat(),
        "since": since.isoformat() if since else None,
        "carried_in": carried_in,
        "days": [rules.line_dict(r, r.day < today) for r in inside],
        "totals": {**totals, "planned": sum(r.target for r in inside)},
        "carried_out": carried_in + totals["balance"],
        "vacation": absence_service.vacation(session, person.id, span.first.year, min(span.last, today)),
    }


def day_rows(report: dict[str, Any]) -> list[list[Any]]:
    """The report's days as table rows, and a last row of totals."""
    out: list[list[Any]] = []
    for d in report["days"]:
        absence = d["absence"]["type"] if d["absence"] else ""
        out.append([
            d["date"], date.fromisoformat(d["date"]).strftime("%a"), hours(d["target"]), hours(d["worked"]),
            hours(d["credited"]), hours(d["deducted"]), hours(d["breaks"]),
            d["holiday"]["name"] if d["holiday"] else "", absence, d["violation"] or "", hours(d["balance"]),
        ])  # fmt: skip
    t = report["totals"]
    blank = ["", "", "", "", "", "", "", "", ""]
    if t["adjusted"]:
        out.append(["Adjustments", *blank, hours(t["adjusted"])])
    figures = [hours(t[k]) for k in ("target", "worked", "credited", "deducted")]
    out.append(["Total", "", *figures, "", "", "", "", hours(t["balance"])])
    out.append(["Carried in", *blank, hours(report["carried_in"])])
    out.append(["Carried out", *blank, hours(report["carried_out"])])
    return out


def team_report(
    session: Session, principal: Principal, month: str | None, team_id: int | None
) -> dict[str, Any]:
    """Everyone's month the caller sees (or one team's): a row each."""
    now = now_ts()
    people = balance_service.people_seen(session, principal, team_id)
    span = month_of(month, local_today(get_zone("UTC"), now))
    models = targets.load_models(session, [p.id for p, _ in people])
    sinces = [m.since for m in models.values() if m.since is not None]
    first = min([span.first, *sinces])
    lines = balance_service.lines_of(session, [p for p, _ in people], first, span.last, now)
    adjustments = balance_service.adjustments_of(session, [p.id for p, _ in people], span.last)
    users = []
    for person, username in people:
        today = local_today(get_zone(person.zone), now)
        rows, adj = lines[person.id], adjustments.get(person.id, [])
        counted = [r for r in rows if span.first <= r.day <= span.last and r.day < today]
        adjusted = sum(a.balance_seconds for a in adj if span.first <= a.day <= span.last and a.day < today)
        carried_in = _carried(rows, adj, models[person.id].since, span.first)
        totals = rules.totals(counted, adjusted)
        users.append({"user_id": person.id, "username": username, "timezone": person.zone, **totals,
                      "carried_in": carried_in, "carried_out": carried_in + totals["balance"]})  # fmt: skip
    return {"month": span.label, "start": span.first.isoformat(), "end": span.last.isoformat(),
            "team_id": team_id, "users": users}  # fmt: skip


def team_rows(report: dict[str, Any]) -> list[list[Any]]:
    return [
        [u["username"], hours(u["target"]), hours(u["worked"]), hours(u["credited"]), hours(u["deducted"]),
         hours(u["adjusted"]), hours(u["balance"]), hours(u["carried_in"]), hours(u["carried_out"]),
         u["violations"]]
        for u in report["users"]
    ]  # fmt: skip
