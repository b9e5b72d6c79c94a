"""Who is a member of a project: the people a private project is visible to (besides managers and
admins, who see every project). Managers and admins change the list; a public project keeps its
list, which takes effect the moment it is made private.

Notes:
What a principal may see rides on it (``Principal.projects``, punchclock.auth.reach), cached for a
moment; every change here drops that cache once it commits and has open sockets re-checked, so a
member removed from a project stops hearing of it at once (punchclock.project.visibility).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from punchclock.audit import service as audit_service
from punchclock.auth import cache as auth_cache
from punchclock.db import after_commit
from punchclock.errors import NotFound, ValidationFailed
from punchclock.event import service as event_service
from punchclock.kit.timeutil import iso, now_ts
from punchclock.project import repository
from punchclock.user import service as user_service


def visibility_changed(session: Session, user_id: int | None) -> None:
    """What ``user_id`` (None: anybody) may see changed: cached principals go once this commits, and
    open sockets are re-checked on every instance."""
    after_commit(session, auth_cache.revoke_all)
    event_service.revoked(session, user_id, resync=True)


def _project(session: Session, project_id: int) -> Any:
    project = repository.get(session, project_id)
    if project is None:
        raise NotFound("Project not found")
    return project


def list_members(session: Session, project_id: int) -> list[dict[str, Any]]:
    _project(session, project_id)
    return [
        {
            "user_id": user_id,
            "username": username,
            "display_name": display_name or username,
            "role": role,
            "added_at": iso(added),
        }
        for user_id, username, display_name, role, added in repository.members(session, project_id)
    ]


def _user(session: Session, user_id: int) -> None:
    if user_service.find(session, user_id) is None:
        raise ValidationFailed(f"user_id {user_id} does not exist", code="invalid_user", field="user_id")


def add(session: Session, project_id: int, user_id: int, actor_id: int | None) -> list[dict[str, Any]]:
    """Make ``user_id`` a member (nothing changes if they are one); the members after it."""
    project = _project(session, project_id)
    _user(session, user_id)
    if repository.add_member(session, project_id, user_id, now_ts()):
        _changed(session, "project.member_added", project, user_id, actor_id)
    return list_members(session, project_id)


def remove(session: Session, project_id: int, user_id: int, actor_id: int | None) -> list[dict[str, Any]]:
    """``user_id`` is no member any more: a private project leaves their lists and pickers (their own
    entries on it keep its name). Removing someone who was not a member is a 404."""
    project = _project(session, project_id)
    if not repository.remove_member(session, project_id, user_id):
        raise NotFound("That user is not a member of this project")
    _changed(session, "project.member_removed", project, user_id, actor_id)
    return list_members(session, project_id)


def _changed(session: Session, action: str, project: Any, user_id: int, actor_id: int | None) -> None:
    detail = {"project_id": project.id, "project": project.name, "private": project.is_private}
    audit_service.record(session, action, actor_id=actor_id, target_user_id=user_id, detail=detail)
    visibility_changed(session, user_id)
