"""Time-based one-time passwords (RFC 6238, on HOTP of RFC 4226): the codes authenticator apps show.

Notes:
A code is HOTP of the number of 30-second steps since the Unix epoch, with HMAC-SHA1 and 6 digits,
the parameters every authenticator app assumes when the otpauth URI leaves them out. A code of the
step before or after the server's is accepted too (``WINDOW``), for clocks a little apart and codes
typed as they change. Which step matched is returned, so the caller can refuse a second use of it.
Pure functions: no clock of their own, no database.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from urllib.parse import quote, urlencode

STEP_SECONDS = 30
DIGITS = 6
WINDOW = 1
SECRET_BYTES = 20  # 160 bits, the size of an HMAC-SHA1 key that RFC 4226 recommends


def new_secret() -> str:
    """A random shared secret, base32 without padding (as authenticator apps read it)."""
    return base64.b32encode(secrets.token_bytes(SECRET_BYTES)).decode().rstrip("=")


def key_of(secret: str) -> bytes:
    """The key bytes of a base32 secret (case, spaces and missing padding forgiven)."""
    text = secret.replace(" ", "").upper()
    return base64.b32decode(text + "=" * (-len(text) % 8))


def hotp(key: bytes, counter: int, digits: int = DIGITS, digest: str = "sha1") -> str:
    """RFC 4226: HMAC of the 8-byte counter, dynamically truncated to ``digits`` decimal digits."""
    mac = hmac.new(key, counter.to_bytes(8, "big"), getattr(hashlib, digest)).digest()
    offset = mac[-1] & 0x0F
    number = int.from_bytes(mac[offset : offset + 4], "big") & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def step_at(unix_seconds: float) -> int:
    return int(unix_seconds // STEP_SECONDS)


def code_at(secret: str, step: int) -> str:
    return hotp(key_of(secret), step)


def matching_step(secret: str, code: str, unix_seconds: float, after: int | None = None) -> int | None:
    """The step whose code ``code`` is, within ``WINDOW`` steps of the time; None if none matches.

    Steps up to ``after`` (the last one used) do not count: a code is good once.
    """
    if len(code) != DIGITS or not (code.isascii() and code.isdigit()):
        return None
    key = key_of(secret)
    now = step_at(unix_seconds)
    found = None
    # Every candidate is compared, in constant time, so the answer's timing says nothing.
    for step in range(now - WINDOW, now + WINDOW + 1):
        same = hmac.compare_digest(hotp(key, step), code)
        if same and found is None and (after is None or step > after):
            found = step
    return found


def normalize(code: str) -> str:
    """A typed code without the spaces and dashes people add (``123 456``)."""
    return "".join(ch for ch in code if ch not in " -\t")


def uri(secret: str, account: str, issuer: str) -> str:
    """The ``otpauth://totp/`` URI an authenticator app scans (Google's Key Uri Format)."""
    label = quote(f"{issuer}:{account}", safe=":@")
    query = urlencode(
        {"secret": secret, "issuer": issuer, "algorithm": "SHA1", "digits": DIGITS, "period": STEP_SECONDS},
        quote_via=quote,
    )
    return f"otpauth://totp/{label}?{query}"
