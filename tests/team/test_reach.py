"""Whom a manager sees: with teams, their own time and their teams' members'; without, everyone's.

The lead "boss" leads Support (alice); "chief" is a manager who leads no team; bob is in no team.
Every read that shows people's time (lists, single entries, search, reports, exports, users) and
every write for someone else follows it.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import text

from punchclock.team import service as team_service
from tests.checks import assert_error, snapshot
from tests.team.helpers import TEAMS, make_team

V1 = "/api/v1"
ENTRIES = f"{V1}/time-entries"
WEEK = "start_date=2026-11-16&end_date=2026-11-22"
H = 3600


class World:
    def __init__(self, api):
        self.api = api
        roles = {"admin": "admin", "boss": "manager", "chief": "manager", "alice": "member", "bob": "member"}
        self.users = {name: api.user(role, name=name) for name, role in roles.items()}
        self.headers = {name: api.headers(user) for name, user in self.users.items()}
        self.entries = {}
        for day, name in enumerate(("boss", "chief", "alice", "bob"), start=16):
            body = {
                "user_id": self.users[name].id, "start_time": f"2026-11-{day}T09:00:00Z",
                "end_time": f"2026-11-{day}T10:00:00Z", "notes": f"work of {name} #weekly",
            }  # fmt: skip
            res = api.post(ENTRIES, json=body, headers=self.headers["admin"])
            assert res.status_code == 201, res.text
            self.entries[name] = res.json()["time_entry"]["id"]

    def id(self, name):
        return self.users[name].id

    def teams(self):
        """Support, led by boss, with alice."""
        boss, alice = self.users["boss"], self.users["alice"]
        return make_team(self.api, self.headers["admin"], "Support", leads=(boss,), members=(alice,))

    def owners(self, who, url):
        res = self.api.get(url, headers=self.headers[who])
        assert res.status_code == 200, res.text
        return sorted({e["user"] for e in res.json()["time_entries"]})


@pytest.fixture
def w(api):
    return World(api)


def test_seen_users_is_the_one_rule(api, db, w):
    def seen(name):
        user = w.users[name]
        return db.call(team_service.seen_users, user.id, user.role)

    # Without teams: today's rule.
    assert (seen("admin"), seen("boss"), seen("chief"), seen("alice")) == (None, None, None, {w.id("alice")})
    w.teams()
    assert seen("admin") is None
    assert seen("boss") == {w.id("boss"), w.id("alice")}
    assert seen("chief") == {w.id("chief")}  # a manager who leads nothing sees only themselves
    assert seen("alice") == {w.id("alice")}  # being in a team gives a member nothing


def test_without_teams_a_manager_sees_everyone(w):
    assert w.owners("boss", ENTRIES) == ["alice", "bob", "boss", "chief"]
    assert w.api.get(f"{ENTRIES}/{w.entries['bob']}", headers=w.headers["boss"]).status_code == 200


def test_a_lead_lists_and_reads_only_their_teams_entries(w):
    w.teams()
    assert w.owners("boss", ENTRIES) == ["alice", "boss"]
    assert w.owners("boss", f"{ENTRIES}?user_id={w.id('alice')}") == ["alice"]
    assert w.owners("boss", f"{ENTRIES}?search=work") == ["alice", "boss"]
    assert w.owners("chief", ENTRIES) == ["chief"]
    assert w.owners("admin", ENTRIES) == ["alice", "bob", "boss", "chief"]
    assert w.owners("alice", ENTRIES) == ["alice"]
    for url in (f"{ENTRIES}?user_id={w.id('bob')}", f"{ENTRIES}?user_id={w.id('bob')}&search=work"):
        assert_error(w.api.get(url, headers=w.headers["boss"]), 403, "access_denied")
    assert_error(w.api.get(f"{ENTRIES}/{w.entries['bob']}", headers=w.headers["boss"]), 404, "not_found")
    assert w.api.get(f"{ENTRIES}/{w.entries['alice']}", headers=w.headers["boss"]).status_code == 200


def test_a_lead_writes_only_for_their_teams_members(w, db):
    w.teams()
    h, bobs = w.headers["boss"], f"{ENTRIES}/{w.entries['bob']}"
    before = snapshot(db)
    assert_error(w.api.patch(bobs, json={"notes": "mine"}, headers=h), 404, "not_found")
    assert_error(w.api.put(bobs, json={"notes": "mine"}, headers=h), 404, "not_found")
    assert_error(w.api.delete(bobs, headers=h), 404, "not_found")
    body = {"user_id": w.id("bob"), "start_time": "2026-11-20T09:00:00Z", "end_time": "2026-11-20T10:00:00Z"}
    assert_error(w.api.post(ENTRIES, json=body, headers=h), 403, "access_denied")
    cell = {"date": "2026-11-20", "seconds": 3600, "user_id": w.id("bob")}
    assert_error(w.api.put(f"{V1}/timesheet/cells", json=cell, headers=h), 403, "access_denied")
    assert snapshot(db) == before
    res = w.api.post(ENTRIES, json={**body, "user_id": w.id("alice")}, headers=h)
    assert res.status_code == 201, res.text
    res = w.api.patch(f"{ENTRIES}/{w.entries['alice']}", json={"notes": "checked"}, headers=h)
    assert res.status_code == 200, res.text
    assert w.api.delete(f"{ENTRIES}/{w.entries['alice']}", headers=h).status_code == 200


def test_a_lead_lists_and_reads_only_their_teams_users(w):
    w.teams()
    res = w.api.get(f"{V1}/users", headers=w.headers["boss"])
    assert [u["username"] for u in res.json()["users"]] == ["alice", "boss"]
    assert res.json()["pagination"]["total"] == 2
    assert_error(w.api.get(f"{V1}/users/{w.id('bob')}", headers=w.headers["boss"]), 404, "not_found")
    assert w.api.get(f"{V1}/users/{w.id('alice')}", headers=w.headers["boss"]).status_code == 200
    assert len(w.api.get(f"{V1}/users", headers=w.headers["admin"]).json()["users"]) == 5


def test_a_lead_reports_only_on_their_teams_members(w):
    w.teams()
    h = w.headers["boss"]
    res = w.api.get(f"{V1}/reports/grouped?{WEEK}&group_by=user", headers=h)
    assert [(g["label"], g["seconds"]) for g in res.json()["report"]["groups"]] == [("alice", H), ("boss", H)]
    res = w.api.get(f"{V1}/reports/summary?{WEEK}", headers=h)
    assert (res.json()["summary"]["total_seconds"], res.json()["summary"]["user_id"]) == (2 * H, None)
    res = w.api.get(f"{V1}/reports/summary?{WEEK}&user_id={w.id('alice')}", headers=h)
    assert (res.json()["summary"]["total_seconds"], res.json()["summary"]["user_id"]) == (H, w.id("alice"))
    res = w.api.get(f"{V1}/reports/entries?{WEEK}&group_by=user", headers=h)
    assert sorted({e["user"] for e in res.json()["time_entries"]}) == ["alice", "boss"]
    res = w.api.get(f"{V1}/reports/entries?{WEEK}&group_by=user&group={w.id('bob')}", headers=h)
    assert res.json()["time_entries"] == []  # the group of someone out of reach is empty
    res = w.api.get(f"{V1}/reports/timesheet?week=2026-11-18&user_id={w.id('alice')}", headers=h)
    assert res.status_code == 200, res.text
    for url in (
        f"{V1}/reports/grouped?{WEEK}&user_ids={w.id('bob')}",
        f"{V1}/reports/grouped?{WEEK}&user_ids={w.id('alice')},{w.id('bob')}",
        f"{V1}/reports/summary?{WEEK}&user_id={w.id('bob')}",
        f"{V1}/reports/entries?{WEEK}&user_ids={w.id('bob')}",
        f"{V1}/reports/timesheet?week=2026-11-18&user_id={w.id('bob')}",
        f"{V1}/exports/time-entries?user_id={w.id('bob')}",
        f"{V1}/exports/report?{WEEK}&user_ids={w.id('bob')}",
    ):
        assert_error(w.api.get(url, headers=h), 403, "access_denied")
    # Budgets are project aggregates: they stay workspace-wide, as for any manager (README: Teams).
    assert w.api.get(f"{V1}/reports/budgets", headers=h).status_code == 200


def test_a_lead_exports_only_their_teams_time(w):
    w.teams()
    h = w.headers["boss"]
    res = w.api.get(f"{V1}/exports/time-entries?format=csv", headers=h)
    rows = list(csv.DictReader(io.StringIO(res.text)))
    assert sorted(r["user"] for r in rows) == ["alice", "boss"]
    res = w.api.get(f"{V1}/exports/report?{WEEK}&group_by=user&format=json", headers=h)
    assert res.status_code == 200, res.text
    assert "alice" in res.text
    assert "bob" not in res.text
    res = w.api.get(f"{V1}/exports/report?{WEEK}&group_by=project&format=pdf", headers=h)
    assert res.status_code == 200, res.text


def test_team_changes_take_effect_at_once_despite_the_principal_cache(settings, db):
    """A principal is cached (here a minute); any team change drops the cache once it commits."""
    from fastapi.testclient import TestClient

    from punchclock.app import create_app
    from tests.conftest import Api

    cached = settings.model_copy(update={"auth_cache_seconds": 60})
    with TestClient(create_app(cached, database=db), raise_server_exceptions=False) as client:
        w = World(Api(client, db))
        assert w.owners("boss", ENTRIES) == ["alice", "bob", "boss", "chief"]  # cached now
        team_id = w.teams()
        assert w.owners("boss", ENTRIES) == ["alice", "boss"]
        url = f"{TEAMS}/{team_id}/members/{w.id('bob')}"
        assert w.api.put(url, headers=w.headers["admin"]).status_code == 200
        assert w.owners("boss", ENTRIES) == ["alice", "bob", "boss"]
        assert w.api.delete(url, headers=w.headers["admin"]).status_code == 200
        assert w.owners("boss", ENTRIES) == ["alice", "boss"]
        assert w.api.delete(f"{TEAMS}/{team_id}", headers=w.headers["admin"]).status_code == 200
        assert w.owners("boss", ENTRIES) == ["alice", "bob", "boss", "chief"]  # no team left: everyone


def _delivered_about(db, hook_id):
    """Whose new entries the hook's deliveries were about."""
    query = text("SELECT payload FROM webhook_deliveries WHERE webhook_id = :id")
    bodies = [json.loads(p) for (p,) in db.call(lambda s: s.execute(query, {"id": hook_id}).all())]
    return sorted({b["object"]["user"] for b in bodies if b["event"] == "time_entry.created"})


def test_team_webhooks_hear_whom_their_owner_sees(w, db):
    w.teams()
    hooks = {}
    for name, scope in (("boss", "team"), ("chief", "team"), ("admin", "team"), ("alice", "own")):
        body = {"url": "https://hooks.invalid/x", "scope": scope, "events": ["time_entry.created"]}
        res = w.api.post(f"{V1}/webhooks", json=body, headers=w.headers[name])
        assert res.status_code == 201, res.text
        hooks[name] = res.json()["webhook"]["id"]
    for name in ("alice", "bob", "boss", "chief"):
        body = {"user_id": w.id(name), "start_time": "2026-11-21T09:00:00Z", "end_time": "2026-11-21T10:00"}
        assert w.api.post(ENTRIES, json=body, headers=w.headers["admin"]).status_code == 201
    assert _delivered_about(db, hooks["boss"]) == ["alice", "boss"]
    assert _delivered_about(db, hooks["chief"]) == ["chief"]
    assert _delivered_about(db, hooks["admin"]) == ["alice", "bob", "boss", "chief"]
    assert _delivered_about(db, hooks["alice"]) == ["alice"]


def test_a_lead_approves_only_their_teams_periods(w):
    """The approval queue and its decisions follow the lead's reach (404 outside it, as any object)."""
    from tests.approval.helpers import OLD_MONDAY, period_of

    w.teams()
    periods = f"{V1}/timesheet-periods"
    submitted = {}
    for name in ("alice", "bob"):
        period = period_of(w.api, w.headers[name], OLD_MONDAY)
        assert w.api.post(f"{periods}/{period['id']}/submit", headers=w.headers[name]).status_code == 200
        submitted[name] = period["id"]
    queue = w.api.get(f"{V1}/time-entry-approvals", headers=w.headers["boss"]).json()["approvals"]
    assert [a["id"] for a in queue] == [submitted["alice"]]
    listed = w.api.get(f"{periods}?status=submitted", headers=w.headers["boss"]).json()["timesheet_periods"]
    assert [p["user_id"] for p in listed] == [w.id("alice")]
    assert_error(
        w.api.get(f"{periods}?user_id={w.id('bob')}", headers=w.headers["boss"]), 403, "access_denied"
    )
    assert_error(
        w.api.post(f"{periods}/{submitted['bob']}/approve", headers=w.headers["boss"]), 404, "not_found"
    )
    res = w.api.post(
        f"{V1}/timesheet-periods/bulk-approve",
        headers=w.headers["boss"],
        json={"period_ids": list(submitted.values())},
    )
    assert [r["success"] for r in res.json()["results"]] == [True, False]
    admin_queue = w.api.get(f"{V1}/time-entry-approvals", headers=w.headers["admin"]).json()["approvals"]
    assert [a["id"] for a in admin_queue] == [submitted["bob"]]
