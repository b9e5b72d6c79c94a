"""Signed-in sessions: every way of signing in to the web app ends here.

Notes:
A session is a row; the web token (a short-lived JWT, refreshed by the app) names the row and the
user's token seed. So a session ends when its row is ended (the user or an admin ended it, it
expired) or when the seed rotates (sign out everywhere, password or role change, account
disabled). The list a user sees holds these sessions and the devices signed in with a device token
(TimeTracker's apps, the CLI), each of which can be ended.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from punchclock.audit import service as audit_service
from punchclock.auth import cache as auth_cache
from punchclock.auth import reach, webtoken
from punchclock.auth.scopes import Principal, effective_scopes
from punchclock.db import after_commit
from punchclock.errors import InvalidToken, NotFound
from punchclock.event import service as event_service
from punchclock.identity import repository
from punchclock.kit.timeutil import iso, now_ts
from punchclock.models import User, WebSession
from punchclock.token import service as token_service
from punchclock.twofactor import service as twofactor_service
from punchclock.user import service as user_service

METHODS = ("password", "totp", "recovery", "oidc", "proxy")
# Ended and expired sessions stay listed this long, then go.
KEEP_ENDED_SECONDS = 30 * 86400
# A session stays alive while its browser refreshes its token; this long without one ends it.
IDLE_SECONDS = 14 * 86400


def start(
    session: Session,
    user: User,
    *,
    method: str,
    client: str,
    address: str,
    secret: str,
    ttl: int,
    id_token: str | None = None,
) -> dict[str, Any]:
    """Begin a web session for ``user`` (already verified by ``method``): the sign-in answer."""
    now = now_ts()
    row = repository.add(
        session,
        WebSession(
            user_id=user.id,
            method=method,
            client=client[:200],
            address=address[:64],
            created_at=now,
            last_seen_at=now,
            expires_at=now + IDLE_SECONDS,
            id_token=id_token,
            seed=user.token_seed,
        ),
    )
    repository.purge(session, now - KEEP_ENDED_SECONDS)
    audit_service.signed_in(session, user.id, kind="session", method=method, client=client, address=address)
    token, expires_at = webtoken.encode(secret, user.id, user.username, user.token_seed, ttl, row.id)
    return {
        "token": token,
        "token_type": "bearer",
        "expires_at": expires_at,
        "user": user_service.to_dict(user),
    }


def authenticate(session: Session, secret: str, token: str) -> Principal:
    """The principal of a web token: its session live, its seed current, its user active."""
    try:
        payload = webtoken.decode(secret, token)
    except webtoken.BadWebToken as exc:
        raise InvalidToken(str(exc)) from exc
    user = user_service.find(session, int(payload["sub"]))
    # A rotated seed (logout-all, password or role change) invalidates every earlier token.
    if user is None or user.token_seed != payload["seed"]:
        raise InvalidToken("The token has been revoked; sign in again")
    row = repository.get(session, int(payload["sid"]))
    if row is None or row.user_id != user.id or row.ended_at is not None or row.expires_at <= now_ts():
        raise InvalidToken("This session has ended; sign in again")
    if not user.is_active:
        raise InvalidToken("User account is inactive")
    # The policy's second factor guards password sign-ins; single sign-on and a sign-in proxy leave
    # it to the identity provider, whose own policy applies there.
    enrol_only = row.method == "password" and twofactor_service.must_enrol(session, user)
    return principal_of(session, user, "web", row.id, enrol_only)


def principal_of(
    session: Session, user: User, kind: str, session_id: int | None = None, enrol_only: bool = False
) -> Principal:
    """A signed-in person acting with every scope of their role."""
    return Principal(
        user_id=user.id,
        username=user.username,
        role=user.role,
        scopes=effective_scopes(user.role, None),
        kind=kind,
        timezone=user.timezone,
        session_id=session_id,
        enrol_only=enrol_only,
        seen=reach.load(session, user.id, user.role),
        projects=reach.projects(session, user.id, user.role),
    )


def refresh(session: Session, principal: Principal, secret: str, ttl: int) -> dict[str, Any]:
    """A fresh token for the same session, which stays alive (and is seen) from now on."""
    user = user_service.get(session, principal.user_id)
    assert principal.session_id is not None
    now = now_ts()
    repository.touch(session, principal.session_id, now, now + IDLE_SECONDS, user.token_seed)
    token, expires_at = webtoken.encode(
        secret, user.id, user.username, user.token_seed, ttl, principal.session_id
    )
    return {"token": token, "token_type": "bearer", "expires_at": expires_at}


def change_password(
    session: Session, principal: Principal, current: str, new: str, secret: str, ttl: int, address: str = ""
) -> dict[str, Any]:
    """Change the caller's password. Every other session and device is signed out (the seed
    rotates); the session that made the change goes on, with the fresh token returned."""
    user_service.change_own_password_by_id(session, principal.user_id, current, new, address)
    return refresh(session, principal, secret, ttl)


def to_dict(row: WebSession, current: int | None) -> dict[str, Any]:
    return {
        "id": f"s{row.id}",
        "kind": "session",
        "method": row.method,
        "client": row.client or "unknown browser",
        "address": row.address,
        "created_at": iso(row.created_at),
        "last_seen_at": iso(row.last_seen_at),
        "expires_at": iso(row.expires_at),
        "current": row.id == current,
    }


def _device_dict(token: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": f"d{token['id']}",
        "kind": "device",
        "method": "password",
        "client": token["name"],
        "address": "",
        "created_at": token["created_at"],
        "last_seen_at": token["last_used_at"] or token["created_at"],
        "expires_at": token["expires_at"],
        "current": False,
    }


def list_all(session: Session, user_id: int, current: int | None) -> list[dict[str, Any]]:
    """The user's live web sessions and signed-in devices, most recently seen first."""
    rows = [to_dict(row, current) for row in repository.live_for(session, user_id, now_ts())]
    devices = [_device_dict(t) for t in token_service.live_devices(session, user_id)]
    return sorted(rows + devices, key=lambda item: item["last_seen_at"] or "", reverse=True)


def end(session: Session, user_id: int, item_id: str, address: str = "") -> None:
    """End one of the user's sessions (``s12``) or devices (``d7``); 404 for anything else. Audited
    (a session or device of one's own that one does not trust any more)."""
    _end(session, user_id, item_id)
    audit_service.record(
        session,
        "auth.session_ended",
        actor_id=user_id,
        target_user_id=user_id,
        address=address,
        detail={"session": item_id},
    )


def _end(session: Session, user_id: int, item_id: str) -> None:
    kind, number = item_id[:1], item_id[1:]
    if not number.isdigit() or len(number) > 10:
        raise NotFound("No such session")
    if kind == "s":
        if not repository.end(session, user_id, now_ts(), only=int(number)):
            raise NotFound("No such session")
    elif kind == "d":
        if not token_service.end_device(session, user_id, int(number)):
            raise NotFound("No such session")
    else:
        raise NotFound("No such session")
    after_commit(session, auth_cache.revoke_all)
    event_service.revoked(session, user_id)


def sign_out(session: Session, user_id: int, session_id: int) -> str | None:
    """End the caller's own session; its ID token if single sign-on began it (for the provider's
    sign-out)."""
    row = repository.get(session, session_id)
    _end(session, user_id, f"s{session_id}")  # signing out is not audited; signing in is
    if row is None or row.user_id != user_id:
        return None
    id_token, row.id_token = row.id_token, None  # needed once more, for the provider; not kept
    return id_token
