from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from punchclock.kit.types import Flag, Id, Input, IsoDate, NoNul, omittable

# The Reports page's ranges: a relative one is resolved when the report is opened.
Period = Literal["today", "this-week", "last-week", "this-month", "last-month", "this-year", "custom"]
Ids = Annotated[list[Id], Field(max_length=500)]
Tag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50), NoNul]
ReportName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), NoNul]
Dimension = Annotated[str, StringConstraints(max_length=20), NoNul]


class ReportFilters(Input):
    """The parameters of /reports/grouped, with a relative period instead of fixed dates."""

    period: Period = "this-week"
    start_date: IsoDate | None = Field(None, description="YYYY-MM-DD: the first day of a custom period")
    end_date: IsoDate | None = Field(None, description="YYYY-MM-DD: the last day of a custom period")
    group_by: Dimension = "project"
    sub_group_by: Dimension | None = None
    user_ids: Ids | None = None
    project_ids: Ids | None = None
    client_ids: Ids | None = None
    task_ids: Ids | None = None
    tags: list[Tag] = Field(default_factory=list, max_length=50)
    billable: Flag | None = None
    approval: Literal["approved", "open"] | None = None
    rounding: Literal["none", "nearest", "up", "down"] = "none"
    rounding_minutes: int = Field(15, ge=1, le=1440)


class SavedReportCreate(Input):
    name: ReportName
    filters: ReportFilters


class SavedReportUpdate(Input):
    """Rename, change the filters, or both."""

    name: ReportName = omittable()
    filters: ReportFilters = omittable()


class SavedReportRead(BaseModel):
    id: int
    name: str
    filters: ReportFilters
    created_at: str
    updated_at: str


class SavedReportEnvelope(BaseModel):
    saved_report: SavedReportRead


class SavedReportList(BaseModel):
    saved_reports: list[SavedReportRead]
