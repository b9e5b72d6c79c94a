"""Webhook sending paused for the whole deployment, until an admin resumes it.

Notes:
A database restored from a backup (punchclock.backup) holds the original's hooks and perhaps
deliveries still pending. Sending them from the copy would reach the real receivers a second time,
or reach them from a test copy at all. So a restore pauses sending, in the database itself (a
``server_settings`` row), which every instance's sender reads in the transaction that would claim
deliveries: while paused, nothing is claimed, deliveries stay pending (not failed, their attempts
untouched), and new events still queue. Test pings are refused too. An admin resumes with
``punchclock webhooks resume`` or ``POST /api/v1/webhooks/sending/resume``.
"""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy.orm import Session

from punchclock.audit import service as audit_service
from punchclock.errors import Conflict
from punchclock.kit.timeutil import iso, now_ts
from punchclock.setting import server as server_settings
from punchclock.webhook import repository

KEY = "webhooks.paused"


def paused(session: Session) -> bool:
    return server_settings.value(session, KEY) is not None


def pause_sending(session: Session, reason: str) -> None:
    """Pause sending (a restore, or ``punchclock webhooks pause``: the command line); audited."""
    value = orjson.dumps({"reason": reason, "since": now_ts()}).decode()
    server_settings.put(session, KEY, value)
    audit_service.record(session, "webhooks.paused", actor_id=None, detail={"reason": reason, "via": "cli"})


def state(session: Session) -> dict[str, Any]:
    """``{"paused", "reason", "since", "pending_deliveries"}`` for admins."""
    raw = server_settings.value(session, KEY)
    info = orjson.loads(raw) if raw else {}
    return {
        "paused": raw is not None,
        "reason": info.get("reason"),
        "since": iso(info["since"]) if info.get("since") else None,
        "pending_deliveries": repository.pending_count(session),
    }


def resume_sending(session: Session, actor_id: int | None = None, address: str = "") -> dict[str, Any]:
    """Resume sending (a no-op when not paused); the state afterwards. ``actor_id`` None: the
    command line. Audited when it was paused."""
    if server_settings.drop(session, KEY):
        detail = {} if actor_id is not None else {"via": "cli"}
        audit_service.record(session, "webhooks.resumed", actor_id=actor_id, address=address, detail=detail)
    return state(session)


def refuse_if_paused(session: Session) -> None:
    if paused(session):
        raise Conflict(
            "Webhook sending is paused (this database was restored from a backup); "
            "an admin resumes it with `punchclock webhooks resume`",
            code="webhooks_paused",
        )
