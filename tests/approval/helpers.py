"""Shared steps of the sign-off tests: entries in past weeks, a period submitted and approved."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from tests.conftest import Api

TODAY = datetime.now(UTC).date()
# Monday of the week before last: a whole week in the past, whatever today is.
OLD_MONDAY = TODAY - timedelta(days=TODAY.weekday() + 14)


def at(day: date, hour: int, minute: int = 0) -> str:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC).isoformat().replace("+00:00", "Z")


def entry(api: Api, headers: dict[str, str], day: date, start: int = 9, end: int = 10, **extra: Any) -> dict:
    body = {"start_time": at(day, start), "end_time": at(day, end), "notes": "work", **extra}
    res = api.post("/api/v1/time-entries", headers=headers, json=body)
    assert res.status_code == 201, res.text
    return dict(res.json()["time_entry"])


def period_of(api: Api, headers: dict[str, str], day: date) -> dict:
    res = api.post("/api/v1/timesheet-periods", headers=headers, json={"reference_date": day.isoformat()})
    assert res.status_code == 201, res.text
    return dict(res.json()["timesheet_period"])


def approved_week(api: Api, member_h: dict[str, str], boss_h: dict[str, str], day: date = OLD_MONDAY) -> dict:
    """The member's week holding ``day``, submitted and approved by ``boss``."""
    period = period_of(api, member_h, day)
    res = api.post(f"/api/v1/timesheet-periods/{period['id']}/submit", headers=member_h)
    assert res.status_code == 200, res.text
    res = api.post(
        f"/api/v1/timesheet-periods/{period['id']}/approve", headers=boss_h, json={"comment": "ok"}
    )
    assert res.status_code == 200, res.text
    return dict(res.json()["timesheet_period"])


def people(api: Api) -> tuple[Any, dict[str, str], Any, dict[str, str], Any, dict[str, str]]:
    """(member, headers, manager, headers, admin, headers)."""
    member, manager, admin = api.user("member"), api.user("manager"), api.user("admin")
    return member, api.headers(member), manager, api.headers(manager), admin, api.headers(admin)
