"""Exports: entries and reports as CSV/XLSX/JSON (formulas neutralised, streamed), timesheet, budgets,
the account export and the iCalendar feed."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from punchclock.auth.scopes import Principal
from punchclock.export import service
from punchclock.kit.tabular import safe_cell
from punchclock.token import service as token_service
from tests.checks import assert_error
from tests.entry.helpers import ago, entry
from tests.report.helpers import berlin_week

H = 3600


@pytest.fixture
def w(api):
    w = berlin_week(api)
    entry(api, w.ah, "2026-11-19T09:00:00+01:00", "2026-11-19T09:30:00+01:00", notes="=HYPERLINK(1)")
    return w


def rows_of_csv(res) -> list[dict[str, str]]:
    assert res.status_code == 200, res.text
    assert res.headers["content-type"].startswith("text/csv")
    assert res.content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(res.content.decode("utf-8-sig"))))


@pytest.mark.parametrize("value", ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_are_neutralised(value):
    assert safe_cell(value) == "'" + value
    assert safe_cell("plain") == "plain"
    assert safe_cell(-2) == -2


def test_entries_as_csv_xlsx_and_json(api, w):
    url = "/api/v1/exports/time-entries?start_date=2026-11-16&end_date=2026-11-22"
    rows = rows_of_csv(api.get(f"{url}&format=csv", headers=w.ah))
    assert [r["start_time"] for r in rows][:2] == ["2026-11-16T09:00:00+01:00", "2026-11-16T23:00:00+01:00"]
    assert (rows[0]["project"], rows[0]["client"], rows[0]["hours"], rows[0]["amount"]) == (
        "Website", "Acme", "1.5", "120.0",
    )  # fmt: skip
    assert rows[-1]["notes"] == "'=HYPERLINK(1)"
    assert {r["user"] for r in rows} == {"alice"}
    res = api.get(f"{url}&format=xlsx", headers=w.ah)
    assert res.status_code == 200
    assert "attachment" in res.headers["content-disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(res.content), read_only=True).active
    table = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert table[0][:4] == ["id", "key", "user", "start_time"]
    assert table[-1][10] == "'=HYPERLINK(1)"
    assert table[1][5] == 5400
    res = api.get(f"{url}&format=json", headers=w.ah)
    items = res.json()["time_entries"]
    assert [i["duration_seconds"] for i in items] == [5400, 7200, 420, 1800]
    assert items[3]["notes"] == "=HYPERLINK(1)"  # JSON is data, not a spreadsheet


def test_entry_export_pages_through_everything(api, w, db):
    principal = Principal(w.manager.id, "m", "manager", frozenset(), "api")
    plan = db.call(service.plan_entries, principal, None, None, None, None, None, write=False)
    rows = list(service.entry_rows(db, plan, page=2))
    assert len(rows) == 5
    assert len({r[0] for r in rows}) == 5
    assert [r[2] for r in rows].count("bob") == 1


def test_export_access_and_bad_input(api, w):
    url = "/api/v1/exports/time-entries"
    assert_error(api.get(f"{url}?user_id={w.bob.id}", headers=w.ah), 403, "access_denied")
    assert_error(api.get(f"{url}?format=pdf", headers=w.ah), 400)
    assert_error(api.get(f"{url}?start_date=2026-11-20&end_date=2026-11-01", headers=w.ah), 400)
    assert_error(api.get(f"{url}?start_date=9999-12-31", headers=w.ah), 400)
    rows = rows_of_csv(api.get(f"{url}?user_id={w.bob.id}", headers=w.mh))
    assert [r["user"] for r in rows] == ["bob"]


def test_report_export(api, w):
    url = "/api/v1/exports/report?start_date=2026-11-16&end_date=2026-11-22&group_by=project&sub_group_by=day"
    rows = rows_of_csv(api.get(f"{url}&format=csv", headers=w.ah))
    assert [(r["group"], r["sub_group"], r["seconds"]) for r in rows] == [
        ("Website", "", "12600"),
        ("Website", "Mon 16 Nov 2026", "9000"),
        ("Website", "Tue 17 Nov 2026", "3600"),
        ("No project", "", "1800"),
        ("No project", "Thu 19 Nov 2026", "1800"),
        ("Internal", "", "420"),
        ("Internal", "Wed 18 Nov 2026", "420"),
        ("Total", "", "14820"),
    ]
    assert api.get(f"{url}&format=json", headers=w.ah).json()["report"][-1]["amount"] == 280.0
    assert api.get(f"{url}&format=xlsx", headers=w.ah).status_code == 200
    assert_error(api.get(f"{url}&group_by=nope", headers=w.ah), 400)


def test_timesheet_json_and_csv(api, w):
    res = api.get("/api/v1/reports/timesheet?week=2026-11-18", headers=w.ah)
    sheet = res.json()["timesheet"]
    assert sheet["days"][0] == "2026-11-16"
    assert sheet["days"][-1] == "2026-11-22"
    by_project = {r["project"]: r["days"] for r in sheet["rows"]}
    assert by_project["Website"] == [9000, 3600, 0, 0, 0, 0, 0]
    assert by_project["Internal"] == [0, 0, 420, 0, 0, 0, 0]
    assert sheet["totals"]["seconds"] == 14820
    rows = rows_of_csv(api.get("/api/v1/reports/timesheet?week=2026-11-18&format=csv", headers=w.ah))
    assert rows[-1]["project"] == "Total"
    assert rows[-1]["total_hours"] == "4.12"
    assert_error(api.get(f"/api/v1/reports/timesheet?user_id={w.bob.id}", headers=w.ah), 403)
    assert_error(api.get("/api/v1/reports/timesheet?week=nope", headers=w.ah), 400)
    bob = api.get(f"/api/v1/reports/timesheet?week=2026-11-18&user_id={w.bob.id}", headers=w.mh)
    assert bob.json()["timesheet"]["totals"]["seconds"] == 3 * H


def test_budgets(api, w):
    res = api.patch(f"/api/v1/projects/{w.web}", json={"estimated_hours": 10}, headers=w.mh)
    assert res.status_code == 200, res.text
    lines = api.get("/api/v1/reports/budgets", headers=w.mh).json()["budgets"]
    web = next(b for b in lines if b["project_id"] == w.web)
    assert (web["used_hours"], web["remaining_hours"], web["percent_used"]) == (6.5, 3.5, 65.0)
    assert (web["budget_amount"], web["used_amount"], web["over_budget"]) == (800.0, 520.0, False)
    assert_error(api.get("/api/v1/reports/budgets", headers=w.ah), 403, "access_denied")
    assert_error(api.get("/api/v1/reports/budgets?project_ids=a", headers=w.mh), 400)


def test_task_budgets_count_everyones_time_on_each_task(api, w):
    task = api.post(
        "/api/v1/tasks", json={"name": "Launch", "project_id": w.web, "estimated_hours": 2}, headers=w.mh
    ).json()["task"]["id"]
    other = api.post("/api/v1/tasks", json={"name": "Idle", "project_id": w.internal}, headers=w.mh).json()
    entry(api, w.ah, "2026-11-19T09:00:00Z", "2026-11-19T10:00:00Z", project_id=w.web, task_id=task)
    entry(api, w.bh, "2026-11-19T11:00:00Z", "2026-11-19T12:30:00Z", project_id=w.web, task_id=task)
    res = api.get("/api/v1/reports/budgets?include_tasks=true", headers=w.mh)
    assert res.status_code == 200, res.text
    tasks = {t["task_id"]: t for t in res.json()["tasks"]}
    assert (tasks[task]["used_hours"], tasks[task]["percent_used"], tasks[task]["over_budget"]) == (
        2.5,
        125.0,
        True,
    )
    assert tasks[other["task"]["id"]]["used_seconds"] == 0
    assert "tasks" not in api.get("/api/v1/reports/budgets", headers=w.mh).json()
    assert_error(api.get("/api/v1/reports/budgets?include_tasks=true", headers=w.ah), 403, "access_denied")


def test_account_export(api, w):
    doc = api.get("/api/v1/exports/account", headers=w.ah).json()
    assert doc["format"] == "punchclock-account"
    assert doc["user"]["timezone"] == "Europe/Berlin"
    assert [p["name"] for p in doc["projects"]] == ["Website", "Internal"]
    assert doc["clients"][0]["name"] == "Acme"
    assert len(doc["time_entries"]) == 4
    assert all(t.get("prefix") and "token_hash" not in t for t in doc["api_tokens"])
    assert (doc["work_models"], doc["work_adjustments"]) == ([], [])


def test_account_export_holds_working_time(api, w):
    admin = api.headers(api.user("admin"))
    model = {"valid_from": "2026-01-01", "weekday_seconds": [28800] * 5 + [0, 0], "vacation_days": 30}
    assert (
        api.post("/api/v1/work-models", params={"user_id": w.alice.id}, json=model, headers=admin).status_code
        == 201
    )
    adj = {"date": "2026-01-01", "kind": "carry_over", "balance_seconds": 7200, "reason": "From 2025"}
    assert (
        api.post(
            "/api/v1/work-adjustments", params={"user_id": w.alice.id}, json=adj, headers=admin
        ).status_code
        == 201
    )
    doc = api.get("/api/v1/exports/account", headers=w.ah).json()
    assert doc["work_models"] == [{"valid_from": "2026-01-01", "weekday_seconds": model["weekday_seconds"],
                                   "holiday_calendar": None, "vacation_days": 30.0}]  # fmt: skip
    (kept,) = doc["work_adjustments"]
    assert (kept["date"], kept["kind"], kept["balance_seconds"], kept["reason"]) == (
        "2026-01-01",
        "carry_over",
        7200,
        "From 2025",
    )


def test_calendar_feed_needs_a_calendar_only_token(api, w, db):
    entry(api, w.ah, ago(hours=3), ago(hours=2), notes="Standup, daily; planning", tags="team")
    _, raw = db.call(token_service.create, w.alice, "calendar", ["read:calendar"])
    res = api.get(f"/api/v1/calendar/feed.ics?token={raw}")
    assert res.status_code == 200, res.text
    assert res.headers["content-type"].startswith("text/calendar")
    body = res.text
    assert body.startswith("BEGIN:VCALENDAR\r\n")
    assert "SUMMARY:Standup\\, daily\\; planning\r\nDESCRIPTION:" in body
    assert "CATEGORIES:team\r\n" in body
    assert body.endswith("END:VCALENDAR\r\n")
    broad = api.token(w.alice, ["read:calendar", "read:time_entries"])
    assert_error(api.get(f"/api/v1/calendar/feed.ics?token={broad}"), 403, "token_too_broad")
    token_id = db.call(token_service.authenticate, raw).principal.token_id
    db.call(token_service.revoke, None, token_id)
    assert_error(api.get(f"/api/v1/calendar/feed.ics?token={raw}"), 401)


def test_timesheet_refuses_dates_out_of_range(api, w):
    for week in ("0001-01-01", "9999-12-31", "2026-02-30"):
        assert_error(api.get(f"/api/v1/reports/timesheet?week={week}", headers=w.ah), 400)
