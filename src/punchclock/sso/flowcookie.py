"""The short-lived cookie that ties a single sign-on to the browser that began it.

Notes:
It holds the flow's ``state``, ``nonce`` and PKCE verifier, signed (HMAC-SHA256 under a key derived
from the server secret) so that nobody can forge or alter it, and is sent back only to the callback
(its path), top-level navigations included (SameSite=Lax: the provider redirects the browser back
from another site). A callback whose ``state`` is not the one in this browser's cookie is refused,
so a sign-in begun elsewhere cannot be finished in this browser (login CSRF). The cookie is not
what makes a state single-use: the server keeps each state until it is used once (sso.service).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from typing import Any

import orjson

NAME = "pc_sso"
SECONDS = 600


def _key(secret: str) -> bytes:
    return hashlib.sha256(b"punchclock-sso-flow:" + secret.encode("utf-8")).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def encode(secret: str, flow: dict[str, Any], now: float | None = None) -> str:
    body = _b64(orjson.dumps({**flow, "exp": int((now or time.time()) + SECONDS)}))
    mac = hmac.new(_key(secret), body.encode("ascii"), hashlib.sha256).digest()
    return f"{body}.{_b64(mac)}"


def decode(secret: str, value: str | None) -> dict[str, Any] | None:
    """The flow in a cookie, or None when it is missing, altered, malformed or expired."""
    if not value or len(value) > 4096 or value.count(".") != 1:
        return None
    body, mac = value.split(".")
    expected = hmac.new(_key(secret), body.encode("ascii", "replace"), hashlib.sha256).digest()
    try:
        if not hmac.compare_digest(_unb64(mac), expected):
            return None
        flow = orjson.loads(_unb64(body))
    except (ValueError, orjson.JSONDecodeError):
        return None
    if not isinstance(flow, dict) or not isinstance(flow.get("exp"), int) or flow["exp"] < time.time():
        return None
    return flow
