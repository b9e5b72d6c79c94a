"""Web tokens: short-lived JWTs bound to the user's token seed (TimeTagger's revocation scheme)."""

from __future__ import annotations

import time
from typing import Any

import jwt

from punchclock.kit.ids import parse_id

ALGORITHM = "HS256"


class BadWebToken(Exception):
    pass


def encode(secret: str, user_id: int, username: str, seed: str, ttl: int, session_id: int) -> tuple[str, int]:
    now = int(time.time())
    exp = now + ttl
    payload = {
        "sub": str(user_id),
        "sid": session_id,
        "usr": username,
        "seed": seed,
        "typ": "web",
        "iat": now,
        "exp": exp,
    }
    return jwt.encode(payload, secret, algorithm=ALGORITHM), exp


def decode(secret: str, token: str) -> dict[str, Any]:
    try:
        payload = jwt.decode(
            token, secret, algorithms=[ALGORITHM], options={"require": ["exp", "sub", "seed", "sid"]}
        )
    except jwt.ExpiredSignatureError as exc:
        raise BadWebToken("Token has expired") from exc
    except jwt.PyJWTError as exc:
        raise BadWebToken("The provided token is invalid") from exc
    sid = payload.get("sid")
    bad_sid = not isinstance(sid, int) or isinstance(sid, bool) or not 0 < sid < 2**63
    if payload.get("typ") != "web" or parse_id(str(payload.get("sub", ""))) is None or bad_sid:
        raise BadWebToken("The provided token is invalid")
    return payload
