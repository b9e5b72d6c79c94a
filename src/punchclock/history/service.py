"""Reading an entry's history and putting an earlier version back.

Notes:
Restoring a version goes through the entry service like any edit (a delete or a restore when the
version's liveness differs), so the period lock, the future rule, events and TimeTagger's stamps all
apply, and the result is itself a version, marked ``revert``. A version of a running timer cannot
make a finished entry run again: its end is left as it is.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from punchclock.auth import policy
from punchclock.auth.scopes import Principal
from punchclock.entry import service as entry_service
from punchclock.errors import NotFound
from punchclock.history import record, repository
from punchclock.kit.tags import tag_list
from punchclock.kit.timeutil import iso

MAX_VERSIONS = 500
FIELDS = (
    "start_time",
    "end_time",
    "notes",
    "tags",
    "project_id",
    "task_id",
    "billable",
    "break_seconds",
    "deleted",
)


def _owned(session: Session, principal: Principal, entry_id: int) -> int:
    owner = repository.owner_of(session, entry_id)
    if owner is None:
        raise NotFound("Time entry not found")
    policy.check_owner(principal, owner)
    return owner


def _state(v: Any, project: str | None = None, task: str | None = None) -> dict[str, Any]:
    return {
        "start_time": iso(v.start_at),
        "end_time": iso(v.end_at),
        "notes": v.notes,
        "tags": v.tags,
        "tag_list": tag_list(v.tags),
        "project_id": v.project_id,
        "project": project,
        "task_id": v.task_id,
        "task": task,
        "billable": v.billable,
        "break_seconds": v.break_seconds,
        "deleted": v.deleted_at is not None,
    }


def versions(session: Session, principal: Principal, entry_id: int) -> list[dict[str, Any]]:
    """The entry's versions, newest first, each with the fields it changed from the one before."""
    _owned(session, principal, entry_id)
    rows = repository.versions(session, entry_id, MAX_VERSIONS)
    shown = []
    for row in rows:
        v = row[0]
        shown.append(
            {
                "id": v.id,
                "at": iso(v.at),
                "actor": {"id": v.actor_id, "username": row.actor_name} if v.actor_id is not None else None,
                "via": v.via,
                "action": v.action,
                "entry": _state(v, row.project, row.task),
            }
        )
    for newer, older in zip(shown, [*shown[1:], None], strict=True):
        before = older["entry"] if older else None
        newer["changed"] = [f for f in FIELDS if before is None or newer["entry"][f] != before[f]]
    return shown


def restore_version(
    session: Session, principal: Principal, entry_id: int, version_id: int
) -> dict[str, Any] | None:
    """Make the entry as it was in one of its versions (a new version, ``revert``); the entry as it
    now is, or None when that version was its deletion."""
    _owned(session, principal, entry_id)
    v = repository.version(session, version_id)
    if v is None or v.entry_id != entry_id:
        raise NotFound("Version not found")
    record.reverting(session)
    was = _state(v)
    if was["deleted"]:
        entry_service.delete(session, principal, entry_id)
        return None
    try:
        entry_service.get_dict(session, principal, entry_id)
    except NotFound:
        entry_service.restore(session, principal, entry_id)
    changes: dict[str, Any] = {
        k: was[k] for k in ("start_time", "notes", "project_id", "task_id", "billable")
    }
    changes["tags"] = was["tag_list"]
    changes["break_seconds"] = was["break_seconds"]
    if was["end_time"] is not None:
        changes["end_time"] = was["end_time"]
    return entry_service.update(session, principal, entry_id, changes)
