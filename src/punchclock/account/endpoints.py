"""Password reset by e-mail (public) and invitations (admins send them; the invitee accepts)."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from starlette.background import BackgroundTask

from punchclock.account import mails, service
from punchclock.account.schemas import (
    InvitationAccept,
    InvitationCreate,
    InvitationEnvelope,
    InvitationList,
    ResetComplete,
    ResetRequest,
)
from punchclock.account.throttle import ResetThrottle
from punchclock.auth.deps import client_address, require
from punchclock.auth.device import device_label
from punchclock.auth.schemas import LoginResponse, Message
from punchclock.auth.scopes import Principal
from punchclock.errors import AppError, Conflict
from punchclock.mail import service as mail_service
from punchclock.responses import JSONResp

log = logging.getLogger("punchclock.account")
router = APIRouter(tags=["account"])

Admin = Annotated[Principal, require("admin:all")]
InvitationId = Annotated[int, Path(ge=1, le=2**31 - 1)]

REQUESTED = "If an account matches, a link to choose a new password is on its way to its e-mail address"
NO_PUBLIC_URL = (
    "Password reset by e-mail needs PUNCHCLOCK_PUBLIC_URL: links are never built from a request's Host "
    "header, which the caller chooses"
)


@router.post("/auth/password-reset", status_code=202, response_model=Message)
async def request_reset(body: ResetRequest, request: Request) -> JSONResp:
    """Ask for a password reset link by e-mail, by username or address. The answer is the same
    whether or not an account matches; the mail goes out after it."""
    state = request.app.state
    settings = state.settings
    mail_service.require(settings)
    if not settings.public_url:
        raise Conflict(NO_PUBLIC_URL, code="public_url_required")
    throttle = ResetThrottle(
        state.counters, settings.password_reset_per_account, settings.password_reset_per_address
    )
    await throttle.attempt(body.login, client_address(request))
    # The same work for every name: the mail server is asked whether it would take a message (503
    # if not); looking the account up and sending happen once the answer has gone.
    await mail_service.check(settings)
    response = JSONResp({"message": REQUESTED}, status_code=202)
    response.background = BackgroundTask(_send_resets, state, body.login, settings.public_url)
    return response


async def _send_resets(state: Any, login: str, base: str) -> None:
    settings = state.settings
    minutes = settings.password_reset_ttl_minutes
    try:
        for who in await state.db.read(service.reset_recipients, login):
            raw, digest = service.new_secret()
            mail = mails.reset(
                who.email, who.name, who.username, service.link(base, service.RESET, raw), minutes
            )
            await mail_service.send(settings, mail.to, mail.subject, mail.text, mail.html)
            await state.db.write(service.record_reset, who.user_id, who.email, digest, minutes * 60)
    except AppError as exc:
        log.warning("a password reset mail was not sent: %s", exc.message)
    except Exception:
        log.exception("a password reset mail was not sent")


@router.post("/auth/password-reset/complete", response_model=Message)
async def complete_reset(body: ResetComplete, request: Request) -> JSONResp:
    """Choose a new password with the link from the mail. The link is spent, and the account is
    signed out of every browser and device."""
    await request.app.state.db.write(
        service.complete_reset, body.token, body.new_password, client_address(request)
    )
    return JSONResp({"message": "Password changed; sign in with the new one"})


@router.post("/invitations", status_code=201, response_model=InvitationEnvelope)
async def invite(body: InvitationCreate, request: Request, principal: Admin) -> JSONResp:
    """Invite someone by e-mail to create an account with the given role (admins)."""
    state = request.app.state
    settings = state.settings
    mail_service.require(settings)
    email, inviter = await state.db.read(service.prepare_invitation, principal.user_id, body.email, body.role)
    raw, digest = service.new_secret()
    base = settings.public_url or str(request.base_url)
    days = settings.invitation_ttl_days
    url = service.link(base, service.INVITE, raw)
    mail = mails.invitation(email, body.name, body.role, inviter, url, days)
    await mail_service.send(settings, mail.to, mail.subject, mail.text, mail.html)
    work = (principal.user_id, email, body.role, body.name, digest, days * 86400, client_address(request))
    row = await state.db.write(service.record_invitation, *work)
    return JSONResp({"message": f"Invitation sent to {email}", "invitation": row}, status_code=201)


@router.get("/invitations", response_model=InvitationList)
async def list_invitations(request: Request, principal: Admin) -> JSONResp:
    """Invitations not yet accepted, revoked or expired (admins)."""
    return JSONResp({"invitations": await request.app.state.db.read(service.list_invitations)})


@router.delete("/invitations/{invitation_id:int}", response_model=Message)
async def revoke_invitation(request: Request, principal: Admin, invitation_id: InvitationId) -> JSONResp:
    """Withdraw a pending invitation: its link stops working (admins)."""
    await request.app.state.db.write(
        service.revoke, principal.user_id, invitation_id, client_address(request)
    )
    return JSONResp({"message": "Invitation revoked"})


@router.post("/invitations/accept", status_code=201, response_model=LoginResponse)
async def accept_invitation(body: InvitationAccept, request: Request) -> JSONResp:
    """Create the invited account with the link from the mail, and sign in to it."""
    state = request.app.state
    result = await state.db.write(
        service.accept,
        body.token,
        body.username,
        body.password,
        body.display_name,
        client=device_label(request.headers),
        address=client_address(request),
        secret=state.secret,
        ttl=state.settings.web_token_ttl_seconds,
    )
    return JSONResp(result, status_code=201)
