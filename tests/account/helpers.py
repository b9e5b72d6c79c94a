from __future__ import annotations

from typing import Any

from punchclock.user import service as user_service
from tests.auth.helpers import rows

RESET = "/api/v1/auth/password-reset"
COMPLETE = "/api/v1/auth/password-reset/complete"
INVITE = "/api/v1/invitations"
ACCEPT = "/api/v1/invitations/accept"


def person(api: Any, name: str, email: str | None, role: str = "member") -> Any:
    return api.db.call(user_service.create, name, "password123", role, name.title(), email)


def links(db: Any) -> list[dict[str, Any]]:
    return rows(db, "SELECT * FROM mail_tokens ORDER BY id")


def audit(db: Any, action: str) -> list[dict[str, Any]]:
    return rows(db, "SELECT * FROM audit_events WHERE action = :a ORDER BY id", a=action)
