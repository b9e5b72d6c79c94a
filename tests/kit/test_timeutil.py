"""Time math at the edges: ISO 8601 in (any offset, or the user's zone), epoch seconds inside, 'Z' out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from punchclock.kit.timeutil import (
    MAX_TS,
    MIN_TS,
    TimeParseError,
    coerce_instant,
    format_duration,
    get_zone,
    is_valid_zone,
    iso,
    parse_instant,
    parse_range_end,
)

AMS = get_zone("Europe/Amsterdam")
NY = get_zone("America/New_York")
T = 1705309200  # 2024-01-15T09:00:00Z


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        ("2024-01-15T09:00:00Z", UTC, T),
        ("2024-01-15T09:00:00+00:00", AMS, T),
        ("2024-01-15T10:00:00+01:00", UTC, T),
        ("2024-01-15T04:00:00-05:00", AMS, T),
        ("2024-01-15T14:30:00+05:30", UTC, T),
        ("2024-01-15T09:00:00", UTC, T),
        ("2024-01-15T10:00:00", AMS, T),  # winter: UTC+1
        ("2024-01-15T04:00:00", NY, T),
        ("2024-07-15T11:00:00", AMS, T + 182 * 86400),  # summer: UTC+2
        ("2024-01-15T09:00", UTC, T),
        ("2024-01-15 09:00:00Z", UTC, T),
        ("2024-01-15T09:00:00.999Z", UTC, T),  # sub-second parts are dropped, not rounded up
        ("  2024-01-15T09:00:00Z  ", UTC, T),
        ("20240115T090000Z", UTC, T),
        ("2024-01-15", UTC, T - 9 * 3600),  # a date is its midnight
        ("2024-01-15", AMS, T - 10 * 3600),
    ],
)
def test_parse_instant(text, zone, expected):
    assert parse_instant(text, zone) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The spring gap (02:00-03:00 does not exist): read with the offset before the change.
        ("2024-03-31T01:59:59", "2024-03-31T00:59:59Z"),
        ("2024-03-31T02:30:00", "2024-03-31T01:30:00Z"),
        ("2024-03-31T03:00:00", "2024-03-31T01:00:00Z"),
        # The autumn overlap (02:00-03:00 happens twice): the first occurrence, still summer time.
        ("2024-10-27T02:30:00", "2024-10-27T00:30:00Z"),
        ("2024-10-27T03:00:00", "2024-10-27T02:00:00Z"),
    ],
)
def test_naive_times_across_daylight_saving_changes(text, expected):
    assert iso(parse_instant(text, AMS)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1970-01-01T00:00:00Z", MIN_TS),
        ("2099-12-31T23:59:59Z", MAX_TS - 1),
        ("2100-01-01T00:59:59+01:00", MAX_TS - 1),
    ],
)
def test_the_bounds_are_inclusive_of_1970_to_2099(text, expected):
    assert parse_instant(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "1969-12-31T23:59:59Z",
        "2100-01-01T00:00:00Z",
        "1800-01-01T00:00:00Z",
        "3000-01-01T00:00:00Z",
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59-14:00",
        "",
        "   ",
        "nan",
        "inf",
        "NaN-NaN-NaN",
        "null",
        "1705309200",
        "2024-02-30",
        "2024-13-01T00:00:00Z",
        "2024-01-15T24:00:01Z",
        "2024-01-15T09:00:00+25:00",
        "2024-01-15T09:00:00 UTC",
        "2024-01-15T09:00:00Z" + " " * 30 + "x",
        "2024-01-15T09:00:00.0000000000000000000000Z",
    ],
)
def test_parse_instant_refuses(text):
    with pytest.raises(TimeParseError):
        parse_instant(text)


def test_1970_as_a_local_date_east_of_utc_is_before_the_epoch():
    with pytest.raises(TimeParseError):
        parse_instant("1970-01-01", AMS)


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        ("2024-01-15", UTC, "2024-01-16T00:00:00Z"),
        ("2024-01-15", AMS, "2024-01-15T23:00:00Z"),
        ("20240115", UTC, "2024-01-16T00:00:00Z"),
        ("2024-W03-1", UTC, "2024-01-16T00:00:00Z"),  # ISO week date: Monday of week 3
        ("2024-02-29", UTC, "2024-03-01T00:00:00Z"),
        ("2023-12-31", UTC, "2024-01-01T00:00:00Z"),
        ("2099-12-31", UTC, "2100-01-01T00:00:00Z"),
        ("2024-01-15T12:00:00Z", AMS, "2024-01-15T12:00:00Z"),  # an instant stays itself
        ("2024-01-15T12:00:00", AMS, "2024-01-15T11:00:00Z"),
    ],
)
def test_a_range_end_date_reaches_to_the_next_midnight(text, zone, expected):
    assert iso(parse_range_end(text, zone)) == expected


@pytest.mark.parametrize(("day", "hours"), [("2024-03-31", 23), ("2024-10-27", 25), ("2024-06-01", 24)])
def test_a_whole_local_day_follows_daylight_saving(day, hours):
    assert parse_range_end(day, AMS) - parse_instant(day, AMS) == hours * 3600


@pytest.mark.parametrize("text", ["2100-01-01", "1969-12-31", "nan", "", "2024-02-30"])
def test_parse_range_end_refuses(text):
    with pytest.raises(TimeParseError):
        parse_range_end(text)


def test_coerce_instant():
    assert coerce_instant(datetime(2024, 1, 15, 10, 0), AMS) == T
    assert coerce_instant(datetime(2024, 1, 15, 9, 0, tzinfo=UTC), AMS) == T
    assert coerce_instant(datetime(2024, 1, 15, 4, 0, tzinfo=timezone(timedelta(hours=-5)))) == T
    with pytest.raises(TimeParseError):
        coerce_instant(datetime(1800, 1, 1, tzinfo=UTC))
    with pytest.raises(TimeParseError):
        coerce_instant(datetime(2100, 1, 1))


@pytest.mark.parametrize(
    ("ts", "expected"),
    [
        (None, None),
        (0, "1970-01-01T00:00:00Z"),
        (T, "2024-01-15T09:00:00Z"),
        (MAX_TS - 1, "2099-12-31T23:59:59Z"),
    ],
)
def test_iso_is_utc_with_a_z(ts, expected):
    assert iso(ts) == expected


@pytest.mark.parametrize("ts", [0, 1, T, 951782400, 1711846800, MAX_TS - 1])
def test_iso_and_parse_round_trip(ts):
    assert parse_instant(iso(ts)) == ts
    assert parse_instant(iso(ts), AMS) == ts


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (0, "00:00:00"),
        (1, "00:00:01"),
        (59, "00:00:59"),
        (60, "00:01:00"),
        (3599, "00:59:59"),
        (3600, "01:00:00"),
        (5400, "01:30:00"),
        (86399, "23:59:59"),
        (100 * 3600 + 61, "100:01:01"),
        (90.9, "00:01:30"),
        (-5, "00:00:00"),
    ],
)
def test_format_duration(seconds, expected):
    assert format_duration(seconds) == expected


def test_zones():
    assert get_zone(None) is UTC
    assert get_zone("") is UTC
    assert get_zone("Europe/Amsterdam") is AMS
    for bad in ("Nowhere/City", "../../etc/passwd", "Europe/", "UTC+1"):
        assert not is_valid_zone(bad)
        with pytest.raises(TimeParseError):
            get_zone(bad)
    assert is_valid_zone("America/New_York")
