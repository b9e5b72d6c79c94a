"""Scoped API tokens: ``tt_`` + 32 random characters, shown once, kept only as a SHA-256 digest.

Notes: seed 003 (TimeTracker's API) says tokens start with ``tt_``, and TimeTracker's own clients
refuse any other prefix before sending a request. Punchclock issued ``pc_`` tokens before; those
keep working, so both prefixes are API tokens (``is_api_token``) and only ``tt_`` is issued.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from punchclock.audit import service as audit_service
from punchclock.auth import cache as auth_cache
from punchclock.auth import reach
from punchclock.auth.scopes import (
    ROLE_SCOPES,
    SCOPES,
    Principal,
    UnknownScope,
    effective_scopes,
    parse_scopes,
)
from punchclock.db import after_commit
from punchclock.errors import Forbidden, InvalidToken, NotFound, ValidationFailed
from punchclock.event import service as event_service
from punchclock.kit.pagination import Page
from punchclock.kit.secret import random_string, sha256_hex
from punchclock.kit.timeutil import iso, now_ts
from punchclock.models import ApiToken, User
from punchclock.token import repository
from punchclock.user import service as user_service

TOKEN_PREFIX = "tt_"
LEGACY_PREFIX = "pc_"  # issued before TimeTracker's prefix was adopted; still accepted
TOKEN_RANDOM_LENGTH = 32
MAX_EXPIRY_DAYS = 3650
# Device sign-ins each make a token; past this many live ones per user the oldest are revoked, so a
# script that signs in on every run cannot pile them up.
MAX_DEVICE_TOKENS = 20
# `punchclock login` names its device token so (punchclock.cli.track): the entry history says "cli".
CLI_DEVICE = "punchclock CLI on "
SIGNED_IN = "Signed in: "
CLI_TOKEN = f"{SIGNED_IN}{CLI_DEVICE}"  # its token's name (sign_in_device)


def is_api_token(value: str) -> bool:
    """Whether ``value`` claims to be an API token (rather than a web token), by its prefix."""
    return value.startswith(TOKEN_PREFIX) or value.startswith(LEGACY_PREFIX)


def looks_like_token(value: str) -> bool:
    return is_api_token(value) and len(value) == len(TOKEN_PREFIX) + TOKEN_RANDOM_LENGTH


def _ended(token: ApiToken, seed: str | None) -> bool:
    """A device token whose user has since rotated their seed (signed out everywhere, ...)."""
    return token.device_seed is not None and seed is not None and token.device_seed != seed


def to_dict(token: ApiToken, username: str | None = None, seed: str | None = None) -> dict[str, Any]:
    now = now_ts()
    return {
        "id": token.id,
        "name": token.name,
        "description": token.description,
        "user_id": token.user_id,
        "username": username,
        "prefix": token.prefix,
        "scopes": token.scopes.split(),
        "expires_at": iso(token.expires_at),
        "last_used_at": iso(token.last_used_at),
        "created_at": iso(token.created_at),
        "revoked_at": iso(token.revoked_at),
        "kind": "api" if token.device_seed is None else "device",
        "is_active": token.revoked_at is None
        and (token.expires_at is None or token.expires_at > now)
        and not _ended(token, seed),
    }


def create(
    session: Session,
    user: User,
    name: str,
    scopes: str | list[str],
    description: str = "",
    expires_in_days: int | None = None,
    device: bool = False,
) -> tuple[ApiToken, str]:
    """Create a token for ``user``; returns the row and the secret, which is never stored.
    A ``device`` token lasts only while the user's token seed is unchanged (see ApiToken)."""
    name = name.strip()
    if not name or len(name) > 200:
        raise ValidationFailed("Token name must be 1-200 characters")
    try:
        wanted = parse_scopes(scopes)
    except UnknownScope as exc:
        raise ValidationFailed(str(exc)) from exc
    beyond = sorted(wanted - ROLE_SCOPES[user.role])
    if beyond:
        raise ValidationFailed(
            f"A {user.role} cannot hold these scopes: {', '.join(beyond)}", code="scope_not_allowed"
        )
    if expires_in_days is not None and not 1 <= expires_in_days <= MAX_EXPIRY_DAYS:
        raise ValidationFailed(f"expires_in_days must be between 1 and {MAX_EXPIRY_DAYS}")
    raw = TOKEN_PREFIX + random_string(TOKEN_RANDOM_LENGTH)
    now = now_ts()
    token = ApiToken(
        user_id=user.id,
        name=name,
        description=description,
        prefix=raw[:8],
        token_hash=sha256_hex(raw),
        scopes=" ".join(sorted(wanted)),
        expires_at=now + expires_in_days * 86400 if expires_in_days else None,
        created_at=now,
        device_seed=user.token_seed if device else None,
    )
    return repository.add(session, token), raw


def sign_in_device(
    session: Session, user: User, device: str, days: int, scopes: list[str] | None = None
) -> tuple[ApiToken, str]:
    """The token of a password sign-in from a device: named after it, holding the user's role's
    scopes (or fewer, when asked)."""
    name = f"{SIGNED_IN}{device}"[:200]
    wanted = scopes if scopes is not None else sorted(ROLE_SCOPES[user.role])
    token, raw = create(session, user, name, wanted, "Issued by a password sign-in", days or None, True)
    for old in repository.device_tokens_beyond(session, user.id, user.token_seed, MAX_DEVICE_TOKENS):
        old.revoked_at = token.created_at
    session.flush()
    return token, raw


@dataclass(frozen=True, slots=True)
class Authenticated:
    principal: Principal
    needs_touch: bool


def authenticate(session: Session, raw: str) -> Authenticated:
    if not looks_like_token(raw):
        raise InvalidToken("Invalid token format")
    row = repository.find_with_user(session, sha256_hex(raw))
    if row is None or row.revoked_at is not None:
        raise InvalidToken("The provided API token is invalid or has been revoked")
    if row.device_seed is not None and row.device_seed != row.token_seed:
        raise InvalidToken("This device was signed out; sign in again")
    now = now_ts()
    if row.expires_at is not None and row.expires_at <= now:
        raise InvalidToken("Token has expired")
    if not row.is_active:
        raise InvalidToken("User account is inactive")
    principal = Principal(
        user_id=row.user_id,
        username=row.username,
        role=row.role,
        scopes=effective_scopes(row.role, frozenset(row.scopes.split())),
        kind="api",
        token_id=row.id,
        timezone=row.timezone,
        client="cli" if row.name.startswith(CLI_TOKEN) else "",
        seen=reach.load(session, row.user_id, row.role),
        projects=reach.projects(session, row.user_id, row.role),
    )
    stale = row.last_used_at is None or row.last_used_at < now - 60
    return Authenticated(principal, stale)


def touch(session: Session, token_id: int) -> None:
    repository.touch(session, token_id, now_ts())


def list_tokens(
    session: Session, page: Page, user_id: int | None, include_revoked: bool = False
) -> tuple[list[tuple[ApiToken, str, str]], int]:
    return repository.list_page(session, page, user_id, include_revoked)


def get_visible(session: Session, principal: Principal | None, token_id: int) -> ApiToken:
    """A token the caller may manage: admins any, others their own; otherwise 404."""
    token = repository.get(session, token_id)
    if token is None or (
        principal is not None and not principal.is_admin and token.user_id != principal.user_id
    ):
        raise NotFound("Token not found")
    return token


def revoke(
    session: Session, principal: Principal | None, token_id: int, address: str = "", via: str | None = None
) -> ApiToken:
    """Revoke a token the caller may manage (``principal`` None: the server's command line), audited
    as ``token.revoked``; revoking a revoked token again changes nothing."""
    token = get_visible(session, principal, token_id)
    if _revoke(session, token):
        detail = {"token_id": token.id, "name": token.name, **({"via": via} if via else {})}
        actor = principal.user_id if principal else None
        audit_service.record(
            session,
            "token.revoked",
            actor_id=actor,
            target_user_id=token.user_id,
            address=address,
            detail=detail,
        )
    return token


def _revoke(session: Session, token: ApiToken) -> bool:
    if token.revoked_at is not None:
        return False
    token.revoked_at = now_ts()
    after_commit(session, auth_cache.revoke_all)
    event_service.revoked(session, token.user_id)
    session.flush()
    return True


def live_devices(session: Session, user_id: int) -> list[dict[str, Any]]:
    """The user's signed-in devices (their device tokens in force), newest first."""
    return [to_dict(token) for token in repository.live_devices(session, user_id, now_ts())]


def end_device(session: Session, user_id: int, token_id: int) -> bool:
    """Sign one of the user's devices out (revoke its device token); False if there is none."""
    token = repository.get(session, token_id)
    if token is None or token.user_id != user_id or token.device_seed is None:
        return False
    return _revoke(session, token)


def scopes_for(role: str) -> list[dict[str, str]]:
    """The scopes a token of someone with ``role`` may hold, in the table's order."""
    allowed = ROLE_SCOPES.get(role, frozenset())
    return [{"scope": name, "description": text} for name, text in SCOPES.items() if name in allowed]


def check_can_manage_for(principal: Principal, user_id: int) -> None:
    if user_id != principal.user_id and not principal.is_admin:
        raise Forbidden("Only administrators manage other users' tokens")


# Dict-returning wrappers used by the HTTP layer.


def create_for(
    session: Session,
    principal: Principal | None,
    user_id: int | None,
    data: dict[str, Any],
    address: str = "",
    via: str | None = None,
) -> tuple[dict[str, Any], str]:
    """A token for ``user_id`` (default: the caller), audited as ``token.created`` (``principal``
    None: the server's command line, for any user)."""
    target = user_id or (principal.user_id if principal else None)
    if target is None:
        raise ValidationFailed("Whose token is it? Name a user")
    if principal is not None:
        check_can_manage_for(principal, target)
    user = user_service.get(session, target)
    token, raw = create(
        session, user, data["name"], data["scopes"], data.get("description", ""), data.get("expires_in_days")
    )
    detail = {
        "token_id": token.id,
        "name": token.name,
        "scopes": token.scopes.split(),
        "expires_at": iso(token.expires_at),
    }
    if via:
        detail["via"] = via
    actor = principal.user_id if principal else None
    audit_service.record(
        session, "token.created", actor_id=actor, target_user_id=user.id, address=address, detail=detail
    )
    return to_dict(token, user.username), raw


def list_dicts(
    session: Session, principal: Principal, page: Page, user_id: int | None, include_revoked: bool
) -> tuple[list[dict[str, Any]], int]:
    if not principal.is_admin:
        if user_id is not None and user_id != principal.user_id:
            raise Forbidden("Only administrators see other users' tokens")
        user_id = principal.user_id
    rows, total = list_tokens(session, page, user_id, include_revoked)
    return [to_dict(t, name, seed) for t, name, seed in rows], total


def _owned_dict(session: Session, token: ApiToken) -> dict[str, Any]:
    # The same shape as in the list: a single token names its owner too.
    user = user_service.get(session, token.user_id)
    return to_dict(token, user.username, user.token_seed)


def get_dict(session: Session, principal: Principal, token_id: int) -> dict[str, Any]:
    return _owned_dict(session, get_visible(session, principal, token_id))


def revoke_dict(session: Session, principal: Principal, token_id: int, address: str = "") -> dict[str, Any]:
    return _owned_dict(session, revoke(session, principal, token_id, address))
