from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from punchclock.user.schemas import UserRead


class LoginRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1, max_length=1024)


class TokenResponse(BaseModel):
    token: str
    token_type: str = "bearer"
    expires_at: int


class LoginResponse(TokenResponse):
    user: UserRead


class Message(BaseModel):
    message: str
