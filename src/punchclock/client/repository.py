from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from punchclock.kit.pagination import Page
from punchclock.models import Client, Project


def get(session: Session, client_id: int) -> Client | None:
    return session.get(Client, client_id)


def get_by_name(session: Session, name: str) -> Client | None:
    return session.scalars(select(Client).where(Client.name == name)).first()


def list_page(session: Session, page: Page, status: str | None) -> tuple[list[Client], int]:
    query = select(Client)
    if status:
        query = query.where(Client.status == status)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(Client.name).offset(page.offset).limit(page.per_page)).all()
    return list(rows), total


def add(session: Session, client: Client) -> Client:
    session.add(client)
    session.flush()
    return client


def project_count(session: Session, client_id: int) -> int:
    return session.scalar(select(func.count()).where(Project.client_id == client_id)) or 0


def delete(session: Session, client: Client) -> None:
    session.delete(client)
    session.flush()
