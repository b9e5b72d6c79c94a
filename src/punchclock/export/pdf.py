"""The printable timesheet as PDF: the report's figures, every entry per day, totals and a place to
sign. Drawn by ReportLab (BSD licence), which needs no network and ships its own fonts.

Notes:
Fonts. ReportLab's own TrueType font (Bitstream Vera) covers Latin scripts only. DejaVu Sans, a
descendant of it that adds Greek, Cyrillic, Hebrew, Arabic and more, is used instead when the
system has it (Debian's fonts-dejavu-core; the Docker image installs it). Both are embedded as
subsets, so the file looks the same everywhere. Text the font has no glyph for is set in one of
the CJK fonts that ReportLab names without embedding (STSong-Light; HYSMyeongJo-Medium for
Hangul), which PDF readers supply from their own font packs; anything else shows as a blank
glyph. Every text a user typed goes through ``_markup``: escaped for ReportLab's markup, control
characters dropped, and cut into runs by font, so no description can make rendering fail.
Durations are written HH:MM:SS, as Toggl's and Clockify's exports write them: whole seconds add up
exactly, so the day rows sum to the day totals and those to the total, which decimal hours
rounded to the cent would not always do. Decimal hours are given next to the totals, for billing.
"""

from __future__ import annotations

import io
import threading
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from punchclock.export.sheet import Line, Sheet, group_title
from punchclock.kit.currency import format_amount
from punchclock.kit.timeutil import format_duration

DEJAVU_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts/TTF")
CJK, HANGUL = "STSong-Light", "HYSMyeongJo-Medium"
MUTED_HEX = "#5b6472"
MUTED = colors.HexColor(MUTED_HEX)
RULE = colors.HexColor("#c9ced6")
BAND = colors.HexColor("#eef1f4")
DESCRIPTION, NAME = 300, 80  # characters shown of a description and of a name
WIDTH = A4[0] - 32 * mm - 12  # the page less its margins and the frame's padding (6 pt a side)

_lock = threading.Lock()
_covered: frozenset[int] = frozenset()


def _register_fonts() -> frozenset[int]:
    """Register the fonts once; the code points the main font covers."""
    global _covered
    with _lock:
        if not _covered:
            for folder in DEJAVU_DIRS:
                regular, bold = Path(folder, "DejaVuSans.ttf"), Path(folder, "DejaVuSans-Bold.ttf")
                if regular.is_file() and bold.is_file():
                    break
            else:
                shipped = Path(reportlab.__file__).parent / "fonts"
                regular, bold = shipped / "Vera.ttf", shipped / "VeraBd.ttf"
            pdfmetrics.registerFont(TTFont("PcSans", str(regular)))
            pdfmetrics.registerFont(TTFont("PcSans-Bold", str(bold)))
            pdfmetrics.registerFontFamily("PcSans", normal="PcSans", bold="PcSans-Bold")
            pdfmetrics.registerFont(UnicodeCIDFont(CJK))
            pdfmetrics.registerFont(UnicodeCIDFont(HANGUL))
            face = pdfmetrics.getFont("PcSans").face
            _covered = frozenset(face.charToGlyph)
        return _covered


def _fallback(ch: str) -> str:
    code = ord(ch)
    hangul = 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F
    return HANGUL if hangul else CJK


def _markup(text: str) -> str:
    """Text as ReportLab paragraph markup: escaped, each run in a font that has its glyphs."""
    covered = _register_fonts()
    out: list[str] = []
    run: list[str] = []
    font: str | None = None

    def flush() -> None:
        if run:
            chunk = escape("".join(run))
            out.append(chunk if font is None else f'<font name="{font}">{chunk}</font>')
            run.clear()

    for ch in text:
        if ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0:
            ch = " "
        wanted = None if ord(ch) in covered else _fallback(ch)
        if wanted != font:
            flush()
            font = wanted
        run.append(ch)
    flush()
    return "".join(out)


_BASE = ParagraphStyle("base", fontName="PcSans", fontSize=8.5, leading=11)
_STYLES = {
    "cell": _BASE,
    "bold": ParagraphStyle("bold", parent=_BASE, fontName="PcSans-Bold"),
    "num": ParagraphStyle("num", parent=_BASE, alignment=2),
    "numbold": ParagraphStyle("numbold", parent=_BASE, fontName="PcSans-Bold", alignment=2),
    "muted": ParagraphStyle("muted", parent=_BASE, textColor=MUTED),
    "head": ParagraphStyle("head", parent=_BASE, fontName="PcSans-Bold", textColor=MUTED),
    "numhead": ParagraphStyle("numhead", parent=_BASE, fontName="PcSans-Bold", textColor=MUTED, alignment=2),
    "title": ParagraphStyle("title", parent=_BASE, fontName="PcSans-Bold", fontSize=20, leading=24),
    "h2": ParagraphStyle("h2", parent=_BASE, fontName="PcSans-Bold", fontSize=11.5, leading=15, spaceAfter=4),
    "indent": ParagraphStyle("indent", parent=_BASE, leftIndent=10),
}


def _p(text: str, style: str = "cell") -> Paragraph:
    return Paragraph(_markup(text), _STYLES[style])


def _day(day: date) -> str:
    return day.strftime("%a %d %b %Y")


def _period(sheet: Sheet) -> str:
    if sheet.start == sheet.end:
        return _day(sheet.start)
    return f"{sheet.start.strftime('%d %b %Y')} \u2013 {sheet.end.strftime('%d %b %Y')}"


def _hours(seconds: int) -> str:
    return f"{seconds / 3600:,.2f} h"


def _table(rows: list[list[Any]], widths: list[float], style: list[Any]) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    base = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, MUTED),
    ]
    table.setStyle(TableStyle(base + style))
    return table


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
    what = Paragraph(_markup(_clip(x.description, DESCRIPTION)) + _tags(x.tags), _STYLES["cell"])
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


def _signatures() -> list[Any]:
    """Two lines to sign on: the one who did the work, and the one who approves it."""
    gap = 8 * mm
    col = (WIDTH - gap) / 2
    rows = [
        ["", "", ""],
        [_p("Signature (contractor)", "muted"), "", _p("Approved by (client)", "muted")],
        ["", "", ""],
        [_p("Name and date", "muted"), "", _p("Name and date", "muted")],
    ]
    table = Table(rows, colWidths=[col, gap, col], rowHeights=[14 * mm, None, 12 * mm, None])
    lines = [("LINEABOVE", (c, r), (c, r), 0.8, colors.black) for r in (1, 3) for c in (0, 2)]
    table.setStyle(TableStyle([*lines, ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return [KeepTogether(table)]


def _footer(canvas: Canvas, doc: Any, text: str) -> None:
    canvas.saveState()
    canvas.setFont("PcSans", 7.5)
    canvas.setFillColor(MUTED)
    canvas.drawString(16 * mm, 10 * mm, text)
    canvas.drawRightString(A4[0] - 16 * mm, 10 * mm, f"Page {doc.page}")
    canvas.restoreState()


def render(sheet: Sheet) -> bytes:
    """The timesheet as a PDF document."""
    _register_fonts()
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
