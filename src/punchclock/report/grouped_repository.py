"""The grouped report's queries: time per (project, user, task, tags, local day), summed in SQL.

Notes:
An entry is cut at every local midnight of the reader's time zone, and each piece is rounded on
its own, so every figure in any grouping is a sum of the same rounded day-pieces. Almost every
entry ends within the local day it starts in: those are summed by the database (``sums``), each
local day selected by its exact bounds from zoneinfo (``Scope.days``), so no time zone arithmetic
runs per row and DST days need no special case. The others (past their day's midnight, or, when
neither rounding nor periods are asked for, past the range's end; and running ones) are read as
rows and cut in Python (``crossing``); entries that started before the range come from ``before``.

The days are a VALUES list joined to the entries. PostgreSQL gets the whole range in one
statement (hash aggregation). SQLite has no hash aggregation: its GROUP BY sorts every row, and
sorting a week's rows at a time costs far less than sorting a year's at once, so it gets a batch
of days per statement (see SQLITE_BATCH_DAYS). Both read only the report index
(ix_time_entries_report on PostgreSQL, ix_time_entries_report_tags on SQLite: see the model).
Every number inlined in the SQL is an int computed here; every text value is bound.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Row, bindparam, select, text
from sqlalchemy.orm import Session

from punchclock.models import Client, Project
from punchclock.models.project import effective_hourly_rate
from punchclock.report.tag_repository import tagged

# Days per statement on SQLite (see the module notes). Longer batches when the groups are many
# (per user, task or tags), or each batch would return nearly as many rows as it sums; longest
# for a few people's entries, which sort fast at any length. Never much more than 100: joined to
# more days, SQLite's planner builds a Bloom filter by scanning the whole table first.
SQLITE_BATCH_DAYS = 7
SQLITE_BATCH_DAYS_MANY_GROUPS = 61
SQLITE_BATCH_DAYS_FEW_USERS = 100


@dataclass(frozen=True, slots=True)
class Scope:
    """Which entries and over which instants: [start, end) in UTC, plus the filters."""

    start: int
    end: int
    now: int
    # (day number, its key, first instant, next midnight) for the local days of [start, end);
    # the key is the day number the day's time is summed under (see grouped.scope_of).
    days: Sequence[tuple[int, int, int, int]]
    user_ids: Sequence[int] | None = None  # None: everyone
    project_ids: Sequence[int] | None = None
    client_ids: Sequence[int] | None = None
    task_ids: Sequence[int] | None = None
    tags: Sequence[str] = ()
    billable: bool | None = None
    approval: str | None = None  # "approved": inside approved or closed periods only; "open": outside
    dims: frozenset[str] = field(default_factory=frozenset)  # of user, task, tags, day
    # One group's entries only: (dimension, its id, tag or None) pairs, see _match.
    matches: Sequence[tuple[str, int | str | None]] = ()


def _ints(values: Sequence[int]) -> str:
    return ", ".join(str(int(v)) for v in values)


def filters(scope: Scope, params: dict[str, Any], e: str = "e", lead: bool = True) -> tuple[str, list[str]]:
    """The table to read the scope's entries from as ``e`` and the conditions on them. With ``lead``,
    a tag filter (or a tag group) reads its tags' rows of entry_tags (see tag_repository)."""
    found = tagged(scope.tags, scope.matches, params, e, lead, "tags" in scope.dims)
    where = [f"{e}.deleted_at IS NULL"]
    if scope.user_ids is not None:
        where.append(f"{e}.user_id IN ({_ints(scope.user_ids) or 'NULL'})")
    elif found.from_tags:  # entry_tags is indexed by (tag, user, start): everyone's, a user at a time
        where.append(f"{e}.user_id IN (SELECT id FROM users)")
    if scope.project_ids is not None:
        where.append(f"{e}.project_id IN ({_ints(scope.project_ids) or 'NULL'})")
    if scope.client_ids is not None:
        ids = _ints(scope.client_ids) or "NULL"
        where.append(f"{e}.project_id IN (SELECT id FROM projects WHERE client_id IN ({ids}))")
    if scope.task_ids is not None:
        where.append(f"{e}.task_id IN ({_ints(scope.task_ids) or 'NULL'})")
    if scope.billable is not None:
        where.append(f"{e}.billable = :billable")
        params["billable"] = scope.billable
    if scope.approval is not None:
        inside = (
            f"EXISTS (SELECT 1 FROM timesheet_periods p WHERE p.user_id = {e}.user_id AND "
            f"p.status IN ('approved', 'closed') AND p.start_at <= {e}.start_at AND p.end_at > {e}.start_at)"
        )
        where.append(inside if scope.approval == "approved" else f"NOT {inside}")
    where.extend(found.where)
    where.extend(_match(dim, value, e) for dim, value in scope.matches if dim != "tag")
    return found.table, where


def _match(dim: str, value: int | str | None, e: str) -> str:
    """One group of a report as a condition: its project, client, task or user (None: the "No
    project", "No client" ... group). Tag groups are tag_repository's."""
    if dim == "client":
        if value is None:
            clientless = "SELECT id FROM projects WHERE client_id IS NULL"
            return f"({e}.project_id IS NULL OR {e}.project_id IN ({clientless}))"
        return f"{e}.project_id IN (SELECT id FROM projects WHERE client_id = {int(value)})"
    column = {"project": "project_id", "task": "task_id", "user": "user_id"}[dim]
    return f"{e}.{column} IS NULL" if value is None else f"{e}.{column} = {int(value)}"


_DIM_COLUMNS = {"user": "e.user_id", "task": "e.task_id", "tags": "e.tags"}


def _rounded(expr: str, mode: str, step: int) -> str:
    if mode == "up":
        return f"((({expr}) + {step - 1}) / {step} * {step})"
    if mode == "down":
        return f"(({expr}) / {step} * {step})"
    if mode == "nearest":
        return f"((({expr}) + {step // 2}) / {step} * {step})"
    return f"({expr})"


Window = tuple[int | None, int, int, int]  # (day number or None, from, to, entries must end by)


def windows(scope: Scope, by_day: bool) -> list[Window]:
    """The spans whose entries are summed. By day: each local day, and an entry must end within
    its day. Otherwise the whole range, and an entry must end within the range."""
    if by_day:
        return [(key, lo, hi, hi) for _, key, lo, hi in scope.days]
    return [(None, scope.start, scope.end, scope.end)]


def _values(spans: Sequence[Window]) -> str:
    rows = ", ".join(
        f"({-1 if k is None else int(k)}, {int(lo)}, {int(hi)}, {int(fit)})" for k, lo, hi, fit in spans
    )
    return f"w(k, lo, hi, fit) AS (VALUES {rows})"


def _batches(session: Session, scope: Scope, spans: list[Window], by_day: bool) -> Iterator[list[Window]]:
    if session.get_bind().dialect.name != "sqlite":
        yield spans
        return
    if scope.user_ids is not None and len(scope.user_ids) <= 5:
        days = SQLITE_BATCH_DAYS_FEW_USERS
    elif scope.dims <= {"day"}:
        days = SQLITE_BATCH_DAYS
    else:
        days = SQLITE_BATCH_DAYS_MANY_GROUPS
    if not by_day:
        # One span: cut it into batches of days, each entry still bound by the range's end.
        (_, start, end, fit), length = spans[0], days * 86400
        for lo in range(start, end, length):
            yield [(None, lo, min(lo + length, end), fit)]
        return
    for i in range(0, len(spans), days):
        yield spans[i : i + days]


def _no_jit(session: Session) -> None:
    """PostgreSQL JIT-compiles statements it expects to be costly, which a year of a team's
    entries is: compiling took 160-190 ms of a 400-600 ms report, and won back less. Off for the
    rest of this (read-only) transaction."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL jit = off"))


def _joined(
    session: Session, scope: Scope, table: str, alias: str, span: str, where: str, columns: str
) -> str:
    """The spans (``w``) joined to the entries (of ``table``, see ``filters``) that start in each:
    the FROM clause.

    One person's entries on PostgreSQL are found span by span, by an index range scan (LATERAL;
    OFFSET 0 keeps the planner from flattening it). Left to itself, the planner may scan all of
    them once per span when a filter leaves few (1.2 s for a member's year of billable time by
    month, against 14 ms). For more people, it plans well and in parallel, which LATERAL forgoes.
    """
    if (
        session.get_bind().dialect.name == "postgresql"
        and scope.user_ids is not None
        and len(scope.user_ids) == 1
    ):
        inner = f"SELECT {columns} FROM {table} {alias} WHERE {span} AND {where} OFFSET 0"
        return f"w CROSS JOIN LATERAL ({inner}) {alias}"
    return f"w JOIN {table} {alias} ON {span} WHERE {where}"


def sums(session: Session, scope: Scope, mode: str, step: int, by_day: bool) -> list[Row]:
    """Entries that start in a span and end by its limit, summed per project and wanted dims.

    Columns, always in this order (NULL for a dim not asked for): project_id, user_id, task_id,
    tags, day, seconds, billable_seconds, entries. Rows of one group may repeat (one per batch).
    """
    params: dict[str, Any] = {}
    keys = {"project_id": "e.project_id", **{c[2:]: c for d, c in _DIM_COLUMNS.items() if d in scope.dims}}
    if "day" in scope.dims:
        keys["day"] = "w.k"
    names = ("project_id", "user_id", "task_id", "tags", "day")
    cols = [f"{keys[k]} AS {k}" if k in keys else f"NULL AS {k}" for k in names]
    dur = _rounded("e.end_at - e.start_at - e.break_seconds", mode, step)
    table, where = filters(scope, params)
    _no_jit(session)
    span = "e.start_at >= w.lo AND e.start_at < w.hi AND e.end_at <= w.fit"
    inner = "e.project_id, e.user_id, e.task_id, e.start_at, e.end_at, e.break_seconds, e.billable"
    inner += ", e.tags" if "tags" in scope.dims else ""
    source = _joined(session, scope, table, "e", span, " AND ".join(where), inner)
    found: list[Row] = []
    for batch in _batches(session, scope, windows(scope, by_day), by_day):
        sql = (
            f"WITH {_values(batch)} SELECT {', '.join(cols)}, SUM({dur}) AS seconds, "
            f"SUM(CASE WHEN e.billable THEN {dur} ELSE 0 END) AS billable_seconds, COUNT(*) AS entries "
            f"FROM {source} GROUP BY {', '.join(keys.values())}"
        )
        found.extend(session.execute(text(sql), params).all())
    return found


_ENTRY = "e.id, e.project_id, e.user_id, e.task_id, e.tags, e.billable, e.break_seconds, e.start_at"
_FROM_INDEX = (
    "x.id, x.project_id, x.user_id, x.task_id, NULL AS tags, x.billable, x.break_seconds, x.start_at"
)
# A running entry counts to now, or to when it was paused (the pause is not worked time).
_RUNNING_END = "COALESCE(e.paused_at, :now)"


def crossing(session: Session, scope: Scope, by_day: bool) -> list[Sequence[Any]]:
    """The other entries starting in the range: past their span's limit, or running (``end_at``
    now, or when paused). Columns: id, project_id, user_id, task_id, tags, billable,
    break_seconds, start_at, end_at.

    Everything is in SQLite's report index; PostgreSQL's lacks the tags, which are then read,
    by id, only when the grouping needs them.
    """
    if not by_day and _fewer_after(session, scope.end, scope.end - scope.start):
        return _past_the_end(session, scope)
    params: dict[str, Any] = {"now": scope.now}
    table, where = filters(scope, params, "x")
    rows: list[Sequence[Any]] = []
    # In batches on SQLite too, for the Bloom filter (100 ms for one person's year in a million).
    sqlite = session.get_bind().dialect.name == "sqlite"
    cols = _FROM_INDEX.replace("NULL AS tags", "x.tags") if sqlite else _FROM_INDEX
    span = "x.start_at >= w.lo AND x.start_at < w.hi AND (x.end_at IS NULL OR x.end_at > w.fit)"
    inner = "x.id, x.project_id, x.user_id, x.task_id, x.billable, x.break_seconds, x.start_at, x.end_at"
    inner += ", x.paused_at"
    # tags: only SQLite's ``cols`` name them
    source = _joined(session, scope, table, "x", span, " AND ".join(where), inner)
    for batch in _batches(session, scope, windows(scope, by_day), by_day):
        sql = (
            f"WITH {_values(batch)} SELECT {cols}, COALESCE(x.end_at, x.paused_at, :now) AS end_at "
            f"FROM {source}"
        )
        rows.extend(session.execute(text(sql), params).all())
    if sqlite or "tags" not in scope.dims or not rows:
        return rows
    tags: dict[int, str] = {}
    by_id = text("SELECT id, tags FROM time_entries WHERE id IN :ids").bindparams(
        bindparam("ids", expanding=True)
    )
    for i in range(0, len(rows), _ID_BATCH):
        found = session.execute(by_id, {"ids": [r[0] for r in rows[i : i + _ID_BATCH]]}).all()
        tags.update((int(entry_id), str(text_ or "")) for entry_id, text_ in found)
    return [(*r[:4], tags.get(r[0], ""), *r[5:]) for r in rows]


def _past_the_end(session: Session, scope: Scope) -> list[Sequence[Any]]:
    """``crossing`` without periods: the entries starting in the range that end after it, found
    among the entries that end after it (ix_time_entries_user_end), and the running ones (their
    partial index), instead of among every entry of the range."""
    params: dict[str, Any] = {"start": scope.start, "end": scope.end, "now": scope.now}
    _, where = filters(scope, params, lead=False)  # few rows, found by their end: tags by EXISTS
    if scope.user_ids is None:
        where.append("e.user_id IN (SELECT id FROM users)")
    common = " AND ".join(where)
    # "+ 0" keeps the planners off the start_at indexes, which would read the whole range.
    sql = (
        f"SELECT {_ENTRY}, e.end_at FROM time_entries e WHERE {common} AND e.end_at > :end "
        f"AND e.start_at + 0 >= :start AND e.start_at + 0 < :end UNION ALL SELECT {_ENTRY}, {_RUNNING_END} "
        f"FROM {_running(session)} WHERE {common} AND e.end_at IS NULL AND e.start_at + 0 >= :start "
        "AND e.start_at + 0 < :end"
    )
    return list(session.execute(text(sql), params).all())


def _running(session: Session) -> str:
    """The running entries (at most one per user) as ``e``. SQLite is told their partial index:
    given a filter with an index of its own (the "No project" group's entries), it took that one
    and read every entry it names (70 ms for a team's year at a million entries)."""
    if session.get_bind().dialect.name == "sqlite":
        return "time_entries e INDEXED BY uq_time_entries_one_running"
    return "time_entries e"


# Ids bound per statement: SQLite allows 32,766 parameters.
_ID_BATCH = 5000


def before(session: Session, scope: Scope) -> list[Row]:
    """Entries that started before the range and reach into it, and running ones that did.

    Columns: id, project_id, user_id, task_id, tags, billable, break_seconds, start_at, end_at (now,
    or when paused, if running).

    Finished ones are found from whichever side of the range's start holds fewer entries: the
    entries that end after it (ix_time_entries_user_end: user_id, end_at, start_at) or those
    that start before it (the report index). Either way the index alone decides, and only the
    matching rows are read from the table. PostgreSQL's planner weighs the two itself; SQLite's
    cannot (its statistics know nothing of where the range lies), so it is told.
    """
    params: dict[str, Any] = {"start": scope.start, "now": scope.now}
    _, where = filters(scope, params, lead=False)  # few rows, found by their end: tags by EXISTS
    from_history = session.get_bind().dialect.name == "sqlite" and _history_is_shorter(session, scope.start)
    if scope.user_ids is None and not from_history:
        where.append("e.user_id IN (SELECT id FROM users)")
    cols = _ENTRY
    common = " AND ".join(where)
    finished = "time_entries e INDEXED BY ix_time_entries_report_tags" if from_history else "time_entries e"
    # "+ 0" keeps the planners off the start_at indexes, which would read the whole history:
    # there is at most one running entry per user, found by its partial index.
    sql = (
        f"SELECT {cols}, e.end_at FROM {finished} WHERE {common} AND e.start_at < :start "
        f"AND e.end_at > :start UNION ALL SELECT {cols}, {_RUNNING_END} AS end_at FROM {_running(session)} "
        f"WHERE {common} AND e.end_at IS NULL AND e.start_at + 0 < :start AND :now > :start"
    )
    return list(session.execute(text(sql), params).all())


_SPAN = "pc_report_span"  # session.info key: _span_of_starts, read once per (read-only) report


def _span_of_starts(session: Session) -> tuple[int, int] | None:
    """The first and the last start of a live entry (two index look-ups, once per transaction)."""
    if _SPAN not in session.info:
        # Two subqueries: SQLite answers a lone MIN or MAX from the index, both at once by a scan.
        sql = (
            "SELECT (SELECT MIN(start_at) FROM time_entries WHERE deleted_at IS NULL), "
            "(SELECT MAX(start_at) FROM time_entries WHERE deleted_at IS NULL)"
        )
        first, last = session.execute(text(sql)).one()
        session.info[_SPAN] = None if first is None else (int(first), int(last))
    span: tuple[int, int] | None = session.info[_SPAN]
    return span


def _history_is_shorter(session: Session, start: int) -> bool:
    """Do fewer entries start before ``start`` than after it? Judged by time spans, which is
    close enough for choosing an index."""
    span = _span_of_starts(session)
    return span is not None and start - span[0] < span[1] - start


def _fewer_after(session: Session, end: int, length: int) -> bool:
    """Do fewer entries start after ``end`` than in the ``length`` seconds before it?"""
    span = _span_of_starts(session)
    return span is None or span[1] - end < length


def projects(session: Session) -> list[Row]:
    """Every project with its client and the rate its amounts use (a team has hundreds, not millions)."""
    query = select(
        Project.id, Project.name, Project.client_id, Client.name.label("client_name"),
        effective_hourly_rate().label("rate"), Project.estimated_hours,
    ).outerjoin(Client, Client.id == Project.client_id)  # fmt: skip
    return list(session.execute(query).all())


def names(session: Session, table: str, ids: Sequence[int]) -> dict[int, str]:
    """Display names of users or tasks by id."""
    if not ids:
        return {}
    column = {"users": "COALESCE(NULLIF(display_name, ''), username)", "tasks": "name"}[table]
    sql = f"SELECT id, {column} FROM {table} WHERE id IN ({_ints(ids)})"
    return {int(r[0]): str(r[1]) for r in session.execute(text(sql)).all()}
