"""Password reset and invitations: single-use, short-lived links sent by e-mail.

Notes:
A link carries a random secret; only its SHA-256 digest is stored (mail_tokens), so the table alone
opens nothing. A link works once: using it marks its row used with a conditional UPDATE, so of two
requests racing with one link exactly one wins, and whatever else the use does (the new password,
the new account) commits or rolls back with that mark.

Mail is sent *before* the link is stored (``record_reset``, ``record_invitation``): when the mail
server is down or refuses the message, nothing at all was written, and no usable link exists that
nobody received. Should the database fail right after a mail went out, that mail holds a dead link,
which is harmless (its owner asks again).

Using a reset link sets the password through the user service, which rotates the account's token
seed: every web session and signed-in device of the account ends.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from punchclock.account import repository
from punchclock.audit import service as audit_service
from punchclock.errors import AppError, BadRequest, Conflict, NotFound, ValidationFailed
from punchclock.identity import service as identity_service
from punchclock.kit.secret import sha256_hex
from punchclock.kit.timeutil import iso, now_ts
from punchclock.mail.service import valid_address
from punchclock.models import MailToken
from punchclock.models.user import ROLES
from punchclock.user import service as user_service

RESET, INVITE = "reset", "invite"
ROUTES = {RESET: "reset", INVITE: "invite"}
# Expired links are kept this long, so that a late click is told "expired" rather than "invalid".
KEEP_EXPIRED_SECONDS = 30 * 86400


class LinkGone(AppError):
    status_code = 410
    code = "link_used"
    title = "Link no longer valid"


def link_invalid() -> BadRequest:
    return BadRequest("This link is not valid; ask for a new one", code="link_invalid")


@dataclass(frozen=True, slots=True)
class Recipient:
    user_id: int
    username: str
    email: str
    name: str


def new_secret() -> tuple[str, str]:
    """A link's secret and the digest that is stored."""
    raw = secrets.token_urlsafe(32)
    return raw, sha256_hex(raw)


def link(base: str, purpose: str, raw: str) -> str:
    """The web app's address for a link. The secret rides in the fragment, which browsers neither
    send to the server nor put into a Referer."""
    return f"{base.rstrip('/')}/#/{ROUTES[purpose]}/{raw}"


def _usable(session: Session, raw: str, purpose: str, now: int) -> MailToken:
    row = repository.by_hash(session, sha256_hex(raw))
    if row is None or row.purpose != purpose:
        raise link_invalid()
    if row.used_at is not None:
        raise LinkGone("This link was already used; ask for a new one if you still need it")
    if row.expires_at <= now:
        raise LinkGone("This link has expired; ask for a new one", code="link_expired")
    return row


def _claim(session: Session, row: MailToken, now: int, user_id: int | None = None) -> None:
    if not repository.claim(session, row.id, now, user_id):
        raise LinkGone("This link was already used; ask for a new one if you still need it")


# Password reset


def reset_recipients(session: Session, login: str) -> list[Recipient]:
    """The active accounts a reset request for ``login`` (a username or an e-mail address) reaches:
    those with a usable e-mail address. Often none; the caller must not tell."""
    return [
        Recipient(u.id, u.username, u.email, u.display_name or u.username)
        for u in repository.users_by_login(session, login)
        if u.email and valid_address(u.email)
    ]


def record_reset(session: Session, user_id: int, email: str, token_hash: str, ttl: int) -> None:
    """Store a reset link whose mail the server has accepted."""
    now = now_ts()
    repository.purge(session, now - KEEP_EXPIRED_SECONDS)
    if user_service.find(session, user_id) is None:
        return  # deleted meanwhile: the mailed link stays dead
    row = MailToken(
        purpose=RESET,
        token_hash=token_hash,
        user_id=user_id,
        email=email,
        created_at=now,
        expires_at=now + ttl,
    )
    repository.add(session, row)


def issue_reset_link(session: Session, username: str, ttl: int, address: str = "") -> str:
    """A reset link's secret for an administrator to hand over (no mail; audited)."""
    user = user_service.require_by_username(session, username)
    if not user.is_active:
        raise Conflict(f"The account '{user.username}' is disabled", code="user_disabled")
    raw, digest = new_secret()
    record_reset(session, user.id, user.email or "", digest, ttl)
    audit_service.record(
        session,
        "password.reset_link",
        actor_id=None,
        target_user_id=user.id,
        address=address,
        detail={"via": "cli"},
    )
    return raw


def complete_reset(session: Session, raw: str, new_password: str, address: str) -> None:
    """Set a new password with a reset link: the link is spent, every session and device ends."""
    now = now_ts()
    row = _usable(session, raw, RESET, now)
    user = user_service.find(session, row.user_id) if row.user_id else None
    if user is None or not user.is_active:
        raise link_invalid()
    _claim(session, row, now)
    user_service.set_password(session, user, new_password)
    repository.drop_resets(session, user.id)
    audit_service.record(
        session,
        "password.reset",
        actor_id=user.id,
        target_user_id=user.id,
        address=address,
        detail={"link_id": row.id},
    )


# Invitations


def check_invitation(session: Session, email: str, role: str) -> str:
    """The invitee's address, normalised, if an invitation to it may be sent."""
    email = email.strip()
    if not valid_address(email):
        raise ValidationFailed("Enter one e-mail address, like name@example.com")
    if role not in ROLES:
        raise ValidationFailed(f"Role must be one of: {', '.join(ROLES)}")
    if repository.email_taken(session, email):
        raise Conflict(f"An account with the address {email} already exists", code="email_in_use")
    return email


def prepare_invitation(session: Session, actor_id: int, email: str, role: str) -> tuple[str, str]:
    """Before the mail goes out: the checked address and the inviting admin's name for the mail."""
    email = check_invitation(session, email, role)
    actor = user_service.get(session, actor_id)
    return email, actor.display_name or actor.username


def record_invitation(
    session: Session,
    actor_id: int | None,
    email: str,
    role: str,
    name: str | None,
    token_hash: str,
    ttl: int,
    address: str = "",
) -> dict[str, Any]:
    """Store an invitation whose mail went out; an earlier pending one to the same address goes."""
    email = check_invitation(session, email, role)
    now = now_ts()
    repository.purge(session, now - KEEP_EXPIRED_SECONDS)
    for old, _ in repository.pending_invitations(session, now):
        if old.email.lower() == email.lower():
            repository.delete_row(session, old)
    row = MailToken(
        purpose=INVITE,
        token_hash=token_hash,
        email=email,
        role=role,
        name=name or None,
        created_by=actor_id,
        created_at=now,
        expires_at=now + ttl,
    )
    repository.add(session, row)
    audit_service.record(
        session,
        "user.invited",
        actor_id=actor_id,
        address=address,
        detail={"invitation_id": row.id, "email": email, "role": role},
    )
    return invitation_dict(row, None)


def invitation_dict(row: MailToken, invited_by: str | None) -> dict[str, Any]:
    return {
        "id": row.id,
        "email": row.email,
        "role": row.role,
        "name": row.name,
        "invited_by": invited_by,
        "created_at": iso(row.created_at),
        "expires_at": iso(row.expires_at),
    }


def list_invitations(session: Session) -> list[dict[str, Any]]:
    return [invitation_dict(r, by) for r, by in repository.pending_invitations(session, now_ts())]


def revoke(session: Session, actor_id: int | None, invitation_id: int, address: str = "") -> None:
    """Withdraw a pending invitation: its link stops working."""
    row = repository.get(session, invitation_id)
    if row is None or row.purpose != INVITE or row.used_at is not None:
        raise NotFound("No pending invitation with this id", code="invitation_not_found")
    repository.delete_row(session, row)
    audit_service.record(
        session,
        "invitation.revoked",
        actor_id=actor_id,
        address=address,
        detail={"invitation_id": invitation_id, "email": row.email},
    )


def accept(
    session: Session,
    raw: str,
    username: str,
    password: str,
    display_name: str | None,
    *,
    client: str,
    address: str,
    secret: str,
    ttl: int,
) -> dict[str, Any]:
    """Create the invited account (the invitation's role and address) and sign it in."""
    now = now_ts()
    row = _usable(session, raw, INVITE, now)
    name = display_name if display_name is not None else (row.name or "")
    user = user_service.create(session, username, password, row.role or "member", name.strip(), row.email)
    _claim(session, row, now, user.id)
    audit_service.record(
        session,
        "invitation.accepted",
        actor_id=user.id,
        target_user_id=user.id,
        address=address,
        detail={"invitation_id": row.id, "invited_by": row.created_by},
    )
    return identity_service.start(
        session, user, method="password", client=client, address=address, secret=secret, ttl=ttl
    )
