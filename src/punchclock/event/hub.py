"""The WebSocket hub of one process: who is connected, who may hear what, and the heartbeat.

Notes:
Each socket has a bounded outbox (a deque) and one sender task. Dispatching an event only appends
the already-encoded message to the outboxes of the sockets that may see it, so a writer never waits
for a reader. A socket whose outbox fills up is a slow consumer: it is closed (4008) and its client
reconnects and refetches, instead of the server holding an unbounded backlog for it.
Rights are re-checked on every heartbeat and at once when a user's rights shrink (auth.revoked), so
a revoked token or a disabled account loses its sockets, and a team lead's socket takes up whom
they now see (the re-checked principal replaces the socket's).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

import orjson

from punchclock.auth.scopes import Principal
from punchclock.event.schemas import AUTH_REVOKED, Event

log = logging.getLogger("punchclock.events")

CLOSE_LIFETIME = 4000
CLOSE_UNAUTHORIZED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_AUTH_TIMEOUT = 4408
CLOSE_SLOW = 4008
PING = orjson.dumps({"type": "ping"}).decode()
PONG = orjson.dumps({"type": "pong"}).decode()
RESYNC = orjson.dumps({"type": "resync"}).decode()

# (raw token, fresh) -> the principal now, or None when the token no longer works.
Verify = Callable[[str, bool], Awaitable[Principal | None]]


class Conn:
    __slots__ = ("_limit", "_out", "_wake", "close_code", "deadline", "principal", "team", "token", "ws")

    def __init__(self, ws: Any, principal: Principal, token: str, team: bool, deadline: float, limit: int):
        self.ws = ws
        self.principal = principal
        self.token = token
        self.team = team
        self.deadline = deadline
        self._out: deque[str] = deque()
        self._wake = asyncio.Event()
        self._limit = limit
        self.close_code: int | None = None

    def offer(self, message: str) -> None:
        if self.close_code is not None:
            return
        if len(self._out) >= self._limit:
            self.close(CLOSE_SLOW)
            return
        self._out.append(message)
        self._wake.set()

    def close(self, code: int) -> None:
        if self.close_code is None:
            self.close_code = code
            self._out.clear()
            self._wake.set()

    def may_see(self, event: Event) -> bool:
        if event.scope not in self.principal.scopes:
            return False
        if event.project_id is not None and not self.principal.sees_project(event.project_id):
            return False
        if event.user_id is None or event.user_id == self.principal.user_id:
            return True
        # A team socket hears whom its manager sees: everyone, or their teams' members (auth.reach).
        return self.team and self.principal.sees(event.user_id)

    async def pump(self) -> None:
        """Send queued messages in order; close the socket when asked to."""
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self._out:
                await self.ws.send_text(self._out.popleft())
            if self.close_code is not None:
                with contextlib.suppress(Exception):
                    await self.ws.close(self.close_code)
                return


class Hub:
    def __init__(self, verify: Verify, heartbeat: float, lifetime: float, queue_limit: int) -> None:
        self.verify = verify
        self.heartbeat = heartbeat
        self.lifetime = lifetime
        self.queue_limit = queue_limit
        self.conns: set[Conn] = set()
        self.by_user: dict[int, set[Conn]] = {}
        self.team: set[Conn] = set()
        self._task: asyncio.Task[None] | None = None
        self._checks: set[asyncio.Task[None]] = set()

    def connect(self, ws: Any, principal: Principal, token: str, team: bool) -> Conn:
        # Up to 10 % jitter, so sockets opened together do not all reconnect together.
        deadline = time.monotonic() + self.lifetime * random.uniform(0.9, 1.0)
        conn = Conn(ws, principal, token, team, deadline, self.queue_limit)
        self.conns.add(conn)
        self.by_user.setdefault(principal.user_id, set()).add(conn)
        if team:
            self.team.add(conn)
        return conn

    def disconnect(self, conn: Conn) -> None:
        self.conns.discard(conn)
        self.team.discard(conn)
        users = self.by_user.get(conn.principal.user_id)
        if users is not None:
            users.discard(conn)
            if not users:
                del self.by_user[conn.principal.user_id]

    def dispatch(self, events: list[Event]) -> None:
        for event in events:
            if event.name == AUTH_REVOKED:
                # None: rights changed for many at once (a project made private): every socket.
                resync = bool(event.object.get("resync"))
                if event.user_id is None and self.conns:
                    self._spawn(self.recheck(list(self.conns), fresh=True, resync=resync))
                elif event.user_id in self.by_user:
                    self._spawn(self.recheck(list(self.by_user[event.user_id]), fresh=True, resync=resync))
                continue
            if event.user_id is None:
                targets = self.conns
            else:
                # A manager's own team socket is in both sets: a union sends it the event once.
                targets = self.by_user.get(event.user_id, set()) | self.team
            message = None
            for conn in targets:
                if conn.may_see(event):
                    message = message or event.message().decode()
                    conn.offer(message)

    def broadcast(self, message: str) -> None:
        for conn in self.conns:
            conn.offer(message)

    async def recheck(self, conns: list[Conn], fresh: bool, resync: bool = False) -> None:
        """Close the sockets whose token no longer works or no longer grants what they use; with
        ``resync``, tell the others to load their lists again (what they may see changed)."""
        by_token: dict[str, list[Conn]] = {}
        for conn in conns:
            by_token.setdefault(conn.token, []).append(conn)
        for token, group in by_token.items():
            try:
                principal = await self.verify(token, fresh)
            except Exception:  # a database hiccup must not close everyone's socket
                log.exception("re-checking a socket's token failed")
                continue
            for conn in group:
                if principal is None:
                    conn.close(CLOSE_UNAUTHORIZED)
                elif "read:time_entries" not in principal.scopes or (
                    conn.team and not principal.sees_everyone
                ):
                    conn.close(CLOSE_FORBIDDEN)
                else:
                    if resync:
                        conn.offer(RESYNC)
                    conn.principal = principal

    def _spawn(self, coro: Awaitable[None]) -> None:
        task = asyncio.ensure_future(coro)
        self._checks.add(task)
        task.add_done_callback(self._checks.discard)

    def start(self) -> None:
        self._task = asyncio.create_task(self._beat(), name="websocket-heartbeat")

    async def stop(self) -> None:
        for conn in list(self.conns):
            conn.close(1001)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _beat(self) -> None:
        while True:
            await asyncio.sleep(self.heartbeat)
            now = time.monotonic()
            for conn in list(self.conns):
                if now >= conn.deadline:
                    conn.close(CLOSE_LIFETIME)
                else:
                    conn.offer(PING)
            await self.recheck(list(self.conns), fresh=False)
