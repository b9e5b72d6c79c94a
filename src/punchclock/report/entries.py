"""The entries behind a figure of the grouped report: a group's (and sub-group's) entries, paged,
under the report's own filters, each with the seconds it counts there.

Notes:
A figure of the grouped report is a sum of rounded day-pieces of entries (see grouped). The list
behind it holds every entry with a piece in it: those that start within the range (narrowed to
the period a period group stands for) and those that started before and reach into it. The
other groups' keys become conditions of the same query scope the report reads (``Scope.matches``).
Each entry's ``seconds`` is the sum of its pieces there, cut and rounded by the report's own
``grouped.pieces``, so the seconds of the whole list add up to the figure, and the list's total
is the figure's ``entries``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Row
from sqlalchemy.orm import Session

from punchclock.auth.scopes import Principal
from punchclock.errors import ValidationFailed
from punchclock.kit.pagination import Page, pagination
from punchclock.kit.periods import PERIODS, DaySplitter, day_date, period_start
from punchclock.kit.tags import MAX_TAG_LENGTH, tag_list
from punchclock.kit.timeutil import iso, now_ts
from punchclock.report import entries_repository as repo
from punchclock.report import grouped
from punchclock.report.grouped import ReportQuery
from punchclock.report.grouped_repository import Scope, before
from punchclock.report.grouping import NONE_KEY


@dataclass(frozen=True, slots=True)
class Listing:
    """The entries of a report (or of one of its figures) and how to cut them into pieces."""

    scope: Scope
    splitter: DaySplitter
    by_day: bool
    mode: str
    step: int
    start: date
    end: date
    earlier: list[Row]  # (id, ..., start_at, end_at) of those that started before the range


def _key(dim: str, key: str, name: str) -> int | str | None:
    if dim == "tag":
        if not key or len(key) > MAX_TAG_LENGTH:
            raise ValidationFailed(f"{name}: not a tag", field=name, code="invalid_group")
        return None if key == NONE_KEY else key.lower()
    if key == NONE_KEY and dim != "user":
        return None
    if key.isascii() and key.isdigit() and 0 < int(key) < 2**31:
        return int(key)
    raise ValidationFailed(
        f"{name}: {key[:40]!r} is not the key of a {dim} group", field=name, code="invalid_group"
    )


def _period(dim: str, key: str, name: str, week_start: int) -> tuple[date, date]:
    """The first and last day of the period a group's key (its first day) stands for."""
    first = grouped.parse_date(key, name)
    assert first is not None
    first = period_start(first, dim, week_start)
    if dim == "day":
        return first, first
    if dim == "week":
        return first, first + timedelta(days=6)
    after = (
        date(first.year + (first.month == 12), first.month % 12 + 1, 1)
        if dim == "month"
        else date(first.year + 1, 1, 1)
    )
    return first, after - timedelta(days=1)


def listing(
    session: Session,
    principal: Principal,
    q: ReportQuery,
    group: str | None = None,
    sub_group: str | None = None,
) -> Listing | None:
    """The scope of a report's entries, narrowed to one group (and sub-group) when given; None
    when the group's period lies outside the range (400/403 as the report itself)."""
    grouped.check(q, principal)
    if sub_group is not None and q.sub_group_by is None:
        raise ValidationFailed("sub_group needs sub_group_by", field="sub_group", code="invalid_group")
    cal = grouped.reader(session, principal)
    now = now_ts()
    start, end = grouped.date_span(q, cal.zone, now)
    matches: list[tuple[str, int | str | None]] = []
    for dim, key, name in ((q.group_by, group, "group"), (q.sub_group_by, sub_group, "sub_group")):
        if key is None or dim is None:
            continue
        if dim in PERIODS:
            first, last = _period(dim, key, name, cal.week_start)
            start, end = max(start, first), min(end, last)
        else:
            matches.append((dim, _key(dim, key, name)))
    if end < start:
        return None
    scope = grouped.scope_of(q, principal, cal.zone, start, end, now, set(), cal.week_start)
    scope = replace(scope, matches=tuple(matches))
    # Entries begun before the range with no time in it (paused before it began) count nowhere.
    earlier = [r for r in before(session, scope) if int(r[-1]) > scope.start]
    earlier.sort(key=lambda r: (int(r[7]), int(r[0])))
    by_day = grouped.by_day_for(q)
    splitter = grouped.splitter_for(scope, cal.zone)
    return Listing(scope, splitter, by_day, q.rounding, q.rounding_minutes * 60, start, end, earlier)


def total(session: Session, found: Listing) -> int:
    return len(found.earlier) + repo.count_starting(session, found.scope)


def rows(session: Session, found: Listing, offset: int, limit: int) -> list[Row]:
    """Entries ``offset`` to ``offset + limit`` of the list, in (start, id) order, with names."""
    ids = [int(r[0]) for r in found.earlier[offset : offset + limit]]
    if len(ids) < limit:
        later = max(0, offset - len(found.earlier))
        ids += repo.ids_starting(session, found.scope, later, limit - len(ids))
    return repo.details(session, ids)


def pieces_of(found: Listing, row: Row) -> list[tuple[date, int]]:
    """The local days an entry counts on and the seconds it counts there (the report's pieces)."""
    last = row.end_at if row.end_at is not None else (row.paused_at or found.scope.now)
    cut = grouped.pieces(
        found.splitter,
        found.scope,
        found.by_day,
        found.mode,
        found.step,
        row.start_at,
        last,
        row.break_seconds,
    )
    if found.by_day:
        return [(day_date(day), seconds) for day, seconds in cut]
    # Not cut at midnights: the whole of it counts on the day its time in the range begins.
    begin = found.splitter.day(max(row.start_at, found.scope.start))
    return [(day_date(begin), sum(seconds for _, seconds in cut))]


def entry_json(row: Row, seconds: int) -> dict[str, Any]:
    duration = row.end_at - row.start_at - row.break_seconds if row.end_at is not None else None
    return {
        "id": row.id,
        "user_id": row.user_id,
        "user": row.user,
        "project_id": row.project_id,
        "project": row.project,
        "client_id": row.client_id,
        "client": row.client,
        "task_id": row.task_id,
        "task": row.task,
        "start_time": iso(row.start_at),
        "end_time": iso(row.end_at),
        "duration_seconds": duration,
        "break_seconds": row.break_seconds,
        "notes": row.notes,
        "tags": row.tags,
        "tag_list": tag_list(row.tags),
        "billable": bool(row.billable),
        "is_active": row.end_at is None,
        "seconds": seconds,
    }


def figure_entries(
    session: Session,
    principal: Principal,
    q: ReportQuery,
    group: str | None,
    sub_group: str | None,
    page: Page,
) -> dict[str, Any]:
    """One page of the entries behind a figure (the whole report's when no group is given)."""
    found = listing(session, principal, q, group, sub_group)
    if found is None:
        return {"time_entries": [], "pagination": pagination(page, 0)}
    shown: Sequence[Row] = rows(session, found, page.offset, page.per_page)
    items = [entry_json(r, sum(s for _, s in pieces_of(found, r))) for r in shown]
    return {"time_entries": items, "pagination": pagination(page, total(session, found))}


def day_lines(
    session: Session, principal: Principal, q: ReportQuery, limit: int
) -> list[tuple[date, Row, int]]:
    """Every entry of the report as (local day, entry, seconds it counts that day), by day and start:
    the rows of a timesheet. 400 when the report holds more than ``limit`` entries."""
    found = listing(session, principal, q)
    if found is None:
        return []
    count = total(session, found)
    if count > limit:
        raise ValidationFailed(
            f"The report holds {count:,} entries and a timesheet lists at most {limit:,}: "
            "choose a shorter period or more filters",
            code="too_many_entries",
        )
    lines = [
        (day, row, seconds)
        for row in rows(session, found, 0, limit)
        for day, seconds in pieces_of(found, row)
    ]
    lines.sort(key=lambda line: (line[0], line[1].start_at, line[1].id))
    return lines
