"""Random secrets and their one-way digests."""

from __future__ import annotations

import hashlib
import secrets
import string

_ALPHABET = string.ascii_letters + string.digits


def random_string(length: int) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def sha256_hex(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def deployment_id(server_secret: str) -> str:
    """A name for one deployment in shared services (Redis keys and channels).

    Its instances share the server secret, other deployments on the same Redis do not, so their
    counters and events never mix. The secret itself is not revealed (one-way, truncated digest).
    """
    return hashlib.sha256(b"punchclock-deployment:" + server_secret.encode("utf-8")).hexdigest()[:16]
