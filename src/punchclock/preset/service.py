"""Presets: per user, whatever the role (another's preset is 404, as if it did not exist).

Notes:
A preset holds what a new entry gets, checked as an entry's would be when it is saved (the project
exists and is not archived, the task belongs to it, tags are valid), so starting a timer from it is
an ordinary POST /timer/start with its fields: the web app's offline queue and the CLI need nothing
else. A project or task deleted later leaves the preset without it. Names are unique per user
whatever their case, so ``punchclock start --preset standup`` finds "Standup".
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from punchclock.auth.scopes import Principal
from punchclock.entry import service as entry_service
from punchclock.errors import Conflict, NotFound, ValidationFailed
from punchclock.kit.tags import TagError, normalize_tags, tag_list
from punchclock.kit.timeutil import iso, now_ts
from punchclock.models import Preset
from punchclock.preset import repository
from punchclock.project import visibility

MAX_PRESETS = 50


def _dict(row: Row) -> dict[str, Any]:
    preset, project, task = row
    return {
        "id": preset.id,
        "name": preset.name,
        "notes": preset.notes,
        "project_id": preset.project_id,
        "project": project,
        "task_id": preset.task_id,
        "task": task,
        "tags": preset.tags,
        "tag_list": tag_list(preset.tags),
        "billable": preset.billable,
        "created_at": iso(preset.created_at),
        "updated_at": iso(preset.updated_at),
    }


def list_dicts(session: Session, principal: Principal) -> list[dict[str, Any]]:
    return [
        _dict(row)
        for row in repository.list_for(session, principal.user_id, visibility.visible(principal.projects))
    ]


def _own(session: Session, principal: Principal, preset_id: int) -> Preset:
    preset = repository.get(session, preset_id)
    if preset is None or preset.user_id != principal.user_id:
        raise NotFound("Preset not found")
    return preset


def get_dict(session: Session, principal: Principal, preset_id: int) -> dict[str, Any]:
    _own(session, principal, preset_id)
    row = repository.named_row(session, preset_id, visibility.visible(principal.projects))
    assert row is not None  # just found
    return _dict(row)


def _tags(value: str | list[str] | None) -> str:
    try:
        return normalize_tags(value)
    except TagError as exc:
        raise ValidationFailed(f"tags: {exc}", field="tags") from exc


def _check_name(session: Session, user_id: int, name: str, other_than: int | None = None) -> None:
    if repository.name_taken(session, user_id, name, other_than):
        raise Conflict(f"You already have a preset named {name!r}", code="preset_exists")


def _saved(session: Session, principal: Principal, preset: Preset, write: Any) -> dict[str, Any]:
    # A racing request took the same name: the unique key decides (in a savepoint, so the answer is
    # a 409 and the transaction goes on). It compares the name as written, so two racing requests
    # differing only in case may both succeed (the check above catches the rest).
    try:
        with session.begin_nested():
            write(session, preset)
    except IntegrityError as exc:
        raise Conflict(f"You already have a preset named {preset.name!r}", code="preset_exists") from exc
    return get_dict(session, principal, preset.id)


def create(session: Session, principal: Principal, data: dict[str, Any]) -> dict[str, Any]:
    if repository.count_for(session, principal.user_id) >= MAX_PRESETS:
        raise Conflict(f"At most {MAX_PRESETS} presets per user", code="preset_limit")
    _check_name(session, principal.user_id, data["name"])
    project_id, task_id, _ = entry_service.resolve_project_task(
        session, principal.user_id, data.get("project_id"), data.get("task_id"), caller=principal
    )
    now = now_ts()
    preset = Preset(
        user_id=principal.user_id,
        name=data["name"],
        notes=data.get("notes") or "",
        project_id=project_id,
        task_id=task_id,
        tags=_tags(data.get("tags")),
        billable=data.get("billable"),
        created_at=now,
        updated_at=now,
    )
    return _saved(session, principal, preset, repository.add)


def update(session: Session, principal: Principal, preset_id: int, changes: dict[str, Any]) -> dict[str, Any]:
    preset = _own(session, principal, preset_id)
    # Everything is checked first and set at once inside _saved's savepoint, so a name the unique
    # key refuses leaves the preset untouched (and the session usable).
    values: dict[str, Any] = {}
    if "name" in changes:
        _check_name(session, principal.user_id, changes["name"], preset.id)
        values["name"] = changes["name"]
    if "notes" in changes:
        values["notes"] = changes["notes"]
    if "project_id" in changes or "task_id" in changes:
        project_id = changes.get("project_id", preset.project_id)
        # A new project drops the old task (it belonged to the old project), as on an entry.
        same = project_id == preset.project_id or "project_id" not in changes
        task_id = changes.get("task_id", preset.task_id if same else None)
        values["project_id"], values["task_id"], _ = entry_service.resolve_project_task(
            session, principal.user_id, project_id, task_id, kept=preset.project_id, caller=principal
        )
    if "tags" in changes:
        values["tags"] = _tags(changes["tags"])
    if "billable" in changes:
        values["billable"] = changes["billable"]
    values["updated_at"] = now_ts()

    def write(s: Session, p: Preset) -> None:
        for key, value in values.items():
            setattr(p, key, value)
        s.flush()

    return _saved(session, principal, preset, write)


def delete(session: Session, principal: Principal, preset_id: int) -> None:
    repository.remove(session, _own(session, principal, preset_id))


def find_by_name(session: Session, principal: Principal, name: str) -> dict[str, Any]:
    """The caller's preset of this name, whatever the case (404 if none)."""
    for preset in list_dicts(session, principal):
        if preset["name"].casefold() == name.strip().casefold():
            return preset
    raise NotFound(f"No preset named {name.strip()!r}")
