from __future__ import annotations

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from punchclock.models import User, WebSession


def add(session: Session, row: WebSession) -> WebSession:
    session.add(row)
    session.flush()
    return row


def get(session: Session, session_id: int) -> WebSession | None:
    return session.get(WebSession, session_id)


def live_for(session: Session, user_id: int, now: int) -> list[WebSession]:
    query = (
        select(WebSession)
        .join(User, User.id == WebSession.user_id)
        .where(
            WebSession.user_id == user_id,
            WebSession.ended_at.is_(None),
            WebSession.expires_at > now,
            WebSession.seed == User.token_seed,
        )
        .order_by(WebSession.last_seen_at.desc(), WebSession.id.desc())
    )
    return list(session.scalars(query))


def touch(session: Session, session_id: int, now: int, expires_at: int, seed: str) -> None:
    statement = (
        update(WebSession)
        .where(WebSession.id == session_id)
        .values(last_seen_at=now, expires_at=expires_at, seed=seed)
    )
    session.execute(statement)


def end(session: Session, user_id: int, now: int, only: int) -> int:
    """End the user's session ``only`` if it is live; how many ended (0 or 1)."""
    statement = update(WebSession).where(
        WebSession.id == only, WebSession.user_id == user_id, WebSession.ended_at.is_(None)
    )
    return session.execute(statement.values(ended_at=now)).rowcount or 0  # type: ignore[attr-defined]


def purge(session: Session, before: int) -> None:
    """Forget sessions that ended or expired before ``before`` (kept a while for the list's sake)."""
    statement = delete(WebSession).where(or_(WebSession.ended_at < before, WebSession.expires_at < before))
    session.execute(statement)
