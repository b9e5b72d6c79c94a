"""Day facts: what a user's entries add up to on each local day (pure; the rows are given).

Notes:
Worked time is the union of the user's entries, not their sum: two overlapping entries count their
common minutes once, so a balance never grows by double booking (the overlap rule is a separate,
per-team choice). Entries are taken by start; an entry that starts inside time already counted
counts only from where that time ends, and its paused break shrinks in the same proportion
(kit.periods.worked_part), as reports share a break between the days an entry crosses.

Breaks are paused time plus the gaps between one day's pieces of at least ``min_piece`` seconds
(a gap of five minutes between two entries is switching tasks, not a break). Time before the day's
first entry and after its last one is not a break.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from punchclock.kit.periods import DaySplitter, day_date, worked_part

Row = tuple[int, int, int]  # start_at, end_at (now for a running entry), break_seconds


@dataclass(slots=True)
class DayFacts:
    worked: int = 0
    breaks: int = 0
    first_at: int | None = None
    last_at: int | None = None
    entries: int = 0

    def as_tuple(self) -> tuple[int, int, int | None, int | None, int]:
        return (self.worked, self.breaks, self.first_at, self.last_at, self.entries)


def fold(rows: Iterable[Row], splitter: DaySplitter, min_piece: int) -> dict[date, DayFacts]:
    """The facts of every day the rows touch; ``rows`` sorted by start."""
    out: dict[int, DayFacts] = {}
    covered = None  # the end of the time counted so far
    for start, end, pause in rows:
        begin = start if covered is None else max(start, covered)
        if end <= begin:
            continue  # wholly inside time already counted
        span = end - start
        seen: set[int] = set()
        for day, lo, hi in splitter.split(begin, end):
            facts = out.get(day)
            if facts is None:
                facts = out[day] = DayFacts()
            piece = hi - lo
            worked = worked_part(piece, span, pause)
            facts.worked += worked
            facts.breaks += piece - worked
            if facts.last_at is not None and lo - facts.last_at >= min_piece:
                facts.breaks += lo - facts.last_at
            if facts.first_at is None:
                facts.first_at = lo
            facts.last_at = hi if facts.last_at is None else max(facts.last_at, hi)
            if day not in seen:
                facts.entries += 1
                seen.add(day)
        covered = end if covered is None else max(covered, end)
    return {day_date(d): f for d, f in out.items()}
