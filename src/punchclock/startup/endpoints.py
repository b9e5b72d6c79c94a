from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field
from starlette.responses import Response

from punchclock.auth.deps import require
from punchclock.auth.scopes import Principal
from punchclock.kit.types import Text
from punchclock.params import DateQuery, date_range
from punchclock.startup import service

router = APIRouter(prefix="/startup", tags=["web app"])

Reader = Annotated[Principal, require("read:time_entries")]
Bound = Annotated[Text, Query(max_length=40, description="ISO 8601 date or date-time")]


class Startup(BaseModel):
    user: dict[str, Any] | None = Field(None, description="As GET /users/me (scope read:users)")
    settings: dict[str, Any] | None = Field(None, description="As GET /settings (scope read:users)")
    workspace: dict[str, Any] | None = Field(None, description="As GET /settings/workspace (read:users)")
    projects: list[dict[str, Any]] | None = Field(
        None, description="Every project, archived too (read:projects)"
    )
    tasks: list[dict[str, Any]] | None = Field(None, description="Every task (read:tasks)")
    clients: list[dict[str, Any]] | None = Field(None, description="Every client (read:clients)")
    presets: list[dict[str, Any]] | None = Field(None, description="As GET /presets")
    unread_notifications: int | None = Field(
        None, description="How many of the caller's reminders are unread, as GET /notifications"
    )
    timer: dict[str, Any] | None = Field(None, description="The caller's running timer, as GET /timer/status")
    attendance: bool | None = Field(
        None, description="Whether clocking in and out (/attendance, /workday) is on in this workspace"
    )
    recent: list[dict[str, Any]] = Field(description="The caller's latest 100 entries, newest first")
    entries: list[dict[str, Any]] | None = Field(
        None, description="With start_date or end_date: the caller's entries in that range (running included)"
    )
    complete: dict[str, bool] = Field(
        description="Per list: false when it was cut at 2,000 items (page through its own endpoint)"
    )


class Period(BaseModel):
    entries: list[dict[str, Any]] = Field(description="The caller's entries in the range, newest first")
    complete: bool = Field(description="False when cut at 2,000 entries (page through GET /time-entries)")


@router.get("", response_model=Startup)
async def startup(
    request: Request, principal: Reader, start_date: DateQuery = None, end_date: DateQuery = None
) -> Response:
    """Everything the web app shows first, in one answer (the parts the token's scopes read)."""
    start, end = date_range(principal, start_date, end_date)
    db = request.app.state.db
    first, second = await asyncio.gather(
        db.read(service.lists, principal), db.read_hot(service.entries, principal, start, end)
    )
    return Response(service.merge(first, second), media_type="application/json")


@router.get("/period", response_model=Period)
async def period(request: Request, principal: Reader, start_date: Bound, end_date: Bound) -> Response:
    """The caller's entries in a range (a day or week of the web app) in one answer, not pages of 100."""
    start, end = date_range(principal, start_date, end_date)
    data = await request.app.state.db.read_hot(service.period, principal, start, end)
    return Response(data, media_type="application/json")
