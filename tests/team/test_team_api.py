"""/api/v1/teams: admins make teams, add members and name leads; others see the teams they are in."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from tests.audit.helpers import AUDIT, events
from tests.checks import assert_error, snapshot
from tests.team.helpers import TEAMS, make_team


@pytest.fixture
def people(api):
    names = {"admin": "admin", "boss": "manager", "chief": "manager", "alice": "member", "bob": "member"}
    return {name: api.user(role, name=name) for name, role in names.items()}


@pytest.fixture
def ah(api, people):
    return api.headers(people["admin"])


def _members(team):
    return [(m["username"], m["is_lead"]) for m in team["members"]]


def test_create_add_members_name_a_lead_rename_and_delete(api, people, ah):
    res = api.post(TEAMS, json={"name": "  Support  "}, headers=ah)
    assert res.status_code == 201, res.text
    team = res.json()["team"]
    assert (team["name"], team["members"], team["overlap_rule"]) == ("Support", [], None)
    assert set(team) == {"id", "name", "overlap_rule", "members", "created_at", "updated_at"}
    url = f"{TEAMS}/{team['id']}"
    assert api.put(f"{url}/members/{people['alice'].id}", headers=ah).status_code == 200  # no body: a member
    res = api.put(f"{url}/members/{people['boss'].id}", json={"is_lead": True}, headers=ah)
    assert res.status_code == 200, res.text
    assert _members(res.json()["team"]) == [("boss", True), ("alice", False)]
    assert res.json()["team"]["members"][0] == {
        "user_id": people["boss"].id, "username": "boss", "display_name": "boss", "is_lead": True,
    }  # fmt: skip
    # The same PUT again changes nothing; is_lead false steps the lead down.
    assert api.put(f"{url}/members/{people['alice'].id}", json={}, headers=ah).status_code == 200
    res = api.put(f"{url}/members/{people['boss'].id}", json={"is_lead": False}, headers=ah)
    assert _members(res.json()["team"]) == [("alice", False), ("boss", False)]
    res = api.patch(url, json={"name": "Helpdesk"}, headers=ah)
    assert (res.status_code, res.json()["team"]["name"]) == (200, "Helpdesk")
    res = api.delete(f"{url}/members/{people['alice'].id}", headers=ah)
    assert _members(res.json()["team"]) == [("boss", False)]
    assert api.delete(url, headers=ah).json() == {"message": "Team deleted"}
    assert_error(api.get(url, headers=ah), 404, "not_found")
    count = text("SELECT count(*) FROM team_members")
    assert api.db.call(lambda s: s.execute(count).scalar()) == 0
    # Every change is on the audit log, with the admin who made it.
    query = text("SELECT action, actor_id, target_user_id, detail FROM audit_events ORDER BY id")
    rows = api.db.call(lambda s: s.execute(query).all())
    actions = [(a, t) for a, actor, t, _ in rows if a.startswith("team.") and actor == people["admin"].id]
    assert actions == [
        ("team.created", None), ("team.member_added", people["alice"].id),
        ("team.member_added", people["boss"].id), ("team.lead_changed", people["boss"].id),
        ("team.renamed", None), ("team.member_removed", people["alice"].id), ("team.deleted", None),
    ]  # fmt: skip
    renamed = next(json.loads(d) for a, _, _, d in rows if a == "team.renamed")
    assert renamed == {"team_id": team["id"], "name": "Helpdesk", "was": "Support"}


def test_refusals_change_nothing(api, db, people, ah):
    team_id = make_team(api, ah, "Support", members=(people["alice"],))
    make_team(api, ah, "Sales")
    url = f"{TEAMS}/{team_id}"
    before = snapshot(db)
    assert_error(api.post(TEAMS, json={"name": "Sales"}, headers=ah), 409, "team_exists")
    assert_error(api.patch(url, json={"name": "Sales"}, headers=ah), 409, "team_exists")
    assert_error(api.post(TEAMS, json={"name": " "}, headers=ah), 400, "validation_error")
    assert_error(api.post(TEAMS, json={"name": "x" * 101}, headers=ah), 400, "validation_error")
    assert_error(
        api.post(TEAMS, json={"name": "A", "overlap_rule": "sometimes"}, headers=ah), 400, "validation_error"
    )
    assert_error(api.post(TEAMS, json={"name": "A", "lock": True}, headers=ah), 400, "validation_error")
    for bad in ("", "FORBID", 2, True, ["warn"]):
        assert_error(api.patch(url, json={"overlap_rule": bad}, headers=ah), 400, "validation_error")
    lead = api.put(f"{url}/members/{people['bob'].id}", json={"is_lead": True}, headers=ah)
    assert assert_error(lead, 400, "lead_not_manager")["field"] == "is_lead"
    assert_error(api.put(f"{url}/members/{people['bob'].id}", json={"is_lead": 1}, headers=ah), 400)
    assert_error(api.put(f"{url}/members/9999", headers=ah), 404, "not_found")
    assert_error(api.put(f"{TEAMS}/9999/members/{people['bob'].id}", headers=ah), 404, "not_found")
    assert_error(api.delete(f"{url}/members/{people['bob'].id}", headers=ah), 404, "not_found")
    assert_error(api.patch(f"{TEAMS}/9999", json={"name": "X"}, headers=ah), 404, "not_found")
    assert_error(api.delete(f"{TEAMS}/9999", headers=ah), 404, "not_found")
    # Managers hold read:users but not admin:all: they cannot change teams, even their own.
    boss = api.headers(people["boss"])
    assert_error(api.post(TEAMS, json={"name": "Mine"}, headers=boss), 403, "insufficient_scope")
    assert_error(api.patch(url, json={"overlap_rule": "allow"}, headers=boss), 403, "insufficient_scope")
    alice = api.headers(people["alice"])
    assert_error(api.patch(url, json={"overlap_rule": "allow"}, headers=alice), 403, "insufficient_scope")
    assert_error(api.patch(url, json={"overlap_rule": "allow"}), 401)
    assert_error(api.put(f"{url}/members/{people['bob'].id}", headers=boss), 403, "insufficient_scope")
    assert snapshot(db) == before


def test_renaming_to_its_own_name_or_sending_nothing_is_fine(api, ah):
    team_id = make_team(api, ah, "Support")
    assert api.patch(f"{TEAMS}/{team_id}", json={"name": "Support"}, headers=ah).status_code == 200
    assert api.patch(f"{TEAMS}/{team_id}", json={}, headers=ah).json()["team"]["name"] == "Support"


def test_who_sees_which_teams(api, people, ah):
    """Admins see every team; a lead the teams they are in with every member; a member the teams
    they are in with its leads and themselves only (members see only themselves elsewhere too)."""
    support = make_team(api, ah, "Support", leads=(people["boss"],), members=(people["alice"], people["bob"]))
    make_team(api, ah, "Sales", leads=(people["chief"],), members=(people["bob"],))
    make_team(api, ah, "Empty")

    def listed(name):
        res = api.get(TEAMS, headers=api.headers(people[name]))
        assert res.status_code == 200, res.text
        return {t["name"]: [m["username"] for m in t["members"]] for t in res.json()["teams"]}

    assert listed("admin") == {"Empty": [], "Sales": ["chief", "bob"], "Support": ["boss", "alice", "bob"]}
    assert listed("boss") == {"Support": ["boss", "alice", "bob"]}
    assert listed("alice") == {"Support": ["boss", "alice"]}
    assert listed("bob") == {"Sales": ["chief", "bob"], "Support": ["boss", "bob"]}
    res = api.get(f"{TEAMS}?per_page=1", headers=ah)
    assert (res.json()["pagination"]["total"], len(res.json()["teams"])) == (3, 1)
    assert api.get(f"{TEAMS}/{support}", headers=api.headers(people["alice"])).status_code == 200
    assert_error(api.get(f"{TEAMS}/{support}", headers=api.headers(people["chief"])), 404, "not_found")


def test_a_team_goes_when_its_users_do(api, people, ah):
    """A membership goes with its user (the foreign key cascades; users are only disabled by the API)."""
    team_id = make_team(api, ah, "Support", members=(people["alice"], people["bob"]))
    api.db.call(lambda s: s.execute(text("DELETE FROM users WHERE id = :id"), {"id": people["alice"].id}))
    assert _members(api.get(f"{TEAMS}/{team_id}", headers=ah).json()["team"]) == [("bob", False)]


def test_a_teams_overlap_rule_is_set_read_and_audited(api, people, ah):
    res = api.post(TEAMS, json={"name": "Support", "overlap_rule": "warn"}, headers=ah)
    assert (res.status_code, res.json()["team"]["overlap_rule"]) == (201, "warn")
    url = f"{TEAMS}/{res.json()['team']['id']}"
    api.put(f"{url}/members/{people['alice'].id}", headers=ah)
    # Read by admins and by the team's members alike.
    assert api.get(url, headers=api.headers(people["alice"])).json()["team"]["overlap_rule"] == "warn"
    assert api.get(TEAMS, headers=ah).json()["teams"][0]["overlap_rule"] == "warn"
    res = api.patch(url, json={"overlap_rule": "forbid"}, headers=ah)
    assert (res.json()["message"], res.json()["team"]["overlap_rule"]) == ("Team updated", "forbid")
    # A rename leaves the rule alone; the same rule again is no change; null: the workspace's.
    assert api.patch(url, json={"name": "Help"}, headers=ah).json()["team"]["overlap_rule"] == "forbid"
    assert api.patch(url, json={"overlap_rule": "forbid"}, headers=ah).status_code == 200
    assert api.patch(url, json={"overlap_rule": None}, headers=ah).json()["team"]["overlap_rule"] is None
    assert api.get(url, headers=ah).json()["team"]["overlap_rule"] is None
    changes = [(e["detail"]["from"], e["detail"]["to"]) for e in events(api.db, "team.overlap_rule")]
    assert changes == [("warn", "forbid"), ("forbid", None)]
    assert events(api.db, "team.created")[0]["detail"]["overlap_rule"] == "warn"
    shown = api.get(f"{AUDIT}?action=team.", headers=ah).json()["events"]
    summaries = [e["summary"] for e in shown if e["action"] in ("team.created", "team.overlap_rule")]
    assert summaries == [
        "admin set the team 'Help' to follow the workspace's rule on overlapping entries (before: forbid)",
        "admin set the team 'Support' to forbid overlapping entries (before: warn)",
        "admin created the team 'Support', set to warn about overlapping entries",
    ]
