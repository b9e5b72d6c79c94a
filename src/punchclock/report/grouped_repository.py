"""The grouped report's queries: time per (project, user, task, tags, local day), summed in SQL.

Notes:
An entry is cut at every local midnight of the reader's time zone, and each piece is rounded on
its own, so every figure in any grouping is a sum of the same rounded day-pieces. Almost every
entry lies within one local day: those are summed by the database (``scan``), which computes
local time as ``ts + offset`` with the offset picked from the DST steps of the range
(``periods.offset_steps``). The few entries that cross a midnight or the range's edge, overlap a
DST change, or still run (``cut``), and those that started before the range (``before``), are
read as rows and cut in Python with zoneinfo.
The SQL is written out (not built with the ORM) because it needs integer division and a CASE
generated per range; every number inlined is an int computed here, every text value is bound.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Row, text
from sqlalchemy.orm import Session

from punchclock.kit.periods import DAY


@dataclass(frozen=True, slots=True)
class Scope:
    """Which entries and over which instants: [start, end) in UTC, plus the filters."""

    start: int
    end: int
    now: int
    steps: Sequence[tuple[int, int]]  # (from_ts, utc offset) over the range
    user_ids: Sequence[int] | None = None  # None: everyone
    project_ids: Sequence[int] | None = None
    client_ids: Sequence[int] | None = None
    tags: Sequence[str] = ()
    billable: bool | None = None
    dims: frozenset[str] = field(default_factory=frozenset)  # of user, task, tags, day


def _local_ts(col: str, steps: Sequence[tuple[int, int]]) -> str:
    """SQL for the local wall-clock time (as epoch seconds) of the instant in ``col``."""
    if len(steps) == 1:
        return f"{col} + {int(steps[0][1])}"
    pairs = itertools.pairwise(steps)
    whens = " ".join(f"WHEN {col} < {int(b[0])} THEN {col} + {int(a[1])}" for a, b in pairs)
    return f"CASE {whens} ELSE {col} + {int(steps[-1][1])} END"


def _ints(values: Sequence[int]) -> str:
    return ", ".join(str(int(v)) for v in values)


def _filters(scope: Scope, params: dict[str, Any]) -> list[str]:
    where = ["e.deleted_at IS NULL"]
    if scope.user_ids is not None:
        where.append(f"e.user_id IN ({_ints(scope.user_ids) or 'NULL'})")
    if scope.project_ids is not None:
        where.append(f"e.project_id IN ({_ints(scope.project_ids) or 'NULL'})")
    if scope.client_ids is not None:
        ids = _ints(scope.client_ids) or "NULL"
        where.append(f"e.project_id IN (SELECT id FROM projects WHERE client_id IN ({ids}))")
    if scope.billable is not None:
        where.append("e.billable = :billable")
        params["billable"] = scope.billable
    if scope.tags:
        # Tags are stored comma-joined; match whole tags, case-insensitively, with LIKE's
        # wildcards escaped (a tag may contain % or _).
        likes = []
        for n, tag in enumerate(scope.tags):
            escaped = tag.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            params[f"tag{n}"] = f"%,{escaped},%"
            likes.append(f"(',' || LOWER(e.tags) || ',') LIKE :tag{n} ESCAPE '\\'")
        where.append("(" + " OR ".join(likes) + ")")
    return where


_DIM_COLUMNS = {"user": "e.user_id", "task": "e.task_id", "tags": "e.tags"}


def _rounded(expr: str, mode: str, step: int) -> str:
    if mode == "up":
        return f"((({expr}) + {step - 1}) / {step} * {step})"
    if mode == "down":
        return f"(({expr}) / {step} * {step})"
    if mode == "nearest":
        return f"((({expr}) + {step // 2}) / {step} * {step})"
    return f"({expr})"


def _one_day(scope: Scope) -> tuple[str, str]:
    """SQL for the local time of an entry's start, and for "the entry fits in one local day".

    Without a DST change inside it, an entry stays in its local day when its time of day plus its
    length is at most a day; an entry overlapping a change is cut in Python, exactly.
    """
    local = _local_ts("e.start_at", scope.steps)
    changes = "".join(f" AND NOT (e.start_at < {int(t)} AND e.end_at > {int(t)})" for t, _ in scope.steps[1:])
    return local, f"(e.end_at IS NOT NULL AND ({local}) % {DAY} + (e.end_at - e.start_at) <= {DAY}{changes})"


def scan(session: Session, scope: Scope, mode: str, step: int) -> list[Row]:
    """Entries starting in the range that fit in one local day, summed per project and wanted dims.

    Columns, always in this order (NULL for a dim not asked for): project_id, user_id, task_id,
    tags, day, seconds, billable_seconds, entries. The groups are few, so PostgreSQL aggregates
    in parallel workers and in memory.
    """
    params: dict[str, Any] = {"start": scope.start, "end": scope.end}
    local, one_day = _one_day(scope)
    keys = {"project_id": "e.project_id", **{c[2:]: c for d, c in _DIM_COLUMNS.items() if d in scope.dims}}
    if "day" in scope.dims:
        keys["day"] = f"({local}) / {DAY}"
    names = ("project_id", "user_id", "task_id", "tags", "day")
    cols = [f"{keys[k]} AS {k}" if k in keys else f"NULL AS {k}" for k in names]
    dur = _rounded("e.end_at - e.start_at", mode, step)
    where = [*_filters(scope, params), "e.start_at >= :start", "e.start_at < :end", one_day]
    sql = (
        f"SELECT {', '.join(cols)}, SUM({dur}) AS seconds, "
        f"SUM(CASE WHEN e.billable THEN {dur} ELSE 0 END) AS billable_seconds, COUNT(*) AS entries "
        f"FROM time_entries e WHERE {' AND '.join(where)} GROUP BY {', '.join(keys.values())}"
    )
    return list(session.execute(text(sql), params).all())


def scan_whole(session: Session, scope: Scope) -> list[Row]:
    """Without rounding or periods, splitting at midnights changes no sum: entries starting in
    the range are summed whole, cut only at the range's end, a running one up to now. No time
    zone arithmetic per row. Columns as in ``scan`` (``day`` always NULL)."""
    params: dict[str, Any] = {"start": scope.start, "end": scope.end, "now": scope.now}
    keys = {"project_id": "e.project_id", **{c[2:]: c for d, c in _DIM_COLUMNS.items() if d in scope.dims}}
    names = ("project_id", "user_id", "task_id", "tags", "day")
    cols = [f"{keys[k]} AS {k}" if k in keys else f"NULL AS {k}" for k in names]
    end = "COALESCE(e.end_at, :now)"
    dur = f"(CASE WHEN {end} > :end THEN :end ELSE {end} END - e.start_at)"
    where = [*_filters(scope, params), "e.start_at >= :start", "e.start_at < :end", f"{end} > e.start_at"]
    sql = (
        f"SELECT {', '.join(cols)}, SUM({dur}) AS seconds, "
        f"SUM(CASE WHEN e.billable THEN {dur} ELSE 0 END) AS billable_seconds, COUNT(*) AS entries "
        f"FROM time_entries e WHERE {' AND '.join(where)} GROUP BY {', '.join(keys.values())}"
    )
    return list(session.execute(text(sql), params).all())


_ENTRY = "e.id, e.project_id, e.user_id, e.task_id, e.tags, e.billable, e.start_at"


def cut(session: Session, scope: Scope) -> list[Row]:
    """The other entries starting in the range: across a midnight or the range's end, over a DST
    change, or running (``end_at`` now). Columns: id, project_id, user_id, task_id, tags,
    billable, start_at, end_at."""
    params: dict[str, Any] = {"start": scope.start, "end": scope.end, "now": scope.now}
    _, one_day = _one_day(scope)
    where = [*_filters(scope, params), "e.start_at >= :start", "e.start_at < :end", f"NOT {one_day}"]
    sql = (
        f"SELECT {_ENTRY}, COALESCE(e.end_at, :now) AS end_at FROM time_entries e WHERE {' AND '.join(where)}"
    )
    return list(session.execute(text(sql), params).all())


def before(session: Session, scope: Scope) -> list[Row]:
    """Entries that started before the range and reach into it, and running ones that did.

    Both halves walk the (user_id, end_at) index, so the history before the range is not read.
    Columns: id, project_id, user_id, task_id, tags, billable, start_at, end_at (now if running).
    """
    params: dict[str, Any] = {"start": scope.start, "now": scope.now}
    where = _filters(scope, params)
    if scope.user_ids is None:
        where.append("e.user_id IN (SELECT id FROM users)")
    cols = _ENTRY
    common = " AND ".join(where)
    # "+ 0" keeps the planners off the start_at indexes, which would read the whole history:
    # there is at most one running entry per user, found by its partial index.
    sql = (
        f"SELECT {cols}, e.end_at FROM time_entries e WHERE {common} AND e.start_at < :start "
        f"AND e.end_at > :start UNION ALL SELECT {cols}, :now AS end_at FROM time_entries e "
        f"WHERE {common} AND e.end_at IS NULL AND e.start_at + 0 < :start AND :now > :start"
    )
    return list(session.execute(text(sql), params).all())


def projects(session: Session) -> list[Row]:
    """Every project with its client and rate (a team has hundreds, not millions)."""
    sql = (
        "SELECT p.id, p.name, p.client_id, c.name AS client_name, p.hourly_rate, p.estimated_hours "
        "FROM projects p LEFT JOIN clients c ON c.id = p.client_id"
    )
    return list(session.execute(text(sql)).all())


def names(session: Session, table: str, ids: Sequence[int]) -> dict[int, str]:
    """Display names of users or tasks by id."""
    if not ids:
        return {}
    column = {"users": "COALESCE(NULLIF(display_name, ''), username)", "tasks": "name"}[table]
    sql = f"SELECT id, {column} FROM {table} WHERE id IN ({_ints(ids)})"
    return {int(r[0]): str(r[1]) for r in session.execute(text(sql)).all()}
