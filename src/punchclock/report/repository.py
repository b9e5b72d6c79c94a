"""Report aggregation, done in the database. Entries are clipped to the range; running ones count to now."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Row, case, func, select
from sqlalchemy.orm import Session

from punchclock.models import Project, TimeEntry


def summary_by_project(
    session: Session, start: int, end: int, now: int, user_id: int | None, project_id: int | None
) -> list[Row]:
    entry_end = func.coalesce(TimeEntry.end_at, now)
    clipped_start = case((TimeEntry.start_at < start, start), else_=TimeEntry.start_at)
    clipped_end = case((entry_end > end, end), else_=entry_end)
    seconds = clipped_end - clipped_start
    billable_seconds = case((TimeEntry.billable.is_(True), seconds), else_=0)
    # entry_end > start_at drops a running entry whose start is still ahead of now (the timer's grace
    # for clock skew allows that briefly); it would otherwise count negative time.
    overlaps = (TimeEntry.start_at < end, entry_end > start, entry_end > TimeEntry.start_at)
    inner = select(
        TimeEntry.project_id.label("project_id"),
        seconds.label("seconds"),
        billable_seconds.label("billable_seconds"),
    ).where(*overlaps, TimeEntry.deleted_at.is_(None))
    if user_id is not None:
        inner = inner.where(TimeEntry.user_id == user_id)
    if project_id is not None:
        inner = inner.where(TimeEntry.project_id == project_id)
    sub = inner.subquery()
    query = (
        select(
            sub.c.project_id,
            Project.name.label("project_name"),
            Project.hourly_rate,
            func.sum(sub.c.seconds).label("seconds"),
            func.sum(sub.c.billable_seconds).label("billable_seconds"),
            func.count().label("entries"),
        )
        .select_from(sub)
        .outerjoin(Project, Project.id == sub.c.project_id)
        .group_by(sub.c.project_id, Project.name, Project.hourly_rate)
        .order_by(func.sum(sub.c.seconds).desc())
    )
    return list(session.execute(query).all())


def project_usage(session: Session, now: int, project_ids: Sequence[int] | None) -> list[Row]:
    """Every project (archived ones only when named) with all its tracked and billable seconds."""
    seconds = func.coalesce(TimeEntry.end_at, now) - TimeEntry.start_at
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
        Project.id, Project.name, Project.status, Project.hourly_rate, Project.estimated_hours,
        usage.c.seconds, usage.c.billable_seconds,
    ).outerjoin(usage, usage.c.project_id == Project.id)  # fmt: skip
    if project_ids:
        query = query.where(Project.id.in_(project_ids))
    else:
        query = query.where(Project.status != "archived")
    return list(session.execute(query.order_by(Project.name)).all())
