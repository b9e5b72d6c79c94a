"""Running a POST under its ``Idempotency-Key`` (see punchclock.idempotency.service)."""

from __future__ import annotations

from collections.abc import Callable
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


async def idempotent(
    request: Request, principal: Principal, status_code: int, work: Callable[[Session], dict[str, Any]]
) -> Response:
    """``work(session)`` builds the response body; with the header, a retry gets the first answer."""
    db = request.app.state.db
    raw_key = request.headers.get(HEADER)
    if raw_key is None:
        return JSONResp(await db.write(work), status_code=status_code)
    key = service.check_key(raw_key)
    fp = service.fingerprint(request.method, request.url.path, await request.body())
    stored = await db.read(service.lookup, principal.user_id, key, fp)
    if stored is not None:
        return _replay(stored)

    def work_and_remember(session: Session) -> dict[str, Any]:
        body = work(session)
        service.remember(session, principal.user_id, key, fp, status_code, orjson.dumps(body))
        return body

    try:
        return JSONResp(await db.write(work_and_remember), status_code=status_code)
    except Conflict:
        # A copy of this request may have won the race: answer as it did.
        stored = await db.read(service.lookup, principal.user_id, key, fp)
        if stored is None:
            raise
        return _replay(stored)


def _replay(stored: service.Stored) -> Response:
    return Response(
        stored.body,
        status_code=stored.status_code,
        media_type="application/json",
        headers={"Idempotent-Replayed": "true"},
    )
