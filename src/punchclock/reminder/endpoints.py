"""``/api/v1/notifications`` and ``/api/v1/reminder-settings``: one's own reminders."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from punchclock.auth.deps import require
from punchclock.auth.scopes import Principal
from punchclock.reminder import service
from punchclock.reminder.schemas import (
    NotificationList,
    ReadResult,
    ReminderSettingsRead,
    ReminderSettingsUpdate,
)
from punchclock.responses import JSONResp

router = APIRouter(tags=["reminders"])

Reader = Annotated[Principal, require("read:time_entries")]
Writer = Annotated[Principal, require("write:time_entries")]
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("/notifications", response_model=NotificationList)
async def list_notifications(
    request: Request,
    principal: Reader,
    unread: Annotated[bool, Query(description="Unread ones only")] = False,
) -> JSONResp:
    """One's reminders, newest first (up to 100), and how many are unread."""
    out = await request.app.state.db.read(service.notifications, principal.user_id, unread)
    return JSONResp(out)


@router.post("/notifications/read-all", response_model=ReadResult)
async def read_all_notifications(request: Request, principal: Writer) -> JSONResp:
    """Mark every one of one's reminders read."""
    return JSONResp(await request.app.state.db.write(service.mark_read, principal.user_id, None))


@router.post("/notifications/{notification_id:int}/read", response_model=ReadResult)
async def read_notification(request: Request, principal: Writer, notification_id: RowId) -> JSONResp:
    """Mark one of one's reminders read."""
    return JSONResp(await request.app.state.db.write(service.mark_read, principal.user_id, notification_id))


@router.get("/reminder-settings", response_model=ReminderSettingsRead)
async def get_reminder_settings(request: Request, principal: Reader) -> JSONResp:
    """One's reminder settings (no threshold set: that reminder is off)."""
    return JSONResp(await request.app.state.db.read(service.settings_of, principal.user_id))


@router.put("/reminder-settings", response_model=ReminderSettingsRead)
async def put_reminder_settings(
    request: Request, principal: Writer, body: ReminderSettingsUpdate
) -> JSONResp:
    """Change one's reminder settings; fields left out keep their value."""
    changes = body.model_dump(exclude_unset=True)
    return JSONResp(await request.app.state.db.write(service.put_settings, principal.user_id, changes))
