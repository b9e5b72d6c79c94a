from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Row, delete, exists, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from punchclock.kit.pagination import Page
from punchclock.models import Client, Project, ProjectMember, User

_COLUMNS = (Project, Client.name.label("client_name"))


def _base():
    return select(*_COLUMNS).outerjoin(Client, Client.id == Project.client_id)


def get(session: Session, project_id: int) -> Project | None:
    return session.get(Project, project_id)


def get_row(session: Session, project_id: int) -> Row | None:
    return session.execute(_base().where(Project.id == project_id)).first()


def get_by_tag(session: Session, tag: str) -> Project | None:
    return session.scalars(select(Project).where(Project.tag == tag)).first()


def list_page(
    session: Session,
    page: Page,
    status: str | None,
    client_id: int | None,
    search: str | None,
    visible: ColumnElement[bool] | None = None,
) -> tuple[list[Row], int]:
    query = _base()
    if visible is not None:
        query = query.where(visible)
    if status:
        query = query.where(Project.status == status)
    if client_id is not None:
        query = query.where(Project.client_id == client_id)
    if search:
        escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(Project.name.ilike(f"%{escaped}%", escape="\\"))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.execute(query.order_by(Project.name, Project.id).offset(page.offset).limit(page.per_page))
    return list(rows.all()), total


def add(session: Session, project: Project) -> Project:
    session.add(project)
    session.flush()
    return project


def _member(project_id: Any, user_id: int) -> ColumnElement[bool]:
    return exists().where(ProjectMember.project_id == project_id, ProjectMember.user_id == user_id)


def member_projects(session: Session, user_id: int) -> list[int]:
    """The projects ``user_id`` is a member of (public ones too: a list that takes effect once private)."""
    return list(session.scalars(select(ProjectMember.project_id).where(ProjectMember.user_id == user_id)))


def _sees_all(user_id: int) -> ColumnElement[bool]:
    return exists().where(User.id == user_id, User.role.in_(("manager", "admin")))


def trackable(user_id: int) -> ColumnElement[bool]:
    """SQL over ``projects``: the ones ``user_id`` may track on (public, a member's, or any for
    managers and admins)."""
    return ~Project.is_private | _member(Project.id, user_id) | _sees_all(user_id)


def private_trackable(session: Session, user_id: int) -> list[int]:
    return list(session.scalars(select(Project.id).where(Project.is_private, trackable(user_id))))


def may_track(session: Session, user_id: int, project_id: int) -> bool:
    """Whether ``user_id`` is a member of the project or a manager or admin (a private project's rule)."""
    return bool(session.scalar(select(_member(project_id, user_id) | _sees_all(user_id))))


def members(session: Session, project_id: int) -> list[Row]:
    query = (
        select(User.id, User.username, User.display_name, User.role, ProjectMember.created_at)
        .join(ProjectMember, ProjectMember.user_id == User.id)
        .where(ProjectMember.project_id == project_id)
        .order_by(func.lower(User.username), User.id)
    )
    return list(session.execute(query).all())


def add_member(session: Session, project_id: int, user_id: int, now: int) -> bool:
    """Add a member unless they are one; whether this call added them. Two racing adds add one."""
    make = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = (
        make(ProjectMember)
        .values(project_id=project_id, user_id=user_id, created_at=now)
        .on_conflict_do_nothing(index_elements=["project_id", "user_id"])
        .returning(ProjectMember.user_id)
    )
    return session.execute(statement).first() is not None


def remove_member(session: Session, project_id: int, user_id: int) -> bool:
    done = session.execute(
        delete(ProjectMember).where(ProjectMember.project_id == project_id, ProjectMember.user_id == user_id)
    )
    return bool(done.rowcount)  # type: ignore[attr-defined]
