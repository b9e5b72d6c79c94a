from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from punchclock.kit.pagination import Page
from punchclock.models import User


def get(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def get_by_username(session: Session, username: str) -> User | None:
    return session.scalars(select(User).where(User.username == username)).first()


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(User)) or 0


def list_page(
    session: Session, page: Page, active: bool | None, role: str | None, among: Collection[int] | None
) -> tuple[list[User], int]:
    query = select(User)
    if among is not None:
        query = query.where(User.id.in_(among))
    if active is not None:
        query = query.where(User.is_active.is_(active))
    if role:
        query = query.where(User.role == role)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(User.username).offset(page.offset).limit(page.per_page)).all()
    return list(rows), total


def add(session: Session, user: User) -> User:
    session.add(user)
    session.flush()
    return user


def set_seed(session: Session, user_id: int, seed: str, now: int) -> None:
    session.execute(update(User).where(User.id == user_id).values(token_seed=seed, updated_at=now))
