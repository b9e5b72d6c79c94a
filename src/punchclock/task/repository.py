from __future__ import annotations

from sqlalchemy import ColumnElement, Row, case, func, select
from sqlalchemy.orm import Session

from punchclock.kit.pagination import Page
from punchclock.models import Project, Task, TimeEntry

_PRIORITY_RANK = case({"urgent": 4, "high": 3, "medium": 2, "low": 1}, value=Task.priority, else_=0)


def _base():
    return select(Task, Project.name.label("project_name")).join(Project, Project.id == Task.project_id)


def get(session: Session, task_id: int) -> Task | None:
    return session.get(Task, task_id)


def get_row(session: Session, task_id: int, visible: ColumnElement[bool] | None = None) -> Row | None:
    query = _base().where(Task.id == task_id)
    return session.execute(query if visible is None else query.where(visible)).first()


def list_page(
    session: Session,
    page: Page,
    project_id: int | None,
    status: str | None,
    visible: ColumnElement[bool] | None = None,
) -> tuple[list[Row], int]:
    query = _base() if visible is None else _base().where(visible)
    if project_id is not None:
        query = query.where(Task.project_id == project_id)
    if status in ("active", "open"):  # still to work on, as TimeTracker's clients ask
        query = query.where(Task.status.not_in(("done", "cancelled")))
    elif status:
        query = query.where(Task.status == status)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    ordered = query.order_by(_PRIORITY_RANK.desc(), Task.name, Task.id)
    return list(session.execute(ordered.offset(page.offset).limit(page.per_page)).all()), total


def add(session: Session, task: Task) -> Task:
    session.add(task)
    session.flush()
    return task


def has_entries(session: Session, task_id: int) -> bool:
    return session.scalar(select(TimeEntry.id).where(TimeEntry.task_id == task_id).limit(1)) is not None


def delete(session: Session, task: Task) -> None:
    session.delete(task)
    session.flush()
