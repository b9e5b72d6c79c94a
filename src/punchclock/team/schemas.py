from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from punchclock.kit.pagination import PaginationRead
from punchclock.kit.types import Flag, Input, NoNul

TeamName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), NoNul]
OverlapRule = Annotated[
    Literal["allow", "warn", "forbid"] | None,
    Field(
        description="Whether its members' entries may overlap: allow, warn or forbid (a member of "
        "several teams gets the strictest); null: the workspace's rule"
    ),
]


class TeamCreate(Input):
    name: TeamName
    overlap_rule: OverlapRule = None


class TeamUpdate(Input):
    name: TeamName | None = None
    overlap_rule: OverlapRule = None


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
    overlap_rule: str | None
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
