"""Applying a batch of pushed records to the stored entries: pure logic, no database.

Notes:
Rules, in the order they apply to each record:
- The conflict rule: a stored entry with a larger ``mt`` wins (the key still counts as accepted,
  and the entry is re-stamped so the pushing client gets it back); equal ``mt``: the push wins.
- A ds starting with HIDDEN makes a tombstone. A tombstone is never running: one pushed with
  t1 == t2 gets the end max(t1 + 1, now).
- One running timer per user (TimeTagger allows several). The batch applies every record that
  does not run before those that do, and those in order of their start, so a client that stops
  its timer and starts another in one push (as TimeTagger's app and CLI do) just works. A record
  pushed as running while another entry runs stops that entry at the new record's start (at least
  one second after its own), as TimeTagger's app does before starting a timer, and bumps that
  entry's ``mt`` so a stale copy of it cannot restart it. A record that started before the running
  one is stored stopped at the running one's start instead. Nothing is dropped and both answers
  are deterministic.
- Breaks (a timer paused and resumed): TimeTagger sees an entry with a break as starting that
  much later (service.record), so a pushed t1 moves the stored start to t1 minus the break. A
  paused timer that a record stops (or that a new running record stops) ends no later than when
  it was paused: the pause was not work.
- The period lock (punchclock.approval.lock): a record whose stored entry or whose new times lie
  in locked time is refused alone (``refused``), before it changes anything; the rest of the batch
  applies. Its stored entry is re-stamped, so the client gets the server's version back.
- A project may carry a tag: the tag in ds sets the project; a ds without the tag of the entry's
  tagged project clears it; a project without a tag stays. A changed project clears the task.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

from punchclock.sync.ds import ds_tag, parse_tags, pushed_tags, same_text
from punchclock.sync.schemas import RecordIn


@dataclass(slots=True)
class Entry:
    """The working copy of one entry while a batch is applied."""

    id: int | None
    sync_key: str
    start_at: int
    end_at: int | None
    notes: str
    tags: str
    project_id: int | None
    task_id: int | None
    billable: bool
    mt: float
    deleted_at: int | None
    project_tag: str | None
    paused_at: int | None = None
    break_seconds: int = 0
    stamped: bool = False  # needs the batch's st
    changed: bool = False  # content changed (updated_at)
    restored: bool = False  # a stored tombstone made live again (TimeTagger's undo of a delete)

    @classmethod
    def from_row(cls, row: Any) -> Entry:
        return cls(**{f.name: getattr(row, f.name) for f in fields(cls) if f.name not in _STATE})


_STATE = ("stamped", "changed", "restored")


@dataclass(frozen=True, slots=True)
class TaggedProject:
    id: int
    tag: str  # as written in ds
    billable: bool


def index_projects(rows: list[Any]) -> dict[str, TaggedProject]:
    found: dict[str, TaggedProject] = {}
    for row in rows:
        spelled = ds_tag(row.tag)
        if spelled:
            found.setdefault(spelled, TaggedProject(row.id, row.tag, row.billable))
    return found


def _batch_order(records: list[RecordIn]) -> list[RecordIn]:
    still = [r for r in records if not r.running]
    running = sorted((r for r in records if r.running), key=lambda r: r.t1)
    return still + running


def _stop(entry: Entry, end: int) -> None:
    """End ``entry`` at ``end``, or when it was paused if that came first, and always after its
    break (worked time is at least a second, as the database requires)."""
    if entry.paused_at is not None:
        end = min(end, entry.paused_at)
        entry.paused_at = None
    entry.end_at = max(end, entry.start_at + entry.break_seconds + 1)


Span = tuple[int, int | None]
# Why the record may not be written (its stored entry's id and span, its new span), or None: the
# period lock and the overlap rule.
# A deletion has no new span (None).
Fence = Callable[[int | None, Span | None, Span | None], str | None]


class Batch:
    def __init__(
        self,
        entries: dict[str, Entry],
        running_key: str | None,
        projects: dict[str, TaggedProject],
        now: int,
        fence: Fence | None = None,
    ) -> None:
        self.entries = entries
        self.running_key = running_key
        self.projects = projects
        self.now = now
        self.fence = fence
        self.refused: list[tuple[str, str]] = []  # (key, why)

    def apply_all(self, records: list[RecordIn]) -> list[str]:
        """Apply the records; returns the accepted keys (in the order applied). Refused ones are
        in ``refused``."""
        accepted = []
        for record in _batch_order(records):
            if self.apply(record):
                accepted.append(record.key)
        return accepted

    def apply(self, record: RecordIn) -> bool:
        """Apply one record; False when the lock refused it (nothing changed)."""
        current = self.entries.get(record.key)
        if current is not None and current.mt > record.mt:
            current.stamped = True
            return True
        why = self._fenced(current, record)
        if why is not None:
            self.refused.append((record.key, why))
            if current is not None:
                current.stamped = True
            return False
        entry = current or self._new(record)
        if current is None or not same_text(
            record.ds, current.notes, current.tags, current.project_tag, current.deleted_at is not None
        ):
            self._set_text(entry, record.ds)
        self._set_times(entry, record)
        entry.mt = record.mt
        entry.stamped = entry.changed = True
        self.entries[record.key] = entry
        return True

    def _fenced(self, current: Entry | None, record: RecordIn) -> str | None:
        if self.fence is None:
            return None
        old = (current.start_at, current.end_at) if current is not None else None
        start = record.t1 - (current.break_seconds if current is not None else 0)
        end = None if record.running and not record.hidden else max(record.t2, start + 1)
        new = None if record.hidden and current is not None else (start, end)
        return self.fence(current.id if current is not None else None, old, new)

    def _new(self, record: RecordIn) -> Entry:
        # Not billable until a project's tag says otherwise (time on no project bills nobody).
        return Entry(None, record.key, record.t1, None, "", "", None, None, False, record.mt, None, None)

    def _set_text(self, entry: Entry, ds: str) -> None:
        tags = parse_tags(ds)
        entry.notes = ds
        entry.tags = pushed_tags(ds, entry.tags)
        projects = self.projects
        project = next((projects[t] for t in tags if t in projects), None) if projects else None
        keeps_own = entry.project_tag is not None and ds_tag(entry.project_tag) in tags
        if keeps_own:
            return
        if project is not None:
            if entry.project_id != project.id:
                entry.task_id = None
                if entry.id is None:
                    entry.billable = project.billable
            entry.project_id, entry.project_tag = project.id, project.tag
        elif entry.project_tag is not None:
            entry.project_id = entry.task_id = entry.project_tag = None

    def _set_times(self, entry: Entry, record: RecordIn) -> None:
        entry.start_at = record.t1 - entry.break_seconds
        if entry.id is not None and entry.deleted_at is not None and not record.hidden:
            entry.restored = True
        if record.hidden:
            entry.deleted_at = entry.deleted_at or self.now
            _stop(entry, record.t2 if record.t2 > record.t1 else max(record.t1 + 1, self.now))
        elif record.t1 < record.t2:
            entry.deleted_at = None
            _stop(entry, record.t2)
        else:
            entry.deleted_at = None
            entry.end_at = self._start_running(entry, record)
        if entry.end_at is not None and self.running_key == record.key:
            self.running_key = None

    def _start_running(self, entry: Entry, record: RecordIn) -> int | None:
        """The end for a record pushed as running: None if it may run, else where it stops."""
        other = self.entries.get(self.running_key) if self.running_key not in (None, record.key) else None
        if other is not None:
            if record.t1 < other.start_at:
                return other.start_at
            _stop(other, record.t1)
            other.mt = max(other.mt, record.mt, float(self.now))
            other.stamped = other.changed = True
        self.running_key = record.key
        return None

    def restamp(self, key: str) -> None:
        """A failed item whose key exists: send the stored version back to the client."""
        if key in self.entries:
            self.entries[key].stamped = True

    def writes(self) -> tuple[list[Entry], list[Entry], Entry | None]:
        """(existing entries to update, new ones to insert, the running one last): stops before starts,
        so the one-running-timer index never sees two at once."""
        touched = [e for e in self.entries.values() if e.stamped]
        running = next((e for e in touched if e.end_at is None), None)
        stopped = [e for e in touched if e is not running]
        return [e for e in stopped if e.id is not None], [e for e in stopped if e.id is None], running
