"""Remembered answers, keyed by (user, Idempotency-Key), kept for a day.

Notes:
The answer is stored in the same transaction as the change it reports, so either both exist or
neither does. Two copies of one request racing each other both miss the lookup; the second one's
insert of the same key fails, its whole transaction (its change included) rolls back, and it then
returns the first one's stored answer. Only successful answers are stored: a refused request
changed nothing, so retrying it simply runs it again.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from sqlalchemy.orm import Session

from punchclock.errors import BadRequest, Conflict
from punchclock.idempotency import repository
from punchclock.models import IdempotencyKey

TTL_SECONDS = 24 * 3600
MAX_KEY_LENGTH = 200


@dataclass(frozen=True, slots=True)
class Stored:
    status_code: int
    body: bytes


def fingerprint(method: str, path: str, body: bytes) -> str:
    return hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + body).hexdigest()


def check_key(key: str) -> str:
    key = key.strip()
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise BadRequest(
            f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} printable characters",
            code="invalid_idempotency_key",
        )
    return key


def lookup(session: Session, user_id: int, key: str, fp: str) -> Stored | None:
    row = repository.get(session, user_id, key)
    if row is None or row.created_at < time.time() - TTL_SECONDS:
        return None
    if row.fingerprint != fp:
        raise BadRequest(
            "This Idempotency-Key was used with a different request; use a new key for a new request",
            code="idempotency_key_reused",
        )
    return Stored(row.status_code, row.body.encode())


def remember(session: Session, user_id: int, key: str, fp: str, status_code: int, body: bytes) -> None:
    old = repository.get(session, user_id, key)
    if old is not None:
        if old.created_at >= time.time() - TTL_SECONDS:
            # A copy of this request committed first (SQLite runs writers one at a time, so this
            # one sees it here; PostgreSQL's unique key refuses the insert instead): roll back.
            raise Conflict("The request was already carried out", code="idempotency_race")
        session.delete(old)  # expired: make room for the new answer
        session.flush()
    repository.add(
        session,
        IdempotencyKey(
            user_id=user_id, key=key, fingerprint=fp, status_code=status_code, body=body.decode(),
            created_at=int(time.time()),
        ),
    )  # fmt: skip


def prune(session: Session) -> int:
    """Housekeeping: forget answers older than the TTL."""
    return repository.prune(session, int(time.time()) - TTL_SECONDS)
