"""The audit log: what was done to accounts and to the workspace, by whom, from where.

Notes:
Other features call ``record`` inside the transaction of the change they log, so the record and the
change commit or roll back together: the log never claims something that did not happen. A refused
sign-in is the other way round: the request fails (401) and its transaction rolls back, yet the
attempt must be on record, so ``record(kept=True)`` writes it again in a transaction of its own when
the first does not commit (db.apart_unless_committed).

Retention is the server setting ``workspace.audit_retention_days`` (none: keep everything). Older
rows are deleted after the commit of an audit write, at most once per ``PRUNE_EVERY`` seconds in
each process, in batches that each commit: no periodic task, no extra statement on most writes,
and a long backlog (retention just turned on) never holds a lock for long.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import orjson
from sqlalchemy import Row
from sqlalchemy.orm import Session

from punchclock.audit import repository
from punchclock.audit.describe import sentence
from punchclock.audit.repository import AuditFilter
from punchclock.db import Database, apart_after_commit, apart_unless_committed
from punchclock.errors import ValidationFailed
from punchclock.kit.pagination import Page, pagination
from punchclock.kit.timeutil import iso, now_ts
from punchclock.models import AuditEvent
from punchclock.setting import server as server_settings

RETENTION_KEY = "workspace.audit_retention_days"
MAX_RETENTION_DAYS = 36500
PRUNE_EVERY = 3600.0
PRUNE_BATCH = 5000
PRUNE_BATCHES = 100  # per run; a larger backlog goes on at the next run
EXPORT_PAGE = 1000
EXPORT_HEADER = ("id", "at", "action", "summary", "actor_id", "actor", "target_user_id", "target_user",
                 "address", "detail")  # fmt: skip


class PruneClock:
    """When this process may prune next: one run per period, whichever write comes first."""

    def __init__(self, every: float = PRUNE_EVERY) -> None:
        self.every = every
        self.next_at = 0.0
        self._lock = threading.Lock()

    def due(self) -> bool:
        now = time.monotonic()
        with self._lock:
            if now < self.next_at:
                return False
            self.next_at = now + self.every
            return True


pruning = PruneClock()


def _event(
    action: str, actor_id: int | None, target_user_id: int | None, address: str, detail: Any
) -> AuditEvent:
    return AuditEvent(
        at=now_ts(),
        action=action,
        actor_id=actor_id,
        target_user_id=target_user_id,
        address=address[:64],
        detail=orjson.dumps(detail or {}).decode(),
    )


def record(
    session: Session,
    action: str,
    *,
    actor_id: int | None,
    target_user_id: int | None = None,
    address: str = "",
    detail: dict[str, Any] | None = None,
    kept: bool = False,
) -> AuditEvent:
    """Log ``action`` (a dotted name such as ``totp.reset``) as part of the current transaction;
    ``kept``: in one of its own too, should the current one not commit (a refused sign-in)."""
    event = repository.add(session, _event(action, actor_id, target_user_id, address, detail))
    if kept:

        def again(apart: Session) -> None:
            record(
                apart,
                action,
                actor_id=actor_id,
                target_user_id=target_user_id,
                address=address,
                detail=detail,
            )

        apart_unless_committed(session, again)
    elif pruning.due():  # (a kept copy prunes when it is written again)
        apart_after_commit(session, prune)
    return event


# Named records other features share


def signed_in(
    session: Session, user_id: int, *, kind: str, method: str, client: str = "", address: str = ""
) -> None:
    """``auth.signed_in``: ``kind`` session (the web app), device or timetagger; ``method`` the proof
    (password, totp, recovery, oidc, proxy)."""
    detail = {"kind": kind, "method": method, "client": client[:200]}
    record(
        session, "auth.signed_in", actor_id=user_id, target_user_id=user_id, address=address, detail=detail
    )


def sign_in_failed(
    session: Session, username: str, *, kind: str, reason: str, address: str = "", **more: Any
) -> None:
    """``auth.sign_in_failed``: the name tried and why, never a user id (nobody proved who they
    are). Kept although the refusal rolls the sign-in's transaction back."""
    detail = {"username": username.strip()[:64], "kind": kind, "reason": reason, **more}
    record(session, "auth.sign_in_failed", actor_id=None, address=address, detail=detail, kept=True)


PERIOD_ACTIONS = ("submitted", "approved", "rejected", "closed", "reopened")


def period(
    session: Session,
    action: str,
    *,
    actor_id: int | None,
    owner_id: int,
    period_id: int,
    start: str,
    end: str,
    comment: str | None = None,
    address: str = "",
) -> AuditEvent:
    """The sign-off's record of a decision on someone's timesheet period: ``period.<action>`` for
    ``action`` in PERIOD_ACTIONS, with the period's first and last day (ISO dates, kept as
    ``"period": "start..end"``) and the comment or reason given. Call it in the decision's
    transaction."""
    if action not in PERIOD_ACTIONS:
        raise ValueError(f"not a period action: {action}")
    detail: dict[str, Any] = {"period_id": period_id, "period": f"{start}..{end}"}
    if comment:
        detail["comment"] = comment
    return record(
        session,
        f"period.{action}",
        actor_id=actor_id,
        target_user_id=owner_id,
        address=address,
        detail=detail,
    )


def lock_date(
    session: Session, *, actor_id: int | None, before: str | None, after: str | None, address: str = ""
) -> AuditEvent:
    """``workspace.lock_date``: the workspace-wide lock date moved (ISO dates; None: no lock date)."""
    detail = {"from": before, "to": after}
    return record(session, "workspace.lock_date", actor_id=actor_id, address=address, detail=detail)


# Retention


def retention_days(session: Session) -> int | None:
    """How many days the log keeps (None: everything)."""
    raw = server_settings.value(session, RETENTION_KEY)
    value = orjson.loads(raw) if raw else None
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def set_retention(session: Session, days: int | None, *, actor_id: int | None, address: str = "") -> None:
    """Keep the log ``days`` days (None: for ever); the next prune applies it."""
    if days is not None and not 1 <= days <= MAX_RETENTION_DAYS:
        raise ValidationFailed(
            f"audit_retention_days: keep the log 1 to {MAX_RETENTION_DAYS} days, or null for ever",
            field="audit_retention_days",
        )
    before = retention_days(session)
    if before == days:
        return
    if days is None:
        server_settings.drop(session, RETENTION_KEY)
    else:
        server_settings.put(session, RETENTION_KEY, orjson.dumps(days).decode())
    detail = {"from": before, "to": days}
    record(session, RETENTION_KEY, actor_id=actor_id, address=address, detail=detail)


def prune(session: Session) -> int:
    """Delete the events older than the retention (none when it is unset); how many went."""
    days = retention_days(session)
    if days is None:
        return 0
    cutoff = now_ts() - days * 86400
    gone = 0
    for _ in range(PRUNE_BATCHES):
        n = repository.delete_before(session, cutoff, PRUNE_BATCH)
        session.commit()  # each batch on its own: no long lock on the table
        gone += n
        if n < PRUNE_BATCH:
            break
    return gone


# Reading


def to_dict(row: Row) -> dict[str, Any]:
    event, actor, target = row
    detail = orjson.loads(event.detail)
    return {
        "id": event.id,
        "at": iso(event.at),
        "action": event.action,
        "summary": sentence(event.action, actor, target, detail),
        "actor_id": event.actor_id,
        "actor": actor,
        "target_user_id": event.target_user_id,
        "target_user": target,
        "address": event.address,
        "detail": detail,
    }


def list_page(session: Session, page: Page, f: AuditFilter) -> dict[str, Any]:
    rows, total = repository.page(session, page.offset, page.per_page, f)
    return {"events": [to_dict(r) for r in rows], "pagination": pagination(page, total)}


def export_rows(db: Database, f: AuditFilter, fmt: str, page: int = EXPORT_PAGE) -> Iterator[list[Any]]:
    """Every matching event, newest first, read a page per short transaction (the log may be long);
    the detail stays an object in JSON and is JSON text in a CSV cell."""
    before: int | None = None
    while True:
        rows = db.call(repository.page_before, f, before, page, write=False)
        for row in rows:
            item = to_dict(row)
            if fmt != "json":
                item["detail"] = orjson.dumps(item["detail"]).decode()
            yield [item[key] for key in EXPORT_HEADER]
        if len(rows) < page:
            return
        before = rows[-1][0].id
