"""Human output of the tracking commands: rich tables and colours (plain when piped)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, tzinfo
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from punchclock.kit.tags import inline_tags

console = Console(highlight=False)

# C0 and C1 control characters, DEL, and the bidirectional overrides and isolates that reorder
# what a terminal shows: a file name or a note holding ESC [ ... could otherwise recolour, move or
# clear the user's terminal, or make one name look like another.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean(value: object) -> str:
    """Text from a file, the database or the server, fit for a terminal: control characters are
    shown escaped (``\\x1b``, ``\\u202e``) instead of being sent as they are."""
    text = str(value)
    return _CONTROL.sub(lambda m: ascii(m.group())[1:-1], text)


def plain(value: object) -> Text:
    """A rich table cell or line of ``clean`` text: square brackets in it are not markup."""
    return Text(clean(value))


def markup(value: object) -> str:
    """``clean`` text to put inside a rich markup string."""
    return escape(clean(value))


def local(iso: str | None, zone: tzinfo, fmt: str = "%H:%M") -> str:
    if not iso:
        return ""
    return instant(iso).astimezone(zone).strftime(fmt)


def hours(seconds: int | float | None) -> str:
    seconds = int(seconds or 0)
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}"


def what(entry: dict[str, Any]) -> str:
    """Project, notes and then the tags the notes do not write already."""
    notes = entry.get("notes") or ""
    inline = set(inline_tags(notes))
    extra = [t for t in entry.get("tag_list") or [] if t.lower() not in inline]
    tags = " ".join(f"[cyan]#{markup(t)}[/]" for t in extra)
    project = f"[magenta]{markup(entry['project'])}[/] " if entry.get("project") else ""
    return f"{project}{markup(notes)} {tags}".strip()


def timer(entry: dict[str, Any] | None, zone: tzinfo, now: datetime) -> None:
    if entry is None:
        console.print("[dim]No timer is running.[/]")
        return
    elapsed = worked(entry, now)
    if entry.get("paused_at"):
        console.print(
            f"[yellow]‖[/] Paused since {local(entry['paused_at'], zone)} "
            f"([bold]{hours(elapsed)}[/] worked): {what(entry)} [dim](#{entry['id']})[/]"
        )
        return
    console.print(
        f"[green]●[/] Running since {local(entry['start_time'], zone)} "
        f"([bold]{hours(elapsed)}[/]): {what(entry)} [dim](#{entry['id']})[/]"
    )


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def worked(entry: dict[str, Any], now: datetime) -> int:
    """A running entry's worked seconds: to now or to its pause, less its break."""
    started = instant(entry["start_time"])
    until = instant(entry["paused_at"]) if entry.get("paused_at") else now
    return max(int((until - started).total_seconds()) - int(entry.get("break_seconds") or 0), 0)


def entries(items: list[dict[str, Any]], zone: tzinfo, title: str) -> None:
    table = Table("id", "day", "start", "end", "time", "what", title=title)
    total = 0
    for e in sorted(items, key=lambda x: x["start_time"]):
        seconds = e["duration_seconds"]
        if seconds is None:
            seconds = worked(e, datetime.now(UTC))
        total += seconds
        end = local(e["end_time"], zone) if e["end_time"] else "[green]running[/]"
        day = local(e["start_time"], zone, "%a %d %b")
        table.add_row(str(e["id"]), day, local(e["start_time"], zone), end, hours(seconds), what(e))
    table.add_section()
    table.add_row("", "", "", "total", f"[bold]{hours(total)}[/]", f"{len(items)} entries")
    console.print(table)


def report(rep: dict[str, Any]) -> None:
    title = f"{rep['start_date']} to {rep['end_date']} by {rep['group_by']}"
    if rep.get("sub_group_by"):
        title += f" and {rep['sub_group_by']}"
    table = Table(rep["group_by"], "hours", "billable", "amount", "entries", title=title)
    for g in rep["groups"]:
        table.add_row(f"[bold]{markup(g['label'])}[/]", hours(g["seconds"]), hours(g["billable_seconds"]),
                      f"{g['amount']:.2f}", str(g["entries"]))  # fmt: skip
        for s in g["groups"]:
            table.add_row(f"  {markup(s['label'])}", hours(s["seconds"]), hours(s["billable_seconds"]),
                          f"{s['amount']:.2f}", str(s["entries"]))  # fmt: skip
    t = rep["totals"]
    table.add_section()
    table.add_row(
        "Total", hours(t["seconds"]), hours(t["billable_seconds"]), f"{t['amount']:.2f}", str(t["entries"])
    )
    console.print(table)
