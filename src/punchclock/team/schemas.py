from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, StringConstraints

from punchclock.kit.pagination import PaginationRead
from punchclock.kit.types import Flag, Input, NoNul

TeamName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), NoNul]


class TeamCreate(Input):
    name: TeamName


class TeamUpdate(Input):
    name: TeamName | None = None


class MemberPut(Input):
    is_lead: Flag = False


class TeamMemberRead(BaseModel):
    user_id: int
    username: str
    display_name: str
    is_lead: bool


class TeamRead(BaseModel):
    id: int
    name: str
    members: list[TeamMemberRead]
    created_at: str
    updated_at: str


class TeamEnvelope(BaseModel):
    team: TeamRead


class TeamMessage(BaseModel):
    message: str
    team: TeamRead


class TeamList(BaseModel):
    teams: list[TeamRead]
    pagination: PaginationRead
