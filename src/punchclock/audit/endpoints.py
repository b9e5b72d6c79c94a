"""The audit log, for admins (admin:all): newest first, filtered by user or action."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from punchclock.audit import service
from punchclock.audit.schemas import AuditEventList
from punchclock.auth.deps import require
from punchclock.auth.scopes import Principal
from punchclock.params import PageDep
from punchclock.responses import JSONResp

router = APIRouter(prefix="/audit", tags=["audit"])

Admin = Annotated[Principal, require("admin:all")]


@router.get("", response_model=AuditEventList)
async def list_events(
    request: Request,
    principal: Admin,
    page: PageDep,
    user_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    action: Annotated[str | None, Query(min_length=1, max_length=64)] = None,
) -> JSONResp:
    """The audit log: account and workspace changes, who made them and from where."""
    result = await request.app.state.db.read(service.list_page, page, user_id, action)
    return JSONResp(result)
