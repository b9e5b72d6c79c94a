"""The effective hourly rate: a project's own rate, else its client's default, in every amount.

One rule (punchclock.models.project.effective_hourly_rate) serves the summary, the grouped report
(and its export), the entry export and the budgets; each is checked here on the same week.
"""

from __future__ import annotations

import csv
import io
from types import SimpleNamespace

import pytest

from tests.entry.helpers import entry, project
from tests.report.helpers import client, report

WEEK = "start_date=2026-11-16&end_date=2026-11-22"


@pytest.fixture
def w(api):
    """Acme bills 100 an hour by default; its projects: none of their own, 80, and 0 (pro bono)."""
    manager, alice = api.user("manager"), api.user("member", "alice")
    mh, ah = api.headers(manager), api.headers(alice)
    ns = SimpleNamespace(mh=mh, ah=ah)
    ns.acme = client(api, mh, "Acme", default_hourly_rate=100)
    ns.inherits = project(api, mh, "Inherits", client_id=ns.acme)
    ns.own = project(api, mh, "Own", client_id=ns.acme, hourly_rate=80)
    ns.free = project(api, mh, "Free", client_id=ns.acme, hourly_rate=0)
    ns.bare = project(api, mh, "Bare")  # no client, no rate: no amount
    entry(api, ah, "2026-11-16T09:00:00Z", "2026-11-16T10:30:00Z", project_id=ns.inherits)
    entry(api, ah, "2026-11-16T11:00:00Z", "2026-11-16T11:30:00Z", project_id=ns.inherits, billable=False)
    entry(api, ah, "2026-11-17T09:00:00Z", "2026-11-17T10:00:00Z", project_id=ns.own)
    entry(api, ah, "2026-11-18T09:00:00Z", "2026-11-18T10:00:00Z", project_id=ns.free)
    entry(api, ah, "2026-11-19T09:00:00Z", "2026-11-19T10:00:00Z", project_id=ns.bare)
    return ns


def summary_amounts(api, h):
    res = api.get(f"/api/v1/reports/summary?{WEEK}", headers=h)
    assert res.status_code == 200, res.text
    s = res.json()["summary"]
    return s["billable_amount"], {p["project_name"]: p["billable_amount"] for p in s["by_project"]}


def test_the_summary_bills_a_project_without_a_rate_at_its_clients_default(api, w):
    total, by_project = summary_amounts(api, w.ah)
    assert by_project == {"Inherits": 150.0, "Own": 80.0, "Free": 0.0, "Bare": 0.0}
    assert total == 230.0


def test_the_rate_is_resolved_when_read_not_copied(api, w):
    res = api.patch(f"/api/v1/clients/{w.acme}", json={"default_hourly_rate": 120}, headers=w.mh)
    assert res.status_code == 200, res.text
    assert summary_amounts(api, w.ah)[1]["Inherits"] == 180.0
    res = api.patch(f"/api/v1/projects/{w.inherits}", json={"hourly_rate": 90}, headers=w.mh)
    assert res.status_code == 200, res.text
    assert summary_amounts(api, w.ah)[1]["Inherits"] == 135.0  # its own rate now wins


def test_the_grouped_report_and_its_export(api, w):
    by_project = report(api, w.ah, f"{WEEK}&group_by=project")
    assert {g["label"]: g["amount"] for g in by_project["groups"]} == {
        "Inherits": 150.0, "Own": 80.0, "Free": 0.0, "Bare": 0.0,
    }  # fmt: skip
    by_client = report(api, w.ah, f"{WEEK}&group_by=client&sub_group_by=project")
    acme, none = by_client["groups"]
    assert (acme["label"], acme["amount"], none["amount"]) == ("Acme", 230.0, 0.0)
    assert by_client["totals"]["amount"] == 230.0
    res = api.get(f"/api/v1/exports/report?{WEEK}&group_by=client&format=json", headers=w.ah)
    assert res.status_code == 200, res.text
    assert res.json()["report"][-1]["amount"] == 230.0


def test_the_entry_export_shows_the_effective_rate_and_its_amount(api, w):
    res = api.get(f"/api/v1/exports/time-entries?{WEEK}&format=csv", headers=w.ah)
    assert res.status_code == 200, res.text
    rows = list(csv.DictReader(io.StringIO(res.content.decode("utf-8-sig"))))
    assert [(r["project"], r["billable"], r["hourly_rate"], r["amount"]) for r in rows] == [
        ("Inherits", "True", "100.0", "150.0"),
        ("Inherits", "False", "100.0", ""),
        ("Own", "True", "80.0", "80.0"),
        ("Free", "True", "0.0", "0.0"),
        ("Bare", "True", "", ""),
    ]


def test_budgets_price_the_estimate_at_the_effective_rate(api, w):
    res = api.patch(f"/api/v1/projects/{w.inherits}", json={"estimated_hours": 10}, headers=w.mh)
    assert res.status_code == 200, res.text
    lines = {b["project"]: b for b in api.get("/api/v1/reports/budgets", headers=w.mh).json()["budgets"]}
    line = lines["Inherits"]
    assert (line["hourly_rate"], line["budget_amount"], line["used_amount"]) == (100.0, 1000.0, 150.0)
    assert (lines["Own"]["hourly_rate"], lines["Own"]["used_amount"]) == (80.0, 80.0)
    assert (lines["Bare"]["hourly_rate"], lines["Bare"]["used_amount"]) == (None, None)


def test_the_project_and_client_keep_their_own_fields(api, w):
    """The API shows what was set (as TimeTracker's does); only amounts resolve the rule."""
    got = api.get(f"/api/v1/projects/{w.inherits}", headers=w.ah).json()["project"]
    assert got["hourly_rate"] is None
