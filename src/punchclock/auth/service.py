"""Password sign-in (web sessions, devices) with the second factor; signing out everywhere."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from punchclock.auth.passwords import verify_password
from punchclock.errors import Forbidden, Unauthorized, ValidationFailed
from punchclock.identity import service as identity_service
from punchclock.models import User
from punchclock.token import service as token_service
from punchclock.twofactor import service as twofactor_service
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


def check_credentials(session: Session, username: str, password: str) -> User:
    """The active account with these credentials.

    A wrong name, a wrong password and a disabled account answer alike, after the same work.
    """
    try:
        name = user_service.normalize_username(username)
    except ValidationFailed:
        name = None
    user = user_service.get_by_username(session, name) if name else None
    ok = verify_password(user.password_hash if user else None, password)
    if not ok or user is None or not user.is_active:
        raise Unauthorized(BAD_LOGIN, code="bad_credentials")
    return user


def check_sign_in(
    session: Session, username: str, password: str, totp_code: str | None, recovery_code: str | None
) -> User:
    """The account of a device's sign-in: the password, then the second factor if it has one
    (a device cannot enrol one: see twofactor.service.second_factor)."""
    user = check_credentials(session, username, password)
    twofactor_service.second_factor(session, user, totp_code, recovery_code, web=False)
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
    """Sign in: a new web session, its token and the account."""
    user = check_credentials(session, username, password)
    method = twofactor_service.second_factor(session, user, totp_code, recovery_code, web=True)
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
) -> dict[str, Any]:
    """Sign a device in: a new device token (see token.service.sign_in_device) and the account."""
    user = check_sign_in(session, username, password, totp_code, recovery_code)
    token, raw = token_service.sign_in_device(session, user, device, days, scopes)
    return {
        "token": raw,
        "token_type": "bearer",
        "expires_at": token.expires_at,
        "user": user_service.to_dict(user),
        "api_token": token_service.to_dict(token, user.username, user.token_seed),
    }


def logout_all(session: Session, user_id: int) -> None:
    user_service.rotate_seed(session, user_id)
