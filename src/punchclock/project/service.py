"""Projects: shared by the team; managers and admins create and edit, DELETE archives."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row
from sqlalchemy.orm import Session

from punchclock.audit import service as audit_service
from punchclock.client import service as client_service
from punchclock.errors import Conflict, NotFound, ValidationFailed
from punchclock.event.service import emit
from punchclock.kit.pagination import Page
from punchclock.kit.timeutil import iso, now_ts
from punchclock.kit.types import money
from punchclock.models import Project
from punchclock.project import members, repository, visibility
from punchclock.sync import service as sync_service


def _dict(project: Project, client_name: str | None) -> dict[str, Any]:
    return {
        "id": project.id,
        "name": project.name,
        "description": project.description,
        "client_id": project.client_id,
        "client": client_name,
        "hourly_rate": money(project.hourly_rate),
        "estimated_hours": project.estimated_hours,
        "status": project.status,
        "billable": project.billable,
        "tag": project.tag,
        "color": project.color,
        "is_private": project.is_private,
        "created_at": iso(project.created_at),
        "updated_at": iso(project.updated_at),
    }


def _row_dict(row: Row) -> dict[str, Any]:
    return _dict(row[0], row.client_name)


def get(session: Session, project_id: int) -> Project:
    project = repository.get(session, project_id)
    if project is None:
        raise NotFound("Project not found")
    return project


def get_dict(session: Session, project_id: int, projects: frozenset[int] | None = None) -> dict[str, Any]:
    """One project as the API shows it. ``projects``: the private ones the caller sees
    (``Principal.projects``; None: all); another private one is not found, like one that is not there."""
    row = repository.get_row(session, project_id)
    if row is None or not visibility.sees(projects, row[0]):
        raise NotFound("Project not found")
    return _row_dict(row)


def find(session: Session, project_id: int) -> Project | None:
    return repository.get(session, project_id)


def find_by_tag(session: Session, tag: str) -> Project | None:
    return repository.get_by_tag(session, tag.lower().lstrip("#"))


def list_projects(
    session: Session,
    page: Page,
    status: str | None,
    client_id: int | None,
    search: str | None = None,
    projects: frozenset[int] | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """A page of projects: the public ones and the private ones in ``projects`` (``Principal.projects``;
    None: all)."""
    visible = visibility.visible(projects) if projects is not None else None
    rows, total = repository.list_page(session, page, status, client_id, search, visible)
    return [_row_dict(r) for r in rows], total


def private_id(project: Project) -> int | None:
    """What a shared event about ``project`` (or its tasks) carries so that only those who see it
    hear it (``event.service.emit``'s ``project_id``)."""
    return project.id if project.is_private else None


def _validate_refs(session: Session, data: dict[str, Any], own_id: int | None = None) -> None:
    if data.get("client_id") is not None and not client_service.exists(session, data["client_id"]):
        raise ValidationFailed(f"client_id {data['client_id']} does not exist", code="invalid_client")
    if data.get("tag"):
        data["tag"] = data["tag"].lstrip("#")
        other = repository.get_by_tag(session, data["tag"])
        if other is not None and other.id != own_id:
            raise Conflict(
                f"Tag '#{data['tag']}' already belongs to project '{other.name}'", code="tag_taken"
            )


def create(session: Session, data: dict[str, Any], actor_id: int | None = None) -> dict[str, Any]:
    _validate_refs(session, data)
    now = now_ts()
    project = repository.add(session, Project(**data, created_at=now, updated_at=now))
    result = get_dict(session, project.id)
    emit(session, "project.created", result, user_id=None, actor_id=actor_id, project_id=private_id(project))
    return result


def update(
    session: Session, project_id: int, changes: dict[str, Any], actor_id: int | None = None
) -> dict[str, Any]:
    project = get(session, project_id)
    _validate_refs(session, changes, project.id)
    old_tag, was_private = project.tag, project.is_private
    for field, value in changes.items():
        if value is None and field in ("name", "status", "billable", "description", "is_private"):
            continue  # explicit null on a required field leaves it unchanged
        setattr(project, field, value)
    project.updated_at = now_ts()
    session.flush()
    if project.tag != old_tag:
        # The tag is part of every entry's TimeTagger description: re-send them to sync clients.
        sync_service.restamp_project(session, project.id)
    result = get_dict(session, project.id)
    if project.is_private != was_private:
        members.visibility_changed(session, None)
        action = "project.made_private" if project.is_private else "project.made_public"
        detail = {"project_id": project.id, "project": project.name}
        audit_service.record(session, action, actor_id=actor_id, detail=detail)
    # Made private, it is announced as private: only those who still see it hear the change.
    emit(session, "project.updated", result, user_id=None, actor_id=actor_id, project_id=private_id(project))
    return result


def archive(session: Session, project_id: int, actor_id: int | None = None) -> dict[str, Any]:
    return update(session, project_id, {"status": "archived"}, actor_id)
