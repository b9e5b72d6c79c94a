"""Shared builders for the report, timesheet and export tests."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from tests.entry.helpers import entry, project

GROUPED = "/api/v1/reports/grouped"


def client(api: Any, h: dict[str, str], name: str, **fields: Any) -> int:
    res = api.post("/api/v1/clients", json={"name": name, **fields}, headers=h)
    assert res.status_code == 201, res.text
    return res.json()["client"]["id"]


def berlin_week(api: Any) -> SimpleNamespace:
    """Alice in Berlin with a week of entries: one crosses midnight, one is short, one unbilled."""
    manager, alice, bob = api.user("manager"), api.user("member", "alice"), api.user("member", "bob")
    mh = api.headers(manager)
    res = api.patch("/api/v1/users/me", json={"timezone": "Europe/Berlin"}, headers=api.login(alice.username))
    assert res.status_code == 200, res.text
    w = SimpleNamespace(manager=manager, alice=alice, bob=bob, mh=mh)
    w.ah, w.bh = api.headers(alice), api.headers(bob)
    w.acme = client(api, mh, "Acme")
    w.web = project(api, mh, "Website", hourly_rate=80, client_id=w.acme)
    w.internal = project(api, mh, "Internal", billable=False)
    entry(api, w.ah, "2026-11-16T09:00:00+01:00", "2026-11-16T10:30:00+01:00", project_id=w.web, tags="dev")
    entry(
        api, w.ah, "2026-11-16T23:00:00+01:00", "2026-11-17T01:00:00+01:00", project_id=w.web, tags="dev,ops"
    )
    entry(api, w.ah, "2026-11-18T10:00:00+01:00", "2026-11-18T10:07:00+01:00", project_id=w.internal)
    entry(api, w.bh, "2026-11-17T09:00:00Z", "2026-11-17T12:00:00Z", project_id=w.web)
    return w


def report(api: Any, h: dict[str, str], query: str) -> dict[str, Any]:
    res = api.get(f"{GROUPED}?{query}", headers=h)
    assert res.status_code == 200, res.text
    assert set(res.json()) == {"report"}
    return res.json()["report"]


def brief(groups: list[dict[str, Any]]) -> list[tuple[str, int]]:
    return [(g["key"], g["seconds"]) for g in groups]
