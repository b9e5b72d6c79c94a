"""TimeTagger's sync API (``/timetagger/api/v2/``): the routes, thin over sync.service and sync.feed.

Notes:
The handlers take the request and parse it themselves (TimeTagger's errors are plain text), so the
routes are plain Starlette routes in a router of their own that the app mounts at ``PREFIX`` ahead
of the REST API: a client's poll every few seconds is routed by one prefix match, instead of after
trying each of the REST API's routes in turn (a third of a no-change poll's time).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Generator
from typing import Any

import anyio
import anyio.to_thread
from fastapi import Request, Response
from fastapi.responses import PlainTextResponse, StreamingResponse
from sqlalchemy.orm import Session
from starlette.background import BackgroundTask
from starlette.routing import Router

from punchclock import __version__
from punchclock.errors import Forbidden
from punchclock.responses import JSONResp
from punchclock.sync import feed, service, tokens
from punchclock.sync.bootstrap import bootstrap
from punchclock.sync.deps import ALL_METHODS, READ, WRITE, authenticate, route, text
from punchclock.sync.schemas import parse_flag, parse_items, parse_since, parse_tag_filter, parse_timerange

PREFIX = "/timetagger/api/v2"
router = Router()


@route(router, "", "GET")
async def root(request: Request) -> Response:
    """The API root: a pointer to the documentation."""
    return PlainTextResponse("Punchclock serves TimeTagger's sync API here; see its README.")


route(router, "bootstrap_authentication")(bootstrap)


@route(router, "version", "GET")
async def version(request: Request) -> Response:
    """The server's version."""
    await authenticate(request)
    return JSONResp({"version": __version__})


@route(router, "updates", "GET")
async def updates(request: Request) -> Response:
    """Records and settings stamped after ``since``, and the cursor for the next poll."""
    caller = await authenticate(request, READ)
    since = parse_since(request.query_params.get("since"))
    db = request.app.state.db
    peeked = await db.read_hot(feed.peek, caller.user_id, since)
    if peeked.nothing_new:
        return JSONResp(peeked.empty())
    session = db.session(write=False)
    try:
        head = await anyio.to_thread.run_sync(feed.start, session, caller.user_id, since)
        if head.nothing_new:
            session.close()
            return JSONResp(head.empty())
    except BaseException:
        session.close()
        raise
    # The background close covers a client gone before the stream started (its finally never runs).
    return StreamingResponse(
        _stream(session, feed.chunks(session, head)),
        media_type="application/json",
        background=BackgroundTask(session.close),
    )


async def _stream(session: Session, chunks: Generator[bytes]) -> AsyncIterator[bytes]:
    """Pull each chunk in a worker thread (it may query); close the snapshot whatever happens."""
    try:
        while (chunk := await anyio.to_thread.run_sync(next, chunks, None)) is not None:
            yield chunk
    finally:
        with anyio.CancelScope(shield=True):
            await anyio.to_thread.run_sync(_close, chunks, session)


def _close(chunks: Generator[bytes], session: Session) -> None:
    """End the chunks first: a stream PostgreSQL is still sending holds the connection, and only
    its generator can cancel it and drain what arrived (see feed_repository._postgres)."""
    try:
        chunks.close()
    finally:
        session.close()


async def _push(request: Request, kind: str, push: Callable[..., Any]) -> Response:
    """PUT records or settings: parse the list off the event loop, then push it in one transaction."""
    caller = await authenticate(request, WRITE)
    items = await anyio.to_thread.run_sync(parse_items, await request.body(), kind)
    return JSONResp(await request.app.state.db.write(push, caller.user_id, items))


@route(router, "records", "GET", "PUT")
async def records(request: Request) -> Response:
    """GET records overlapping ``timerange``; PUT a list of records."""
    if request.method == "PUT":
        return await _push(request, "records", service.push_records)
    caller = await authenticate(request, READ)
    params = request.query_params
    t1, t2 = parse_timerange(params.get("timerange"))
    found = await request.app.state.db.read(
        service.get_records,
        caller.user_id,
        t1,
        t2,
        parse_flag(params.get("running")),
        parse_flag(params.get("hidden")),
        parse_tag_filter(params.get("tag")),
    )
    return JSONResp({"records": found})


@route(router, "settings", "GET", "PUT")
async def settings(request: Request) -> Response:
    """GET all settings; PUT a list of settings."""
    if request.method == "PUT":
        return await _push(request, "settings", service.push_settings)
    caller = await authenticate(request, READ)
    return JSONResp({"settings": await request.app.state.db.read(service.get_settings, caller.user_id)})


@route(router, "forcereset", "PUT")
async def forcereset(request: Request) -> Response:
    """Make every client of this user drop its copy and download everything again."""
    caller = await authenticate(request, WRITE)
    await request.app.state.db.write(service.force_reset, caller.user_id)
    return JSONResp({"status": "ok"})


async def _token(request: Request, kind: str) -> Response:
    caller = await authenticate(request)
    if caller.kind != tokens.WEBTOKEN:
        raise Forbidden(f"/{kind} needs auth with a web token")
    reset = bool(parse_flag(request.query_params.get("reset")))
    state = request.app.state
    token = await state.db.write(tokens.issue, state.secret, caller.user_id, kind, reset)
    return JSONResp({"token": token})


@route(router, "webtoken", "GET")
async def webtoken(request: Request) -> Response:
    """A fresh web token (``?reset=1`` first revokes every web token)."""
    return await _token(request, tokens.WEBTOKEN)


@route(router, "apitoken", "GET")
async def apitoken(request: Request) -> Response:
    """The API token (``?reset=1`` first revokes every API token)."""
    return await _token(request, tokens.APITOKEN)


async def unknown(request: Request) -> Response:
    """Any other path."""
    return text(404, f"/{request.path_params['path']} is not a valid API path")


router.add_route("/{path:path}", unknown, methods=ALL_METHODS, include_in_schema=False)
