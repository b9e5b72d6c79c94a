"""The batch rules on their own (no database): mt conflicts, tombstones, one running timer, project tags."""

from __future__ import annotations

from types import SimpleNamespace

from punchclock.sync.merge import Batch, Entry, index_projects
from punchclock.sync.schemas import RecordIn

NOW = 1_800_000_000
T = 1_700_000_000


def stored(key: str, start: int, end: int | None, mt: float = 100.0, **kw) -> Entry:
    fields = {"notes": "", "tags": "", "project_id": None, "task_id": None, "project_tag": None, **kw}
    return Entry(
        id=len(key), sync_key=key, start_at=start, end_at=end, billable=True, mt=mt, deleted_at=None, **fields
    )


def batch(*entries: Entry, projects=()) -> Batch:
    running = next((e.sync_key for e in entries if e.end_at is None), None)
    rows = [SimpleNamespace(id=i, tag=tag, billable=bill) for i, tag, bill in projects]
    return Batch({e.sync_key: e for e in entries}, running, index_projects(rows), NOW)


def rec(key: str, t1: int, t2: int, ds: str = "", mt: float = 200.0) -> RecordIn:
    return RecordIn(key, t1, t2, ds, mt)


def test_stored_wins_when_newer_and_is_resent():
    b = batch(stored("a", T, T + 60, mt=300.0, notes="kept"))
    assert b.apply_all([rec("a", T, T + 99, "changed", mt=200.0)]) == ["a"]
    entry = b.entries["a"]
    assert (entry.end_at, entry.notes, entry.mt) == (T + 60, "kept", 300.0)
    assert entry.stamped
    assert not entry.changed


def test_equal_mt_lets_the_push_win():
    b = batch(stored("a", T, T + 60, mt=200.0))
    b.apply_all([rec("a", T, T + 99, "new", mt=200.0)])
    assert (b.entries["a"].end_at, b.entries["a"].notes) == (T + 99, "new")


def test_hidden_makes_a_tombstone_that_never_runs():
    b = batch(stored("run", T, None))
    b.apply_all([rec("run", T, T, "HIDDEN oops")])
    entry = b.entries["run"]
    assert entry.deleted_at == NOW
    assert entry.end_at == NOW  # max(t1 + 1, now)
    assert b.running_key is None


def test_a_new_running_record_stops_the_running_one_at_its_start():
    b = batch(stored("old", T, None, mt=100.0))
    b.apply_all([rec("new", T + 600, T + 600, mt=150.0)])
    assert b.entries["old"].end_at == T + 600
    assert b.entries["old"].mt == NOW  # bumped: a stale copy of "old" cannot restart it
    assert b.entries["new"].end_at is None
    assert b.running_key == "new"


def test_an_older_running_record_is_stored_stopped_where_the_running_one_starts():
    b = batch(stored("current", T + 600, None))
    b.apply_all([rec("late", T, T)])
    assert b.entries["late"].end_at == T + 600
    assert b.entries["current"].end_at is None
    assert b.running_key == "current"


def test_a_running_record_at_the_same_second_still_gets_one_second():
    b = batch(stored("old", T, None))
    b.apply_all([rec("new", T, T)])
    assert b.entries["old"].end_at == T + 1
    assert b.running_key == "new"


def test_stops_apply_before_starts_within_a_batch():
    # TimeTagger's CLI sends [the running record with t2 = now, the new running record].
    b = batch(stored("old", T, None, mt=100.0))
    b.apply_all([rec("new", T + 900, T + 900), rec("old", T, T + 800, mt=100.0)])
    assert b.entries["old"].end_at == T + 800  # its own stop, not the implicit one
    assert b.running_key == "new"


def test_several_running_records_in_one_batch_leave_the_latest_running():
    b = batch()
    b.apply_all([rec("c", T + 20, T + 20), rec("a", T, T), rec("b", T + 10, T + 10)])
    assert {k: e.end_at for k, e in b.entries.items()} == {"a": T + 10, "b": T + 20, "c": None}
    updates, inserts, last = b.writes()
    assert updates == []
    assert [e.sync_key for e in inserts] == ["a", "b"]
    assert last.sync_key == "c"


def test_writes_put_every_stop_before_the_one_start():
    b = batch(stored("old", T, None))
    b.apply_all([rec("new", T + 5, T + 5)])
    updates, inserts, last = b.writes()
    assert [e.sync_key for e in updates] == ["old"]
    assert inserts == []
    assert last.sync_key == "new"


def test_project_tags_set_and_clear_the_project():
    projects = [(7, "Website", False), (8, "acme", True)]
    b = batch(stored("a", T, T + 60), projects=projects)
    b.apply_all([rec("a", T, T + 60, "Design #website")])
    assert (b.entries["a"].project_id, b.entries["a"].project_tag) == (7, "Website")
    b.apply_all([rec("a", T, T + 60, "Design #acme", mt=300.0)])
    assert b.entries["a"].project_id == 8
    b.apply_all([rec("a", T, T + 60, "Design", mt=400.0)])
    assert b.entries["a"].project_id is None


def test_a_new_record_takes_its_projects_billable_flag():
    b = batch(projects=[(7, "internal", False)])
    b.apply_all([rec("n", T, T + 60, "#internal")])
    assert (b.entries["n"].project_id, b.entries["n"].billable) == (7, False)


def test_a_new_record_on_no_project_is_not_billable():
    b = batch(projects=[(7, "web", True)])
    b.apply_all([rec("n", T, T + 60, "Reading #news"), rec("w", T, T + 60, "Build #web")])
    assert (b.entries["n"].project_id, b.entries["n"].billable) == (None, False)
    assert b.entries["w"].billable is True


def test_a_project_without_a_tag_is_kept_and_a_changed_project_drops_the_task():
    b = batch(stored("a", T, T + 60, project_id=3, task_id=9), projects=[(7, "web", True)])
    b.apply_all([rec("a", T, T + 60, "no project tag")])
    assert (b.entries["a"].project_id, b.entries["a"].task_id) == (3, 9)
    b.apply_all([rec("a", T, T + 60, "#web", mt=300.0)])
    assert (b.entries["a"].project_id, b.entries["a"].task_id) == (7, None)


def test_an_unchanged_ds_keeps_rest_notes_tags_and_task():
    entry = stored("a", T, None, notes="Review", tags="ux", project_id=7, task_id=9, project_tag="web")
    b = batch(entry, projects=[(7, "web", True)])
    b.apply_all([rec("a", T, T + 300, "Review #ux #web")])  # a TimeTagger client stops the timer
    got = b.entries["a"]
    assert (got.notes, got.tags, got.project_id, got.task_id, got.end_at) == ("Review", "ux", 7, 9, T + 300)


def test_restamp_only_marks_known_keys():
    b = batch(stored("a", T, T + 60))
    b.restamp("a")
    b.restamp("unknown")
    assert b.entries["a"].stamped
    assert "unknown" not in b.entries
