"""Reading TimeTagger's record export as CSV (or tab- or semicolon-separated text).

Notes:
TimeTagger's web app exports all records as a table with the columns ``key, start, stop, tags,
description`` (start and stop as Unix seconds, ISO 8601, or local "YYYY-MM-DD HH:MM:SS"; hidden
records are left out). Saved from a spreadsheet it is CSV; pasted into a text file it is
tab-separated. As TimeTagger's own import does, the separator is whichever of tab, comma and
semicolon the header line has most of, header names are matched loosely ("Start time", "begin",
"ID", ...), and imported records never run: a stop equal to the start (a timer that ran at the
time of the export) becomes start + 1 s, as TimeTagger's import does; a stop before it is an error.
The key column makes a re-import idempotent; without one, a key is derived from the start and
stop, so the same row maps to the same record each time. A CSV has no modification times: every
row gets the file's own (its export time), so an entry edited in Punchclock since then is kept.
Local times are read in the given time zone (the account's, unless the command says otherwise).
"""

from __future__ import annotations

import csv
import hashlib
import math
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from punchclock.importer.source import Failure, Source, SourceError
from punchclock.importer.table import csv_records
from punchclock.kit.timeutil import MAX_TS, MIN_TS
from punchclock.sync.ds import ds_tag, parse_tags

SEPARATORS = ("\t", ",", ";")
COLUMNS = {
    "key": ("key", "id", "identifier"),
    "t1": ("start", "begin", "start time", "begin time", "t1"),
    "t2": ("stop", "end", "stop time", "end time", "t2"),
    "tags": ("tags", "tag"),
    "ds": ("description", "summary", "comment", "title", "ds"),
}
_NAMES = {alias: column for column, aliases in COLUMNS.items() for alias in aliases}
MAX_BYTES = 200 * 2**20


def _column(name: str) -> str | None:
    return _NAMES.get(name.strip().lower().replace("-", " ").replace("_", " "))


def parse_time(text: str, zone: tzinfo, *, up: bool = False) -> int:
    """Unix seconds (rounded down for a start, up for a stop), ISO 8601, or a local date-time."""
    value = text.strip()
    try:
        number = float(value)
    except ValueError:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value[:40]!r} is not a time (Unix seconds or ISO 8601)") from None
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=zone)
        number = parsed.timestamp()
    if not math.isfinite(number) or not MIN_TS <= number < MAX_TS:
        raise ValueError(f"{value[:40]!r} is outside 1970-2099")
    return math.ceil(number) if up else math.floor(number)


def _ds(description: str, tags: str) -> str:
    """The description, plus each tag of the tags column it does not already contain."""
    inline = set(parse_tags(description))
    extra = []
    for word in tags.replace(",", " ").split():
        tag = ds_tag(word)
        if tag and tag not in inline:
            inline.add(tag)
            extra.append("#" + tag)
    return " ".join([description, *extra]).strip() if extra else description


def derived_key(t1: int, t2: int) -> str:
    return "csv" + hashlib.sha256(f"{t1}-{t2}".encode()).hexdigest()[:13]


def _lines(path: Path) -> list[str]:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise SourceError(f"{path.name}: larger than {MAX_BYTES // 2**20} MiB")
        return path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    except UnicodeDecodeError as exc:
        raise SourceError(f"{path.name}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except OSError as exc:
        raise SourceError(f"{path.name}: cannot read: {exc.strerror or exc}") from exc


def read_csv(path: Path, zone: tzinfo) -> Source:
    """The records of a TimeTagger export; rows it cannot read are listed, not fatal."""
    return read_lines(_lines(path), path.name, zone, int(path.stat().st_mtime))


def read_lines(lines: list[str], name: str, zone: tzinfo, mt: int) -> Source:
    """As read_csv, from text already read (an upload); ``mt`` stands in for every row's mtime."""
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        raise SourceError(f"{name}: the file is empty")
    counts = {sep: lines[0].count(sep) for sep in SEPARATORS}
    sep = max(SEPARATORS, key=lambda s: counts[s])
    if not counts[sep]:
        raise SourceError(f"{name}: no column separator (tab, comma or semicolon) in the header")
    records = csv_records(csv.reader(lines, delimiter=sep), lambda text: SourceError(f"{name}: {text}"))
    header = [_column(name) for name in next(records)[1]]
    if "subtotals" in lines[0].lower():
        raise SourceError(f"{name}: this is a report; export with TimeTagger's 'Export all records' instead")
    missing = [COLUMNS[c][0] for c in ("t1", "t2") if c not in header]
    if missing:
        raise SourceError(f"{name}: no {' or '.join(missing)} column in the header")
    source = Source(name, None)
    for n, row in records:
        if not any(cell.strip() for cell in row):
            continue
        raw = {col: cell.strip() for col, cell in zip(header, row, strict=False) if col}
        try:
            source.records.append(_record(raw, zone, mt))
        except ValueError as exc:
            source.unreadable.append(Failure(raw.get("key") or f"row {n}", f"row {n}: {exc}"))
    return source


def _record(raw: dict[str, str], zone: tzinfo, mt: int) -> dict[str, Any]:
    t1 = parse_time(raw.get("t1", ""), zone)
    t2 = parse_time(raw.get("t2", ""), zone, up=True)
    if t2 < t1:
        raise ValueError("the stop is before the start")
    t2 = max(t2, t1 + 1)
    key = raw.get("key") or derived_key(t1, t2)
    return {"key": key, "t1": t1, "t2": t2, "ds": _ds(raw.get("ds", ""), raw.get("tags", "")), "mt": mt}
