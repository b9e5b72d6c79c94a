"""Tasks within projects."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Row
from sqlalchemy.orm import Session

from punchclock.approval import lock
from punchclock.errors import Conflict, NotFound, ValidationFailed
from punchclock.event.service import emit
from punchclock.kit.pagination import Page
from punchclock.kit.timeutil import iso, now_ts
from punchclock.models import Task
from punchclock.project import service as project_service
from punchclock.project import visibility
from punchclock.task import repository

PRIORITY_NAMES = {1: "low", 2: "medium", 3: "high", 4: "urgent"}
PRIORITY_NUMBERS = {name: number for number, name in PRIORITY_NAMES.items()}


def _row_dict(row: Row) -> dict[str, Any]:
    task: Task = row[0]
    return {
        "id": task.id,
        "name": task.name,
        "description": task.description,
        "project_id": task.project_id,
        "project": row.project_name,
        "status": task.status,
        "priority": PRIORITY_NUMBERS[task.priority] if task.priority_as_number else task.priority,
        "estimated_hours": task.estimated_hours,
        "due_date": task.due_date,
        "created_at": iso(task.created_at),
        "updated_at": iso(task.updated_at),
    }


def get(session: Session, task_id: int) -> Task:
    task = repository.get(session, task_id)
    if task is None:
        raise NotFound("Task not found")
    return task


def find(session: Session, task_id: int) -> Task | None:
    return repository.get(session, task_id)


def _visible(projects: frozenset[int] | None) -> ColumnElement[bool] | None:
    return None if projects is None else visibility.visible(projects)


def get_dict(session: Session, task_id: int, projects: frozenset[int] | None = None) -> dict[str, Any]:
    """One task as the API shows it; one of a private project the caller does not see
    (``projects``: ``Principal.projects``; None: all) is not found."""
    row = repository.get_row(session, task_id, _visible(projects))
    if row is None:
        raise NotFound("Task not found")
    return _row_dict(row)


def list_tasks(
    session: Session,
    page: Page,
    project_id: int | None,
    status: str | None,
    projects: frozenset[int] | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """A page of tasks, without those of private projects the caller does not see."""
    rows, total = repository.list_page(session, page, project_id, status, _visible(projects))
    return [_row_dict(r) for r in rows], total


def _private(session: Session, project_id: int) -> int | None:
    project = project_service.find(session, project_id)
    return project_service.private_id(project) if project is not None else None


def _normalize(session: Session, data: dict[str, Any]) -> dict[str, Any]:
    if data.get("project_id") is not None and project_service.find(session, data["project_id"]) is None:
        raise ValidationFailed(f"project_id {data['project_id']} does not exist", code="invalid_project")
    if data.get("priority") is not None:
        # Seed 003 sends "priority": 1; a number is stored as its level and answered as sent.
        data["priority_as_number"] = isinstance(data["priority"], int)
        if data["priority_as_number"]:
            data["priority"] = PRIORITY_NAMES[data["priority"]]
    if data.get("due_date") is not None:
        data["due_date"] = data["due_date"].isoformat()
    return data


def create(session: Session, data: dict[str, Any], actor_id: int | None = None) -> dict[str, Any]:
    data = _normalize(session, data)
    now = now_ts()
    task = repository.add(session, Task(**data, created_at=now, updated_at=now))
    result = get_dict(session, task.id)
    emit(
        session,
        "task.created",
        result,
        user_id=None,
        actor_id=actor_id,
        project_id=_private(session, task.project_id),
    )
    return result


def update(
    session: Session, task_id: int, changes: dict[str, Any], actor_id: int | None = None
) -> dict[str, Any]:
    task = get(session, task_id)
    changes = _normalize(session, changes)
    moving = changes.get("project_id") not in (None, task.project_id)
    if moving and repository.has_entries(session, task.id):
        # Its entries would stay on the old project while naming a task of the new one.
        raise Conflict("The task has time entries; it cannot move to another project", code="task_in_use")
    for field, value in changes.items():
        if value is None and field in ("name", "status", "priority", "project_id", "description"):
            continue
        setattr(task, field, value)
    task.updated_at = now_ts()
    session.flush()
    result = get_dict(session, task.id)
    emit(
        session,
        "task.updated",
        result,
        user_id=None,
        actor_id=actor_id,
        project_id=_private(session, task.project_id),
    )
    return result


def delete(session: Session, task_id: int, actor_id: int | None = None) -> None:
    """Delete a task; its time entries stay, without a task (refused while one is locked)."""
    task = get(session, task_id)
    lock.check_task_deletable(session, task_id)
    repository.delete(session, task)
    private = _private(session, task.project_id)
    emit(session, "task.deleted", {"id": task_id}, user_id=None, actor_id=actor_id, project_id=private)
