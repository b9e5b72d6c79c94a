"""TimeTracker's time-off objects, built from Punchclock's absences and absence types.

Notes:
TimeTracker's request sends its leave type's name as ``leave_type``; its desktop and mobile apps
display ``leave_type_name`` (falling back to "Leave"), which TimeTracker never sends: both are sent.
``requested_hours`` is computed, not stored: the target hours the request covers. A type is paid
unless its effect is ``excused`` (its days' targets go: unpaid or parental leave).
"""

from __future__ import annotations

from typing import Any

from punchclock.kit.timeutil import iso
from punchclock.models import Absence, AbsenceType


def hours(seconds: float) -> float:
    return round(seconds / 3600, 2)


def request(row: Absence, kind: AbsenceType, covered_seconds: int) -> dict[str, Any]:
    return {
        "id": row.id, "user_id": row.user_id, "leave_type_id": row.type_id, "leave_type": kind.name,
        "leave_type_name": kind.name, "start_date": row.start_date.isoformat(),
        "end_date": row.end_date.isoformat(), "start_half_day": row.start_half, "end_half_day": row.end_half,
        "requested_hours": hours(covered_seconds), "status": row.status, "requested_comment": row.comment,
        "review_comment": row.review_comment, "submitted_at": iso(row.submitted_at),
        "reviewed_at": iso(row.decided_at), "reviewed_by": row.decided_by, "created_at": iso(row.created_at),
        "updated_at": iso(row.updated_at),
    }  # fmt: skip


def leave_type(kind: dict[str, Any], allowance_hours: float | None) -> dict[str, Any]:
    return {"id": kind["id"], "name": kind["name"], "code": kind["code"],
            "is_paid": kind["effect"] != "excused",
            "annual_allowance_hours": allowance_hours, "accrual_hours_per_month": None,
            "enabled": kind["enabled"]}  # fmt: skip


def balance(
    kind: dict[str, Any], allowance: float | None, used: float, remaining: float | None
) -> dict[str, Any]:
    return {"leave_type_id": kind["id"], "leave_type_code": kind["code"], "leave_type_name": kind["name"],
            "allowance_hours": allowance, "used_hours": used, "remaining_hours": remaining}  # fmt: skip


def holiday(row: Any) -> dict[str, Any]:
    day = row.day.isoformat()
    region = None if row.calendar == "*" else row.calendar
    return {"id": row.id, "name": row.name, "start_date": day, "end_date": day, "region": region,
            "enabled": row.enabled}  # fmt: skip
