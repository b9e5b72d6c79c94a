"""Working-time balances: a user's day lines, their balance as of a day, a team's year.

Notes:
A day counts once it is over in the user's own zone: the running balance runs through yesterday,
so it stays put all day, and today is shown apart (target, worked so far, balance so far). A period
(week, month, year) counts its days up to the day asked about; ``planned`` is the whole period's
target. The running balance starts at the first work model's ``valid_from`` (before it there are
no targets) and adds every adjustment dated up to yesterday.

Everyone reads their own; managers and admins read those they see (404 outside, as for entries).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from punchclock.absence import service as absence_service
from punchclock.auth import policy
from punchclock.auth.scopes import Principal
from punchclock.balance import days as day_facts
from punchclock.balance import repository, rules
from punchclock.errors import NotFound, ValidationFailed
from punchclock.kit.periods import today as local_today
from punchclock.kit.timeutil import get_zone, now_ts
from punchclock.team import service as team_service
from punchclock.user import service as user_service
from punchclock.worktime import settings, targets

MAX_DAYS = 62  # /worktime/days answers at most about two months


@dataclass(slots=True)
class Person:
    id: int
    zone: str
    name: str = ""


def find_person(session: Session, principal: Principal | None, user_id: int) -> Person:
    if principal is not None:
        policy.check_owner(principal, user_id, "User")
    user = user_service.find(session, user_id)
    if user is None:
        raise NotFound("User not found")
    return Person(user.id, user.timezone, user.username)


def lines_of(
    session: Session, people: Collection[Person], first: date, last: date, now: int
) -> dict[int, list[rules.DayLine]]:
    """Every person's lines of the days from ``first`` to ``last``."""
    ids = [p.id for p in people]
    wanted = targets.day_targets(session, ids, first, last)
    facts = day_facts.day_facts(session, ids, first, last, now)
    away = absence_service.days_of(session, ids, first, last)
    breaks = settings.read(session)["break_rules"]
    out: dict[int, list[rules.DayLine]] = {}
    for person in people:
        theirs, done, off = wanted[person.id], facts[person.id], away.get(person.id, {})
        out[person.id] = [
            rules.line(d, t, done.get(d), _absences(off.get(d)), breaks) for d, t in theirs.items()
        ]
    return out


def _absences(found: list[tuple[int, str, str, float, str]] | None) -> list[rules.Absence]:
    return [rules.Absence(*a) for a in found] if found else []


def days(
    session: Session, principal: Principal | None, user_id: int, first: date, last: date
) -> dict[str, Any]:
    """The user's lines from ``first`` to ``last`` (at most 62 days)."""
    if last < first:
        raise ValidationFailed("end_date: must not be before start_date", field="end_date")
    if (last - first).days >= MAX_DAYS:
        raise ValidationFailed(f"end_date: at most {MAX_DAYS} days at once", field="end_date")
    person = find_person(session, principal, user_id)
    now = now_ts()
    today = local_today(get_zone(person.zone), now)
    found = lines_of(session, [person], first, last, now)[person.id]
    return {"user_id": user_id, "timezone": person.zone,
            "days": [rules.line_dict(row, row.day < today) for row in found]}  # fmt: skip


PERIOD = ("target", "worked", "credited", "deducted", "adjusted", "balance")


def _sum(rows: list[rules.DayLine], start: date, end: date, adjusted: int) -> dict[str, Any]:
    found = rules.totals([r for r in rows if start <= r.day <= end], adjusted)
    return {"start": start.isoformat(), "end": end.isoformat(), **{k: found[k] for k in PERIOD}}


def _adjusted(rows: list[Any], start: date, end: date) -> int:
    return sum(a.balance_seconds for a in rows if start <= a.day <= end)


def _periods(as_of: date) -> dict[str, tuple[date, date]]:
    week = as_of - timedelta(days=as_of.weekday())
    month_end = (as_of.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return {
        "week": (week, week + timedelta(days=6)),
        "month": (as_of.replace(day=1), month_end),
        "year": (as_of.replace(month=1, day=1), as_of.replace(month=12, day=31)),
    }


def balance(
    session: Session, principal: Principal | None, user_id: int, as_of: date | None
) -> dict[str, Any]:
    """The user's balance: running through the day before ``as_of`` (default today), that day on
    its own, and its week, month and year up to it."""
    person = find_person(session, principal, user_id)
    now = now_ts()
    today = local_today(get_zone(person.zone), now)
    as_of = as_of or today
    models = targets.load_models(session, [person.id])[person.id]
    periods = _periods(as_of)
    since = models.since
    first = min(since or periods["year"][0], periods["week"][0], periods["year"][0])
    last = max(periods["year"][1], periods["week"][1])
    rows = lines_of(session, [person], first, last, now)[person.id]
    adjustments = adjustments_of(session, [person.id], last).get(person.id, [])
    yesterday = as_of - timedelta(days=1)
    counted = [r for r in rows if since is not None and since <= r.day <= yesterday]
    running = sum(r.balance for r in counted) + _adjusted(adjustments, date.min, yesterday)
    day = next(r for r in rows if r.day == as_of)
    out: dict[str, Any] = {
        "user_id": person.id,
        "vacation": absence_service.vacation(session, person.id, as_of.year, as_of),
        "as_of": as_of.isoformat(),
        "timezone": person.zone,
        "since": since.isoformat() if since else None,
        "running": running,
        "today": {"target": day.target, "worked": day.worked, "balance": day.balance},
    }
    for name, (start, end) in periods.items():
        upto = min(end, as_of)
        figures = _sum(rows, start, upto, _adjusted(adjustments, start, upto))
        figures["planned"] = sum(r.target for r in rows if start <= r.day <= end)
        out[name] = figures
    return out


def adjustments_of(session: Session, user_ids: Collection[int], last: date) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = {}
    for row in targets.adjustments(session, user_ids, last):
        out.setdefault(row.user_id, []).append(row)
    return out


def people_seen(session: Session, principal: Principal, team_id: int | None) -> list[tuple[Person, str]]:
    """The active users the principal sees (a member: themselves), or those of one team, by name."""
    among: set[int] | None = None if principal.reach is None else set(principal.reach)
    if team_id is not None:
        members = set(team_service.member_ids(session, team_id))
        among = members if among is None else among & members
    return [(Person(u, z), n) for u, n, z in repository.people(session, among)]


def team_balances(session: Session, principal: Principal, year: int, team_id: int | None) -> dict[str, Any]:
    """Each seen active user's year up to today (or the whole year when it is over), and their
    running balance."""
    now = now_ts()
    seen = people_seen(session, principal, team_id)
    people = [p for p, _ in seen]
    names = {p.id: n for p, n in seen}
    start, end = date(year, 1, 1), date(year, 12, 31)
    models = targets.load_models(session, [p.id for p in people])
    sinces = [m.since for m in models.values() if m.since is not None]
    first = min([start, *sinces])
    rows = lines_of(session, people, first, end, now)
    adjustments = adjustments_of(session, [p.id for p in people], end)
    users = []
    for person in people:
        today = local_today(get_zone(person.zone), now)
        upto = min(end, today - timedelta(days=1))
        since = models[person.id].since
        theirs, adj = rows[person.id], adjustments.get(person.id, [])
        counted = [r for r in theirs if since is not None and since <= r.day <= upto]
        sums = rules.totals([r for r in theirs if start <= r.day <= upto], _adjusted(adj, start, upto))
        users.append({
            "user_id": person.id,
            "username": names[person.id],
            "since": since.isoformat() if since else None,
            **{k: sums[k] for k in (*PERIOD, "violations")},
            "running": sum(r.balance for r in counted) + _adjusted(adj, date.min, upto),
        })  # fmt: skip
    return {"year": year, "team_id": team_id, "users": users}
