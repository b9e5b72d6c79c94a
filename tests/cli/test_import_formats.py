"""`punchclock import toggl|clockify|kimai|punchclock FILE --user NAME [--dry-run] [--json]`."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from punchclock.cli.main import cli
from tests.cli.test_admin import create_user

FIXTURES = Path(__file__).parent.parent / "fixtures" / "imports"


@pytest.fixture
def sqlite_target(tmp_path):
    data_dir = tmp_path / "data"
    assert CliRunner().invoke(cli, ["migrate", "--data-dir", str(data_dir)]).exit_code == 0
    return ["--data-dir", str(data_dir)], f"sqlite:///{data_dir / 'punchclock.db'}"


def imp(target, *args):
    return CliRunner().invoke(cli, ["import", *args, "--punchclock-data-dir", target[0][1]])


def test_dry_run_then_real_run_then_nothing_new(sqlite_target):
    create_user(sqlite_target, "alice")
    file = str(FIXTURES / "toggl.csv")
    dry = imp(
        sqlite_target, "toggl", file, "--user", "alice", "--timezone", "Europe/Berlin", "--dry-run", "--json"
    )
    assert dry.exit_code == 0, dry.output
    out = orjson.loads(dry.stdout)
    assert (out["dry_run"], out["imported"]) == (True, 4)
    real = imp(sqlite_target, "toggl", file, "--user", "alice", "--timezone", "Europe/Berlin")
    assert real.exit_code == 0, real.output
    assert "created projects: Website, Internal" in real.stdout
    assert "rejected: line 6: '2026-11-31' is not a date" in real.stderr
    again = imp(sqlite_target, "toggl", file, "--user", "alice", "--timezone", "Europe/Berlin", "--json")
    assert orjson.loads(again.stdout)["duplicates"] == 4


def test_every_format_has_a_command_and_errors_exit_1(sqlite_target, tmp_path):
    create_user(sqlite_target, "alice")
    for fmt, name in (
        ("clockify", "clockify.csv"),
        ("kimai", "kimai.csv"),
        ("punchclock", "punchclock.json"),
    ):
        res = imp(sqlite_target, fmt, str(FIXTURES / name), "--user", "alice", "--json")
        assert res.exit_code == 0, res.output
        out = orjson.loads(res.stdout)
        # The same entry in two formats has the same key: the second file counts it a duplicate.
        assert out["imported"] + out["duplicates"] == 3
    res = imp(
        sqlite_target, "timetagger-csv", str(FIXTURES / "timetagger.csv"), "--user", "alice", "--dry-run"
    )
    assert res.exit_code == 0, res.output
    assert "dry run" in res.stdout
    assert imp(sqlite_target, "kimai", str(FIXTURES / "kimai.csv"), "--user", "nobody").exit_code == 1
    bad = tmp_path / "bad.csv"
    bad.write_text("nothing,useful\n1,2\n")
    res = imp(sqlite_target, "toggl", str(bad), "--user", "alice")
    assert res.exit_code == 1
    assert "no 'start date', 'start time', 'end time' or 'duration' column" in res.stderr


def test_a_team_file_needs_by_user_which_sends_each_row_to_its_persons_account(sqlite_target):
    from tests.cli.test_admin import invoke

    for name, extra in (("alice", ["--email", "alice@example.com"]), ("robert", ["--display-name", "Bob"])):
        res = invoke(sqlite_target, "user", "create", name, *extra, "--password-stdin", input="password123\n")
        assert res.exit_code == 0, res.output
    file = str(FIXTURES / "toggl_team.csv")
    merged = imp(sqlite_target, "toggl", file, "--user", "alice")
    assert merged.exit_code == 1
    assert "toggl_team.csv holds the time of 4 people" in merged.stderr
    assert "--by-user" in merged.stderr
    assert imp(sqlite_target, "toggl", file, "--by-user", "--user", "alice").exit_code == 2
    no_zone = imp(sqlite_target, "toggl", file, "--by-user")
    assert no_zone.exit_code == 2
    assert "--by-user needs --timezone" in no_zone.stderr
    assert imp(sqlite_target, "toggl", file).exit_code == 2  # neither --user nor --by-user
    args = ("toggl", file, "--by-user", "--timezone", "Europe/Berlin")
    dry = imp(sqlite_target, *args, "--dry-run", "--json")
    assert dry.exit_code == 0, dry.output
    counts = [(a["account"], a["imported"]) for a in orjson.loads(dry.stdout)["accounts"]]
    assert counts == [("alice", 2), ("robert", 1)]
    real = imp(sqlite_target, *args)
    assert real.exit_code == 0, real.output
    assert "into 2 accounts, by user" in real.stdout
    assert "rejected: line 4: no account for carol@example.com" in real.stderr
    again = imp(sqlite_target, *args, "--json")
    assert [(a["account"], a["duplicates"]) for a in orjson.loads(again.stdout)["accounts"]] == counts
