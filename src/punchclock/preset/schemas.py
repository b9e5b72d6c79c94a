from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from punchclock.entry.schemas import Notes, Tags
from punchclock.kit.types import Flag, Id, Input, NoNul, omittable

PresetName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), NoNul]
_BILLABLE = "null: as the project says, when a timer starts from it"


class PresetCreate(Input):
    name: PresetName = Field(
        description="Unique per user, whatever the case (punchclock start --preset NAME)"
    )
    notes: Notes = Field("", description="The description a timer started from it gets")
    project_id: Id | None = None
    task_id: Id | None = Field(None, description="Implies its project")
    tags: Tags | None = Field("", description="null counts as none")
    billable: Flag | None = Field(None, description=_BILLABLE)


class PresetUpdate(Input):
    name: PresetName = omittable()
    notes: Notes = omittable()
    project_id: Id | None = None
    task_id: Id | None = None
    tags: Tags | None = None
    billable: Flag | None = Field(None, description=_BILLABLE)


class PresetRead(BaseModel):
    id: int
    name: str
    notes: str
    project_id: int | None
    project: str | None
    task_id: int | None
    task: str | None
    tags: str
    tag_list: list[str]
    billable: bool | None
    created_at: str
    updated_at: str


class PresetList(BaseModel):
    presets: list[PresetRead]


class PresetEnvelope(BaseModel):
    preset: PresetRead


class PresetMessage(BaseModel):
    message: str
    preset: PresetRead
