"""Summary report (seed 003's /reports/summary), computed in the database."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from punchclock.auth import policy
from punchclock.auth.scopes import Principal
from punchclock.errors import ValidationFailed
from punchclock.kit.timeutil import iso, now_ts
from punchclock.report import grouped_repository, repository

DEFAULT_DAYS = 30


def _hours(seconds: int | float) -> float:
    return round(seconds / 3600, 2)


def summary(
    session: Session,
    principal: Principal,
    start: int | None,
    end: int | None,
    user_id: int | None,
    project_id: int | None,
    end_is_whole_day: bool = False,
) -> dict[str, Any]:
    """Hours in [start, end). ``end_is_whole_day``: ``end`` is the midnight after a bare end date."""
    now = now_ts()
    end = end if end is not None else now
    start = start if start is not None else end - DEFAULT_DAYS * 86400
    if end <= start:  # e.g. a start_date after the default end (now): clipping would count negative time
        raise ValidationFailed("end_date (default: now) must be after start_date", code="end_before_start")
    users = policy.user_filter(principal, user_id)
    rows = repository.summary_by_project(session, start, end, now, users, project_id)
    names = {int(p.id): p for p in grouped_repository.projects(session)}
    by_project = []
    total = billable = entries = 0
    amount = 0.0
    for pid, seconds, bill, count in rows:
        project = names.get(pid) if pid is not None else None
        rate = float(project.rate) if project is not None and project.rate is not None else None
        project_amount = round(bill / 3600 * rate, 2) if rate is not None else 0.0
        total, billable, entries = total + seconds, billable + bill, entries + count
        amount += project_amount
        by_project.append(
            {
                "project_id": pid,
                "project_name": project.name if project is not None else "No project",
                "hours": _hours(seconds),
                "billable_hours": _hours(bill),
                "billable_amount": project_amount,
                "entries": count,
            }
        )
    return {
        "start_date": iso(start),
        # Seed 003 shows a whole end day as its last second ("2024-01-31T23:59:59Z"), not as the
        # next day's midnight where the half-open range stops.
        "end_date": iso(end - 1 if end_is_whole_day else end),
        # The one user the figures are of (a member, or a filter); None for several or everyone.
        "user_id": users[0] if users is not None and len(users) == 1 else None,
        "total_hours": _hours(total),
        "billable_hours": _hours(billable),
        "billable_amount": round(amount, 2),
        "total_seconds": total,
        "total_entries": entries,
        "by_project": by_project,
    }
