"""Downloads: entries and reports as CSV, XLSX or JSON, the account export, the iCalendar feed."""

from __future__ import annotations

from typing import Annotated, Literal

import anyio.to_thread
from fastapi import APIRouter, Depends, Query, Request
from fastapi.security import APIKeyQuery
from starlette.responses import StreamingResponse

from punchclock.auth.deps import authenticate, client_address, extract_token, require
from punchclock.auth.scopes import Principal
from punchclock.errors import Unauthorized
from punchclock.export import account, calendar, pdf, service, sheet
from punchclock.kit import tabular
from punchclock.kit.types import Text
from punchclock.report.params import ReportQueryDep
from punchclock.responses import download

router = APIRouter(tags=["exports"])

EntryReader = Annotated[Principal, require("read:time_entries")]
ReportReader = Annotated[Principal, require("read:reports")]
_feed_token = APIKeyQuery(
    name="token", auto_error=False, description="An API token that holds only the read:calendar scope"
)
Format = Annotated[Literal["csv", "xlsx", "json"], Query(description="csv, xlsx or json")]
ReportFormat = Annotated[
    Literal["csv", "xlsx", "json", "pdf"], Query(description="csv, xlsx, json, or pdf: a printable timesheet")
]
DateParam = Annotated[Text | None, Query(max_length=10, description="YYYY-MM-DD in your time zone")]
IdParam = Annotated[int | None, Query(ge=1, le=2**31 - 1)]


@router.get("/exports/time-entries")
async def export_entries(
    request: Request,
    principal: EntryReader,
    format: Format = "csv",
    start_date: DateParam = None,
    end_date: DateParam = None,
    user_id: IdParam = None,
    project_id: IdParam = None,
    billable: bool | None = None,
    approval: Annotated[
        Literal["approved", "open"] | None,
        Query(description="approved: only entries inside approved or closed periods; open: the rest"),
    ] = None,
) -> StreamingResponse:
    """Time entries (starting in the range) as CSV, XLSX or JSON, streamed."""
    db = request.app.state.db
    filters = (start_date, end_date, user_id, project_id, billable, approval)
    plan = await db.read(service.plan_entries, principal, *filters)
    export = service.Exported("time_entries", format, plan.scope.user_ids, start_date, end_date)
    await service.note_export(db, principal, export, client_address(request))
    rows = service.entry_rows(db, plan)
    chunks = tabular.table_chunks(format, "time_entries", service.ENTRY_HEADER, rows)
    return download(chunks, format, f"time-entries-{service.stamp()}.{format}")


@router.get("/exports/report")
async def export_report(
    request: Request, principal: ReportReader, query: ReportQueryDep, format: ReportFormat = "csv"
) -> StreamingResponse:
    """The grouped report (same parameters) as a flat table (CSV, XLSX or JSON), or as a printable
    timesheet (PDF: the figures, every entry per day, totals and signature lines)."""
    name = f"report-{query.group_by}-{service.stamp()}.{format}"
    db = request.app.state.db
    export = service.Exported("report", format, query.user_ids, query.start_date, query.end_date)
    if format == "pdf":
        drawn = await db.read(sheet.build, principal, query)
        await service.note_export(db, principal, export, client_address(request))
        document = await anyio.to_thread.run_sync(pdf.render, drawn)
        return download(iter([document]), format, f"timesheet-{drawn.start}-{drawn.end}.pdf")
    header, rows = await db.read(service.report_table, principal, query)
    await service.note_export(db, principal, export, client_address(request))
    return download(tabular.table_chunks(format, "report", header, rows), format, name)


@router.get("/exports/account")
async def export_account(request: Request, principal: EntryReader) -> StreamingResponse:
    """Everything you own as one JSON document; `punchclock import punchclock` reads it back."""
    db = request.app.state.db
    top = await db.read(account.head, principal)
    return download(account.export(db, principal, top), "json", f"punchclock-{principal.username}.json")


@router.get("/calendar/feed.ics")
async def calendar_feed(
    request: Request, token: Annotated[str | None, Depends(_feed_token)] = None
) -> StreamingResponse:
    """Your entries of the last year as an iCalendar feed; the URL holds a read:calendar token."""
    raw = token or extract_token(request)
    if not raw:
        raise Unauthorized("Add ?token= with an API token that holds only the read:calendar scope")
    principal = await authenticate(request, raw)
    calendar.check_feed_token(principal)
    await request.app.state.limiter.hit(principal.rate_key)
    response = StreamingResponse(calendar.feed(request.app.state.db, principal), media_type="text/calendar")
    response.headers["Cache-Control"] = "private, max-age=300"
    return response
