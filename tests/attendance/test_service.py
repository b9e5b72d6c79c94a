"""Attendance's service: a workday is the timer (start, break, end), any running timer counts as
being at work, and "today" is the user's own local day, DST days included."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from punchclock.attendance import service
from punchclock.attendance.shapes import Span, status_of, totals
from punchclock.auth.scopes import ROLE_SCOPES, Principal
from punchclock.entry import service as entry_service
from punchclock.errors import AppError
from punchclock.holiday import service as holiday_service
from punchclock.kit.periods import date_number
from punchclock.kit.timeutil import get_zone
from punchclock.worktime import service as worktime_service
from punchclock.worktime import settings
from tests.conftest import Api

BERLIN = get_zone("Europe/Berlin")
SPRING = date(2026, 3, 29)  # Berlin: 23 hours (02:00 -> 03:00)


def ts(*args: int) -> int:
    return int(datetime(*args, tzinfo=UTC).timestamp())


def principal(user: Any, zone: str = "UTC") -> Principal:
    return Principal(user.id, user.username, user.role, ROLE_SCOPES[user.role], "api", timezone=zone)


@pytest.fixture
def member(api: Api) -> Principal:
    api.db.call(settings.update, {"attendance": True}, None)
    return principal(api.user("member"))


def code_of(api: Api, fn: Any, *args: Any) -> str:
    with pytest.raises(AppError) as caught:
        api.db.call(fn, *args)
    return caught.value.code


def test_start_break_end_is_the_timer_started_paused_resumed_stopped(api: Api, member: Principal) -> None:
    started = api.db.call(service.start_workday, member, "Morning")["session"]
    assert started["source"] == "workday"
    assert started["notes"] == "Morning"
    running = api.db.call(entry_service.get_dict, member, started["id"])
    assert running["is_active"] is True
    assert running["project_id"] is None
    api.db.call(service.start_break, member, "meal")
    assert api.db.call(entry_service.get_dict, member, started["id"])["paused_at"] is not None
    assert api.db.call(service.status, member)["break_active"] is True
    ended = api.db.call(service.end_break, member)["break"]
    assert ended["end_time"] is not None
    assert api.db.call(entry_service.get_dict, member, started["id"])["paused_at"] is None
    done = api.db.call(service.end_workday, member, None, None)["session"]
    assert done["is_active"] is False
    assert api.db.call(entry_service.get_dict, member, started["id"])["end_time"] is not None
    status = api.db.call(service.status, member)
    assert status["work_active"] is False
    assert [p["id"] for p in status["today"]["work_periods"]] == [started["id"]]


def test_a_running_project_timer_is_an_active_workday(api: Api, member: Principal) -> None:
    api.db.call(entry_service.start_timer, member, {"notes": "Coding"})  # source 'timer'
    assert code_of(api, service.start_workday, member, None) == "workday_already_active"
    assert code_of(api, service.end_break, member) == "no_active_break"
    api.db.call(service.start_break, member, "rest")  # pauses that timer
    assert code_of(api, service.start_break, member, "rest") == "break_already_active"
    assert code_of(api, service.start_workday, member, None) == "workday_already_active"
    stopped = api.db.call(service.end_workday, member, None, None)["session"]
    assert stopped["source"] == "timer"
    assert code_of(api, service.end_workday, member, None, None) == "no_active_workday"
    assert code_of(api, service.start_break, member, "rest") == "no_active_workday"


def test_off_is_module_disabled(api: Api) -> None:
    user = principal(api.user("member"))
    for fn, args in (
        (service.status, ()),
        (service.workday_status, ()),
        (service.start_workday, (None,)),
        (service.end_workday, (None, None)),
        (service.start_break, ("rest",)),
        (service.end_break, ()),
        (service.history, (30,)),
    ):
        assert code_of(api, fn, user, *args) == "module_disabled"


def test_today_is_the_users_local_day_on_a_dst_day(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    api.db.call(settings.update, {"attendance": True}, None)
    user = principal(api.user("member"), "Europe/Berlin")
    # 22:00 on the 28th to 06:00 on the 29th, Berlin time: 2 hours on the 28th, 5 on the 29th.
    body = {"start_time": "2026-03-28T21:00:00Z", "end_time": "2026-03-29T04:00:00Z"}
    api.db.call(entry_service.create, user, body)
    monkeypatch.setattr(service, "now_ts", lambda: ts(2026, 3, 29, 21, 30))  # 23:30 in Berlin
    today = api.db.call(service.status, user)["today"]
    assert today["work_date"] == "2026-03-29"
    assert today["id"] == date_number(SPRING)
    assert today["total_work_seconds"] == 5 * 3600
    assert today["status"] == "present"
    records = api.db.call(service.history, user, 1)["records"]
    assert [(r["work_date"], r["total_work_seconds"]) for r in records] == [
        ("2026-03-29", 5 * 3600),
        ("2026-03-28", 2 * 3600),
    ]
    # At 00:30 on the 30th in Berlin (still the 29th in UTC) the day is the 30th, with nothing yet.
    monkeypatch.setattr(service, "now_ts", lambda: ts(2026, 3, 29, 22, 30))
    today = api.db.call(service.status, user)["today"]
    assert (today["work_date"], today["status"], today["total_work_seconds"]) == ("2026-03-30", "absent", 0)


def test_totals_cut_at_local_midnights_share_the_break() -> None:
    # 21:00 UTC on the 28th to 04:00 UTC on the 29th is 22:00-06:00 Berlin over the short night.
    span = Span(1, 1, ts(2026, 3, 28, 21), ts(2026, 3, 29, 4), None, 1400, "workday", "")
    sums = totals([span], BERLIN, ts(2026, 3, 30))
    day28, day29 = date_number(date(2026, 3, 28)), date_number(SPRING)
    assert sums[day28][0] + sums[day29][0] == 7 * 3600 - 1400
    assert sums[day28][0] + sums[day28][1] == 2 * 3600
    assert sums[day29][0] + sums[day29][1] == 5 * 3600
    # A paused running entry: the pause up to now is break time.
    paused = Span(2, 1, ts(2026, 3, 30, 8), None, ts(2026, 3, 30, 10), 600, "workday", "")
    assert totals([paused], BERLIN, ts(2026, 3, 30, 11))[date_number(date(2026, 3, 30))] == (
        2 * 3600 - 600,
        3600 + 600,
    )


@pytest.mark.parametrize(
    ("present", "worked", "target", "holiday", "expected"),
    [
        (False, 0, 0, False, "absent"),
        (False, 0, 28800, True, "holiday"),
        (True, 3600, 28800, False, "partial"),
        (True, 28800, 28800, False, "present"),
        (True, 3600, 0, True, "present"),
        (True, 0, 0, False, "present"),
    ],
)
def test_day_status(present: bool, worked: int, target: int, holiday: bool, expected: str) -> None:
    assert status_of(present, worked, target, holiday) == expected


def test_today_is_a_holiday_or_partial_by_the_users_targets(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    api.db.call(settings.update, {"attendance": True}, None)
    user = principal(api.user("member"))
    model = {"valid_from": date(2026, 3, 2), "weekday_seconds": [28800] * 5 + [0, 0]}
    api.db.call(worktime_service.put_model, None, user.user_id, model)
    api.db.call(holiday_service.add_company_day, date(2026, 3, 31), "Founders' day", False, None)
    monkeypatch.setattr(service, "now_ts", lambda: ts(2026, 3, 31, 12))
    assert api.db.call(service.status, user)["today"]["status"] == "holiday"
    monkeypatch.setattr(service, "now_ts", lambda: ts(2026, 3, 30, 12))  # a Monday of 8 hours
    assert api.db.call(service.status, user)["today"]["status"] == "absent"
    body = {"start_time": "2026-03-30T08:00:00Z", "end_time": "2026-03-30T11:00:00Z"}
    api.db.call(entry_service.create, user, body)
    assert api.db.call(service.status, user)["today"]["status"] == "partial"
