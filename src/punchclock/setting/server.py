"""Server-wide settings, the one store every feature keeps its keys in (the workspace's currency,
the webhook pause, the two-factor policy): stored text under a key.

Notes: a service module of its own, importing nothing but the repository, so that the webhook
sender and two-factor sign-in can use it without setting.service's imports (sync, audit) making
an import cycle.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy.orm import Session

from punchclock.kit.timeutil import now_ts
from punchclock.setting import repository


def value(session: Session, key: str) -> str | None:
    return repository.get(session, key)


def values(session: Session, keys: Collection[str]) -> dict[str, str]:
    """The stored text of those of ``keys`` that have any, in one read."""
    return repository.get_many(session, keys)


def put(session: Session, key: str, text: str) -> None:
    repository.put(session, key, text, now_ts())


def drop(session: Session, key: str) -> bool:
    return repository.drop(session, key)
