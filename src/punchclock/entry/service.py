"""Time entries: create, edit, delete and list, with the one-running-timer rule.

Notes:
The database keeps at most one running entry per user (a partial unique index). Two racing
"start" requests both pass any Python check, but only one insert survives; the loser's
IntegrityError becomes a 409 here, so the answer is right on SQLite and PostgreSQL alike.

Every write also stamps the entry for the TimeTagger sync API (punchclock.sync.stamp) before it
reads what it changes: the stamp takes the user's sync lock, so a concurrent sync push and this
write see each other's committed results. DELETE leaves a tombstone (deleted_at set) so the
deletion reaches TimeTagger clients; every read here skips tombstones.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import tzinfo
from typing import Any

import orjson
from sqlalchemy import Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from punchclock.approval import lock
from punchclock.auth import policy
from punchclock.auth.scopes import Principal
from punchclock.entry import future, repository
from punchclock.entry.repository import EntryFilter as EntryFilter
from punchclock.entry.views import by_ids as by_ids
from punchclock.entry.views import row_dict as row_dict
from punchclock.entry.views import row_json as row_json
from punchclock.errors import BadRequest, Conflict, NotFound, ValidationFailed
from punchclock.event.service import emit
from punchclock.history import record as history
from punchclock.hotread import Rows
from punchclock.kit.pagination import Page
from punchclock.kit.tags import TagError, entry_tags, normalize_tags, without_inline
from punchclock.kit.timeutil import TimeParseError, get_zone, iso, now_ts, parse_instant
from punchclock.models import TimeEntry
from punchclock.models.time_entry import new_sync_key
from punchclock.overlap import service as overlap
from punchclock.project import service as project_service
from punchclock.project import visibility
from punchclock.sync.stamp import stamp
from punchclock.task import service as task_service
from punchclock.user import service as user_service

# EntryFilter, by_ids, row_dict and row_json are imported "as" themselves: other features filter and
# show entries through this service, never through entry's repository.
TIMER_RUNNING = "A timer is already running; stop it first"
# A running entry counts up to "now", so one starting later would count negative time in reports.
# A minute of grace absorbs clock skew between client and server.


def zone_of(principal: Principal) -> tzinfo:
    try:
        return get_zone(principal.timezone)
    except TimeParseError:
        return get_zone("UTC")


def parse_time(text: str, zone: tzinfo, field: str) -> int:
    try:
        return parse_instant(text, zone)
    except TimeParseError as exc:
        raise ValidationFailed(f"{field}: {exc}", field=field) from exc


def _tags(value: str | list[str] | None) -> str:
    try:
        return normalize_tags(value)
    except TagError as exc:
        raise ValidationFailed(f"tags: {exc}", field="tags") from exc


def get_dict(session: Session, principal: Principal, entry_id: int) -> dict[str, Any]:
    row = repository.get_row(session, entry_id)
    if row is None:
        raise NotFound("Time entry not found")
    policy.check_owner(principal, row.user_id)
    return row_dict(row)


def list_entries(
    rows: Rows, principal: Principal, f: EntryFilter, page: Page
) -> tuple[list[orjson.Fragment], int]:
    """One page of entries as the API shows them (JSON), and the total (run by Database.read_hot)."""
    f = replace(f, user_ids=policy.users_filter(principal, f.user_ids))
    found, total = repository.list_page(rows, f, page)
    return [row_json(r) for r in found], total


def resolve_project_task(
    session: Session,
    user_id: int,
    project_id: int | None,
    task_id: int | None,
    kept: int | None = None,
    caller: Principal | None = None,
) -> tuple[int | None, int | None, bool | None]:
    """Check the references as every entry takes them (presets too): a task implies its project,
    which must exist, not be archived, and be one ``user_id`` may track on (a private project's
    members; punchclock.project.visibility, which needs no query when ``caller`` is that user)
    unless it is ``kept``, the one the entry has already. Returns the project's billable default."""
    billable_default = None
    if task_id is not None:
        task = task_service.find(session, task_id)
        hidden = (
            task is not None
            and task.project_id != kept
            and not _trackable(session, user_id, task.project_id, caller)
        )
        if task is None or hidden:
            raise ValidationFailed(f"task_id {task_id} does not exist", code="invalid_task", field="task_id")
        if project_id is None:
            project_id = task.project_id
        elif task.project_id != project_id:
            raise ValidationFailed("The task belongs to another project", code="task_project_mismatch")
    if project_id is not None:
        project = project_service.find(session, project_id)
        if project is None:
            raise ValidationFailed(
                f"project_id {project_id} does not exist", code="invalid_project", field="project_id"
            )
        if project_id != kept and task_id is None:  # (with a task: its project was asked about above)
            visibility.check_trackable(session, user_id, project, caller)
        if project.status == "archived":
            raise ValidationFailed("The project is archived", code="project_archived", field="project_id")
        billable_default = project.billable
    return project_id, task_id, billable_default


def _trackable(session: Session, user_id: int, project_id: int, caller: Principal | None) -> bool:
    project = project_service.find(session, project_id)
    return project is not None and visibility.may_track(session, user_id, project, caller)


def _check_span(start: int, end: int | None, now: int, break_seconds: int = 0) -> None:
    if end is not None and end <= start:
        raise ValidationFailed("end_time must be after start_time", code="end_before_start")
    future.check(start, end, now)
    if break_seconds and break_seconds >= (end if end is not None else max(now, start + 1)) - start:
        raise ValidationFailed(
            "break_seconds must be shorter than the entry", code="break_too_long", field="break_seconds"
        )


def _insert(session: Session, values: dict[str, Any]) -> Row:
    # No savepoint around the insert: nothing runs in this transaction after a failed one, whose
    # Conflict rolls it all back (Database.call), and on PostgreSQL a savepoint costs two round trips.
    try:
        return repository.insert_row(session, values)
    except IntegrityError as exc:
        if values["end_at"] is None:
            raise Conflict(TIMER_RUNNING, code="timer_already_running") from exc
        raise


def _shown(principal: Principal, row: Row) -> dict[str, Any]:
    """A row a write returned, as get_dict() would show it."""
    policy.check_owner(principal, row[1])
    return row_dict(row)


def create(
    session: Session,
    principal: Principal,
    data: dict[str, Any],
    source: str = "api",
    st: float | None = None,
) -> dict[str, Any]:
    """Create an entry; ``st`` is this transaction's sync stamp when the caller already took it."""
    user_id = policy.target_user(principal, data.get("user_id"))
    if user_id != principal.user_id:
        # A running timer belongs to the person at the keyboard: time tracked for someone else is
        # a finished span (TimeTracker's POST never starts a timer, for anyone).
        if not data.get("end_time"):
            raise ValidationFailed(
                "end_time is required for another user's entry: timers run only for oneself",
                code="end_time_required",
                field="end_time",
            )
        try:
            user = user_service.get(session, user_id)
        except NotFound as exc:  # a reference in the body, like project_id: 400, not 404
            raise ValidationFailed(f"user_id {user_id} does not exist", code="invalid_user") from exc
        if not user.is_active:
            raise ValidationFailed("That user is disabled", code="user_disabled")
    zone = zone_of(principal)
    start = parse_time(data["start_time"], zone, "start_time")
    end = parse_time(data["end_time"], zone, "end_time") if data.get("end_time") else None
    now = now_ts()
    break_seconds = data.get("break_seconds") or 0
    _check_span(start, end, now, break_seconds)
    if st is None or user_id != principal.user_id:
        st = stamp(session, user_id)
    lock.check_open(session, user_id, (start, end))
    overlaps = overlap.check(session, user_id, start, end)
    project_id, task_id, billable_default = resolve_project_task(
        session, user_id, data.get("project_id"), data.get("task_id"), caller=principal
    )
    billable = data.get("billable")
    notes = data.get("notes") or ""
    values = {
        "user_id": user_id,
        "project_id": project_id,
        "task_id": task_id,
        "start_at": start,
        "end_at": end,
        "notes": notes,
        "tags": entry_tags(notes, _tags(data.get("tags"))),
        # Time on no project bills nobody: it is billable only when said so.
        "billable": billable if billable is not None else bool(billable_default),
        "source": source,
        "break_seconds": break_seconds,
        "sync_key": new_sync_key(),
        "mt": float(now_ts()),
        "st": st,
        "created_at": now,
        "updated_at": now,
    }
    result = _shown(principal, _insert(session, values))
    history.record(session, [result["id"]], "create", principal)
    _announce(session, principal, "time_entry.created", result, st)
    if end is None:
        _announce(session, principal, "timer.started", result, st)
    return overlap.flagged(result, overlaps)


def _announce(session: Session, principal: Principal, name: str, entry: dict[str, Any], st: float) -> None:
    emit(session, name, entry, user_id=entry["user_id"], actor_id=principal.user_id, cursor=st)


def _locked(
    session: Session, principal: Principal, entry_id: int, tombstone: bool = False
) -> tuple[TimeEntry, float]:
    """The live entry (or with ``tombstone``, the deleted one), re-read after taking its owner's
    sync lock, and the stamp for this write."""
    entry = repository.get_any(session, entry_id) if tombstone else repository.get(session, entry_id)
    if entry is None:
        raise NotFound("Time entry not found")
    policy.check_owner(principal, entry.user_id)
    st = stamp(session, entry.user_id)
    session.refresh(entry)
    if tombstone and entry.deleted_at is None:
        raise Conflict("The time entry is not deleted", code="not_deleted")
    if not tombstone and entry.deleted_at is not None:
        raise NotFound("Time entry not found")
    return entry, st


def update(session: Session, principal: Principal, entry_id: int, changes: dict[str, Any]) -> dict[str, Any]:
    entry, st = _locked(session, principal, entry_id)
    lock.check_open(session, entry.user_id, (entry.start_at, entry.end_at))
    was_running = entry.end_at is None
    zone = zone_of(principal)
    if changes.get("if_updated_at") is not None:
        # Read under the owner's sync lock (_locked): no other write can slip in between.
        expected = parse_time(changes["if_updated_at"], zone, "if_updated_at")
        if entry.updated_at != expected:
            raise Conflict("The entry changed since that copy; fetch it again", code="entry_changed")
    if changes.get("start_time") is not None:
        entry.start_at = parse_time(changes["start_time"], zone, "start_time")
    if "end_time" in changes:
        if changes["end_time"] is None:
            if entry.end_at is not None:
                raise BadRequest(
                    "A finished entry cannot be made running again; start a timer instead",
                    code="cannot_restart",
                )
        else:
            entry.end_at = parse_time(changes["end_time"], zone, "end_time")
            if entry.paused_at is not None:  # stopped while paused: it ended when it was paused
                entry.end_at = min(entry.end_at, max(entry.paused_at, entry.start_at + 1))
                entry.paused_at = None
    if changes.get("break_seconds") is not None:
        entry.break_seconds = changes["break_seconds"]
    now = now_ts()
    _check_span(entry.start_at, entry.end_at, entry.paused_at or now, entry.break_seconds)
    lock.check_open(session, entry.user_id, (entry.start_at, entry.end_at))
    overlaps = overlap.check(session, entry.user_id, entry.start_at, entry.end_at, entry.id)
    if "project_id" in changes or "task_id" in changes:
        project_id = changes.get("project_id", entry.project_id)
        if "task_id" in changes:
            task_id = changes["task_id"]
        elif project_id != entry.project_id:
            task_id = None  # the old task belonged to the old project
        else:
            task_id = entry.task_id
        entry.project_id, entry.task_id, _ = resolve_project_task(
            session, entry.user_id, project_id, task_id, kept=entry.project_id, caller=principal
        )
    _retag(entry, changes)
    if changes.get("billable") is not None:
        entry.billable = changes["billable"]
    entry.updated_at = now
    entry.mt, entry.st = float(now_ts()), st
    session.flush()
    history.record(session, [entry.id], "update", principal)
    result = get_dict(session, principal, entry.id)
    _announce(session, principal, "time_entry.updated", result, st)
    if was_running and entry.end_at is not None:
        _announce(session, principal, "timer.stopped", result, st)
    return overlap.flagged(result, overlaps)


def _retag(entry: TimeEntry, changes: dict[str, Any]) -> None:
    """New notes and tags by the one tag rule (punchclock.kit.tags): tags sent replace the explicit
    ones; notes sent alone keep every tag but those written only in the old notes. Either way the
    tags written in the notes are the entry's: to drop one, take it out of the notes."""
    notes = changes.get("notes")
    if "tags" not in changes and notes == entry.notes:
        return  # the same notes sent again (a form saves them all): the tags, spelling and all, stay
    if "tags" in changes:
        explicit = _tags(changes["tags"])
    elif notes is not None:
        explicit = without_inline(entry.notes, entry.tags)
    else:
        return
    if notes is not None:
        entry.notes = notes
    entry.tags = entry_tags(entry.notes, explicit)


def delete(session: Session, principal: Principal, entry_id: int) -> None:
    entry, st = _locked(session, principal, entry_id)
    lock.check_open(session, entry.user_id, (entry.start_at, entry.end_at))
    repository.bury(session, entry, now_ts(), float(now_ts()), st)
    history.record(session, [entry_id], "delete", principal)
    emit(
        session,
        "time_entry.deleted",
        {"id": entry_id},
        user_id=entry.user_id,
        actor_id=principal.user_id,
        cursor=st,
    )


def restore(session: Session, principal: Principal, entry_id: int) -> dict[str, Any]:
    """Bring a deleted entry back as it was: the same row, so the same id and sync key.

    Its mt and st move on, so TimeTagger's clients take the live record over the hidden one they
    hold, and ``time_entry.restored`` tells live clients and webhooks. A tombstone never runs (see
    repository.bury), so a restored entry is finished and the one-running-timer rule holds.
    """
    entry, st = _locked(session, principal, entry_id, tombstone=True)
    lock.check_open(session, entry.user_id, (entry.start_at, entry.end_at))
    overlap.check(session, entry.user_id, entry.start_at, entry.end_at, entry.id)
    repository.unbury(session, entry, now_ts(), float(now_ts()), st)
    history.record(session, [entry.id], "restore", principal)
    result = get_dict(session, principal, entry.id)
    _announce(session, principal, "time_entry.restored", result, st)
    return result


# The timer: the running entry of the principal.


def timer_status(rows: Rows, principal: Principal) -> orjson.Fragment | None:
    """The caller's running entry as the API shows it (JSON), if any (run by Database.read_hot)."""
    row = repository.running_row(rows, principal.user_id)
    return row_json(row) if row else None


def start_timer(
    session: Session, principal: Principal, data: dict[str, Any], source: str = "timer"
) -> dict[str, Any]:
    """Start the caller's timer; ``source`` marks what started it (``workday``: attendance's clock-in)."""
    st = stamp(session, principal.user_id)  # the sync lock first, as every write
    # No look for a running timer first: the database's one-running-timer index refuses the insert,
    # which _insert answers with the same 409 (a query less; on PostgreSQL a round trip less).
    start = data.get("start_time") or iso(now_ts())
    payload = {**data, "start_time": start, "end_time": None, "user_id": None}
    return create(session, principal, payload, source=source, st=st)


def stop_timer(session: Session, principal: Principal, end_time: str | None) -> dict[str, Any]:
    st = stamp(session, principal.user_id)
    if not end_time:
        # Now, in one statement. A timer stopped within its first second still lasts one second
        # (end must follow start).
        row = repository.stop_running(session, principal.user_id, now_ts(), float(now_ts()), st)
        if row is not None:
            lock.check_running(session, principal.user_id, row[7])
    else:
        running = repository.running(session, principal.user_id)
        if running is None:
            raise BadRequest("No active timer", code="no_active_timer")
        entry_id, started = running
        end = parse_time(end_time, zone_of(principal), "end_time")
        if end <= started:
            raise ValidationFailed("end_time must be after the timer's start", code="end_before_start")
        future.check(started, end, now_ts())
        lock.check_open(session, principal.user_id, (started, end))
        overlap.check(session, principal.user_id, started, end, entry_id)
        row = repository.stop_entry(session, entry_id, end, now_ts(), float(now_ts()), st)
    if row is None:
        raise BadRequest("No active timer", code="no_active_timer")
    history.record(session, [row[0]], "update", principal)
    result = _shown(principal, row)
    _announce(session, principal, "time_entry.updated", result, st)
    _announce(session, principal, "timer.stopped", result, st)
    return result
