"""POST /time-entries/{id}/restore: a deleted entry comes back as itself (id, sync key, fields).

TimeTagger's clients then see the same record live again (not a delete and a create), live clients
and webhooks hear ``time_entry.restored``, and reports count it again.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.checks import assert_error, snapshot
from tests.entry.helpers import ENTRIES, entry, project, task
from tests.sync.helpers import entries, record, tt_user

START, END = "2026-11-16T09:00:00Z", "2026-11-16T10:30:00Z"
SUMMARY = "/api/v1/reports/summary?start_date=2026-11-16&end_date=2026-11-16"


def restore(api, h, entry_id, **headers):
    return api.post(f"{ENTRIES}/{entry_id}/restore", headers={**h, **headers})


@pytest.fixture
def heard(api):
    """The names and objects of the events committed transactions emitted."""
    batches = []
    api.db.event_sink = batches.append

    def events():
        found = [(e.name, e.object) for b in batches for e in b.events]
        batches.clear()
        return found

    return events


def test_a_restored_entry_is_the_same_entry(api, heard):
    user = api.user("member", "alice")
    h, admin_h = api.headers(user), api.headers(api.user("admin"))
    pid = project(api, admin_h, "Website")
    tid = task(api, admin_h, pid, "Design")
    e = entry(api, h, START, END, project_id=pid, task_id=tid, notes="Review #ux", tags="Client-A",
              break_seconds=600)  # fmt: skip
    (row,) = entries(api.db, user.id)
    hook = {"url": "https://hooks.invalid/pc", "events": ["time_entry.*"]}
    assert api.post("/api/v1/webhooks", json=hook, headers=h).status_code == 201
    assert api.delete(f"{ENTRIES}/{e['id']}", headers=h).status_code == 200
    assert api.get(SUMMARY, headers=h).json()["summary"]["total_entries"] == 0
    heard()
    res = restore(api, h, e["id"])
    assert res.status_code == 200, res.text
    body = res.json()
    assert body["message"] == "Time entry restored successfully"
    back = body["time_entry"]
    same = (
        "id",
        "project_id",
        "task_id",
        "start_time",
        "end_time",
        "notes",
        "tags",
        "billable",
        "break_seconds",
    )
    assert {k: back[k] for k in same} == {k: e[k] for k in same}
    assert back["updated_at"] >= e["updated_at"]
    (after,) = entries(api.db, user.id)
    assert after["sync_key"] == row["sync_key"]
    assert after["deleted_at"] is None
    assert after["st"] > row["st"]  # the next sync delivers it
    assert after["mt"] >= row["mt"]
    assert api.get(f"{ENTRIES}/{e['id']}", headers=h).json()["time_entry"] == back
    assert api.get(SUMMARY, headers=h).json()["summary"]["total_seconds"] == 5400 - 600
    assert heard() == [("time_entry.restored", back)]
    assert _delivered(api.db) == ["time_entry.deleted", "time_entry.restored"]


def _delivered(db):
    """The events of the webhook deliveries queued, in order."""
    with db.engine.connect() as conn:
        return list(conn.execute(text("SELECT event FROM webhook_deliveries ORDER BY id")).scalars())


def test_a_timetagger_client_sees_the_same_record_come_back(api):
    user, tt = tt_user(api)
    h = api.headers(user)
    e = entry(api, h, START, END, notes="Review", tags="ux")
    (rec,) = tt.records()
    api.delete(f"{ENTRIES}/{e['id']}", headers=h)
    cursor = tt.updates()["server_time"]
    (hidden,) = tt.updates(0)["records"]
    assert (hidden["key"], hidden["ds"]) == (rec["key"], "HIDDEN Review #ux")
    assert restore(api, h, e["id"]).status_code == 200
    (back,) = tt.updates(cursor)["records"]  # the next poll delivers it: one record, the same key
    assert (back["key"], back["ds"], back["t1"], back["t2"]) == (
        rec["key"],
        "Review #ux",
        rec["t1"],
        rec["t2"],
    )
    assert back["mt"] >= hidden["mt"]
    # The client's stale hidden copy pushed again loses to the restore (its mt is older).
    tt.push({**hidden, "mt": hidden["mt"] - 1})
    assert api.get(f"{ENTRIES}/{e['id']}", headers=h).status_code == 200


def test_a_record_timetagger_unhides_is_announced_as_restored(api, heard):
    _, tt = tt_user(api)
    tt.push(record("undo1", ds="Call #sales"))
    tt.push(record("undo1", ds="HIDDEN Call #sales"))
    heard()
    tt.push(record("undo1", ds="Call #sales"))
    ((name, obj),) = [(n, o) for n, o in heard() if n.startswith("time_entry.")]
    assert name == "time_entry.restored"
    assert (obj["notes"], obj["tag_list"]) == ("Call #sales", ["sales"])


def test_a_live_entry_is_409_and_unknown_ids_404(api, db):
    user = api.user("member", "alice")
    h = api.headers(user)
    e = entry(api, h, START, END)
    before = snapshot(db)
    assert_error(restore(api, h, e["id"]), 409, "not_deleted")
    assert_error(restore(api, h, 999_999), 404, "not_found")
    assert_error(restore(api, h, 0), 400)  # ids start at 1
    assert snapshot(db) == before


def test_restoring_twice_is_409_unless_retried_with_the_same_key(api):
    h = api.headers(api.user("member", "alice"))
    e = entry(api, h, START, END)
    api.delete(f"{ENTRIES}/{e['id']}", headers=h)
    first = restore(api, h, e["id"], **{"Idempotency-Key": "undo-1"})
    again = restore(api, h, e["id"], **{"Idempotency-Key": "undo-1"})
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert_error(restore(api, h, e["id"]), 409, "not_deleted")


def test_restoring_a_deleted_running_timer_brings_back_the_finished_entry(api):
    h = api.headers(api.user("member", "alice"))
    started = api.post("/api/v1/timer/start", json={"notes": "on call"}, headers=h).json()["timer"]
    api.delete(f"{ENTRIES}/{started['id']}", headers=h)
    api.post("/api/v1/timer/start", json={"notes": "next"}, headers=h)
    back = restore(api, h, started["id"]).json()["time_entry"]
    # A deleted timer was stopped when deleted, so it comes back finished and the new one runs on.
    assert (back["id"], back["is_active"]) == (started["id"], False)
    assert api.get("/api/v1/timer/status", headers=h).json()["timer"]["notes"] == "next"
