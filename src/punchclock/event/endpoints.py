"""``/api/v1/ws``: live updates over an authenticated WebSocket (README: Live updates).

The token travels in the first message, never in the URL (where access logs and proxies keep it).
"""

from __future__ import annotations

import asyncio
import contextlib

import orjson
from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from punchclock.auth.deps import authenticate
from punchclock.auth.scopes import Principal
from punchclock.errors import AppError
from punchclock.event.hub import CLOSE_AUTH_TIMEOUT, CLOSE_FORBIDDEN, CLOSE_UNAUTHORIZED, PONG

router = APIRouter(tags=["live updates"])

AUTH_TIMEOUT = 10.0
SCOPE = "read:time_entries"
MAX_MESSAGE = 8192


async def _hello(websocket: WebSocket) -> tuple[dict, Principal] | int:
    """Read and check the auth message: (message, principal), or the close code to refuse with."""
    try:
        text = await asyncio.wait_for(websocket.receive_text(), AUTH_TIMEOUT)
    except TimeoutError:
        return CLOSE_AUTH_TIMEOUT
    try:
        message = orjson.loads(text[:MAX_MESSAGE])
    except orjson.JSONDecodeError:
        return CLOSE_UNAUTHORIZED
    if (
        not isinstance(message, dict)
        or message.get("type") != "auth"
        or not isinstance(message.get("token"), str)
    ):
        return CLOSE_UNAUTHORIZED
    try:
        principal = await authenticate(websocket, message["token"].strip())
    except AppError:
        return CLOSE_UNAUTHORIZED
    scope = message.get("scope", "own")
    if SCOPE not in principal.scopes or scope not in ("own", "team"):
        return CLOSE_FORBIDDEN
    if scope == "team" and not principal.sees_everyone:
        return CLOSE_FORBIDDEN
    return message, principal


def _is_ping(text: str | None) -> bool:
    if not text or len(text) > MAX_MESSAGE:
        return False
    try:
        message = orjson.loads(text)
    except orjson.JSONDecodeError:
        return False
    return isinstance(message, dict) and message.get("type") == "ping"


@router.websocket("/ws")
async def live(websocket: WebSocket) -> None:
    """Send {"type": "auth", "token": ...} first; then receive {"type": "event", ...} messages."""
    hub = websocket.app.state.hub
    await websocket.accept()
    try:
        hello = await _hello(websocket)
    except WebSocketDisconnect:
        return
    if isinstance(hello, int):
        await websocket.close(hello)
        return
    message, principal = hello
    team = message.get("scope") == "team"
    conn = hub.connect(websocket, principal, message["token"].strip(), team)
    ready = {
        "type": "ready",
        "user_id": principal.user_id,
        "scope": "team" if team else "own",
        "heartbeat_seconds": hub.heartbeat,
        "max_lifetime_seconds": hub.lifetime,
    }
    await websocket.send_text(orjson.dumps(ready).decode())
    pump = asyncio.create_task(conn.pump())
    try:
        while True:
            incoming = await websocket.receive()
            if incoming["type"] == "websocket.disconnect":
                break
            if _is_ping(incoming.get("text")):
                conn.offer(PONG)
    except WebSocketDisconnect:
        pass
    finally:
        hub.disconnect(conn)
        pump.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await pump
