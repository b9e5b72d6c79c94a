"""A backup made before the latest migration is brought up to date when restored (and paused)."""

from __future__ import annotations

from pathlib import Path

from alembic import command

from punchclock.backup import service
from punchclock.backup.repository import head_revision
from punchclock.db import Database, alembic_config
from punchclock.webhook import pause
from tests.backup.conftest import deployment, options, punchclock


def test_an_older_backup_is_migrated(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'old' / 'punchclock.db'}"
    (tmp_path / "old").mkdir()
    old = Database(url)
    with old.engine.begin() as conn:
        cfg = alembic_config(url)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0007")  # before server_settings existed
    old.dispose()
    archive = tmp_path / "old.tar"
    _, manifest = service.create(deployment(tmp_path / "old", url), archive)
    assert manifest.alembic_revision == "0007"
    target = deployment(tmp_path / "new", f"sqlite:///{tmp_path / 'new' / 'punchclock.db'}")
    done = punchclock("restore", archive, *options(target))
    assert done.exit_code == 0, done.output
    assert f"Migrated the schema from 0007 to {head_revision(url)}" in done.output
    restored = Database(target.effective_database_url)
    try:
        assert restored.call(pause.paused, write=False) is True
    finally:
        restored.dispose()
