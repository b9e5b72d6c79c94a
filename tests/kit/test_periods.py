"""Report calendar arithmetic: local days across DST, midnight splits, periods and rounding."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from punchclock.kit.periods import (
    DaySplitter,
    day_date,
    local_day,
    midnight,
    offset_at,
    offset_steps,
    period_start,
    round_seconds,
    split_days,
)

BERLIN = ZoneInfo("Europe/Berlin")
SANTIAGO = ZoneInfo("America/Santiago")  # changes its clocks at midnight


def ts(text: str) -> int:
    return int(datetime.fromisoformat(text).timestamp())


def test_midnight_on_dst_days_gives_23_and_25_hour_days():
    spring, fall = date(2026, 3, 29), date(2026, 10, 25)
    assert midnight(date(2026, 3, 30), BERLIN) - midnight(spring, BERLIN) == 23 * 3600
    assert midnight(date(2026, 10, 26), BERLIN) - midnight(fall, BERLIN) == 25 * 3600


def test_midnight_that_does_not_exist_is_the_end_of_the_gap():
    # Chile skips 00:00-01:00 on 2026-09-06: the day starts at 01:00 local (04:00 UTC).
    start = midnight(date(2026, 9, 6), SANTIAGO)
    assert datetime.fromtimestamp(start, SANTIAGO).hour == 1
    assert day_date(local_day(start, SANTIAGO)) == date(2026, 9, 6)
    assert day_date(local_day(start - 1, SANTIAGO)) == date(2026, 9, 5)


def test_offset_steps_find_the_exact_second_of_each_change():
    lo, hi = ts("2026-01-01T00:00:00+00:00"), ts("2027-01-01T00:00:00+00:00")
    steps = offset_steps(BERLIN, lo, hi)
    assert steps == [
        (lo, 3600),
        (ts("2026-03-29T01:00:00+00:00"), 7200),
        (ts("2026-10-25T01:00:00+00:00"), 3600),
    ]
    assert offset_steps(UTC, lo, hi) == [(lo, 0)]


@pytest.mark.parametrize("zone", [BERLIN, SANTIAGO, ZoneInfo("Asia/Kolkata"), UTC])
def test_local_day_from_steps_matches_zoneinfo(zone):
    lo = ts("2026-01-01T00:00:00+00:00")
    steps = offset_steps(zone, lo, lo + 366 * 86400)
    for t in range(lo, lo + 365 * 86400, 3 * 3600 + 17):
        offset = next(o for start, o in reversed(steps) if t >= start)
        assert (t + offset) // 86400 == local_day(t, zone)
        assert offset == offset_at(t, zone)


def test_split_at_midnight_and_over_a_dst_night():
    start, end = ts("2026-03-28T22:00:00+01:00"), ts("2026-03-30T02:00:00+02:00")
    pieces = [(day_date(d), b - a) for d, a, b in split_days(start, end, BERLIN)]
    assert pieces == [
        (date(2026, 3, 28), 2 * 3600),
        (date(2026, 3, 29), 23 * 3600),
        (date(2026, 3, 30), 7200),
    ]
    assert sum(s for _, s in pieces) == end - start


def test_an_entry_ending_at_midnight_stays_in_its_day():
    start, end = ts("2026-11-16T22:00:00+01:00"), ts("2026-11-17T00:00:00+01:00")
    assert [day_date(d) for d, _, _ in split_days(start, end, BERLIN)] == [date(2026, 11, 16)]


@pytest.mark.parametrize(
    ("seconds", "mode", "expected"),
    [
        (7 * 60, "nearest", 0),
        (8 * 60, "nearest", 900),
        (450, "nearest", 900),  # half rounds up
        (1, "up", 900),
        (900, "up", 900),
        (1799, "down", 900),
        (1799, "none", 1799),
        (0, "up", 0),
    ],
)
def test_rounding(seconds, mode, expected):
    assert round_seconds(seconds, mode, 900) == expected


def test_period_starts_honour_week_start():
    wed = date(2026, 11, 18)
    assert period_start(wed, "week", 0) == date(2026, 11, 16)
    assert period_start(wed, "week", 6) == date(2026, 11, 15)  # Sunday
    assert period_start(date(2026, 11, 15), "week", 0) == date(2026, 11, 9)
    assert period_start(wed, "month") == date(2026, 11, 1)
    assert period_start(wed, "year") == date(2026, 1, 1)


@pytest.mark.parametrize("zone", [BERLIN, SANTIAGO])
def test_day_splitter_agrees_with_split_days(zone):
    lo = ts("2026-01-01T00:00:00+00:00")
    splitter = DaySplitter(zone, offset_steps(zone, lo - 2 * 86400, lo + 368 * 86400))
    for start in range(lo, lo + 365 * 86400, 7 * 3600 + 13):
        end = start + 5 * 3600 + (start % 3) * 86400
        assert list(splitter.split(start, end)) == list(split_days(start, end, zone))
