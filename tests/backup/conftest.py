"""Backup fixtures: a clean environment (no PUNCHCLOCK_*), a source deployment and an empty target."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from punchclock.cli.main import cli
from punchclock.config import Settings
from tests.cli.conftest import clean_env  # noqa: F401 (autouse here too)
from tests.fresh_db import empty_database


def deployment(data_dir: Path, url: str, **extra: Any) -> Settings:
    """Settings as a real deployment has them: the secret kept in the data folder unless given."""
    return Settings(data_dir=data_dir, database_url=url, access_log=False, auth_cache_seconds=0, **extra)


def punchclock(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], env=env, catch_exceptions=False)


def options(settings: Settings) -> list[str]:
    return ["--data-dir", str(settings.data_dir), "--database-url", settings.effective_database_url]


@pytest.fixture
def source(tmp_path: Path, db_url: str) -> Settings:
    """The deployment backed up: the per-test migrated database of ``db_url`` (SQLite and PostgreSQL)."""
    return deployment(tmp_path / "source", db_url)


@pytest.fixture
def target(tmp_path: Path, db_url: str) -> Iterator[Settings]:
    """An empty deployment of the same kind as ``source``."""
    backend = "sqlite" if db_url.startswith("sqlite") else "postgresql"
    with empty_database(backend, tmp_path / "target" / "punchclock.db", "pc_restore") as url:
        yield deployment(tmp_path / "target", url)
