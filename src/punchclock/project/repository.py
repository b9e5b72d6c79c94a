from __future__ import annotations

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from punchclock.kit.pagination import Page
from punchclock.models import Client, Project

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
    session: Session, page: Page, status: str | None, client_id: int | None, search: str | None
) -> tuple[list[Row], int]:
    query = _base()
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
