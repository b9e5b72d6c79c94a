"""Reading other tools' CSV exports: separator, loose header names, dates in several spellings.

Notes:
Exports differ by tool, version and the exporting user's settings: Clockify writes dates as the
user's date format (``11/16/2026`` or ``16/11/2026``) and times as ``09:00 AM`` or ``09:00``;
Toggl writes ISO dates; Kimai writes the day and the clock in separate columns. A reader here
names its columns by their documented headers and a few known variants, and dates are read in
any of the common spellings; for slashed dates the day/month order is decided once per file (a
first number above 12 anywhere means day first, otherwise month first, Clockify's default).
Local times are read in the given time zone; a time that a DST change skips or repeats takes the
offset before the change (Python's fold=0), so an entry never comes out negative.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime, time, tzinfo
from typing import Any

from punchclock.importer.rows import FormatError
from punchclock.kit.timeutil import MAX_TS, MIN_TS

SEPARATORS = (",", ";", "\t")
_SLASHED = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?$")


def normalise(name: str) -> str:
    return " ".join(name.replace("\ufeff", "").strip().lower().replace("_", " ").split())


def read_rows(
    text: str, columns: Mapping[str, tuple[str, ...]], required: tuple[str | tuple[str, ...], ...]
) -> Iterator[tuple[int, dict[str, str]]]:
    """``(line, {field: cell})`` per non-empty record; the fields are ``columns``' keys.

    Each of ``required`` is a field the header must have, or a tuple of fields it needs one of
    (those that ``columns`` lacks left out)."""
    lines = text.lstrip("\ufeff").splitlines(keepends=True)
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        raise FormatError("the file is empty")
    sep = max(SEPARATORS, key=lines[0].count)
    names = {alias: fld for fld, aliases in columns.items() for alias in aliases}
    records = csv_records(csv.reader(lines, delimiter=sep), FormatError)
    header = [names.get(normalise(h)) for h in next(records)[1]]
    missing = []
    for need in required:
        choices = [f for f in (need if isinstance(need, tuple) else (need,)) if f in columns]
        if not any(f in header for f in choices):
            missing.append(" or ".join(repr(columns[f][0]) for f in choices))
    if missing:
        raise FormatError(f"no {', '.join(missing)} column in the header")
    for line, cells in records:
        if any(c.strip() for c in cells):
            yield line, {f: c.strip() for f, c in zip(header, cells, strict=False) if f}


def csv_records(reader: Any, error: Callable[[str], Exception]) -> Iterator[tuple[int, list[str]]]:
    """``(line, cells)`` per record of a ``csv.reader``; a record csv cannot read (a field over its
    limit, a stray NUL) raises ``error("line N: ...")`` instead of csv.Error (a 500 otherwise)."""
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise error(f"line {line}: {exc}") from exc
        yield line, cells


def day_first(values: list[str]) -> bool:
    """Whether the slashed dates of a file are day/month/year."""
    for value in values:
        m = _SLASHED.match(value.strip())
        if m and int(m.group(1)) > 12:
            return True
    return False


def parse_date(value: str, dmy: bool = False) -> date:
    text = value.strip()
    m = _SLASHED.match(text)
    if m:
        a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if "." in text or dmy:
            a, b = b, a
        try:
            return date(year, a, b)
        except ValueError:
            pass
    else:
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            pass
    raise ValueError(f"{text[:40]!r} is not a date")


def parse_clock(value: str) -> time:
    m = _CLOCK.match(value.strip())
    if not m:
        raise ValueError(f"{value[:40]!r} is not a time of day")
    hour, minute, second = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
    if m.group(4):
        if not 1 <= hour <= 12:
            raise ValueError(f"{value[:40]!r} is not a time of day")
        hour = hour % 12 + (12 if m.group(4).lower() == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError(f"{value[:40]!r} is not a time of day")
    return time(hour, minute, second)


def instant(day: date, clock: time, zone: tzinfo) -> int:
    ts = int(datetime.combine(day, clock, zone).timestamp())
    if not MIN_TS <= ts < MAX_TS:
        raise ValueError(f"{day.isoformat()} is outside 1970-2099")
    return ts


def date_and_time(day: str, clock: str, zone: tzinfo, dmy: bool) -> int:
    """An instant from a date cell and a time cell; a full ISO date-time in the date cell also works."""
    if not clock and len(day.strip()) > 10:
        parsed = datetime.fromisoformat(day.strip())
        return int((parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)).timestamp())
    return instant(parse_date(day, dmy), parse_clock(clock), zone)


def end_after(start: int, end: int) -> int:
    """An end given as a bare time earlier than the start means the next day (Kimai's night shifts)."""
    return end + 86400 if end <= start else end


_HMS = re.compile(r"^(\d+):([0-5]\d)(?::([0-5]\d))?$")
_DECIMAL = re.compile(r"^\d+(?:[.,]\d+)?$")
MAX_DURATION = 1000 * 3600  # no single entry runs for six weeks; a bigger number is a misread column


def duration(value: str) -> int:
    """``1:30:00``, ``1:30`` (hours and minutes) or decimal hours (``1.5``, ``1,5``) as seconds.

    Raises ValueError for anything else, for a duration of zero, and for one above 1000 hours.
    """
    text = value.strip()
    clock, decimal = _HMS.match(text), _DECIMAL.match(text)
    if clock:
        seconds = int(clock.group(1)) * 3600 + int(clock.group(2)) * 60 + int(clock.group(3) or 0)
    elif decimal:
        seconds = round(float(text.replace(",", ".")) * 3600)
    else:
        raise ValueError(f"{text[:40]!r} is not a duration (HH:MM:SS, H:MM or decimal hours)")
    if seconds <= 0:
        raise ValueError(f"the duration {text!r} is not positive")
    if seconds > MAX_DURATION:
        raise ValueError(f"the duration {text[:40]!r} is longer than {MAX_DURATION // 3600} hours")
    return seconds


def yes(value: str) -> bool | None:
    text = value.strip().lower()
    if text in ("yes", "true", "1", "y", "billable", "ja", "oui"):
        return True
    if text in ("no", "false", "0", "n", "non-billable", "nein", "non"):
        return False
    return None


def tag_cells(value: str) -> tuple[str, ...]:
    """``"a, b c"`` to ``("a", "b-c")``: tags with spaces (allowed elsewhere) get dashes here."""
    return tuple("-".join(t.split()) for t in value.split(",") if t.strip())
