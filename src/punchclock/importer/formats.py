"""Readers for other tools' exports: Toggl Track, Clockify and Kimai CSV, and Punchclock's JSON.

Each reader turns a file's text into rows (punchclock.importer.rows); a row it cannot read is
rejected with its line number and the reason, and the rest are still read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, tzinfo
from typing import Any

import orjson

from punchclock.importer import table
from punchclock.importer.rows import FormatError, Parsed, Rejected, Row

# Toggl Track's detailed report ("Download as CSV"; older exports say User, newer Member), and
# Toggl's own CSV import format, which has Start date, Start time and Duration but no end columns.
TOGGL = {
    "user": ("user", "member"),
    "email": ("email",),
    "client": ("client",),
    "project": ("project",),
    "task": ("task",),
    "description": ("description",),
    "billable": ("billable",),
    "start_date": ("start date",),
    "start_time": ("start time",),
    "end_date": ("end date",),
    "end_time": ("end time",),
    "duration": ("duration",),
    "tags": ("tags",),
}
# Clockify's detailed report export.
CLOCKIFY = {
    "project": ("project",),
    "client": ("client",),
    "description": ("description",),
    "task": ("task",),
    "user": ("user",),
    "email": ("email",),
    "tags": ("tags",),
    "billable": ("billable",),
    "start_date": ("start date",),
    "start_time": ("start time",),
    "end_date": ("end date",),
    "end_time": ("end time",),
    "duration": ("duration (h)", "duration"),
    "duration_decimal": ("duration (decimal)",),
}
# Toggl and Clockify: the end is read from these, else the start plus one of the durations.
_END_OR_DURATION = ("end_time", "duration", "duration_decimal")
# Kimai's timesheet export: the day, then From and To as times (or full date-times).
KIMAI = {
    "date": ("date",),
    "start_time": ("from", "begin"),
    "end_time": ("to", "end"),
    "duration": ("duration",),
    "user": ("user", "username", "name"),
    "client": ("customer",),
    "project": ("project",),
    "task": ("activity",),
    "description": ("description",),
    "billable": ("billable",),
    "tags": ("tags",),
}


def _two_columns(text: str, zone: tzinfo, columns: Mapping[str, tuple[str, ...]]) -> Parsed:
    """Toggl and Clockify: the start as a date column and a time column; the end likewise, or a duration."""
    raw = list(table.read_rows(text, columns, ("start_date", "start_time", _END_OR_DURATION)))
    dmy = table.day_first([r.get("start_date", "") for _, r in raw])
    parsed = Parsed()
    for line, r in raw:
        try:
            start = table.date_and_time(r["start_date"], r.get("start_time", ""), zone, dmy)
            end = _end(start, r, zone, dmy)
        except (ValueError, KeyError) as exc:
            parsed.rejected.append(Rejected(line, str(exc) or "missing start or end"))
            continue
        parsed.rows.append(_row(line, start, end, r))
    return parsed


def _end(start: int, r: dict[str, str], zone: tzinfo, dmy: bool) -> int:
    """The end from the end columns when the row has them (a duration may be rounded), else the
    start plus the duration: elapsed seconds, so an entry across a DST change keeps its length."""
    if r.get("end_time") or len(r.get("end_date", "")) > 10:  # or a full date-time in End date
        end_day = r.get("end_date") or r["start_date"]
        end = table.date_and_time(end_day, r.get("end_time", ""), zone, dmy)
        return end if r.get("end_date") else table.end_after(start, end)
    text = r.get("duration") or r.get("duration_decimal")
    if not text:
        raise ValueError("no end time and no duration")
    return start + table.duration(text)


def _row(line: int, start: int, end: int, r: dict[str, str]) -> Row:
    return Row(
        line=line,
        start=start,
        end=end,
        description=r.get("description", ""),
        project=r.get("project", ""),
        client=r.get("client", ""),
        task=r.get("task", ""),
        tags=table.tag_cells(r.get("tags", "")),
        billable=table.yes(r.get("billable", "")),
        user=r.get("user", ""),
        email=r.get("email", ""),
    )


def toggl(text: str, zone: tzinfo) -> Parsed:
    return _two_columns(text, zone, TOGGL)


def clockify(text: str, zone: tzinfo) -> Parsed:
    return _two_columns(text, zone, CLOCKIFY)


def kimai(text: str, zone: tzinfo) -> Parsed:
    raw = list(table.read_rows(text, KIMAI, ("start_time", "end_time")))
    dmy = table.day_first([r.get("date", "") for _, r in raw])
    parsed = Parsed()
    for line, r in raw:
        try:
            day = r.get("date", "")
            if day:
                start = table.date_and_time(day, r["start_time"], zone, dmy)
                end = table.end_after(start, table.date_and_time(day, r["end_time"], zone, dmy))
            else:  # Begin and End as full date-times
                start = table.date_and_time(r["start_time"], "", zone, dmy)
                end = table.date_and_time(r["end_time"], "", zone, dmy)
        except (ValueError, KeyError) as exc:
            parsed.rejected.append(Rejected(line, str(exc) or "missing start or end"))
            continue
        parsed.rows.append(_row(line, start, end, r))
    return parsed


def _when(value: Any, zone: tzinfo) -> int:
    if not isinstance(value, str) or not value:
        raise ValueError("missing start_time or end_time")
    parsed = datetime.fromisoformat(value)
    return int((parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)).timestamp())


def punchclock(text: str, zone: tzinfo) -> Parsed:
    """Punchclock's entry export (JSON) or account export: ``{"time_entries": [...], ...}``."""
    try:
        doc = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise FormatError(f"not JSON: {exc}") from exc
    items = doc.get("time_entries") if isinstance(doc, dict) else None
    if not isinstance(items, list):
        raise FormatError('no "time_entries" list: not a Punchclock export')
    parsed = Parsed()
    for project in doc.get("projects") or []:
        if isinstance(project, dict) and isinstance(project.get("name"), str):
            parsed.projects[project["name"].lower()] = project
    settings = doc.get("settings")
    if isinstance(settings, list):
        parsed.settings = [item for item in settings if isinstance(item, dict)]
    for n, item in enumerate(items, 1):
        try:
            if not isinstance(item, dict):
                raise ValueError("not an object")
            start, end = _when(item.get("start_time"), zone), _when(item.get("end_time"), zone)
            tags = item.get("tags") or ""
            parsed.rows.append(
                Row(
                    line=n,
                    start=start,
                    end=end,
                    description=str(item.get("notes") or ""),
                    project=str(item.get("project") or ""),
                    client=str(item.get("client") or ""),
                    task=str(item.get("task") or ""),
                    tags=tuple(tags.split(","))
                    if isinstance(tags, str) and tags
                    else tuple(map(str, tags or ())),
                    billable=item["billable"] if isinstance(item.get("billable"), bool) else None,
                    key=_key(item.get("key")),
                    user=str(item.get("user") or ""),  # the entry export names each entry's user
                )
            )
        except (ValueError, TypeError) as exc:
            parsed.rejected.append(Rejected(n, f"entry {n}: {exc}"))
    return parsed


def _key(value: object) -> str | None:
    # Keys are stored as they are (names and notes are cleaned later): PostgreSQL refuses NUL.
    if not value:
        return None
    key = str(value)
    if any(ord(c) < 32 for c in key):
        raise ValueError("key may not contain control characters")
    return key


READERS: dict[str, Callable[[str, tzinfo], Parsed]] = {
    "toggl": toggl,
    "clockify": clockify,
    "kimai": kimai,
    "punchclock": punchclock,
}
