"""Day facts of users over a span: cached days where the cache is current, the rest live.

Notes:
The cache (``work_days``) holds finished entries folded per local day as of a stamp
(``work_day_state.built_st``). A read never trusts a day that changed since: it takes the user's
entry versions stamped after ``built_st`` (the history every write path records), maps the spans
they had before and after onto days, adds the days the running timer touches, and computes those
days live from the entries. A user without a state, or whose state was built in another zone or
with another shortest break, is read live whole. Reads never write the cache.

``refresh`` brings one user's cache up to date (all of it, or only the changed days) and moves
``built_st`` with a compare-and-set, so two refreshers at once leave one consistent state and a
write that commits meanwhile (its stamp is newer than the one read first) is seen as changed
again. An entry changed since whose earlier span is unknown (it predates history, migration 0020)
makes the whole user stale until refreshed, which rebuilds them whole.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from punchclock.balance import repository
from punchclock.balance.facts import DayFacts, Row, fold
from punchclock.kit.periods import DAY, DaySplitter, day_date, midnight, offset_steps
from punchclock.kit.timeutil import get_zone
from punchclock.worktime import settings

EVER = (0, 2**42)  # every instant an entry can have
ALL = None  # "every day is changed"


YEAR = 366 * DAY


@lru_cache(maxsize=256)
def _year_steps(zone: str, lo: int, hi: int) -> tuple[tuple[int, int], ...]:
    return tuple(offset_steps(get_zone(zone), lo, hi))


def _steps(zone: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """The zone's offsets over [lo, hi], from spans of whole years that are computed once."""
    a, b = lo - lo % YEAR, hi - hi % YEAR + YEAR
    return list(_year_steps(zone, a, b))


def min_piece(session: Session) -> int:
    return int(settings.read(session)["break_rules"].get("min_piece", settings.DEFAULT_MIN_PIECE))


def _rows(raw: Iterable[Any], now: int) -> list[Row]:
    out = []
    for start, end, paused, pause in raw:
        stop = end if end is not None else (paused or now)
        if stop > start:
            out.append((start, stop, pause))
    return out


def _fold(rows: list[Row], zone: str, lo: int, hi: int, piece: int) -> dict[date, DayFacts]:
    if not rows:
        return {}
    tz = get_zone(zone)
    first = min(rows[0][0], lo)
    last = max(max(r[1] for r in rows), hi)
    return fold(rows, DaySplitter(tz, _steps(zone, first - DAY, last + DAY)), piece)


def live(
    session: Session, user_id: int, zone: str, piece: int, first: date, last: date, now: int
) -> dict[date, DayFacts]:
    """Facts of the user's days from ``first`` to ``last`` from their entries (running one to now)."""
    return live_days(session, user_id, zone, piece, [(first, last)], now)


def live_days(
    session: Session,
    user_id: int,
    zone: str,
    piece: int,
    ranges: list[tuple[date, date]],
    now: int,
    finished_only: bool = False,
) -> dict[date, DayFacts]:
    """Facts of the user's days in ``ranges`` (inclusive first and last days), read in one go."""
    tz = get_zone(zone)
    spans = [(midnight(a, tz), midnight(b + timedelta(days=1), tz)) for a, b in ranges]
    rows = _rows(repository.entry_rows(session, user_id, spans, finished_only), now)
    if not spans:
        return {}
    facts = _fold(rows, zone, min(s for s, _ in spans), max(e for _, e in spans), piece)
    return {d: f for d, f in facts.items() if any(a <= d <= b for a, b in ranges)}


def _span_days(spans: Iterable[tuple[int, int]], zone: str) -> set[date]:
    spans = list(spans)
    if not spans:
        return set()
    tz = get_zone(zone)
    lo_all, hi_all = min(lo for lo, _ in spans), max(max(hi, lo) for lo, hi in spans)
    splitter = DaySplitter(tz, _steps(zone, lo_all - DAY, hi_all + DAY))
    out: set[date] = set()
    for lo, hi in spans:
        day, end = splitter.day(lo), splitter.day(max(hi - 1, lo))
        out.update(day_date(n) for n in range(day, end + 1))
    return out


def changed_days(session: Session, user_id: int, zone: str, built_st: float, now: int) -> set[date] | None:
    """The days whose facts changed since ``built_st`` (None: unknown, so all of them)."""
    versions = repository.versions_since(session, user_id, built_st)
    spans = [(s, e if e is not None else now) for _, _, s, e in versions]
    created = {entry for entry, action, _, _ in versions if action == "create"}
    older = {entry for entry, _, _, _ in versions} - created
    if older:
        before = repository.versions_before(session, older, built_st)
        if len(before) < len(older):
            return ALL
        spans += [(s, e if e is not None else now) for s, e in before.values()]
    return _span_days(spans, zone)


def _ranges(days: Iterable[date], gap: int = 1) -> list[tuple[date, date]]:
    """Sorted days as ranges: consecutive days share one."""
    out: list[tuple[date, date]] = []
    for day in sorted(days):
        if out and (day - out[-1][1]).days <= gap:
            out[-1] = (out[-1][0], day)
        else:
            out.append((day, day))
    return out


def day_facts(
    session: Session, user_ids: Collection[int], first: date, last: date, now: int
) -> dict[int, dict[date, DayFacts]]:
    """Every user's facts of the days from ``first`` to ``last`` that have any (others absent)."""
    piece = min_piece(session)
    states = repository.states(session, user_ids)
    running = repository.running_starts(session, user_ids)
    out: dict[int, dict[date, DayFacts]] = {u: {} for u in user_ids}
    trusted: dict[int, set[date] | None] = {}  # user -> days to compute live (None: all)
    for user_id, (zone, state, last_st) in states.items():
        if state is None or state.zone != zone or state.min_piece != piece:
            trusted[user_id] = ALL
            continue
        dirty = (
            changed_days(session, user_id, zone, state.built_st, now) if last_st > state.built_st else set()
        )
        if dirty is not ALL and user_id in running:
            dirty |= _span_days([(running[user_id], now)], zone)
        trusted[user_id] = dirty
    cached_users = [u for u, d in trusted.items() if d is not ALL]
    if cached_users:
        for user_id, day, worked, breaks, first_at, last_at, entries in repository.cached(
            session, cached_users, first, last
        ):
            dirty = trusted[user_id]
            if dirty is not None and day not in dirty:
                out[user_id][day] = DayFacts(worked, breaks, first_at, last_at, entries)
    for user_id, dirty in trusted.items():
        zone = states[user_id][0]
        if dirty is ALL:
            out[user_id] = live(session, user_id, zone, piece, first, last, now)
            continue
        wanted = [d for d in dirty if first <= d <= last]
        facts = live_days(session, user_id, zone, piece, _ranges(wanted), now) if wanted else {}
        for day in wanted:
            if day in facts:
                out[user_id][day] = facts[day]
            else:
                out[user_id].pop(day, None)
    return out


def _cache_rows(user_id: int, facts: dict[date, DayFacts]) -> list[dict[str, Any]]:
    return [
        {"user_id": user_id, "day": d, "worked": f.worked, "breaks": f.breaks, "first_at": f.first_at,
         "last_at": f.last_at, "entries": f.entries}
        for d, f in facts.items()
    ]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Fold:
    """A user's cache brought up to a stamp, computed from one snapshot, not stored yet."""

    user_id: int
    old_st: float | None  # the state it replaces (None: none yet)
    values: dict[str, Any]
    days: list[date] | None  # the days it replaces (None: all)
    rows: list[dict[str, Any]]


def prepare(session: Session, user_id: int, now: int) -> Fold | None:
    """The user's cache as of their current stamp (None: nothing to do). Read-only, so the work
    happens outside any write lock; ``store`` then writes it if nobody else did meanwhile."""
    piece = min_piece(session)
    found = repository.states(session, [user_id]).get(user_id)
    if found is None:
        return None
    zone, state, last_st = found
    whole = state is None or state.zone != zone or state.min_piece != piece
    if not whole and last_st <= state.built_st:
        return None
    dirty = None if whole else changed_days(session, user_id, zone, state.built_st, now)
    if dirty is None:
        rows = _rows(repository.entry_rows(session, user_id, [EVER], finished_only=True), now)
        facts = _fold(rows, zone, rows[0][0] if rows else 0, rows[-1][1] if rows else 0, piece)
        days: list[date] | None = None
    else:
        days = sorted(dirty)
        got = live_days(session, user_id, zone, piece, _ranges(days), now, finished_only=True)
        facts = {d: f for d, f in got.items() if d in dirty}  # a range may hold others
    values = {"zone": zone, "min_piece": piece, "built_st": last_st, "built_at": now}
    old = None if state is None else state.built_st
    return Fold(user_id, old, values, days, _cache_rows(user_id, facts))


def store(session: Session, fold: Fold | None) -> bool:
    """Write a prepared fold unless another refresher moved the user's state first."""
    if fold is None:
        return False
    try:
        with session.begin_nested():
            repository.replace_days(session, fold.user_id, fold.days, fold.rows)
            if not repository.claim_state(session, fold.user_id, fold.old_st, fold.values):
                raise _Lost
    except (_Lost, IntegrityError):
        return False
    return True


def refresh(session: Session, user_id: int, now: int) -> bool:
    """Bring the user's cache up to their current stamp in one transaction; False when nothing was
    to do or another refresher got there first."""
    return store(session, prepare(session, user_id, now))


class _Lost(Exception):
    """Another refresher moved the state first: this one's rows are dropped."""


def stale(session: Session, limit: int) -> list[int]:
    """Up to ``limit`` users whose cache is behind."""
    return repository.stale_users(session, min_piece(session), limit)


def refresh_step(session: Session, now: int, limit: int = 20) -> int:
    """Refresh up to ``limit`` stale users in this transaction; how many were refreshed."""
    return sum(refresh(session, user_id, now) for user_id in stale(session, limit))
