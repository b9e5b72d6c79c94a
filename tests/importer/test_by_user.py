"""A team's export: refused when it would merge several people into one account; by user, each row
into the account of its person (by email, username or display name), counted and announced per account."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from punchclock.errors import ValidationFailed
from punchclock.importer import owners, run
from punchclock.importer.rows import Row
from punchclock.importer.service import find_account
from punchclock.user import service as user_service
from tests.checks import snapshot

FIXTURES = Path(__file__).parent.parent / "fixtures" / "imports"
TEAM = FIXTURES / "toggl_team.csv"
ZONE = "Europe/Berlin"


@pytest.fixture
def team(db):
    """alice (found by her email, in other case), robert (by his display name 'Bob'), dan (by his
    username: the file has another email of his) and the admin who imports; no account for Carol."""
    made = {}
    for name, display, email, role in (
        ("alice", "", "Alice@Example.com", "member"),
        ("robert", "Bob", None, "member"),
        ("dan", "Daniel", "dan@example.com", "member"),
        ("boss", "", "boss@example.com", "admin"),
    ):
        made[name] = db.call(user_service.create, name, "password123", role, display, email).id
    return made


def by_owner(db):
    query = text(
        "SELECT u.username, e.notes, e.start_at, e.end_at FROM time_entries e "
        "JOIN users u ON u.id = e.user_id ORDER BY u.username, e.start_at"
    )
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(query)]


def team_import(db, **kw):
    return run.import_text(db, "toggl", TEAM.read_text(), None, TEAM.name, ZONE, by_user=True, **kw)


def test_a_file_naming_several_people_is_refused_and_changes_nothing(db, team):
    boss = db.call(find_account, "boss", write=False)
    before = snapshot(db)
    with pytest.raises(ValidationFailed) as refused:
        run.import_text(db, "toggl", TEAM.read_text(), boss, TEAM.name, ZONE)
    err = refused.value
    assert (err.code, err.extra["people"]) == ("several_people", 4)
    assert "toggl_team.csv holds the time of 4 people (alice@example.com, BOB@example.com" in err.message
    assert "by_user=true" in err.message
    assert "--by-user" in err.message
    assert snapshot(db) == before


def test_by_user_each_row_goes_to_the_account_of_its_person(db, team):
    out = team_import(db)
    assert (out.account, out.rows, out.imported, out.duplicates) == (None, 6, 4, 0)
    reasons = {r.line: r.reason for r in out.rejected}
    assert reasons == {4: "no account for carol@example.com", 6: "'2026-11-31' is not a date"}
    counts = {c["account"]: (c["rows"], c["imported"], c["duplicates"]) for c in out.as_dict()["accounts"]}
    assert counts == {"alice": (2, 2, 0), "robert": (1, 1, 0), "dan": (1, 1, 0)}
    assert [(u, n) for u, n, *_ in by_owner(db)] == [
        ("alice", "Stand-up"), ("alice", "Homepage mock-ups"), ("dan", "Planning"), ("robert", "Stand-up"),
    ]  # fmt: skip
    # The same stand-up in two accounts is two entries; a second run adds nothing to either.
    again = team_import(db)
    counts = {c["account"]: (c["imported"], c["duplicates"]) for c in again.as_dict()["accounts"]}
    assert counts == {"alice": (0, 2), "robert": (0, 1), "dan": (0, 1)}
    assert len(by_owner(db)) == 4


def test_a_by_user_dry_run_reports_the_same_counts_and_writes_nothing(db, team):
    before = snapshot(db)
    dry = team_import(db, dry_run=True).as_dict()
    assert snapshot(db) == before
    real = team_import(db).as_dict()
    assert dry["dry_run"]
    assert not real["dry_run"]
    for key in ("accounts", "rejected", "imported", "rows", "created"):
        assert dry[key] == real[key], key


def test_each_account_gets_its_own_event(db, team):
    batches = []
    db.event_sink = batches.append
    team_import(db, actor_id=team["boss"])
    events = [e for b in batches for e in b.events if e.name == "import.completed"]
    got = {e.user_id: e.object for e in events}
    assert set(got) == {team["alice"], team["robert"], team["dan"]}
    assert all(e.actor_id == team["boss"] for e in events)
    assert got[team["alice"]] == {
        "source": "toggl_team.csv", "format": "toggl", "imported": 2, "updated": 0, "duplicates": 0,
        "rejected": 0, "settings": 0,
    }  # fmt: skip
    batches.clear()
    team_import(db)
    assert not [e for b in batches for e in b.events if e.name == "import.completed"]  # nothing changed


def test_a_one_person_file_still_goes_into_the_chosen_account(db, team):
    boss = db.call(find_account, "boss", write=False)
    body = TEAM.read_text().splitlines()
    alice_only = "\n".join([body[0], body[1], body[4]]) + "\n"
    out = run.import_text(db, "toggl", alice_only, boss, "alice.csv", ZONE)
    assert (out.account, out.imported) == ("boss", 2)
    assert {u for u, *_ in by_owner(db)} == {"boss"}


def test_ambiguous_and_anonymous_rows_are_rejected(db, team):
    db.call(user_service.create, "bob2", "password123", "member", "Bob")
    body = TEAM.read_text().splitlines()
    rows = [
        body[0],
        body[2],
        ",,Acme,Website,,Nobody's,Yes,2026-11-16,12:00:00,2026-11-16,13:00:00,01:00:00,",
    ]
    out = run.import_text(db, "toggl", "\n".join(rows) + "\n", None, "x.csv", ZONE, by_user=True)
    assert out.imported == 0
    assert [(r.line, r.reason) for r in out.rejected] == [
        (2, "2 accounts match 'Bob': give them distinct emails"),
        (3, "the row names no person (no User or Email)"),
    ]


def test_punchclock_team_export_by_username(db, team):
    entries = [
        {
            "key": "k1",
            "user": name,
            "start_time": "2026-11-16T09:00:00+01:00",
            "end_time": "2026-11-16T10:00:00+01:00",
        }
        for name in ("alice", "dan", "nobody")
    ]
    body = json.dumps({"time_entries": entries})
    with pytest.raises(ValidationFailed, match="3 people"):
        run.import_text(db, "punchclock", body, db.call(find_account, "boss", write=False), "team.json")
    out = run.import_text(db, "punchclock", body, None, "team.json", "UTC", by_user=True)
    assert [(c["account"], c["imported"]) for c in out.as_dict()["accounts"]] == [("alice", 1), ("dan", 1)]
    assert [(r.line, r.reason) for r in out.rejected] == [(3, "no account for nobody")]


def test_by_user_needs_a_format_with_people_and_a_time_zone(db, team):
    with pytest.raises(ValidationFailed, match="names no people"):
        run.import_text(db, "timetagger", "key,start,stop\n", None, "x.csv", ZONE, by_user=True)
    with pytest.raises(ValidationFailed, match="time zone"):
        run.import_text(db, "toggl", TEAM.read_text(), None, TEAM.name, by_user=True)


def row(user: str = "", email: str = "") -> Row:
    return Row(1, 0, 1, user=user, email=email)


def test_people_are_counted_by_email_else_user_name():
    rows = [
        row("Alice", "alice@example.com"),
        row("Alice"),
        row("alice", "ALICE@example.com"),
        row("Bob"),
        row(),
    ]
    assert owners.people(rows) == ["alice@example.com", "Bob"]
    assert owners.several(["a", "b", "c", "d", "e", "f", "g"]) == "7 people (a, b, c, d, e and 2 more)"
