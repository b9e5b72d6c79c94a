"""TimeTracker's attendance objects (work period, break, workday session, day) built from entries.

Notes:
Ids map onto what Punchclock has: a work period's and a session's id are the entry's; a day's id
(``attendance_day_id``) is its local day number, days since 1970-01-01 in the user's zone, stable
for as long as the zone is. A break is the pause of a running entry (``paused_at``); breaks that
ended are summed in the entry's ``break_seconds`` without their times, so a day lists only the
break going on and counts every break in ``total_break_seconds``. ``break_type`` is echoed, not
kept. Day records carry the history aliases TimeTracker's mobile app reads (``date``, ``hours``,
``total_hours``) beside TimeTracker's own names.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import tzinfo
from typing import Any

from punchclock.kit.periods import day_date, split_days, worked_part
from punchclock.kit.timeutil import format_duration, iso

WORKDAY = "workday"  # the source of the entries a clock-in starts


@dataclass(frozen=True, slots=True)
class Span:
    """An entry as attendance reads it."""

    id: int
    user_id: int
    start: int
    end: int | None
    paused: int | None
    breaks: int
    source: str
    notes: str

    @classmethod
    def of(cls, row: Sequence[Any]) -> Span:
        return cls(*row[:8])

    def until(self, now: int) -> int:
        return self.end if self.end is not None else max(now, self.start)

    def break_total(self, now: int) -> int:
        """Its break: the pauses that ended, and the one going on (up to now)."""
        going = max(now - self.paused, 0) if self.paused is not None and self.end is None else 0
        return self.breaks + going

    def worked(self, now: int) -> int:
        return max(self.until(now) - self.start - self.break_total(now), 0)


def totals(spans: Iterable[Span], zone: tzinfo, now: int) -> dict[int, tuple[int, int]]:
    """{local day number: (worked seconds, break seconds)} of the spans, each cut at local midnights
    (a break shared in proportion when an entry crosses one, as reports share it)."""
    out: dict[int, tuple[int, int]] = {}
    for span in spans:
        whole, brk = span.until(now) - span.start, span.break_total(now)
        for day, lo, hi in split_days(span.start, span.until(now), zone):
            work = worked_part(hi - lo, whole, brk)
            w, b = out.get(day, (0, 0))
            out[day] = (w + work, b + (hi - lo) - work)
    return out


def period_of(span: Span, day: int, now: int) -> dict[str, Any]:
    return {
        "id": span.id,
        "attendance_day_id": day,
        "user_id": span.user_id,
        "start_time": iso(span.start),
        "end_time": iso(span.end),
        "duration_seconds": span.worked(now) if span.end is not None else None,
        "source": span.source,
        "auto_closed": False,
        "notes": span.notes,
        "is_active": span.end is None,
        "workday_session_id": span.id,
    }


def session_of(span: Span, now: int) -> dict[str, Any]:
    worked = span.worked(now)
    return {
        "id": span.id,
        "user_id": span.user_id,
        "start_time": iso(span.start),
        "end_time": iso(span.end),
        "duration_seconds": worked,
        "duration_formatted": format_duration(worked),
        "current_duration_seconds": worked,
        "notes": span.notes,
        "auto_closed": False,
        "source": span.source,
        "is_active": span.end is None,
    }


def break_of(span: Span, day: int, start: int, end: int | None, break_type: str = "rest") -> dict[str, Any]:
    return {
        "id": span.id,
        "attendance_day_id": day,
        "work_period_id": span.id,
        "user_id": span.user_id,
        "start_time": iso(start),
        "end_time": iso(end),
        "duration_seconds": end - start if end is not None else None,
        "break_type": break_type,
        "is_active": end is None,
    }


def day_record(
    user_id: int,
    day: int,
    status: str,
    seconds: tuple[int, int],
    periods: list[dict[str, Any]],
    breaks: list[dict[str, Any]],
    lock: tuple[int | None, bool] = (None, False),
) -> dict[str, Any]:
    """A day; ``lock`` is (the timesheet period holding it, whether the day is locked)."""
    work, brk = seconds
    hours = round(work / 3600, 2)
    return {
        "id": day,
        "user_id": user_id,
        "work_date": day_date(day).isoformat(),
        "date": day_date(day).isoformat(),
        "status": status,
        "time_off_request_id": None,
        "leave_type_id": None,
        "leave_type_name": None,
        "total_work_seconds": work,
        "total_break_seconds": brk,
        "total_work_hours": hours,
        "total_break_hours": round(brk / 3600, 2),
        "hours": hours,
        "total_hours": hours,
        "locked_at": None,
        "locked_by": None,
        "is_locked": lock[1],
        "timesheet_period_id": lock[0],
        "compliance_notes": None,
        "created_at": None,
        "updated_at": None,
        "work_periods": periods,
        "breaks": breaks,
    }


def status_of(present: bool, worked: int, target: int, holiday: bool) -> str:
    """present (time on the day, its target reached or none), partial (time on the day, short of its
    target), holiday (no time on a holiday), absent (no time)."""
    if present:
        return "partial" if target > 0 and worked < target else "present"
    return "holiday" if holiday else "absent"
