"""What people type at the tracking commands: times like ``9:30`` or ``-15m``, ranges."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
_RELATIVE = re.compile(r"^-(?:(\d+)h)?(?:(\d+)m)?$")
RANGES = ("today", "yesterday", "week", "last-week", "month", "last-month", "year")


class InputError(ValueError):
    pass


def is_clock(text: str) -> bool:
    """``9:30``, ``17:30:15``: a bare time of day."""
    return bool(_CLOCK.match(text.strip()))


def is_relative(text: str) -> bool:
    """``-15m``, ``-4h``, ``-1h30m``: a time before now."""
    m = _RELATIVE.match(text.strip())
    return bool(m and (m.group(1) or m.group(2)))


def parse_at(text: str, now: datetime, day: date | None = None) -> str:
    """An ISO 8601 instant from ``9:30`` (today, or on ``day``), ``-15m``/``-1h30m`` (before now) or
    ISO 8601.

    ``now`` is aware, in the user's time zone; the answer carries the offset, so the server reads
    exactly the instant meant. ``day`` is the date a bare time of day falls on when it is not
    today: the day of the entry being edited, so ``edit 42 --end 17:30`` ends entry 42 at 17:30 of
    its own day.
    """
    value = text.strip()
    m = _CLOCK.match(value)
    if m:
        hour, minute, second = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
        if hour > 23 or minute > 59 or second > 59:
            raise InputError(f"{value!r} is not a time of day")
        on = day or now.date()
        local = datetime(on.year, on.month, on.day, hour, minute, second, tzinfo=now.tzinfo)
        return local.isoformat()
    m = _RELATIVE.match(value)
    if m and (m.group(1) or m.group(2)):
        delta = timedelta(hours=int(m.group(1) or 0), minutes=int(m.group(2) or 0))
        return (now - delta).replace(microsecond=0).isoformat()
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InputError(f"{value!r} is not a time (use 9:30, -15m or 2026-11-16T09:30)") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=now.tzinfo)
    return parsed.isoformat()


def date_range(spec: str, today: date, week_start: int = 0) -> tuple[date, date]:
    """``week``, ``last-month``, ``2026-11-01..2026-11-15`` or one date, as inclusive dates."""
    week = today - timedelta(days=(today.weekday() - week_start) % 7)
    month = today.replace(day=1)
    last_month_end = month - timedelta(days=1)
    named = {
        "today": (today, today),
        "yesterday": (today - timedelta(days=1), today - timedelta(days=1)),
        "week": (week, week + timedelta(days=6)),
        "last-week": (week - timedelta(days=7), week - timedelta(days=1)),
        "month": (month, (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)),
        "last-month": (last_month_end.replace(day=1), last_month_end),
        "year": (today.replace(month=1, day=1), today.replace(month=12, day=31)),
    }
    if spec in named:
        return named[spec]
    first, _, last = spec.partition("..")
    try:
        start = date.fromisoformat(first)
        end = date.fromisoformat(last) if last else start
    except ValueError:
        raise InputError(
            f"{spec!r} is not a range: use {', '.join(RANGES)} or 2026-11-01..2026-11-15"
        ) from None
    if end < start:
        raise InputError("the range ends before it starts")
    return start, end
