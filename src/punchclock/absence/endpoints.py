"""``/api/v1/absence-types`` and ``/api/v1/absences``: days off, requested and decided."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request

from punchclock.absence import calendar, kinds, service
from punchclock.absence.schemas import (
    AbsenceCreate,
    AbsenceDecision,
    AbsenceList,
    AbsenceMessage,
    AbsenceRead,
    AbsenceTypeCreate,
    AbsenceTypeList,
    AbsenceTypeMessage,
    AbsenceTypeUpdate,
    AbsenceUpdate,
    CalendarRead,
)
from punchclock.auth.deps import require
from punchclock.auth.scopes import Principal
from punchclock.kit.types import IsoDate
from punchclock.responses import JSONResp

router = APIRouter(tags=["absences"])

Reader = Annotated[Principal, require("read:time_entries")]
Writer = Annotated[Principal, require("write:time_entries")]
Admin = Annotated[Principal, require("admin:all")]
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]
Day = Annotated[IsoDate, Query()]
STEPS = {"submit": "Absence submitted", "withdraw": "Absence withdrawn", "approve": "Absence approved",
         "reject": "Absence rejected", "cancel": "Absence cancelled"}  # fmt: skip


@router.get("/absence-types", response_model=AbsenceTypeList)
async def list_absence_types(
    request: Request, _: Reader, enabled_only: Annotated[bool, Query()] = False
) -> JSONResp:
    """The workspace's absence types by name."""
    return JSONResp({"absence_types": await request.app.state.db.read(kinds.list_types, enabled_only)})


@router.post("/absence-types", status_code=201, response_model=AbsenceTypeMessage)
async def create_absence_type(request: Request, principal: Admin, body: AbsenceTypeCreate) -> JSONResp:
    """Add an absence type (admins; audited)."""
    row = await request.app.state.db.write(kinds.create_type, principal.user_id, body.model_dump())
    return JSONResp({"message": "Absence type created", "absence_type": row}, status_code=201)


@router.patch("/absence-types/{type_id:int}", response_model=AbsenceTypeMessage)
async def update_absence_type(
    request: Request, principal: Admin, type_id: RowId, body: AbsenceTypeUpdate
) -> JSONResp:
    """Change an absence type (admins; audited). Null fields are left as they are."""
    changes = {k: v for k, v in body.model_dump(exclude_unset=True).items() if v is not None}
    row = await request.app.state.db.write(kinds.update_type, principal.user_id, type_id, changes)
    return JSONResp({"message": "Absence type updated", "absence_type": row})


@router.delete("/absence-types/{type_id:int}")
async def delete_absence_type(request: Request, principal: Admin, type_id: RowId) -> JSONResp:
    """Delete an absence type no absence uses (409 in_use otherwise: switch it off instead)."""
    await request.app.state.db.write(kinds.delete_type, principal.user_id, type_id)
    return JSONResp({"message": "Absence type deleted"})


@router.get("/absences", response_model=AbsenceList)
async def list_absences(
    request: Request,
    principal: Reader,
    user_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    status: Annotated[str | None, Query(max_length=100)] = None,
    start_date: Annotated[IsoDate | None, Query()] = None,
    end_date: Annotated[IsoDate | None, Query()] = None,
) -> JSONResp:
    """Absences, newest first: yours and, for managers and admins, those of the people they see.
    A date range keeps those sharing a day with it."""
    args = (principal, user_id, status, start_date, end_date)
    return JSONResp({"absences": await request.app.state.db.read(service.list_dicts, *args)})


@router.post("/absences", status_code=201, response_model=AbsenceMessage)
async def create_absence(request: Request, principal: Writer, body: AbsenceCreate) -> JSONResp:
    """Request an absence (submitted unless ``submit`` is false); managers and admins record one for
    someone they see, approved at once."""
    row = await request.app.state.db.write(service.create, principal, body.model_dump())
    return JSONResp({"message": "Absence created", "absence": row}, status_code=201)


@router.get(
    "/absences/calendar",
    response_model=CalendarRead,
    responses={404: {"description": "No such team, or not yours"}},
)
async def absence_calendar(
    request: Request,
    principal: Reader,
    start_date: Day,
    end_date: Day,
    team_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
) -> JSONResp:
    """Submitted and approved absences and the holidays of the people you see (of one team), as
    spans; users without a holiday calendar have company days only (key ``*``)."""
    # A write transaction: the first look at a holiday calendar's year materialises it.
    found = await request.app.state.db.write(calendar.calendar, principal, team_id, start_date, end_date)
    return JSONResp(found)


@router.get("/absences/{absence_id:int}", response_model=AbsenceRead)
async def get_absence(request: Request, principal: Reader, absence_id: RowId) -> JSONResp:
    """One absence."""
    return JSONResp(await request.app.state.db.read(service.get, principal, absence_id))


@router.patch("/absences/{absence_id:int}", response_model=AbsenceMessage)
async def update_absence(
    request: Request, principal: Writer, absence_id: RowId, body: AbsenceUpdate
) -> JSONResp:
    """Change a draft."""
    changes = body.model_dump(exclude_unset=True)
    row = await request.app.state.db.write(service.update, principal, absence_id, changes)
    return JSONResp({"message": "Absence updated", "absence": row})


@router.delete("/absences/{absence_id:int}")
async def delete_absence(request: Request, principal: Writer, absence_id: RowId) -> JSONResp:
    """Delete an absence that is not approved (cancel an approved one)."""
    await request.app.state.db.write(service.delete, principal, absence_id)
    return JSONResp({"message": "Absence deleted"})


async def _step(
    request: Request, principal: Principal, absence_id: int, action: str, comment: str | None
) -> Any:
    row = await request.app.state.db.write(service.act, principal, absence_id, action, comment)
    return JSONResp({"message": STEPS[action], "absence": row})


@router.post("/absences/{absence_id:int}/submit", response_model=AbsenceMessage)
async def submit_absence(request: Request, principal: Writer, absence_id: RowId) -> JSONResp:
    """Submit your draft (a type that needs no approval is approved at once)."""
    return await _step(request, principal, absence_id, "submit", None)


@router.post("/absences/{absence_id:int}/withdraw", response_model=AbsenceMessage)
async def withdraw_absence(request: Request, principal: Writer, absence_id: RowId) -> JSONResp:
    """Take your submitted absence back (a draft again)."""
    return await _step(request, principal, absence_id, "withdraw", None)


@router.post("/absences/{absence_id:int}/approve", response_model=AbsenceMessage)
async def approve_absence(
    request: Request, principal: Writer, absence_id: RowId, body: AbsenceDecision | None = None
) -> JSONResp:
    """Approve a submitted absence (managers and admins who see its owner; never your own)."""
    return await _step(request, principal, absence_id, "approve", (body or AbsenceDecision()).comment)


@router.post("/absences/{absence_id:int}/reject", response_model=AbsenceMessage)
async def reject_absence(
    request: Request, principal: Writer, absence_id: RowId, body: AbsenceDecision | None = None
) -> JSONResp:
    """Reject a submitted absence, with an optional comment."""
    return await _step(request, principal, absence_id, "reject", (body or AbsenceDecision()).comment)


@router.post("/absences/{absence_id:int}/cancel", response_model=AbsenceMessage)
async def cancel_absence(
    request: Request, principal: Writer, absence_id: RowId, body: AbsenceDecision | None = None
) -> JSONResp:
    """Cancel an approved absence (deciders); its days count again."""
    return await _step(request, principal, absence_id, "cancel", (body or AbsenceDecision()).comment)
