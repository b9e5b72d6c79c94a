"""Time math at the edges: ISO 8601 in and out, epoch seconds (UTC) inside.

Timestamps are stored as integer seconds since the epoch in UTC, which both SQLite and PostgreSQL
sum and compare natively, so reports aggregate in the database without dialect-specific date
functions. A naive input is read in the caller's time zone; output is always UTC with a ``Z``.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# Accepted range of instants: generous, but it keeps arithmetic and storage sane.
MIN_TS = 0  # 1970-01-01
MAX_TS = 4102444800  # 2100-01-01


class TimeParseError(ValueError):
    """Raised for text that is not an ISO 8601 date or date-time in the accepted range."""


def now_ts() -> int:
    return int(time.time())


def get_zone(name: str | None) -> tzinfo:
    if not name:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise TimeParseError(f"unknown time zone {name!r}") from exc


def is_valid_zone(name: str) -> bool:
    try:
        get_zone(name)
    except TimeParseError:
        return False
    return True


def _check_range(ts: int, text: str) -> int:
    if not MIN_TS <= ts < MAX_TS:
        raise TimeParseError(f"{text!r} is outside the supported range (1970 to 2099)")
    return ts


def parse_instant(text: str, zone: tzinfo = UTC) -> int:
    """Parse an ISO 8601 date-time (or date, meaning its midnight) into epoch seconds."""
    value = text.strip()
    if not value or len(value) > 40:
        raise TimeParseError(f"{text[:40]!r} is not an ISO 8601 date-time")
    try:
        if len(value) == 10:
            parsed = datetime.combine(date.fromisoformat(value), datetime.min.time())
        else:
            parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise TimeParseError(f"{value!r} is not an ISO 8601 date-time") from exc
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone)
    try:
        ts = int(parsed.timestamp())
    except (OverflowError, OSError, ValueError) as exc:
        raise TimeParseError(f"{value!r} is outside the supported range") from exc
    return _check_range(ts, value)


def _bare_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def is_bare_date(text: str) -> bool:
    """Whether ``text`` names a whole day (any ISO 8601 date form) rather than an instant."""
    return _bare_date(text.strip()) is not None


def parse_range_end(text: str, zone: tzinfo = UTC) -> int:
    """An inclusive range end: a bare date means the end of that day (its next midnight).

    Any ISO 8601 date form counts as bare (``2024-01-15``, ``20240115``, ``2024-W03-1``), not only
    the ten-character one, so ``end_date=20240115`` does not silently drop the whole day.
    """
    value = text.strip()
    day = _bare_date(value)
    if day is None:
        return parse_instant(value, zone)
    parse_instant(value, zone)  # the same range check as any other instant
    return int(datetime.combine(day + timedelta(days=1), datetime.min.time(), zone).timestamp())


def coerce_instant(value: datetime, zone: tzinfo = UTC) -> int:
    """A datetime already parsed by Pydantic: attach the zone if naive and range-check it."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    try:
        ts = int(value.timestamp())
    except (OverflowError, OSError, ValueError) as exc:
        raise TimeParseError(f"{value.isoformat()} is outside the supported range") from exc
    return _check_range(ts, value.isoformat())


# Notes: iso() and format_duration() run five times per listed entry, which made them a tenth of
# a week list's CPU time. Text for every minute of a day and every second of a minute (or of an
# hour) is made once, so each call is two divisions and a join instead of three format specs.
_CLOCK_MINUTES = [f"{h:02d}:{m:02d}:" for h in range(24) for m in range(60)]
_CLOCK_SECONDS = [f"{s:02d}Z" for s in range(60)]
_TWO_DIGITS = [f"{n:02d}" for n in range(100)]
_MINUTES_SECONDS = [f"{m:02d}:{s:02d}" for m in range(60) for s in range(60)]
# "YYYY-MM-DDT" by day since the epoch, filled as days come up: a plain dict, as a cache's call cost
# more than the rest of iso(). At most one entry per day of the supported range (MIN_TS to MAX_TS).
_ISO_DAYS: dict[int, str] = {}


def iso(ts: int | None) -> str | None:
    """Epoch seconds to ``YYYY-MM-DDTHH:MM:SSZ``; None stays None."""
    if ts is None:
        return None
    day, second = divmod(int(ts), 86400)
    date_part = _ISO_DAYS.get(day)
    if date_part is None:
        date_part = _ISO_DAYS[day] = time.strftime("%Y-%m-%dT", time.gmtime(day * 86400))
    minute, second = divmod(second, 60)
    return date_part + _CLOCK_MINUTES[minute] + _CLOCK_SECONDS[second]


def format_duration(seconds: int) -> str:
    """``HH:MM:SS`` (hours zero-padded to two digits, unbounded)."""
    hours, rest = divmod(max(0, int(seconds)), 3600)
    return (_TWO_DIGITS[hours] if hours < 100 else str(hours)) + ":" + _MINUTES_SECONDS[rest]
