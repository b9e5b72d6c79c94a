"""Timesheet periods: their bounds in the owner's calendar, their making, and how they are shown."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from punchclock.approval import repository
from punchclock.errors import ValidationFailed
from punchclock.kit.periods import midnight, period_start, today
from punchclock.kit.timeutil import get_zone, iso, now_ts
from punchclock.models import TimesheetPeriod
from punchclock.models.timesheet_period import LOCKING
from punchclock.setting import server

PERIOD_TYPE_KEY = "workspace.period_type"
PERIOD_TYPES = ("weekly", "monthly")


def period_type(session: Session) -> str:
    return server.value(session, PERIOD_TYPE_KEY) or "weekly"


def set_period_type(session: Session, kind: str) -> None:
    if kind not in PERIOD_TYPES:
        raise ValidationFailed("period_type: must be weekly or monthly", field="period_type")
    server.put(session, PERIOD_TYPE_KEY, kind)


def bounds(day: date, kind: str, week_start: int) -> tuple[date, date]:
    """The first and last day (inclusive) of the week or month holding ``day``."""
    if kind == "monthly":
        first = day.replace(day=1)
        return first, first.replace(day=calendar.monthrange(day.year, day.month)[1])
    first = period_start(day, "week", week_start)
    return first, first + timedelta(days=6)


def new_row(user: Any, kind: str, day: date) -> dict[str, Any]:
    """The values of ``user``'s period holding ``day`` (``user``: id, timezone, week_start)."""
    first, last = bounds(day, kind, user.week_start)
    zone = get_zone(user.timezone)
    now = now_ts()
    return {
        "user_id": user.id,
        "period_type": kind,
        "period_start": first,
        "period_end": last,
        "start_at": midnight(first, zone),
        "end_at": midnight(last + timedelta(days=1), zone),
        "status": "draft",
        "created_at": now,
        "updated_at": now,
    }


def current_days(user: Any, kind: str) -> list[date]:
    """A day in the user's current period and one in the previous (what a desktop client lists)."""
    now_day = today(get_zone(user.timezone), now_ts())
    first, _ = bounds(now_day, kind, user.week_start)
    return [now_day, first - timedelta(days=1)]


def get_or_make(session: Session, user_id: int, day: date) -> TimesheetPeriod:
    """The user's period holding ``day``: the stored one (whatever its type), or a new draft."""
    (user,) = repository.users_zones(session, [user_id])
    kind = period_type(session)
    row = new_row(user, kind, day)
    clash = repository.overlapping(session, user_id, row["start_at"], row["end_at"])
    if clash is not None:
        if clash.start_at <= midnight(day, get_zone(user.timezone)) < clash.end_at:
            return clash
        raise ValidationFailed(
            f"A {clash.period_type} period {clash.period_start}..{clash.period_end} already covers part "
            f"of {row['period_start']}..{row['period_end']}",
            code="period_overlap",
        )
    repository.insert_missing(session, [row])
    found = repository.find(session, user_id, row["period_start"])
    assert found is not None
    return found


def shown(period: TimesheetPeriod, username: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": period.id,
        "user_id": period.user_id,
        "period_type": period.period_type,
        "period_start": period.period_start.isoformat(),
        "period_end": period.period_end.isoformat(),
        "status": period.status,
        "is_locked": period.status in LOCKING,
    }
    for what in ("submitted", "approved", "rejected", "closed", "reopened"):
        out[f"{what}_at"] = iso(getattr(period, f"{what}_at"))
        out[f"{what}_by"] = getattr(period, f"{what}_by")
    out["approval_comment"] = period.approval_comment
    out["rejection_reason"] = period.rejection_reason
    out["close_reason"] = period.close_reason
    out["reopen_reason"] = period.reopen_reason
    out["created_at"] = iso(period.created_at)
    out["updated_at"] = iso(period.updated_at)
    if username is not None:
        out["username"] = username
    return out


def totals(session: Session, period: TimesheetPeriod, zone_name: str) -> dict[str, Any]:
    """Worked seconds in the period (entries counted in the period they start in): in all, by local
    day of the owner and by project. A running entry counts up to now, less its break."""
    zone = get_zone(zone_name)
    now = now_ts()
    days: dict[date, int] = {}
    day = period.period_start
    while day <= period.period_end:
        days[day] = 0
        day += timedelta(days=1)
    projects: dict[int | None, list[Any]] = {}
    for e in repository.entries_between(session, period.user_id, period.start_at, period.end_at):
        end = e.end_at if e.end_at is not None else (e.paused_at or now)
        seconds = max(0, end - e.start_at - (e.break_seconds or 0))
        local = today(zone, e.start_at)
        days[local] = days.get(local, 0) + seconds
        slot = projects.setdefault(e.project_id, [e.project, 0])
        slot[1] += seconds
    by_project = [
        {"project_id": pid, "project_name": name, "seconds": seconds}
        for pid, (name, seconds) in sorted(projects.items(), key=lambda kv: -kv[1][1])
    ]
    return {
        "seconds": sum(days.values()),
        "by_day": [{"date": d.isoformat(), "seconds": s} for d, s in sorted(days.items())],
        "by_project": by_project,
    }
