"""/api/v1/worktime/report and /report/team: the month, carried in and out, as JSON, CSV, XLSX, PDF."""

from __future__ import annotations

import csv
import io

import openpyxl

from tests.audit.helpers import events
from tests.balance.test_balance_api import H, w  # noqa: F401  (the fixture)
from tests.checks import assert_error
from tests.entry.helpers import entry
from tests.export.test_report_pdf import pdf_text

REPORT = "/api/v1/worktime/report"


def rows_of_csv(res) -> list[list[str]]:
    assert res.status_code == 200, res.text
    assert res.headers["content-type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(res.content.decode("utf-8-sig"))))


def _june(api, w):  # noqa: F811
    alh = w["alh"]
    entry(api, alh, "2026-05-29T09:00:00+02:00", "2026-05-29T17:00:00+02:00")  # before the model: no balance
    entry(api, alh, "2026-06-01T08:00:00+02:00", "2026-06-01T18:00:00+02:00")  # +2 h
    entry(api, alh, "2026-07-01T08:00:00+02:00", "2026-07-01T17:00:00+02:00")  # +1 h in July
    adj = {"date": "2026-07-02", "kind": "payout", "balance_seconds": -3 * H, "reason": "Paid out"}
    res = api.post("/api/v1/work-adjustments", params={"user_id": w["alice"].id}, json=adj, headers=w["ah"])
    assert res.status_code == 201, res.text


def test_a_month_carries_in_what_the_months_before_left(api, w):  # noqa: F811
    _june(api, w)
    res = api.get(REPORT, params={"month": "2026-06"}, headers=w["alh"])
    assert res.status_code == 200, res.text
    june = res.json()
    assert (june["month"], june["start"], june["end"], june["carried_in"]) == (
        "2026-06",
        "2026-06-01",
        "2026-06-30",
        0,
    )
    assert len(june["days"]) == 30
    # June's target: 20 weekdays, Fridays 6 h until the 15th, Corpus Christi off.
    assert june["totals"]["target"] == june["totals"]["planned"]
    assert june["totals"]["worked"] == 10 * H
    assert june["totals"]["holidays"] == 1
    assert june["carried_out"] == june["totals"]["balance"] == 10 * H - june["totals"]["target"]
    july = api.get(REPORT, params={"month": "2026-07"}, headers=w["alh"]).json()
    assert july["carried_in"] == june["carried_out"]
    assert july["totals"]["adjusted"] == -3 * H
    first = july["days"][0]
    assert (first["worked"], first["balance"]) == (9 * H, H)


def test_the_month_downloads_as_csv_xlsx_and_pdf_and_a_managers_download_is_audited(api, w):  # noqa: F811
    _june(api, w)
    params = {"month": "2026-06", "user_id": w["alice"].id}
    data = api.get(REPORT, params=params, headers=w["ah"]).json()
    res = api.get(REPORT, params={**params, "format": "csv"}, headers=w["ah"])
    assert res.status_code == 200, res.text
    assert res.headers["content-disposition"] == 'attachment; filename="worktime-alice-2026-06.csv"'
    rows = rows_of_csv(res)
    assert rows[0][:4] == ["date", "weekday", "target_hours", "worked_hours"]
    assert rows[1][:4] == ["2026-06-01", "Mon", "8.0", "10.0"]
    total = next(r for r in rows if r[0] == "Total")
    assert float(total[-1]) == round(data["totals"]["balance"] / H, 2)
    assert next(r for r in rows if r[0] == "Carried out")[-1] == total[-1]
    book = openpyxl.load_workbook(
        io.BytesIO(api.get(REPORT, params={**params, "format": "xlsx"}, headers=w["ah"]).content)
    )
    sheet = list(book.active.iter_rows(values_only=True))
    assert sheet[4][7] == "Corpus Christi"
    res = api.get(REPORT, params={**params, "format": "pdf"}, headers=w["ah"])
    assert res.headers["content-type"] == "application/pdf"
    text = pdf_text(res.content)
    for expected in ("Working time", "alice", "June 2026", "Corpus Christi", "Carried out", "Thu 04"):
        assert expected in text, expected
    audit = events(api.db, action="export.others")
    assert len(audit) == 3  # csv, xlsx and pdf of alice by root; JSON is reading, not a download


def test_the_team_month_has_a_row_each(api, w):  # noqa: F811
    _june(api, w)
    res = api.get(f"{REPORT}/team", params={"month": "2026-06"}, headers=w["ah"])
    assert res.status_code == 200, res.text
    users = {u["username"]: u for u in res.json()["users"]}
    assert set(users) == {"root", "boss", "alice", "bob"}
    assert users["alice"]["worked"] == 10 * H
    assert users["root"]["target"] == 0  # no model: no target
    own = api.get(f"{REPORT}/team", params={"month": "2026-06"}, headers=w["alh"]).json()
    assert [u["username"] for u in own["users"]] == ["alice"]
    pdf = api.get(f"{REPORT}/team", params={"month": "2026-06", "format": "pdf"}, headers=w["ah"])
    assert "bob" in pdf_text(pdf.content)
    table = rows_of_csv(
        api.get(f"{REPORT}/team", params={"month": "2026-06", "format": "csv"}, headers=w["ah"])
    )
    assert table[0][0] == "user"
    assert len(table) == 5


def test_bad_months_and_strangers(api, w):  # noqa: F811
    for month in ("2026-13", "26-01", "1900-01"):
        assert_error(api.get(REPORT, params={"month": month}, headers=w["alh"]), 400)
    assert_error(api.get(REPORT, params={"user_id": w["bob"].id}, headers=w["alh"]), 404)
    assert_error(api.get(REPORT, params={"format": "doc"}, headers=w["alh"]), 400)
