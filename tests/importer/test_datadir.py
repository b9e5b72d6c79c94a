"""Reading TimeTagger's data folder: finding the user files, naming their users, refusing damaged ones."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from punchclock.importer.datadir import UserFile, find_user_files, read_user_file, username_of
from punchclock.importer.source import SourceError
from tests.importer.helpers import ALICE_FILE, BOB_FILE, FIXTURE, expected


def test_the_data_folder_its_users_folder_or_one_file_can_be_named(tmp_path):
    both = [(f.path, f.username) for f in find_user_files(FIXTURE)]
    assert both == [(ALICE_FILE, "Alice"), (BOB_FILE, "bob@example.com")]
    assert [(f.path, f.username) for f in find_user_files(FIXTURE / "users")] == both
    assert find_user_files(BOB_FILE) == [UserFile(BOB_FILE, "bob@example.com")]
    (tmp_path / "notes.txt").write_text("not a user file")
    with pytest.raises(SourceError, match="no TimeTagger user files"):
        find_user_files(tmp_path)
    with pytest.raises(SourceError, match="does not exist"):
        find_user_files(tmp_path / "missing")


@pytest.mark.parametrize(
    ("name", "username"),
    [
        ("Alice~QWxpY2U=.db", "Alice"),
        ("bob-example-com~Ym9iQGV4YW1wbGUuY29t.db", "bob@example.com"),
        # TimeTagger's readable part is lossy; the base64 part after the last '~' is the truth.
        ("j-rg-n~SsO2cmcgTsO4cg==.db", "Jörg Nør"),
        ("plain.db", None),
        ("broken~%%%.db", None),
        ("notutf8~_w==.db", None),
    ],
)
def test_the_username_comes_from_the_file_name(name, username, tmp_path):
    assert username_of(tmp_path / name) == username


def test_a_user_file_reads_back_exactly_what_the_server_stored():
    source = read_user_file(UserFile(ALICE_FILE, "Alice"))
    want = expected("Alice")
    assert source.name == ALICE_FILE.name
    assert source.username == "Alice"
    assert {r["key"]: r for r in source.records} == want["records"]
    assert {s["key"]: s for s in source.settings} == want["settings"]
    assert len(source.records) == 28
    assert source.unreadable == []
    by_key = {r["key"]: r for r in source.records}
    assert by_key["aliceR03"]["ds"] == "日本語のドキュメントをレビュー #レビュー"
    assert "ds" not in by_key["aliceNoDs"]


def _garbage(path):
    path.write_bytes(b"this is not a database" * 100)


def _truncated(path):
    shutil.copy(ALICE_FILE, path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _no_tables(path):
    sqlite3.connect(path).execute("CREATE TABLE something (x)").connection.close()


def _bad_row(path):
    shutil.copy(ALICE_FILE, path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE records SET _ob = '{\"key\": ' WHERE key = 'aliceR05'")
    conn.close()


def _list_row(path):
    shutil.copy(ALICE_FILE, path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE settings SET _ob = '[1, 2]' WHERE key = 'workdays'")
    conn.close()


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (_garbage, "not a readable SQLite database"),
        (_truncated, "not a readable SQLite database"),
        (_no_tables, "not a TimeTagger user database .no records or settings table"),
        (_bad_row, "row \\d+ of table 'records' is not JSON"),
        (_list_row, "row \\d+ of table 'settings' is not a JSON object"),
    ],
)
def test_a_damaged_file_is_refused_whole(damage, message, tmp_path):
    path = tmp_path / "Alice~QWxpY2U=.db"
    damage(path)
    with pytest.raises(SourceError, match=f"^Alice~QWxpY2U=.db: {message}"):
        read_user_file(UserFile(path, "Alice"))
