"""Inputs TimeTracker's clients send that Punchclock takes as TimeTracker does: null notes and tags,
stop_time for end_time, and if_updated_at (an offline edit of an older copy is refused, 409)."""

from __future__ import annotations

from tests.checks import assert_error, snapshot
from tests.entry.helpers import ENTRIES


def test_null_notes_and_tags_count_as_empty(api):
    h = api.headers(api.user())
    body = {
        "start_time": "2024-01-15T09:00:00Z",
        "end_time": "2024-01-15T10:00:00Z",
        "notes": None,
        "tags": None,
    }
    res = api.post(ENTRIES, json=body, headers=h)
    assert res.status_code == 201, res.text
    assert (res.json()["time_entry"]["notes"], res.json()["time_entry"]["tags"]) == ("", "")


def test_an_edit_of_an_older_copy_is_refused_and_changes_nothing(api):
    h = api.headers(api.user())
    made = api.post(
        ENTRIES, json={"start_time": "2024-01-15T09:00:00Z", "end_time": "2024-01-15T10:00:00Z"}, headers=h
    )
    entry = made.json()["time_entry"]
    url = f"{ENTRIES}/{entry['id']}"
    before = snapshot(api.db)
    assert_error(
        api.patch(url, json={"notes": "x", "if_updated_at": "2024-01-01T00:00:00Z"}, headers=h),
        409,
        "entry_changed",
    )
    assert snapshot(api.db) == before
    res = api.patch(url, json={"notes": "x", "if_updated_at": entry["updated_at"]}, headers=h)
    assert res.status_code == 200, res.text
    assert res.json()["time_entry"]["notes"] == "x"


def test_stop_time_stops_the_timer_like_end_time(api):
    h = api.headers(api.user())
    api.post("/api/v1/timer/start", json={"start_time": "2024-01-15T09:00:00Z"}, headers=h)
    res = api.post("/api/v1/timer/stop", json={"stop_time": "2024-01-15T09:30:00Z"}, headers=h)
    assert res.status_code == 200, res.text
    assert res.json()["time_entry"]["end_time"] == "2024-01-15T09:30:00Z"
