"""Single sign-on with OpenID Connect: which sign-in methods are on, the start of a sign-in, the
provider's redirect back, and the web app's exchange of its one-time code.

Notes:
The web app POSTs to /auth/oidc/start and gets the provider's address, plus the flow cookie; the
browser goes there, signs in, and comes back to /auth/oidc/callback, which answers with a redirect
to the web app: ``#sso=<code>`` on success, ``#sso_error=<error code>`` otherwise. Every failure of
the callback ends there as a readable message on the sign-in page, never as an error page.

The redirect URI is built from ``public_url`` when set (behind a proxy, under a path prefix), else
from the request as the trusted proxy forwarded it (punchclock.middleware).
"""

from __future__ import annotations

import secrets
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse

from punchclock.auth.deps import client_address
from punchclock.auth.device import device_label
from punchclock.auth.schemas import LoginResponse
from punchclock.config import Settings
from punchclock.errors import AppError
from punchclock.middleware import public_base
from punchclock.responses import JSONResp
from punchclock.sso import flowcookie, service
from punchclock.sso.client import OidcClient, pkce_pair
from punchclock.sso.errors import SignInFailed, SsoOff
from punchclock.sso.schemas import HandoffRequest, SignInMethods, StartAnswer

router = APIRouter(prefix="/auth", tags=["auth"])

CALLBACK = "/api/v1/auth/oidc/callback"
Text = Annotated[str | None, Query(max_length=2048)]


def _client(request: Request) -> OidcClient:
    oidc: OidcClient | None = request.app.state.oidc
    if oidc is None:
        raise SsoOff("Single sign-on is not configured")
    return oidc


def rules(settings: Settings) -> service.Rules:
    return service.Rules(
        create_users=settings.oidc_create_users,
        default_role=settings.oidc_default_role,
        role_claim=settings.oidc_role_claim,
        admin_groups=service.groups(settings.oidc_admin_groups),
        manager_groups=service.groups(settings.oidc_manager_groups),
        username_claim=settings.oidc_username_claim,
        keep_role_of=(settings.password_signin_admin or "").strip().lower() or None,
    )


@router.get("/methods", response_model=SignInMethods)
async def methods(request: Request) -> JSONResp:
    """The sign-in methods the sign-in page offers. No authentication."""
    settings: Settings = request.app.state.settings
    on = request.app.state.oidc is not None
    return JSONResp(
        {
            "password": settings.password_signin,
            "break_glass": not settings.password_signin and bool(settings.password_signin_admin),
            "oidc": on,
            "oidc_label": settings.oidc_button_label if on else None,
        }
    )


@router.post("/oidc/start", response_model=StartAnswer)
async def start(request: Request) -> JSONResp:
    """Begin a single sign-on: the provider's sign-in address, and a cookie binding the flow to this
    browser (404 when single sign-on is off, 503 when the provider cannot be reached)."""
    oidc = _client(request)
    base = public_base(request)
    redirect_uri = base + CALLBACK
    state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    verifier, challenge = pkce_pair()
    url = await oidc.authorization_url(redirect_uri, state, nonce, challenge)
    flow = {"s": state, "n": nonce, "v": verifier, "r": redirect_uri, "b": base}
    response = JSONResp({"authorization_url": url})
    response.set_cookie(
        flowcookie.NAME,
        flowcookie.encode(request.app.state.secret, flow),
        max_age=flowcookie.SECONDS,
        path=urlsplit(redirect_uri).path,
        secure=redirect_uri.startswith("https://"),
        httponly=True,
        samesite="lax",
    )
    return response


@router.get("/oidc/callback", include_in_schema=True, response_class=RedirectResponse, status_code=303)
async def callback(
    request: Request, code: Text = None, state: Text = None, error: Text = None, iss: Text = None
) -> RedirectResponse:
    """Where the provider sends the browser back: signs in and redirects to the web app."""
    oidc = _client(request)
    flow = flowcookie.decode(request.app.state.secret, request.cookies.get(flowcookie.NAME))
    base = flow["b"] if flow else public_base(request)
    try:
        fragment = "sso=" + await _finish(request, oidc, flow, code, state, error, iss)
    except AppError as exc:
        fragment = f"sso_error={exc.code}"
    response = RedirectResponse(f"{base}/#{fragment}", status_code=303, headers={"Cache-Control": "no-store"})
    if flow:
        path = urlsplit(flow["r"]).path
        response.delete_cookie(
            flowcookie.NAME, path=path, secure=flow["r"].startswith("https://"), httponly=True
        )
    return response


async def _finish(
    request: Request,
    oidc: OidcClient,
    flow: dict[str, Any] | None,
    code: str | None,
    state: str | None,
    error: str | None,
    iss: str | None,
) -> str:
    state_ok = flow is not None and state is not None and secrets.compare_digest(flow["s"], state)
    if flow is None or not state_ok:
        raise SignInFailed("This sign-in was begun in another browser or has expired; please start again")
    app = request.app.state
    await app.db.write(service.use_state, flow["s"], flow["exp"])
    if error:
        raise SignInFailed(code="oidc_cancelled" if error == "access_denied" else "oidc_failed")
    meta = await oidc.discovery.metadata()
    if iss is not None and iss != meta.issuer:  # RFC 9207: the answer is from another provider
        raise SignInFailed("The sign-in answer comes from another provider")
    if not code:
        raise SignInFailed("The provider sent no sign-in code")
    tokens = await oidc.sign_in(code, flow["r"], flow["v"], flow["n"])
    where = service.Sign(
        client=device_label(request.headers),
        address=client_address(request),
        secret=app.secret,
        ttl=app.settings.web_token_ttl_seconds,
    )
    handoff = await app.db.write(
        service.sign_in, meta.issuer, tokens.claims, tokens.id_token, rules(app.settings), where
    )
    if handoff is None:
        raise service.denied()
    return str(handoff)


@router.post("/oidc/handoff", response_model=LoginResponse)
async def handoff(body: HandoffRequest, request: Request) -> JSONResp:
    """Exchange the one-time code from the redirect for the web session (once, within a minute)."""
    _client(request)
    return JSONResp(await request.app.state.db.write(service.redeem, body.code))
