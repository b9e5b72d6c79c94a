"""A user's web app preferences and the workspace's settings.

Notes:
The ``pc_*`` settings are read and written through the sync service, so each write gets a sync
stamp (``st``) and a modification time (``mt``) exactly as a TimeTagger client's push would. The
workspace's settings are one for everybody (an admin sets them): the currency amounts are in, and
how long the audit log keeps its events (audit.service owns that rule). They live in
``server_settings``, so every instance reads the same value.
"""

from __future__ import annotations

import time
from typing import Any

import orjson
from sqlalchemy.orm import Session

from punchclock.audit import service as audit_service
from punchclock.errors import ValidationFailed
from punchclock.kit import currency as currencies
from punchclock.kit.timeutil import now_ts
from punchclock.setting import repository
from punchclock.sync import service as sync_service

PREFIX = "pc_"


def get_settings(session: Session, user_id: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in sync_service.get_settings(session, user_id):
        if item["key"].startswith(PREFIX):
            out[item["key"]] = orjson.loads(orjson.dumps(item["value"]))  # a Fragment: raw JSON
    return out


def with_workspace(session: Session, user_id: int) -> dict[str, Any]:
    """The user's preferences and the workspace's settings, as the web app reads them at start."""
    return {"settings": get_settings(session, user_id), "workspace": workspace(session)}


def put_settings(session: Session, user_id: int, changes: dict[str, Any]) -> dict[str, Any]:
    mt = float(int(time.time()))  # whole seconds, as TimeTagger keeps mt
    items = [{"key": key, "value": value, "mt": mt} for key, value in changes.items()]
    result = sync_service.push_settings(session, user_id, items)
    if result["failed"]:
        raise ValidationFailed(f"settings: {result['errors'][0]}", code="invalid_setting")
    return with_workspace(session, user_id)


# The workspace

CURRENCY_KEY = "workspace.currency"


def currency(session: Session) -> str:
    """The ISO 4217 code of the workspace's amounts (USD until an admin sets one)."""
    raw = repository.get(session, CURRENCY_KEY)
    value = orjson.loads(raw) if raw else None
    return value if isinstance(value, str) and currencies.is_currency(value) else currencies.DEFAULT


def workspace(session: Session) -> dict[str, Any]:
    code = currency(session)
    return {
        "currency": code,
        "currency_decimals": currencies.decimals(code),
        "audit_retention_days": audit_service.retention_days(session),
    }


def update_workspace(
    session: Session, changes: dict[str, Any], actor_id: int, address: str
) -> dict[str, Any]:
    """Change some of the workspace's settings (400 for a code ISO 4217 does not list, or a
    retention out of range); each change is audited."""
    code = changes.get("currency")
    if code is not None:
        code = code.strip().upper()
        if not currencies.is_currency(code):
            raise ValidationFailed(
                f"currency: {code[:10]!r} is not an ISO 4217 code (such as EUR, USD, GBP)",
                field="currency",
                code="invalid_currency",
            )
        before = currency(session)
        repository.put(session, CURRENCY_KEY, orjson.dumps(code).decode(), now_ts())
        if before != code:
            detail = {"from": before, "to": code}
            audit_service.record(
                session, "workspace.currency", actor_id=actor_id, address=address, detail=detail
            )
    if "audit_retention_days" in changes:  # null: keep the log for ever
        audit_service.set_retention(
            session, changes["audit_retention_days"], actor_id=actor_id, address=address
        )
    return workspace(session)
