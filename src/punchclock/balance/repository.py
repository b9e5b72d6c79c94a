"""Queries of working time's day facts: entries by span, the cache and its change feed."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from typing import Any

from sqlalchemy import String, and_, delete, func, insert, or_, select, text, type_coerce, union_all, update
from sqlalchemy.orm import Session

from punchclock.models import EntryVersion, SyncState, TimeEntry, User, WorkDay, WorkDayState
from punchclock.models.time_entry import LONG_ENTRY

DAY = 86400
COMPOUND = 200


def entry_rows(
    session: Session, user_id: int, spans: Sequence[tuple[int, int]], finished_only: bool = False
) -> list[Any]:
    """(start_at, end_at, paused_at, break_seconds) of the user's live entries reaching into any of
    the ``spans`` [lo, hi), by start (a few more may come: folding them changes none of the spans'
    days). ``end_at`` is None for the running one (left out with ``finished_only``).

    Those that start from a day before a span come by the start index, a short range wherever the
    span is; those that start earlier and still reach in are longer than a day, and come from
    ``ix_time_entries_long``, which holds only those."""
    if not spans:
        return []
    e = TimeEntry
    cols = (e.start_at, e.end_at, e.paused_at, e.break_seconds, e.id)
    live = (e.user_id == user_id, e.deleted_at.is_(None))
    # Per span: starting inside it, or the day before it and reaching into it. One range of the
    # start index each, joined by UNION ALL (an OR of them makes SQLite read all the user's index).
    first, last = min(lo for lo, _ in spans), max(hi for _, hi in spans)
    parts = [
        select(*cols).where(
            *live, e.start_at >= lo - DAY, e.start_at < hi, or_(e.start_at >= lo, e.end_at > lo)
        )
        for lo, hi in spans
    ]
    found: list[Any] = []
    for at in range(0, len(parts), COMPOUND):  # SQLite takes at most 500 selects in one compound
        chunk = parts[at : at + COMPOUND]
        found += session.execute(chunk[0] if len(chunk) == 1 else union_all(*chunk))
    far = select(*cols).where(*live, text(LONG_ENTRY), e.start_at < last - DAY, e.end_at > first)
    rows = {r[4]: r for r in (*found, *session.execute(far)) if r[1] is not None}
    if not finished_only:
        running = select(*cols).where(*live, e.end_at.is_(None), e.start_at < last)
        rows.update((r[4], r) for r in session.execute(running))
    return [r[:4] for r in sorted(rows.values(), key=lambda r: (r[0], r[4]))]


def running_starts(session: Session, user_ids: Collection[int]) -> dict[int, int]:
    """The start of each user's running timer (one at most per user)."""
    query = select(TimeEntry.user_id, TimeEntry.start_at).where(
        TimeEntry.user_id.in_(list(user_ids)), TimeEntry.end_at.is_(None), TimeEntry.deleted_at.is_(None)
    )
    return {u: s for u, s in session.execute(query)}  # noqa: C416


def states(session: Session, user_ids: Collection[int]) -> dict[int, tuple[str, Any, float]]:
    """Each user's zone, cache state (or None) and current stamp."""
    query = (
        select(User.id, User.timezone, WorkDayState, func.coalesce(SyncState.last_st, 0.0))
        .outerjoin(WorkDayState, WorkDayState.user_id == User.id)
        .outerjoin(SyncState, SyncState.user_id == User.id)
        .where(User.id.in_(list(user_ids)))
    )
    return {u: (zone, state, float(st)) for u, zone, state, st in session.execute(query)}


def versions_since(session: Session, user_id: int, st: float) -> list[Any]:
    """(entry_id, action, start_at, end_at) of the user's entry versions stamped after ``st``."""
    query = select(
        EntryVersion.entry_id, EntryVersion.action, EntryVersion.start_at, EntryVersion.end_at
    ).where(EntryVersion.user_id == user_id, EntryVersion.st > st)
    return list(session.execute(query))


def versions_before(
    session: Session, entry_ids: Collection[int], st: float
) -> dict[int, tuple[int, int | None]]:
    """The span of each entry as its latest version stamped at or before ``st`` left it (entries
    without one are missing from the answer)."""
    latest = (
        select(EntryVersion.entry_id, func.max(EntryVersion.id).label("vid"))
        .where(EntryVersion.entry_id.in_(list(entry_ids)), EntryVersion.st <= st)
        .group_by(EntryVersion.entry_id)
        .subquery()
    )
    query = select(EntryVersion.entry_id, EntryVersion.start_at, EntryVersion.end_at).join(
        latest, and_(EntryVersion.entry_id == latest.c.entry_id, EntryVersion.id == latest.c.vid)
    )
    return {e: (s, end) for e, s, end in session.execute(query)}


def cached(session: Session, user_ids: Collection[int], first: date, last: date) -> list[Any]:
    """(user_id, day, worked, breaks, first_at, last_at, entries) of the cached days: plain rows, as
    a team's year is some 18,000 of them (ORM objects would cost more than the query)."""
    d = WorkDay
    # The day as the driver gives it: SQLAlchemy's Date parsing of SQLite's text is most of the cost.
    day = type_coerce(d.day, String)
    query = select(d.user_id, day, d.worked, d.breaks, d.first_at, d.last_at, d.entries).where(
        d.user_id.in_(list(user_ids)), d.day.between(first, last)
    )
    return [
        (u, x if isinstance(x, date) else date.fromisoformat(x), *rest)
        for u, x, *rest in session.execute(query)
    ]


def replace_days(
    session: Session, user_id: int, days: Sequence[date] | None, rows: list[dict[str, Any]]
) -> None:
    """Drop the user's cached rows of ``days`` (None: all of them) and insert ``rows``."""
    query = delete(WorkDay).where(WorkDay.user_id == user_id)
    if days is not None:
        query = query.where(WorkDay.day.in_(list(days)))
    session.execute(query)
    if rows:
        session.execute(insert(WorkDay), rows)


def claim_state(session: Session, user_id: int, old: float | None, values: dict[str, Any]) -> bool:
    """Move the user's state from ``old`` built_st (None: no state yet) to ``values``; False when
    another refresher moved it first (compare-and-set)."""
    if old is None:
        existing = session.get(WorkDayState, user_id)
        if existing is not None:
            return False
        session.add(WorkDayState(user_id=user_id, **values))
        session.flush()
        return True
    query = (
        update(WorkDayState)
        .where(WorkDayState.user_id == user_id, WorkDayState.built_st == old)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return bool(session.execute(query).rowcount)  # type: ignore[attr-defined]


def stale_users(session: Session, min_piece: int, limit: int) -> list[int]:
    """Users whose cache lags their stamp, was built in another zone or with another shortest
    break, or who have no cache yet."""
    stamp = func.coalesce(SyncState.last_st, 0.0)
    query = (
        select(User.id)
        .outerjoin(SyncState, SyncState.user_id == User.id)
        .outerjoin(WorkDayState, WorkDayState.user_id == User.id)
        .where(
            or_(
                WorkDayState.user_id.is_(None),
                stamp > WorkDayState.built_st,
                WorkDayState.zone != User.timezone,
                WorkDayState.min_piece != min_piece,
            )
        )
        .order_by(User.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def people(session: Session, among: Collection[int] | None) -> list[Any]:
    """(id, username, timezone) of active users, by name; ``among``: only these."""
    query = (
        select(User.id, User.username, User.timezone).where(User.is_active.is_(True)).order_by(User.username)
    )
    if among is not None:
        query = query.where(User.id.in_(list(among)))
    return list(session.execute(query))
