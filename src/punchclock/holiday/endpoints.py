"""``/api/v1/holidays``: each calendar's public holidays, days switched off, company days (admins)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from punchclock.auth.deps import require
from punchclock.auth.scopes import Principal
from punchclock.holiday import service
from punchclock.holiday.schemas import (
    CalendarList,
    CompanyDayCreate,
    HolidayMessage,
    HolidayUpdate,
    HolidayYearRead,
)
from punchclock.responses import JSONResp

router = APIRouter(prefix="/holidays", tags=["holidays"])

# Holidays are the workspace's, shown to anyone who reads time; only admins change them.
Reader = Annotated[Principal, require("read:time_entries")]
Admin = Annotated[Principal, require("admin:all")]
HolidayId = Annotated[int, Path(ge=1, le=2**31 - 1)]
Calendar = Annotated[str, Query(min_length=2, max_length=40, description="DE (national) or DE-BY")]
Year = Annotated[int, Query(ge=service.MIN_YEAR, le=service.MAX_YEAR)]


@router.get("", response_model=HolidayYearRead)
async def list_holidays(request: Request, principal: Reader, calendar: Calendar, year: Year) -> JSONResp:
    """A calendar's days off in a year, company days and switched-off days included."""
    # A write transaction: the first look at a calendar's year materialises it (rows with ids).
    return JSONResp(await request.app.state.db.write(service.year_dict, calendar, year))


@router.get("/calendars", response_model=CalendarList)
async def list_calendars(principal: Reader) -> JSONResp:
    """The countries and subdivisions a holiday calendar may name."""
    return JSONResp(service.calendars())


@router.post("/company", status_code=201, response_model=HolidayMessage)
async def add_company_day(request: Request, principal: Admin, body: CompanyDayCreate) -> JSONResp:
    """Add a company day off: for everyone, whatever their calendar (admins)."""
    args = (body.date, body.name, body.half, principal.user_id)
    holiday = await request.app.state.db.write(service.add_company_day, *args)
    return JSONResp({"message": "Company day added", "holiday": holiday}, status_code=201)


@router.patch("/{holiday_id:int}", response_model=HolidayMessage)
async def update_holiday(
    request: Request, principal: Admin, holiday_id: HolidayId, body: HolidayUpdate
) -> JSONResp:
    """Switch a day off or on (admins); a refresh of the calendar keeps the choice."""
    args = (holiday_id, body.enabled, principal.user_id)
    holiday = await request.app.state.db.write(service.set_enabled, *args)
    return JSONResp({"message": "Holiday updated", "holiday": holiday})


@router.delete("/company/{holiday_id:int}")
async def remove_company_day(request: Request, principal: Admin, holiday_id: HolidayId) -> JSONResp:
    """Remove a company day (admins)."""
    await request.app.state.db.write(service.remove_company_day, holiday_id, principal.user_id)
    return JSONResp({"message": "Company day removed"})
