"""Changes of the overlap rule racing each other, on SQLite and PostgreSQL: a team's rule and a member
joining that team, a member joining while the rule changes, the workspace's rule and a team's, the
workspace's rule and a new user. One
side is held open inside its transaction (after it wrote) while the other starts; whichever commits
first, every person's stored rule ends right."""

from __future__ import annotations

import time
from typing import Any

import pytest
from sqlalchemy import text

from punchclock.approval import workspace
from punchclock.db import Database
from punchclock.overlap import service as overlap
from punchclock.team import service as team_service
from punchclock.user import service as user_service
from tests.approval.test_race import held, in_thread


def user(db: Database, name: str, role: str = "member") -> Any:
    return db.call(user_service.create, name, "password123", role)


def stored(db: Database, user_id: int) -> str:
    with db.engine.connect() as conn:
        query = text("SELECT overlap_rule FROM sync_state WHERE user_id = :id")
        return overlap.RULES[int(conn.execute(query, {"id": user_id}).scalar_one())]


def race(first: Any, second: Any, monkeypatch: pytest.MonkeyPatch, at: str = "refresh") -> tuple[Any, Any]:
    """Run ``first`` until its ``overlap.<at>`` ran, start ``second``, check it waits, let both end."""
    entered, release = held(monkeypatch, overlap, at)
    one, one_out = in_thread(first)
    assert entered.wait(20)
    two, two_out = in_thread(second)
    time.sleep(0.5)
    waited = two.is_alive()
    release.set()
    one.join(20)
    two.join(20)
    assert waited, "the second change did not wait for the first"
    return one_out[0], two_out[0]


def test_a_member_joining_while_the_teams_rule_changes(db: Database, monkeypatch) -> None:
    alice, bob = user(db, "alice"), user(db, "bob")
    team = db.call(team_service.create, "Support", None)["id"]
    db.call(team_service.put_member, team, alice.id, False, None)
    race(
        lambda: db.call(team_service.update, team, {"overlap_rule": "forbid"}, None),
        lambda: db.call(team_service.put_member, team, bob.id, False, None),
        monkeypatch,
    )
    assert (stored(db, alice.id), stored(db, bob.id)) == ("forbid", "forbid")


def test_the_teams_rule_changing_while_a_member_joins(db: Database, monkeypatch) -> None:
    alice, bob = user(db, "alice"), user(db, "bob")
    team = db.call(team_service.create, "Support", None, "warn")["id"]
    db.call(team_service.put_member, team, alice.id, False, None)
    race(
        lambda: db.call(team_service.put_member, team, bob.id, False, None),
        lambda: db.call(team_service.update, team, {"overlap_rule": "forbid"}, None),
        monkeypatch,
    )
    assert (stored(db, alice.id), stored(db, bob.id)) == ("forbid", "forbid")


def test_the_workspaces_rule_changing_while_a_team_sets_its_own(db: Database, monkeypatch) -> None:
    alice, bob = user(db, "alice"), user(db, "bob")
    team = db.call(team_service.create, "Support", None)["id"]
    db.call(team_service.put_member, team, alice.id, False, None)
    everyone = [alice.id, bob.id]
    race(
        lambda: db.call(team_service.update, team, {"overlap_rule": "allow"}, None),
        lambda: db.call(overlap.set_workspace_rule, "forbid", everyone),
        monkeypatch,
    )
    assert (stored(db, alice.id), stored(db, bob.id)) == ("allow", "forbid")


def test_a_user_made_while_the_workspaces_rule_changes(db: Database, monkeypatch) -> None:
    admin = user(db, "root", "admin")
    race(
        lambda: db.call(workspace.update_settings, {"overlap_rule": "forbid"}, admin.id, ""),
        lambda: user(db, "late"),
        monkeypatch,
        at="set_workspace_rule",
    )
    late = db.call(lambda s: user_service.get_by_username(s, "late").id)
    assert (stored(db, admin.id), stored(db, late)) == ("forbid", "forbid")
