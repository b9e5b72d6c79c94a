"""The audit log, for admins (admin:all): newest first, filtered; a page at a time or all as a file."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import StreamingResponse

from punchclock.audit import service
from punchclock.audit.repository import AuditFilter
from punchclock.audit.schemas import AuditEventList
from punchclock.auth.deps import require
from punchclock.auth.scopes import Principal
from punchclock.kit import tabular
from punchclock.kit.timeutil import iso, now_ts
from punchclock.params import DateQuery, PageDep, date_range
from punchclock.responses import JSONResp, download

router = APIRouter(prefix="/audit", tags=["audit"])

Admin = Annotated[Principal, require("admin:all")]
UserId = Annotated[int | None, Query(ge=1, le=2**31 - 1)]
# A dotted name ("auth.sign_in_failed"), or a prefix ending in a dot ("auth.").
Action = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=64,
        pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)*\.?$",
        description='An action ("auth.sign_in_failed"), or all under a prefix ending in a dot ("auth.")',
    ),
]


def _filters(
    principal: Admin,
    actor_id: Annotated[int | None, Query(ge=1, le=2**31 - 1, description="Who acted")] = None,
    user_id: Annotated[
        int | None, Query(ge=1, le=2**31 - 1, description="Whom it concerned (the target user)")
    ] = None,
    action: Action = None,
    since: DateQuery = None,
    until: DateQuery = None,
) -> AuditFilter:
    start, end = date_range(principal, since, until, names=("since", "until"))
    return AuditFilter(actor_id=actor_id, target_user_id=user_id, action=action, since=start, until=end)


Filters = Annotated[AuditFilter, Depends(_filters)]


@router.get("", response_model=AuditEventList)
async def list_events(request: Request, principal: Admin, page: PageDep, filters: Filters) -> JSONResp:
    """The audit log: sign-ins, account, token and workspace changes, who made them and from where."""
    return JSONResp(await request.app.state.db.read(service.list_page, page, filters))


@router.get("/export")
async def export_events(
    request: Request,
    principal: Admin,
    filters: Filters,
    format: Annotated[Literal["csv", "json"], Query(description="csv or json")] = "csv",
) -> StreamingResponse:
    """The audit log (same filters, every page) as CSV or JSON, newest first, streamed."""
    rows = service.export_rows(request.app.state.db, filters, format)
    chunks = tabular.table_chunks(format, "events", service.EXPORT_HEADER, rows)
    stamp = (iso(now_ts()) or "").replace(":", "")
    return download(chunks, format, f"audit-log-{stamp}.{format}")
