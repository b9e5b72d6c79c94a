"""The weekly timesheet: a row per project and task, a column per day of the reader's week."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from punchclock.auth.scopes import Principal
from punchclock.kit.periods import date_number, period_start, today
from punchclock.kit.timeutil import now_ts
from punchclock.report import grouped
from punchclock.report.grouped import ReportQuery

HEADER_TAIL = ("total_hours",)


def timesheet(
    session: Session, principal: Principal, week: str | None, user_id: int | None, rounding: str, minutes: int
) -> dict[str, Any]:
    """Seconds per (project, task) and day over the week holding ``week`` (default: this week)."""
    cal = grouped.reader(session, principal)
    now = now_ts()
    day = grouped.parse_date(week, "week") or today(cal.zone, now)
    first = period_start(day, "week", cal.week_start)
    last = first + timedelta(days=6)
    q = ReportQuery(
        start_date=first.isoformat(),
        end_date=last.isoformat(),
        group_by="task",
        user_ids=[user_id or principal.user_id],
        rounding=rounding,
        rounding_minutes=minutes,
    )
    grouped.check(q, principal)
    scope = grouped.scope_of(q, principal, cal.zone, first, last, now, {"task", "day"})
    collected = list(grouped.cells(session, scope, cal.zone, rounding, minutes * 60))
    look = grouped.lookup(session, collected, cal.week_start)
    base = date_number(first)
    rows: dict[tuple[int | None, int | None], list[int]] = {}
    for cell in collected:
        assert cell.day is not None
        rows.setdefault((cell.project_id, cell.task_id), [0] * 7)[cell.day - base] += cell.seconds
    out: list[dict[str, Any]] = []
    for (pid, tid), days in rows.items():
        project = look.projects.get(pid) if pid is not None else None
        out.append(
            {
                "project_id": pid,
                "project": project.name if project is not None else "No project",
                "task_id": tid,
                "task": look.tasks.get(tid, "") if tid is not None else "",
                "days": days,
                "seconds": sum(days),
            }
        )
    out.sort(key=lambda r: (r["project"].lower(), r["task"].lower()))
    day_totals = [sum(r["days"][i] for r in out) for i in range(7)]
    return {
        "start_date": first.isoformat(),
        "end_date": last.isoformat(),
        "timezone": cal.zone_name,
        "week_start": cal.week_start,
        "user_id": user_id or principal.user_id,
        "days": [(first + timedelta(days=i)).isoformat() for i in range(7)],
        "rows": out,
        "totals": {"days": day_totals, "seconds": sum(day_totals)},
    }


def table(sheet: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """The timesheet as a flat table in hours: project, task, one column per day, total."""
    header = ["project", "task", *sheet["days"], *HEADER_TAIL]
    rows: list[list[Any]] = [
        [r["project"], r["task"], *(round(s / 3600, 2) for s in r["days"]), round(r["seconds"] / 3600, 2)]
        for r in sheet["rows"]
    ]
    totals = sheet["totals"]
    rows.append(
        ["Total", "", *(round(s / 3600, 2) for s in totals["days"]), round(totals["seconds"] / 3600, 2)]
    )
    return header, rows
