"""POST /api/v1/imports: raw body or multipart, dry run, rights from scopes, errors as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.checks import assert_error, snapshot

FIXTURES = Path(__file__).parent.parent / "fixtures" / "imports"
URL = "/api/v1/imports"


@pytest.fixture
def people(api):
    return api.user("manager"), api.user("member", "alice")


def test_raw_body_then_a_second_run_adds_nothing(api, people, db):
    manager, _ = people
    h = api.headers(manager)
    body = (FIXTURES / "toggl.csv").read_bytes()
    res = api.post(f"{URL}?format=toggl&timezone=Europe/Berlin", content=body, headers=h)
    assert res.status_code == 200, res.text
    out = res.json()["import"]
    assert (out["imported"], out["duplicates"], out["dry_run"]) == (4, 0, False)
    assert [r["line"] for r in out["rejected"]] == [6, 7]
    assert out["created"]["projects"] == ["Website", "Internal"]
    again = api.post(f"{URL}?format=toggl&timezone=Europe/Berlin", content=body, headers=h).json()["import"]
    assert (again["imported"], again["duplicates"]) == (0, 4)


def test_multipart_dry_run_changes_nothing(api, people, db):
    manager, _ = people
    before = snapshot(db)
    files = {"file": ("kimai.csv", (FIXTURES / "kimai.csv").read_bytes(), "text/csv")}
    res = api.post(f"{URL}?format=kimai&dry_run=true", files=files, headers=api.headers(manager))
    assert res.status_code == 200, res.text
    assert res.json()["import"]["imported"] == 3
    assert snapshot(db) == before


def test_a_member_cannot_create_projects_by_importing(api, people):
    _, alice = people
    body = (FIXTURES / "clockify.csv").read_bytes()
    out = api.post(f"{URL}?format=clockify", content=body, headers=api.headers(alice)).json()["import"]
    assert out["imported"] == 0
    assert "write:clients" in out["rejected"][0]["reason"]


def test_bad_uploads_are_400_and_change_nothing(api, people, db):
    manager, _ = people
    h = api.headers(manager)
    before = snapshot(db)
    assert_error(api.post(f"{URL}?format=toggl", content=b"", headers=h), 400, "empty_file")
    assert_error(api.post(f"{URL}?format=toggl", content=b"\xff\xfe\x00bad", headers=h), 400, "not_utf8")
    assert_error(api.post(f"{URL}?format=toggl", content=b"a,b\n1,2\n", headers=h), 400, "unreadable_file")
    assert_error(api.post(f"{URL}?format=excel", content=b"a", headers=h), 400)
    assert_error(api.post(f"{URL}?format=toggl&timezone=Mars/Base", content=b"a,b", headers=h), 400)
    assert_error(api.post(URL, files={"other": ("x", b"1")}, headers=h), 400)
    # One field past csv's 128 KiB limit (a 20 MB file of one "cell" through nginx was a 500).
    huge = b"x" * 200_000
    for fmt in ("toggl", "clockify", "kimai", "timetagger"):
        for body in (huge, b"Start date,Start time\n" + huge):
            assert_error(api.post(f"{URL}?format={fmt}", content=body, headers=h), 400)
    assert snapshot(db) == before


def test_times_outside_the_supported_range_are_rejected_rows(api, people):
    manager, _ = people
    body = (
        b'{"time_entries": [{"start_time": "2150-01-01T09:00:00Z", "end_time": "2150-01-01T10:00:00Z"},'
        b' {"start_time": "0001-01-01T09:00:00", "end_time": "0001-01-01T10:00:00"}]}'
    )
    out = api.post(URL, content=body, headers=api.headers(manager)).json()["import"]
    assert out["imported"] == 0
    assert [r["line"] for r in out["rejected"]] == [1, 2]


@pytest.mark.parametrize(("fmt", "fixture"), [("toggl", "toggl.csv"), ("timetagger", "timetagger.csv")])
def test_an_import_is_announced_once_not_per_entry(api, people, db, fmt, fixture):
    from sqlalchemy import text

    manager, _ = people
    h = api.headers(manager)
    hook = {"url": "https://hooks.example.com/x", "events": ["time_entry.*", "import.completed"]}
    assert api.post("/api/v1/webhooks", json=hook, headers=h).status_code == 201
    res = api.post(f"{URL}?format={fmt}", content=(FIXTURES / fixture).read_bytes(), headers=h)
    assert res.status_code == 200, res.text
    imported = res.json()["import"]["imported"]
    assert imported > 1
    query = text("SELECT event, payload FROM webhook_deliveries")
    rows = db.call(lambda s: s.execute(query).all(), write=False)
    assert [r.event for r in rows] == ["import.completed"]
    assert json.loads(rows[0].payload)["object"]["imported"] == imported
    dry = api.post(f"{URL}?format={fmt}&dry_run=true", content=(FIXTURES / fixture).read_bytes(), headers=h)
    assert dry.status_code == 200
    assert len(db.call(lambda s: s.execute(query).all(), write=False)) == 1  # a dry run announces nothing


def _team(api):
    from punchclock.user import service as user_service

    admin = api.user("admin", "boss")
    alice = api.db.call(user_service.create, "alice", "password123", "member", "", "alice@example.com")
    robert = api.db.call(user_service.create, "robert", "password123", "member", "Bob", "bob@example.com")
    return admin, alice, robert


def test_a_team_file_is_refused_unless_imported_by_user(api, db):
    admin, _, _ = _team(api)
    body = (FIXTURES / "toggl_team.csv").read_bytes()
    before = snapshot(db)
    refused = assert_error(api.post(f"{URL}?format=toggl", content=body, headers=api.headers(admin)), 400)
    assert (refused["code"], refused["people"]) == ("several_people", 4)
    assert "by_user=true" in refused["message"]
    assert snapshot(db) == before


def test_by_user_over_the_api_announces_each_import_to_its_owner_only(api, db):
    from sqlalchemy import text

    admin, alice, robert = _team(api)
    hooks = {}
    for user in (admin, alice, robert):
        hook = {"url": "https://hooks.example.com/x", "events": ["import.completed"]}
        res = api.post("/api/v1/webhooks", json=hook, headers=api.headers(user))
        hooks[res.json()["webhook"]["id"]] = user.id
    body = (FIXTURES / "toggl_team.csv").read_bytes()
    res = api.post(
        f"{URL}?format=toggl&by_user=true&timezone=Europe/Berlin", content=body, headers=api.headers(admin)
    )
    assert res.status_code == 200, res.text
    out = res.json()["import"]
    assert (out["account"], out["by_user"], out["imported"]) == (None, True, 3)
    assert [(a["account"], a["imported"]) for a in out["accounts"]] == [("alice", 2), ("robert", 1)]
    assert [r["reason"] for r in out["rejected"]] == [
        "no account for carol@example.com",
        "'2026-11-31' is not a date",
        "no account for dan@elsewhere.example",
    ]
    query = text("SELECT webhook_id, payload FROM webhook_deliveries WHERE event = 'import.completed'")
    rows = db.call(lambda s: s.execute(query).all(), write=False)
    heard = {hooks[r.webhook_id]: json.loads(r.payload) for r in rows}
    assert sorted(heard) == sorted([alice.id, robert.id])  # the admin's own hook hears nothing
    for owner, payload in heard.items():
        assert (payload["user_id"], payload["actor"]["id"]) == (owner, admin.id)
    assert heard[robert.id]["object"]["imported"] == 1
