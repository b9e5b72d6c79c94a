"""Codes of a user's authenticator app, read from the stored secret, and sign-in bodies."""

from __future__ import annotations

import time
from typing import Any

from punchclock.models import UserTotp
from punchclock.twofactor import totp

V1 = "/api/v1"
SESSION = f"{V1}/auth/session"
DEVICE = f"{V1}/auth/login"
PASSWORD = "password123"


def code(db: Any, user_id: int, offset: int = 0) -> str:
    """The code the app shows now (or ``offset`` steps away); unlike api.totp_code, the step last
    used stays as it is, so replays are refused."""
    secret = db.call(lambda s: s.get(UserTotp, user_id).secret, write=False)
    return totp.code_at(secret, totp.step_at(time.time()) + offset)


def last_step(db: Any, user_id: int) -> int | None:
    return db.call(lambda s: s.get(UserTotp, user_id).last_step, write=False)


def sign_in(api: Any, user: Any, url: str = SESSION, **extra: Any) -> Any:
    return api.post(url, json={"username": user.username, "password": PASSWORD, **extra})


def web(api: Any, user: Any) -> dict[str, str]:
    """A web session of an enrolled user, with a fresh code."""
    return api.login(user.username)
