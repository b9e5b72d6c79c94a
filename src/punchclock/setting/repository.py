"""Server-wide settings: rows of ``server_settings``, JSON text under a key (``workspace.*`` here;
other features keep theirs through setting.service: the webhook pause, the two-factor policy)."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from punchclock.models import ServerSetting


def get(session: Session, key: str) -> str | None:
    return session.scalar(select(ServerSetting.value).where(ServerSetting.key == key))


def get_many(session: Session, keys: Collection[str]) -> dict[str, str]:
    query = select(ServerSetting.key, ServerSetting.value).where(ServerSetting.key.in_(list(keys)))
    return {k: v for k, v in session.execute(query)}  # noqa: C416


def put(session: Session, key: str, value: str, now: int) -> None:
    row = session.get(ServerSetting, key)
    if row is None:
        session.add(ServerSetting(key=key, value=value, updated_at=now))
    else:
        row.value, row.updated_at = value, now
    session.flush()


def drop(session: Session, key: str) -> bool:
    result = session.execute(delete(ServerSetting).where(ServerSetting.key == key))
    return bool(result.rowcount)  # type: ignore[attr-defined]
