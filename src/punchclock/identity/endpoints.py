"""Signed-in sessions and devices: a user lists theirs and ends any of them; signing out ends the
current one."""

from __future__ import annotations

from contextlib import suppress
from typing import Annotated

from fastapi import APIRouter, Path, Request

from punchclock.auth.deps import EnrollingPrincipal, SessionOrAdmin, client_address, proxy_user
from punchclock.auth.device import device_label
from punchclock.auth.schemas import Message
from punchclock.errors import Forbidden, Unauthorized
from punchclock.identity import forward, service
from punchclock.identity.schemas import LogoutAnswer, ProxySignIn, SessionList
from punchclock.middleware import public_base
from punchclock.responses import JSONResp
from punchclock.sso.errors import ProviderUnavailable

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
    await request.app.state.db.write(service.end, principal.user_id, session_id, client_address(request))
    return JSONResp({"message": "Signed out"})


@router.post("/logout", response_model=LogoutAnswer)
async def logout(request: Request, principal: EnrollingPrincipal) -> JSONResp:
    """End the current web session (its tokens stop working at once). A session begun with single
    sign-on also gets the provider's sign-out address, for the browser to go to next."""
    if principal.session_id is None:
        raise Unauthorized(
            "Only a web session can sign out; revoke an API token instead", code="not_a_web_token"
        )
    id_token = await request.app.state.db.write(service.sign_out, principal.user_id, principal.session_id)
    oidc = request.app.state.oidc
    url = None
    if id_token and oidc is not None:
        with suppress(ProviderUnavailable):  # signed out here all the same
            url = await oidc.end_session_url(id_token, public_base(request) + "/")
    return JSONResp({"message": "Signed out", "end_session_url": url})


@router.post("/proxy", response_model=ProxySignIn)
async def proxy_sign_in(request: Request) -> JSONResp:
    """Forward-auth: start a web session for the user the trusted sign-in proxy names (403 when
    forward-auth is off, the request did not come through a trusted proxy, or it names nobody)."""
    state = request.app.state
    settings = state.settings
    if not settings.forward_auth:
        raise Forbidden("Forward-auth sign-in is not enabled", code="forward_auth_off")
    named = proxy_user(request)
    if named is None:
        raise Forbidden("No trusted sign-in proxy named a user", code="forward_auth_refused")
    work = {
        "client": device_label(request.headers),
        "address": client_address(request),
        "secret": state.secret,
        "ttl": settings.web_token_ttl_seconds,
    }
    result = await state.db.write(forward.sign_in, *named, settings.forward_auth_create_users, **work)
    return JSONResp({**result, "logout_url": settings.forward_auth_logout_url})
