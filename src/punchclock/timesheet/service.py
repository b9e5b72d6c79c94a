"""The weekly timesheet's cells: set the time of one project/task row on one day, and undo that.

Notes:
A cell is the worked time of a user's entries with one project and task on one local day, in the
caller's time zone (as GET /reports/timesheet shows it). Setting it changes entries in one
transaction under the user's sync lock, through the entry service, so every rule of entries holds
(time in the future, project checks, events, sync stamps) and nothing slips in between:

- Growing extends the cell's latest entry when the added time fits right after it (before midnight,
  before now, clear of other entries); otherwise one new entry is made where the day is free
  (punchclock.timesheet.placement), with an empty description: rows carry none.
- Shrinking shortens or removes the cell's entries, latest first (an entry shortens at its end).
  Other rows' entries are never touched.
- An entry crossing midnight belongs to two cells, so a cell never changes it; a cut the rest of the
  cell cannot absorb is refused (409 crosses_midnight). A cell holding the running timer grows by
  itself and is refused (409 timer_running).

Each change answers the steps that reverse it, each with the entry's sync stamp after the change as
its version: the undo refuses (409 entry_changed) once any of those entries changed again, so it
never overwrites later work. A removed entry comes back as itself (same id and sync key).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, NoReturn

from sqlalchemy import Row
from sqlalchemy.orm import Session

from punchclock.auth import policy
from punchclock.auth.scopes import Principal
from punchclock.entry import service as entry_service
from punchclock.errors import Conflict, NotFound, ValidationFailed
from punchclock.kit.periods import midnight
from punchclock.kit.timeutil import iso, now_ts
from punchclock.models import Project
from punchclock.project import service as project_service
from punchclock.project import visibility
from punchclock.sync.stamp import stamp
from punchclock.task import service as task_service
from punchclock.timesheet import placement, repository
from punchclock.user import service as user_service

MAX_UNDO_STEPS = 1000
SOURCE = "timesheet"


@dataclass
class _Done:
    """What one cell change did, and the steps that reverse it."""

    created: list[dict[str, Any]] = field(default_factory=list)
    updated: list[dict[str, Any]] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)
    steps: list[dict[str, Any]] = field(default_factory=list)

    def revert(self, row: Row) -> None:
        self.steps.append(
            {"id": row.id, "action": "revert", "start_time": iso(row.start_at), "end_time": iso(row.end_at)}
        )


@dataclass(frozen=True, slots=True)
class _Day:
    user_id: int
    project_id: int | None
    task_id: int | None
    lo: int  # the local day's first instant
    hi: int  # the next day's
    workday: int  # 09:00 that day
    now: int


def set_cell(session: Session, principal: Principal, data: dict[str, Any]) -> dict[str, Any]:
    """Make the cell (user, date, project, task) hold ``seconds`` of worked time."""
    user_id = _owner(session, principal, data.get("user_id"))
    day: date = data["date"]
    if not 1971 <= day.year <= 2098:
        message = "date: dates must fall between 1971 and 2098"
        raise ValidationFailed(message, code="out_of_range", field="date")
    project_id, task_id, project = _row(session, data.get("project_id"), data.get("task_id"))
    archived = project is not None and project.status == "archived"
    zone = entry_service.zone_of(principal)
    stamp(session, user_id)  # the user's sync lock first: nothing changes the day while it is read
    start_hour = datetime.combine(day, time(placement.WORKDAY_START_HOUR), zone)
    d = _Day(
        user_id, project_id, task_id, midnight(day, zone), midnight(day + timedelta(days=1), zone),
        int(start_hour.timestamp()), now_ts(),
    )  # fmt: skip
    rows = repository.day_entries(session, user_id, d.lo, d.hi)
    mine = [r for r in rows if r.project_id == project_id and r.task_id == task_id]
    if any(r.end_at is None for r in mine):
        raise Conflict("The timer is running on this row that day: stop it first", code="timer_running")
    before = sum(_worked(r, d) for r in mine)
    target = data["seconds"]
    done = _Done()
    if target > before:
        if project is not None:
            # More time goes on the project: the user must see it (less time, on their own row, is
            # their own work, as on an entry).
            visibility.check_trackable(session, user_id, project, principal)
        if archived:
            raise ValidationFailed("The project is archived", code="project_archived")
        _grow(session, principal, d, rows, mine, target - before, done)
    elif target < before:
        _shrink(session, principal, d, mine, before - target, done)
    return {
        "message": "Timesheet cell updated",
        "cell": {
            "date": day.isoformat(), "user_id": user_id, "project_id": project_id, "task_id": task_id,
            "seconds": target, "previous_seconds": before,
        },
        "created": done.created,
        "updated": done.updated,
        "deleted": done.deleted,
        "undo": _undo_body(session, done),
    }  # fmt: skip


def _owner(session: Session, principal: Principal, requested: int | None) -> int:
    user_id = policy.target_user(principal, requested)
    if user_id != principal.user_id:
        user = user_service.find(session, user_id)
        if user is None:
            raise ValidationFailed(f"user_id {user_id} does not exist", code="invalid_user")
        if not user.is_active:
            raise ValidationFailed("That user is disabled", code="user_disabled")
    return user_id


def _row(
    session: Session, project_id: int | None, task_id: int | None
) -> tuple[int | None, int | None, Project | None]:
    """The row's project id (a task implies its own) and task, checked; and the project."""
    if task_id is not None:
        task = task_service.find(session, task_id)
        if task is None:
            raise ValidationFailed(f"task_id {task_id} does not exist", code="invalid_task")
        if project_id not in (None, task.project_id):
            raise ValidationFailed("The task belongs to another project", code="task_project_mismatch")
        project_id = task.project_id
    project = project_service.find(session, project_id) if project_id is not None else None
    if project_id is not None and project is None:
        raise ValidationFailed(f"project_id {project_id} does not exist", code="invalid_project")
    return project_id, task_id, project


def _worked(row: Row, d: _Day) -> int:
    """The worked seconds of an entry within the day, as the timesheet report counts them."""
    end = row.end_at if row.end_at is not None else d.now
    span = end - row.start_at
    piece = min(end, d.hi) - max(row.start_at, d.lo)
    if row.break_seconds <= 0 or span <= 0:
        return piece
    return (piece * max(span - row.break_seconds, 0) + span // 2) // span


def _inside(rows: list[Row], d: _Day) -> list[Row]:
    """The entries lying wholly within the day, latest first."""
    found = [r for r in rows if r.start_at >= d.lo and r.end_at is not None and r.end_at <= d.hi]
    return sorted(found, key=lambda r: (r.end_at, r.start_at), reverse=True)


def _grow(
    session: Session,
    principal: Principal,
    d: _Day,
    rows: Sequence[Row],
    mine: list[Row],
    add: int,
    done: _Done,
) -> None:
    busy = [(max(r.start_at, d.lo), min(r.end_at if r.end_at is not None else d.now, d.hi)) for r in rows]
    limit = min(d.hi, d.now)
    inside = _inside(mine, d)
    if inside:
        last = inside[0]
        end = last.end_at + add
        if end <= limit and placement.is_free(busy, last.end_at, end):
            done.updated.append(entry_service.update(session, principal, last.id, {"end_time": iso(end)}))
            done.revert(last)
            return
    anchor = max((b for _, b in busy), default=d.workday)
    start = placement.place(busy, d.lo, limit, anchor, add)
    if start is None:
        _refuse(busy, d, anchor, add)
    body = {
        "start_time": iso(start), "end_time": iso(start + add), "project_id": d.project_id,
        "task_id": d.task_id, "user_id": d.user_id, "notes": "", "tags": "",
    }  # fmt: skip
    made = entry_service.create(session, principal, body, source=SOURCE)
    done.created.append(made)
    done.steps.append({"id": made["id"], "action": "delete"})


def _refuse(busy: list[tuple[int, int]], d: _Day, anchor: int, add: int) -> NoReturn:
    """Say why ``add`` seconds do not fit: the day is not over yet (the future rule) or it is full."""
    amount = f"{add // 3600}:{add % 3600 // 60:02d}"
    if d.lo >= d.now:
        message = "That day has not come yet: entries record time already worked"
        raise ValidationFailed(message, code="end_in_future", field="seconds")
    if d.hi > d.now and placement.place(busy, d.lo, d.hi, anchor, add) is not None:
        message = f"{amount} more would end in the future: entries record time already worked"
        raise ValidationFailed(message, code="end_in_future", field="seconds")
    raise Conflict(f"No free stretch of {amount} that day: other entries fill it", code="no_room")


def _shrink(session: Session, principal: Principal, d: _Day, mine: list[Row], cut: int, done: _Done) -> None:
    inside = _inside(mine, d)
    if cut > sum(_worked(r, d) for r in inside):
        raise Conflict(
            "Part of this cell is an entry that crosses midnight; change that entry on the Track page",
            code="crosses_midnight",
        )
    for row in inside:
        if cut <= 0:
            break
        worked = row.end_at - row.start_at - row.break_seconds
        if worked <= cut:
            entry_service.delete(session, principal, row.id)
            done.deleted.append(row.id)
            done.steps.append({"id": row.id, "action": "restore"})
            cut -= worked
        else:
            change = {"end_time": iso(row.end_at - cut)}
            done.updated.append(entry_service.update(session, principal, row.id, change))
            done.revert(row)
            cut = 0


def _undo_body(session: Session, done: _Done) -> dict[str, Any] | None:
    """The body of POST /timesheet/cells/undo that reverses this change (None: nothing to reverse,
    or more than one undo can carry)."""
    if not done.steps or len(done.steps) > MAX_UNDO_STEPS:
        return None
    versions = repository.versions(session, [s["id"] for s in done.steps])
    return {"steps": [{**s, "version": versions[s["id"]]} for s in reversed(done.steps)]}


def undo(session: Session, principal: Principal, steps: list[dict[str, Any]]) -> dict[str, Any]:
    """Reverse a cell change with the steps it answered, unless any of its entries changed since."""
    entries = []
    for step in steps:
        entry = repository.get_any(session, step["id"])
        if entry is None or not principal.sees(entry.user_id):
            raise NotFound("Time entry not found")
        if step["action"] == "revert" and not (step.get("start_time") and step.get("end_time")):
            raise ValidationFailed("A revert step needs start_time and end_time", field="steps")
        entries.append(entry)
    owners = {e.user_id for e in entries}
    if len(owners) != 1 or len({s["id"] for s in steps}) != len(steps):
        raise ValidationFailed("An undo reverses one change: one user's entries, each once", field="steps")
    stamp(session, owners.pop())  # the owner's sync lock, then the entries as committed
    for entry, step in zip(entries, steps, strict=True):
        session.refresh(entry)
        if entry.st != step["version"] or (entry.deleted_at is not None) != (step["action"] == "restore"):
            raise Conflict("That change cannot be undone: its entries changed since", code="entry_changed")
    out: dict[str, Any] = {"message": "Change undone", "restored": [], "updated": [], "deleted": []}
    for entry, step in zip(entries, steps, strict=True):
        if step["action"] == "delete":
            entry_service.delete(session, principal, entry.id)
            out["deleted"].append(entry.id)
        elif step["action"] == "restore":
            out["restored"].append(entry_service.restore(session, principal, entry.id))
        else:
            change = {"start_time": step["start_time"], "end_time": step["end_time"]}
            out["updated"].append(entry_service.update(session, principal, entry.id, change))
    return out
