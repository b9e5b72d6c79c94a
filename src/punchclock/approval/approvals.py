"""TimeTracker's per-entry approvals as a view of Punchclock's period queue: one approval per
period, ``id`` = the period's id, so its desktop app's approval screen lists and decides periods."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from punchclock.approval import repository, service
from punchclock.auth.scopes import Principal
from punchclock.kit.timeutil import iso
from punchclock.models import TimesheetPeriod

_STATUS = {"draft": "cancelled", "submitted": "pending", "approved": "approved", "closed": "approved"}


def shown(period: TimesheetPeriod, username: str | None) -> dict[str, Any]:
    return {
        "id": period.id,
        "time_entry_id": None,
        "timesheet_period_id": period.id,
        "user_id": period.user_id,
        "username": username,
        "period_start": period.period_start.isoformat(),
        "period_end": period.period_end.isoformat(),
        "status": _STATUS.get(period.status, period.status),
        "requested_by": period.user_id,
        "requested_at": iso(period.submitted_at),
        "approved_by": period.approved_by or period.closed_by,
        "approved_at": iso(period.approved_at or period.closed_at),
        "rejected_at": iso(period.rejected_at),
        "request_comment": None,
        "approval_comment": period.approval_comment,
        "rejection_reason": period.rejection_reason,
        "parent_approval_id": None,
        "approval_level": 1,
    }


def pending(session: Session, principal: Principal) -> list[dict[str, Any]]:
    """Submitted periods the caller may approve (not their own)."""
    if not principal.sees_everyone:
        return []
    rows = repository.listing(session, service.reach(principal), ["submitted"], None, None, service.MAX_LIST)
    return [shown(row[0], row[1]) for row in rows if row[0].user_id != principal.user_id]


def one(session: Session, principal: Principal, approval_id: int) -> dict[str, Any]:
    period = service.visible(session, principal, approval_id)
    return shown(period, repository.usernames(session, [period.user_id]).get(period.user_id))


def decide(
    session: Session, principal: Principal, approval_id: int, step: str, text: str | None = None
) -> tuple[str, dict[str, Any]]:
    if step == "approve":
        service.approve(session, principal, approval_id, text)
        message = "Approved"
    elif step == "reject":
        service.reject(session, principal, approval_id, text)
        message = "Rejected"
    else:
        service.withdraw(session, principal, approval_id)
        message = "Cancelled"
    return message, one(session, principal, approval_id)


def bulk(
    session: Session, principal: Principal, ids: Sequence[int], comment: str | None
) -> list[dict[str, Any]]:
    results = service.bulk_approve(session, principal, ids, comment)
    out = []
    for r in results:
        item: dict[str, Any] = {"approval_id": r["period_id"], "success": r["success"]}
        if r["success"]:
            item["message"] = "Approved"
            item["approval"] = one(session, principal, r["period_id"])
        else:
            item["message"] = r["message"]
        out.append(item)
    return out
