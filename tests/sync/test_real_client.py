"""The real client: `timetagger-cli` (PyPI) run as a subprocess against a `punchclock serve` process.

Its config (TOML ``config.txt`` with ``api_url`` and ``api_token``) goes into a temporary
``$XDG_CONFIG_HOME/timetagger_cli/``; its commands take their arguments on the command line, and
``resume`` without a number asks on stdin. What it did is checked through ``/api/v1``.
The CLI uses whole seconds and takes a record with t1 == t2 for a running one, so a timer stopped
in the second it started would still run: the tests wait a second between a start and a stop.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.cli.test_serve import free_port, server
from tests.conftest import IN_CI
from tests.entry.helpers import ago
from tests.fresh_db import empty_database

pytestmark = pytest.mark.slow

ADMIN_PASSWORD = "real-client-admin-pw"
PASSWORD = "alice-password"
ENTRIES = "/api/v1/time-entries"
TT = "/timetagger/api/v2"


def timetagger_command() -> list[str]:
    script = Path(sys.executable).with_name("timetagger")
    if script.exists():
        return [str(script)]
    found = shutil.which("timetagger")
    if found:
        return [found]
    if IN_CI:
        pytest.fail("timetagger-cli is not installed (it is in the dev extras)")
    pytest.skip("timetagger-cli is not installed: pip install -e '.[dev]'")


class Client:
    """timetagger-cli with its own config folder, pointed at one server with one token."""

    def __init__(self, home: Path, base: str, token: str) -> None:
        self.command = timetagger_command()
        self.home = home
        self.base = base
        self.use(token)

    def use(self, token: str) -> None:
        folder = self.home / "config" / "timetagger_cli"
        folder.mkdir(parents=True, exist_ok=True)
        api_url = f"{self.base}{TT}/"
        (folder / "config.txt").write_text(f'api_url = "{api_url}"\napi_token = "{token}"\n')

    def run(self, *args: str, stdin: str | None = None, ok: bool = True) -> subprocess.CompletedProcess:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PUNCHCLOCK_", "XDG_"))}
        env.update(HOME=str(self.home), XDG_CONFIG_HOME=str(self.home / "config"), TZ="UTC", PYTHONUTF8="1")
        proc = subprocess.run(
            [*self.command, *args], input=stdin, capture_output=True, text=True, env=env, timeout=60
        )
        if ok:
            assert proc.returncode == 0, f"timetagger {' '.join(args)}:\n{proc.stdout}\n{proc.stderr}"
        return proc


class Rest:
    """/api/v1 as alice, to check what the CLI did."""

    def __init__(self, base: str, token: str) -> None:
        self.base = base
        self.h = {"Authorization": f"Bearer {token}"}

    def timer(self) -> dict[str, Any]:
        res = httpx.get(f"{self.base}/api/v1/timer/status", headers=self.h)
        assert res.status_code == 200, res.text
        return res.json()

    def running_notes(self) -> str | None:
        status = self.timer()
        return status["timer"]["notes"] if status["active"] else None

    def entries(self, **params: Any) -> list[dict[str, Any]]:
        query = {"per_page": 100, "include_active": "true", **params}
        res = httpx.get(f"{self.base}{ENTRIES}", params=query, headers=self.h)
        assert res.status_code == 200, res.text
        return sorted(res.json()["time_entries"], key=lambda e: (e["start_time"], e["id"]))


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with empty_database(request.param, tmp_path / "punchclock.db", "pc_client") as url:
        yield url


@pytest.fixture
def base(tmp_path: Path, database_url: str) -> Iterator[str]:
    """A running server with the account alice."""
    port = free_port()
    env = {
        "PUNCHCLOCK_DATABASE_URL": database_url,
        "PUNCHCLOCK_ADMIN_PASSWORD": ADMIN_PASSWORD,
        "PUNCHCLOCK_ACCESS_LOG": "false",
    }
    (tmp_path / "srv").mkdir()
    args = ["--port", str(port), "--data-dir", str(tmp_path / "srv" / "data")]
    with server(args, tmp_path / "srv", port, env) as url:
        admin = {"Authorization": f"Bearer {login(url, 'admin', ADMIN_PASSWORD)}"}
        res = httpx.post(
            f"{url}/api/v1/users", json={"username": "alice", "password": PASSWORD}, headers=admin
        )
        assert res.status_code == 201, res.text
        yield url


def login(base: str, username: str, password: str) -> str:
    res = httpx.post(f"{base}/api/v1/auth/session", json={"username": username, "password": password})
    assert res.status_code == 200, res.text
    return str(res.json()["token"])


def pc_token(base: str, scopes: str) -> str:
    """A Punchclock API token of alice's (made in a signed-in session, as a person does)."""
    h = {"Authorization": f"Bearer {login(base, 'alice', PASSWORD)}"}
    res = httpx.post(f"{base}/api/v1/tokens", json={"name": "cli", "scopes": scopes}, headers=h)
    assert res.status_code == 201, res.text
    return str(res.json()["token"])


def tt_apitoken(base: str, reset: bool = False) -> str:
    """A TimeTagger-style API token: sign in through bootstrap_authentication, then GET apitoken."""
    body = base64.b64encode(
        json.dumps({"method": "usernamepassword", "username": "alice", "password": PASSWORD}).encode()
    )
    res = httpx.post(f"{base}{TT}/bootstrap_authentication", content=body)
    assert res.status_code == 200, res.text
    webtoken = res.json()["token"]
    res = httpx.get(
        f"{base}{TT}/apitoken", params={"reset": "1"} if reset else {}, headers={"authtoken": webtoken}
    )
    assert res.status_code == 200, res.text
    return str(res.json()["token"])


def second() -> None:
    """Let the clock pass a whole second (the CLI's resolution)."""
    time.sleep(1.05)


def test_start_status_stop_add_resume_and_show_with_a_punchclock_token(tmp_path, base):
    rest = Rest(base, pc_token(base, "read:time_entries"))
    cli = Client(tmp_path / "home", base, pc_token(base, "read:time_entries,write:time_entries"))

    out = cli.run("status").stdout
    assert "Running: N/A" in out
    assert cli.run("stop").stdout.strip() == "No running records."

    out = cli.run("start", "Writing docs #docs").stdout
    assert "Timer started ..." in out
    assert "Writing docs #docs" in out
    status = rest.timer()
    assert status["active"]
    assert (status["timer"]["notes"], status["timer"]["tags"]) == ("Writing docs #docs", "docs")
    assert status["timer"]["source"] == "timetagger"
    assert "Running: 0:00 - Writing docs #docs" in cli.run("status").stdout
    out = cli.run("start", "Writing docs #docs").stdout
    assert "Timer with this description is already running." in out

    second()
    out = cli.run("start", "Café review ☕ #review").stdout
    assert "Timer started ... and stopped 1 running records." in out
    assert rest.running_notes() == "Café review ☕ #review"
    docs, review = rest.entries()
    assert (docs["notes"], docs["is_active"], review["is_active"]) == ("Writing docs #docs", False, True)
    assert docs["end_time"] == review["start_time"]

    second()
    out = cli.run("stop").stdout
    assert "Stopping running records." in out
    assert rest.running_notes() is None
    assert [e["is_active"] for e in rest.entries()] == [False, False]

    out = cli.run("add", "--date", "2024-01-15", "09:00", "10:30", "Meeting #meet").stdout
    assert "Meeting #meet" in out
    (meeting,) = rest.entries(start_date="2024-01-15", end_date="2024-01-15")
    assert (meeting["start_time"], meeting["end_time"]) == ("2024-01-15T09:00:00Z", "2024-01-15T10:30:00Z")
    assert (meeting["notes"], meeting["tags"]) == ("Meeting #meet", "meet")

    # Without a number, resume asks which of the last records (1 = the latest); stdin answers.
    out = cli.run("resume", stdin="1\n").stdout
    assert "Which record would you like to resume?" in out
    assert "[2] Writing docs #docs" in out
    assert "[1] Café review ☕ #review" in out
    assert "Timer started ..." in out
    assert rest.running_notes() == "Café review ☕ #review"
    second()
    out = cli.run("resume", "3").stdout  # now: [3] docs, [2] review, [1] the running review
    assert "and stopped 1 running records." in out
    assert rest.running_notes() == "Writing docs #docs"

    # An entry made through /api/v1 is a record for the CLI too.
    writer = {"Authorization": cli_token_header(cli)}
    res = httpx.post(
        f"{base}{ENTRIES}",
        json={
            "start_time": ago(seconds=120),
            "end_time": ago(seconds=60),
            "notes": "From REST",
            "tags": "rest",
        },
        headers=writer,
    )
    assert res.status_code == 201, res.text
    out = cli.run("show").stdout
    for text in ["Writing docs #docs", "Café review ☕ #review", "From REST #rest"]:
        assert text in out
    assert "Meeting #meet" not in out
    out = cli.run("show", "--start", "2024-01-15", "--days", "1").stdout
    assert "Meeting #meet" in out
    assert "Total Hours: 1:30" in out
    out = cli.run("diagnose").stdout
    assert "Checked 6 records" in out  # docs, review, meeting, their resumes, REST
    assert "Errored records" not in out


def cli_token_header(cli: Client) -> str:
    config = (cli.home / "config" / "timetagger_cli" / "config.txt").read_text()
    token = config.split('api_token = "', 1)[1].split('"', 1)[0]
    return f"Bearer {token}"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_timetagger_api_token_works_until_it_is_reset(tmp_path, base):
    rest = Rest(base, pc_token(base, "read:time_entries"))
    cli = Client(tmp_path / "home", base, tt_apitoken(base))
    cli.run("start", "Support #ops")
    assert rest.running_notes() == "Support #ops"
    assert "Running: 0:00 - Support #ops" in cli.run("status").stdout
    second()
    cli.run("stop")
    assert rest.running_notes() is None
    assert "Support #ops" in cli.run("show").stdout
    # Resetting the API token's seed revokes it; the CLI reports the server's 401.
    fresh = tt_apitoken(base, reset=True)
    failed = cli.run("status", ok=False)
    assert failed.returncode == 1
    assert "401" in failed.stderr
    assert "revoked" in failed.stderr
    cli.use(fresh)
    assert "Support #ops" in cli.run("show").stdout


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_bad_or_read_only_token_fails_and_changes_nothing(tmp_path, base):
    rest = Rest(base, pc_token(base, "read:time_entries"))
    cli = Client(tmp_path / "home", base, "not-a-token")
    failed = cli.run("status", ok=False)
    assert failed.returncode == 1
    assert "Timetagger runtime error: 401 - unauthorized:" in failed.stderr
    cli.use(pc_token(base, "read:time_entries"))
    assert "Running: N/A" in cli.run("status").stdout
    failed = cli.run("start", "Not allowed", ok=False)
    assert failed.returncode == 1
    assert "403 - forbidden:" in failed.stderr
    assert "write:time_entries" in failed.stderr
    assert rest.entries() == []
