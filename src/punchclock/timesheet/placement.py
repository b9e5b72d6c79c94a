"""Where new time typed into a timesheet cell goes in its day: a free stretch, never over another
entry, never past now.

Notes:
A timesheet says "three hours on Tuesday", not when. The entry still needs a start and an end, and
Punchclock counts overlapping entries twice (README: overlaps), so new time must land where the day
is free. The rule is the one a person filling in a paper timesheet would follow: right after the
day's last entry, or at the start of the working day (09:00) when the day is empty; if that does not
fit before midnight (or before now, today), then in the latest earlier gap long enough, ending where
that gap ends. One entry, never split across gaps: a timesheet row is one stretch of work per day.
"""

from __future__ import annotations

from collections.abc import Iterable

Span = tuple[int, int]

WORKDAY_START_HOUR = 9


def gaps(busy: Iterable[Span], lo: int, hi: int) -> list[Span]:
    """The free stretches of [lo, hi) between the ``busy`` spans (which may overlap each other)."""
    out: list[Span] = []
    at = lo
    for a, b in sorted(busy):
        if at >= hi:
            break
        if a > at:
            out.append((at, min(a, hi)))
        at = max(at, b)
    if at < hi:
        out.append((at, hi))
    return out


def place(busy: Iterable[Span], lo: int, hi: int, anchor: int, length: int) -> int | None:
    """The start of a new span of ``length`` seconds in [lo, hi) clear of ``busy``: at ``anchor`` or
    in the first free stretch after it, else at the end of the latest stretch before it that is long
    enough; None when no stretch is."""
    free = gaps(busy, lo, hi)
    for a, b in free:
        start = max(a, anchor)
        if start + length <= b:
            return start
    for a, b in reversed(free):
        if b - a >= length:
            return b - length
    return None


def is_free(busy: Iterable[Span], a: int, b: int) -> bool:
    """Whether [a, b) shares no time with any ``busy`` span."""
    return all(y <= a or x >= b for x, y in busy)
