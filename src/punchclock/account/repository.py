from __future__ import annotations

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from punchclock.models import MailToken, User


def add(session: Session, row: MailToken) -> MailToken:
    session.add(row)
    session.flush()
    return row


def by_hash(session: Session, token_hash: str) -> MailToken | None:
    return session.scalars(select(MailToken).where(MailToken.token_hash == token_hash)).first()


def get(session: Session, token_id: int) -> MailToken | None:
    return session.get(MailToken, token_id)


def claim(session: Session, token_id: int, now: int, user_id: int | None = None) -> bool:
    """Mark a link used unless it already is: of two requests racing with one link, one wins."""
    values: dict[str, object] = {"used_at": now}
    if user_id is not None:
        values["user_id"] = user_id
    result = session.execute(
        update(MailToken)
        .where(MailToken.id == token_id, MailToken.used_at.is_(None))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def drop_resets(session: Session, user_id: int) -> None:
    """Forget every unused reset link of an account (its password was just set)."""
    session.execute(
        delete(MailToken).where(
            MailToken.purpose == "reset", MailToken.user_id == user_id, MailToken.used_at.is_(None)
        )
    )


def pending_invitations(session: Session, now: int) -> list[tuple[MailToken, str | None]]:
    """Unused, unexpired invitations, newest first, with the inviting admin's username."""
    query = (
        select(MailToken, User.username)
        .outerjoin(User, User.id == MailToken.created_by)
        .where(MailToken.purpose == "invite", MailToken.used_at.is_(None), MailToken.expires_at > now)
        .order_by(MailToken.id.desc())
    )
    return [(row, name) for row, name in session.execute(query).all()]


def delete_row(session: Session, row: MailToken) -> None:
    session.delete(row)
    session.flush()


def users_by_login(session: Session, login: str) -> list[User]:
    """Active accounts named ``login`` or, failing that, whose e-mail address it is (any case)."""
    name = login.strip().lower()
    by_name = session.scalars(select(User).where(User.username == name, User.is_active.is_(True))).all()
    if by_name:
        return list(by_name)
    query = select(User).where(func.lower(User.email) == name, User.is_active.is_(True)).order_by(User.id)
    return list(session.scalars(query.limit(5)))


def email_taken(session: Session, email: str) -> bool:
    query = select(func.count()).select_from(User).where(func.lower(User.email) == email.strip().lower())
    return bool(session.scalar(query))


def purge(session: Session, before: int) -> None:
    """Drop links that expired before ``before`` (used ones too: the audit log keeps the story)."""
    session.execute(delete(MailToken).where(MailToken.expires_at < before))
