"""PUT /timesheet/cells: typing hours into the weekly grid changes entries so the cell holds them,
never over other entries, never in the future, never touching other rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from tests.checks import assert_error, snapshot
from tests.entry.helpers import ENTRIES, entry
from tests.sync.helpers import login
from tests.timesheet.helpers import DAY, UNDO, cell, put, seconds_of, sheet, spans, team

H = 3600


def test_an_empty_cell_gets_one_entry_from_nine_on_an_empty_day(api):
    t = team(api)
    out = cell(api, t.ah, 5400, project_id=t.web)
    assert out["cell"] == {
        "date": DAY, "user_id": t.alice.id, "project_id": t.web, "task_id": None,
        "seconds": 5400, "previous_seconds": 0,
    }  # fmt: skip
    [made] = out["created"]
    assert (made["notes"], made["tags"], made["source"]) == ("", "", "timesheet")
    assert made["duration_seconds"] == 5400
    assert spans(api, t.ah) == [("09:00", "10:30", t.web, None)]
    assert seconds_of(api, t.ah, t.web) == 5400
    assert sheet(api, t.ah)["totals"]["seconds"] == 5400


def test_new_time_goes_after_the_days_last_entry_of_any_row(api):
    t = team(api)
    entry(api, t.ah, f"{DAY}T08:00:00Z", f"{DAY}T12:00:00Z", project_id=t.internal)
    cell(api, t.ah, 2 * H, project_id=t.web, task_id=t.design)
    assert spans(api, t.ah) == [("08:00", "12:00", t.internal, None), ("12:00", "14:00", t.web, t.design)]


def test_growing_extends_the_cells_latest_entry_when_the_time_after_it_is_free(api):
    t = team(api)
    first = entry(api, t.ah, f"{DAY}T09:00:00Z", f"{DAY}T10:00:00Z", project_id=t.web)
    out = cell(api, t.ah, 3 * H, project_id=t.web)
    assert [e["id"] for e in out["updated"]] == [first["id"]]
    assert out["created"] == []
    assert spans(api, t.ah) == [("09:00", "12:00", t.web, None)]


def test_growing_adds_an_entry_when_another_row_follows_the_latest(api):
    t = team(api)
    entry(api, t.ah, f"{DAY}T09:00:00Z", f"{DAY}T10:00:00Z", project_id=t.web)
    entry(api, t.ah, f"{DAY}T10:00:00Z", f"{DAY}T11:00:00Z", project_id=t.internal)
    cell(api, t.ah, 90 * 60, project_id=t.web)
    assert spans(api, t.ah) == [
        ("09:00", "10:00", t.web, None),
        ("10:00", "11:00", t.internal, None),
        ("11:00", "11:30", t.web, None),
    ]
    assert seconds_of(api, t.ah, t.internal) == H


def test_shrinking_shortens_then_removes_the_latest_entries_and_spares_other_rows(api, db):
    t = team(api)
    entry(api, t.ah, f"{DAY}T08:00:00Z", f"{DAY}T09:00:00Z", project_id=t.web)
    late = entry(api, t.ah, f"{DAY}T13:00:00Z", f"{DAY}T14:00:00Z", project_id=t.web)
    entry(api, t.ah, f"{DAY}T09:00:00Z", f"{DAY}T13:00:00Z", project_id=t.internal)
    out = cell(api, t.ah, 90 * 60, project_id=t.web)  # 2:00 -> 1:30: the later one loses 30 minutes
    assert [e["id"] for e in out["updated"]] == [late["id"]]
    assert spans(api, t.ah)[-1] == ("13:00", "13:30", t.web, None)
    out = cell(api, t.ah, 45 * 60, project_id=t.web)  # 1:30 -> 0:45: the later goes, the earlier shortens
    assert out["deleted"] == [late["id"]]
    assert spans(api, t.ah) == [("08:00", "08:45", t.web, None), ("09:00", "13:00", t.internal, None)]
    assert seconds_of(api, t.ah, t.web) == 45 * 60


def test_zero_clears_the_cell_and_undo_brings_its_entries_back_as_themselves(api, db):
    t = team(api)
    made = [
        entry(api, t.ah, f"{DAY}T08:00:00Z", f"{DAY}T09:00:00Z", project_id=t.web, notes="Plan #ops"),
        entry(api, t.ah, f"{DAY}T10:00:00Z", f"{DAY}T11:00:00Z", project_id=t.web),
    ]
    keys = _sync_keys(db)
    out = cell(api, t.ah, 0, project_id=t.web)
    assert sorted(out["deleted"]) == sorted(e["id"] for e in made)
    assert spans(api, t.ah) == []
    res = api.post(UNDO, json=out["undo"], headers=t.ah)
    assert res.status_code == 200, res.text
    assert sorted(e["id"] for e in res.json()["restored"]) == sorted(e["id"] for e in made)
    back = api.get(f"{ENTRIES}/{made[0]['id']}", headers=t.ah).json()["time_entry"]
    assert (back["notes"], back["start_time"]) == ("Plan #ops", made[0]["start_time"])
    assert _sync_keys(db) == keys
    assert seconds_of(api, t.ah, t.web) == 2 * H


def test_timetagger_sees_a_cleared_then_restored_entry_as_one_record_hidden_and_back(api):
    t = team(api)
    tt = login(api, "alice")
    entry(api, t.ah, f"{DAY}T09:00:00Z", f"{DAY}T10:00:00Z", project_id=t.web, notes="Plan")
    [key] = tt.by_key()
    since = tt.updates()["server_time"]
    out = cell(api, t.ah, 0, project_id=t.web)
    gone = tt.updates(since)
    assert [(r["key"], r["ds"].startswith("HIDDEN")) for r in gone["records"]] == [(key, True)]
    assert api.post(UNDO, json=out["undo"], headers=t.ah).status_code == 200
    back = tt.updates(gone["server_time"])["records"]
    assert [(r["key"], r["ds"]) for r in back] == [(key, "Plan")]


def test_undo_reverses_an_extension_and_a_new_entry(api):
    t = team(api)
    entry(api, t.ah, f"{DAY}T09:00:00Z", f"{DAY}T10:00:00Z", project_id=t.web)
    grown = cell(api, t.ah, 2 * H, project_id=t.web)
    made = cell(api, t.ah, H, project_id=t.internal)
    assert api.post(UNDO, json=made["undo"], headers=t.ah).status_code == 200
    assert api.post(UNDO, json=grown["undo"], headers=t.ah).status_code == 200
    assert spans(api, t.ah) == [("09:00", "10:00", t.web, None)]


def test_undo_refuses_once_an_entry_of_the_change_was_edited_again(api, db):
    t = team(api)
    out = cell(api, t.ah, H, project_id=t.web)
    entry_id = out["created"][0]["id"]
    assert api.patch(f"{ENTRIES}/{entry_id}", json={"notes": "later work"}, headers=t.ah).status_code == 200
    before = snapshot(db)
    res = api.post(UNDO, json=out["undo"], headers=t.ah)
    assert_error(res, 409, "entry_changed")
    assert snapshot(db) == before
    # An undo done once cannot be done twice either.
    again = cell(api, t.ah, 2 * H, project_id=t.web)
    assert api.post(UNDO, json=again["undo"], headers=t.ah).status_code == 200
    twice = api.post(UNDO, json=again["undo"], headers=t.ah)
    assert_error(twice, 409, "entry_changed")


def test_time_in_the_future_is_refused_and_changes_nothing(api, db):
    t = team(api)
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    today = datetime.now(UTC).date().isoformat()
    before = snapshot(db)
    body = assert_error(put(api, t.ah, H, tomorrow, project_id=t.web), 400, "end_in_future")
    assert body["field"] == "seconds"
    assert "not come yet" in body["message"]
    # A whole day's time cannot have passed yet today.
    assert_error(put(api, t.ah, 24 * H, today, project_id=t.web), 400, "end_in_future")
    assert snapshot(db) == before


def test_an_extension_that_would_reach_past_now_becomes_an_earlier_entry(api):
    t = team(api)
    now = datetime.now(UTC).replace(microsecond=0)
    if now.hour < 2:
        pytest.skip("today so far must hold the entry and the hour before it")
    start = (now - timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    made = entry(api, t.ah, start, now.strftime("%Y-%m-%dT%H:%M:%SZ"), project_id=t.web)
    out = cell(api, t.ah, 90 * 60, now.date().isoformat(), project_id=t.web)
    [added] = out["created"]
    assert added["end_time"] <= made["start_time"]
    assert added["duration_seconds"] == H


def test_a_full_day_has_no_room(api, db):
    t = team(api)
    entry(api, t.ah, f"{DAY}T00:00:00Z", f"{DAY}T23:30:00Z", project_id=t.internal)
    before = snapshot(db)
    body = assert_error(put(api, t.ah, H, project_id=t.web), 409, "no_room")
    assert "1:00" in body["message"]
    assert snapshot(db) == before
    cell(api, t.ah, 30 * 60, project_id=t.web)
    assert spans(api, t.ah)[-1] == ("23:30", "00:00", t.web, None)


def test_a_cell_with_the_running_timer_is_refused(api, db):
    t = team(api)
    today = datetime.now(UTC).date().isoformat()
    res = api.post("/api/v1/timer/start", json={"project_id": t.web}, headers=t.ah)
    assert res.status_code == 201, res.text
    before = snapshot(db)
    assert_error(put(api, t.ah, 0, today, project_id=t.web), 409, "timer_running")
    assert snapshot(db) == before


def test_an_entry_crossing_midnight_is_never_cut_by_one_of_its_days(api, db):
    t = team(api)
    entry(api, t.ah, "2024-01-14T23:00:00Z", f"{DAY}T01:00:00Z", project_id=t.web)
    entry(api, t.ah, f"{DAY}T09:00:00Z", f"{DAY}T10:00:00Z", project_id=t.web)
    assert seconds_of(api, t.ah, t.web) == 2 * H
    cell(api, t.ah, H, project_id=t.web)  # the 09:00 entry goes; the night's hour stays
    before = snapshot(db)
    assert_error(put(api, t.ah, 0, project_id=t.web), 409, "crosses_midnight")
    assert snapshot(db) == before
    assert seconds_of(api, t.ah, t.web) == H


def test_a_break_counts_as_the_report_counts_it(api):
    t = team(api)
    entry(api, t.ah, f"{DAY}T09:00:00Z", f"{DAY}T12:00:00Z", project_id=t.web, break_seconds=H)
    assert cell(api, t.ah, H, project_id=t.web)["cell"]["previous_seconds"] == 2 * H
    assert spans(api, t.ah) == [("09:00", "11:00", t.web, None)]
    assert seconds_of(api, t.ah, t.web) == H


def test_the_day_is_the_callers_local_day(api):
    t = team(api)
    res = api.patch("/api/v1/users/me", json={"timezone": "Europe/Berlin"}, headers=api.login("alice"))
    assert res.status_code == 200, res.text
    cell(api, t.ah, H, project_id=t.web)
    assert spans(api, t.ah) == [("08:00", "09:00", t.web, None)]  # 09:00 in Berlin in winter
    assert seconds_of(api, t.ah, t.web) == H


def test_a_task_implies_its_project_and_no_project_is_a_row_too(api):
    t = team(api)
    out = cell(api, t.ah, H, task_id=t.design)
    assert (out["cell"]["project_id"], out["cell"]["task_id"]) == (t.web, t.design)
    cell(api, t.ah, 30 * 60)
    assert spans(api, t.ah) == [("09:00", "10:00", t.web, t.design), ("10:00", "10:30", None, None)]
    assert seconds_of(api, t.ah, None) == 30 * 60


def test_an_archived_project_may_shrink_but_not_grow(api, db):
    t = team(api)
    entry(api, t.ah, f"{DAY}T09:00:00Z", f"{DAY}T11:00:00Z", project_id=t.web)
    res = api.patch(f"/api/v1/projects/{t.web}", json={"status": "archived"}, headers=t.mh)
    assert res.status_code == 200, res.text
    before = snapshot(db)
    assert_error(put(api, t.ah, 3 * H, project_id=t.web), 400, "project_archived")
    assert snapshot(db) == before
    cell(api, t.ah, H, project_id=t.web)
    assert seconds_of(api, t.ah, t.web) == H


def test_the_same_value_again_changes_nothing(api, db):
    t = team(api)
    cell(api, t.ah, H, project_id=t.web)
    before = snapshot(db)
    out = cell(api, t.ah, H, project_id=t.web)
    assert (out["created"], out["updated"], out["deleted"], out["undo"]) == ([], [], [], None)
    assert snapshot(db) == before


def _sync_keys(db):
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT id, sync_key FROM time_entries ORDER BY id")).all()
    return [tuple(r) for r in rows]
