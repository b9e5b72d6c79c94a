"""Importing TimeTagger data through the sync push, on SQLite and PostgreSQL: accounts, idempotency,
the sync rules, damaged files and a failure half-way."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy.exc import OperationalError

from punchclock.importer import service
from punchclock.importer.service import import_csv, import_data_dir
from punchclock.importer.source import Failure, SourceError
from punchclock.sync import service as sync_service
from punchclock.sync.stamp import read_state
from tests.entry.helpers import ENTRIES, project, set_timezone
from tests.importer.helpers import (
    ALICE_FILE,
    BAD_KEY,
    EXPORT_ZONE,
    FIXTURE,
    MT,
    copy_csv,
    copy_data_dir,
    counts,
    expected,
    stored_records,
    stored_settings,
)
from tests.sync.helpers import entries

BAD = Failure(BAD_KEY, "t1 must not be after t2")


def by_key(db, user_id):
    return {row["sync_key"]: row for row in entries(db, user_id)}


def assert_is_the_fixture(db, user_id, tt_user):
    """The account holds the TimeTagger user's records and settings, as the sync rules store them."""
    want = expected(tt_user)
    got = stored_records(db, user_id)
    assert set(got) == set(want["records"]) - {BAD_KEY}
    for key, record in got.items():
        if key != "aliceRun1":
            assert record == {"ds": "", **want["records"][key]}, key
    if tt_user == "Alice":
        # Two timers ran in TimeTagger; the later start keeps running, the other stops there.
        run1, run2 = got["aliceRun1"], got["aliceRun2"]
        assert run2["t1"] == run2["t2"]
        assert run1["t2"] == run2["t1"] > run1["t1"]
        assert run1["mt"] > MT
    assert stored_settings(db, user_id) == {k: (s["value"], s["mt"]) for k, s in want["settings"].items()}


def test_every_record_and_setting_goes_to_the_account_of_its_user(api):
    alice, bob = api.user(name="alice"), api.user(name="bob@example.com")
    summary = import_data_dir(api.db, FIXTURE)
    assert summary.ok
    a, b = summary.files
    assert (a.source, a.tt_user, a.account, a.error) == (ALICE_FILE.name, "Alice", "alice", None)
    assert (b.tt_user, b.account) == ("bob@example.com", "bob@example.com")
    assert counts(a.records) == (27, 0, 0, 1)
    assert a.records.failed == [BAD]
    assert counts(a.settings) == (7, 0, 0, 0)
    assert (counts(b.records), counts(b.settings)) == ((5, 0, 0, 0), (1, 0, 0, 0))
    assert_is_the_fixture(api.db, alice.id, "Alice")
    assert_is_the_fixture(api.db, bob.id, "bob@example.com")
    assert summary.as_dict()["files"][0]["records"]["failed"] == [
        {"key": BAD_KEY, "reason": "t1 must not be after t2"}
    ]


def test_imported_records_are_the_rest_apis_entries(api):
    alice = api.user(name="alice")
    import_data_dir(api.db, ALICE_FILE, "alice")
    h = api.headers(alice)
    listed = api.get(ENTRIES, params={"per_page": 100, "include_active": "true"}, headers=h).json()
    # 27 imported, 2 of them deleted in TimeTagger: tombstones, not entries.
    assert listed["pagination"]["total"] == 25
    by_notes = {e["notes"]: e for e in listed["time_entries"]}
    mixed = by_notes["Mixed CASE #Client-A #MEETING"]
    assert (mixed["tags"], mixed["source"]) == ("client-a,meeting", "timetagger")
    assert by_notes["日本語のドキュメントをレビュー #レビュー"]["tag_list"] == ["レビュー"]
    assert not any(n.startswith("HIDDEN") for n in by_notes)
    status = api.get("/api/v1/timer/status", headers=h).json()
    assert status["active"]
    assert status["timer"]["notes"] == "Current task #deep"


def test_a_second_import_writes_nothing(api):
    alice = api.user(name="alice")
    import_data_dir(api.db, FIXTURE, "alice")
    rows = entries(api.db, alice.id)
    state = api.db.call(read_state, alice.id, write=False)
    again = import_data_dir(api.db, FIXTURE, "alice")
    (f,) = again.files
    assert (counts(f.records), counts(f.settings)) == ((0, 0, 27, 1), (0, 0, 7, 0))
    assert entries(api.db, alice.id) == rows
    # Not even a new stamp: clients polling the account see no change.
    assert api.db.call(read_state, alice.id, write=False) == state


def test_records_changed_in_timetagger_since_are_updated(api, tmp_path):
    alice = api.user(name="alice")
    data = copy_data_dir(tmp_path)
    import_data_dir(api.db, data, "alice")
    path = data / "users" / ALICE_FILE.name
    with sqlite3.connect(path) as conn:
        conn.execute(
            "UPDATE records SET _ob = json_set(_ob, '$.ds', 'Longer standup #meeting', '$.mt', ?)"
            " WHERE key = 'aliceR01'",
            (MT + 500,),
        )
        conn.execute(
            "UPDATE records SET _ob = json_set(_ob, '$.ds', 'HIDDEN ' || json_extract(_ob, '$.ds'),"
            " '$.mt', ?) WHERE key = 'aliceR02'",
            (MT + 500,),
        )
        conn.execute(
            "INSERT INTO records (_ob, key, st, t1, t2) VALUES (?, 'aliceNew', 1, 1, 2)",
            ('{"key": "aliceNew", "t1": 1706900000, "t2": 1706903600, "ds": "New #x", "mt": 1706900000}',),
        )
    conn.close()
    (f,) = import_data_dir(api.db, data, "alice").files
    assert counts(f.records) == (1, 2, 25, 1)
    rows = by_key(api.db, alice.id)
    assert rows["aliceR01"]["notes"] == "Longer standup #meeting"
    assert rows["aliceR02"]["deleted_at"] is not None
    assert rows["aliceNew"]["tags"] == "x"


def test_edits_made_in_punchclock_since_are_kept(api):
    alice = api.user(name="alice")
    import_data_dir(api.db, ALICE_FILE, "alice")
    entry_id = by_key(api.db, alice.id)["aliceR00"]["id"]
    res = api.patch(f"{ENTRIES}/{entry_id}", json={"notes": "Edited here"}, headers=api.headers(alice))
    assert res.status_code == 200, res.text
    (f,) = import_data_dir(api.db, ALICE_FILE, "alice").files
    assert counts(f.records) == (0, 0, 27, 1)
    assert by_key(api.db, alice.id)["aliceR00"]["notes"] == "Edited here"


def test_the_user_option_puts_one_file_into_any_account(api, tmp_path):
    carol, bob = api.user(name="carol"), api.user(name="bob@example.com")
    with pytest.raises(
        SourceError,
        match=r"holds 2 user files \(Alice, bob@example.com\), none of them 'carol''s in TimeTagger",
    ):
        import_data_dir(api.db, FIXTURE, "carol")
    (f,) = import_data_dir(api.db, ALICE_FILE, "carol").files
    assert (f.tt_user, f.account, counts(f.records)) == ("Alice", "carol", (27, 0, 0, 1))
    assert_is_the_fixture(api.db, carol.id, "Alice")
    # In a folder of several files, --user picks its own file.
    (f,) = import_data_dir(api.db, FIXTURE, "Bob@Example.com").files
    assert (f.tt_user, f.account) == ("bob@example.com", "bob@example.com")
    assert_is_the_fixture(api.db, bob.id, "bob@example.com")
    # A folder with one file: that file.
    only = copy_data_dir(tmp_path)
    (only / "users" / ALICE_FILE.name).unlink()
    (f,) = import_data_dir(api.db, only, "carol").files
    assert (f.tt_user, f.account, counts(f.records)) == ("bob@example.com", "carol", (5, 0, 0, 0))


def test_files_of_users_without_an_account_are_reported_and_skipped(api, tmp_path):
    alice = api.user(name="alice")
    data = copy_data_dir(tmp_path)
    (data / "users" / "nameless.db").write_bytes(ALICE_FILE.read_bytes())
    summary = import_data_dir(api.db, data)
    assert not summary.ok
    a, b, nameless = summary.files
    assert a.error is None
    assert counts(a.records) == (27, 0, 0, 1)
    assert b.error == "no Punchclock account named 'bob@example.com': create it, or choose one with --user"
    assert nameless.error == "the file name does not say whose file it is: import it with --user"
    assert b.records.total == nameless.records.total == 0
    assert_is_the_fixture(api.db, alice.id, "Alice")


def test_a_damaged_file_is_reported_and_nothing_of_it_is_written(api, tmp_path):
    alice, bob = api.user(name="alice"), api.user(name="bob@example.com")
    data = copy_data_dir(tmp_path)
    damaged = data / "users" / ALICE_FILE.name
    damaged.write_bytes(damaged.read_bytes()[:-4096])
    summary = import_data_dir(api.db, data)
    a, b = summary.files
    assert not summary.ok
    assert a.error is not None
    assert a.error.startswith(f"{ALICE_FILE.name}: not a readable SQLite database")
    assert a.records.total == a.settings.total == 0
    assert entries(api.db, alice.id) == []
    assert stored_settings(api.db, alice.id) == {}
    assert (b.error, counts(b.records)) == (None, (5, 0, 0, 0))
    assert_is_the_fixture(api.db, bob.id, "bob@example.com")


def test_tagged_projects_and_a_running_timer_follow_the_sync_rules(api):
    alice = api.user(name="alice")
    pid = project(api, api.headers(api.user("admin")), "Client A", tag="client-a")
    h = api.headers(alice)
    res = api.post("/api/v1/timer/start", json={"notes": "Started in Punchclock"}, headers=h)
    assert res.status_code in (200, 201), res.text
    import_data_dir(api.db, ALICE_FILE, "alice")
    rows = by_key(api.db, alice.id)
    assert rows["aliceR00"]["project_id"] == rows["aliceR08"]["project_id"] == pid
    assert rows["aliceR01"]["project_id"] is None
    # The timer started in Punchclock keeps running: TimeTagger's running records started
    # before it, so they are stored stopped where it starts.
    status = api.get("/api/v1/timer/status", headers=h).json()
    assert status["timer"]["notes"] == "Started in Punchclock"
    running = [r for r in entries(api.db, alice.id) if r["end_at"] is None]
    assert len(running) == 1
    assert rows["aliceRun1"]["end_at"] == rows["aliceRun2"]["end_at"] == running[0]["start_at"]


def test_small_batches_and_a_failure_half_way_converge(api, monkeypatch):
    alice = api.user(name="alice")
    push = sync_service.push_records
    calls = []

    def failing(session, user_id, items):
        calls.append(len(items))
        if len(calls) == 3:
            raise OperationalError("UPDATE time_entries ...", {}, Exception("disk I/O error"))
        return push(session, user_id, items)

    monkeypatch.setattr(sync_service, "push_records", failing)
    (f,) = import_data_dir(api.db, ALICE_FILE, "alice", batch_size=4).files
    assert f.error is not None
    assert "stopped by a database error after 8 records" in f.error
    assert "importing again completes the file" in f.error
    assert len(entries(api.db, alice.id)) == 8  # two batches committed, the third rolled back
    monkeypatch.setattr(sync_service, "push_records", push)
    (f,) = import_data_dir(api.db, ALICE_FILE, "alice", batch_size=4).files
    assert f.error is None
    assert (counts(f.records), counts(f.settings)) == ((19, 0, 8, 1), (0, 0, 7, 0))
    assert_is_the_fixture(api.db, alice.id, "Alice")


def test_after_a_forcereset_older_items_fail_as_in_a_push(api):
    alice = api.user(name="alice")
    api.db.call(sync_service.force_reset, alice.id)
    (f,) = import_data_dir(api.db, ALICE_FILE, "alice").files
    assert (counts(f.records), counts(f.settings)) == ((0, 0, 0, 28), (0, 0, 0, 7))
    assert {x.reason for x in f.records.failed} - {BAD.reason} == {sync_service.RESET_ERROR}


# CSV


def test_a_csv_export_imports_once_in_the_accounts_time_zone(api, tmp_path):
    alice = api.user(name="alice")
    set_timezone(api, alice, EXPORT_ZONE)
    path = copy_csv(tmp_path)
    (f,) = import_csv(api.db, path, "Alice").files
    assert (f.account, f.error) == ("alice", None)
    assert counts(f.records) == (25, 0, 0, 1)
    assert f.records.failed == [Failure(BAD_KEY, "row 24: the stop is before the start")]
    want = expected("Alice")["records"]
    got = stored_records(api.db, alice.id)
    assert got["aliceR02"]["t1"] == want["aliceR02"]["t1"]
    assert got["aliceR07"]["ds"] == want["aliceR07"]["ds"]
    assert got["aliceRun2"]["t2"] == want["aliceRun2"]["t1"] + 1  # a CSV row never runs
    (f,) = import_csv(api.db, path, "alice").files
    assert counts(f.records) == (0, 0, 25, 1)


def test_a_csv_after_the_data_folder_changes_only_the_running_timer(api, tmp_path):
    alice = api.user(name="alice")
    import_data_dir(api.db, ALICE_FILE, "alice")
    (f,) = import_csv(api.db, copy_csv(tmp_path), "alice", EXPORT_ZONE).files
    # Same keys, same content: unchanged whatever the mt. aliceRun1 was stopped by the first
    # import (a newer mt); aliceRun2 ran, and a CSV row does not.
    assert counts(f.records) == (0, 1, 24, 1)
    assert not api.get("/api/v1/timer/status", headers=api.headers(alice)).json()["active"]


def test_a_key_twice_in_a_csv_counts_once_the_later_row(api, tmp_path):
    alice = api.user(name="alice")
    path = tmp_path / "dup.csv"
    path.write_text(
        "key,start,stop,description\nk,1705309200,1705312800,first\nk,1705309200,1705312800,second\n"
    )
    (f,) = import_csv(api.db, path, "alice").files
    assert counts(f.records) == (1, 0, 0, 1)
    assert f.records.failed[0].reason == "the same key again later in the file: the later one counts"
    assert stored_records(api.db, alice.id)["k"]["ds"] == "second"


def test_a_csv_for_a_missing_account_or_a_bad_file_is_reported(api, tmp_path):
    api.user(name="alice")
    (f,) = import_csv(api.db, copy_csv(tmp_path), "nobody").files
    assert f.error == "no Punchclock account named 'nobody'"
    bad = tmp_path / "bad.csv"
    bad.write_text("key,description\nk,text\n")
    summary = import_csv(api.db, bad, "alice")
    assert not summary.ok
    assert summary.files[0].error == "bad.csv: no start or stop column in the header"


def test_batch_size_is_bounded(api):
    api.user(name="alice")
    (f,) = import_data_dir(api.db, ALICE_FILE, "alice", batch_size=10**9).files
    assert counts(f.records) == (27, 0, 0, 1)
    assert service.MAX_ITEMS == 10_000
