"""Queries of reminders: settings, who opted in, what is due, the notifications and their claims."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import case, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from punchclock.models import Notification, ReminderSetting, TimeEntry, User

N = Notification
S = ReminderSetting


def settings_of(session: Session, user_id: int) -> ReminderSetting | None:
    return session.get(S, user_id)


def add_settings(session: Session, row: ReminderSetting) -> None:
    session.add(row)
    session.flush()


def opted_in(session: Session) -> list[Any]:
    """(settings, timezone, email) of every active user with a reminder threshold set."""
    stmt = (
        select(S, User.timezone, User.email)
        .join(User, User.id == S.user_id)
        .where(User.is_active.is_(True))
        .where(
            S.long_timer_hours.is_not(None)
            | S.nothing_by_minute.is_not(None)
            | S.period_days.is_not(None)
            | S.absence_hours.is_not(None)
        )
    )
    return list(session.execute(stmt))


def running_timers(session: Session, user_ids: Collection[int]) -> list[Any]:
    """(user_id, id, start_at) of these users' running timers (paused ones too: they still run)."""
    e = TimeEntry
    stmt = select(e.user_id, e.id, e.start_at).where(
        e.user_id.in_(list(user_ids)), e.end_at.is_(None), e.deleted_at.is_(None)
    )
    return list(session.execute(stmt))


def tracked_between(session: Session, user_id: int, start_at: int, end_at: int) -> bool:
    """Whether the user has a live entry sharing time with [start_at, end_at)."""
    e = TimeEntry
    stmt = (
        select(e.id)
        .where(e.user_id == user_id, e.deleted_at.is_(None), e.start_at < end_at)
        .where(e.end_at.is_(None) | (e.end_at > start_at))
        .limit(1)
    )
    return session.execute(stmt).first() is not None


def insert_new(session: Session, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert notifications, skipping any whose (user, kind, key) exists; the ids of those inserted."""
    if not rows:
        return []
    make = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    stmt = (
        make(N)
        .values(list(rows))
        .on_conflict_do_nothing(index_elements=["user_id", "kind", "key"])
        .returning(N.id)
    )
    return list(session.scalars(stmt))


def listing(session: Session, user_id: int, unread: bool, limit: int) -> Sequence[Notification]:
    stmt = select(N).where(N.user_id == user_id)
    if unread:
        stmt = stmt.where(N.read_at.is_(None))
    return session.scalars(stmt.order_by(N.id.desc()).limit(limit)).all()


def unread_count(session: Session, user_id: int) -> int:
    stmt = select(func.count()).select_from(N).where(N.user_id == user_id, N.read_at.is_(None))
    return int(session.scalar(stmt) or 0)


def mark_read(session: Session, user_id: int, at: int, notification_id: int | None = None) -> int:
    """Mark one (or, with None, every) unread notification of the user read; how many changed."""
    stmt = update(N).where(N.user_id == user_id, N.read_at.is_(None)).values(read_at=at)
    if notification_id is not None:
        stmt = stmt.where(N.id == notification_id)
    return int(session.execute(stmt).rowcount or 0)  # type: ignore[attr-defined]


def get(session: Session, notification_id: int) -> Notification | None:
    return session.get(N, notification_id)


def claim_due(session: Session, now: float, limit: int, lease: float) -> list[Any]:
    """Lock up to ``limit`` notifications due for delivery for ``lease`` seconds and return them with
    what delivery needs: (notification, email, by_email, by_webhook), email None for a disabled user."""
    ids = session.scalars(
        select(N.id)
        .where(N.state != "done", N.deliver_after <= now, N.locked_until <= now)
        .order_by(N.deliver_after, N.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    if not ids:
        return []
    session.execute(
        update(N)
        .where(N.id.in_(ids))
        .values(state="sending", locked_until=now + lease, attempts=N.attempts + 1)
    )
    stmt = (
        select(N, case((User.is_active.is_(True), User.email)), S.by_email, S.by_webhook)
        .join(User, User.id == N.user_id)
        .outerjoin(S, S.user_id == N.user_id)
        .where(N.id.in_(ids))
        .order_by(N.id)
    )
    return list(session.execute(stmt))


def finish(session: Session, notification_id: int, mail: str) -> None:
    session.execute(
        update(N).where(N.id == notification_id).values(state="done", mail=mail, locked_until=0.0)
    )


def retry_later(session: Session, notification_id: int, at: float) -> None:
    """Give the claim back, due again at ``at`` (the mail server was unreachable)."""
    session.execute(update(N).where(N.id == notification_id).values(state="pending", locked_until=at))
