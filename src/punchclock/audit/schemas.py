from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from punchclock.kit.pagination import PaginationRead


class AuditEventRead(BaseModel):
    id: int
    at: str
    action: str = Field(description='A dotted name: "auth.signed_in", "user.role_changed", ...')
    summary: str = Field(description="The event as one readable sentence")
    actor_id: int | None = Field(description="Who acted (null: nobody signed in, the command line)")
    actor: str | None = Field(description="Their username")
    target_user_id: int | None = Field(description="Whom it concerned")
    target_user: str | None = Field(description="Their username")
    address: str = Field(description="The client's address, when known")
    detail: dict[str, Any]


class AuditEventList(BaseModel):
    events: list[AuditEventRead]
    pagination: PaginationRead
