"""Report aggregation, done in the database. Entries are clipped to the range; running ones count to now."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, case, func, select
from sqlalchemy.orm import Session

from punchclock.kit.periods import worked_part
from punchclock.models import Project, Task, TimeEntry
from punchclock.models.project import effective_hourly_rate
from punchclock.report import grouped_repository


def summary_by_project(
    session: Session,
    start: int,
    end: int,
    now: int,
    user_ids: Sequence[int] | None,
    project_id: int | None,
) -> list[tuple[int | None, int, int, int]]:
    """(project_id, seconds, billable seconds, entries) of the time in [start, end), most first.

    Entries are clipped to the range and running ones count up to now. Most entries lie inside
    the range and are summed by the database from the report index; the few that reach past
    either end, or run, are clipped here (grouped_repository's whole-range path).
    """
    scope = grouped_repository.Scope(
        start=start,
        end=end,
        now=now,
        days=(),
        user_ids=user_ids,
        project_ids=[project_id] if project_id is not None else None,
    )
    found: dict[int | None, list[int]] = {}
    for pid, _, _, _, _, seconds, billable, entries in grouped_repository.sums(
        session, scope, "none", 0, False
    ):
        acc = found.setdefault(pid, [0, 0, 0])
        acc[0], acc[1], acc[2] = acc[0] + int(seconds), acc[1] + int(billable), acc[2] + int(entries)
    for _, pid, _, _, _, billable, pause, first, last in [
        *grouped_repository.crossing(session, scope, False),
        *grouped_repository.before(session, scope),
    ]:
        seconds = min(int(last), end) - max(int(first), start)
        seconds = worked_part(seconds, int(last) - int(first), pause) if seconds > 0 else 0
        if seconds > 0:  # a running entry may start a moment ahead of now (clock skew)
            acc = found.setdefault(pid, [0, 0, 0])
            acc[0], acc[1], acc[2] = acc[0] + seconds, acc[1] + (seconds if billable else 0), acc[2] + 1
    rows = [(pid, f[0], f[1], f[2]) for pid, f in found.items()]
    return sorted(rows, key=lambda r: (-r[1], r[0] is None, r[0] or 0))


def _worked(now: int) -> Any:
    # Worked time: the span less its break; a running entry counts to now, or to when it was paused.
    return (
        func.coalesce(TimeEntry.end_at, TimeEntry.paused_at, now)
        - TimeEntry.start_at
        - TimeEntry.break_seconds
    )


def project_usage(session: Session, now: int, project_ids: Sequence[int] | None) -> list[Row]:
    """Every project (archived ones only when named) with all its tracked and billable seconds."""
    seconds = _worked(now)
    usage = (
        select(
            TimeEntry.project_id.label("project_id"),
            func.sum(seconds).label("seconds"),
            func.sum(case((TimeEntry.billable.is_(True), seconds), else_=0)).label("billable_seconds"),
        )
        .where(TimeEntry.deleted_at.is_(None), TimeEntry.project_id.is_not(None))
        .group_by(TimeEntry.project_id)
        .subquery()
    )
    query = select(
        Project.id, Project.name, Project.status, effective_hourly_rate().label("rate"),
        Project.estimated_hours, usage.c.seconds, usage.c.billable_seconds,
    ).outerjoin(usage, usage.c.project_id == Project.id)  # fmt: skip
    if project_ids:
        query = query.where(Project.id.in_(project_ids))
    else:
        query = query.where(Project.status != "archived")
    return list(session.execute(query.order_by(Project.name)).all())


def task_usage(session: Session, now: int, project_ids: Sequence[int] | None) -> list[Row]:
    """Every task of the projects (of every project not archived) with all its tracked seconds."""
    usage = (
        select(TimeEntry.task_id.label("task_id"), func.sum(_worked(now)).label("seconds"))
        .where(TimeEntry.deleted_at.is_(None), TimeEntry.task_id.is_not(None))
        .group_by(TimeEntry.task_id)
        .subquery()
    )
    query = (
        select(Task.id, Task.name, Task.project_id, Task.status, Task.estimated_hours, usage.c.seconds)
        .join(Project, Project.id == Task.project_id)
        .outerjoin(usage, usage.c.task_id == Task.id)
    )
    if project_ids:
        query = query.where(Task.project_id.in_(project_ids))
    else:
        query = query.where(Project.status != "archived")
    return list(session.execute(query.order_by(Task.project_id, Task.name)).all())
