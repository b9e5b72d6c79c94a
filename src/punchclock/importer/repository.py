"""Lookups the entry importer matches names against: clients, projects, tasks and accounts, all of them."""

from __future__ import annotations

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from punchclock.models import Client, Project, Task, User


def clients(session: Session) -> list[Row]:
    return list(session.execute(select(Client.id, Client.name)).all())


def projects(session: Session) -> list[Row]:
    query = select(
        Project.id, Project.name, Project.client_id, Project.status, Project.billable, Project.is_private
    )
    return list(session.execute(query.order_by(Project.id)).all())


def tasks(session: Session) -> list[Row]:
    return list(session.execute(select(Task.id, Task.name, Task.project_id)).all())


def accounts(session: Session) -> list[Row]:
    query = select(User.id, User.username, User.display_name, User.email)
    return list(session.execute(query.order_by(User.id)).all())
