"""Budgets: hours and amounts used on each project against its estimate (everyone's time, all time)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy.orm import Session

from punchclock.auth.scopes import Principal
from punchclock.errors import Forbidden
from punchclock.kit.timeutil import now_ts
from punchclock.report import repository
from punchclock.report.grouping import CENT


def _money(value: Decimal | None) -> float | None:
    return float(value.quantize(CENT, rounding=ROUND_HALF_UP)) if value is not None else None


def check_access(principal: Principal) -> None:
    if not principal.sees_everyone:
        raise Forbidden("Budgets show everyone's time: managers and admins only", code="access_denied")


def budgets(
    session: Session, principal: Principal, project_ids: Sequence[int] | None
) -> list[dict[str, Any]]:
    """One line per project (archived ones only when asked for by id), most used budget first."""
    check_access(principal)
    lines = []
    for row in repository.project_usage(session, now_ts(), project_ids):
        used, billable = int(row.seconds or 0), int(row.billable_seconds or 0)
        rate = Decimal(row.rate) if row.rate is not None else None
        estimate = float(row.estimated_hours) if row.estimated_hours is not None else None
        budget_amount = rate * Decimal(str(estimate)) if rate is not None and estimate is not None else None
        used_amount = rate * billable / 3600 if rate is not None else None
        lines.append(
            {
                "project_id": row.id,
                "project": row.name,
                "status": row.status,
                "estimated_hours": estimate,
                "used_seconds": used,
                "used_hours": round(used / 3600, 2),
                "billable_hours": round(billable / 3600, 2),
                "remaining_hours": round(estimate - used / 3600, 2) if estimate is not None else None,
                "percent_used": round(used / 36 / estimate, 1) if estimate else None,
                "hourly_rate": _money(rate),
                "budget_amount": _money(budget_amount),
                "used_amount": _money(used_amount),
                "over_budget": bool(estimate is not None and used / 3600 > estimate),
            }
        )
    lines.sort(key=lambda x: (-(x["percent_used"] or -1), x["project"].lower()))
    return lines


def task_budgets(
    session: Session, principal: Principal, project_ids: Sequence[int] | None
) -> list[dict[str, Any]]:
    """One line per task of those projects: hours used (everyone's, all time) against its estimate."""
    check_access(principal)
    lines = []
    for row in repository.task_usage(session, now_ts(), project_ids):
        used = int(row.seconds or 0)
        estimate = float(row.estimated_hours) if row.estimated_hours is not None else None
        lines.append(
            {
                "task_id": row.id,
                "task": row.name,
                "project_id": row.project_id,
                "status": row.status,
                "estimated_hours": estimate,
                "used_seconds": used,
                "used_hours": round(used / 3600, 2),
                "remaining_hours": round(estimate - used / 3600, 2) if estimate is not None else None,
                "percent_used": round(used / 36 / estimate, 1) if estimate else None,
                "over_budget": bool(estimate is not None and used / 3600 > estimate),
            }
        )
    return lines
