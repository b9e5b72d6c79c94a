"""`punchclock import timetagger` and `timetagger-csv` in-process, on a fresh SQLite folder and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from punchclock.cli.importer import import_
from punchclock.cli.main import cli
from tests.cli.test_admin import app_on, create_token, create_user, table_rows
from tests.importer.helpers import ALICE_FILE, BOB_FILE, EXPORT_ZONE, FIXTURE, copy_csv, copy_data_dir

ALICE_FAILED = "failed: Alice: aliceBad: t1 must not be after t2\n"


def run_import(target, *args: str) -> Result:
    """`punchclock import ...` on the target database: there --data-dir is TimeTagger's folder."""
    options, _ = target
    if options[0] == "--data-dir":
        options = ["--punchclock-data-dir", options[1]]
    return CliRunner().invoke(cli, ["import", *args, *options])


def summary(res: Result) -> list[list[str]]:
    """The summary table's rows: from, into, items, imported, updated, unchanged, failed."""
    return [row for row in table_rows(res) if row[0] != "from"]


def test_import_prints_a_summary_and_a_second_run_adds_nothing(target, tmp_path):
    create_user(target, "alice")
    create_user(target, "bob@example.com")
    res = run_import(target, "timetagger", "--data-dir", str(FIXTURE))
    assert res.exit_code == 0, res.output
    assert summary(res) == [
        ["Alice", "alice", "records", "27", "0", "0", "1"],
        ["", "", "settings", "7", "0", "0", "0"],
        ["bob@example.com", "bob@example.com", "records", "5", "0", "0", "0"],
        ["", "", "settings", "1", "0", "0", "0"],
        ["total", "", "records", "32", "0", "0", "1"],
        ["", "", "settings", "8", "0", "0", "0"],
    ]
    assert ALICE_FAILED in res.stderr
    assert "35/35" in res.stderr  # the progress bar, on stderr
    again = run_import(target, "timetagger", "--data-dir", str(FIXTURE))
    assert again.exit_code == 0, again.output
    assert summary(again)[-2:] == [
        ["total", "", "records", "0", "0", "32", "1"],
        ["", "", "settings", "0", "0", "8", "0"],
    ]
    token, _ = create_token(target, "alice", "read:time_entries")
    with app_on(target, tmp_path) as client:
        h = {"Authorization": f"Bearer {token}"}
        listed = client.get("/api/v1/time-entries", params={"include_active": "true"}, headers=h).json()
        assert listed["pagination"]["total"] == 25
        status = client.get("/api/v1/timer/status", headers=h).json()
        assert status["timer"]["notes"] == "Current task #deep"


def test_users_without_an_account_are_reported_and_the_exit_status_is_1(target):
    create_user(target, "alice")
    res = run_import(target, "timetagger", "--data-dir", str(FIXTURE / "users"))
    assert res.exit_code == 1
    rows = summary(res)
    assert rows[0] == ["Alice", "alice", "records", "27", "0", "0", "1"]
    assert rows[2] == ["bob@example.com", "bob@example.com", "skipped", "-", "-", "-", "-"]
    assert (
        "error: bob@example.com: no Punchclock account named 'bob@example.com': "
        "create it, or choose one with --user\n"
    ) in res.stderr


def test_the_user_option_imports_one_file_into_that_account(target):
    create_user(target, "carol")
    res = run_import(target, "timetagger", "--data-dir", str(BOB_FILE), "--user", "Carol")
    assert res.exit_code == 0, res.output
    assert summary(res) == [
        ["bob@example.com", "carol", "records", "5", "0", "0", "0"],
        ["", "", "settings", "1", "0", "0", "0"],
    ]
    res = run_import(target, "timetagger", "--data-dir", str(FIXTURE), "--user", "carol")
    assert res.exit_code == 1
    assert "holds 2 user files (Alice, bob@example.com), none of them 'carol''s in TimeTagger" in res.stderr
    assert res.stdout == ""


def test_a_damaged_file_fails_with_a_clear_error_and_writes_nothing(target, tmp_path):
    create_user(target, "alice")
    data = copy_data_dir(tmp_path)
    (data / "users" / BOB_FILE.name).unlink()
    (data / "users" / ALICE_FILE.name).write_bytes(b"\x00garbage" * 1000)
    res = run_import(target, "timetagger", "--data-dir", str(data))
    assert res.exit_code == 1
    assert f"error: Alice: {ALICE_FILE.name}: not a readable SQLite database" in res.stderr
    assert summary(res) == [["Alice", "alice", "skipped", "-", "-", "-", "-"]]
    # Nothing was written: importing the good file now imports all of it.
    res = run_import(target, "timetagger", "--data-dir", str(ALICE_FILE))
    assert res.exit_code == 0, res.output
    assert summary(res)[0] == ["Alice", "alice", "records", "27", "0", "0", "1"]


def test_nothing_to_import_is_an_error(target, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    res = run_import(target, "timetagger", "--data-dir", str(empty))
    assert res.exit_code == 1
    assert res.stderr == f"error: no TimeTagger user files (*.db) in {empty}\n"
    res = run_import(target, "timetagger", "--data-dir", str(tmp_path / "missing"))
    assert res.exit_code == 2
    assert "does not exist" in res.stderr


def test_a_csv_export_imports_idempotently(target, tmp_path):
    create_user(target, "alice")
    path = copy_csv(tmp_path)
    args = ["timetagger-csv", str(path), "--user", "alice", "--timezone", EXPORT_ZONE]
    res = run_import(target, *args)
    assert res.exit_code == 0, res.output
    assert summary(res) == [
        ["export.csv", "alice", "records", "25", "0", "0", "1"],
        ["", "", "settings", "0", "0", "0", "0"],
    ]
    assert "failed: export.csv: aliceBad: row 24: the stop is before the start\n" in res.stderr
    again = run_import(target, *args)
    assert summary(again)[0] == ["export.csv", "alice", "records", "0", "0", "25", "1"]


def test_csv_errors(target, tmp_path):
    create_user(target, "alice")
    path = copy_csv(tmp_path)
    res = run_import(target, "timetagger-csv", str(path), "--user", "alice", "--timezone", "Mars/Base")
    assert res.exit_code == 2
    assert "unknown time zone 'Mars/Base'" in res.stderr
    res = run_import(target, "timetagger-csv", str(path), "--user", "nobody")
    assert res.exit_code == 1
    assert "error: export.csv: no Punchclock account named 'nobody'\n" in res.stderr
    res = run_import(target, "timetagger-csv", str(path))
    assert res.exit_code == 2
    assert "Missing option '--user'" in res.stderr
    bad = tmp_path / "report.csv"
    bad.write_text("subtotals,tag_groups,duration,date,start,stop,description,user,tags\n")
    res = run_import(target, "timetagger-csv", str(bad), "--user", "alice")
    assert res.exit_code == 1
    assert "this is a report; export with TimeTagger's 'Export all records' instead" in res.stderr


def test_every_import_command_is_documented():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert sorted(import_.commands) == [
        "clockify",
        "kimai",
        "punchclock",
        "timetagger",
        "timetagger-csv",
        "toggl",
    ]
    for name, command in import_.commands.items():
        assert f"punchclock import {name} " in readme, name
        for param in command.params:
            for option in param.opts:
                if option.startswith("--"):
                    assert option in readme, f"{name} {option}"
