"""Running a POST under its ``Idempotency-Key`` (see punchclock.idempotency.service)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any

import orjson
from fastapi import Header, Request
from sqlalchemy.orm import Session
from starlette.responses import Response

from punchclock.auth.scopes import Principal
from punchclock.errors import Conflict
from punchclock.idempotency import service
from punchclock.responses import JSONResp

HEADER = "idempotency-key"

# Declared on the endpoints so the API docs show the header; read from the request in idempotent().
IdemKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        description="Retrying with the same key within 24 h returns the first answer and changes nothing",
        max_length=200,
    ),
]


@dataclass(frozen=True, slots=True)
class Claim:
    """A request under a key not answered yet: ``remember`` its answer in the same transaction."""

    user_id: int
    key: str
    fingerprint: str

    def remember(self, session: Session, status_code: int, body: dict[str, Any]) -> None:
        service.remember(session, self.user_id, self.key, self.fingerprint, status_code, orjson.dumps(body))

    async def settle(
        self, request: Request, status_code: int, run: Callable[[], Awaitable[dict[str, Any]]]
    ) -> Response:
        """``run()`` does the work (calling ``remember`` before its commit) and gives the body."""
        try:
            return JSONResp(await run(), status_code=status_code)
        except Conflict:
            # A copy of this request may have won the race: answer as it did.
            stored = await request.app.state.db.read(service.lookup, self.user_id, self.key, self.fingerprint)
            if stored is None:
                raise
            return _replay(stored)


async def claim(
    request: Request, principal: Principal, content: bytes | None = None
) -> Claim | Response | None:
    """None without the header; the first answer when the key was used already; else a Claim.

    ``content`` is what identifies the request besides its method, path and query (default: the
    body); an upload passes the file, as a retried multipart form has a new boundary.
    """
    raw_key = request.headers.get(HEADER)
    if raw_key is None:
        return None
    key = service.check_key(raw_key)
    query = request.url.query
    target = f"{request.url.path}?{query}" if query else request.url.path
    body = await request.body() if content is None else content
    fp = service.fingerprint(request.method, target, body)
    stored = await request.app.state.db.read(service.lookup, principal.user_id, key, fp)
    if stored is not None:
        return _replay(stored)
    return Claim(principal.user_id, key, fp)


async def idempotent(
    request: Request,
    principal: Principal,
    status_code: int,
    work: Callable[[Session], dict[str, Any]],
    kept: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> Response:
    """``work(session)`` builds the response body; with the header, a retry gets the first answer,
    or ``kept(body)`` of it when the answer holds what must not be stored (a token's secret)."""
    db = request.app.state.db
    got = await claim(request, principal)
    if got is None:
        return JSONResp(await db.write(work), status_code=status_code)
    if isinstance(got, Response):
        return got
    claimed = got

    def work_and_remember(session: Session) -> dict[str, Any]:
        body = work(session)
        claimed.remember(session, status_code, kept(body) if kept else body)
        return body

    return await claimed.settle(request, status_code, lambda: db.write(work_and_remember))


def _replay(stored: service.Stored) -> Response:
    return Response(
        stored.body,
        status_code=stored.status_code,
        media_type="application/json",
        headers={"Idempotent-Replayed": "true"},
    )
