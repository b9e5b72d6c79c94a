from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from punchclock.auth.deps import client_address, require
from punchclock.auth.scopes import Principal
from punchclock.export import service as export_service
from punchclock.kit import tabular
from punchclock.kit.timeutil import is_bare_date
from punchclock.kit.types import Text
from punchclock.params import DateQuery, PageDep, date_range
from punchclock.report import budget, entries, grouped, service, timesheet
from punchclock.report.params import ReportQueryDep, id_list
from punchclock.responses import JSONResp, download

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
    end_is_whole_day = end_date is not None and is_bare_date(end_date)
    result = await request.app.state.db.read(
        service.summary, principal, start, end, user_id, project_id, end_is_whole_day
    )
    return JSONResp({"summary": result})


@router.get("/grouped")
async def grouped_report(request: Request, principal: Reader, query: ReportQueryDep) -> JSONResp:
    """Time grouped and sub-grouped by project, client, task, tag, user or period, with amounts."""
    result = await request.app.state.db.read(grouped.grouped, principal, query)
    return JSONResp({"report": result})


GroupKey = Annotated[Text | None, Query(max_length=60, description="A group's key from /reports/grouped")]


@router.get("/entries")
async def figure_entries(
    request: Request,
    principal: Reader,
    query: ReportQueryDep,
    page: PageDep,
    group: GroupKey = None,
    sub_group: GroupKey = None,
) -> JSONResp:
    """The entries behind a figure of the grouped report (same parameters; a group's and
    sub-group's keys), paged, each with the seconds it counts there."""
    result = await request.app.state.db.read(entries.figure_entries, principal, query, group, sub_group, page)
    return JSONResp(result)


@router.get("/timesheet")
async def weekly_timesheet(
    request: Request,
    principal: Reader,
    week: Annotated[
        Text | None, Query(max_length=10, description="Any day of the week (default: today)")
    ] = None,
    user_id: Annotated[int | None, Query(ge=1, le=2**31 - 1, description="Managers and admins")] = None,
    rounding: Annotated[Text, Query(max_length=10)] = "none",
    rounding_minutes: Annotated[int, Query(ge=1, le=1440)] = 15,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
) -> Response:
    """A week as rows per project and task and columns per day, as JSON or CSV."""
    sheet = await request.app.state.db.read(
        timesheet.timesheet, principal, week, user_id, rounding, rounding_minutes
    )
    if format == "csv":
        header, rows = timesheet.table(sheet)
        name = f"timesheet-{sheet['start_date']}.csv"
        whose = [user_id or principal.user_id]
        export = export_service.Exported("timesheet", "csv", whose, sheet["start_date"], sheet["end_date"])
        await export_service.note_export(request.app.state.db, principal, export, client_address(request))
        return download(tabular.csv_chunks(header, rows), "csv", name)
    return JSONResp({"timesheet": sheet})


@router.get("/budgets")
async def project_budgets(
    request: Request,
    principal: Reader,
    project_ids: Annotated[Text | None, Query(max_length=4000, description="Comma-separated")] = None,
    include_tasks: Annotated[
        bool, Query(description="Also the tasks' hours against their estimates")
    ] = False,
) -> JSONResp:
    """Hours and amounts used on each project (and, if asked, each task) against its estimate
    (managers and admins)."""
    budget.check_access(principal)  # a member is refused whatever the filter says
    ids = id_list(project_ids, "project_ids")
    db = request.app.state.db
    lines = await db.read(budget.budgets, principal, ids)
    if not include_tasks:
        return JSONResp({"budgets": lines})
    return JSONResp({"budgets": lines, "tasks": await db.read(budget.task_budgets, principal, ids)})
