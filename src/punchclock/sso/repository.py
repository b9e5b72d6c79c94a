from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from punchclock.models import SsoFlow, UserIdentity


def identity(session: Session, issuer: str, subject: str) -> UserIdentity | None:
    query = select(UserIdentity).where(UserIdentity.issuer == issuer, UserIdentity.subject == subject)
    return session.scalars(query).first()


def identities_of(session: Session, user_id: int) -> list[UserIdentity]:
    query = select(UserIdentity).where(UserIdentity.user_id == user_id).order_by(UserIdentity.id)
    return list(session.scalars(query))


def add_identity(session: Session, row: UserIdentity) -> UserIdentity:
    session.add(row)
    session.flush()
    return row


def remove_identity(session: Session, user_id: int, issuer: str, subject: str) -> int:
    statement = delete(UserIdentity).where(
        UserIdentity.user_id == user_id, UserIdentity.issuer == issuer, UserIdentity.subject == subject
    )
    return session.execute(statement).rowcount or 0  # type: ignore[attr-defined]


def add_flow(session: Session, row: SsoFlow) -> bool:
    """Add a flow row; False when its key is there already (the unique key decides, races too)."""
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        return False
    return True


def take_flow(session: Session, kind: str, key_hash: str, now: int) -> tuple[str | None] | None:
    """Delete a live flow row and return its payload; None when there is none (used or expired).

    One DELETE ... RETURNING: of two requests taking the same row at once, only one gets it.
    """
    statement = (
        delete(SsoFlow)
        .where(SsoFlow.kind == kind, SsoFlow.key_hash == key_hash, SsoFlow.expires_at > now)
        .returning(SsoFlow.payload)
    )
    row = session.execute(statement).first()
    return (row[0],) if row is not None else None


def purge_flows(session: Session, now: int) -> None:
    session.execute(delete(SsoFlow).where(SsoFlow.expires_at <= now))
