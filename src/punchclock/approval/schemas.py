from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from punchclock.kit.types import Id, Input, IsoDate, NoNul

Text = Annotated[str, StringConstraints(max_length=2000), NoNul]
Ids = Annotated[list[Id], Field(min_length=1, max_length=500)]


class PeriodCreate(Input):
    reference_date: IsoDate | None = Field(None, description="YYYY-MM-DD inside the period (today)")
    period_type: Literal["weekly", "monthly"] | None = Field(
        None, description="Accepted for TimeTracker's clients; the workspace's setting decides"
    )
    user_id: Id | None = Field(None, description="Admins: another user's period")


class PeriodDecision(Input):
    comment: Text | None = None


class PeriodReason(Input):
    reason: Text | None = None
    rejection_reason: Text | None = Field(None, description="TimeTracker's other name for reason")


class BulkApprove(Input):
    period_ids: Ids
    comment: Text | None = None


class BulkApproveEntries(Input):
    approval_ids: Ids
    comment: Text | None = None


class SignoffSettings(Input):
    lock_date: IsoDate | None = Field(
        None, description="YYYY-MM-DD: nothing before this day changes (null: no lock date)"
    )
    period_type: Literal["weekly", "monthly"] | None = None
    overlap_rule: Literal["allow", "warn", "forbid"] | None = Field(
        None,
        description="Whether one person's entries may overlap: allow, warn (saved and flagged) or forbid",
    )


class PeriodRead(BaseModel):
    id: int
    user_id: int
    period_type: str
    period_start: str
    period_end: str
    status: str
    is_locked: bool


class PeriodEnvelope(BaseModel):
    timesheet_period: PeriodRead


class PeriodList(BaseModel):
    timesheet_periods: list[PeriodRead]


class PeriodMessage(BaseModel):
    message: str
    timesheet_period: PeriodRead | None = None


class ApprovalRead(BaseModel):
    id: int
    time_entry_id: int | None
    status: str


class ApprovalList(BaseModel):
    approvals: list[ApprovalRead]


class ApprovalEnvelope(BaseModel):
    approval: ApprovalRead


class ApprovalMessage(BaseModel):
    success: bool
    message: str
    approval: ApprovalRead | None = None


class BulkResult(BaseModel):
    success: bool
    message: str
    results: list[dict[str, object]]


class SignoffRead(BaseModel):
    lock_date: str | None
    period_type: str
    overlap_rule: str
