"""entry_tags (migration 0016) follows every write path, so a report filtered by a tag lists exactly
the entries carrying it: REST, the timer, TimeTagger sync, imports, the timesheet, restores, SQL by
hand, a deleted user. After each path the table is compared with the entries themselves."""

from __future__ import annotations

import time
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote

import pytest
from sqlalchemy import text

from tests.entry.helpers import ENTRIES, entry, entry_by_hand, member_and_admin
from tests.report.helpers import GROUPED
from tests.sync.helpers import T0, login, record
from tests.timesheet.helpers import DAY, cell

LIST = "/api/v1/reports/entries"
SPAN = "start_date=2023-01-01&end_date=2024-12-31"
COPIED = ("user_id", "project_id", "task_id", "start_at", "end_at", "paused_at", "break_seconds", "billable")
TRIGGERS = {"entry_tags_insert", "entry_tags_update"}


def by_tag(api: Any, h: dict[str, str], *tags: str) -> tuple[list[int], int]:
    """The ids the entry list of a report filtered by ``tags`` holds, and the report's seconds."""
    query = f"{SPAN}&tags={quote(','.join(tags))}"
    report = api.get(f"{GROUPED}?{query}", headers=h)
    assert report.status_code == 200, report.text
    listed = api.get(f"{LIST}?{query}&per_page=100", headers=h)
    assert listed.status_code == 200, listed.text
    ids = sorted(e["id"] for e in listed.json()["time_entries"])
    assert len(ids) == report.json()["report"]["totals"]["entries"]
    return ids, report.json()["report"]["totals"]["seconds"]


def ids(api: Any, h: dict[str, str], *tags: str) -> list[int]:
    return by_tag(api, h, *tags)[0]


def assert_exact(db: Any) -> None:
    """One row per live entry and distinct tag, keyed by the database's own LOWER() of the tag (as
    the LIKE it replaces compared), with the entry's columns; nothing else."""
    with db.engine.connect() as conn:
        entries = conn.execute(
            text(f"SELECT id, tags, {', '.join(COPIED)} FROM time_entries WHERE deleted_at IS NULL")
        ).all()
        expected = set()
        for entry_id, tags, *copied in entries:
            for tag in (tags or "").split(","):
                if tag:
                    key = conn.execute(text("SELECT LOWER(:t)"), {"t": tag}).scalar_one()
                    expected.add((entry_id, key, *(bool(c) if n == 7 else c for n, c in enumerate(copied))))
        rows = conn.execute(text(f"SELECT entry_id, tag, {', '.join(COPIED)} FROM entry_tags")).all()
    found = [(r[0], r[1], *(bool(c) if n == 7 else c for n, c in enumerate(r[2:]))) for r in rows]
    assert len(found) == len(set(found))
    assert set(found) == expected


@pytest.fixture
def w(api: Any) -> SimpleNamespace:
    return member_and_admin(api)


def test_the_triggers_exist_at_head(db):
    with db.engine.connect() as conn:
        if db.is_sqlite:
            sql = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'time_entries'"
            # A later migration that copies time_entries (batch mode) must make them again.
            assert set(conn.execute(text(sql)).scalars()) >= {
                *TRIGGERS,
                "entry_tags_retag",
                "entry_tags_delete",
            }
        else:
            sql = "SELECT tgname FROM pg_trigger WHERE tgrelid = 'time_entries'::regclass"
            assert set(conn.execute(text(sql)).scalars()) >= TRIGGERS


def test_rest_create_edit_move_delete_restore(api, db, w):
    e = entry(
        api, w.mh, "2024-05-01T09:00:00Z", "2024-05-01T10:00:00Z", notes="Kickoff #Client-A", tags="ux"
    )["id"]
    assert ids(api, w.mh, "client-a") == ids(api, w.mh, "UX") == ids(api, w.mh, "#ux") == [e]
    assert api.patch(f"{ENTRIES}/{e}", json={"tags": ["design"]}, headers=w.mh).status_code == 200
    assert (ids(api, w.mh, "ux"), ids(api, w.mh, "design"), ids(api, w.mh, "client-a")) == ([], [e], [e])
    assert api.patch(f"{ENTRIES}/{e}", json={"notes": "Kickoff #Client-B"}, headers=w.mh).status_code == 200
    assert (ids(api, w.mh, "client-a"), ids(api, w.mh, "client-b")) == ([], [e])
    moved = {"start_time": "2024-07-01T09:00:00Z", "end_time": "2024-07-01T11:00:00Z", "project_id": w.site}
    assert api.patch(f"{ENTRIES}/{e}", json=moved, headers=w.mh).status_code == 200
    assert by_tag(api, w.mh, "design") == ([e], 7200)
    assert_exact(db)
    assert api.delete(f"{ENTRIES}/{e}", headers=w.mh).status_code == 200
    assert ids(api, w.mh, "design") == []
    assert_exact(db)
    assert api.post(f"{ENTRIES}/{e}/restore", headers=w.mh).status_code == 200
    assert by_tag(api, w.mh, "design") == ([e], 7200)
    assert_exact(db)


def test_the_timer_start_pause_resume_and_stop(api, db, w):
    res = api.post("/api/v1/timer/start", json={"notes": "Call #sales"}, headers=w.mh)
    assert res.status_code == 201, res.text
    running = res.json()["timer"]["id"]
    for step in ("pause", "resume", "stop"):
        assert api.post(f"/api/v1/timer/{step}", headers=w.mh).status_code == 200, step
        assert_exact(db)  # paused_at, break_seconds, end_at follow
    today = time.strftime("%Y-%m-%d", time.gmtime())
    query = f"start_date={today}&end_date={today}&tags=sales"
    assert [x["id"] for x in api.get(f"{LIST}?{query}", headers=w.mh).json()["time_entries"]] == [running]


def test_timetagger_sync_push_edit_and_delete(api, db, w):
    tt = login(api, "mia")
    tt.push(record("k1", T0, ds="Synced work #Sync #Café"))
    (synced,) = ids(api, w.mh, "sync")
    assert ids(api, w.mh, "café") == [synced]
    tt.push(record("k1", T0, ds="Synced work #other", mt=time.time() + 10))
    assert (ids(api, w.mh, "sync"), ids(api, w.mh, "other")) == ([], [synced])
    assert_exact(db)
    tt.push(record("k1", T0, ds="HIDDEN Synced work #other", mt=time.time() + 20))  # TimeTagger's delete
    assert ids(api, w.mh, "other") == []
    assert_exact(db)


def test_imports(api, db, w):
    body = {"time_entries": [{"start_time": "2023-02-01T09:00:00Z", "end_time": "2023-02-01T10:00:00Z",
                              "notes": "Audit #finance", "tags": ["Q1"]}]}  # fmt: skip
    res = api.post("/api/v1/imports?format=punchclock", json=body, headers=w.mh)
    assert res.status_code == 200, res.text
    (imported,) = ids(api, w.mh, "q1")
    assert ids(api, w.mh, "finance") == [imported]
    assert_exact(db)


def test_timesheet_cells_grow_and_empty_a_tagged_entry(api, db, w):
    made = entry(api, w.mh, f"{DAY}T09:00:00Z", f"{DAY}T10:00:00Z", project_id=w.site, tags="design")["id"]
    cell(api, w.mh, 3 * 3600, project_id=w.site)  # grows the cell's latest entry: this one
    assert by_tag(api, w.mh, "design") == ([made], 3 * 3600)
    assert_exact(db)
    cell(api, w.mh, 0, project_id=w.site)
    assert ids(api, w.mh, "design") == []
    assert_exact(db)


def test_sql_by_hand_and_a_deleted_user(api, db, w):
    hand = entry_by_hand(db, w.member.id, "Hand-made", 'Hand,hand,50%_off,,x"y')
    assert ids(api, w.mh, "hand") == [hand]
    assert ids(api, w.mh, "50%_off") == ids(api, w.mh, 'x"y') == [hand]
    assert ids(api, w.mh, "50%") == ids(api, w.mh, "50_off") == []  # no wildcards
    assert_exact(db)
    with db.engine.begin() as conn:  # an update by hand that changes none of the copied columns
        conn.execute(text("UPDATE time_entries SET notes = 'renamed', st = 5 WHERE id = :e"), {"e": hand})
    entry(api, w.ah, "2024-05-01T09:00:00Z", "2024-05-01T10:00:00Z", tags="hand")
    assert api.delete(f"/api/v1/users/{w.member.id}", headers=w.ah).status_code == 200
    assert_exact(db)


def test_a_tag_matches_as_the_like_it_replaces_matched(api, db, w):
    """Keyed by the database's LOWER(), a tag matches exactly what the comma-joined LIKE matched
    (SQLite folds ASCII letters only, PostgreSQL by its ctype), '#' and wildcards included."""
    tags = ["CAFÉ,Ünïcode,plain", "café,x_y", "ΣΊΣΥΦΟΣ,50%", "Plain,#hash"]
    made = [entry(api, w.mh, f"2024-05-0{n + 1}T09:00:00Z", f"2024-05-0{n + 1}T10:00:00Z", tags=t)["id"]
            for n, t in enumerate(tags)]  # fmt: skip
    like = (
        "SELECT id FROM time_entries WHERE deleted_at IS NULL AND "
        "(',' || LOWER(tags) || ',') LIKE :pattern ESCAPE '\\' ORDER BY id"
    )
    for typed in (
        "plain",
        "PLAIN",
        "#plain",
        "café",
        "CAFÉ",
        "cafÉ",
        "ünïcode",
        "σίσυφος",
        "50%",
        "x_y",
        "x%",
    ):
        tag = typed.lstrip("#").lower()
        pattern = "%," + tag.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + ",%"
        with db.engine.connect() as conn:
            before = list(conn.execute(text(like), {"pattern": pattern}).scalars())
        assert ids(api, w.mh, typed) == before, typed
    assert ids(api, w.mh, "plain") == [made[0], made[3]]


def test_two_tags_of_one_filter_count_an_entry_once(api, db, w):
    both = entry(api, w.mh, "2024-05-01T09:00:00Z", "2024-05-01T10:00:00Z", tags="a,b")["id"]
    one = entry(api, w.mh, "2024-05-02T09:00:00Z", "2024-05-02T11:00:00Z", tags="b")["id"]
    entry(api, w.mh, "2024-05-03T09:00:00Z", "2024-05-03T10:00:00Z", tags="c")
    assert by_tag(api, w.mh, "a", "b") == (sorted([both, one]), 3 * 3600)
    grouped = api.get(f"{GROUPED}?{SPAN}&group_by=tag", headers=w.mh).json()["report"]
    assert {g["key"]: g["entries"] for g in grouped["groups"]} == {"a": 1, "b": 2, "c": 1}
    # The entries behind the group "b" of a report by tag, with and without a filter leading.
    for query in (f"{SPAN}&group_by=tag&group=b", f"{SPAN}&group_by=tag&group=b&tags=a"):
        listed = api.get(f"{LIST}?{query}", headers=w.mh).json()["time_entries"]
        assert sorted(x["id"] for x in listed) == ([both, one] if "tags" not in query else [both])


def test_the_no_tag_group_holds_the_untagged_and_the_tag_none(api, db, w):
    """The report's keys are tags lower-cased, so the tag "none" shares the "No tag" group's key."""
    bare = entry(api, w.mh, "2024-05-01T09:00:00Z", "2024-05-01T10:00:00Z")["id"]
    named = entry(api, w.mh, "2024-05-02T09:00:00Z", "2024-05-02T10:00:00Z", tags="None")["id"]
    entry(api, w.mh, "2024-05-03T09:00:00Z", "2024-05-03T10:00:00Z", tags="x")
    for query in (
        f"{SPAN}&group_by=tag&group=none",
        f"{SPAN}&group_by=project&sub_group_by=tag&sub_group=none",
    ):
        if "sub_group" in query:
            query += "&group=none"  # no project
        listed = api.get(f"{LIST}?{query}", headers=w.mh).json()["time_entries"]
        assert sorted(x["id"] for x in listed) == [bare, named], query
