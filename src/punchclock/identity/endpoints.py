"""Signed-in sessions and devices: a user lists theirs and ends any of them; signing out ends the
current one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request

from punchclock.auth.deps import EnrollingPrincipal, SessionOrAdmin
from punchclock.auth.schemas import Message
from punchclock.errors import Unauthorized
from punchclock.identity import service
from punchclock.identity.schemas import SessionList
from punchclock.responses import JSONResp

router = APIRouter(prefix="/auth", tags=["auth"])

SessionId = Annotated[str, Path(min_length=2, max_length=12, pattern=r"^[sd][0-9]+$")]


@router.get("/sessions", response_model=SessionList)
async def list_sessions(request: Request, principal: SessionOrAdmin) -> JSONResp:
    """The caller's signed-in browser sessions and devices (client, address, last seen)."""
    items = await request.app.state.db.read(service.list_all, principal.user_id, principal.session_id)
    return JSONResp({"sessions": items})


@router.delete("/sessions/{session_id}", response_model=Message)
async def end_session(request: Request, principal: SessionOrAdmin, session_id: SessionId) -> JSONResp:
    """End one of the caller's sessions or sign one of their devices out (404 if not theirs)."""
    await request.app.state.db.write(service.end, principal.user_id, session_id)
    return JSONResp({"message": "Signed out"})


@router.post("/logout", response_model=Message)
async def logout(request: Request, principal: EnrollingPrincipal) -> JSONResp:
    """End the current web session (its tokens stop working at once)."""
    if principal.session_id is None:
        raise Unauthorized(
            "Only a web session can sign out; revoke an API token instead", code="not_a_web_token"
        )
    await request.app.state.db.write(service.end, principal.user_id, f"s{principal.session_id}")
    return JSONResp({"message": "Signed out"})
