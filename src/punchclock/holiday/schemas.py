from __future__ import annotations

from pydantic import BaseModel

from punchclock.kit.types import Flag, Input, IsoDate, Name


class CompanyDayCreate(Input):
    date: IsoDate
    name: Name
    half: Flag = False


class HolidayUpdate(Input):
    enabled: Flag


class HolidayRead(BaseModel):
    id: int
    date: str
    name: str
    half: bool
    source: str
    enabled: bool


class HolidayYearRead(BaseModel):
    calendar: str
    year: int
    days: list[HolidayRead]


class CountryRead(BaseModel):
    code: str
    name: str
    subdivisions: list[str]


class CalendarList(BaseModel):
    countries: list[CountryRead]


class HolidayMessage(BaseModel):
    message: str
    holiday: HolidayRead
