"""Accounts: creation, roles, passwords, disabling. Used by the API and the CLI alike."""

from __future__ import annotations

import re
import secrets
from collections.abc import Collection
from typing import Any

from sqlalchemy.orm import Session

from punchclock.approval import lockdate
from punchclock.audit import service as audit_service
from punchclock.auth import cache as auth_cache
from punchclock.auth.passwords import check_strength, hash_password, verify_password
from punchclock.db import after_commit
from punchclock.errors import BadRequest, Conflict, Forbidden, NotFound, ValidationFailed
from punchclock.event import service as event_service
from punchclock.kit.pagination import Page
from punchclock.kit.timeutil import is_valid_zone, iso, now_ts
from punchclock.models import User
from punchclock.models.user import ROLES
from punchclock.user import repository

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9_.@-]{0,63}$")


def new_seed() -> str:
    return secrets.token_urlsafe(24)


def normalize_username(username: str) -> str:
    name = username.strip().lower()
    if not _USERNAME.match(name):
        raise ValidationFailed(
            "Username must be 1-64 characters: letters, digits, '_', '.', '@' or '-', "
            "starting with a letter or digit"
        )
    return name


def to_dict(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "username": user.username,
        "display_name": user.display_name or user.username,
        "email": user.email,
        "role": user.role,
        "is_active": user.is_active,
        "timezone": user.timezone,
        "week_start": user.week_start,
        "created_at": iso(user.created_at),
        "updated_at": iso(user.updated_at),
    }


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise ValidationFailed(f"Role must be one of: {', '.join(ROLES)}")


def _check_password(password: str) -> None:
    reason = check_strength(password)
    if reason:
        raise ValidationFailed(reason)


def create(
    session: Session,
    username: str,
    password: str,
    role: str = "member",
    display_name: str = "",
    email: str | None = None,
) -> User:
    name = normalize_username(username)
    _check_role(role)
    _check_password(password)
    if repository.get_by_username(session, name):
        raise Conflict(f"A user named '{name}' already exists", code="user_exists")
    now = now_ts()
    user = User(
        username=name,
        display_name=display_name,
        email=email,
        role=role,
        password_hash=hash_password(password),
        is_active=True,
        token_seed=new_seed(),
        timezone="UTC",
        week_start=0,
        created_at=now,
        updated_at=now,
    )
    repository.add(session, user)
    lockdate.user_joined(session, user.id, user.timezone)
    return user


def add_account(
    session: Session,
    fields: dict[str, Any],
    *,
    actor_id: int | None,
    address: str = "",
    via: str | None = None,
) -> User:
    """``create(**fields)`` for an administrator (the API, the command line) or a sign-in proxy,
    audited as ``user.created``. (Invitations and single sign-on audit their own creations.)"""
    user = create(session, **fields)
    detail = {"username": user.username, "role": user.role, **({"via": via} if via else {})}
    audit_service.record(
        session, "user.created", actor_id=actor_id, target_user_id=user.id, address=address, detail=detail
    )
    return user


def get(session: Session, user_id: int) -> User:
    user = repository.get(session, user_id)
    if user is None:
        raise NotFound("User not found")
    return user


def find(session: Session, user_id: int) -> User | None:
    return repository.get(session, user_id)


def get_by_username(session: Session, username: str) -> User | None:
    return repository.get_by_username(session, username.strip().lower())


def require_by_username(session: Session, username: str) -> User:
    user = get_by_username(session, username)
    if user is None:
        raise NotFound(f"No user named '{username}'")
    return user


def list_users(
    session: Session,
    page: Page,
    active: bool | None = None,
    role: str | None = None,
    among: Collection[int] | None = None,
) -> tuple[list[User], int]:
    """Users by name; ``among``: only these (a team lead's reach), None: everyone."""
    return repository.list_page(session, page, active, role, among)


def count(session: Session) -> int:
    return repository.count(session)


def update(session: Session, user: User, changes: dict[str, Any]) -> User:
    """Apply already-validated changes (exclude_unset). Password and role changes rotate the seed."""
    if "role" in changes:
        _check_role(changes["role"])
    if changes.get("timezone") is not None and not is_valid_zone(changes["timezone"]):
        raise ValidationFailed(f"Unknown time zone '{changes['timezone']}'")
    for field in ("display_name", "email", "timezone", "week_start", "role", "is_active"):
        if field in changes:
            value = changes[field]
            if value is None and field not in ("email",):
                raise ValidationFailed(f"'{field}' cannot be null")
            setattr(user, field, value)
    if changes.get("password") is not None:
        _check_password(changes["password"])
        user.password_hash = hash_password(changes["password"])
    if {"password", "role"} & changes.keys() or changes.get("is_active") is False:
        # Sign the user out everywhere: a demoted or disabled account keeps no old web session.
        user.token_seed = new_seed()
    user.updated_at = now_ts()
    session.flush()
    if changes.get("timezone") is not None:
        lockdate.rezone(session, user.id, user.timezone)
    # Cached principals carry role, scopes and time zone: drop them once this commits.
    after_commit(session, auth_cache.revoke_all)
    event_service.revoked(session, user.id)  # open sockets re-check their rights
    return user


PROFILE = ("display_name", "email", "timezone", "week_start")


def change(
    session: Session,
    user: User,
    changes: dict[str, Any],
    *,
    actor_id: int | None,
    address: str = "",
    via: str | None = None,
) -> User:
    """``update``, audited: ``user.role_changed``, ``user.disabled``/``user.enabled``,
    ``user.password_changed`` (that it changed, nothing of it) and ``user.updated`` (the profile
    fields, old and new values). ``via`` "cli" marks the server's command line (no actor)."""
    before = {field: getattr(user, field) for field in (*PROFILE, "role", "is_active")}
    update(session, user, changes)

    def log(action: str, detail: dict[str, Any] | None = None) -> None:
        detail = {**(detail or {}), **({"via": via} if via else {})}
        audit_service.record(
            session, action, actor_id=actor_id, target_user_id=user.id, address=address, detail=detail
        )

    if before["role"] != user.role:
        log("user.role_changed", {"from": before["role"], "to": user.role})
    if before["is_active"] != user.is_active:
        log("user.enabled" if user.is_active else "user.disabled")
    if changes.get("password") is not None:
        log("user.password_changed")
    profile = {
        f: {"from": before[f], "to": getattr(user, f)} for f in PROFILE if before[f] != getattr(user, f)
    }
    if profile:
        log("user.updated", {"changes": profile})
    return user


def set_password(session: Session, user: User, password: str) -> User:
    return update(session, user, {"password": password})


def disable(session: Session, user: User) -> User:
    return update(session, user, {"is_active": False})


def rotate_seed(session: Session, user_id: int) -> None:
    repository.set_seed(session, user_id, new_seed(), now_ts())
    after_commit(session, auth_cache.revoke_all)
    event_service.revoked(session, user_id)


def bootstrap_admin(session: Session, password: str | None) -> User | None:
    """First start: with no account at all and a configured password, create ``admin``.

    Call it under ``Database.setup_lock`` so instances starting together create it once.
    """
    if not password or repository.count(session) > 0:
        return None
    return create(session, "admin", password, role="admin", display_name="Administrator")


# Dict-returning wrappers used by the HTTP layer (one call, one transaction).


def get_dict(session: Session, user_id: int) -> dict[str, Any]:
    return to_dict(get(session, user_id))


def list_dicts(
    session: Session, page: Page, active: bool | None, role: str | None, among: Collection[int] | None = None
) -> tuple[list[dict[str, Any]], int]:
    users, total = list_users(session, page, active, role, among)
    return [to_dict(u) for u in users], total


def create_dict(session: Session, data: dict[str, Any], actor_id: int, address: str = "") -> dict[str, Any]:
    return to_dict(add_account(session, data, actor_id=actor_id, address=address))


def update_dict(
    session: Session, user_id: int, changes: dict[str, Any], actor_id: int, address: str = ""
) -> dict[str, Any]:
    """Update an account (one's own, or anyone's for an administrator), audited; an administrator
    cannot demote or disable themselves."""
    if user_id == actor_id and (changes.get("role", "admin") != "admin" or changes.get("is_active") is False):
        raise Forbidden("Administrators cannot demote or disable themselves", code="self_lockout")
    return to_dict(change(session, get(session, user_id), changes, actor_id=actor_id, address=address))


def change_own_password_by_id(
    session: Session, user_id: int, current: str, new: str, address: str = ""
) -> None:
    user = get(session, user_id)
    if not verify_password(user.password_hash, current):
        raise BadRequest("The current password is not correct", code="wrong_password")
    change(session, user, {"password": new}, actor_id=user_id, address=address)
