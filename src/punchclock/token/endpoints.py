"""API tokens over the API: admins manage anyone's, others their own. Secrets are shown once.

Managing tokens needs a signed-in web session or a token holding ``admin:all``: a narrower token
must not be able to mint itself a sibling.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from sqlalchemy.orm import Session
from starlette.responses import Response

from punchclock.auth.deps import SessionOrAdmin, client_address
from punchclock.idempotency.deps import IdemKey, idempotent
from punchclock.kit.pagination import pagination
from punchclock.params import PageDep
from punchclock.responses import JSONResp
from punchclock.token import service
from punchclock.token.schemas import ScopeList, TokenCreate, TokenCreated, TokenList, TokenMessage

router = APIRouter(prefix="/tokens", tags=["tokens"])
REPLAYED = "Already created under this Idempotency-Key; its secret was shown only in the first answer"

TokenId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("/scopes", response_model=ScopeList)
async def list_scopes(principal: SessionOrAdmin) -> JSONResp:
    """The scopes the caller's role may give a token, with what each allows (the token form's list)."""
    return JSONResp({"scopes": service.scopes_for(principal.role)})


@router.get("", response_model=TokenList)
async def list_tokens(
    request: Request,
    principal: SessionOrAdmin,
    page: PageDep,
    user_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    include_revoked: bool = False,
) -> JSONResp:
    """List API tokens (never their secrets): one's own, or anyone's for admins."""
    items, total = await request.app.state.db.read(
        service.list_dicts, principal, page, user_id, include_revoked
    )
    return JSONResp({"api_tokens": items, "pagination": pagination(page, total)})


@router.post("", status_code=201, response_model=TokenCreated)
async def create_token(
    request: Request, principal: SessionOrAdmin, body: TokenCreate, _key: IdemKey = None
) -> Response:
    """Create an API token; the secret is in this response only.

    With an Idempotency-Key, a retry creates no second token and answers the first one's details,
    with ``token`` null: the secret is kept nowhere, not even for a retry (revoke and create anew if
    the first answer was lost)."""
    data = body.model_dump()
    address = client_address(request)

    def work(session: Session) -> dict[str, Any]:
        token, raw = service.create_for(session, principal, body.user_id, data, address)
        return {
            "message": "API token created; copy it now, it is not shown again",
            "token": raw,
            "api_token": token,
        }

    def without_secret(answer: dict[str, Any]) -> dict[str, Any]:
        return {**answer, "message": REPLAYED, "token": None}

    return await idempotent(request, principal, 201, work, kept=without_secret)


@router.get("/{token_id:int}", response_model=TokenMessage)
async def get_token(request: Request, principal: SessionOrAdmin, token_id: TokenId) -> JSONResp:
    """Get a token's details (not its secret)."""
    token = await request.app.state.db.read(service.get_dict, principal, token_id)
    return JSONResp({"message": "ok", "api_token": token})


@router.delete("/{token_id:int}", response_model=TokenMessage)
async def revoke_token(request: Request, principal: SessionOrAdmin, token_id: TokenId) -> JSONResp:
    """Revoke a token; it stops working at once."""
    token = await request.app.state.db.write(
        service.revoke_dict, principal, token_id, client_address(request)
    )
    return JSONResp({"message": "API token revoked", "api_token": token})
