"""pg_dump and pg_restore: found on the PATH, new enough for the server, and never handed a password
on their command line."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from punchclock.backup import postgres, service
from punchclock.errors import ServiceUnavailable
from tests.backup.conftest import deployment


def _fake_tool(folder: Path, name: str, version: str, record: Path | None = None) -> None:
    """A stand-in for a PostgreSQL client tool that reports ``version`` and records how it was run."""
    folder.mkdir(exist_ok=True)
    script = folder / name
    log = f'printf "%s\\n" "$@" > {record}\necho "PGPASSWORD=$PGPASSWORD" >> {record}\n' if record else ""
    script.write_text(
        f'#!/bin/sh\nif [ "$1" = "--version" ]; then echo "{name} (PostgreSQL) {version}"; exit 0; fi\n'
        f"{log}exit 1\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)


def _with_password(url: str) -> str:
    return make_url(url).set(password="hunter2-secret").render_as_string(hide_password=False)


def test_a_missing_pg_dump_is_named(pg_database, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(ServiceUnavailable) as raised:
        service.create(deployment(tmp_path / "d", pg_database), tmp_path / "b.tar")
    assert raised.value.code == "pg_tool_missing"
    assert "pg_dump was not found on the PATH" in raised.value.message
    assert list(tmp_path.glob("*.tar")) == []


def test_a_pg_dump_older_than_the_server_is_refused(pg_database, tmp_path: Path, monkeypatch):
    _fake_tool(tmp_path / "bin", "pg_dump", "9.6.24")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(ServiceUnavailable) as raised:
        service.create(deployment(tmp_path / "d", pg_database), tmp_path / "b.tar")
    assert raised.value.code == "pg_tool_too_old"
    assert "pg_dump 9 is older than the server (PostgreSQL" in raised.value.message


def test_the_password_goes_in_the_environment_not_the_command_line(pg_database, tmp_path: Path, monkeypatch):
    record = tmp_path / "argv.txt"
    _fake_tool(tmp_path / "bin", "pg_dump", "99.0", record)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(ServiceUnavailable) as raised:  # the stand-in fails after recording
        service.create(deployment(tmp_path / "d", _with_password(pg_database)), tmp_path / "b.tar")
    assert raised.value.code == "pg_tool_failed"
    seen = record.read_text()
    args, env_line = seen.rsplit("PGPASSWORD=", 1)
    assert "hunter2" not in args
    assert "--format=custom" in args
    assert env_line.strip() == "hunter2-secret"
    assert "hunter2" not in raised.value.message


def test_libpq_environment_from_the_url():
    env = postgres.libpq_env(
        "postgresql+psycopg://me:pw@db.example:6543/pc?sslmode=require&application_name=x"
    )
    keys = ("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD")
    assert [env[k] for k in keys] == ["db.example", "6543", "me", "pw"]
    assert (env["PGDATABASE"], env["PGSSLMODE"], env["PGAPPNAME"]) == ("pc", "require", "x")
    socket = postgres.libpq_env("postgresql+psycopg://me@/pc?host=/run/postgresql")
    assert socket["PGHOST"] == "/run/postgresql"
