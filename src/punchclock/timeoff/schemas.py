from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from punchclock.absence.schemas import Comment
from punchclock.kit.types import Flag, Id, Input, IsoDate


class TimeOffCreate(Input):
    # TimeTracker's clients send what their forms hold; unknown fields are ignored, as it does.
    model_config = ConfigDict(extra="ignore")

    leave_type_id: Id
    start_date: IsoDate
    end_date: IsoDate
    start_half_day: Flag = False
    end_half_day: Flag = False
    requested_hours: Annotated[float | None, Field(ge=0, le=100_000, description="Ignored: computed")] = None
    comment: Comment = None
    submit: Flag = True


class TimeOffReview(Input):
    model_config = ConfigDict(extra="ignore")

    comment: Comment = None


class TimeOffRequestRead(BaseModel):
    id: int
    user_id: int
    leave_type_id: int
    leave_type: str
    leave_type_name: str
    start_date: str
    end_date: str
    start_half_day: bool
    end_half_day: bool
    requested_hours: float
    status: str
    requested_comment: str | None
    review_comment: str | None
    submitted_at: str | None
    reviewed_at: str | None
    reviewed_by: int | None
    created_at: str | None
    updated_at: str | None


class TimeOffRequestList(BaseModel):
    time_off_requests: list[TimeOffRequestRead]


class TimeOffRequestMessage(BaseModel):
    message: str
    time_off_request: TimeOffRequestRead


class LeaveTypeList(BaseModel):
    leave_types: list[dict[str, Any]]


class BalanceList(BaseModel):
    balances: list[dict[str, Any]]


class TimeOffHolidayList(BaseModel):
    holidays: list[dict[str, Any]]
