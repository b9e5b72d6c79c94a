"""Bodies and answers of the attendance routes, in TimeTracker's names."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from punchclock.entry.schemas import IsoTime, Notes
from punchclock.kit.types import Input, ShortText


class WorkdayStart(Input):
    notes: Notes | None = None
    source: ShortText | None = Field(
        None, description="desktop, mobile, ... (accepted; the entry's source is 'workday')"
    )


class WorkdayEnd(Input):
    notes: Notes | None = Field(None, description="Replaces the entry's notes when given")
    end_time: IsoTime | None = Field(None, description="Leave at this time instead of now")
    at_time: IsoTime | None = Field(None, description="The same as end_time")


class BreakStart(Input):
    break_type: Literal["rest", "meal", "other"] = Field("rest", description="Echoed, not stored")


class Answer(BaseModel):
    success: bool = True
    message: str | None = None
    data: dict[str, Any]
