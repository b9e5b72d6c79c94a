"""Lean routes: the hottest GETs answered without FastAPI's routing and dependency solving.

Notes:
Under load, a week list spent more CPU in FastAPI's route matching, dependency solving (auth, rate
limit, scope, page, nine query parameters) and request objects than in its query. A lean route is a
plain async function that sits inside the middleware (request id, security and rate-limit headers,
gzip still apply) and takes a request only when it is plainly well-formed and allowed: every query
parameter known, given once, in its simple form (``per_page=50``, ``include_active=true``), a
credential that authenticates, and the scope the endpoint requires. Anything else returns None
*before any side effect* (the rate-limit count comes after these checks), and the request goes down
the normal FastAPI path, which answers it (401, 403, 400, ...) exactly as before. Errors raised
after that point (429, a reversed date range, a member filtering by another user) are rendered by
the app's own AppError handler, so they carry the same body and headers. tests/test_lean.py sends
the same requests to an app with and without lean routes and compares the answers.
A lean POST (the timer's start and stop) gets the request body, read here; when it passes, the
normal path receives the same bytes again.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping
from types import SimpleNamespace
from typing import Any, TypeVar
from urllib.parse import parse_qsl

import orjson
from pydantic import BaseModel, ValidationError
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from punchclock.auth.deps import authenticate
from punchclock.auth.scopes import Principal
from punchclock.errors import AppError

Handler = Callable[[Scope, bytes], Awaitable[Response | None]]
ErrorRenderer = Callable[[AppError, Request], Response]
Parser = Callable[[str], Any]
M = TypeVar("M", bound=BaseModel)

_DIGITS = re.compile(r"[1-9][0-9]{0,9}")
_BOOLS = {"true": True, "false": False, "1": True, "0": False}


class LeanRoutes:
    """Pure-ASGI middleware: requests to a registered (method, path) try the lean handler first."""

    def __init__(
        self, app: ASGIApp, routes: Mapping[tuple[str, str], Handler], render_error: ErrorRenderer
    ) -> None:
        self.app = app
        self.routes = dict(routes)
        self.render_error = render_error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        handler = self.routes.get((scope["method"], scope["path"])) if scope["type"] == "http" else None
        if handler is None:
            await self.app(scope, receive, send)
            return
        body: bytes | None = b""
        if scope["method"] != "GET":
            body, receive = await _read_body(receive)
        if body is None:
            await self.app(scope, receive, send)
            return
        try:
            response = await handler(scope, body)
        except AppError as exc:
            response = self.render_error(exc, Request(scope))
        if response is None:
            await self.app(scope, receive, send)
            return
        await response(scope, receive, send)


async def _read_body(receive: Receive) -> tuple[bytes | None, Receive]:
    """The whole body (its size was checked by the request middleware; None if the client went
    away), and a receive that hands the same messages over again, for the normal path."""
    messages: list[Message] = []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request" or not message.get("more_body", False):
            break
    body = None
    if messages[-1]["type"] == "http.request":
        body = b"".join(m.get("body", b"") for m in messages)

    async def replay() -> Message:
        return messages.pop(0) if messages else await receive()

    return body, replay


def int_param(low: int, high: int) -> Parser:
    """An integer in plain decimal form within [low, high]; anything else raises ValueError."""

    def parse(text: str) -> int:
        if not _DIGITS.fullmatch(text):
            raise ValueError(text)
        value = int(text)
        if not low <= value <= high:
            raise ValueError(text)
        return value

    return parse


def bool_param(text: str) -> bool:
    return _BOOLS[text]


def text_param(max_length: int) -> Parser:
    def parse(text: str) -> str:
        if len(text) > max_length or "\x00" in text:  # the normal path answers NUL with 400
            raise ValueError(text)
        return text

    return parse


def query(scope: Scope, parsers: Mapping[str, Parser]) -> dict[str, Any] | None:
    """The query parameters parsed, or None unless each is known, given once, non-empty and simple."""
    raw = scope["query_string"]
    if not raw:
        return {}
    values: dict[str, Any] = {}
    # The same decoding as Starlette's QueryParams, so a value means what it means to FastAPI.
    for name, text in parse_qsl(raw.decode("latin-1"), keep_blank_values=True):
        parse = parsers.get(name)
        if parse is None or name in values or not text:
            return None
        try:
            values[name] = parse(text)
        except (ValueError, KeyError):
            return None
    return values


def json_body(scope: Scope, body: bytes, model: type[M]) -> M | None:
    """The body validated as ``model`` the way FastAPI reads an optional JSON body (empty or
    ``null``: the model's defaults), or None for anything it might read otherwise: a query string,
    an Idempotency-Key, a content type other than plain ``application/json``, JSON that orjson
    refuses (Python's parser is laxer), a body that does not validate (the normal path's 400)."""
    if scope["query_string"]:
        return None
    content_type = None
    for key, value in scope["headers"]:
        if key == b"idempotency-key":
            return None
        if key == b"content-type":
            if content_type is not None:
                return None
            content_type = value
    if body and content_type != b"application/json":
        return None
    try:
        data = orjson.loads(body) if body else None
        return model() if data is None else model.model_validate(data) if isinstance(data, dict) else None
    except (orjson.JSONDecodeError, ValidationError):
        return None


def _token(scope: Scope) -> str | None:
    """The credential as auth.deps.extract_token reads it; None where that would refuse it."""
    authorization = api_key = None
    for key, value in scope["headers"]:
        if key == b"authorization" and authorization is None:
            authorization = value.decode("latin-1")
        elif key == b"x-api-key" and api_key is None:
            api_key = value.decode("latin-1")
    if authorization:
        scheme, _, token = authorization.partition(" ")
        ok = scheme.lower() in ("bearer", "token") and token.strip()
        return token.strip() if ok else None
    return api_key.strip() if api_key and api_key.strip() else None


async def principal(scope: Scope, required_scope: str) -> Principal | None:
    """The caller, counted against its rate limit, when it authenticates and holds the scope.

    None, with nothing counted, when the normal path would refuse the request (401, 403).
    """
    raw = _token(scope)
    if raw is None:
        return None
    app = scope["app"]
    try:
        # authenticate() reads only .app.state of the connection it is given.
        who = await authenticate(SimpleNamespace(app=app), raw)  # type: ignore[arg-type]
    except AppError:
        return None
    if required_scope not in who.scopes:
        return None
    state = scope.setdefault("state", {})
    state["quota"] = await app.state.limiter.hit(who.rate_key)
    state["principal"] = who
    return who
