from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from punchclock.auth import service
from punchclock.auth.deps import EnrollingPrincipal, SessionOrAdmin, client_address
from punchclock.auth.device import device_label
from punchclock.auth.schemas import (
    DeviceLoginRequest,
    DeviceLoginResponse,
    LoginRequest,
    LoginResponse,
    Message,
    TokenResponse,
)
from punchclock.auth.throttle import DEVICE_COOKIE, KNOWN_SECONDS, device_mark
from punchclock.errors import AppError, Unauthorized
from punchclock.identity import service as identity_service
from punchclock.responses import JSONResp
from punchclock.twofactor.service import AFTER_THE_PASSWORD

router = APIRouter(prefix="/auth", tags=["auth"])


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


@router.post("/login", response_model=DeviceLoginResponse)
async def login(body: DeviceLoginRequest, request: Request) -> JSONResp:
    """Sign a device in with a username and password; returns a tt_ API token for it (TimeTracker's
    desktop app and browser extension keep it), listed with the user's tokens and ended by signing
    out everywhere."""
    days = request.app.state.settings.device_token_days
    device = body.device_name or device_label(request.headers)
    codes = (body.totp_code, body.recovery_code)
    address = client_address(request)
    work = (service.device_login, body.username, body.password, device, days, body.scopes, *codes, address)
    return await _sign_in(request, body.username, work)


@router.post("/session", response_model=LoginResponse)
async def web_session(body: LoginRequest, request: Request) -> JSONResp:
    """Sign in with a username and password; returns a short-lived web token (the web app's session)."""
    state = request.app.state
    ttl = state.settings.web_token_ttl_seconds
    client = device_label(request.headers)
    codes, address = (body.totp_code, body.recovery_code), client_address(request)
    work = (service.login, body.username, body.password, state.secret, ttl, client, address, *codes)
    return await _sign_in(request, body.username, work)


async def _sign_in(request: Request, username: str, work: tuple[Any, ...]) -> JSONResp:
    """Run a password sign-in under the login throttle; the answer marks this browser as known."""
    state = request.app.state
    service.password_allowed(username, state.settings.password_signin, state.settings.password_signin_admin)
    address = client_address(request)
    await state.login_throttle.attempt(username, address, known_device(request, username))
    try:
        result = await state.db.write(*work)  # a sign-in writes: its session row or device token
    except AppError as exc:
        if exc.code in AFTER_THE_PASSWORD:  # the password was right: not a failed guess
            await state.login_throttle.give_back(username, address)
        raise
    await state.login_throttle.succeeded(username, address)
    response = JSONResp(result)
    remember_device(response, request, username)
    return response


@router.post("/refresh", response_model=TokenResponse)
async def refresh(principal: EnrollingPrincipal, request: Request) -> JSONResp:
    """Exchange a valid web token for a fresh one (keeps a browser signed in)."""
    if principal.kind != "web":
        raise Unauthorized("Only web tokens can be refreshed", code="not_a_web_token")
    state = request.app.state
    result = await state.db.write(
        identity_service.refresh, principal, state.secret, state.settings.web_token_ttl_seconds
    )
    return JSONResp(result)


@router.post("/logout-all", response_model=Message)
async def logout_all(principal: SessionOrAdmin, request: Request) -> JSONResp:
    """Sign the current user out of every web session and device (web session or admin:all;
    integration API tokens stay)."""
    await request.app.state.db.write(service.logout_all, principal.user_id, client_address(request))
    return JSONResp({"message": "Signed out of every web session and device"})
