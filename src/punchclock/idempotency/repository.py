from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.orm import Session

from punchclock.models import IdempotencyKey


def get(session: Session, user_id: int, key: str) -> IdempotencyKey | None:
    return session.get(IdempotencyKey, (user_id, key))


def add(session: Session, row: IdempotencyKey) -> None:
    session.add(row)
    session.flush()


def prune(session: Session, before: int) -> int:
    result = session.execute(delete(IdempotencyKey).where(IdempotencyKey.created_at < before))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
