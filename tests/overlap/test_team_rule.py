"""The overlap rule per team: a person's rule is the strictest their teams set, else the workspace's;
every change that can move it (a team's rule, members joining and leaving, a team deleted, the
workspace's rule) moves it at once, and the write gate reads it as before."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from punchclock.overlap import service as overlap
from tests.approval.helpers import OLD_MONDAY, at, entry
from tests.conftest import Api
from tests.team.helpers import TEAMS, make_team

ENTRIES = "/api/v1/time-entries"
DAY = OLD_MONDAY


def workspace(api: Api, h: dict[str, str], value: str) -> None:
    res = api.put("/api/v1/signoff", headers=h, json={"overlap_rule": value})
    assert res.status_code == 200, res.text


def team_rule(api: Api, h: dict[str, str], team_id: int, value: str | None) -> None:
    res = api.patch(f"{TEAMS}/{team_id}", headers=h, json={"overlap_rule": value})
    assert res.status_code == 200, res.text
    assert res.json()["team"]["overlap_rule"] == value


def clash(api: Api, h: dict[str, str]) -> int:
    """Save 10:00-12:00 over the person's 09:00-11:00 (made here first, once): the status, and the
    second entry deleted again when it was saved, so the next call meets the same one entry."""
    if not api.get(ENTRIES, headers=h).json()["time_entries"]:
        entry(api, h, DAY, 9, 11)
    res = api.post(ENTRIES, headers=h, json={"start_time": at(DAY, 10), "end_time": at(DAY, 12)})
    if res.status_code == 201:
        assert api.delete(f"{ENTRIES}/{res.json()['time_entry']['id']}", headers=h).status_code in (200, 204)
    return int(res.status_code)


def stored(api: Api, *users: Any) -> list[str]:
    """The rule each user's sync row holds (what the write gate reads)."""
    ids = [u.id for u in users]
    query = text("SELECT user_id, overlap_rule FROM sync_state")
    rows = dict(api.db.call(lambda s: s.execute(query).all()))
    return [overlap.RULES[rows[uid]] for uid in ids]


def test_a_team_that_forbids_refuses_its_members_overlaps_only(api: Api) -> None:
    admin, alice, bob = api.user("admin"), api.user(name="alice"), api.user(name="bob")
    ah, al, bh = api.headers(admin), api.headers(alice), api.headers(bob)
    team = make_team(api, ah, "Support", members=(alice,))
    assert clash(api, al) == 201  # a team without a rule of its own: the workspace's (allow)
    team_rule(api, ah, team, "forbid")
    first = api.get(ENTRIES, headers=al).json()["time_entries"][0]
    res = api.post(ENTRIES, headers=al, json={"start_time": at(DAY, 10), "end_time": at(DAY, 12)})
    assert res.status_code == 409, res.text
    assert (res.json()["code"], res.json()["conflict"]["id"]) == ("overlap", first["id"])
    assert clash(api, bh) == 201  # outside the team: the workspace still allows
    assert stored(api, alice, bob, admin) == ["forbid", "allow", "allow"]
    # Back to the workspace's rule.
    team_rule(api, ah, team, None)
    assert clash(api, al) == 201
    assert stored(api, alice) == ["allow"]


def test_the_strictest_of_a_persons_teams_wins(api: Api) -> None:
    admin, alice, bob = api.user("admin"), api.user(name="alice"), api.user(name="bob")
    ah = api.headers(admin)
    warns = make_team(api, ah, "Warns", members=(alice, bob))
    team_rule(api, ah, warns, "warn")
    forbids = make_team(api, ah, "Forbids")
    team_rule(api, ah, forbids, "forbid")
    allows = make_team(api, ah, "Allows", members=(alice,))
    team_rule(api, ah, allows, "allow")
    assert stored(api, alice, bob) == ["warn", "warn"]
    # Joining a stricter team makes the rule stricter; a laxer one never makes it laxer.
    assert api.put(f"{TEAMS}/{forbids}/members/{alice.id}", headers=ah).status_code == 200
    assert stored(api, alice, bob) == ["forbid", "warn"]
    assert clash(api, api.headers(alice)) == 409
    first = entry(api, api.headers(bob), DAY, 9, 11)
    res = api.post(
        ENTRIES, headers=api.headers(bob), json={"start_time": at(DAY, 10), "end_time": at(DAY, 12)}
    )
    assert (res.status_code, res.json()["time_entry"]["overlaps"]) == (201, [first["id"]])
    # A team that sets no rule (Plain) counts for nothing, even under a stricter workspace.
    plain = make_team(api, ah, "Plain", members=(bob,))
    workspace(api, ah, "forbid")
    assert stored(api, alice, bob, admin) == ["forbid", "warn", "forbid"]
    assert api.delete(f"{TEAMS}/{warns}/members/{bob.id}", headers=ah).status_code == 200
    assert stored(api, bob) == ["forbid"]  # Plain has no rule: the workspace's
    assert api.delete(f"{TEAMS}/{plain}", headers=ah).status_code == 200
    assert stored(api, bob) == ["forbid"]


def test_leaving_the_team_brings_the_workspace_rule_back(api: Api) -> None:
    admin, alice = api.user("admin"), api.user(name="alice")
    ah, al = api.headers(admin), api.headers(alice)
    team = make_team(api, ah, "Support", members=(alice,))
    team_rule(api, ah, team, "forbid")
    assert clash(api, al) == 409
    assert api.delete(f"{TEAMS}/{team}/members/{alice.id}", headers=ah).status_code == 200
    assert clash(api, al) == 201
    # And joining again takes the team's rule again.
    assert api.put(f"{TEAMS}/{team}/members/{alice.id}", headers=ah).status_code == 200
    assert clash(api, al) == 409


def test_the_workspace_rule_does_not_override_a_teams_rule(api: Api) -> None:
    admin, alice, bob = api.user("admin"), api.user(name="alice"), api.user(name="bob")
    ah = api.headers(admin)
    team = make_team(api, ah, "Support", members=(alice,))
    team_rule(api, ah, team, "allow")
    workspace(api, ah, "forbid")
    assert stored(api, alice, bob, admin) == ["allow", "forbid", "forbid"]
    assert clash(api, api.headers(alice)) == 201
    assert clash(api, api.headers(bob)) == 409
    # Someone who joins the workspace now is in no team: the workspace's rule.
    carol = api.user(name="carol")
    assert stored(api, carol) == ["forbid"]
    workspace(api, ah, "warn")
    assert stored(api, alice, bob, carol) == ["allow", "warn", "warn"]
    # A new member of the team takes its rule; the team's rule set back to none, the workspace's.
    assert api.put(f"{TEAMS}/{team}/members/{carol.id}", headers=ah).status_code == 200
    assert stored(api, carol) == ["allow"]
    team_rule(api, ah, team, None)
    assert stored(api, alice, carol) == ["warn", "warn"]


def test_deleting_a_team_drops_its_rule(api: Api) -> None:
    admin, alice, bob = api.user("admin"), api.user(name="alice"), api.user(name="bob")
    ah = api.headers(admin)
    team = make_team(api, ah, "Support", members=(alice, bob))
    team_rule(api, ah, team, "forbid")
    other = make_team(api, ah, "Sales", members=(bob,))
    team_rule(api, ah, other, "warn")
    assert clash(api, api.headers(alice)) == 409
    assert api.delete(f"{TEAMS}/{team}", headers=ah).status_code == 200
    assert stored(api, alice, bob) == ["allow", "warn"]
    assert clash(api, api.headers(alice)) == 201


def test_a_team_made_with_a_rule_gives_it_to_the_people_added(api: Api) -> None:
    admin, alice = api.user("admin"), api.user(name="alice")
    ah = api.headers(admin)
    res = api.post(TEAMS, headers=ah, json={"name": "Support", "overlap_rule": "forbid"})
    assert (res.status_code, res.json()["team"]["overlap_rule"]) == (201, "forbid")
    team = res.json()["team"]["id"]
    assert stored(api, alice) == ["allow"]
    assert (
        api.put(f"{TEAMS}/{team}/members/{alice.id}", json={"is_lead": False}, headers=ah).status_code == 200
    )
    assert stored(api, alice) == ["forbid"]
    # The web app hears the rule that holds for the person, not the workspace's.
    assert (
        api.get("/api/v1/startup", headers=api.headers(alice)).json()["signoff"]["overlap_rule"] == "forbid"
    )
    assert api.get("/api/v1/signoff", headers=api.headers(alice)).json()["overlap_rule"] == "allow"


def test_rules_of_reads_teams_and_workspace_in_one_go(api: Api) -> None:
    admin, alice, bob, carol = (api.user("admin"), api.user(name="alice"), api.user(name="bob"),
                                api.user(name="carol"))  # fmt: skip
    ah = api.headers(admin)
    for name, rule, members in (("A", "warn", (alice, bob)), ("B", "forbid", (bob,)), ("C", None, (carol,))):
        team = make_team(api, ah, name, members=members)
        if rule:
            team_rule(api, ah, team, rule)
    workspace(api, ah, "allow")
    ids = [alice.id, bob.id, carol.id, admin.id]
    found = api.db.call(overlap.rules_of, ids)
    assert found == {alice.id: "warn", bob.id: "forbid", carol.id: "allow", admin.id: "allow"}
