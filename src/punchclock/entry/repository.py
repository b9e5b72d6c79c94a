"""Time-entry queries. Reads select plain columns (no ORM objects) for the hot list path."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, Select, Table, bindparam, case, insert, literal_column, select, update
from sqlalchemy.orm import Session

from punchclock.hotread import Rows
from punchclock.kit.pagination import Page
from punchclock.models import Project, Task, TimeEntry, User

_COLUMNS = (
    TimeEntry.id,
    TimeEntry.user_id,
    User.username,
    TimeEntry.project_id,
    Project.name.label("project_name"),
    TimeEntry.task_id,
    Task.name.label("task_name"),
    TimeEntry.start_at,
    TimeEntry.end_at,
    TimeEntry.notes,
    TimeEntry.tags,
    TimeEntry.source,
    TimeEntry.billable,
    TimeEntry.created_at,
    TimeEntry.updated_at,
    TimeEntry.paused_at,
    TimeEntry.break_seconds,
)


@dataclass(frozen=True, slots=True)
class EntryFilter:
    user_ids: tuple[int, ...] | None = None  # None: everyone's (auth.policy.users_filter decides)
    project_id: int | None = None
    task_id: int | None = None
    start: int | None = None  # entries starting at or after
    end: int | None = None  # entries starting before
    billable: bool | None = None
    include_active: bool = False


def _joined(query: Select) -> Select:
    return (
        query.join(User, User.id == TimeEntry.user_id)
        .outerjoin(Project, Project.id == TimeEntry.project_id)
        .outerjoin(Task, Task.id == TimeEntry.task_id)
    )


# The list is the hottest query in the API. It is written once per combination of filters as
# plain SQL and sent straight to the driver: building and compiling a SQLAlchemy statement per
# request cost more than running it. The inner query pages through time_entries alone; the joins
# only touch the page's rows.
#
# Notes: the total comes from a window count on PostgreSQL, which computes it cheaply in the same
# round trip. SQLite cannot stop at the page with a window in the query: it materializes and sorts
# every matching row (a week list took twice as long), so there the page walks the (user_id,
# start_at) index backwards and stops, and a separate COUNT runs only when the page is full. Both
# statements read the same snapshot, so the total matches the page.
# The users come first: one is "user_id = :user_id", several (a team lead's) "user_id IN (:user_id0,
# :user_id1, ...)", so one statement per count of users is cached.
_LIST_FILTERS = (
    ("project_id", "project_id = {}"),
    ("task_id", "task_id = {}"),
    ("start", "start_at >= {}"),
    ("end", "start_at < {}"),
    ("billable", "billable = {}"),
)


def _list_where(mark: str, present: tuple[str, ...], include_active: bool, alias: str = "") -> str:
    """The list's conditions; ``alias`` ("e.") qualifies the columns."""
    where = [f"{alias}deleted_at IS NULL"]
    users = [mark.format(name) for name in present if name.startswith("user_id")]
    if len(users) == 1:
        where.append(f"{alias}user_id = {users[0]}")
    elif users:
        where.append(f"{alias}user_id IN ({', '.join(users)})")
    where += [alias + clause.format(mark.format(name)) for name, clause in _LIST_FILTERS if name in present]
    if not include_active:
        where.append(f"{alias}end_at IS NOT NULL")
    return " AND ".join(where)


def _mark(paramstyle: str) -> str:
    return "%({})s" if paramstyle == "pyformat" else ":{}"


# An entry in LIST_COLUMNS order, as plain SQL for hot reads: the columns of time entries ``e``
# and the names the joins below bring in.
_ENTRY_COLUMNS_SQL = (
    "e.id, e.user_id, u.username, e.project_id, p.name, e.task_id, t.name, e.start_at, "
    "e.end_at, e.notes, e.tags, e.source, e.billable, e.created_at, e.updated_at, e.paused_at, "
    "e.break_seconds"
)
_NAMES_SQL = (
    "JOIN users u ON u.id = e.user_id "
    "LEFT JOIN projects p ON p.id = e.project_id LEFT JOIN tasks t ON t.id = e.task_id"
)
_JOINED_SQL = f"SELECT {_ENTRY_COLUMNS_SQL} FROM time_entries e {_NAMES_SQL}"  # noqa: S608
_PAGE_ORDER = "ORDER BY e.start_at DESC, e.id DESC"


@functools.lru_cache(maxsize=256)
def _list_sql(paramstyle: str, present: tuple[str, ...], include_active: bool, window: bool) -> str:
    mark = _mark(paramstyle)
    limit, offset = mark.format("limit"), mark.format("offset")
    if not window:
        # SQLite walks the live (user_id, start_at) index in page order and joins each row as it
        # goes, stopping at the page: a quarter fewer instructions than paging in a subquery, which
        # it materializes and sorts again. Only constants are spliced in; values are parameters.
        where = _list_where(mark, present, include_active, "e.")
        return f"{_JOINED_SQL} WHERE {where} {_PAGE_ORDER} LIMIT {limit} OFFSET {offset}"
    # PostgreSQL counts the matches with a window in the same statement; the joins only touch the
    # page's rows. Only constants are spliced in; every value is a bound parameter.
    page = (
        "SELECT id, user_id, project_id, task_id, start_at, end_at, notes, tags, source, billable, "  # noqa: S608
        "created_at, updated_at, paused_at, break_seconds, COUNT(*) OVER () AS total FROM time_entries "
        f"WHERE {_list_where(mark, present, include_active)} "
        f"ORDER BY start_at DESC, id DESC LIMIT {limit} OFFSET {offset}"
    )
    return f"SELECT {_ENTRY_COLUMNS_SQL}, e.total FROM ({page}) e {_NAMES_SQL} {_PAGE_ORDER}"  # noqa: S608


@functools.lru_cache(maxsize=256)
def _count_sql(paramstyle: str, present: tuple[str, ...], include_active: bool) -> str:
    where = _list_where(_mark(paramstyle), present, include_active)
    return f"SELECT COUNT(*) FROM time_entries WHERE {where}"  # noqa: S608


def list_page(rows: Rows, f: EntryFilter, page: Page) -> tuple[list[tuple[Any, ...]], int]:
    """One page of entries as tuples in ``LIST_COLUMNS`` order, and the total."""
    params = _users(f.user_ids)
    params.update((name, getattr(f, name)) for name, _ in _LIST_FILTERS if getattr(f, name) is not None)
    style, present, window = rows.paramstyle, tuple(params), not rows.is_sqlite
    sql = _list_sql(style, present, f.include_active, window)
    found = rows.all(sql, {**params, "limit": page.per_page, "offset": page.offset})
    if window and found:
        return [r[:-1] for r in found], found[0][-1]
    if (found and len(found) < page.per_page) or (not found and page.offset == 0):
        # A short page is the last one (and an empty first page means nothing matches).
        return found, page.offset + len(found)
    return found, rows.scalar(_count_sql(style, present, f.include_active), params) or 0


def _users(user_ids: tuple[int, ...] | None) -> dict[str, Any]:
    if user_ids is None:
        return {}
    if len(user_ids) == 1:
        return {"user_id": user_ids[0]}
    return {f"user_id{i}": user_id for i, user_id in enumerate(user_ids)}


LIST_COLUMNS = (
    "id", "user_id", "username", "project_id", "project_name", "task_id", "task_name", "start_at",
    "end_at", "notes", "tags", "source", "billable", "created_at", "updated_at", "paused_at",
    "break_seconds",
)  # fmt: skip


@functools.cache
def _by_id() -> Select:
    # Built once: constructing the statement costs more than running it on the hot write paths.
    return _joined(select(*_COLUMNS)).where(
        TimeEntry.id == bindparam("entry_id"), TimeEntry.deleted_at.is_(None)
    )


def get_row(session: Session, entry_id: int) -> Row | None:
    return session.execute(_by_id(), {"entry_id": entry_id}).first()


def live_rows_by_keys(session: Session, user_id: int, keys: list[str]) -> list[tuple[str, Sequence[Any]]]:
    query = _joined(select(TimeEntry.sync_key, *_COLUMNS)).where(
        TimeEntry.user_id == user_id, TimeEntry.sync_key.in_(keys), TimeEntry.deleted_at.is_(None)
    )
    return [(row[0], row[1:]) for row in session.execute(query).all()]


def get(session: Session, entry_id: int) -> TimeEntry | None:
    """A live entry (not a tombstone), for changing it."""
    entry = session.get(TimeEntry, entry_id)
    return entry if entry is not None and entry.deleted_at is None else None


def get_any(session: Session, entry_id: int) -> TimeEntry | None:
    """An entry, live or a tombstone (to restore it)."""
    return session.get(TimeEntry, entry_id)


def running_row(rows: Rows, user_id: int) -> tuple[Any, ...] | None:
    """The user's running entry in ``LIST_COLUMNS`` order (a hot read: the timer status)."""
    found = rows.all(_running_sql(rows.paramstyle), {"user_id": user_id})
    return found[0] if found else None


@functools.cache
def _running_sql(paramstyle: str) -> str:
    # The one-running-timer index finds the row (end_at IS NULL, one per user).
    return f"{_JOINED_SQL} WHERE e.user_id = {_mark(paramstyle).format('user_id')} AND e.end_at IS NULL"


def running(session: Session, user_id: int) -> tuple[int, int] | None:
    """(id, start_at) of the user's running entry, if any."""
    row = session.execute(_running(), {"user_id": user_id}).first()
    return (row[0], row[1]) if row else None


# Notes: the timer's writes answer with the entry as the API shows it. Each statement below returns
# that row itself, the names of its user, project and task included (as correlated subqueries, which
# SQLite and PostgreSQL both allow in RETURNING), instead of a second SELECT after the write: on
# PostgreSQL every statement is a round trip. The statements are built once, like _by_id().
_table: Table = TimeEntry.__table__  # type: ignore[assignment]


@functools.cache
def _returned() -> tuple[Any, ...]:
    # Written out: SQLAlchemy does not correlate a scalar subquery inside RETURNING.
    c = _table.c
    user: Any = literal_column("(SELECT users.username FROM users WHERE users.id = time_entries.user_id)")
    project: Any = literal_column(
        "(SELECT projects.name FROM projects WHERE projects.id = time_entries.project_id)"
    )
    task: Any = literal_column("(SELECT tasks.name FROM tasks WHERE tasks.id = time_entries.task_id)")
    return (
        c.id, c.user_id, user, c.project_id, project, c.task_id, task, c.start_at, c.end_at,
        c.notes, c.tags, c.source, c.billable, c.created_at, c.updated_at, c.paused_at, c.break_seconds,
    )  # fmt: skip


@functools.cache
def _running() -> Select:
    c = _table.c
    return select(c.id, c.start_at).where(c.user_id == bindparam("user_id"), c.end_at.is_(None))


@functools.cache
def _insert_returning() -> Any:
    return insert(_table).returning(*_returned())


def insert_row(session: Session, values: dict[str, Any]) -> Row:
    """Insert one entry; returns it in ``LIST_COLUMNS`` order."""
    return session.execute(_insert_returning(), values).one()


def add_many(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert finished entries in one executemany (imports: thousands at a time)."""
    if rows:
        session.execute(insert(TimeEntry), rows)


def existing_keys(session: Session, user_id: int, keys: list[str]) -> set[str]:
    """Which of ``keys`` a user's entries (tombstones included) already carry."""
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        query = select(TimeEntry.sync_key).where(TimeEntry.user_id == user_id, TimeEntry.sync_key.in_(chunk))
        found.update(session.scalars(query))
    return found


def _ended_at(end: Any) -> Any:
    """The end of a running entry stopped at ``end``: when it was paused, if that came first (the
    pause was not work), and never before a second of worked time after its start and break."""
    c = _table.c
    until = case((c.paused_at.is_not(None) & (c.paused_at < end), c.paused_at), else_=end)
    earliest = c.start_at + c.break_seconds + 1
    return case((until >= earliest, until), else_=earliest)


@functools.cache
def _stop() -> Any:
    c = _table.c
    where = (c.id == bindparam("entry_id"), c.end_at.is_(None))
    end = bindparam("new_end", type_=c.end_at.type)
    values = {"end_at": _ended_at(end), "paused_at": None, **_stamped()}
    return update(_table).where(*where).values(values).returning(*_returned())


def stop_entry(session: Session, entry_id: int, end_at: int, now: int, mt: float, st: float) -> Row | None:
    """Stop a running entry in one statement: the stopped row in ``LIST_COLUMNS`` order, or None
    if it was no longer running."""
    params = {"entry_id": entry_id, "new_end": end_at, "now": now, "new_mt": mt, "new_st": st}
    return session.execute(_stop(), params).first()


def stop_running(session: Session, user_id: int, now: int, mt: float, st: float) -> Row | None:
    """Stop the user's running entry now, but never before a second after its start, in one
    statement: the stopped row in ``LIST_COLUMNS`` order, or None if none was running."""
    params = {"user": user_id, "new_end": now, "now": now, "new_mt": mt, "new_st": st}
    return session.execute(_stop_running(), params).first()


@functools.cache
def _stop_running() -> Any:
    c = _table.c
    end = bindparam("new_end", type_=c.end_at.type)
    values = {"end_at": _ended_at(end), "paused_at": None, **_stamped()}
    where = (c.user_id == bindparam("user"), c.end_at.is_(None))
    return update(_table).where(*where).values(values).returning(*_returned())


PAUSE, RESUME = "pause", "resume"


def change_running(session: Session, change: str, user_id: int, now: int, mt: float, st: float) -> Row | None:
    """PAUSE the user's running, unpaused entry, or RESUME their paused one (the pause joining its
    break), in one statement: the changed row, or None when there was no such entry."""
    params = {"user": user_id, "now": now, "new_mt": mt, "new_st": st}
    return session.execute(_pause() if change == PAUSE else _resume(), params).first()


@functools.cache
def _pause() -> Any:
    c = _table.c
    where = (c.user_id == bindparam("user"), c.end_at.is_(None), c.paused_at.is_(None))
    values = {"paused_at": bindparam("now", type_=c.paused_at.type), **_stamped()}
    return update(_table).where(*where).values(values).returning(*_returned())


@functools.cache
def _resume() -> Any:
    c = _table.c
    now = bindparam("now", type_=c.paused_at.type)
    paused = case((now > c.paused_at, now - c.paused_at), else_=0)  # a clock stepping back adds nothing
    where = (c.user_id == bindparam("user"), c.end_at.is_(None), c.paused_at.is_not(None))
    values = {"break_seconds": c.break_seconds + paused, "paused_at": None, **_stamped()}
    return update(_table).where(*where).values(values).returning(*_returned())


def _stamped() -> dict[str, Any]:
    return {"updated_at": bindparam("now"), "mt": bindparam("new_mt"), "st": bindparam("new_st")}


def bury(session: Session, entry: TimeEntry, now: int, mt: float, st: float) -> None:
    """Make the entry a tombstone, kept so the deletion syncs; a running one ends now."""
    if entry.end_at is None:
        entry.end_at = max(entry.start_at + entry.break_seconds + 1, min(now, entry.paused_at or now))
        entry.paused_at = None
    entry.deleted_at = now
    entry.updated_at = now
    entry.mt, entry.st = mt, st
    session.flush()


def unbury(session: Session, entry: TimeEntry, now: int, mt: float, st: float) -> None:
    """Make a tombstone live again, the same row (id, sync key and all)."""
    entry.deleted_at = None
    entry.updated_at = now
    entry.mt, entry.st = mt, st
    session.flush()


def rows_by_ids(session: Session, ids: Sequence[int]) -> list[Row]:
    """Live entries by id (in no order), in ``LIST_COLUMNS`` order: a page of search results."""
    if not ids:
        return []
    query = _joined(select(*_COLUMNS)).where(TimeEntry.id.in_(ids), TimeEntry.deleted_at.is_(None))
    return list(session.execute(query).all())
