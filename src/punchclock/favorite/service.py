from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from punchclock.errors import NotFound, ValidationFailed
from punchclock.favorite import repository
from punchclock.kit.timeutil import iso, now_ts
from punchclock.models import FavoriteProject
from punchclock.project import service as project_service
from punchclock.project import visibility


def to_dict(favorite: FavoriteProject) -> dict[str, Any]:
    return {
        "id": favorite.id,
        "user_id": favorite.user_id,
        "project_id": favorite.project_id,
        "created_at": iso(favorite.created_at),
    }


def list_dicts(session: Session, user_id: int) -> list[dict[str, Any]]:
    return [to_dict(f) for f in repository.list_for(session, user_id)]


def add(session: Session, user_id: int, project_id: int) -> tuple[dict[str, Any], bool]:
    """Mark a project as a favourite: (the favourite, whether it is new)."""
    project = project_service.find(session, project_id)
    if project is None:
        raise ValidationFailed(f"project_id {project_id} does not exist", code="invalid_project")
    visibility.check_trackable(session, user_id, project)  # a private one they do not see: the same
    added = repository.add(session, user_id, project_id, now_ts())
    favorite = repository.find(session, user_id, project_id)
    assert favorite is not None  # just added, or there before; the row is locked by the insert
    return to_dict(favorite), added


def remove(session: Session, user_id: int, project_id: int) -> None:
    if not repository.remove(session, user_id, project_id):
        raise NotFound("That project is not a favourite")
