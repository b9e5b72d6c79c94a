"""Cross-origin access to the API for the origins an operator lists (``cors_origins``); off by default.

Notes:
TimeTracker's clients need no CORS (the extension holds host permissions, Electron turns web
security off), and Punchclock's own web app is same-origin. A page on another origin (a dashboard,
TimeTracker's desktop renderer hosted as a page) may call the API only from an origin listed here.
Requests carry their credential in ``Authorization`` or ``X-API-Key``, never in cookies, so
``Access-Control-Allow-Credentials`` is never sent, and ``*`` (any origin) is safe to offer: a page
must still hold a token. A preflight from an origin not listed falls through to the plain OPTIONS
answer (punchclock.options) without CORS headers, so the browser refuses the call; the answer to an
actual request from such an origin carries none either.
"""

from __future__ import annotations

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

METHODS = "GET, POST, PUT, PATCH, DELETE"
HEADERS = "Authorization, Content-Type, X-API-Key, Idempotency-Key, X-Request-ID"
EXPOSED = "X-Request-ID, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After"
MAX_AGE = "600"


def parse_origins(text: str) -> frozenset[str]:
    """``https://a.example, https://b.example:8443`` or ``*``; origins compare without a trailing slash."""
    return frozenset(o.strip().rstrip("/") for o in text.split(",") if o.strip())


class CorsMiddleware:
    def __init__(self, app: ASGIApp, origins: frozenset[str]) -> None:
        self.app = app
        self.origins = origins
        self.any = "*" in origins

    def allowed(self, origin: str | None) -> bool:
        return origin is not None and (self.any or origin in self.origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        if not self.allowed(origin):
            await self.app(scope, receive, send)
            return
        allow_origin = "*" if self.any else str(origin)
        if scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
            out = [
                (b"access-control-allow-origin", allow_origin.encode()),
                (b"access-control-allow-methods", METHODS.encode()),
                (b"access-control-allow-headers", HEADERS.encode()),
                (b"access-control-max-age", MAX_AGE.encode()),
                (b"vary", b"Origin"),
            ]
            await send({"type": "http.response.start", "status": 204, "headers": out})
            await send({"type": "http.response.body", "body": b""})
            return

        async def with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                out["Access-Control-Allow-Origin"] = allow_origin
                out["Access-Control-Expose-Headers"] = EXPOSED
                out.add_vary_header("Origin")
            await send(message)

        await self.app(scope, receive, with_cors)
