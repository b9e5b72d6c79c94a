from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from punchclock.models import FavoriteProject


def list_for(session: Session, user_id: int) -> list[FavoriteProject]:
    query = select(FavoriteProject).where(FavoriteProject.user_id == user_id).order_by(FavoriteProject.id)
    return list(session.scalars(query))


def find(session: Session, user_id: int, project_id: int) -> FavoriteProject | None:
    query = select(FavoriteProject).where(
        FavoriteProject.user_id == user_id, FavoriteProject.project_id == project_id
    )
    return session.scalars(query).first()


def add(session: Session, user_id: int, project_id: int, now: int) -> bool:
    """Add the favourite unless it is there; whether this call added it. Two racing adds add one."""
    make = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = (
        make(FavoriteProject)
        .values(user_id=user_id, project_id=project_id, created_at=now)
        .on_conflict_do_nothing(index_elements=["user_id", "project_id"])
        .returning(FavoriteProject.id)
    )
    return session.execute(statement).first() is not None


def remove(session: Session, user_id: int, project_id: int) -> bool:
    statement = delete(FavoriteProject).where(
        FavoriteProject.user_id == user_id, FavoriteProject.project_id == project_id
    )
    return bool(session.execute(statement).rowcount)  # type: ignore[attr-defined]
