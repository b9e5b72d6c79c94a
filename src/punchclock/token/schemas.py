from __future__ import annotations

from pydantic import BaseModel, Field

from punchclock.kit.pagination import PaginationRead
from punchclock.kit.types import Id, Input, LongText, Name


class TokenCreate(Input):
    name: Name
    description: LongText = ""
    scopes: list[str] | str = Field(description="Scopes from the table in the docs, list or comma-separated")
    expires_in_days: int | None = Field(None, strict=True, ge=1, le=3650)
    user_id: Id | None = Field(None, description="Admins may create tokens for other users")


class TokenRead(BaseModel):
    id: int
    name: str
    description: str
    user_id: int
    username: str | None
    prefix: str
    scopes: list[str]
    expires_at: str | None
    last_used_at: str | None
    created_at: str
    revoked_at: str | None
    kind: str = Field(description="'device': from a password sign-in (signing out everywhere ends it); 'api'")
    is_active: bool


class TokenCreated(BaseModel):
    message: str
    token: str | None = Field(
        description="The secret, shown only in this response (null in a replay under an Idempotency-Key)"
    )
    api_token: TokenRead


class TokenList(BaseModel):
    api_tokens: list[TokenRead]
    pagination: PaginationRead


class TokenMessage(BaseModel):
    message: str
    api_token: TokenRead


class ScopeRead(BaseModel):
    scope: str
    description: str


class ScopeList(BaseModel):
    scopes: list[ScopeRead]
