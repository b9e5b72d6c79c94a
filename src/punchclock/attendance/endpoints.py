"""TimeTracker's attendance and workday routes: clock in and out, breaks, today and history.

Notes:
Answers are TimeTracker's wrapper ``{"success": true, "message"?, "data": {...}}``; refusals keep
Punchclock's error body with ``"success": false`` added, so TimeTracker's apps read them as their
own. While the workspace's attendance switch is off every route answers 403 ``module_disabled``
(punchclock.attendance.service); ``POST /attendance/corrections`` always does: a correction is an
edit of the entry, made where entries are edited.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from punchclock.attendance import service
from punchclock.attendance.schemas import Answer, BreakStart, WorkdayEnd, WorkdayStart
from punchclock.auth.deps import CurrentPrincipal, require
from punchclock.auth.scopes import Principal
from punchclock.errors import AppError, ModuleDisabled
from punchclock.responses import JSONResp

router = APIRouter(tags=["attendance"])

Reader = Annotated[Principal, require("read:time_entries")]
Writer = Annotated[Principal, require("write:time_entries")]
OFF: dict[int | str, dict[str, Any]] = {
    403: {"description": "Attendance is off in this workspace (module_disabled)"}
}
REFUSED: dict[int | str, dict[str, Any]] = {
    **OFF,
    400: {"description": "TimeTracker's refusal (error_code), e.g. workday_already_active"},
    409: {"description": "The time is locked (period_locked)"},
}


async def _answer(
    request: Request, fn: Callable[..., dict[str, Any]], *args: Any, message: str | None = None,
    write: bool = True,
) -> JSONResp:  # fmt: skip
    db = request.app.state.db
    try:
        data = await (db.write if write else db.read)(fn, *args)
    except AppError as exc:
        exc.extra.setdefault("success", False)
        raise
    body: dict[str, Any] = {"success": True}
    if message:
        body["message"] = message
    body["data"] = data
    return JSONResp(body)


@router.get("/attendance/status", response_model=Answer, responses=OFF)
async def attendance_status(request: Request, principal: Reader) -> JSONResp:
    """Whether the caller is at work or on a break, and today's totals."""
    return await _answer(request, service.status, principal, write=False)


@router.get("/attendance/history", response_model=Answer, responses=OFF)
async def attendance_history(
    request: Request, principal: Reader, days: Annotated[int, Query(ge=1, le=366)] = 30
) -> JSONResp:
    """The caller's days with time or a holiday, from ``days`` ago to today, newest first."""
    return await _answer(request, service.history, principal, days, write=False)


@router.post("/attendance/break/start", response_model=Answer, responses=REFUSED)
async def start_break(request: Request, principal: Writer, body: BreakStart | None = None) -> JSONResp:
    """Start a break: the running workday pauses."""
    kind = (body or BreakStart()).break_type
    return await _answer(request, service.start_break, principal, kind, message="Break started")


@router.post("/attendance/break/end", response_model=Answer, responses=REFUSED)
async def end_break(request: Request, principal: Writer) -> JSONResp:
    """End the break: the workday runs on; the break counts as break time."""
    return await _answer(request, service.end_break, principal, message="Break ended")


@router.post("/attendance/corrections", status_code=403, responses=OFF)
async def request_correction(_: CurrentPrincipal) -> None:
    """Not offered: a correction is an edit of the entry (403 module_disabled)."""
    error = ModuleDisabled(
        "Attendance corrections are not offered: edit the time entry", code="module_disabled"
    )
    error.extra["success"] = False
    raise error


@router.get("/workday/status", response_model=Answer, responses=OFF)
async def workday_status(request: Request, principal: Reader) -> JSONResp:
    """The caller's running workday session, if any."""
    return await _answer(request, service.workday_status, principal, write=False)


@router.post("/workday/start", response_model=Answer, responses=REFUSED)
async def start_workday(request: Request, principal: Writer, body: WorkdayStart | None = None) -> JSONResp:
    """Clock in: a timer without a project starts (400 workday_already_active while one runs)."""
    notes = (body or WorkdayStart()).notes
    return await _answer(request, service.start_workday, principal, notes, message="Workday started")


@router.post("/workday/end", response_model=Answer, responses=REFUSED)
async def end_workday(request: Request, principal: Writer, body: WorkdayEnd | None = None) -> JSONResp:
    """Clock out: the running timer stops (400 no_active_workday)."""
    data = body or WorkdayEnd()
    end = data.end_time or data.at_time
    return await _answer(request, service.end_workday, principal, data.notes, end, message="Workday ended")
