"""Webhook signatures: HMAC-SHA256 over "<timestamp>.<body>", sent as ``v1=<hex>``.

Receivers recompute the HMAC with their secret, compare in constant time, and reject a timestamp
older than a few minutes, so a captured delivery cannot be replayed later (README: Webhooks).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

SECRET_PREFIX = "whsec_"
TOLERANCE_SECONDS = 300


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def signature(secret: str, timestamp: int, body: str | bytes) -> str:
    data = body.encode() if isinstance(body, str) else body
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + data, hashlib.sha256)
    return "v1=" + mac.hexdigest()


def verify(secret: str, timestamp: str, body: bytes, header: str, now: float) -> bool:
    """What a receiver does: check the signature and the age of the timestamp."""
    try:
        ts = int(timestamp)
    except ValueError:
        return False
    if abs(now - ts) > TOLERANCE_SECONDS:
        return False
    expected = signature(secret, ts, body)
    return any(hmac.compare_digest(expected, part.strip()) for part in header.split(","))
