"""Sign-off over HTTP: TimeTracker's ``/timesheet-periods`` and ``/time-entry-approvals`` in its
shapes (its desktop and mobile apps' approval screens), and the workspace's sign-off settings.

``/time-entry-approvals`` is a view of the period queue: TimeTracker approves entries one by one,
Punchclock approves periods, so each submitted period is one approval (``id`` = the period's id,
``time_entry_id`` null) and approving it approves the period.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request

from punchclock.approval import approvals, service, workspace
from punchclock.approval.schemas import (
    ApprovalEnvelope,
    ApprovalList,
    ApprovalMessage,
    BulkApprove,
    BulkApproveEntries,
    BulkResult,
    PeriodCreate,
    PeriodDecision,
    PeriodEnvelope,
    PeriodList,
    PeriodMessage,
    PeriodReason,
    SignoffRead,
    SignoffSettings,
)
from punchclock.auth.deps import client_address, require
from punchclock.auth.scopes import Principal
from punchclock.kit.types import IsoDate
from punchclock.responses import JSONResp

periods_router = APIRouter(prefix="/timesheet-periods", tags=["sign-off"])
approvals_router = APIRouter(prefix="/time-entry-approvals", tags=["sign-off"])
settings_router = APIRouter(prefix="/signoff", tags=["sign-off"])

Reader = Annotated[Principal, require("read:time_entries")]
Writer = Annotated[Principal, require("write:time_entries")]
Admin = Annotated[Principal, require("admin:all")]
PeriodId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _message(text: str, period: dict[str, Any]) -> JSONResp:
    return JSONResp({"message": text, "timesheet_period": period})


@periods_router.get("", response_model=PeriodList)
async def list_periods(
    request: Request,
    principal: Reader,
    user_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    status: Annotated[str | None, Query(max_length=100)] = None,
    start_date: Annotated[IsoDate | None, Query()] = None,
    end_date: Annotated[IsoDate | None, Query()] = None,
) -> JSONResp:
    """Timesheet periods, newest first: yours (your current and previous ones are made as drafts
    when missing) and, for managers and admins, those of the people they see."""
    db = request.app.state.db
    if await db.read(service.missing_own, principal):
        await db.write(service.ensure_own, principal)
    found = await db.read(service.list_periods, principal, user_id, status, start_date, end_date)
    return JSONResp({"timesheet_periods": found})


@periods_router.post("", status_code=201, response_model=PeriodEnvelope)
async def create_period(request: Request, principal: Writer, body: PeriodCreate | None = None) -> JSONResp:
    """The period holding a day (today), made as a draft when missing."""
    body = body or PeriodCreate()
    found = await request.app.state.db.write(service.create, principal, body.reference_date, body.user_id)
    return JSONResp({"timesheet_period": found}, status_code=201)


@periods_router.post("/bulk-approve", response_model=BulkResult)
async def bulk_approve(request: Request, principal: Writer, body: BulkApprove) -> JSONResp:
    """Approve several periods; each result says whether it was approved and why not."""
    results = await request.app.state.db.write(service.bulk_approve, principal, body.period_ids, body.comment)
    done = sum(1 for r in results if r["success"])
    return JSONResp(
        {"success": True, "message": f"Approved {done} of {len(results)} periods", "results": results}
    )


@periods_router.get("/{period_id:int}")
async def get_period(request: Request, principal: Reader, period_id: PeriodId) -> JSONResp:
    """One period with its owner's name and its totals by day and by project."""
    return JSONResp({"timesheet_period": await request.app.state.db.read(service.get, principal, period_id)})


@periods_router.post("/{period_id:int}/submit", response_model=PeriodMessage)
async def submit_period(request: Request, principal: Writer, period_id: PeriodId) -> JSONResp:
    """Submit your period for approval (a draft or a rejected one)."""
    return _message(
        "Timesheet period submitted", await request.app.state.db.write(service.submit, principal, period_id)
    )


@periods_router.post("/{period_id:int}/approve", response_model=PeriodMessage)
async def approve_period(
    request: Request, principal: Writer, period_id: PeriodId, body: PeriodDecision | None = None
) -> JSONResp:
    """Approve a submitted (or rejected) period of someone you see: its time is locked."""
    comment = body.comment if body else None
    found = await request.app.state.db.write(service.approve, principal, period_id, comment)
    return _message("Timesheet period approved", found)


@periods_router.post("/{period_id:int}/reject", response_model=PeriodMessage)
async def reject_period(
    request: Request, principal: Writer, period_id: PeriodId, body: PeriodReason
) -> JSONResp:
    """Reject a submitted period, with a reason its owner sees."""
    reason = body.reason or body.rejection_reason
    found = await request.app.state.db.write(service.reject, principal, period_id, reason)
    return _message("Timesheet period rejected", found)


@periods_router.post("/{period_id:int}/close", response_model=PeriodMessage)
async def close_period(
    request: Request, principal: Writer, period_id: PeriodId, body: PeriodReason | None = None
) -> JSONResp:
    """Admins: close a period, whatever its state; its time is locked."""
    reason = (body.reason or body.rejection_reason) if body else None
    found = await request.app.state.db.write(service.close, principal, period_id, reason)
    return _message("Timesheet period closed", found)


@periods_router.post("/{period_id:int}/reopen", response_model=PeriodMessage)
async def reopen_period(
    request: Request, principal: Writer, period_id: PeriodId, body: PeriodReason
) -> JSONResp:
    """Admins: make an approved or closed period a draft again, with a reason."""
    reason = body.reason or body.rejection_reason
    found = await request.app.state.db.write(service.reopen, principal, period_id, reason)
    return _message("Timesheet period reopened", found)


@periods_router.post("/{period_id:int}/withdraw", response_model=PeriodMessage)
async def withdraw_period(request: Request, principal: Writer, period_id: PeriodId) -> JSONResp:
    """Take your submitted period back (a draft again)."""
    found = await request.app.state.db.write(service.withdraw, principal, period_id)
    return _message("Timesheet period withdrawn", found)


@periods_router.delete("/{period_id:int}", response_model=PeriodMessage)
async def delete_period(request: Request, principal: Writer, period_id: PeriodId) -> JSONResp:
    """Delete your draft or rejected period (admins: anyone's)."""
    await request.app.state.db.write(service.delete, principal, period_id)
    return JSONResp({"message": "Timesheet period deleted"})


# TimeTracker's per-entry approvals, as a view of the period queue


@approvals_router.get("", response_model=ApprovalList)
async def list_approvals(request: Request, principal: Reader) -> JSONResp:
    """Submitted periods you may approve, one approval each."""
    return JSONResp({"approvals": await request.app.state.db.read(approvals.pending, principal)})


@approvals_router.post("/bulk-approve", response_model=BulkResult)
async def bulk_approve_entries(request: Request, principal: Writer, body: BulkApproveEntries) -> JSONResp:
    """Approve several (period) approvals."""
    results = await request.app.state.db.write(approvals.bulk, principal, body.approval_ids, body.comment)
    done = sum(1 for r in results if r["success"])
    return JSONResp(
        {"success": True, "message": f"Approved {done} of {len(results)} entries", "results": results}
    )


@approvals_router.get("/{approval_id:int}", response_model=ApprovalEnvelope)
async def get_approval(request: Request, principal: Reader, approval_id: PeriodId) -> JSONResp:
    """One approval (a period) and its state."""
    return JSONResp({"approval": await request.app.state.db.read(approvals.one, principal, approval_id)})


async def _decided(
    request: Request, principal: Principal, approval_id: int, step: Any, *args: Any
) -> JSONResp:
    message, found = await request.app.state.db.write(approvals.decide, principal, approval_id, step, *args)
    return JSONResp({"success": True, "message": message, "approval": found})


@approvals_router.post("/{approval_id:int}/approve", response_model=ApprovalMessage)
async def approve_entry(
    request: Request, principal: Writer, approval_id: PeriodId, body: PeriodDecision | None = None
) -> JSONResp:
    """Approve (the period)."""
    return await _decided(request, principal, approval_id, "approve", body.comment if body else None)


@approvals_router.post("/{approval_id:int}/reject", response_model=ApprovalMessage)
async def reject_entry(
    request: Request, principal: Writer, approval_id: PeriodId, body: PeriodReason
) -> JSONResp:
    """Reject (the period), with a reason."""
    return await _decided(request, principal, approval_id, "reject", body.reason or body.rejection_reason)


@approvals_router.post("/{approval_id:int}/cancel", response_model=ApprovalMessage)
async def cancel_entry(request: Request, principal: Writer, approval_id: PeriodId) -> JSONResp:
    """The owner withdraws (the period)."""
    return await _decided(request, principal, approval_id, "cancel")


# The workspace's sign-off settings


@settings_router.get("", response_model=SignoffRead)
async def get_signoff(request: Request, _: Reader) -> JSONResp:
    """The lock date and the period type (weekly or monthly)."""
    return JSONResp(await request.app.state.db.read(workspace.settings))


@settings_router.put("", response_model=SignoffRead)
async def put_signoff(request: Request, principal: Admin, body: SignoffSettings) -> JSONResp:
    """Admins: set the lock date (nothing before it changes; null removes it) and the period type."""
    changes = body.model_dump(exclude_unset=True)
    work = (workspace.update_settings, changes, principal.user_id, client_address(request))
    return JSONResp(await request.app.state.db.write(*work))


router = APIRouter()
for _part in (periods_router, approvals_router, settings_router):
    router.include_router(_part)
