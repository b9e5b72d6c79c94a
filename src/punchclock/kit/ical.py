"""iCalendar (RFC 5545) output: events as VEVENTs, text escaped and lines folded at 75 octets."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

CRLF = "\r\n"


@dataclass(frozen=True, slots=True)
class Event:
    uid: str
    start: int
    end: int
    summary: str
    description: str = ""
    categories: tuple[str, ...] = ()
    modified: int = 0


def escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    ).replace("\r", "\\n")


def fold(line: str) -> str:
    """Split a content line into pieces of at most 75 octets, continued with a leading space."""
    raw = line.encode()
    if len(raw) <= 75:
        return line + CRLF
    parts: list[str] = []
    current, size = "", 0
    for ch in line:
        n = len(ch.encode())
        if size + n > (75 if not parts else 74):
            parts.append(current)
            current, size = "", 0
        current += ch
        size += n
    parts.append(current)
    return (CRLF + " ").join(parts) + CRLF


def stamp(ts: int) -> str:
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(ts))


def calendar(name: str, events: Iterable[Event], now: int) -> Iterator[str]:
    yield "BEGIN:VCALENDAR" + CRLF
    yield "VERSION:2.0" + CRLF
    yield "PRODID:-//Punchclock//Time entries//EN" + CRLF
    yield "CALSCALE:GREGORIAN" + CRLF
    yield fold(f"X-WR-CALNAME:{escape(name)}")
    for e in events:
        lines = [
            "BEGIN:VEVENT",
            f"UID:{e.uid}",
            f"DTSTAMP:{stamp(now)}",
            f"DTSTART:{stamp(e.start)}",
            f"DTEND:{stamp(e.end)}",
            f"SUMMARY:{escape(e.summary)}",
        ]
        if e.description:
            lines.append(f"DESCRIPTION:{escape(e.description)}")
        if e.categories:
            lines.append("CATEGORIES:" + ",".join(escape(c) for c in e.categories))
        if e.modified:
            lines.append(f"LAST-MODIFIED:{stamp(e.modified)}")
        lines.append("END:VEVENT")
        yield "".join(fold(line) for line in lines)
    yield "END:VCALENDAR" + CRLF
