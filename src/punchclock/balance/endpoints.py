"""``/api/v1/worktime/balance``, ``/days`` and ``/balances``: working-time balances."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

import anyio.to_thread
from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from punchclock.auth.deps import client_address, require
from punchclock.auth.scopes import Principal
from punchclock.balance import pdf, report, service
from punchclock.balance.schemas import BalanceRead, BalancesRead, DaysRead
from punchclock.export import service as export_service
from punchclock.kit import tabular
from punchclock.kit.types import IsoDate
from punchclock.responses import JSONResp, download

router = APIRouter(tags=["working time"])

Reader = Annotated[Principal, require("read:time_entries")]
UserQuery = Annotated[int | None, Query(ge=1, le=2**31 - 1, description="Whose (default: one's own)")]
NO_TEAM: dict[int | str, dict[str, Any]] = {404: {"description": "No such team"}}
NOT_SEEN: dict[int | str, dict[str, Any]] = {404: {"description": "No such user, or not one the caller sees"}}


@router.get("/worktime/balance", response_model=BalanceRead, responses=NOT_SEEN)
async def get_balance(
    request: Request,
    principal: Reader,
    user_id: UserQuery = None,
    as_of: Annotated[IsoDate | None, Query(alias="date", description="The day (default: today)")] = None,
) -> JSONResp:
    """A user's working-time balance: running, today, and this week, month and year."""
    whose = user_id or principal.user_id
    return JSONResp(await request.app.state.db.read(service.balance, principal, whose, as_of))


@router.get("/worktime/days", response_model=DaysRead, responses=NOT_SEEN)
async def get_days(
    request: Request,
    principal: Reader,
    start_date: Annotated[IsoDate, Query()],
    end_date: Annotated[IsoDate, Query()],
    user_id: UserQuery = None,
) -> JSONResp:
    """A user's days (at most 62): target, worked, breaks, holiday, absence, balance."""
    whose = user_id or principal.user_id
    work = (service.days, principal, whose, start_date, end_date)
    return JSONResp(await request.app.state.db.read(*work))


@router.get("/worktime/balances", response_model=BalancesRead, responses=NO_TEAM)
async def get_balances(
    request: Request,
    principal: Reader,
    year: Annotated[int | None, Query(ge=1971, le=2098)] = None,
    team_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
) -> JSONResp:
    """Everyone's year the caller sees (a member: their own), optionally one team's."""
    chosen = year or date.today().year
    work = (service.team_balances, principal, chosen, team_id)
    return JSONResp(await request.app.state.db.read(*work))


ReportFormat = Annotated[
    Literal["json", "csv", "xlsx", "pdf"], Query(description="json, csv, xlsx, or pdf (printable, to sign)")
]
MonthQuery = Annotated[
    str | None, Query(pattern=r"^\d{4}-\d{2}$", description="YYYY-MM (default: this month)")
]


async def _exported(
    request: Request, principal: Principal, kind: str, fmt: str, ids: list[int], month: str
) -> None:
    export = export_service.Exported(kind, fmt, ids, f"{month}-01", None)  # the month it starts
    await export_service.note_export(request.app.state.db, principal, export, client_address(request))


@router.get("/worktime/report", responses=NOT_SEEN)
async def get_month_report(
    request: Request, principal: Reader, user_id: UserQuery = None, month: MonthQuery = None,
    format: ReportFormat = "json",
) -> Response:  # fmt: skip
    """A user's month, day by day: target, worked, absences, holidays, balance, carried in and out
    (JSON, or CSV, XLSX and PDF to download)."""
    whose = user_id or principal.user_id
    found = await request.app.state.db.read(report.month_report, principal, whose, month)
    if format == "json":
        return JSONResp(found)
    await _exported(request, principal, "worktime", format, [whose], found["month"])
    slug = re.sub(r"[^A-Za-z0-9._-]", "_", found["username"])[:40]
    name = f"worktime-{slug}-{found['month']}.{format}"
    if format == "pdf":
        document = await anyio.to_thread.run_sync(pdf.month, found)
        return download(iter([document]), format, name)
    rows = report.day_rows(found)
    return download(tabular.table_chunks(format, "worktime", report.HEADER, rows), format, name)


@router.get("/worktime/report/team", responses=NO_TEAM)
async def get_team_report(
    request: Request, principal: Reader, month: MonthQuery = None,
    team_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None, format: ReportFormat = "json",
) -> Response:  # fmt: skip
    """Everyone's month the caller sees (a member: their own), or one team's: a row each."""
    found = await request.app.state.db.read(report.team_report, principal, month, team_id)
    if format == "json":
        return JSONResp(found)
    await _exported(
        request, principal, "worktime", format, [u["user_id"] for u in found["users"]], found["month"]
    )
    name = f"worktime-team-{found['month']}.{format}"
    if format == "pdf":
        return download(iter([await anyio.to_thread.run_sync(pdf.team, found)]), format, name)
    rows = report.team_rows(found)
    return download(tabular.table_chunks(format, "worktime", report.TEAM_HEADER, rows), format, name)
