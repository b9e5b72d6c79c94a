"""``bootstrap_authentication``: exchange some form of trust for a first web token.

Notes:
The body is base64 of a JSON object whose ``method`` is ``usernamepassword`` (checked against
Punchclock's accounts, with the same throttle as /api/v1/auth/login, and with ``totp_code`` when
the account has two-factor sign-in on), ``localhost`` or ``proxy``.
The last two trust the network rather than a password, so each is off unless configured on:
``localhost`` answers only requests from a loopback address and signs in as the account named
``defaultuser`` (TimeTagger's single local user); ``proxy`` answers only the trusted proxies and
signs in as the account named in the proxy's header. Neither creates accounts.
"""

from __future__ import annotations

from fastapi import Request, Response

from punchclock.auth import service as auth_service
from punchclock.auth.deps import is_trusted_proxy
from punchclock.errors import AppError, BadRequest, Forbidden
from punchclock.responses import JSONResp
from punchclock.sync import tokens
from punchclock.sync.deps import client_host, is_loopback
from punchclock.sync.schemas import decode_bootstrap
from punchclock.twofactor.service import AFTER_THE_PASSWORD

LOCAL_USER = "defaultuser"


async def _password(request: Request, info: dict[str, object]) -> int:
    username, password = info.get("username"), info.get("password")
    code = info.get("totp_code")
    if not isinstance(username, str) or not isinstance(password, str):
        raise BadRequest("usernamepassword needs a username and a password (strings)")
    if not 0 < len(username) <= 200 or not 0 < len(password) <= 1024:
        raise BadRequest("the username or the password is empty or too long")
    if code is not None and (not isinstance(code, str) or not 0 < len(code) <= 16):
        raise BadRequest("totp_code must be the code of the authenticator app (a string)")
    state = request.app.state
    auth_service.password_allowed(
        username, state.settings.password_signin, state.settings.password_signin_admin
    )
    address = client_host(request) or "unknown"
    await state.login_throttle.attempt(username, address)
    try:
        # A write: a code is used up (it cannot be replayed).
        user_id: int = await state.db.write(tokens.check_password, username, password, code, address)
    except AppError as exc:
        if exc.code in AFTER_THE_PASSWORD:
            await state.login_throttle.give_back(username, address)
        raise
    await state.login_throttle.succeeded(username, address)
    return user_id


async def _localhost(request: Request) -> int:
    settings = request.app.state.settings
    if not settings.timetagger_localhost_auth:
        raise Forbidden("localhost sign-in is not enabled")
    if settings.timetagger_proxy_auth:
        raise Forbidden("localhost sign-in is disabled while proxy sign-in is on")
    if not is_loopback(client_host(request)):
        raise Forbidden("localhost sign-in must come from this machine")
    return int(await request.app.state.db.read(tokens.active_user, LOCAL_USER, "localhost sign-in"))


async def _proxy(request: Request) -> int:
    settings = request.app.state.settings
    if not settings.timetagger_proxy_auth:
        raise Forbidden("proxy sign-in is not enabled")
    if not is_trusted_proxy(request):
        raise Forbidden("the proxy is not trusted")
    name = request.headers.get(settings.timetagger_proxy_header, "").strip()
    if not name:
        raise Forbidden("no proxy user provided")
    return int(await request.app.state.db.read(tokens.active_user, name, "proxy sign-in"))


async def bootstrap(request: Request) -> Response:
    """Exchange credentials, a local request or a trusted proxy's word for a web token."""
    info = decode_bootstrap(await request.body())
    method = info.get("method")
    if method == "usernamepassword":
        user_id = await _password(request, info)
    elif method == "localhost":
        user_id = await _localhost(request)
    elif method == "proxy":
        user_id = await _proxy(request)
    else:
        raise BadRequest(f"unknown authentication method {str(method)[:40]!r}")
    state = request.app.state
    token = await state.db.write(tokens.issue, state.secret, user_id, tokens.WEBTOKEN)
    return JSONResp({"token": token})
