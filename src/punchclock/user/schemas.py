from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from punchclock.kit.types import Email

Role = Literal["admin", "manager", "member"]
USERNAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$"


class UserRead(BaseModel):
    id: int
    username: str
    display_name: str
    email: str | None
    role: Role
    is_active: bool
    timezone: str
    week_start: int
    created_at: str
    updated_at: str


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(pattern=USERNAME_PATTERN)
    password: str = Field(min_length=8, max_length=1024)
    role: Role = "member"
    display_name: str = Field("", max_length=200)
    email: Email | None = None


class UserUpdate(BaseModel):
    """Fields an admin may change on any account (all optional)."""

    model_config = ConfigDict(extra="forbid")
    display_name: str | None = Field(None, max_length=200)
    email: Email | None = None
    role: Role | None = None
    is_active: bool | None = None
    timezone: str | None = Field(None, max_length=64)
    week_start: int | None = Field(None, ge=0, le=6)
    password: str | None = Field(None, min_length=8, max_length=1024)


class MeUpdate(BaseModel):
    """Fields a user may change on their own account."""

    model_config = ConfigDict(extra="forbid")
    display_name: str | None = Field(None, max_length=200)
    email: Email | None = None
    timezone: str | None = Field(None, max_length=64)
    week_start: int | None = Field(None, ge=0, le=6)


class PasswordChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    current_password: str = Field(max_length=1024)
    new_password: str = Field(min_length=8, max_length=1024)


class UserEnvelope(BaseModel):
    user: UserRead


class UserMessage(BaseModel):
    message: str
    user: UserRead
