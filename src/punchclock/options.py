"""``OPTIONS`` on any API path: 204 with the methods the path allows (``Allow``), not 405.

Notes:
RFC 9110 makes OPTIONS a standard method, and HTTP tools (and fuzzers) ask it. Starlette's routing
answers it 405 unless a route lists it. This asks the router, method by method, which methods the path
takes, and answers with those; a path no route matches falls through to the app's 404.
Cross-origin preflights get the same answer without CORS headers, so browsers refuse them, unless
the origin is one the operator allowed (punchclock.cors answers those first).
"""

from __future__ import annotations

from starlette.routing import Match
from starlette.types import ASGIApp, Receive, Scope, Send

METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


class OptionsMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "OPTIONS" or not scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return
        routes = scope["app"].router.routes
        methods = {
            method
            for method in METHODS
            if any(route.matches({**scope, "method": method})[0] == Match.FULL for route in routes)
        }
        if not methods:
            await self.app(scope, receive, send)
            return
        allow = ", ".join(sorted(methods | {"OPTIONS"}))
        await send({"type": "http.response.start", "status": 204, "headers": [(b"allow", allow.encode())]})
        await send({"type": "http.response.body", "body": b""})
