from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel

from punchclock.auth.deps import require
from punchclock.auth.scopes import Principal
from punchclock.params import DateQuery, date_range
from punchclock.report import grouped, service
from punchclock.report.params import ReportQueryDep
from punchclock.responses import JSONResp

router = APIRouter(prefix="/reports", tags=["reports"])

Reader = Annotated[Principal, require("read:reports")]


class ProjectLine(BaseModel):
    project_id: int | None
    project_name: str
    hours: float
    billable_hours: float
    billable_amount: float
    entries: int


class Summary(BaseModel):
    start_date: str
    end_date: str
    user_id: int | None
    total_hours: float
    billable_hours: float
    billable_amount: float
    total_seconds: int
    total_entries: int
    by_project: list[ProjectLine]


class SummaryEnvelope(BaseModel):
    summary: Summary


@router.get("/summary", response_model=SummaryEnvelope)
async def summary(
    request: Request,
    principal: Reader,
    start_date: DateQuery = None,
    end_date: DateQuery = None,
    project_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    user_id: Annotated[int | None, Query(ge=1, le=2**31 - 1, description="Managers and admins")] = None,
) -> JSONResp:
    """Hours per project over a range (default: the last 30 days); running timers count up to now."""
    start, end = date_range(principal, start_date, end_date)
    result = await request.app.state.db.read(service.summary, principal, start, end, user_id, project_id)
    return JSONResp({"summary": result})


@router.get("/grouped")
async def grouped_report(request: Request, principal: Reader, query: ReportQueryDep) -> JSONResp:
    """Time grouped and sub-grouped by project, client, task, tag, user or period, with amounts."""
    result = await request.app.state.db.read(grouped.grouped, principal, query)
    return JSONResp({"report": result})
