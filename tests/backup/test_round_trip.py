"""Backup and restore through the CLI on SQLite and PostgreSQL: everything comes back, tokens work."""

from __future__ import annotations

import json
import stat
import tarfile
from pathlib import Path

from fastapi.testclient import TestClient

from punchclock.app import create_app
from punchclock.backup.repository import head_revision
from punchclock.db import Database
from punchclock.token import service as token_service
from punchclock.user import service as user_service
from punchclock.webhook import pause
from tests.backup.conftest import options, punchclock

ENTRY = {"start_time": "2026-03-02T09:00:00Z", "end_time": "2026-03-02T10:00:00Z", "notes": "kept"}


def _fill(settings, db):
    """An admin with an API token and a web session, a member, a project and two entries."""
    admin = db.call(user_service.create, "alice", "password123", "admin")
    db.call(user_service.create, "bob", "password123", "member")
    _, api_token = db.call(token_service.create, admin, "ci", "admin:all", "", None)
    with TestClient(create_app(settings, database=db)) as client:
        web = client.post("/api/v1/auth/session", json={"username": "alice", "password": "password123"})
        web_token = web.json()["token"]
        headers = {"Authorization": f"Bearer {api_token}"}
        project = client.post("/api/v1/projects", json={"name": "Apollo"}, headers=headers).json()["project"]
        for notes in ("one", "two"):
            body = {**ENTRY, "notes": notes, "project_id": project["id"]}
            assert client.post("/api/v1/time-entries", json=body, headers=headers).status_code == 201
        entries = client.get("/api/v1/time-entries", headers=headers).json()["time_entries"]
    return api_token, web_token, entries


def test_round_trip(source, target, db, tmp_path: Path):
    api_token, web_token, entries = _fill(source, db)
    archive = tmp_path / "backups" / "b.tar"
    archive.parent.mkdir()
    made = punchclock("backup", archive, *options(source))
    assert made.exit_code == 0, made.output
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert [p.name for p in archive.parent.iterdir()] == ["b.tar"]  # no temporary file left
    with tarfile.open(archive) as tar:
        assert sorted(tar.getnames()) == ["database.pgdump" if "postgres" in db.url else "database.sqlite3",
                                          "manifest.json", "secret.key"]  # fmt: skip
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert manifest["database"] == ("sqlite" if db.is_sqlite else "postgresql")
    assert manifest["alembic_revision"] == head_revision(db.url)
    assert manifest["format_version"] == 1
    assert all(len(p["sha256"]) == 64 for p in manifest["parts"])

    done = punchclock("restore", archive, *options(target))
    assert done.exit_code == 0, done.output
    assert "PAUSED" in done.output
    secret_file = target.data_dir / "secret.key"
    assert secret_file.read_text() == (source.data_dir / "secret.key").read_text()
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600

    restored = Database(target.effective_database_url)
    try:
        assert restored.call(pause.paused, write=False) is True
        with TestClient(create_app(target, database=restored)) as client:
            for token in (api_token, web_token):  # the web token verifies with the restored secret
                headers = {"Authorization": f"Bearer {token}"}
                me = client.get("/api/v1/users/me", headers=headers)
                assert me.status_code == 200, me.text
                assert me.json()["user"]["username"] == "alice"
            headers = {"Authorization": f"Bearer {api_token}"}
            assert client.get("/api/v1/time-entries", headers=headers).json()["time_entries"] == entries
            users = client.get("/api/v1/users", headers=headers).json()["users"]
            assert sorted(u["username"] for u in users) == ["alice", "bob"]
            # The schema is whole: new rows get fresh ids (sequences restored on PostgreSQL).
            res = client.post("/api/v1/time-entries", json=ENTRY, headers=headers)
            assert res.status_code == 201, res.text
            assert res.json()["time_entry"]["id"] > max(e["id"] for e in entries)
    finally:
        restored.dispose()


def test_a_different_configured_secret_is_warned_about(source, target, db, tmp_path: Path):
    _fill(source, db)
    archive = tmp_path / "b.tar"
    assert punchclock("backup", archive, *options(source)).exit_code == 0
    other = {"PUNCHCLOCK_SECRET_KEY": "another-secret-" * 3}
    done = punchclock("restore", archive, *options(target), env=other)
    assert done.exit_code == 0, done.output
    assert "PUNCHCLOCK_SECRET_KEY is set and differs" in done.output
    assert not (target.data_dir / "secret.key").exists()  # the configured secret stays in charge
