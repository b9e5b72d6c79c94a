from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from punchclock.kit.types import Input

Minute = Annotated[int | None, Field(ge=0, le=1439, description="Minutes after local midnight")]


class ReminderSettingsUpdate(Input):
    """Fields left out keep their value; null turns a reminder off."""

    long_timer_hours: Annotated[int | None, Field(ge=1, le=72, description="A timer running this long")] = (
        None
    )
    nothing_by_minute: Minute = None
    period_days: Annotated[int | None, Field(ge=0, le=60, description="Days after a period's end")] = None
    absence_hours: Annotated[
        int | None, Field(ge=1, le=720, description="An absence request waiting this long")
    ] = None
    by_app: bool | None = None
    by_email: bool | None = None
    by_webhook: bool | None = None
    quiet_from: Minute = None
    quiet_to: Minute = None


class ReminderSettingsRead(BaseModel):
    long_timer_hours: int | None
    nothing_by_minute: int | None
    period_days: int | None
    absence_hours: int | None
    by_app: bool
    by_email: bool
    by_webhook: bool
    quiet_from: int | None
    quiet_to: int | None


class NotificationRead(BaseModel):
    id: int
    kind: str
    title: str
    body: str
    link: str
    at: str
    read_at: str | None


class NotificationList(BaseModel):
    items: list[NotificationRead]
    unread: int


class ReadResult(BaseModel):
    marked: int
    unread: int
