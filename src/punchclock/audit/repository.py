"""Audit queries: the newest events first, filtered; pages for the export; pruning old rows."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Row, Select, delete, func, select
from sqlalchemy.orm import Session, aliased

from punchclock.models import AuditEvent, User

Actor = aliased(User)
Target = aliased(User)


@dataclass(frozen=True, slots=True)
class AuditFilter:
    actor_id: int | None = None
    target_user_id: int | None = None
    action: str | None = None  # exact, or a prefix when it ends with "." ("auth.")
    since: int | None = None  # at or after
    until: int | None = None  # before


def add(session: Session, event: AuditEvent) -> AuditEvent:
    session.add(event)
    session.flush()
    return event


def _filtered(query: Select, f: AuditFilter) -> Select:
    if f.actor_id is not None:
        query = query.where(AuditEvent.actor_id == f.actor_id)
    if f.target_user_id is not None:
        query = query.where(AuditEvent.target_user_id == f.target_user_id)
    if f.action is not None and f.action.endswith("."):
        query = query.where(AuditEvent.action.startswith(f.action, autoescape=True))
    elif f.action is not None:
        query = query.where(AuditEvent.action == f.action)
    if f.since is not None:
        query = query.where(AuditEvent.at >= f.since)
    if f.until is not None:
        query = query.where(AuditEvent.at < f.until)
    return query


def _named(f: AuditFilter) -> Select:
    """The events with the usernames of who acted and whom it concerned (None: nobody, or deleted)."""
    query = (
        select(AuditEvent, Actor.username, Target.username)
        .outerjoin(Actor, Actor.id == AuditEvent.actor_id)
        .outerjoin(Target, Target.id == AuditEvent.target_user_id)
    )
    return _filtered(query, f)


def page(session: Session, offset: int, limit: int, f: AuditFilter) -> tuple[list[Row], int]:
    """The newest matching events first, and how many match."""
    total = session.scalar(_filtered(select(func.count()).select_from(AuditEvent), f)) or 0
    rows = session.execute(_named(f).order_by(AuditEvent.id.desc()).offset(offset).limit(limit))
    return list(rows), total


def page_before(session: Session, f: AuditFilter, before: int | None, limit: int) -> list[Row]:
    """The next ``limit`` matching events older than id ``before`` (keyset paging, for the export)."""
    query = _named(f)
    if before is not None:
        query = query.where(AuditEvent.id < before)
    return list(session.execute(query.order_by(AuditEvent.id.desc()).limit(limit)))


def delete_before(session: Session, cutoff: int, limit: int) -> int:
    """Delete up to ``limit`` of the oldest events from before ``cutoff``; how many went."""
    oldest = select(AuditEvent.id).where(AuditEvent.at < cutoff).order_by(AuditEvent.id).limit(limit)
    result = session.execute(delete(AuditEvent).where(AuditEvent.id.in_(oldest.scalar_subquery())))
    return int(result.rowcount)  # type: ignore[attr-defined]
