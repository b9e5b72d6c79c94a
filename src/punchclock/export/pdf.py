"""The printable timesheet as PDF: the report's figures, every entry per day, totals and a place to
sign. Drawn by ReportLab (BSD licence), which needs no network and ships its own fonts.

Notes:
Fonts, styles and the shared pieces (footer, signature lines) are punchclock.kit.pdf's.
Durations are written HH:MM:SS, as Toggl's and Clockify's exports write them: whole seconds add up
exactly, so the day rows sum to the day totals and those to the total, which decimal hours
rounded to the cent would not always do. Decimal hours are given next to the totals, for billing.
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from punchclock.export.sheet import Line, Sheet, group_title
from punchclock.kit.currency import format_amount
from punchclock.kit.pdf import BAND, MUTED, MUTED_HEX, STYLES, WIDTH, register_fonts
from punchclock.kit.pdf import footer as _footer
from punchclock.kit.pdf import markup as _markup
from punchclock.kit.pdf import p as _p
from punchclock.kit.pdf import signatures as _signatures
from punchclock.kit.pdf import table as _table
from punchclock.kit.timeutil import format_duration

DESCRIPTION, NAME = 300, 80  # characters shown of a description and of a name


def _day(day: date) -> str:
    return day.strftime("%a %d %b %Y")


def _period(sheet: Sheet) -> str:
    if sheet.start == sheet.end:
        return _day(sheet.start)
    return f"{sheet.start.strftime('%d %b %Y')} \u2013 {sheet.end.strftime('%d %b %Y')}"


def _hours(seconds: int) -> str:
    return f"{seconds / 3600:,.2f} h"


def _head(sheet: Sheet) -> list[Any]:
    report = sheet.report
    facts = [("Period", _period(sheet)), *sheet.facts, ("Time zone", report["timezone"])]
    rows = [[_p(label, "muted"), _p(value)] for label, value in facts]
    table = Table(rows, colWidths=[28 * mm, WIDTH - 28 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 1)]))
    return [_p("Timesheet", "title"), Spacer(1, 4 * mm), table, Spacer(1, 6 * mm)]


def _summary(sheet: Sheet) -> list[Any]:
    """The grouped report as the Reports page shows it: groups, their sub-groups, the total."""
    report, currency = sheet.report, sheet.report["currency"]
    title = group_title(report["group_by"])
    if report["sub_group_by"]:
        title += f" \u203a {group_title(report['sub_group_by'])}"
    rows: list[list[Any]] = [
        [_p(title, "head"), _p("Duration", "numhead"), _p("Billable", "numhead"), _p("Amount", "numhead")]
    ]
    bands = []
    for group in report["groups"]:
        bands.append(("BACKGROUND", (0, len(rows)), (-1, len(rows)), BAND))
        rows.append(_figures(group["label"], group, currency, "bold", "numbold"))
        rows.extend(_figures(sub["label"], sub, currency, "indent", "num") for sub in group["groups"])
    rows.append(_figures("Total", report["totals"], currency, "bold", "numbold"))
    total_line = ("LINEABOVE", (0, -1), (-1, -1), 0.8, MUTED)
    table = _table(
        rows,
        [WIDTH - 84 * mm, 28 * mm, 28 * mm, 28 * mm],
        [total_line] + (bands if report["sub_group_by"] else []),
    )
    return [_p("Summary", "h2"), table, Spacer(1, 7 * mm)]


def _figures(label: str, n: dict[str, Any], currency: str, style: str, num: str) -> list[Any]:
    return [
        _p(label, style),
        _p(format_duration(n["seconds"]), num),
        _p(format_duration(n["billable_seconds"]), num),
        _p(format_amount(n["amount"], currency), num),
    ]


def _entries(sheet: Sheet) -> list[Any]:
    """The column heads, then a table per day: a band with the day and its total, then its entries.
    A day that runs onto the next page repeats its band there; a band never ends a page alone."""
    widths = [36 * mm, 30 * mm, 0.0, 22 * mm]
    head = ["Project", "Task", "Description", "Duration"]
    if sheet.team:
        widths.insert(0, 28 * mm)
        head.insert(0, "Person")
    widths[-2] = WIDTH - sum(widths)
    heads = [[_p(h, "numhead" if h == "Duration" else "head") for h in head]]
    out: list[Any] = [_p("Entries by day", "h2"), _table(heads, widths, [])]
    band = [
        ("SPAN", (0, 0), (-2, 0)),
        ("BACKGROUND", (0, 0), (-1, 0), BAND),
        ("LINEBELOW", (0, 0), (-1, 0), 0, BAND),
    ]
    for day, lines in sheet.days:
        total = _p(format_duration(sum(x.seconds for x in lines)), "numbold")
        rows = [
            [_p(_day(day), "bold"), *[""] * (len(head) - 2), total],
            *(_line(x, sheet.team) for x in lines),
        ]
        out.append(_table(rows, widths, band))
    if not sheet.days:
        out.append(_table([[_p("No time tracked in this period.", "muted")]], [WIDTH], []))
    return [*out, Spacer(1, 5 * mm)]


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "\u2026"


def _line(x: Line, team: bool) -> list[Any]:
    # Clipped so that no row is taller than a page: a table row cannot be split across pages.
    what = Paragraph(_markup(_clip(x.description, DESCRIPTION)) + _tags(x.tags), STYLES["cell"])
    cells = [_p(_clip(x.project, NAME)), _p(_clip(x.task, NAME)), what, _p(format_duration(x.seconds), "num")]
    return [_p(_clip(x.person, NAME)), *cells] if team else cells


def _tags(tags: list[str]) -> str:
    shown = _clip(" ".join(f"#{t}" for t in tags), DESCRIPTION // 2)
    return f' <font color="{MUTED_HEX}">{_markup(shown)}</font>' if tags else ""


def _totals(sheet: Sheet) -> list[Any]:
    t, currency = sheet.report["totals"], sheet.report["currency"]
    rows = [
        [
            _p("Total time", "bold"),
            _p(f"{format_duration(t['seconds'])}  ({_hours(t['seconds'])})", "numbold"),
        ],
        [
            _p("Billable time"),
            _p(f"{format_duration(t['billable_seconds'])}  ({_hours(t['billable_seconds'])})", "num"),
        ],
        [_p("Amount", "bold"), _p(format_amount(t["amount"], currency), "numbold")],
    ]
    table = Table(rows, colWidths=[40 * mm, 50 * mm], hAlign="RIGHT")
    table.setStyle(
        TableStyle([("LINEABOVE", (0, 0), (-1, 0), 0.8, MUTED), ("LINEBELOW", (0, -1), (-1, -1), 0.8, MUTED)])
    )
    return [table, Spacer(1, 16 * mm)]


def render(sheet: Sheet) -> bytes:
    """The timesheet as a PDF document."""
    register_fonts()
    buffer = io.BytesIO()
    period = _period(sheet)
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=16 * mm, rightMargin=16 * mm, topMargin=16 * mm, bottomMargin=18 * mm,
        title=f"Timesheet {period}", author="Punchclock", creator="Punchclock",
    )  # fmt: skip
    made = datetime.fromtimestamp(sheet.generated_at, UTC).strftime("%Y-%m-%d %H:%M UTC")
    footer = f"Timesheet {period} · made with Punchclock on {made}"
    story = [*_head(sheet), *_summary(sheet), *_entries(sheet), *_totals(sheet), *_signatures()]
    doc.build(
        story, onFirstPage=lambda c, d: _footer(c, d, footer), onLaterPages=lambda c, d: _footer(c, d, footer)
    )
    return buffer.getvalue()
