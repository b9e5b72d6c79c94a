"""Peeks into the audit log, straight from the database."""

from __future__ import annotations

import json
from typing import Any

from tests.auth.helpers import rows

AUDIT = "/api/v1/audit"


def events(db: Any, action: str | None = None) -> list[dict[str, Any]]:
    """The stored events (of one action), oldest first, their detail parsed."""
    where, params = ("WHERE action = :a", {"a": action}) if action else ("", {})
    found = rows(db, f"SELECT * FROM audit_events {where} ORDER BY id", **params)
    return [{**e, "detail": json.loads(e["detail"])} for e in found]


def only(db: Any, action: str) -> dict[str, Any]:
    """The one event of ``action``."""
    found = events(db, action)
    assert len(found) == 1, found
    return found[0]
