"""The tracking CLI (login, start, stop, status, pause, resume, add, log, edit, delete, report, export)
driven against a real `punchclock serve` process over HTTP."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from punchclock.cli.main import cli

pytestmark = pytest.mark.slow


class Cli:
    def __init__(self, config: Path) -> None:
        self.env = {"PUNCHCLOCK_CLI_CONFIG": str(config), "PUNCHCLOCK_URL": "", "PUNCHCLOCK_TOKEN": ""}

    def __call__(self, *args: str, code: int = 0, stdin: str | None = None, **env: str):
        res = CliRunner().invoke(cli, list(args), input=stdin, env={**self.env, **env})
        assert res.exit_code == code, f"{args}: {res.output}{res.stderr if res.stderr_bytes else ''}"
        return res

    def json(self, *args: str):
        return orjson.loads(self(*args, "--json").stdout)


def test_tracking_from_the_terminal(base, tmp_path):
    config = tmp_path / "home" / "cli.json"
    run = Cli(config)
    run("status", code=3)  # not signed in yet
    # A server address needs its scheme; a wrong password is not a "sign in again".
    assert (
        "give it with its scheme"
        in run(
            "login",
            base.removeprefix("http://"),
            "--username",
            "alice",
            "--password-stdin",
            stdin="x\n",
            code=2,
        ).stderr
    )
    wrong = run("login", base, "--username", "alice", "--password-stdin", stdin="wrong-password\n", code=3)
    assert "bad_credentials" in wrong.stderr
    assert "sign in again" not in wrong.stderr
    res = run("login", base, "--username", "alice", "--password-stdin", stdin="alice-password\n")
    assert "Signed in" in res.stdout
    assert stat.S_IMODE(os.stat(config).st_mode) == 0o600
    saved = orjson.loads(config.read_bytes())
    assert saved["token"].startswith("tt_")
    assert saved["server"] == base

    timer = run.json("start", "write tests #dev", "--project", "Website", "--at", "-30m")
    # The description is kept as typed; its #tags are the entry's tags (the one tag rule).
    assert (timer["notes"], timer["tag_list"], timer["project"]) == ("write tests #dev", ["dev"], "Website")
    assert "Running since" in run("status").stdout
    res = run("start", "again", code=1)
    assert "already running" in res.stderr
    stopped = run.json("stop")
    assert 1790 <= stopped["duration_seconds"] <= 1810
    assert "No active timer" in run("stop", code=1).stderr

    added = run.json("add", "2026-11-16T09:00", "2026-11-16T10:30", "standup #team #Daily")
    assert (added["duration_seconds"], added["tag_list"]) == (5400, ["team", "daily"])
    changed = run.json("edit", str(added["id"]), "-d", "standup daily #team", "--end", "2026-11-16T10:00")
    # -d gives new notes and tags: #daily is written no more, so it is no tag any more.
    assert (changed["notes"], changed["tag_list"], changed["duration_seconds"]) == (
        "standup daily #team",
        ["team"],
        3600,
    )
    assert run("edit", str(added["id"]), code=2)  # nothing to change: a usage error
    logged = run.json("log", "--range", "2026-11-16")
    assert [e["notes"] for e in logged] == ["standup daily #team"]
    shown = run("log", "--range", "2026-11-16").stdout
    assert "standup daily" in shown
    assert shown.count("#team") == 1  # a tag the notes write is not repeated after them

    resumed = run.json("resume")
    assert (resumed["notes"], resumed["tag_list"], resumed["is_active"]) == (
        "write tests #dev",
        ["dev"],
        True,
    )
    paused = run.json("pause")
    assert (paused["is_active"], paused["paused_at"] is not None) == (True, True)
    assert "Paused since" in run("status").stdout
    assert "not paused" not in run("resume").stderr
    assert run.json("status")["timer"]["paused_at"] is None
    assert "running, not paused" in run("resume", code=1).stderr
    run("stop")

    rep = run.json("report", "--range", "2026-11-16", "--group-by", "tag")
    assert rep["groups"][0]["key"] == "team"
    assert rep["totals"]["seconds"] == 3600
    assert "Total" in run("report", "--range", "2026-11-16").stdout

    out = tmp_path / "entries.csv"
    run("export", "entries", "--range", "2026-11-16", "--format", "csv", "-o", str(out))
    assert "standup daily" in out.read_text(encoding="utf-8-sig")

    # A refused export leaves no file behind (not even an empty one).
    refused = tmp_path / "refused.csv"
    assert run(
        "export",
        "entries",
        "--range",
        "2026-11-16",
        "-o",
        str(refused),
        code=1,
        PUNCHCLOCK_TOKEN="pc_" + "x" * 32,
    )
    assert not refused.exists()
    assert list(tmp_path.glob(".*.part")) == []

    asked = run("delete", str(added["id"]), stdin="n\n", code=1)
    assert f"Delete entry #{added['id']} (1:00 standup daily" in asked.stdout
    run("delete", str(added["id"]), "-y")
    # An entry that is not there is reported before any question is asked.
    gone = run("delete", str(added["id"]), code=1)
    assert "not found" in gone.stderr.lower()
    assert "Delete entry" not in gone.stdout
    assert run("log", "--range", "bogus", code=2)
    assert "sign in again" in run("status", code=3, PUNCHCLOCK_TOKEN="pc_" + "x" * 32).stderr
    # With a token, no user name is asked for (nothing to type: no terminal needed).
    token = orjson.loads(config.read_bytes())["token"]
    relogin = run("login", base, "--token", token, stdin="")
    assert "as alice" in relogin.stdout
    assert "Username" not in relogin.stdout
    assert "_PUNCHCLOCK_COMPLETE" in run("completion", "bash").stdout


def test_a_time_of_day_in_edit_is_on_the_entrys_own_day_and_overlaps_are_named(base, tmp_path):
    run = Cli(tmp_path / "home" / "cli.json")
    run("login", base, "--username", "alice", "--password-stdin", stdin="alice-password\n")
    long_ago = run.json("add", "2026-11-16T09:00", "2026-11-16T10:00", "design")
    other = run.json("add", "2026-11-16T13:00", "2026-11-16T14:00", "review")
    # 17:30 is on 16 November (the entry's day), not today: a 8.5-hour entry, not one of weeks.
    res = run("edit", str(long_ago["id"]), "--end", "17:30")
    assert "8:30" in res.stdout
    assert f"Note: it overlaps #{other['id']} (13:00-14:00 review" in res.stdout
    moved = run.json("edit", str(long_ago["id"]), "--start", "8:00")
    assert moved["start_time"].startswith("2026-11-16T08:00")
    # An end before the start is on the next day: 23:00 to 01:00 is two hours over midnight.
    night = run.json("add", "2026-11-18T23:00", "2026-11-18T23:30", "deploy")
    assert run.json("edit", str(night["id"]), "--end", "01:00")["duration_seconds"] == 7200
    added = run("add", "2026-11-16T13:30", "2026-11-16T13:45", "call")
    assert f"Note: it overlaps #{other['id']}" in added.stdout


def test_add_takes_times_before_now_like_minus_four_hours(base, tmp_path):
    run = Cli(tmp_path / "home" / "cli.json")
    run("login", base, "--username", "alice", "--password-stdin", stdin="alice-password\n")
    added = run.json("add", "-4h", "-3h", "review #client-a", "-p", "Website")
    assert (added["duration_seconds"], added["project"], added["tag_list"]) == (3600, "Website", ["client-a"])
    assert "No such option" in run("add", "-4h", "-3h", "x", "--bogus", code=2).stderr


def test_locked_time_is_refused_from_the_terminal_with_the_reason(base, tmp_path):
    """The CLI writes through REST, so the period lock holds there too: each refusal exits 1 and
    says why, and nothing changes."""
    import httpx

    from tests.cli.conftest import ADMIN_PASSWORD

    run = Cli(tmp_path / "home" / "cli.json")
    run("login", base, "--username", "alice", "--password-stdin", stdin="alice-password\n")
    early = run.json("add", "2026-11-16T09:00", "2026-11-16T10:00", "design")
    res = httpx.post(f"{base}/api/v1/auth/session", json={"username": "admin", "password": ADMIN_PASSWORD})
    admin = {"Authorization": f"Bearer {res.json()['token']}"}
    res = httpx.put(f"{base}/api/v1/signoff", json={"lock_date": "2026-11-30"}, headers=admin)
    assert res.status_code == 200, res.text
    for args in (
        ("add", "2026-11-17T09:00", "2026-11-17T10:00", "late"),
        ("edit", str(early["id"]), "-d", "changed"),
        ("delete", str(early["id"]), "-y"),
    ):
        refused = run(*args, code=1)
        assert "Time before 2026-11-30 is locked" in refused.stderr, refused.stderr
    kept = httpx.get(f"{base}/api/v1/time-entries/{early['id']}", headers=admin).json()["time_entry"]
    assert kept["notes"] == "design"
    # The entry's history names the path it was written through.
    versions = httpx.get(f"{base}/api/v1/time-entries/{early['id']}/history", headers=admin).json()[
        "versions"
    ]
    assert [(v["action"], v["via"]) for v in versions] == [("create", "cli")]
