"""Private projects: who sees a project and who tracks on it, one place for every path.

Notes:
A project is public unless ``is_private``. A private one is seen by its members (project_members),
managers and admins; everybody else gets no trace of it: not in lists or pickers, not by id (404), not
through its tasks, its tag in a TimeTagger description, an import's project column or a live event.
Their own entries already on it (tracked before they were removed) keep showing its name: that is their
work, shown as they did it.

Reads use ``Principal.projects``, the private projects the principal sees, loaded with the principal
(punchclock.auth.reach) and cached with it, so a list pays no query for the rule; any change to a
project's privacy or members drops the cache once it commits (punchclock.project.members). Writes put
time on a project for a user who may not be the caller (a manager's entry for someone, an import's
owner), so they ask about that user: ``check_trackable``, a query only when the project is private.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_, true
from sqlalchemy.orm import Session

from punchclock.auth.scopes import Principal
from punchclock.errors import ValidationFailed
from punchclock.models import Project
from punchclock.project import repository

SEE_ALL = ("manager", "admin")


def private_seen(session: Session, user_id: int, role: str) -> frozenset[int] | None:
    """The private projects ``user_id`` (of ``role``) sees: None for all (managers and admins)."""
    if role in SEE_ALL:
        return None
    return frozenset(repository.member_projects(session, user_id))


def visible(projects: frozenset[int] | None) -> ColumnElement[bool]:
    """SQL over ``projects``: the rows a principal with ``Principal.projects`` sees."""
    if projects is None:
        return true()
    return or_(~Project.is_private, Project.id.in_(sorted(projects)))


def sees(projects: frozenset[int] | None, project: Project) -> bool:
    return not project.is_private or projects is None or project.id in projects


def trackable(user_id: int) -> ColumnElement[bool]:
    """SQL over ``projects``: the ones ``user_id`` may put time on (for a path that reads many)."""
    return repository.trackable(user_id)


def private_trackable(session: Session, user_id: int) -> frozenset[int]:
    """The private projects ``user_id`` may put time on (all of them for managers and admins)."""
    return frozenset(repository.private_trackable(session, user_id))


def may_track(session: Session, user_id: int, project: Project, caller: Principal | None = None) -> bool:
    """Whether ``user_id`` may put time on ``project``. When ``caller`` acts for themselves, their
    principal already knows (``Principal.projects``): no query."""
    if not project.is_private:
        return True
    if caller is not None and caller.user_id == user_id:
        return caller.sees_project(project.id)
    return repository.may_track(session, user_id, project.id)


def check_trackable(
    session: Session, user_id: int, project: Project, caller: Principal | None = None
) -> None:
    """Refuse time on a project ``user_id`` may not see, in the words used for a project that does
    not exist (400 ``invalid_project``): its id must tell nothing."""
    if not may_track(session, user_id, project, caller):
        raise ValidationFailed(
            f"project_id {project.id} does not exist", code="invalid_project", field="project_id"
        )
