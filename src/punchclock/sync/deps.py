"""The sync API's HTTP plumbing: the ``authtoken`` header, scopes, and plain-text errors.

Notes:
TimeTagger's clients read errors as plain text ``"<reason>: <detail>"`` and look for the word
"revoked" in a 401 to sign out, so under /timetagger/ every AppError is rendered that way instead
of the REST API's JSON. The handlers parse their own query parameters and bodies, so FastAPI's
JSON validation errors never answer here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from ipaddress import ip_address

from fastapi import Request, Response
from fastapi.responses import PlainTextResponse
from starlette.routing import Router

from punchclock.auth import cache as auth_cache
from punchclock.auth.deps import MAX_TOKEN_LENGTH
from punchclock.auth.deps import authenticate as authenticate_bearer
from punchclock.auth.scopes import Principal
from punchclock.errors import AppError, InsufficientScope, InvalidToken, Unauthorized
from punchclock.sync import tokens
from punchclock.token import service as token_service

READ = "read:time_entries"
WRITE = "write:time_entries"
ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
REASONS = {
    400: "bad request",
    401: "unauthorized",
    403: "forbidden",
    404: "not found",
    405: "method not allowed",
    409: "conflict",
    413: "payload too large",
    429: "too many requests",
    503: "service unavailable",
}

Handler = Callable[[Request], Awaitable[Response]]


def text(status: int, detail: str, headers: dict[str, str] | None = None) -> PlainTextResponse:
    reason = REASONS.get(status, "error")
    return PlainTextResponse(f"{reason}: {detail}", status_code=status, headers=headers)


def error_text(error: AppError) -> PlainTextResponse:
    return text(error.status_code, error.message, error.headers or None)


def route(router: Router, path: str, *methods: str) -> Callable[[Handler], Handler]:
    """Register a handler for every method: the others answer 405 in text, errors become text."""
    allowed = " and ".join(methods) if methods else "any method"

    def register(fn: Handler) -> Handler:
        async def endpoint(request: Request) -> Response:
            if methods and request.method not in methods:
                return text(405, f"/{path} can only be used with {allowed}")
            try:
                return await fn(request)
            except AppError as exc:
                return error_text(exc)

        endpoint.__name__ = f"timetagger_{fn.__name__}"
        endpoint.__doc__ = fn.__doc__
        router.add_route(f"/{path}", endpoint, methods=ALL_METHODS, include_in_schema=False)
        return fn

    return register


@dataclass(frozen=True, slots=True)
class Caller:
    principal: Principal
    kind: str  # tokens.WEBTOKEN or tokens.APITOKEN (Punchclock's tt_/pc_ tokens are API tokens)

    @property
    def user_id(self) -> int:
        return self.principal.user_id


async def _principal(request: Request, raw: str) -> tuple[Principal, str]:
    state = request.app.state
    if token_service.is_api_token(raw):
        return await authenticate_bearer(request, raw), tokens.APITOKEN
    claims = tokens.decode(state.secret, raw)
    if claims is None:  # a Punchclock web token (from /api/v1/auth/session)
        return await authenticate_bearer(request, raw), tokens.WEBTOKEN
    # TimeTagger clients poll every few seconds: their principals are cached like the REST API's
    # (punchclock.auth.cache), and a seed reset clears the cache like any revocation.
    cached = auth_cache.principals.get(raw)
    if cached is not None:
        return cached, claims.kind
    generation = auth_cache.principals.generation
    principal = await state.db.read(tokens.authenticate, claims)
    auth_cache.principals.put(raw, principal, generation)
    return principal, claims.kind


def _check_proxy_user(request: Request, principal: Principal) -> None:
    """With proxy sign-in on, a request naming another user than its token's is refused."""
    settings = request.app.state.settings
    if not settings.timetagger_proxy_auth:
        return
    named = request.headers.get(settings.timetagger_proxy_header, "").strip().lower()
    if named and named != principal.username:
        raise Unauthorized("The proxy's user is not the token's user")


async def authenticate(request: Request, scope: str | None = None) -> Caller:
    """The caller behind the ``authtoken`` header, counted against its rate limit; 403 without ``scope``."""
    raw = request.headers.get("authtoken", "").strip()
    if not raw:
        raise Unauthorized("Missing 'authtoken' in header")
    if len(raw) > MAX_TOKEN_LENGTH:
        raise InvalidToken("The authtoken is invalid")
    principal, kind = await _principal(request, raw)
    _check_proxy_user(request, principal)
    request.state.quota = await request.app.state.limiter.hit(principal.rate_key)
    request.state.principal = principal
    if scope is not None and scope not in principal.scopes:
        raise InsufficientScope(scope, sorted(principal.scopes))
    return Caller(principal, kind)


def client_host(request: Request) -> str:
    return request.client.host if request.client else ""


def is_loopback(host: str) -> bool:
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False
