"""Password sign-in (web sessions, devices) with the second factor; signing out everywhere."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from punchclock.audit import service as audit_service
from punchclock.auth.passwords import verify_password
from punchclock.errors import Forbidden, Unauthorized, ValidationFailed
from punchclock.identity import service as identity_service
from punchclock.models import User
from punchclock.token import service as token_service
from punchclock.twofactor import service as twofactor_service
from punchclock.twofactor.service import AFTER_THE_PASSWORD
from punchclock.user import service as user_service

BAD_LOGIN = "Invalid username or password"


def password_allowed(username: str, enabled: bool, break_glass: str | None) -> None:
    """Refuse a password sign-in when password sign-in is off (``password_signin``), unless it is
    for the one break-glass administrator (``password_signin_admin``).

    Decided on the name alone, before any lookup: the answer is the same for every other name,
    whether an account has it or not. Every password path calls it (web, devices, TimeTagger).
    """
    if enabled:
        return
    if break_glass and username.strip().lower() == break_glass.strip().lower():
        return
    raise Forbidden("Password sign-in is turned off; sign in with single sign-on", code="password_signin_off")


def _account(session: Session, username: str, password: str) -> tuple[User | None, str | None]:
    """The account named ``username`` and why a sign-in with ``password`` is refused (None: it is
    not). The same work is done whichever it is: the caller answers every refusal alike."""
    try:
        name = user_service.normalize_username(username)
    except ValidationFailed:
        name = None
    user = user_service.get_by_username(session, name) if name else None
    ok = verify_password(user.password_hash if user else None, password)
    if user is None:
        return None, "unknown_user"
    if not ok:
        return user, "wrong_password"
    return user, None if user.is_active else "disabled"


def _verified(
    session: Session,
    username: str,
    password: str,
    totp_code: str | None,
    recovery_code: str | None,
    *,
    kind: str,
    address: str,
) -> tuple[User, str]:
    """The active account with these credentials and the sign-in method (password, totp, recovery).

    A wrong name, a wrong password and a disabled account answer alike; the audit log alone says
    which it was. A refusal is audited as ``auth.sign_in_failed``, kept though it rolls the
    transaction back; an answer that asks for the second factor next is no failure.
    """
    user, reason = _account(session, username, password)
    try:
        if user is None or reason is not None:
            raise Unauthorized(BAD_LOGIN, code="bad_credentials")
        method = twofactor_service.second_factor(
            session, user, totp_code, recovery_code, web=kind == "session"
        )
    except Unauthorized as exc:
        if exc.code not in AFTER_THE_PASSWORD:
            why = reason or exc.code
            audit_service.sign_in_failed(session, username, kind=kind, reason=why, address=address)
        raise
    return user, method


def check_sign_in(
    session: Session,
    username: str,
    password: str,
    totp_code: str | None,
    recovery_code: str | None,
    *,
    kind: str = "timetagger",
    client: str = "",
    address: str = "",
) -> User:
    """The account of a device's or a TimeTagger client's sign-in: the password, then the second
    factor if it has one (a device cannot enrol one: see twofactor.service.second_factor).
    Audited either way."""
    user, method = _verified(
        session, username, password, totp_code, recovery_code, kind=kind, address=address
    )
    audit_service.signed_in(session, user.id, kind=kind, method=method, client=client, address=address)
    return user


def login(
    session: Session,
    username: str,
    password: str,
    secret: str,
    ttl: int,
    client: str,
    address: str,
    totp_code: str | None = None,
    recovery_code: str | None = None,
) -> dict[str, Any]:
    """Sign in: a new web session, its token and the account (identity.service audits it)."""
    codes = (totp_code, recovery_code)
    user, method = _verified(session, username, password, *codes, kind="session", address=address)
    return identity_service.start(
        session, user, method=method, client=client, address=address, secret=secret, ttl=ttl
    )


def device_login(
    session: Session,
    username: str,
    password: str,
    device: str,
    days: int,
    scopes: list[str] | None = None,
    totp_code: str | None = None,
    recovery_code: str | None = None,
    address: str = "",
) -> dict[str, Any]:
    """Sign a device in: a new device token (see token.service.sign_in_device) and the account."""
    codes = (totp_code, recovery_code)
    user = check_sign_in(session, username, password, *codes, kind="device", client=device, address=address)
    token, raw = token_service.sign_in_device(session, user, device, days, scopes)
    return {
        "token": raw,
        "token_type": "bearer",
        "expires_at": token.expires_at,
        "user": user_service.to_dict(user),
        "api_token": token_service.to_dict(token, user.username, user.token_seed),
    }


def logout_all(session: Session, user_id: int, address: str = "") -> None:
    """End every web session and device of the user (their token seed rotates); audited."""
    user_service.rotate_seed(session, user_id)
    audit_service.record(
        session, "auth.signed_out_everywhere", actor_id=user_id, target_user_id=user_id, address=address
    )
