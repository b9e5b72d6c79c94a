"""``/api/v1/webhooks``: subscriptions, a test ping, the recent deliveries of each hook, and (admins)
whether sending is paused after a restore."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from sqlalchemy.orm import Session
from starlette.responses import Response

from punchclock.auth.deps import client_address, require
from punchclock.auth.scopes import Principal
from punchclock.idempotency.deps import IdemKey, idempotent
from punchclock.kit.pagination import pagination
from punchclock.params import PageDep, put_and_patch
from punchclock.responses import JSONResp
from punchclock.webhook import pause, service
from punchclock.webhook.schemas import (
    DeliveryList,
    PingResult,
    SendingState,
    WebhookCreate,
    WebhookCreated,
    WebhookList,
    WebhookMessage,
    WebhookUpdate,
)

router = APIRouter(prefix="/webhooks", tags=["webhooks"])

Reader = Annotated[Principal, require("read:webhooks")]
Writer = Annotated[Principal, require("write:webhooks")]
Admin = Annotated[Principal, require("admin:all")]
HookId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _allow_private(request: Request) -> bool:
    return bool(request.app.state.settings.webhook_allow_private)


@router.get("", response_model=WebhookList)
async def list_webhooks(
    request: Request,
    principal: Reader,
    page: PageDep,
    user_id: Annotated[int | None, Query(ge=1, le=2**31 - 1, description="Admins")] = None,
) -> JSONResp:
    """List webhooks: one's own, or anyone's for admins."""
    items, total = await request.app.state.db.read(service.list_dicts, principal, user_id, page)
    return JSONResp({"webhooks": items, "pagination": pagination(page, total)})


@router.post("", status_code=201, response_model=WebhookCreated)
async def create_webhook(
    request: Request, principal: Writer, body: WebhookCreate, _key: IdemKey = None
) -> Response:
    """Create a webhook; its signing secret is in this response only (and in a replay of it)."""
    data, allow_private = body.model_dump(), _allow_private(request)

    def work(session: Session) -> dict[str, Any]:
        hook = service.create(session, principal, data, allow_private)
        return {"message": "Webhook created; copy the secret now", "webhook": hook}

    return await idempotent(request, principal, 201, work)


# Before the /{hook_id} routes, which would otherwise take "sending" for an id.
@router.get("/sending", response_model=SendingState)
async def sending_state(request: Request, principal: Admin) -> JSONResp:
    """Whether webhook sending is paused (as after a restore) and how many deliveries wait (admins)."""
    return JSONResp(await request.app.state.db.read(pause.state))


@router.post("/sending/resume", response_model=SendingState)
async def resume_sending(request: Request, principal: Admin) -> JSONResp:
    """Resume webhook sending after a restore; queued deliveries go out (admins)."""
    state = await request.app.state.db.write(pause.resume_sending, principal.user_id, client_address(request))
    request.app.state.webhook_sender.wake()
    return JSONResp(state)


@router.get("/{hook_id:int}", response_model=WebhookMessage)
async def get_webhook(request: Request, principal: Reader, hook_id: HookId) -> JSONResp:
    """Get a webhook (not its secret)."""
    hook = await request.app.state.db.read(service.get_dict, principal, hook_id)
    return JSONResp({"message": "ok", "webhook": hook})


@put_and_patch(router, "/{hook_id:int}", response_model=WebhookMessage)
async def update_webhook(
    request: Request, principal: Writer, hook_id: HookId, body: WebhookUpdate
) -> JSONResp:
    """Update a webhook; only the fields sent change. ``rotate_secret`` returns a new secret."""
    hook = await request.app.state.db.write(
        service.update, principal, hook_id, body.model_dump(exclude_unset=True), _allow_private(request)
    )
    return JSONResp({"message": "Webhook updated successfully", "webhook": hook})


@router.delete("/{hook_id:int}")
async def delete_webhook(request: Request, principal: Writer, hook_id: HookId) -> JSONResp:
    """Delete a webhook and its delivery history."""
    await request.app.state.db.write(service.delete, principal, hook_id)
    return JSONResp({"message": "Webhook deleted successfully"})


@router.post("/{hook_id:int}/ping", response_model=PingResult)
async def ping_webhook(request: Request, principal: Writer, hook_id: HookId) -> JSONResp:
    """Send a signed ``webhook.ping`` now and report what the receiver answered."""
    job = await request.app.state.db.write(service.ping_job, principal, hook_id)
    await request.app.state.webhook_sender.send_now(job)
    delivery = await request.app.state.db.read(service.delivery, principal, hook_id, job.id)
    return JSONResp({"message": "Ping sent", "delivery": delivery})


@router.get("/{hook_id:int}/deliveries", response_model=DeliveryList)
async def list_deliveries(request: Request, principal: Reader, hook_id: HookId, page: PageDep) -> JSONResp:
    """Recent deliveries of a webhook, newest first, with their outcome."""
    items, total = await request.app.state.db.read(service.deliveries, principal, hook_id, page)
    return JSONResp({"deliveries": items, "pagination": pagination(page, total)})
