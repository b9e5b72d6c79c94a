"""/api/v1/settings/workspace: the workspace's currency, set by an admin, read by everybody."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.checks import assert_error, snapshot

URL = "/api/v1/settings/workspace"


def test_an_admin_sets_the_currency_and_everybody_reads_it(api, db):
    admin, member = api.user("admin", "root"), api.user("member", "alice")
    assert api.get(URL, headers=api.headers(member)).json() == {
        "workspace": {"currency": "USD", "currency_decimals": 2, "audit_retention_days": None}
    }
    res = api.put(URL, json={"currency": "jpy"}, headers=api.headers(admin))
    assert res.status_code == 200, res.text
    assert res.json() == {
        "workspace": {"currency": "JPY", "currency_decimals": 0, "audit_retention_days": None}
    }
    # Where the web app reads its settings at start, and in every report.
    assert api.get("/api/v1/settings", headers=api.login("alice")).json()["workspace"]["currency"] == "JPY"
    report = api.get("/api/v1/reports/grouped", headers=api.headers(member)).json()["report"]
    assert report["currency"] == "JPY"
    audit = db.call(lambda s: s.execute(text("SELECT action, detail FROM audit_events")).all())
    assert [(a, d) for a, d in audit if a == "workspace.currency"] == [
        ("workspace.currency", '{"from":"USD","to":"JPY"}')
    ]


@pytest.mark.parametrize("code", ["EURO", "XXX", "ABC", "US", "€", "12 "])
def test_a_code_iso_4217_does_not_list_is_refused(api, db, code):
    admin = api.user("admin", "root")
    before = snapshot(db)
    body = assert_error(api.put(URL, json={"currency": code}, headers=api.headers(admin)), 400)
    assert body["code"] in ("invalid_currency", "validation_error")
    assert snapshot(db) == before
    assert api.get(URL, headers=api.headers(admin)).json()["workspace"]["currency"] == "USD"


def test_only_an_admin_may_change_it(api, db):
    api.user("manager", "boss")
    before = snapshot(db)
    assert_error(api.put(URL, json={"currency": "EUR"}, headers=api.login("boss")), 403)
    assert snapshot(db) == before
