"""The running timer: one per user, kept by the database (see entry.service)."""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session
from starlette.responses import Response
from starlette.types import Scope

from punchclock import lean
from punchclock.auth.deps import require
from punchclock.auth.scopes import Principal
from punchclock.entry import pause, service
from punchclock.entry.schemas import EntryMessage, EntryRead, IsoTime, Notes, Tags
from punchclock.idempotency.deps import IdemKey, idempotent
from punchclock.kit.types import Id, Input
from punchclock.responses import JSONResp

router = APIRouter(prefix="/timer", tags=["timer"])

READ, WRITE = "read:time_entries", "write:time_entries"
M = TypeVar("M", bound=BaseModel)
Reader = Annotated[Principal, require(READ)]
Writer = Annotated[Principal, require(WRITE)]


class TimerStart(Input):
    project_id: Id | None = None
    task_id: Id | None = None
    notes: Notes = ""
    tags: Tags = ""
    billable: bool | None = None
    start_time: IsoTime | None = Field(None, description="Start 'earlier' than now")


class TimerStop(Input):
    end_time: IsoTime | None = Field(None, description="Stop at this time instead of now")
    stop_time: IsoTime | None = Field(
        None, description="The same as end_time (TimeTracker's desktop app sends it)"
    )

    @property
    def at(self) -> str | None:
        return self.end_time or self.stop_time


class TimerStatus(BaseModel):
    active: bool
    timer: EntryRead | None


class TimerStarted(BaseModel):
    message: str
    timer: EntryRead


@router.get("/status", response_model=TimerStatus)
async def timer_status(request: Request, principal: Reader) -> JSONResp:
    """The caller's running timer, if any."""
    return await _status(request.app.state.db, principal)


async def _status(db: Any, principal: Principal) -> JSONResp:
    timer = await db.read_hot(service.timer_status, principal)
    return JSONResp({"active": timer is not None, "timer": timer})


@router.post(
    "/start",
    status_code=201,
    response_model=TimerStarted,
    responses={409: {"description": "A timer is running"}},
)
async def start_timer(
    request: Request, principal: Writer, body: TimerStart | None = None, _key: IdemKey = None
) -> Response:
    """Start a timer (409 if one is already running)."""
    data = (body or TimerStart()).model_dump()

    def work(session: Session) -> dict[str, Any]:
        return {
            "message": "Timer started successfully",
            "timer": service.start_timer(session, principal, data),
        }

    return await idempotent(request, principal, 201, work)


@router.post("/stop", response_model=EntryMessage, responses={400: {"description": "No timer is running"}})
async def stop_timer(request: Request, principal: Writer, body: TimerStop | None = None) -> JSONResp:
    """Stop the caller's running timer."""
    end_time = body.at if body else None
    entry = await request.app.state.db.write(service.stop_timer, principal, end_time)
    return JSONResp({"message": "Timer stopped successfully", "time_entry": entry})


@router.post(
    "/pause",
    response_model=EntryMessage,
    responses={400: {"description": "No timer is running, or it is already paused"}},
)
async def pause_timer(request: Request, principal: Writer) -> JSONResp:
    """Pause the caller's running timer: the clock stops; the pause becomes break time on resume."""
    return await _paused(request, principal, pause.pause_timer, "Timer paused")


@router.post(
    "/resume",
    response_model=EntryMessage,
    responses={400: {"description": "No timer is running, or it is not paused"}},
)
async def resume_timer(request: Request, principal: Writer) -> JSONResp:
    """Resume the caller's paused timer; the time since the pause is added to its break_seconds."""
    return await _paused(request, principal, pause.resume_timer, "Timer resumed")


async def _paused(request: Request, principal: Principal, change: Any, message: str) -> JSONResp:
    entry = await request.app.state.db.write(change, principal)
    return JSONResp({"message": message, "time_entry": entry})


# Lean routes (punchclock.lean): the same work as start_timer and stop_timer, without FastAPI's
# routing and dependency solving, for requests that are plainly well-formed and allowed (no
# Idempotency-Key: those take the normal path, which remembers the answer).


async def _lean_request(scope: Scope, body: bytes, model: type[M]) -> tuple[M, Principal] | None:
    """The body and the caller of a lean timer request, or None for the normal path."""
    parsed = lean.json_body(scope, body, model)
    if parsed is None:
        return None
    principal = await lean.principal(scope, WRITE)
    return None if principal is None else (parsed, principal)


async def lean_status(scope: Scope, body: bytes = b"") -> Response | None:
    """GET /timer/status (polled by every client) without FastAPI's dependency solving."""
    if scope["query_string"]:
        return None
    principal = await lean.principal(scope, READ)
    return None if principal is None else await _status(scope["app"].state.db, principal)


async def lean_start(scope: Scope, body: bytes) -> Response | None:
    """POST /timer/start."""
    taken = await _lean_request(scope, body, TimerStart)
    if taken is None:
        return None
    start, principal = taken
    timer = await scope["app"].state.db.write(service.start_timer, principal, start.model_dump())
    return JSONResp({"message": "Timer started successfully", "timer": timer}, status_code=201)


async def lean_stop(scope: Scope, body: bytes) -> Response | None:
    """POST /timer/stop."""
    taken = await _lean_request(scope, body, TimerStop)
    if taken is None:
        return None
    stop, principal = taken
    entry = await scope["app"].state.db.write(service.stop_timer, principal, stop.at)
    return JSONResp({"message": "Timer stopped successfully", "time_entry": entry})


async def _lean_pause(scope: Scope, change: Any, message: str) -> Response | None:
    # No body is read by the normal path either: whatever was sent (TimeTracker's mobile app sends
    # an empty JSON body) means the same.
    if scope["query_string"]:
        return None
    principal = await lean.principal(scope, WRITE)
    if principal is None:
        return None
    entry = await scope["app"].state.db.write(change, principal)
    return JSONResp({"message": message, "time_entry": entry})


async def lean_pause(scope: Scope, body: bytes) -> Response | None:
    """POST /timer/pause."""
    return await _lean_pause(scope, pause.pause_timer, "Timer paused")


async def lean_resume(scope: Scope, body: bytes) -> Response | None:
    """POST /timer/resume."""
    return await _lean_pause(scope, pause.resume_timer, "Timer resumed")
