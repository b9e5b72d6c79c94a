"""GET /exports/report?format=pdf: the printable timesheet, read back with pdfium; and the report's
CSV and XLSX, whose figures are the API's."""

from __future__ import annotations

import io
import re
from typing import Any

import openpyxl
import pytest

from punchclock.export import pdf, sheet
from tests.checks import assert_error
from tests.entry.helpers import entry
from tests.export.test_exports import rows_of_csv
from tests.report.helpers import berlin_week, report

pdfium = pytest.importorskip("pypdfium2")

URL = "/api/v1/exports/report"
WEEK = "start_date=2026-11-16&end_date=2026-11-22"
RUSSIAN = "Встреча с клиентом"  # noqa: RUF001 (Cyrillic on purpose)


def pdf_text(content: bytes) -> str:
    """Every page's text, in reading order, with runs of white space made one space."""
    document = pdfium.PdfDocument(content)
    try:
        pages = [document[n].get_textpage().get_text_range() for n in range(len(document))]
    finally:
        document.close()
    return re.sub(r"\s+", " ", " ".join(pages))


@pytest.fixture
def w(api):
    w = berlin_week(api)
    res = api.put(
        "/api/v1/settings/workspace", json={"currency": "EUR"}, headers=api.headers(api.user("admin"))
    )
    assert res.status_code == 200, res.text
    notes = f"{RUSSIAN} 会议 회의 🙂 <b>&amp; \u0007"
    entry(
        api,
        w.ah,
        "2026-11-20T09:00:00+01:00",
        "2026-11-20T10:00:00+01:00",
        project_id=w.web,
        notes=notes,
        tags="ops",
    )
    return w


def test_the_timesheet_holds_the_period_client_days_totals_and_signature_lines(api, w):
    query = f"{WEEK}&group_by=project&client_ids={w.acme}"
    res = api.get(f"{URL}?{query}&format=pdf", headers=w.ah)
    assert res.status_code == 200, res.text
    assert res.headers["content-type"] == "application/pdf"
    assert 'filename="timesheet-2026-11-16-2026-11-22.pdf"' in res.headers["content-disposition"]
    text = pdf_text(res.content)
    figures = report(api, w.ah, query)
    total = figures["totals"]
    assert total["seconds"] == 4.5 * 3600
    for expected in (
        "Timesheet",
        "Period 16 Nov 2026 \u2013 22 Nov 2026",
        "Client Acme",
        "Person alice",
        "Time zone Europe/Berlin",
        # The summary: as the Reports page shows it.
        "Website 04:30:00 04:30:00 EUR 360.00",
        # Day bands with their totals, then the day's entries (the night one counts on Monday:
        # without rounding or periods an entry is not cut at midnight).
        "Mon 16 Nov 2026 03:30:00",
        "Fri 20 Nov 2026 01:00:00",
        "Total time 04:30:00 (4.50 h)",
        "Amount EUR 360.00",
        "Signature (contractor)",
        "Approved by (client)",
    ):
        assert expected in text, (expected, text)
    # Any script a description is typed in is kept (set in a font that has it, or a fallback).
    assert f"{RUSSIAN} 会议 회의" in text
    assert "<b>&amp; #ops" in text


def test_rounded_days_and_a_team_sheet(api, w):
    query = f"{WEEK}&group_by=user&sub_group_by=project&rounding=up&rounding_minutes=15"
    figures = report(api, w.mh, query)
    text = pdf_text(api.get(f"{URL}?{query}&format=pdf", headers=w.mh).content)
    assert "Person alice, bob" in text  # whose entries these are
    assert "Rounding each day's time rounded up to 15 min" in text
    # Rounded per day as the report counts it, in the reader's (the manager's: UTC) days.
    assert "Wed 18 Nov 2026 00:15:00 alice Internal 00:15:00" in text
    hours = f"{figures['totals']['seconds'] / 3600:.2f} h"
    assert f"({hours})" in text
    assert "User \u203a Project" in text
    assert "bob Website" in text  # a team sheet names whose each entry is


def test_the_pdf_has_the_csvs_and_the_xlsxs_figures(api, w):
    query = f"{WEEK}&group_by=project&sub_group_by=day&billable=true"
    figures = report(api, w.ah, query)
    rows = rows_of_csv(api.get(f"{URL}?{query}&format=csv", headers=w.ah))
    assert rows[-1]["group"] == "Total"
    assert (float(rows[-1]["amount"]), int(rows[-1]["seconds"]), rows[-1]["currency"]) == (
        figures["totals"]["amount"], figures["totals"]["seconds"], "EUR",
    )  # fmt: skip
    book = openpyxl.load_workbook(io.BytesIO(api.get(f"{URL}?{query}&format=xlsx", headers=w.ah).content))
    table = [list(r) for r in book.active.iter_rows(values_only=True)]
    assert table[-1][8] == figures["totals"]["amount"]
    assert [r[0] for r in table[1:]] == [r["group"] for r in rows]
    text = pdf_text(api.get(f"{URL}?{query}&format=pdf", headers=w.ah).content)
    assert "Entries billable only" in text
    assert f"Amount EUR {figures['totals']['amount']:,.2f}" in text


def test_an_empty_period_and_too_many_entries(api, w, monkeypatch):
    text = pdf_text(
        api.get(f"{URL}?start_date=2025-01-06&end_date=2025-01-06&format=pdf", headers=w.ah).content
    )
    assert "Mon 06 Jan 2025" in text
    assert "No time tracked in this period." in text
    monkeypatch.setattr(sheet, "MAX_ENTRIES", 2)
    body = assert_error(api.get(f"{URL}?{WEEK}&format=pdf", headers=w.ah), 400, "too_many_entries")
    assert "at most 2" in body["message"]
    assert_error(api.get(f"{URL}?{WEEK}&format=doc", headers=w.ah), 400)


def test_any_text_renders(monkeypatch):
    """Control characters, markup, every script and characters beyond the BMP: never an error."""
    chars = "".join(chr(c) for c in range(1, 0x3000, 7)) + "🙂𝄞\U0010fffd"
    made = sheet.Sheet(
        start=sheet.date(2026, 1, 1),
        end=sheet.date(2026, 1, 1),
        report=_empty_report(),
        facts=[("Client", chars)],
        days=[(sheet.date(2026, 1, 1), [sheet.Line(chars, chars, chars, chars * 3, [chars], 61)])],
        team=True,
    )
    assert pdf_text(pdf.render(made)).startswith("Timesheet")


def _empty_report() -> dict[str, Any]:
    zero = {
        "seconds": 0,
        "billable_seconds": 0,
        "amount": 0.0,
        "entries": 0,
        "hours": 0.0,
        "billable_hours": 0,
    }
    return {
        "timezone": "UTC", "currency": "JPY", "group_by": "tag", "sub_group_by": None,
        "totals": zero, "groups": [{"key": "x", "label": "<x>", **zero, "groups": []}],
    }  # fmt: skip
