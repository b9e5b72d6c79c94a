"""Entries as the API shows them: the v1 JSON of a row, and lookups that return it.

Notes:
The week list renders the same rows again and again (a web app refreshing, an integration
polling), and rendering was a quarter of its CPU time. ``row_json`` keeps each rendered row keyed by
the whole row it was made from (every column, the joined user, project and task names included),
so any change to any of them is a new key: a kept answer is never stale, in this process or with
other instances writing. The cache holds at most ``RENDERED_BYTES`` and starts over when full,
counting what an entry really costs: the key row's objects, the JSON and the dict slot. The JSON is
kept as an exact-size copy: a bytes object from orjson holds the whole 4 KiB buffer it was written
into, so a cache that counted 16 MiB of JSON held over 100 MiB (a mixed-load soak's resident size
climbed 7 MiB a minute). Nothing in a row's JSON depends on the time it is rendered (a running
entry has no duration).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import orjson
from sqlalchemy.orm import Session

from punchclock.entry import repository
from punchclock.kit.tags import tag_list
from punchclock.kit.timeutil import format_duration, iso

T = TypeVar("T")


def row_dict(row: Sequence[Any]) -> dict[str, Any]:
    """An entry for the API from a row in ``repository.LIST_COLUMNS`` order (tuple or Row)."""
    (entry_id, user_id, username, project_id, project, task_id, task, start, end, notes, tags,
     source, billable, created, updated, paused, pause_total) = row[:17]  # fmt: skip
    # Worked time: the span less its breaks (a paused timer's pauses, or a break given on an entry).
    duration = end - start - pause_total if end is not None else None
    return {
        "id": entry_id,
        "user_id": user_id,
        "user": username,
        "project_id": project_id,
        "project": project,
        "task_id": task_id,
        "task": task,
        "start_time": iso(start),
        "end_time": iso(end),
        "duration_seconds": duration,
        "duration_hours": round(duration / 3600, 2) if duration is not None else None,
        "duration_formatted": format_duration(duration) if duration is not None else None,
        "break_seconds": pause_total,
        "paused_at": iso(paused),
        "notes": notes,
        "tags": tags,
        "tag_list": tag_list(tags),
        "source": source,
        "billable": bool(billable),
        "is_active": end is None,
        "created_at": iso(created),
        "updated_at": iso(updated),
    }


RENDERED_BYTES = 8 * 1024 * 1024
_SLOT_BYTES = 104  # a dict slot plus the Fragment object around the JSON
_rendered: dict[tuple[Any, ...], orjson.Fragment] = {}
_rendered_bytes = 0


def _cost(row: tuple[Any, ...], data: bytes) -> int:
    return sys.getsizeof(row) + sum(map(sys.getsizeof, row)) + sys.getsizeof(data) + _SLOT_BYTES


def row_json(row: tuple[Any, ...]) -> orjson.Fragment:
    """row_dict() as JSON, ready to embed in an orjson answer; kept by the row (see the notes)."""
    global _rendered_bytes
    found = _rendered.get(row)
    if found is None:
        # orjson's bytes keep the 4 KiB it wrote into; kept, a copy of their exact size is ~8x smaller.
        data = bytes(memoryview(orjson.dumps(row_dict(row))))
        if _rendered_bytes > RENDERED_BYTES:
            _rendered.clear()  # a racing thread may count a few bytes twice: only a bound
            _rendered_bytes = 0
        found = _rendered[row] = orjson.Fragment(data)
        _rendered_bytes += (
            sys.getsizeof(row) + sum(map(sys.getsizeof, row)) + sys.getsizeof(data) + _SLOT_BYTES
        )
    return found


def live_dicts_by_keys(session: Session, user_id: int, keys: list[str]) -> dict[str, dict[str, Any]]:
    """The user's live (not deleted) entries with these sync keys, as v1 JSON, by key."""
    return {key: row_dict(row) for key, row in repository.live_rows_by_keys(session, user_id, keys)}


def by_ids(session: Session, ids: list[int], render: Callable[[tuple[Any, ...]], T]) -> list[T]:
    """The live entries with these ids, rendered by row_dict or row_json, in the order of ``ids``."""
    found = {row[0]: tuple(row) for row in repository.rows_by_ids(session, ids)}
    return [render(found[i]) for i in ids if i in found]
