from __future__ import annotations

from typing import Annotated, Any, Literal

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


class BreakRule(Input):
    """Beyond ``after`` seconds worked in a day, at least ``break_seconds`` of break are due."""

    after: Annotated[int, Field(strict=True, ge=0, le=86400)]
    break_seconds: Annotated[int, Field(strict=True, ge=60, le=36000)]


class BreakRules(Input):
    rules: Annotated[list[BreakRule], Field(max_length=6)] = []
    min_piece: Annotated[
        int, Field(strict=True, ge=0, le=7200, description="Shortest gap that counts as a break (s)")
    ] = 900
    deduct: bool = Field(False, description="Deduct a missing break from the balance (never from entries)")


MONTH_DAY = r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"


class Carryover(Input):
    max_days: Annotated[
        float | None, Field(ge=0, le=366, description="At most this many days (null: all)")
    ] = None
    until: Annotated[
        str | None, Field(pattern=MONTH_DAY, description="MM-DD of the next year: carried days lapse after")
    ] = None

    _halves = field_validator("max_days")(_half_days)


class WorktimeSettingsUpdate(Input):
    holiday_calendar: CalendarCode = None
    holiday_half_days: bool | None = None
    break_rules: BreakRules | None = None
    vacation_carryover: Carryover | None = None
    attendance: bool | None = None


class WorktimeSettings(BaseModel):
    holiday_calendar: str | None
    holiday_half_days: bool
    break_rules: dict[str, Any]
    vacation_carryover: dict[str, Any] | None
    attendance: bool
