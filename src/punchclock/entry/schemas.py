from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from punchclock.kit.pagination import PaginationRead
from punchclock.kit.types import Flag, Id, Input, LongText

IsoTime = Annotated[
    str,
    Field(
        min_length=10,
        max_length=40,
        json_schema_extra={"format": "date-time"},
        description="ISO 8601; a time without an offset is read in the user's time zone",
    ),
]
Tags = str | list[str]


Notes = LongText
BreakSeconds = Annotated[
    int,
    Field(strict=True, ge=0, le=10 * 365 * 86400, description="Time within the span not worked (a pause)"),
]


class EntryCreate(Input):
    project_id: Id | None = None
    task_id: Id | None = None
    start_time: IsoTime
    end_time: IsoTime | None = Field(None, description="Omit to start a running timer")
    notes: Notes | None = Field("", description="null counts as empty (TimeTracker's desktop app sends it)")
    tags: Tags | None = Field(
        "", description="null counts as none; the entry's tags are these and the #tags of its notes"
    )
    billable: Flag | None = Field(
        None, description="Default: the project's billable flag; false without a project"
    )
    break_seconds: BreakSeconds = 0
    user_id: Id | None = Field(
        None, description="Managers and admins may track for another user (finished entries only)"
    )


class EntryUpdate(Input):
    project_id: Id | None = None
    task_id: Id | None = None
    start_time: IsoTime | None = None
    end_time: IsoTime | None = None
    notes: Notes | None = None
    tags: Tags | None = Field(
        None,
        description="Replaces the explicit tags; #tags written in the notes stay tags. Notes sent "
        "without tags keep the explicit tags and drop those only the old notes wrote",
    )
    billable: Flag | None = None
    break_seconds: BreakSeconds | None = None
    if_updated_at: IsoTime | None = Field(
        None,
        description="Change the entry only if it was last updated at this time, else 409 entry_changed "
        "(an offline client's edit made on an older copy)",
    )


class EntryRead(BaseModel):
    id: int
    user_id: int
    user: str | None
    project_id: int | None
    project: str | None
    task_id: int | None
    task: str | None
    start_time: str
    end_time: str | None
    duration_seconds: int | None
    duration_hours: float | None
    duration_formatted: str | None
    break_seconds: int = Field(description="Paused time within the span; never counted in the duration")
    paused_at: str | None = Field(description="Set while the running timer is paused")
    notes: str
    tags: str = Field(description="Comma-separated: the explicit tags, then the #tags of the notes")
    tag_list: list[str]
    source: str
    billable: bool
    is_active: bool
    created_at: str
    updated_at: str


class EntryEnvelope(BaseModel):
    time_entry: EntryRead


class EntryMessage(BaseModel):
    message: str
    time_entry: EntryRead


class EntryList(BaseModel):
    time_entries: list[EntryRead]
    pagination: PaginationRead
    total_exact: bool | None = Field(
        None, description="With search only: whether pagination.total counts every match"
    )
