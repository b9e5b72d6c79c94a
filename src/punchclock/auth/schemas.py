from __future__ import annotations

from pydantic import BaseModel, Field

from punchclock.kit.types import Input
from punchclock.user.schemas import UserRead


class LoginRequest(Input):
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
