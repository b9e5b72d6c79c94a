"""Queries of the second factor: the TOTP row, recovery codes and the workspace policy setting.

Notes:
Using a code is a compare-and-set: the row changes only if the code's step is later than the last one
used (or the recovery code is still unused), and the caller learns whether it did. Two requests
racing with one code both read the row, but only one update matches; the other is a replay.
"""

from __future__ import annotations

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from punchclock.models import RecoveryCode, UserTotp


def get(session: Session, user_id: int) -> UserTotp | None:
    return session.get(UserTotp, user_id)


def confirmed(session: Session, user_id: int) -> UserTotp | None:
    query = select(UserTotp).where(UserTotp.user_id == user_id, UserTotp.confirmed_at.is_not(None))
    return session.scalar(query)


def start(session: Session, user_id: int, secret: str, now: int) -> UserTotp:
    """A fresh, unconfirmed secret for the user (any earlier unconfirmed one is dropped)."""
    session.execute(delete(UserTotp).where(UserTotp.user_id == user_id, UserTotp.confirmed_at.is_(None)))
    row = UserTotp(user_id=user_id, secret=secret, confirmed_at=None, last_step=None, created_at=now)
    session.add(row)
    session.flush()
    return row


def use_step(session: Session, user_id: int, step: int, confirm_at: int | None = None) -> bool:
    """Record ``step`` as used, if it is later than the last; with ``confirm_at``, confirm an
    enrolment in the same statement (only an unconfirmed one). Whether the row changed."""
    statement = update(UserTotp).where(
        UserTotp.user_id == user_id, or_(UserTotp.last_step.is_(None), UserTotp.last_step < step)
    )
    if confirm_at is None:
        statement = statement.where(UserTotp.confirmed_at.is_not(None)).values(last_step=step)
    else:
        statement = statement.where(UserTotp.confirmed_at.is_(None)).values(
            last_step=step, confirmed_at=confirm_at
        )
    return bool(session.execute(statement).rowcount)  # type: ignore[attr-defined]


def remove(session: Session, user_id: int) -> bool:
    """Forget the user's secret and recovery codes; whether there was a secret."""
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    result = session.execute(delete(UserTotp).where(UserTotp.user_id == user_id))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def replace_codes(session: Session, user_id: int, digests: list[str], now: int) -> None:
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    session.add_all(RecoveryCode(user_id=user_id, code_hash=d, used_at=None, created_at=now) for d in digests)
    session.flush()


def use_code(session: Session, user_id: int, digest: str, now: int) -> bool:
    """Mark an unused recovery code of the user as used; whether one was."""
    statement = (
        update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user_id, RecoveryCode.code_hash == digest, RecoveryCode.used_at.is_(None)
        )
        .values(used_at=now)
    )
    return bool(session.execute(statement).rowcount)  # type: ignore[attr-defined]


def codes_left(session: Session, user_id: int) -> int:
    query = select(func.count()).where(RecoveryCode.user_id == user_id, RecoveryCode.used_at.is_(None))
    return session.scalar(query) or 0


def enrolled_ids(session: Session) -> list[int]:
    query = select(UserTotp.user_id).where(UserTotp.confirmed_at.is_not(None)).order_by(UserTotp.user_id)
    return list(session.scalars(query))
