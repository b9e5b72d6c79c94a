"""Calendar arithmetic for reports: local days, DST-aware offsets, periods and rounding.

Notes:
Reports count time per local day of the reader's time zone. A local day is not always 86,400
seconds (DST days have 23 or 25 hours) and its midnight may not even exist (zones that change
the clock at 00:00), so every boundary here comes from zoneinfo, never from adding 86,400.
``offset_steps`` lists the UTC offsets in force over a span, so ``DaySplitter`` finds the local
day of many instants by bisection instead of asking zoneinfo for each.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, tzinfo

EPOCH = date(1970, 1, 1)
DAY = 86400
ROUNDING_MODES = ("none", "nearest", "up", "down")
PERIODS = ("day", "week", "month", "year")
# Offsets are sampled this often when looking for DST changes; zones never change twice this fast.
_SAMPLE = 6 * 3600


def midnight(day: date, zone: tzinfo) -> int:
    """The first instant of ``day`` in ``zone`` (when 00:00 is skipped by DST, the end of the gap)."""
    return int(datetime(day.year, day.month, day.day, tzinfo=zone).timestamp())


def offset_at(ts: int, zone: tzinfo) -> int:
    offset = datetime.fromtimestamp(ts, zone).utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


def local_day(ts: int, zone: tzinfo) -> int:
    """Days since 1970-01-01 of the local date of instant ``ts``."""
    return (ts + offset_at(ts, zone)) // DAY


def day_date(number: int) -> date:
    return EPOCH + timedelta(days=number)


def date_number(day: date) -> int:
    return (day - EPOCH).days


def offset_steps(zone: tzinfo, lo: int, hi: int) -> list[tuple[int, int]]:
    """``[(from_ts, offset), ...]``: the offset in force from each instant on, covering [lo, hi]."""
    steps = [(lo, offset_at(lo, zone))]
    ts = lo
    while ts < hi:
        nxt = min(ts + _SAMPLE, hi)
        offset = offset_at(nxt, zone)
        if offset != steps[-1][1]:
            # Binary search for the first second with the new offset.
            a, b = ts, nxt
            while b - a > 1:
                mid = (a + b) // 2
                if offset_at(mid, zone) == offset:
                    b = mid
                else:
                    a = mid
            steps.append((b, offset))
        ts = nxt
    return steps


def split_days(start: int, end: int, zone: tzinfo) -> Iterator[tuple[int, int, int]]:
    """Cut [start, end) at local midnights: ``(day_number, piece_start, piece_end)`` for each part."""
    while start < end:
        day = local_day(start, zone)
        boundary = midnight(day_date(day) + timedelta(days=1), zone)
        piece_end = min(end, boundary)
        yield day, start, piece_end
        start = piece_end


def worked_part(piece: int, span: int, break_seconds: int) -> int:
    """The worked seconds in ``piece`` seconds of an entry whose ``span`` holds ``break_seconds`` of
    break: its share of the worked time. Where in the span a break fell is not kept, so an entry cut
    at midnight loses its break in proportion; an entry in one piece loses exactly its break."""
    if break_seconds <= 0 or span <= 0:
        return piece
    worked = max(span - break_seconds, 0)
    return (piece * worked + span // 2) // span


def round_seconds(seconds: int, mode: str, step: int) -> int:
    """Round a duration to a multiple of ``step`` seconds: nearest (half up), up or down."""
    if mode == "none" or step <= 0:
        return seconds
    if mode == "up":
        return -(-seconds // step) * step
    if mode == "down":
        return seconds // step * step
    return (seconds + step // 2) // step * step


def period_start(day: date, period: str, week_start: int = 0) -> date:
    """The first day of the day/week/month/year that holds ``day`` (``week_start`` 0 = Monday)."""
    if period == "day":
        return day
    if period == "week":
        return day - timedelta(days=(day.weekday() - week_start) % 7)
    if period == "month":
        return day.replace(day=1)
    if period == "year":
        return day.replace(month=1, day=1)
    raise ValueError(f"unknown period {period!r}")


def period_label(start: date, period: str) -> str:
    if period == "day":
        return start.strftime("%a %d %b %Y")
    if period == "week":
        return f"Week of {start.strftime('%d %b %Y')}"
    if period == "month":
        return start.strftime("%B %Y")
    return str(start.year)


def today(zone: tzinfo, now: int) -> date:
    return datetime.fromtimestamp(now, UTC).astimezone(zone).date()


class DaySplitter:
    """split_days for many entries: local days from the offset steps (bisect), midnights cached.

    Valid for instants inside the span the steps were computed for.
    """

    def __init__(self, zone: tzinfo, steps: list[tuple[int, int]]) -> None:
        self.zone = zone
        self.starts = [s for s, _ in steps]
        self.offsets = [o for _, o in steps]
        self._next: dict[int, int] = {}

    def day(self, ts: int) -> int:
        return (ts + self.offsets[max(bisect_right(self.starts, ts) - 1, 0)]) // DAY

    def next_midnight(self, day: int) -> int:
        found = self._next.get(day)
        if found is None:
            found = self._next[day] = midnight(day_date(day) + timedelta(days=1), self.zone)
        return found

    def split(self, start: int, end: int) -> Iterator[tuple[int, int, int]]:
        while start < end:
            day = self.day(start)
            piece_end = min(end, self.next_midnight(day))
            yield day, start, piece_end
            start = piece_end
