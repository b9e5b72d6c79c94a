from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class Period(BaseModel):
    start: str
    end: str
    target: int
    worked: int
    credited: int
    deducted: int
    adjusted: int
    balance: int
    planned: int


class Today(BaseModel):
    target: int
    worked: int
    balance: int


class BalanceRead(BaseModel):
    """Seconds throughout; a positive balance is time banked, a negative one time owed."""

    user_id: int
    as_of: str
    timezone: str
    since: str | None
    running: int
    today: Today
    week: Period
    month: Period
    year: Period
    vacation: dict[str, Any] | None = None


class DayRead(BaseModel):
    date: str
    target: int
    worked: int
    credited: int
    deducted: int
    breaks: int
    required_break: int
    violation: str | None
    holiday: dict[str, Any] | None
    absence: dict[str, Any] | None
    absences: list[dict[str, Any]]
    first_in: int | None
    last_out: int | None
    balance: int
    counted: bool


class DaysRead(BaseModel):
    user_id: int
    timezone: str
    days: list[DayRead]


class UserYear(BaseModel):
    user_id: int
    username: str
    since: str | None
    target: int
    worked: int
    credited: int
    deducted: int
    adjusted: int
    balance: int
    running: int
    violations: int


class BalancesRead(BaseModel):
    year: int
    team_id: int | None
    users: list[UserYear]
