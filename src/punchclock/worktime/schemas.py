from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints, field_validator

from punchclock.kit.types import Input, IsoDate, NoNul

DaySeconds = Annotated[int, Field(strict=True, ge=0, le=86400)]
WeekdaySeconds = Annotated[
    list[DaySeconds],
    Field(min_length=7, max_length=7, description="Target seconds per weekday, Monday first (0..86400 each)"),
]
CalendarCode = Annotated[
    str | None,
    Field(min_length=2, max_length=40, description="Holiday calendar such as DE-BY; null: the workspace's"),
]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000), NoNul]


def _half_days(value: float | None) -> float | None:
    if value is not None and (value * 2) != int(value * 2):
        raise ValueError("must be a whole or half number of days")
    return value


class WorkModelCreate(Input):
    valid_from: IsoDate
    weekday_seconds: WeekdaySeconds
    holiday_calendar: CalendarCode = None
    vacation_days: Annotated[float, Field(ge=0, le=366)] = 0.0

    _halves = field_validator("vacation_days")(_half_days)


class WorkModelUpdate(Input):
    valid_from: IsoDate | None = None
    weekday_seconds: WeekdaySeconds | None = None
    holiday_calendar: CalendarCode = None
    vacation_days: Annotated[float | None, Field(ge=0, le=366)] = None

    _halves = field_validator("vacation_days")(_half_days)


class WorkModelRead(BaseModel):
    id: int
    user_id: int
    valid_from: str
    weekday_seconds: list[int]
    holiday_calendar: str | None
    vacation_days: float


class WorkModelList(BaseModel):
    work_models: list[WorkModelRead]


class WorkModelMessage(BaseModel):
    message: str
    work_model: WorkModelRead


class AdjustmentCreate(Input):
    date: IsoDate
    kind: Literal["carry_over", "payout", "correction", "vacation"]
    balance_seconds: Annotated[int, Field(strict=True, ge=-(10**9), le=10**9)] = 0
    vacation_days: Annotated[float, Field(ge=-366, le=366)] = 0.0
    reason: Reason

    _halves = field_validator("vacation_days")(_half_days)


class AdjustmentRead(BaseModel):
    id: int
    user_id: int
    date: str
    kind: str
    balance_seconds: int
    vacation_days: float
    reason: str
    created_by: int | None
    created_at: str


class AdjustmentList(BaseModel):
    work_adjustments: list[AdjustmentRead]


class AdjustmentMessage(BaseModel):
    message: str
    work_adjustment: AdjustmentRead
