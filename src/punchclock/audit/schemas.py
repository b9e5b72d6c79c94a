from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from punchclock.kit.pagination import PaginationRead


class AuditEventRead(BaseModel):
    id: int
    at: str
    action: str
    actor_id: int | None
    target_user_id: int | None
    address: str
    detail: dict[str, Any]


class AuditEventList(BaseModel):
    events: list[AuditEventRead]
    pagination: PaginationRead
