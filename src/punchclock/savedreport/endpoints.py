"""Saved reports: listed with read:reports; saved, changed and deleted with write:users (a personal
preference, like favourite projects), by any role. Each user sees only their own."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request

from punchclock.auth.deps import require
from punchclock.auth.scopes import Principal
from punchclock.responses import JSONResp
from punchclock.savedreport import service
from punchclock.savedreport.schemas import (
    SavedReportCreate,
    SavedReportEnvelope,
    SavedReportList,
    SavedReportUpdate,
)

router = APIRouter(prefix="/saved-reports", tags=["saved reports"])

Reader = Annotated[Principal, require("read:reports")]
Writer = Annotated[Principal, require("write:users")]
ReportId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("", response_model=SavedReportList)
async def list_saved_reports(request: Request, principal: Reader) -> JSONResp:
    """Your saved reports, by name."""
    return JSONResp({"saved_reports": await request.app.state.db.read(service.list_dicts, principal)})


@router.post("", status_code=201, response_model=SavedReportEnvelope)
async def create_saved_report(request: Request, principal: Writer, body: SavedReportCreate) -> JSONResp:
    """Save a set of report filters under a name (409 if you have one of that name)."""
    filters = body.filters.model_dump(mode="json")
    saved = await request.app.state.db.write(service.create, principal, body.name, filters)
    return JSONResp({"saved_report": saved}, status_code=201)


@router.get("/{saved_report_id}", response_model=SavedReportEnvelope)
async def get_saved_report(request: Request, principal: Reader, saved_report_id: ReportId) -> JSONResp:
    """One of your saved reports."""
    return JSONResp(
        {"saved_report": await request.app.state.db.read(service.get_dict, principal, saved_report_id)}
    )


@router.patch("/{saved_report_id}", response_model=SavedReportEnvelope)
async def update_saved_report(
    request: Request, principal: Writer, saved_report_id: ReportId, body: SavedReportUpdate
) -> JSONResp:
    """Rename a saved report, change its filters, or both."""
    changes = body.model_dump(mode="json", exclude_unset=True)
    if "filters" in changes:  # whole, its defaults too (exclude_unset reaches into it)
        changes["filters"] = body.filters.model_dump(mode="json")
    saved = await request.app.state.db.write(service.update, principal, saved_report_id, changes)
    return JSONResp({"saved_report": saved})


@router.delete("/{saved_report_id}")
async def delete_saved_report(request: Request, principal: Writer, saved_report_id: ReportId) -> JSONResp:
    """Delete one of your saved reports."""
    await request.app.state.db.write(service.delete, principal, saved_report_id)
    return JSONResp({"message": "Saved report deleted"})
