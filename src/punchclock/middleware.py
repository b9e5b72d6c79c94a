"""One pure-ASGI middleware for every HTTP request (seed 002's list).

Request id, timing, security headers, rate-limit headers, the request body limit (413) and one
structured access-log line. Pure ASGI rather than BaseHTTPMiddleware: it adds no task or stream
copy per request, which matters on the hot paths.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Callable
from ipaddress import IPv4Network, IPv6Network, ip_address
from typing import Any

import orjson
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from punchclock.errors import AppError, PayloadTooLarge

access_log = logging.getLogger("punchclock.access")

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_DECIMAL = re.compile(r"[0-9]{1,18}")
_HOST = re.compile(
    r"[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]{2,45}\](:[0-9]{1,5})?"
)  # str.isdigit() takes "³" too, and int() then fails

API_CSP = b"default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
PAGE_CSP = (
    b"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    b"connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"
)
_INTERNAL = "An unexpected error occurred; it has been logged"
# Called after every HTTP request with its scope, status (0: none was sent) and seconds taken.
Observer = Callable[[Scope, int, float], None]
SYNC_PREFIX = "/timetagger/"
IMPORTS_PATH = "/api/v1/imports"
_STATIC_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


def _error_body(error: AppError, request_id: str) -> bytes:
    return orjson.dumps({**error.body(), "request_id": request_id})


class ForwardedFor:
    """The client behind trusted reverse proxies, from X-Forwarded-For, -Proto and -Host.

    Notes:
    Only a request whose direct peer is a trusted proxy has its headers believed, and X-Forwarded-For
    is read from the right: each trusted hop appended the address it saw, so the first untrusted
    address from the right is the client (anything further left is the client's own claim). The
    direct peer stays in ``scope["state"]["peer"]``: proxy sign-in asks who *sent* the request.
    """

    def __init__(self, networks: list[IPv4Network | IPv6Network]) -> None:
        self.networks = networks
        self._seen: dict[str, bool | None] = {}

    def trusted(self, host: str) -> bool | None:
        """Whether ``host`` is a trusted proxy; None when it is not an address at all (cached)."""
        if host in self._seen:
            return self._seen[host]
        try:
            address = ip_address(host)
        except ValueError:
            known = None
        else:
            known = any(address in network for network in self.networks)
        if len(self._seen) > 4096:
            self._seen.clear()
        self._seen[host] = known
        return known

    def apply(self, scope: Scope) -> None:
        client = scope.get("client")
        if not client:
            return
        peer = client[0]
        scope.setdefault("state", {})["peer"] = peer
        if not self.networks or not self.trusted(peer):
            return
        forwarded = _header(scope, b"x-forwarded-for")
        if forwarded:
            address = peer
            for hop in reversed(forwarded.split(",")):
                hop = hop.strip()
                trusted = self.trusted(hop)
                if trusted is None:
                    break  # garbage: keep the last hop that was an address
                address = hop
                if not trusted:
                    break
            scope["client"] = (address, 0)
        host = _header(scope, b"x-forwarded-host")
        if host:
            host = host.split(",")[-1].strip()
            if _HOST.fullmatch(host):
                headers = [(k, v) for k, v in scope["headers"] if k != b"host"]
                scope["headers"] = [*headers, (b"host", host.encode("latin-1"))]
        proto = _header(scope, b"x-forwarded-proto")
        if proto:
            proto = proto.split(",")[-1].strip().lower()
            if proto in ("http", "https"):
                scope["scheme"] = proto if scope["type"] == "http" else ("wss" if proto == "https" else "ws")


def public_base(request: Request) -> str:
    """The address users reach Punchclock at, without a trailing slash: ``public_url`` when set,
    else the request's scheme, host and ASGI root path (as the trusted proxy forwarded them)."""
    settings = getattr(request.app.state, "settings", None)
    configured: str | None = getattr(settings, "public_url", None)
    return (configured or str(request.base_url)).rstrip("/")


class RequestMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        max_body_bytes: int,
        log_requests: bool = True,
        trusted_proxies: list[IPv4Network | IPv6Network] | None = None,
        observe: Observer | None = None,
    ) -> None:
        self.app = app
        self.observe = observe
        self.max_body = max_body_bytes
        self.log_requests = log_requests
        self.forwarded = ForwardedFor(trusted_proxies or [])

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        self.forwarded.apply(scope)
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        incoming = _header(scope, b"x-request-id")
        request_id = incoming if incoming and _REQUEST_ID.match(incoming) else os.urandom(16).hex()
        scope.setdefault("state", {})["request_id"] = request_id
        status_holder = [0]
        path: str = scope["path"]
        csp = API_CSP if path.startswith("/api/") and not path.startswith("/api/docs") else PAGE_CSP

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder[0] = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                elapsed = (time.perf_counter() - started) * 1000
                headers.append((b"server-timing", f"app;dur={elapsed:.2f}".encode()))
                headers.extend(_STATIC_HEADERS)
                if not any(k == b"content-security-policy" for k, _ in headers):
                    headers.append((b"content-security-policy", csp))
                quota = scope["state"].get("quota")
                if quota is not None and not any(k == b"x-ratelimit-limit" for k, _ in headers):
                    headers.extend((k.lower().encode(), v.encode()) for k, v in quota.headers().items())
                message["headers"] = headers
            await send(message)

        length = _header(scope, b"content-length")
        limit = self._limit(scope)
        try:
            if length is not None:
                if not _DECIMAL.fullmatch(length) or int(length) > limit:
                    await self._reject(send_wrapper, request_id, limit)
                    return
            elif _header(scope, b"transfer-encoding") is not None:
                # A chunked body has no declared size: read it here, up to the limit. An error raised
                # from receive() inside the app would surface as FastAPI's generic 400, not as 413.
                buffered = await self._buffer(receive, limit)
                if buffered is None:
                    await self._reject(send_wrapper, request_id, limit)
                    return
                receive = buffered
            try:
                await self.app(scope, receive, send_wrapper)
            except Exception:
                # Starlette's ServerErrorMiddleware sits outside this one, so its 500 would miss the
                # request id and security headers. Answer here; re-raise so it still logs the error.
                if status_holder[0] == 0:
                    await self._send_error(send_wrapper, AppError(_INTERNAL), request_id)
                raise
        finally:
            if self.observe is not None:
                self.observe(scope, status_holder[0], time.perf_counter() - started)
            if self.log_requests:
                self._log(scope, status_holder[0], started, request_id)

    def _limit(self, scope: Scope) -> int:
        """The body limit for this path: the TimeTagger sync API takes whole batches of records,
        and imports take whole export files."""
        settings = getattr(getattr(scope.get("app"), "state", None), "settings", None)
        if scope["path"].startswith(SYNC_PREFIX):
            return getattr(settings, "sync_max_body_bytes", self.max_body)
        if scope["path"] == IMPORTS_PATH:
            return getattr(settings, "import_max_body_bytes", self.max_body)
        return self.max_body

    async def _buffer(self, receive: Receive, limit: int) -> Receive | None:
        """Read the whole request body; None when it exceeds the limit. Returns a replaying receive."""
        messages: list[Message] = []
        size = 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            size += len(message.get("body", b""))
            if size > limit:
                return None
            if not message.get("more_body", False):
                break

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        return replay

    def _too_large_text(self, limit: int) -> str:
        return f"Request body exceeds the limit of {limit} bytes"

    async def _reject(self, send: Send, request_id: str, limit: int) -> None:
        await self._send_error(send, PayloadTooLarge(self._too_large_text(limit)), request_id)

    async def _send_error(self, send: Send, error: AppError, request_id: str) -> None:
        body = _error_body(error, request_id)
        await send(
            {
                "type": "http.response.start",
                "status": error.status_code,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    def _log(self, scope: Scope, status: int, started: float, request_id: str) -> None:
        if not access_log.isEnabledFor(logging.INFO):
            return
        state: dict[str, Any] = scope.get("state", {})
        principal = state.get("principal")
        client = scope.get("client")
        record = {
            "ts": round(time.time(), 3),
            "request_id": request_id,
            "method": scope["method"],
            "path": scope["path"],
            "status": status,
            "duration_ms": round((time.perf_counter() - started) * 1000, 2),
            "client": client[0] if client else None,
            "user_id": principal.user_id if principal else None,
            "pid": os.getpid(),
        }
        access_log.info(orjson.dumps(record).decode())


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return None
