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
