"""What a restore refuses, before it changes anything: damaged or altered files, a database that
holds data (without --force), the other kind of database, a backup from a newer Punchclock."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from punchclock.backup import service
from punchclock.db import Database
from punchclock.errors import Conflict, ValidationFailed
from punchclock.kit.pagination import Page
from punchclock.user import service as user_service
from tests.backup.conftest import deployment, options, punchclock
from tests.fresh_db import fresh_pg_database


@pytest.fixture
def archive(source, db, tmp_path: Path) -> Path:
    db.call(user_service.create, "alice", "password123", "admin")
    path = tmp_path / "b.tar"
    service.create(source, path)
    return path


def _rewrite(path: Path, change) -> None:
    """Rewrite the archive at ``path`` with ``change(name, data) -> data | None`` (None drops it)."""
    with tarfile.open(path) as tar:
        members = [(m.name, tar.extractfile(m).read()) for m in tar.getmembers()]
    with tarfile.open(path, "w") as tar:
        for name, data in members:
            new = change(name, data)
            if new is not None:
                info = tarfile.TarInfo(name)
                info.size = len(new)
                tar.addfile(info, io.BytesIO(new))


def _flip_byte(name, data):
    if not name.startswith("database."):
        return data
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 1]) + data[middle + 1 :]


def _manifest(edit):
    def change(name, data):
        return json.dumps(edit(json.loads(data))).encode() if name == "manifest.json" else data

    return change


def _newer_format(m):
    return {**m, "format_version": 99}


@pytest.mark.parametrize(
    "change",
    [
        _flip_byte,
        lambda name, data: b"another-secret\n" if name == "secret.key" else data,
        lambda name, data: None if name == "secret.key" else data,
        lambda name, data: data if name != "manifest.json" else None,
        _manifest(_newer_format),
        _manifest(lambda m: {**m, "database": "mysql"}),
    ],
    ids=["database changed", "secret changed", "part missing", "no manifest", "newer format", "bad kind"],
)
def test_an_altered_archive_is_refused_and_changes_nothing(archive, target, change):
    _rewrite(archive, change)
    with pytest.raises(ValidationFailed) as raised:
        service.restore(target, archive)
    assert raised.value.code == "backup_invalid"
    assert not (target.data_dir / "secret.key").exists()
    result = punchclock("restore", archive, *options(target))
    assert result.exit_code == 1
    assert "Not a valid Punchclock backup" in result.output


def test_an_extra_member_is_refused(archive, target):
    with tarfile.open(archive, "a") as tar:
        data = b"#!/bin/sh\n"
        info = tarfile.TarInfo("../../evil.sh")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    with pytest.raises(ValidationFailed, match="do not match the manifest"):
        service.restore(target, archive)


def test_a_file_that_is_no_archive_is_refused(target, tmp_path: Path):
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"not a tar file at all" * 100)
    result = punchclock("restore", junk, *options(target))
    assert result.exit_code == 1
    assert "is not a tar archive" in result.output


def test_a_database_with_data_is_replaced_only_with_force(archive, target):
    assert punchclock("restore", archive, *options(target)).exit_code == 0
    other = Database(target.effective_database_url)
    try:
        other.call(user_service.create, "mallory", "password123", "member")
    finally:
        other.dispose()
    result = punchclock("restore", archive, *options(target))
    assert result.exit_code == 1
    assert "already holds data" in result.output
    assert "--force" in result.output
    forced = punchclock("restore", "--force", archive, *options(target))
    assert forced.exit_code == 0, forced.output
    again = Database(target.effective_database_url)
    try:
        names = {u.username for u in again.call(user_service.list_users, Page(1, 100), write=False)[0]}
    finally:
        again.dispose()
    assert names == {"alice"}  # mallory went with the database she was in


def test_a_backup_restores_into_the_same_kind_of_database_only(archive, source, tmp_path: Path, pg_database):
    other_url = f"sqlite:///{tmp_path / 'other.db'}" if not source.is_sqlite else pg_database
    other = deployment(tmp_path / "other", other_url)
    with pytest.raises(Conflict) as raised:
        service.restore(other, archive)
    assert raised.value.code == "backup_kind_mismatch"
    assert "same kind of database" in raised.value.message


def test_a_backup_from_a_newer_schema_is_refused(archive, target):
    _rewrite(archive, _manifest(lambda m: {**m, "alembic_revision": "9999"}))
    with pytest.raises(Conflict) as raised:
        service.restore(target, archive)
    assert raised.value.code == "backup_too_new"


def test_other_tables_in_a_postgresql_database_are_left_alone(pg_db, tmp_path: Path):
    source = deployment(tmp_path / "source", pg_db.url)
    pg_db.call(user_service.create, "alice", "password123", "admin")
    archive = tmp_path / "b.tar"
    service.create(source, archive)
    with fresh_pg_database("pc_restore") as url:
        engine = create_engine(url)
        try:
            with engine.begin() as conn:
                conn.execute(text("CREATE TABLE not_ours (id int)"))
                conn.execute(text("INSERT INTO not_ours VALUES (1)"))
            service.restore(deployment(tmp_path / "target", url), archive)
            with engine.connect() as conn:
                assert conn.scalar(text("SELECT count(*) FROM not_ours")) == 1
                assert conn.scalar(text("SELECT username FROM users")) == "alice"
        finally:
            engine.dispose()
