from __future__ import annotations

from pydantic import BaseModel, Field


class SuggestionRead(BaseModel):
    notes: str = Field(description="An earlier description, exactly as typed")
    project_id: int | None
    project: str | None
    task_id: int | None
    task: str | None
    tags: str
    tag_list: list[str]
    billable: bool
    entry_id: int = Field(description="The latest entry with this description, whose fields these are")
    last_used: str = Field(description="That entry's start time")


class SuggestionList(BaseModel):
    suggestions: list[SuggestionRead]
