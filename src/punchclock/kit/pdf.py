"""Drawing PDF documents with ReportLab (BSD licence, no network): fonts that cover most scripts,
paragraph styles, tables, a footer and signature lines, shared by every printable page.

Notes:
Fonts. ReportLab's own TrueType font (Bitstream Vera) covers Latin scripts only. DejaVu Sans, a
descendant of it that adds Greek, Cyrillic, Hebrew, Arabic and more, is used instead when the
system has it (Debian's fonts-dejavu-core; the Docker image installs it). Both are embedded as
subsets, so the file looks the same everywhere. Text the font has no glyph for is set in one of
the CJK fonts that ReportLab names without embedding (STSong-Light; HYSMyeongJo-Medium for
Hangul), which PDF readers supply from their own font packs; anything else shows as a blank
glyph. Every text a user typed goes through ``markup``: escaped for ReportLab's markup, control
characters dropped, and cut into runs by font, so no description can make rendering fail.
"""

from __future__ import annotations

import threading
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
from reportlab.platypus import KeepTogether, Paragraph, Table, TableStyle

DEJAVU_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts/TTF")
CJK, HANGUL = "STSong-Light", "HYSMyeongJo-Medium"
MUTED_HEX = "#5b6472"
MUTED = colors.HexColor(MUTED_HEX)
RULE = colors.HexColor("#c9ced6")
BAND = colors.HexColor("#eef1f4")
WIDTH = A4[0] - 32 * mm - 12  # the page less its margins and the frame's padding (6 pt a side)

_lock = threading.Lock()
_covered: frozenset[int] = frozenset()


def register_fonts() -> frozenset[int]:
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


def markup(text: str) -> str:
    """Text as ReportLab paragraph markup: escaped, each run in a font that has its glyphs."""
    covered = register_fonts()
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


BASE = ParagraphStyle("base", fontName="PcSans", fontSize=8.5, leading=11)
STYLES = {
    "cell": BASE,
    "bold": ParagraphStyle("bold", parent=BASE, fontName="PcSans-Bold"),
    "num": ParagraphStyle("num", parent=BASE, alignment=2),
    "numbold": ParagraphStyle("numbold", parent=BASE, fontName="PcSans-Bold", alignment=2),
    "muted": ParagraphStyle("muted", parent=BASE, textColor=MUTED),
    "head": ParagraphStyle("head", parent=BASE, fontName="PcSans-Bold", textColor=MUTED),
    "numhead": ParagraphStyle("numhead", parent=BASE, fontName="PcSans-Bold", textColor=MUTED, alignment=2),
    "title": ParagraphStyle("title", parent=BASE, fontName="PcSans-Bold", fontSize=20, leading=24),
    "h2": ParagraphStyle("h2", parent=BASE, fontName="PcSans-Bold", fontSize=11.5, leading=15, spaceAfter=4),
    "indent": ParagraphStyle("indent", parent=BASE, leftIndent=10),
}


def p(text: str, style: str = "cell") -> Paragraph:
    return Paragraph(markup(text), STYLES[style])


def table(rows: list[list[Any]], widths: list[float], style: list[Any]) -> Table:
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


def signatures() -> list[Any]:
    """Two lines to sign on: the one who did the work, and the one who approves it."""
    gap = 8 * mm
    col = (WIDTH - gap) / 2
    rows = [
        ["", "", ""],
        [p("Signature (contractor)", "muted"), "", p("Approved by (client)", "muted")],
        ["", "", ""],
        [p("Name and date", "muted"), "", p("Name and date", "muted")],
    ]
    table = Table(rows, colWidths=[col, gap, col], rowHeights=[14 * mm, None, 12 * mm, None])
    lines = [("LINEABOVE", (c, r), (c, r), 0.8, colors.black) for r in (1, 3) for c in (0, 2)]
    table.setStyle(TableStyle([*lines, ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return [KeepTogether(table)]


def footer(canvas: Canvas, doc: Any, text: str) -> None:
    canvas.saveState()
    canvas.setFont("PcSans", 7.5)
    canvas.setFillColor(MUTED)
    canvas.drawString(16 * mm, 10 * mm, text)
    canvas.drawRightString(A4[0] - 16 * mm, 10 * mm, f"Page {doc.page}")
    canvas.restoreState()
