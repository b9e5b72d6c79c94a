from __future__ import annotations

from fastapi import APIRouter, Request

from punchclock.auth import service
from punchclock.auth.deps import CurrentPrincipal, SessionOrAdmin
from punchclock.auth.schemas import LoginRequest, LoginResponse, Message, TokenResponse
from punchclock.auth.throttle import DEVICE_COOKIE, KNOWN_SECONDS, device_mark
from punchclock.errors import Unauthorized
from punchclock.responses import JSONResp

router = APIRouter(prefix="/auth", tags=["auth"])


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def known_device(request: Request, username: str) -> bool:
    """Whether this browser signed in to ``username`` before (the login throttle lets it through)."""
    mark = request.cookies.get(DEVICE_COOKIE)
    return bool(mark) and mark == device_mark(request.app.state.secret, username)


def remember_device(response: JSONResp, request: Request, username: str) -> None:
    response.set_cookie(
        DEVICE_COOKIE,
        device_mark(request.app.state.secret, username),
        max_age=KNOWN_SECONDS,
        path="/",
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="strict",
    )


@router.post("/login", response_model=LoginResponse)
async def login(body: LoginRequest, request: Request) -> JSONResp:
    """Sign in with a username and password; returns a short-lived web token."""
    state = request.app.state
    address = client_address(request)
    await state.login_throttle.attempt(body.username, address, known_device(request, body.username))
    result = await state.db.read(
        service.login, body.username, body.password, state.secret, state.settings.web_token_ttl_seconds
    )
    await state.login_throttle.succeeded(body.username, address)
    response = JSONResp(result)
    remember_device(response, request, body.username)
    return response


@router.post("/refresh", response_model=TokenResponse)
async def refresh(principal: CurrentPrincipal, request: Request) -> JSONResp:
    """Exchange a valid web token for a fresh one (keeps a browser signed in)."""
    if principal.kind != "web":
        raise Unauthorized("Only web tokens can be refreshed", code="not_a_web_token")
    state = request.app.state
    result = await state.db.read(
        service.refresh, principal, state.secret, state.settings.web_token_ttl_seconds
    )
    return JSONResp(result)


@router.post("/logout-all", response_model=Message)
async def logout_all(principal: SessionOrAdmin, request: Request) -> JSONResp:
    """Revoke every web token of the current user (web session or admin:all; API tokens stay)."""
    await request.app.state.db.write(service.logout_all, principal.user_id)
    return JSONResp({"message": "Signed out of every web session"})
