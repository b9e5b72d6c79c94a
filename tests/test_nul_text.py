"""NUL in any text is refused alike on SQLite and PostgreSQL (whose text cannot hold it): 400 for the
REST API, a failed item for the sync API, a rejected row for imports; never 500, nothing stored."""

from __future__ import annotations

import pytest

from tests.checks import assert_error, snapshot
from tests.sync.helpers import T0, tt_user

BODIES = [
    ("post", "/api/v1/projects", {"name": "P\x00"}),
    ("post", "/api/v1/clients", {"name": "C", "address": "\x00"}),
    ("post", "/api/v1/time-entries", {"start_time": "2024-01-01T10:00:00", "notes": "a\x00b"}),
    ("post", "/api/v1/time-entries", {"start_time": "2024-01-01T10:00:00", "tags": ["a\x00"]}),
    ("post", "/api/v1/timer/start", {"notes": "\x00"}),
    ("post", "/api/v1/tokens", {"name": "t", "scopes": ["read:projects\x00"]}),
    ("post", "/api/v1/webhooks", {"url": "https://example.com/\x00"}),
    ("put", "/api/v1/settings", {"settings": {"pc_theme": {"a": ["\x00"]}}}),
    ("post", "/api/v1/auth/session", {"username": "admin\x00", "password": "password123"}),
]


@pytest.mark.parametrize(("method", "url", "body"), BODIES)
def test_nul_in_a_json_body_is_400_and_changes_nothing(api, db, method, url, body):
    h = api.headers(api.user("admin"))
    before = snapshot(db)
    res = getattr(api, method)(url, json=body, headers=h)
    assert_error(res, 400, "validation_error")
    assert "NUL" in res.json()["message"]
    assert snapshot(db) == before


def test_sync_refuses_nul_in_records_and_settings_item_by_item(api):
    _, tt = tt_user(api)
    res = tt.put("records", [{"key": "nulrec01", "t1": T0, "t2": T0 + 60, "ds": "a\x00b", "mt": T0}])
    assert res.status_code == 200, res.text
    assert res.json()["failed"] == ["nulrec01"]
    pushed = [
        {"key": "nulset01", "value": "a\x00b", "mt": T0},
        {"key": "nulset02", "value": {"k\x00": 1}, "mt": T0},
        {"key": "okset", "value": "fine", "mt": T0},
    ]
    res = tt.put("settings", pushed)
    assert res.status_code == 200, res.text
    assert res.json()["failed"] == ["nulset01", "nulset02"]
    assert res.json()["accepted"] == ["okset"]
    assert [s["key"] for s in tt.get("settings").json()["settings"]] == ["okset"]


def test_an_import_rejects_a_row_whose_key_holds_nul(api):
    h = api.headers(api.user("admin"))
    doc = (
        '{"format": "punchclock-account", "version": 1, "time_entries": ['
        '{"key": "pc\\u0000x", "start_time": "2026-11-16T09:00:00Z", "end_time": "2026-11-16T10:00:00Z"},'
        '{"key": "pcok", "start_time": "2026-11-17T09:00:00Z", "end_time": "2026-11-17T10:00:00Z",'
        ' "notes": "a\\u0000b"}]}'
    )
    res = api.post("/api/v1/imports?format=punchclock", content=doc.encode(), headers=h)
    assert res.status_code == 200, res.text
    out = res.json()["import"]
    assert out["imported"] == 1
    assert [r["line"] for r in out["rejected"]] == [1]
    entries = api.get("/api/v1/time-entries", headers=h).json()["time_entries"]
    assert [e["notes"] for e in entries] == ["ab"]
