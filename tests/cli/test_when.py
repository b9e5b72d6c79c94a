"""What people type at the tracking commands: times, #tags and ranges."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from punchclock.cli.when import InputError, date_range, is_clock, parse_at

NOW = datetime(2026, 11, 18, 14, 5, 30, tzinfo=ZoneInfo("Europe/Berlin"))


def test_times():
    assert parse_at("9:30", NOW) == "2026-11-18T09:30:00+01:00"
    assert parse_at("-15m", NOW) == "2026-11-18T13:50:30+01:00"
    assert parse_at("-1h30m", NOW) == "2026-11-18T12:35:30+01:00"
    assert parse_at("2026-11-16T08:00", NOW) == "2026-11-16T08:00:00+01:00"
    assert parse_at("2026-11-16T08:00Z", NOW) == "2026-11-16T08:00:00+00:00"
    for bad in ("25:00", "9", "-", "soon", "-5x"):
        with pytest.raises(InputError):
            parse_at(bad, NOW)


def test_ranges():
    today = date(2026, 11, 18)
    assert date_range("week", today) == (date(2026, 11, 16), date(2026, 11, 22))
    assert date_range("week", today, 6) == (date(2026, 11, 15), date(2026, 11, 21))
    assert date_range("last-month", today) == (date(2026, 10, 1), date(2026, 10, 31))
    assert date_range("month", date(2026, 12, 5)) == (date(2026, 12, 1), date(2026, 12, 31))
    assert date_range("2026-11-01..2026-11-15", today) == (date(2026, 11, 1), date(2026, 11, 15))
    for bad in ("fortnight", "2026-11-15..2026-11-01"):
        with pytest.raises(InputError):
            date_range(bad, today)


def test_a_bare_time_of_day_is_told_from_a_date_and_time():
    assert is_clock("9:30")
    assert is_clock(" 17:30:15 ")
    assert not is_clock("2026-12-10 17:30")
    assert not is_clock("-15m")
