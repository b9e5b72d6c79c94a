"""FastAPI dependencies for authentication and scopes: ``CurrentPrincipal`` and ``require(scope)``.

Credentials are read from ``Authorization: Bearer <token>`` (or ``Token <token>``) and from
``X-API-Key``. ``tt_`` (and older ``pc_``) tokens are API tokens; anything else is tried as a web token (JWT).
Every authenticated request is counted against the caller's rate limit; the figures are left on
``request.state`` for the middleware to put into the X-RateLimit-* headers.
"""

from __future__ import annotations

import asyncio
from ipaddress import ip_address
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from starlette.requests import HTTPConnection

from punchclock.auth import cache as auth_cache
from punchclock.auth.scopes import ADMIN_ALL, Principal
from punchclock.errors import AppError, Forbidden, InsufficientScope, InvalidToken, Unauthorized
from punchclock.identity import forward
from punchclock.identity import service as identity_service
from punchclock.token import service as token_service
from punchclock.twofactor import service as twofactor_service

_bearer = HTTPBearer(auto_error=False, description="An API token (tt_...) or a web token from login")
_api_key = APIKeyHeader(name="X-API-Key", auto_error=False, description="An API token (tt_...)")

MISSING = "API token must be provided in Authorization header or X-API-Key header"
ENROL_FIRST = "Set up two-factor sign-in first (Settings in the web app): this workspace requires it"
MAX_TOKEN_LENGTH = 4096


def extract_token(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if header:
        scheme, _, value = header.partition(" ")
        if scheme.lower() in ("bearer", "token") and value.strip():
            return value.strip()
        raise InvalidToken("Use 'Authorization: Bearer <token>'")
    key = request.headers.get("x-api-key")
    return key.strip() if key and key.strip() else None


async def authenticate(
    request: HTTPConnection, raw: str, fresh: bool = False, enrolling: bool = False
) -> Principal:
    """The principal of a token (cached for a moment unless ``fresh``); 401 errors otherwise.

    Every way in (REST, the lean routes, WebSockets, exports, sync) comes through here, so this is
    where a session that may only enrol its second factor is refused (403), unless ``enrolling``.
    """
    principal = await _principal_of(request, raw, fresh)
    if principal.enrol_only and not enrolling:
        raise Forbidden(ENROL_FIRST, code=twofactor_service.ENROLMENT_REQUIRED)
    return principal


async def _principal_of(request: HTTPConnection, raw: str, fresh: bool) -> Principal:
    state = request.app.state
    if len(raw) > MAX_TOKEN_LENGTH:
        raise InvalidToken("Invalid token format")
    if fresh:
        return await _look_up(state, raw)
    cached = auth_cache.principals.get(raw)
    if cached is not None:
        return cached
    # One lookup per token at a time: when a cached principal expires, the requests that carry the
    # same token meanwhile (a client's parallel requests, an integration's bursts) share it, instead
    # of each taking a worker thread and a database round trip. The lookup runs as a task of its
    # own, so a request that goes away does not cancel it for the others. A request that comes after
    # a revocation (which moves the cache's generation on) never joins a lookup begun before it.
    key = (state, raw, auth_cache.principals.generation)
    lookup = _inflight.get(key)
    if lookup is None:
        lookup = _inflight[key] = asyncio.ensure_future(_look_up(state, raw))
        lookup.add_done_callback(lambda done: _finished(key, done))
    return await asyncio.shield(lookup)


_inflight: dict[tuple[Any, str, int], asyncio.Future[Principal]] = {}


def _finished(key: tuple[Any, str, int], done: asyncio.Future[Principal]) -> None:
    _inflight.pop(key, None)
    if not done.cancelled():
        done.exception()  # retrieved here, so a failure nobody awaited any more is not logged


async def _look_up(state: Any, raw: str) -> Principal:
    """The principal from the database, cached unless rights were taken away meanwhile."""
    generation = auth_cache.principals.generation
    if token_service.is_api_token(raw):
        result = await state.db.read(token_service.authenticate, raw)
        if result.needs_touch:
            await state.db.write(token_service.touch, result.principal.token_id)
        principal = result.principal
    else:
        principal = await state.db.read(identity_service.authenticate, state.secret, raw)
    # The generation guard keeps a principal read before a revocation out of the cache.
    auth_cache.principals.put(raw, principal, generation)
    return principal


def client_address(request: HTTPConnection) -> str:
    """The client's address (the trusted proxies' X-Forwarded-For already applied), for the sign-in
    throttle, the sessions list and the audit log."""
    return request.client.host if request.client else "unknown"


def is_trusted_proxy(request: HTTPConnection) -> bool:
    """Whether the direct peer (not the client it forwards for) is a proxy trusted to name accounts."""
    peer = request.scope.get("state", {}).get("peer") or (request.client.host if request.client else "")
    try:
        address = ip_address(peer)
    except ValueError:
        return False
    return any(address in network for network in request.app.state.settings.trusted_proxy_networks)


def proxy_user(request: HTTPConnection) -> tuple[str, str | None] | None:
    """The (user, e-mail) a trusted forward-auth proxy names on this request, if any."""
    settings = request.app.state.settings
    if not settings.forward_auth:
        return None
    name = request.headers.get(settings.forward_auth_header, "").strip()
    if not name or len(name) > 200 or not is_trusted_proxy(request):
        return None
    email = request.headers.get(settings.forward_auth_email_header, "").strip() or None
    return name, email


_SAFE = frozenset({"GET", "HEAD", "OPTIONS"})


def _same_origin(request: Request) -> None:
    # The proxy's sign-in travels in a browser cookie, so another site's page could make the browser
    # send a request that the proxy then signs: a change arriving that way must come from our own pages.
    if request.method in _SAFE:
        return
    site = request.headers.get("sec-fetch-site")
    origin = request.headers.get("origin")
    host = request.headers.get("host", "")
    foreign_origin = origin is not None and origin.split("://", 1)[-1] != host
    if (site is not None and site not in ("same-origin", "none")) or foreign_origin:
        raise Forbidden(
            "A change signed in by the proxy must come from Punchclock's own pages", code="cross_site_request"
        )


async def authenticate_proxy(request: HTTPConnection, name: str, email: str | None) -> Principal:
    """The principal of the user a trusted proxy names (cached like a token's)."""
    state = request.app.state
    key = f"proxy\0{name.lower()}"
    cached = auth_cache.principals.get(key)
    if cached is not None:
        return cached
    generation = auth_cache.principals.generation
    try:
        principal = await state.db.read(forward.principal, name, email, False)
    except AppError:
        if not state.settings.forward_auth_create_users:
            raise
        principal = await state.db.write(forward.principal, name, email, True)
    auth_cache.principals.put(key, principal, generation)
    return principal


async def _request_principal(request: Request, enrolling: bool) -> Principal:
    raw = extract_token(request)
    named = proxy_user(request)
    if raw:
        principal = await authenticate(request, raw, enrolling=enrolling)
        # Behind forward-auth the proxy's word is final: a token of someone else is refused, so a
        # browser left with another user's token signs in again as the proxy's user.
        if named is not None and named[0].strip().lower() != principal.username:
            raise InvalidToken("The sign-in proxy names another user than the token's")
    elif named is not None:
        _same_origin(request)
        principal = await authenticate_proxy(request, *named)
    else:
        raise Unauthorized(MISSING)
    request.state.quota = await request.app.state.limiter.hit(principal.rate_key)
    request.state.principal = principal
    return principal


async def get_principal(
    request: Request,
    _bearer_creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    _key: Annotated[str | None, Depends(_api_key)],
) -> Principal:
    return await _request_principal(request, enrolling=False)


async def get_enrolling_principal(
    request: Request,
    _bearer_creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    _key: Annotated[str | None, Depends(_api_key)],
) -> Principal:
    # The few routes a session that must first set up its second factor may use: that set-up,
    # refreshing its token and signing out.
    return await _request_principal(request, enrolling=True)


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]
EnrollingPrincipal = Annotated[Principal, Depends(get_enrolling_principal)]


def require(scope: str) -> object:
    """A dependency that yields the principal when it holds ``scope``, else 403."""

    async def check(principal: CurrentPrincipal) -> Principal:
        if scope not in principal.scopes:
            raise InsufficientScope(scope, sorted(principal.scopes))
        return principal

    check.__name__ = f"require_{scope.replace(':', '_')}"
    return Depends(check)


async def _session_or_admin(principal: CurrentPrincipal) -> Principal:
    # Account settings and token management need a signed-in person, or a token holding admin:all:
    # a narrow integration token must not mint itself siblings or rewrite its owner's settings.
    # (The profile, PATCH /users/me, has its own scope: write:users.)
    if principal.kind in ("web", "proxy") or ADMIN_ALL in principal.scopes:
        return principal
    raise InsufficientScope(ADMIN_ALL, sorted(principal.scopes))


SessionOrAdmin = Annotated[Principal, Depends(_session_or_admin)]
