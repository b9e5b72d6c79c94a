"""The grouped report: time by project, client, task, tag, user or period, in the reader's time zone.

Notes:
The range is whole local days, ``start_date`` to ``end_date`` inclusive, in the time zone and
with the week start of the user asking (for a team report too: one calendar for the reader).
Rounding applies to each piece of an entry inside one local day, and every figure is a sum of
those rounded pieces, so totals add up whatever the grouping (see punchclock.report.grouping).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta, tzinfo
from typing import Any

from sqlalchemy.orm import Session

from punchclock.auth import policy
from punchclock.auth.scopes import Principal
from punchclock.errors import Forbidden, ValidationFailed
from punchclock.kit.periods import (
    DAY,
    PERIODS,
    ROUNDING_MODES,
    DaySplitter,
    date_number,
    midnight,
    offset_steps,
    period_start,
    round_seconds,
    today,
    worked_part,
)
from punchclock.kit.timeutil import TimeParseError, get_zone, now_ts
from punchclock.report import grouped_repository as repo
from punchclock.report.grouping import Cell, Lookup, as_json, build, figures
from punchclock.setting import service as setting_service
from punchclock.user import service as user_service

DIMENSIONS = ("project", "client", "task", "tag", "user", *PERIODS)
MAX_DAYS = 3660
DEFAULT_DAYS = 30
_SQL_DIM = {"task": "task", "user": "user", "tag": "tags", **dict.fromkeys(PERIODS, "day")}


@dataclass(frozen=True, slots=True)
class ReportQuery:
    start_date: str | None = None
    end_date: str | None = None
    group_by: str = "project"
    sub_group_by: str | None = None
    user_ids: Sequence[int] | None = None
    project_ids: Sequence[int] | None = None
    client_ids: Sequence[int] | None = None
    task_ids: Sequence[int] | None = None
    tags: Sequence[str] = field(default_factory=tuple)
    billable: bool | None = None
    approval: str | None = None  # approved | open: entries starting inside signed-off time, or not
    rounding: str = "none"
    rounding_minutes: int = 15


@dataclass(frozen=True, slots=True)
class Reader:
    """The calendar a report is read in: the asking user's zone and week start."""

    zone: tzinfo
    zone_name: str
    week_start: int


def reader(session: Session, principal: Principal) -> Reader:
    user = user_service.get(session, principal.user_id)
    try:
        return Reader(get_zone(user.timezone), user.timezone, user.week_start)
    except TimeParseError:
        return Reader(get_zone("UTC"), "UTC", user.week_start)


def parse_date(value: str | None, name: str) -> date | None:
    if value is None or value == "":
        return None
    try:
        if len(value) > 10:
            raise ValueError(value)
        day = date.fromisoformat(value.strip())
    except ValueError as exc:
        raise ValidationFailed(f"{name}: {value[:40]!r} is not a date (YYYY-MM-DD)", field=name) from exc
    if not 1971 <= day.year <= 2098:
        raise ValidationFailed(f"{name}: dates must fall between 1971 and 2098", code="out_of_range")
    return day


def fail_reversed() -> None:
    raise ValidationFailed("end_date must not be before start_date", code="end_before_start")


def date_span(q: ReportQuery, zone: tzinfo, now: int) -> tuple[date, date]:
    end = parse_date(q.end_date, "end_date") or today(zone, now)
    start = parse_date(q.start_date, "start_date") or end - timedelta(days=DEFAULT_DAYS - 1)
    if end < start:
        fail_reversed()
    if (end - start).days >= MAX_DAYS:
        raise ValidationFailed(f"A report covers at most {MAX_DAYS} days", code="range_too_long")
    return start, end


def check(q: ReportQuery, principal: Principal) -> None:
    """Validate the grouping and rounding, and who may see whose time (400 / 403)."""
    if q.group_by not in DIMENSIONS:
        raise ValidationFailed(f"group_by must be one of {', '.join(DIMENSIONS)}", field="group_by")
    if q.sub_group_by is not None and q.sub_group_by not in DIMENSIONS:
        raise ValidationFailed(f"sub_group_by must be one of {', '.join(DIMENSIONS)}", field="sub_group_by")
    if q.sub_group_by == q.group_by:
        raise ValidationFailed("sub_group_by must differ from group_by", field="sub_group_by")
    if q.rounding not in ROUNDING_MODES:
        raise ValidationFailed(f"rounding must be one of {', '.join(ROUNDING_MODES)}", field="rounding")
    if not 1 <= q.rounding_minutes <= 1440:
        raise ValidationFailed("rounding_minutes must be 1 to 1440", field="rounding_minutes")
    if not principal.sees_everyone and "user" in (q.group_by, q.sub_group_by):
        raise Forbidden("Only managers and admins can group by user", code="access_denied")
    policy.users_filter(principal, q.user_ids)


def scope_of(
    q: ReportQuery,
    principal: Principal,
    zone: tzinfo,
    start: date,
    end: date,
    now: int,
    dims: set[str],
    week_start: int = 0,
) -> repo.Scope:
    """The range as local days. A day's key is the first day of its period when the report has
    one period dim (so the database sums whole weeks, months or years), else the day itself."""
    periods = [d for d in (q.group_by, q.sub_group_by) if d in PERIODS]
    bucket = periods[0] if len(periods) == 1 else "day"
    days = [start + timedelta(days=n) for n in range((end - start).days + 2)]
    bounds = [midnight(day, zone) for day in days]
    keys = [date_number(period_start(day, bucket, week_start)) for day in days]
    users = policy.users_filter(principal, q.user_ids)
    return repo.Scope(
        start=bounds[0],
        end=bounds[-1],
        now=now,
        days=[
            (date_number(day), key, lo, hi)
            for day, key, lo, hi in zip(days, keys, bounds, bounds[1:], strict=False)
        ],
        user_ids=list(users) if users else None,
        project_ids=q.project_ids or None,
        client_ids=q.client_ids or None,
        task_ids=q.task_ids or None,
        tags=[t.lstrip("#") for t in q.tags if t.strip("# ")],
        billable=q.billable,
        approval=q.approval,
        dims=frozenset(dims),
    )


def pieces(
    splitter: DaySplitter,
    scope: repo.Scope,
    by_day: bool,
    mode: str,
    step: int,
    first: int,
    last: int,
    pause: int,
) -> Iterator[tuple[int, int]]:
    """``(local day, counted seconds)`` of an entry from ``first`` to ``last`` inside the scope: one
    piece per local day when ``by_day`` (rounding or periods), else one (its day then is 0)."""
    a, b = max(first, scope.start), min(last, scope.end)
    split = splitter.split(a, b) if by_day else ([(0, a, b)] if a < b else [])
    for day, lo, hi in split:
        yield day, round_seconds(worked_part(hi - lo, last - first, pause), mode, step)


def splitter_for(scope: repo.Scope, zone: tzinfo) -> DaySplitter:
    return DaySplitter(zone, offset_steps(zone, scope.start - 2 * DAY, scope.end + 2 * DAY))


def by_day_for(q: ReportQuery) -> bool:
    """Whether a report's entries are cut at midnights: they are when rounded (each day's piece is
    rounded) or grouped by period."""
    return q.rounding != "none" or any(d in PERIODS for d in (q.group_by, q.sub_group_by))


def cells(session: Session, scope: repo.Scope, zone: tzinfo, mode: str, step: int) -> Iterator[Cell]:
    """Every rounded day-piece of time in the scope, summed per cell: in SQL where the entry lies
    in one day, in Python for the pieces of the others.

    Without rounding or periods, splitting at midnights would change no sum: entries are then
    summed whole, and only those reaching past the range's end or running are cut, at the end.
    A cell keeps the ids of the entries cut in Python, so an entry in two pieces of one group
    counts once. Only the dims asked for are kept, so many entries fall into few cells.
    """
    by_day = mode != "none" or "day" in scope.dims
    found: dict[tuple, list[Any]] = {}  # key -> [seconds, billable seconds, entries, ids of pieces]
    # A group comes back once per batch of days (see grouped_repository).
    for project_id, user_id, task_id, tags, day, seconds, billable, entries in repo.sums(
        session, scope, mode, step, by_day
    ):
        acc = found.setdefault((project_id, user_id, task_id, tags or "", day), [0, 0, 0, set()])
        acc[0] += int(seconds)
        acc[1] += int(billable)
        acc[2] += int(entries)
    splitter = splitter_for(scope, zone)
    key_of = {day: key for day, key, _, _ in scope.days}
    dims = scope.dims
    for entry_id, project_id, user_id, task_id, tags, billable, pause, first, last in [
        *repo.crossing(session, scope, by_day),
        *repo.before(session, scope),
    ]:
        user_id = user_id if "user" in dims else None
        task_id = task_id if "task" in dims else None
        tags = (tags or "") if "tags" in dims else ""
        for day, seconds in pieces(splitter, scope, by_day, mode, step, int(first), int(last), pause):
            key = (project_id, user_id, task_id, tags, key_of[day] if "day" in dims else None)
            acc = found.setdefault(key, [0, 0, 0, set()])
            acc[0] += seconds
            acc[1] += seconds if billable else 0
            acc[3].add(entry_id)
    for (project_id, user_id, task_id, tags, day), (seconds, billable, entries, ids) in found.items():
        yield Cell(project_id, user_id, task_id, tags, day, seconds, billable, entries, frozenset(ids))


def lookup(session: Session, collected: list[Cell], week_start: int) -> Lookup:
    projects = {int(p.id): p for p in repo.projects(session)}
    users = repo.names(session, "users", sorted({c.user_id for c in collected if c.user_id is not None}))
    tasks = repo.names(session, "tasks", sorted({c.task_id for c in collected if c.task_id is not None}))
    return Lookup(projects, users, tasks, week_start)


def dims_for(*dims: str | None) -> set[str]:
    return {_SQL_DIM[d] for d in dims if d in _SQL_DIM}


def grouped(session: Session, principal: Principal, q: ReportQuery) -> dict[str, Any]:
    check(q, principal)
    cal = reader(session, principal)
    now = now_ts()
    start, end = date_span(q, cal.zone, now)
    dims = dims_for(q.group_by, q.sub_group_by)
    scope = scope_of(q, principal, cal.zone, start, end, now, dims, cal.week_start)
    collected = list(cells(session, scope, cal.zone, q.rounding, q.rounding_minutes * 60))
    total, groups = build(collected, q.group_by, q.sub_group_by, lookup(session, collected, cal.week_start))
    return {
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
        "timezone": cal.zone_name,
        "week_start": cal.week_start,
        "group_by": q.group_by,
        "sub_group_by": q.sub_group_by,
        "rounding": {"mode": q.rounding, "minutes": q.rounding_minutes},
        "currency": setting_service.currency(session),
        "totals": figures(total),
        "groups": [as_json(g, q.sub_group_by) for g in groups],
    }


REPORT_HEADER = (
    "group", "group_key", "sub_group", "sub_group_key",
    "hours", "seconds", "billable_hours", "billable_seconds", "amount", "entries", "currency",
)  # fmt: skip


def table(report: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """A grouped report flattened for a spreadsheet: a line per group (and sub-group), then the total."""

    def numbers(n: dict[str, Any]) -> list[Any]:
        return [
            n["hours"],
            n["seconds"],
            n["billable_hours"],
            n["billable_seconds"],
            n["amount"],
            n["entries"],
            report["currency"],
        ]

    rows: list[list[Any]] = []
    for g in report["groups"]:
        rows.append([g["label"], g["key"], "", "", *numbers(g)])
        rows.extend([g["label"], g["key"], s["label"], s["key"], *numbers(s)] for s in g["groups"])
    rows.append(["Total", "", "", "", *numbers(report["totals"])])
    return list(REPORT_HEADER), rows
