from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from sqlalchemy.orm import Session
from starlette.responses import Response

from punchclock.auth.deps import require
from punchclock.auth.scopes import Principal
from punchclock.client import service
from punchclock.client.schemas import ClientCreate, ClientEnvelope, ClientList, ClientMessage, ClientUpdate
from punchclock.idempotency.deps import IdemKey, idempotent
from punchclock.kit.pagination import pagination
from punchclock.params import PageDep, put_and_patch
from punchclock.responses import JSONResp

router = APIRouter(prefix="/clients", tags=["clients"])

Reader = Annotated[Principal, require("read:clients")]
Writer = Annotated[Principal, require("write:clients")]
ClientId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("", response_model=ClientList)
async def list_clients(
    request: Request,
    _: Reader,
    page: PageDep,
    status: Annotated[Literal["active", "archived"] | None, Query()] = None,
) -> JSONResp:
    """List clients, ordered by name."""
    items, total = await request.app.state.db.read(service.list_clients, page, status)
    return JSONResp({"clients": items, "pagination": pagination(page, total)})


@router.get("/{client_id}", response_model=ClientEnvelope)
async def get_client(request: Request, _: Reader, client_id: ClientId) -> JSONResp:
    """Get one client."""
    client = await request.app.state.db.read(service.get_dict, client_id)
    return JSONResp({"client": client})


@router.post("", status_code=201, response_model=ClientMessage)
async def create_client(
    request: Request, principal: Writer, body: ClientCreate, _key: IdemKey = None
) -> Response:
    """Create a client."""
    data = body.model_dump()

    def work(session: Session) -> dict[str, Any]:
        client = service.create(session, data, actor_id=principal.user_id)
        return {"message": "Client created successfully", "client": client}

    return await idempotent(request, principal, 201, work)


@put_and_patch(router, "/{client_id}", response_model=ClientMessage)
async def update_client(
    request: Request, principal: Writer, client_id: ClientId, body: ClientUpdate
) -> JSONResp:
    """Update a client; only the fields sent change."""
    client = await request.app.state.db.write(
        service.update, client_id, body.model_dump(exclude_unset=True), actor_id=principal.user_id
    )
    return JSONResp({"message": "Client updated successfully", "client": client})


@router.delete("/{client_id}")
async def delete_client(request: Request, principal: Writer, client_id: ClientId) -> JSONResp:
    """Delete a client that has no projects (409 otherwise: archive it instead)."""
    await request.app.state.db.write(service.delete, client_id, actor_id=principal.user_id)
    return JSONResp({"message": "Client deleted successfully"})
