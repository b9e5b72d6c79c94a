from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, StringConstraints

from punchclock.kit.pagination import PaginationRead
from punchclock.kit.types import Color, Flag, Hours, Id, Input, LongText, Money, Name

ProjectStatus = Literal["active", "archived", "on_hold"]
# A tag as TimeTagger writes it, without the '#': letters, digits and -_/.
Tag = Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, pattern=r"^#?[\w/.-]{1,64}$")]


class ProjectCreate(Input):
    name: Name
    description: LongText = ""
    client_id: Id | None = None
    hourly_rate: Money | None = None
    estimated_hours: Hours | None = None
    status: ProjectStatus = "active"
    billable: Flag = True
    tag: Tag | None = None
    color: Color | None = None
    is_private: Flag = False


class ProjectUpdate(Input):
    name: Name | None = None
    description: LongText | None = None
    client_id: Id | None = None
    hourly_rate: Money | None = None
    estimated_hours: Hours | None = None
    status: ProjectStatus | None = None
    billable: Flag | None = None
    tag: Tag | None = None
    color: Color | None = None
    is_private: Flag | None = None


class ProjectRead(BaseModel):
    id: int
    name: str
    description: str
    client_id: int | None
    client: str | None
    hourly_rate: float | None
    estimated_hours: float | None
    status: ProjectStatus
    billable: bool
    tag: str | None
    color: str | None
    is_private: bool
    created_at: str
    updated_at: str


class ProjectEnvelope(BaseModel):
    project: ProjectRead


class ProjectMessage(BaseModel):
    message: str
    project: ProjectRead


class ProjectList(BaseModel):
    projects: list[ProjectRead]
    pagination: PaginationRead


class MemberRead(BaseModel):
    user_id: int
    username: str
    display_name: str
    role: str
    added_at: str


class MemberList(BaseModel):
    members: list[MemberRead]
