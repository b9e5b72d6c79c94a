"""``/api/v1/time-off``: TimeTracker's leave API (its desktop and mobile apps) over Punchclock's absences."""

from __future__ import annotations

from typing import Annotated

import anyio
from fastapi import APIRouter, Path, Query, Request, Response

from punchclock.auth.deps import require
from punchclock.auth.scopes import Principal
from punchclock.kit.types import IsoDate
from punchclock.responses import JSONResp
from punchclock.timeoff import service
from punchclock.timeoff.schemas import (
    BalanceList,
    LeaveTypeList,
    TimeOffCreate,
    TimeOffHolidayList,
    TimeOffRequestList,
    TimeOffRequestMessage,
    TimeOffReview,
)

router = APIRouter(prefix="/time-off", tags=["time off (TimeTracker)"])

Reader = Annotated[Principal, require("read:time_entries")]
Writer = Annotated[Principal, require("write:time_entries")]
RequestId = Annotated[int, Path(ge=1, le=2**31 - 1)]
UserQuery = Annotated[int | None, Query(ge=1, le=2**31 - 1)]
DayQuery = Annotated[IsoDate | None, Query()]


@router.get("/leave-types", response_model=LeaveTypeList)
async def list_leave_types(
    request: Request, principal: Reader, enabled_only: Annotated[bool, Query()] = True
) -> JSONResp:
    """The absence types as TimeTracker's leave types."""
    found = await request.app.state.db.read(service.leave_types, principal, enabled_only)
    return JSONResp({"leave_types": found})


@router.get("/requests", response_model=TimeOffRequestList)
async def list_time_off_requests(
    request: Request,
    principal: Reader,
    status: Annotated[str | None, Query(max_length=100)] = None,
    start_date: DayQuery = None,
    end_date: DayQuery = None,
    user_id: UserQuery = None,
) -> JSONResp:
    """Absences as time-off requests, newest start first: yours and those of the people you see."""
    args = (principal, status, start_date, end_date, user_id)
    return JSONResp({"time_off_requests": await request.app.state.db.read(service.requests, *args)})


@router.post("/requests", status_code=201, response_model=TimeOffRequestMessage)
async def create_time_off_request(request: Request, principal: Writer, body: TimeOffCreate) -> JSONResp:
    """Request time off (submitted unless ``submit`` is false)."""
    made = await request.app.state.db.write(service.create, principal, body.model_dump())
    return JSONResp({"message": "Time-off request created", "time_off_request": made}, status_code=201)


@router.post("/requests/{request_id:int}/approve", response_model=TimeOffRequestMessage)
async def approve_time_off_request(
    request: Request, principal: Writer, request_id: RequestId, body: TimeOffReview | None = None
) -> JSONResp:
    """Approve a submitted request (managers and admins who see its owner; never your own)."""
    comment = (body or TimeOffReview()).comment
    found = await request.app.state.db.write(service.decide, principal, request_id, True, comment)
    return JSONResp({"message": "Time-off request approved", "time_off_request": found})


@router.post("/requests/{request_id:int}/reject", response_model=TimeOffRequestMessage)
async def reject_time_off_request(
    request: Request, principal: Writer, request_id: RequestId, body: TimeOffReview | None = None
) -> JSONResp:
    """Reject a submitted request."""
    comment = (body or TimeOffReview()).comment
    found = await request.app.state.db.write(service.decide, principal, request_id, False, comment)
    return JSONResp({"message": "Time-off request rejected", "time_off_request": found})


@router.get(
    "/requests/{request_id:int}/pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}}},
)
async def time_off_request_pdf(request: Request, principal: Reader, request_id: RequestId) -> Response:
    """A request as a printable PDF (its person, days, hours, decision and lines to sign)."""
    draw = await request.app.state.db.read(service.request_pdf, principal, request_id)
    body = await anyio.to_thread.run_sync(draw)
    disposition = f'attachment; filename="time_off_request_{request_id}.pdf"'
    return Response(body, media_type="application/pdf", headers={"Content-Disposition": disposition})


@router.delete("/requests/{request_id:int}")
async def delete_time_off_request(request: Request, principal: Writer, request_id: RequestId) -> JSONResp:
    """Delete a request that is not approved (its owner, or a manager or admin who sees them)."""
    await request.app.state.db.write(service.delete, principal, request_id)
    return JSONResp({"message": "Time-off request deleted"})


@router.get(
    "/balances",
    response_model=BalanceList,
    responses={404: {"description": "No such user, or not one you see"}},
)
async def time_off_balances(request: Request, principal: Reader, user_id: UserQuery = None) -> JSONResp:
    """Hours per leave type this year: allowance, used and remaining (vacation), used (the others)."""
    return JSONResp({"balances": await request.app.state.db.read(service.balances, principal, user_id)})


@router.get("/holidays", response_model=TimeOffHolidayList)
async def list_time_off_holidays(
    request: Request, principal: Reader, start_date: DayQuery = None, end_date: DayQuery = None
) -> JSONResp:
    """Company days and your public holidays (this year by default), one day each."""
    # A write transaction: the first look at a holiday calendar's year materialises it.
    found = await request.app.state.db.write(service.holidays, principal, start_date, end_date)
    return JSONResp({"holidays": found})
