"""An absence as a printable page (TimeTracker's mobile app shares it as "Share PDF"): who, what, which
days and hours, its state and decision, and lines to sign."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer, Table, TableStyle

from punchclock.kit.pdf import RULE, WIDTH, footer, p, register_fonts, table


def _day(text: str, half: bool) -> str:
    return f"{text} (half day)" if half else text


def _rows(a: dict[str, Any], hours: float, names: dict[int, str]) -> list[list[Any]]:
    decided = names.get(a["decided_by"]) if a["decided_by"] else None
    rows = [
        ("Person", a["username"] or str(a["user_id"])),
        ("Type", a["type_name"]),
        ("From", _day(a["start_date"], a["start_half"])),
        ("To", _day(a["end_date"], a["end_half"])),
        ("Days", f"{a['days']:g}"),
        ("Target hours covered", f"{hours:.2f}"),
        ("Status", a["status"]),
        ("Comment", a["comment"] or ""),
        ("Submitted", a["submitted_at"] or ""),
        ("Decided by", f"{decided} on {a['decided_at']}" if decided else ""),
        ("Decision comment", a["review_comment"] or ""),
    ]
    return [[p(label, "head"), p(value)] for label, value in rows]


def _signatures() -> list[Any]:
    gap = 8 * mm
    col = (WIDTH - gap) / 2
    rows = [["", "", ""], [p("Signature (employee)", "muted"), "", p("Approved by", "muted")]]
    lines = Table(rows, colWidths=[col, gap, col], rowHeights=[16 * mm, None])
    lines.setStyle(TableStyle([*(("LINEABOVE", (c, 1), (c, 1), 0.8, colors.black) for c in (0, 2)),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0)]))  # fmt: skip
    return [KeepTogether(lines)]


def render(absence: dict[str, Any], hours: float, names: dict[int, str]) -> bytes:
    """``absence`` as absence.service shows it; ``hours`` the target hours it covers; ``names`` user
    names by id (the decider's)."""
    register_fonts()
    buffer = io.BytesIO()
    title = f"Time-off request {absence['id']}"
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=16 * mm, rightMargin=16 * mm, topMargin=16 * mm, bottomMargin=18 * mm,
        title=title, author="Punchclock", creator="Punchclock",
    )  # fmt: skip
    made = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = f"{title} · made with Punchclock on {made}"
    grid = table(
        _rows(absence, hours, names), [50 * mm, WIDTH - 50 * mm], [("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE)]
    )
    story = [p(title, "title"), Spacer(1, 6 * mm), grid, Spacer(1, 16 * mm), *_signatures()]
    doc.build(
        story, onFirstPage=lambda c, d: footer(c, d, text), onLaterPages=lambda c, d: footer(c, d, text)
    )
    return buffer.getvalue()
