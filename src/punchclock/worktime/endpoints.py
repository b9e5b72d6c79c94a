"""``/api/v1/work-models`` and ``/api/v1/work-adjustments``: working-time targets (admins write them)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request

from punchclock.auth.deps import client_address, require
from punchclock.auth.scopes import Principal
from punchclock.responses import JSONResp
from punchclock.worktime import service, settings
from punchclock.worktime.schemas import (
    AdjustmentCreate,
    AdjustmentList,
    AdjustmentMessage,
    WorkModelCreate,
    WorkModelList,
    WorkModelMessage,
    WorkModelUpdate,
    WorktimeSettings,
    WorktimeSettingsUpdate,
)

router = APIRouter(tags=["working time"])

Reader = Annotated[Principal, require("read:time_entries")]
Admin = Annotated[Principal, require("admin:all")]
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]
UserQuery = Annotated[int | None, Query(ge=1, le=2**31 - 1, description="Whose (default: one's own)")]
# A user_id the caller does not see answers 404, as their objects would (policy.check_owner).
NOT_SEEN: dict[int | str, dict[str, Any]] = {404: {"description": "No such user, or not one the caller sees"}}
UserTarget = Annotated[int, Query(ge=1, le=2**31 - 1, description="Whose")]


@router.get("/work-models", response_model=WorkModelList, responses=NOT_SEEN)
async def list_work_models(request: Request, principal: Reader, user_id: UserQuery = None) -> JSONResp:
    """A user's work models by valid_from (one's own, or of someone a manager or admin sees)."""
    whose = user_id or principal.user_id
    models = await request.app.state.db.read(service.models_of, principal, whose)
    return JSONResp({"work_models": models})


@router.post("/work-models", status_code=201, response_model=WorkModelMessage)
async def create_work_model(
    request: Request, principal: Admin, body: WorkModelCreate, user_id: UserTarget
) -> JSONResp:
    """Give a user a work model from a date on (admins)."""
    data = body.model_dump()
    model = await request.app.state.db.write(service.put_model, principal.user_id, user_id, data)
    return JSONResp({"message": "Work model created", "work_model": model}, status_code=201)


@router.patch("/work-models/{model_id:int}", response_model=WorkModelMessage)
async def update_work_model(
    request: Request, principal: Admin, model_id: RowId, body: WorkModelUpdate
) -> JSONResp:
    """Change a work model (admins)."""
    changes = body.model_dump(exclude_unset=True)
    model = await request.app.state.db.write(service.update_model, principal.user_id, model_id, changes)
    return JSONResp({"message": "Work model updated", "work_model": model})


@router.delete("/work-models/{model_id:int}")
async def delete_work_model(request: Request, principal: Admin, model_id: RowId) -> JSONResp:
    """Delete a work model (admins)."""
    await request.app.state.db.write(service.delete_model, principal.user_id, model_id)
    return JSONResp({"message": "Work model deleted"})


@router.get("/work-adjustments", response_model=AdjustmentList, responses=NOT_SEEN)
async def list_work_adjustments(request: Request, principal: Reader, user_id: UserQuery = None) -> JSONResp:
    """A user's balance and vacation adjustments by date."""
    whose = user_id or principal.user_id
    rows = await request.app.state.db.read(service.adjustments_of, principal, whose)
    return JSONResp({"work_adjustments": rows})


@router.post("/work-adjustments", status_code=201, response_model=AdjustmentMessage)
async def create_work_adjustment(
    request: Request, principal: Admin, body: AdjustmentCreate, user_id: UserTarget
) -> JSONResp:
    """Adjust a user's balance or vacation on a day, with a reason (admins; audited)."""
    row = await request.app.state.db.write(service.adjust, principal.user_id, user_id, body.model_dump())
    return JSONResp({"message": "Adjustment recorded", "work_adjustment": row}, status_code=201)


@router.delete("/work-adjustments/{adjustment_id:int}")
async def delete_work_adjustment(request: Request, principal: Admin, adjustment_id: RowId) -> JSONResp:
    """Delete an adjustment (admins; audited)."""
    await request.app.state.db.write(service.delete_adjustment, principal.user_id, adjustment_id)
    return JSONResp({"message": "Adjustment deleted"})


@router.get("/worktime/settings", response_model=WorktimeSettings)
async def get_worktime_settings(request: Request, _: Reader) -> JSONResp:
    """The workspace's working-time settings: holiday calendar, break rules, carry-over, attendance."""
    return JSONResp(await request.app.state.db.read(settings.read))


@router.put("/worktime/settings", response_model=WorktimeSettings)
async def put_worktime_settings(request: Request, principal: Admin, body: WorktimeSettingsUpdate) -> JSONResp:
    """Change some working-time settings (admins; each change audited). Fields left out stay; a
    null holiday calendar or carry-over is a value (no calendar; carry everything over)."""
    changes = body.model_dump(exclude_unset=True)
    for key in ("holiday_half_days", "break_rules", "attendance"):
        if key in changes and changes[key] is None:
            del changes[key]  # not nullable: null means "leave as is"
    work = (settings.update, changes, principal.user_id, client_address(request))
    return JSONResp(await request.app.state.db.write(*work))
