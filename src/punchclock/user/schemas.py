from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, StrictBool

from punchclock.kit.types import Email, Input, omittable

Role = Literal["admin", "manager", "member"]
USERNAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$"
DisplayName = Annotated[str, Field(max_length=200)]
Password = Annotated[str, Field(min_length=8, max_length=1024)]
Zone = Annotated[str, Field(max_length=64, description="An IANA time zone name")]
# Strict: JSON false or 1.0 is not a day of the week.
WeekStart = Annotated[int, Field(strict=True, ge=0, le=6, description="0 = Monday ... 6 = Sunday")]


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


class UserCreate(Input):
    username: str = Field(pattern=USERNAME_PATTERN)
    password: Password
    role: Role = "member"
    display_name: DisplayName = ""
    email: Email | None = None


# Notes: in an update, leaving a field out keeps it; null clears the email and is refused for the
# rest, which have no "unset" value (the schema says so: those fields are not nullable).


class UserUpdate(Input):
    """Fields an admin may change on any account (all optional)."""

    display_name: DisplayName = omittable()
    email: Email | None = None
    role: Role = omittable()
    is_active: StrictBool = omittable()
    timezone: Zone = omittable()
    week_start: WeekStart = omittable()
    password: Password = omittable()


class MeUpdate(Input):
    """Fields a user may change on their own account."""

    display_name: DisplayName = omittable()
    email: Email | None = None
    timezone: Zone = omittable()
    week_start: WeekStart = omittable()


class PasswordChange(Input):
    current_password: str = Field(max_length=1024)
    new_password: str = Field(min_length=8, max_length=1024)


class UserEnvelope(BaseModel):
    user: UserRead


class UserMessage(BaseModel):
    message: str
    user: UserRead
