"""CLI fixtures: a clean environment and a fresh database per test (SQLite folder or PostgreSQL)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from punchclock.cli.main import cli
from tests.cli.test_serve import free_port, server
from tests.fresh_db import fresh_pg_database

ADMIN_PASSWORD = "tracking-admin-pw"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No PUNCHCLOCK_* from the developer's shell, and no stray .env: run in an empty folder."""
    for name in list(os.environ):
        if name.startswith("PUNCHCLOCK_"):
            monkeypatch.delenv(name)
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)


@pytest.fixture
def fresh_pg_url() -> Iterator[str]:
    with fresh_pg_database("pc_cli") as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[list[str], str]:
    """CLI options selecting a fresh database (made by `punchclock migrate`, as admin commands need
    one to exist), and that database's URL."""
    if request.param == "sqlite":
        data_dir = tmp_path / "data"
        options, url = ["--data-dir", str(data_dir)], f"sqlite:///{data_dir / 'punchclock.db'}"
    else:
        url = request.getfixturevalue("fresh_pg_url")
        options = ["--database-url", url]
    res = CliRunner().invoke(cli, ["migrate", *options])
    assert res.exit_code == 0, res.output
    return options, url


@pytest.fixture
def base(tmp_path: Path) -> Iterator[str]:
    """A real `punchclock serve` (admin: ADMIN_PASSWORD) with the account alice and the project
    Website, for the commands that talk to a server over HTTP."""
    port = free_port()
    env = {
        "PUNCHCLOCK_DATABASE_URL": f"sqlite:///{tmp_path / 'srv.db'}",
        "PUNCHCLOCK_ADMIN_PASSWORD": ADMIN_PASSWORD,
        "PUNCHCLOCK_ACCESS_LOG": "false",
    }
    (tmp_path / "srv").mkdir()
    with server(
        ["--port", str(port), "--data-dir", str(tmp_path / "srv")], tmp_path / "srv", port, env
    ) as url:
        res = httpx.post(f"{url}/api/v1/auth/session", json={"username": "admin", "password": ADMIN_PASSWORD})
        admin = {"Authorization": f"Bearer {res.json()['token']}"}
        for path, body in (("/users", {"username": "alice", "password": "alice-password"}),
                           ("/projects", {"name": "Website"})):  # fmt: skip
            assert httpx.post(f"{url}/api/v1{path}", json=body, headers=admin).status_code == 201
        yield url
