"""The search index follows every write path: REST, the timer, TimeTagger sync, imports, SQL by
hand. On PostgreSQL the GIN indexes are part of the table; on SQLite the FTS5 table is kept by
triggers, so after each path its rows must be exactly the live entries, under their keys."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import text

from punchclock.models.base import SEARCH_INDEX_TABLE
from punchclock.search.fts import USER, ref
from punchclock.search.sql import KEY_SHIFT
from tests.entry.helpers import ENTRIES, entry, entry_by_hand, member_and_admin
from tests.sync.helpers import T0, login, record

TRIGGERS = {"time_entries_search_insert", "time_entries_search_update", "time_entries_search_delete"}


def found(api, h, words):
    res = api.get(ENTRIES, params={"search": words, "include_active": "true"}, headers=h)
    assert res.status_code == 200, res.text
    return [e["id"] for e in res.json()["time_entries"]]


def assert_index_is_the_live_entries(db):
    """SQLite: the FTS5 rows, per user, are the live entries' keys; PostgreSQL: nothing to keep."""
    if not db.is_sqlite:
        return
    with db.engine.connect() as conn:
        live = conn.execute(
            text("SELECT user_id, start_at * :shift + id FROM time_entries WHERE deleted_at IS NULL"),
            {"shift": KEY_SHIFT},
        ).all()
        users = {u for (u,) in conn.execute(text("SELECT id FROM users"))}
        indexed = set()
        for user in users:
            query = f"SELECT rowid FROM {SEARCH_INDEX_TABLE} WHERE {SEARCH_INDEX_TABLE} MATCH :m"
            keys = conn.execute(text(query), {"m": f'refs : "{ref(USER, user)}"'}).scalars()
            indexed |= {(user, k) for k in keys}
        count = conn.execute(text(f"SELECT count(*) FROM {SEARCH_INDEX_TABLE}")).scalar()
        conn.execute(
            text(f"INSERT INTO {SEARCH_INDEX_TABLE} ({SEARCH_INDEX_TABLE}) VALUES ('integrity-check')")
        )
    assert indexed == {tuple(r) for r in live}
    assert count == len(live)


@pytest.fixture
def w(api):
    return member_and_admin(api)


def test_the_index_exists_at_head(db):
    with db.engine.connect() as conn:
        if db.is_sqlite:
            names = {
                n for (n,) in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
            }
            assert names >= TRIGGERS  # a later migration that copies time_entries must make them again
        else:
            sql = (
                "SELECT indexname FROM pg_indexes WHERE tablename = 'time_entries' AND indexname LIKE '%trgm'"
            )
            assert set(conn.execute(text(sql)).scalars()) == {
                "ix_time_entries_notes_folded_trgm",  # on the notes lower-cased (migration 0016)
                "ix_time_entries_tags_trgm",
            }


def test_rest_create_edit_move_delete_restore(api, db, w):
    e = entry(api, w.mh, "2024-05-01T09:00:00Z", "2024-05-01T10:00:00Z", notes="Globex kickoff")["id"]
    assert found(api, w.mh, "kickoff") == [e]
    assert api.patch(f"{ENTRIES}/{e}", json={"notes": "Initech kickoff"}, headers=w.mh).status_code == 200
    assert (found(api, w.mh, "globex"), found(api, w.mh, "initech")) == ([], [e])
    assert api.patch(f"{ENTRIES}/{e}", json={"tags": ["urgent"]}, headers=w.mh).status_code == 200
    assert found(api, w.mh, "urgent") == [e]
    assert api.patch(f"{ENTRIES}/{e}", json={"project_id": w.site}, headers=w.mh).status_code == 200
    assert found(api, w.mh, "website") == [e]
    later = entry(api, w.mh, "2024-06-01T09:00:00Z", "2024-06-01T10:00:00Z", notes="Initech wrap-up")["id"]
    assert found(api, w.mh, "initech") == [later, e]
    moved = {"start_time": "2024-07-01T09:00:00Z", "end_time": "2024-07-01T10:00:00Z"}
    assert api.patch(f"{ENTRIES}/{e}", json=moved, headers=w.mh).status_code == 200
    assert found(api, w.mh, "initech") == [e, later]  # newest first after the move
    assert_index_is_the_live_entries(db)
    assert api.delete(f"{ENTRIES}/{e}", headers=w.mh).status_code == 200
    assert found(api, w.mh, "initech") == [later]
    assert_index_is_the_live_entries(db)
    with db.engine.begin() as conn:  # a restore, as any path might make it: the tombstone lives again
        conn.execute(text("UPDATE time_entries SET deleted_at = NULL WHERE id = :e"), {"e": e})
    assert found(api, w.mh, "initech") == [e, later]
    assert_index_is_the_live_entries(db)


def test_timer_start_and_stop(api, db, w):
    res = api.post("/api/v1/timer/start", json={"notes": "Running Globex call"}, headers=w.mh)
    assert res.status_code == 201, res.text
    running = res.json()["timer"]["id"]
    assert found(api, w.mh, "globex call") == [running]
    assert api.post("/api/v1/timer/stop", headers=w.mh).status_code == 200
    assert found(api, w.mh, "globex call") == [running]
    assert_index_is_the_live_entries(db)


def test_timetagger_sync_push_edit_and_delete(api, db, w):
    tt = login(api, "mia")
    tt.push(record("k1", T0, ds="Synced Globex work #sync"))
    (synced,) = found(api, w.mh, "synced globex")
    assert found(api, w.mh, "sync") == [synced]
    tt.push(record("k1", T0, ds="Synced Initech work", mt=time.time() + 10))
    assert (found(api, w.mh, "globex"), found(api, w.mh, "initech")) == ([], [synced])
    tt.push(record("k1", T0, ds="HIDDEN Synced Initech work", mt=time.time() + 20))  # TimeTagger's delete
    assert found(api, w.mh, "initech") == []
    assert_index_is_the_live_entries(db)


def test_imports(api, db, w):
    body = {"time_entries": [{"start_time": "2023-02-01T09:00:00Z", "end_time": "2023-02-01T10:00:00Z",
                              "notes": "Imported Globex audit"}]}  # fmt: skip
    res = api.post("/api/v1/imports?format=punchclock", json=body, headers=w.mh)
    assert res.status_code == 200, res.text
    assert len(found(api, w.mh, "globex audit")) == 1
    assert_index_is_the_live_entries(db)


def test_sql_by_hand_and_a_deleted_user(api, db, w):
    entry_by_hand(db, w.member.id, "Hand-made Globex row")
    assert len(found(api, w.mh, "hand-made")) == 1
    entry(api, w.ah, "2024-05-01T09:00:00Z", "2024-05-01T10:00:00Z", notes="Admin's Globex row")
    assert api.delete(f"/api/v1/users/{w.member.id}", headers=w.ah).status_code == 200
    assert_index_is_the_live_entries(db)
    assert len(found(api, w.ah, "globex")) >= 1
