"""Export queries: entries page by page in (start, id) order, and what an account refers to."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Row, select, text
from sqlalchemy.orm import Session

from punchclock.models import ApiToken, Client, Project, Task, TimeEntry, User, UserSetting
from punchclock.models.project import effective_hourly_rate
from punchclock.models.timesheet_period import approved_time

COLUMNS = (
    TimeEntry.id,
    TimeEntry.sync_key,
    User.username,
    TimeEntry.start_at,
    TimeEntry.end_at,
    TimeEntry.break_seconds,
    Project.name.label("project"),
    Client.name.label("client"),
    Task.name.label("task"),
    TimeEntry.notes,
    TimeEntry.tags,
    TimeEntry.billable,
    effective_hourly_rate().label("rate"),
)


@dataclass(frozen=True, slots=True)
class EntryScope:
    user_ids: tuple[int, ...] | None  # None: everyone
    start: int | None = None  # entries starting at or after
    end: int | None = None  # entries starting before
    project_id: int | None = None
    billable: bool | None = None
    approval: str | None = None  # approved | open (see report.grouped_repository.Scope)


def page_after(session: Session, scope: EntryScope, after: tuple[int, int], limit: int) -> list[Row]:
    """The next ``limit`` live entries after ``(start_at, id)``: keyset paging keeps each page cheap."""
    query = (
        select(*COLUMNS)
        .join(User, User.id == TimeEntry.user_id)
        .outerjoin(Project, Project.id == TimeEntry.project_id)
        .outerjoin(Client, Client.id == Project.client_id)
        .outerjoin(Task, Task.id == TimeEntry.task_id)
        .where(TimeEntry.deleted_at.is_(None))
        .where(
            (TimeEntry.start_at > after[0]) | ((TimeEntry.start_at == after[0]) & (TimeEntry.id > after[1]))
        )
    )
    if scope.user_ids is not None:
        query = query.where(TimeEntry.user_id.in_(scope.user_ids))
    if scope.start is not None:
        query = query.where(TimeEntry.start_at >= scope.start)
    if scope.end is not None:
        query = query.where(TimeEntry.start_at < scope.end)
    if scope.project_id is not None:
        query = query.where(TimeEntry.project_id == scope.project_id)
    if scope.billable is not None:
        query = query.where(TimeEntry.billable.is_(scope.billable))
    if scope.approval is not None:
        inside = approved_time(TimeEntry.user_id, TimeEntry.start_at)
        query = query.where(inside if scope.approval == "approved" else ~inside)
    query = query.order_by(TimeEntry.start_at, TimeEntry.id).limit(limit)
    return list(session.execute(query).all())


def referenced(session: Session, user_id: int) -> tuple[list[Row], list[Row], list[Row]]:
    """The clients, projects and tasks that a user's entries refer to."""
    used = select(TimeEntry.project_id).where(TimeEntry.user_id == user_id, TimeEntry.project_id.is_not(None))
    projects = session.execute(
        select(Project, Client.name.label("client"))
        .outerjoin(Client, Client.id == Project.client_id)
        .where(Project.id.in_(used.distinct()))
        .order_by(Project.id)
    ).all()
    client_ids = {p.Project.client_id for p in projects if p.Project.client_id is not None}
    clients = session.execute(select(Client).where(Client.id.in_(client_ids)).order_by(Client.id)).all()
    used_tasks = select(TimeEntry.task_id).where(TimeEntry.user_id == user_id, TimeEntry.task_id.is_not(None))
    tasks = session.execute(
        select(Task, Project.name.label("project"))
        .join(Project, Project.id == Task.project_id)
        .where(Task.id.in_(used_tasks.distinct()))
        .order_by(Task.id)
    ).all()
    return list(clients), list(projects), list(tasks)


def settings(session: Session, user_id: int) -> list[UserSetting]:
    return list(session.scalars(select(UserSetting).where(UserSetting.user_id == user_id)))


def tokens(session: Session, user_id: int) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id)))


def names(
    session: Session, project_ids: Sequence[int], task_ids: Sequence[int], visible: ColumnElement[bool]
) -> dict[str, list[str]]:
    """The names of some projects and tasks, by name; only of projects ``visible`` lets the caller see."""
    projects = select(Project.name).where(Project.id.in_(list(project_ids)), visible).order_by(Project.name)
    tasks = (
        select(Task.name)
        .join(Project, Project.id == Task.project_id)
        .where(Task.id.in_(list(task_ids)), visible)
        .order_by(Task.name)
    )
    return {
        "projects": list(session.scalars(projects)) if project_ids else [],
        "tasks": list(session.scalars(tasks)) if task_ids else [],
    }


def snapshot(session: Session) -> None:
    """Read everything that follows in this transaction from one view of the data. SQLite's reads
    always are; PostgreSQL's default gives each statement a fresh view. Before any other statement."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
