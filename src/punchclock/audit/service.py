"""The audit log: what was done to accounts and to the workspace, by whom, from where.

Notes:
Other features call ``record`` inside the transaction of the change they log, so the record and the
change commit or roll back together: the log never claims something that did not happen.
"""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy.orm import Session

from punchclock.audit import repository
from punchclock.kit.pagination import Page, pagination
from punchclock.kit.timeutil import iso, now_ts
from punchclock.models import AuditEvent


def record(
    session: Session,
    action: str,
    *,
    actor_id: int | None,
    target_user_id: int | None = None,
    address: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Log ``action`` (a dotted name such as ``totp.reset``) as part of the current transaction."""
    event = AuditEvent(
        at=now_ts(),
        action=action,
        actor_id=actor_id,
        target_user_id=target_user_id,
        address=address[:64],
        detail=orjson.dumps(detail or {}).decode(),
    )
    return repository.add(session, event)


def to_dict(event: AuditEvent) -> dict[str, Any]:
    return {
        "id": event.id,
        "at": iso(event.at),
        "action": event.action,
        "actor_id": event.actor_id,
        "target_user_id": event.target_user_id,
        "address": event.address,
        "detail": orjson.loads(event.detail),
    }


def list_page(
    session: Session, page: Page, target_user_id: int | None = None, action: str | None = None
) -> dict[str, Any]:
    rows, total = repository.page(session, page.offset, page.per_page, target_user_id, action)
    return {"events": [to_dict(e) for e in rows], "pagination": pagination(page, total)}
