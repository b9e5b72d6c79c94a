from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from punchclock.models import AuditEvent


def add(session: Session, event: AuditEvent) -> AuditEvent:
    session.add(event)
    session.flush()
    return event


def page(
    session: Session, offset: int, limit: int, target_user_id: int | None, action: str | None
) -> tuple[list[AuditEvent], int]:
    """The newest events first, optionally about one user or of one action, and how many match."""
    query = select(AuditEvent)
    if target_user_id is not None:
        query = query.where(AuditEvent.target_user_id == target_user_id)
    if action is not None:
        query = query.where(AuditEvent.action == action)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(AuditEvent.id.desc()).offset(offset).limit(limit))
    return list(rows), total
