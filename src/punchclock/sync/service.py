"""The sync API's operations: push and query records, push and read settings, forcereset.

Every function takes a session and plain arguments (no HTTP), so an importer can reuse them.
Writes stamp first (punchclock.sync.stamp): that takes the user's sync lock before anything is
read, so the running timer seen here is still the running timer when the batch commits.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import orjson
from orjson import Fragment
from sqlalchemy import Row
from sqlalchemy.orm import Session

from punchclock.approval import lock
from punchclock.entry import future
from punchclock.history import record as history
from punchclock.overlap import service as overlap
from punchclock.project import visibility
from punchclock.sync import events, repository
from punchclock.sync.ds import parse_tags, render
from punchclock.sync.merge import Batch, Entry, Fence, Span, index_projects
from punchclock.sync.schemas import (
    MAX_KEY,
    ItemError,
    RecordIn,
    SettingIn,
    item_key,
    record_in,
    setting_in,
    storable_key,
)
from punchclock.sync.stamp import stamp, stamp_with_reset

RESET_ERROR = "the item was modified before the last forcereset"


@dataclass
class PushResult:
    accepted: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def fail(self, key: str | None, message: str) -> None:
        if key is not None:
            self.failed.append(key)
            message = f"{key[:MAX_KEY]!r}: {message}"
        self.errors.append(message)

    def as_dict(self) -> dict[str, list[str]]:
        return {"accepted": self.accepted, "failed": self.failed, "errors": self.errors}


def _number(value: float) -> int | float:
    return int(value) if value.is_integer() else value


def record(
    key: str,
    start: int,
    end: int | None,
    notes: str,
    tags: str,
    project_tag: str | None,
    deleted_at: int | None,
    mt: float,
    st: float,
    break_seconds: int = 0,
) -> dict[str, Any]:
    """A stored entry as TimeTagger's record: t1 == t2 while it runs.

    TimeTagger has no breaks: an entry with a break shows as starting that much later, so its
    length is the time worked, and its end (the time it was stopped) stays true. A record pushed
    back moves the entry's start by the same amount (merge.Batch), so nothing is lost either way.
    """
    t1 = start + break_seconds
    return {
        "key": key,
        "t1": t1,
        "t2": t1 if end is None else end,
        "ds": render(notes, tags, project_tag, deleted_at is not None),
        "mt": int(mt) if mt.is_integer() else mt,
        "st": st,
    }


def record_dict(row: Row) -> dict[str, Any]:
    return record(
        row.sync_key,
        row.start_at,
        row.end_at,
        row.notes,
        row.tags,
        row.project_tag,
        row.deleted_at,
        row.mt,
        row.st,
        row.break_seconds,
    )


def _validate(
    items: list[Any], parse: Any, reset_st: float, result: PushResult
) -> tuple[list[Any], list[str]]:
    """Split items into valid ones and the keys of invalid ones (whose stored version is re-sent)."""
    valid, bad = [], []
    for item in items:
        key = item_key(item)
        try:
            parsed = parse(item)
        except ItemError as exc:
            result.fail(key, str(exc))
            if key is not None:
                bad.append(key)
            continue
        if parsed.mt < reset_st:
            result.fail(parsed.key, RESET_ERROR)
            bad.append(parsed.key)
            continue
        valid.append(parsed)
    return valid, bad


def stored_record(entry: Entry, st: float) -> str:
    """The record as the feed sends it, to store with the row: record() serialized."""
    notes, tags, deleted = entry.notes, entry.tags, entry.deleted_at
    fields = (entry.sync_key, entry.start_at, entry.end_at, notes, tags, None, deleted, entry.mt, st)
    return orjson.dumps(record(*fields, entry.break_seconds)).decode()


def _entry_row(entry: Entry, user_id: int, st: float, now: int) -> dict[str, Any]:
    row = {
        "user_id": user_id,
        "sync_key": entry.sync_key,
        "start_at": entry.start_at,
        "end_at": entry.end_at,
        "notes": entry.notes,
        "tags": entry.tags,
        "project_id": entry.project_id,
        "task_id": entry.task_id,
        "billable": entry.billable,
        "mt": entry.mt,
        "st": st,
        "deleted_at": entry.deleted_at,
        "paused_at": entry.paused_at,
        "break_seconds": entry.break_seconds,
        # The feed's copy of the record (see feed_repository.STORED): not for a tagged project's entry,
        # whose ds carries a tag that may be renamed.
        "sync_record": None if entry.project_tag else stored_record(entry, st),
        "sync_record_st": st,
    }
    if entry.id is None:
        row["source"] = "timetagger"
        row["created_at"] = row["updated_at"] = now
        return row
    row["id"] = entry.id
    if entry.changed:
        row["updated_at"] = now
    return row


def _worked_already(record: RecordIn, now: int) -> RecordIn:
    """The record, unless it reaches into the future (punchclock.entry.future); deleting one may."""
    if not record.hidden:
        refused = future.refusal(record.t1, None if record.running else record.t2, now)
        if refused is not None:
            raise ItemError(f"{'t1' if record.running else 't2'}: {refused[2]}")
    return record


def _remember(session: Session, user_id: int, written: list[Entry]) -> None:
    """A history version of each entry whose content the push changed (not of a mere restamp)."""
    by_action: dict[str, list[str]] = {}
    for e in written:
        if not e.changed:
            continue
        if e.id is None:
            action = "create"
        elif e.restored:
            action = "restore"
        else:
            action = "delete" if e.deleted_at is not None else "update"
        by_action.setdefault(action, []).append(e.sync_key)
    for action, keys in by_action.items():
        history.record_keys(session, user_id, keys, action)


def _fence(session: Session, user_id: int) -> Fence:
    def refuse(entry_id: int | None, old: Span | None, new: Span | None) -> str | None:
        locked = lock.refusal(session, user_id, old, new)
        if locked is not None:
            return f"{locked.code}: {locked.message}"
        if new is None:
            return None
        overlapping, _ = overlap.refusal(session, user_id, new[0], new[1], entry_id)
        return f"{overlapping.code}: {overlapping.message}" if overlapping is not None else None

    return refuse


def push_records(session: Session, user_id: int, items: list[Any]) -> dict[str, list[str]]:
    """PUT records: validate each item, apply the valid ones (see merge.py), stamp what changed."""
    st, reset_st = stamp_with_reset(session, user_id)
    history.acting(session, "sync", user_id)
    now = int(time.time())
    result = PushResult()
    records, bad = _validate(items, lambda item: _worked_already(record_in(item), now), reset_st, result)
    keys = [r.key for r in records] + [k for k in bad if storable_key(k)]
    rows = repository.records_by_keys(session, user_id, keys)
    running = repository.running_record(session, user_id)
    if running is not None:
        rows.append(running)
    entries = {row.sync_key: Entry.from_row(row) for row in rows}
    batch = Batch(
        entries,
        running.sync_key if running is not None else None,
        # A private project's tag maps only for those who may track on it; for others it stays a tag.
        index_projects(repository.tagged_projects(session, visibility.trackable(user_id))),
        now,
        _fence(session, user_id),
    )
    for key in bad:
        batch.restamp(key)
    result.accepted = batch.apply_all(records)
    for key, why in batch.refused:
        result.fail(key, why)
    updates, inserts, last = batch.writes()
    # Group rows by their columns: a bulk UPDATE needs one shape per statement.
    changed = [_entry_row(e, user_id, st, now) for e in updates]
    repository.update_entries(session, [r for r in changed if "updated_at" in r])
    repository.update_entries(session, [r for r in changed if "updated_at" not in r])
    repository.insert_entries(session, [_entry_row(e, user_id, st, now) for e in inserts])
    if last is not None:
        row = _entry_row(last, user_id, st, now)
        (repository.update_entries if last.id is not None else repository.insert_entries)(session, [row])
    _remember(session, user_id, [*updates, *inserts, *([last] if last else [])])
    events.announce(
        session, user_id, [*updates, *inserts, *([last] if last else [])],
        running.sync_key if running is not None else None, st,
    )  # fmt: skip
    return result.as_dict()


def get_records(
    session: Session,
    user_id: int,
    t1: int,
    t2: int,
    running: bool | None = None,
    hidden: bool | None = None,
    tags: list[str] | None = None,
) -> list[dict[str, Any]]:
    """Records overlapping [t1, t2] (a running one reaches to infinity), optionally filtered."""
    rows = repository.records_in_range(session, user_id, t1, t2, running, hidden)
    records = [record_dict(row) for row in rows]
    if tags:
        wanted = set(tags)
        records = [r for r in records if wanted.issubset(parse_tags(r["ds"]))]
    return records


def get_records_by_keys(session: Session, user_id: int, keys: list[str]) -> dict[str, dict[str, Any]]:
    """The stored records with these keys (tombstones included), by key: what an importer diffs against."""
    return {row.sync_key: record_dict(row) for row in repository.records_by_keys(session, user_id, keys)}


# Settings


def setting_dict(row: Row) -> dict[str, Any]:
    # The value is stored as JSON text: embed it as it is.
    return {"key": row.key, "value": Fragment(row.value), "mt": _number(row.mt), "st": row.st}


def get_settings(session: Session, user_id: int) -> list[dict[str, Any]]:
    return [setting_dict(row) for row in repository.settings_since(session, user_id, None)]


def push_settings(session: Session, user_id: int, items: list[Any]) -> dict[str, list[str]]:
    """PUT settings: per-item validation and the same mt rule as records."""
    st, reset_st = stamp_with_reset(session, user_id)
    result = PushResult()
    settings, bad = _validate(items, setting_in, reset_st, result)
    stored = repository.settings_by_keys(
        session, user_id, [s.key for s in settings] + [k for k in bad if storable_key(k)]
    )
    latest: dict[str, SettingIn] = {}
    restamp = {key for key in bad if key in stored}
    for setting in settings:
        result.accepted.append(setting.key)
        seen = latest.get(setting.key)
        best_mt = seen.mt if seen else (stored[setting.key].mt if setting.key in stored else None)
        if best_mt is not None and best_mt > setting.mt:
            restamp.add(setting.key)
        else:
            latest[setting.key] = setting
    rows = {k: {"key": k, "value": s.value, "mt": s.mt, "st": st} for k, s in latest.items()}
    repository.insert_settings(
        session, [{"user_id": user_id, **row} for k, row in rows.items() if k not in stored]
    )
    changed = [row for k, row in rows.items() if k in stored]
    changed += [{"key": k, "st": st} for k in restamp - rows.keys()]
    repository.update_settings(session, user_id, changed)
    events.announce_settings(session, user_id, list(rows), st)
    return result.as_dict()


def force_reset(session: Session, user_id: int) -> None:
    """Make every client start over: their cursors are older than this stamp."""
    repository.set_reset(session, user_id, stamp(session, user_id))


def restamp_project(session: Session, project_id: int) -> None:
    """Re-send a project's entries to TimeTagger clients (call it when the project's tag changes)."""
    for user_id in repository.users_on_project(session, project_id):
        repository.stamp_project_entries(session, user_id, project_id, stamp(session, user_id))
