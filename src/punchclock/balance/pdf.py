"""The working-time month report as PDF: a user's days, totals, carried balance and signature lines;
and a team's month as one table."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from punchclock.kit.pdf import BAND, MUTED, WIDTH, footer, p, register_fonts, signatures, table
from punchclock.kit.timeutil import now_ts


def _h(seconds: int) -> str:
    sign = "\u2212" if seconds < 0 else ""
    minutes = abs(seconds) // 60
    return f"{sign}{minutes // 60}:{minutes % 60:02d}"


def _signed(seconds: int) -> str:
    """A balance: a plus sign for time banked, a minus sign for time owed."""
    return ("+" if seconds > 0 else "") + _h(seconds)


def _blank(seconds: int) -> str:
    return _h(seconds) if seconds else ""


def _facts(rows: list[tuple[str, str]]) -> list[Any]:
    cells = [[p(label, "muted"), p(value)] for label, value in rows]
    facts = Table(cells, colWidths=[32 * mm, WIDTH - 32 * mm], hAlign="LEFT")
    facts.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 1),
                               ("LINEABOVE", (0, 0), (-1, 0), 0.8, MUTED),
                               ("LINEBELOW", (0, -1), (-1, -1), 0.8, MUTED)]))  # fmt: skip
    return [facts, Spacer(1, 6 * mm)]


def _build(title: str, story: list[Any]) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=16 * mm, rightMargin=16 * mm, topMargin=16 * mm, bottomMargin=18 * mm,
        title=title, author="Punchclock", creator="Punchclock",
    )  # fmt: skip
    made = datetime.fromtimestamp(now_ts(), UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = f"{title} · made with Punchclock on {made}"
    doc.build(
        story, onFirstPage=lambda c, d: footer(c, d, text), onLaterPages=lambda c, d: footer(c, d, text)
    )
    return buffer.getvalue()


def _month_label(report: dict[str, Any]) -> str:
    return date.fromisoformat(report["start"]).strftime("%B %Y")


def month(report: dict[str, Any]) -> bytes:
    """One user's month, a row a day."""
    label = _month_label(report)
    t = report["totals"]
    story: list[Any] = [p("Working time", "title"), Spacer(1, 4 * mm)]
    story += _facts([("Person", report["username"]), ("Month", label), ("Time zone", report["timezone"]),
                     ("Carried in", _signed(report["carried_in"]))])  # fmt: skip
    head = ["Day", "Target", "Worked", "Credited", "Breaks", "Note", "Balance"]
    rows: list[list[Any]] = [[p(h, "numhead" if h not in ("Day", "Note") else "head") for h in head]]
    bands = []
    for d in report["days"]:
        day = date.fromisoformat(d["date"])
        notes = [d["holiday"]["name"] if d["holiday"] else "", d["absence"]["type"] if d["absence"] else "",
                 "break too short" if d["violation"] else ""]  # fmt: skip
        figures = [p(_h(d["target"]), "num"), p(_h(d["worked"]), "num"),
                   p(_blank(d["credited"]), "num"), p(_blank(d["breaks"]), "num")]  # fmt: skip
        note = p(", ".join(n for n in notes if n), "muted")
        rows.append(
            [
                p(day.strftime("%a %d")),
                *figures,
                note,
                p(_signed(d["balance"]) if d["counted"] else "", "num"),
            ]
        )
        if day.weekday() >= 5:
            bands.append(("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), BAND))
    sums = [p(_h(t[k]), "numbold") for k in ("target", "worked", "credited")]
    adjusted = p(f"adjusted {_h(t['adjusted'])}" if t["adjusted"] else "", "muted")
    rows.append([p("Month", "bold"), *sums, "", adjusted, p(_signed(t["balance"]), "numbold")])
    widths = [24 * mm, 20 * mm, 20 * mm, 20 * mm, 18 * mm, 0, 22 * mm]
    widths[5] = WIDTH - sum(widths)
    story.append(table(rows, widths, [*bands, ("LINEABOVE", (0, -1), (-1, -1), 0.8, MUTED)]))
    story += [Spacer(1, 6 * mm)]
    story += _facts([
        ("Carried out", _signed(report["carried_out"])), ("Holidays", str(t["holidays"])),
        ("Days absent", str(t["absences"])), ("Break rule missed", str(t["violations"])),
    ])  # fmt: skip
    story += signatures()
    return _build(f"Working time {report['username']} {label}", story)


def team(report: dict[str, Any]) -> bytes:
    """A team's month: a row a person."""
    label = _month_label(report)
    story: list[Any] = [p("Working time", "title"), Spacer(1, 4 * mm), *_facts([("Month", label)])]
    head = ["Person", "Target", "Worked", "Credited", "Adjusted", "Balance", "Carried out"]
    rows: list[list[Any]] = [[p(h, "head" if h == "Person" else "numhead") for h in head]]
    for u in report["users"]:
        keys = ("target", "worked", "credited", "adjusted", "balance", "carried_out")
        rows.append([p(u["username"]), *(p((_signed if k in ("balance", "carried_out") else _h)(u[k]), "num")
                                         for k in keys)])  # fmt: skip
    widths = [0, 22 * mm, 22 * mm, 22 * mm, 22 * mm, 22 * mm, 24 * mm]
    widths[0] = WIDTH - sum(widths)
    story.append(table(rows, widths, []))
    return _build(f"Working time {label}", story)
