"""One tag model on every write path: an entry's tags are its explicit tags and the #tags in its notes.

REST POST, PATCH and PUT, the timer, imports and TimeTagger sync all store the union in the tags
column, so the list, the tag report, its filter, exports and TimeTagger's clients agree.
"""

from __future__ import annotations

import pytest

from tests.entry.helpers import ENTRIES, entry
from tests.report.helpers import GROUPED
from tests.sync.helpers import record, tt_user

START, END = "2026-11-16T09:00:00Z", "2026-11-16T10:00:00Z"
WEEK = "start_date=2026-11-16&end_date=2026-11-22"


@pytest.fixture
def h(api):
    return api.headers(api.user("member", "alice"))


def tags_of(api, h, entry_id):
    return api.get(f"{ENTRIES}/{entry_id}", headers=h).json()["time_entry"]["tag_list"]


def test_notes_tags_are_tags_in_the_list_the_tag_report_and_its_filter(api, h):
    e = entry(api, h, START, END, notes="Fix login #Bug for #client/acme")
    assert (e["tags"], e["tag_list"]) == ("bug,client/acme", ["bug", "client/acme"])
    assert e["notes"] == "Fix login #Bug for #client/acme"  # the notes stay as written
    listed = api.get(f"{ENTRIES}?start_date=2026-11-16", headers=h).json()["time_entries"]
    assert listed[0]["tag_list"] == ["bug", "client/acme"]
    report = api.get(f"{GROUPED}?{WEEK}&group_by=tag", headers=h).json()["report"]
    assert sorted(g["key"] for g in report["groups"]) == ["bug", "client/acme"]
    filtered = api.get(f"{GROUPED}?{WEEK}&group_by=project&tags=bug", headers=h).json()["report"]
    assert filtered["totals"]["seconds"] == 3600


def test_explicit_tags_come_first_and_keep_their_spelling(api, h):
    e = entry(api, h, START, END, notes="Review #ux and #Client-A", tags="Client-A,c#sharp")
    assert e["tag_list"] == ["Client-A", "c#sharp", "ux"]
    e = entry(api, h, START, END, notes="Fix #Bug", tags="Client-A")  # the README's example
    assert (e["tags"], e["tag_list"]) == ("Client-A,bug", ["Client-A", "bug"])


def test_the_same_notes_sent_again_keep_an_explicit_spelling(api, h):
    """A form sends every field: notes unchanged must not respell "Client-A" as "client-a"."""
    e = entry(api, h, START, END, notes="Call #client-a", tags="Client-A")
    assert e["tag_list"] == ["Client-A"]
    u = api.patch(
        f"{ENTRIES}/{e['id']}", json={"notes": "Call #client-a", "billable": False}, headers=h
    ).json()
    assert u["time_entry"]["tag_list"] == ["Client-A"]


def test_patching_the_notes_moves_the_notes_tags_and_keeps_the_explicit_ones(api, h):
    e = entry(api, h, START, END, notes="Fix #bug", tags="frontend")
    u = api.patch(f"{ENTRIES}/{e['id']}", json={"notes": "Fixed, now #review"}, headers=h).json()
    assert u["time_entry"]["tag_list"] == ["frontend", "review"]
    u = api.patch(f"{ENTRIES}/{e['id']}", json={"notes": "done"}, headers=h).json()
    assert u["time_entry"]["tag_list"] == ["frontend"]
    # A change of other fields leaves the tags alone.
    u = api.patch(f"{ENTRIES}/{e['id']}", json={"billable": False}, headers=h).json()
    assert u["time_entry"]["tag_list"] == ["frontend"]


def test_a_tag_written_in_the_notes_stays_until_the_notes_drop_it(api, h):
    e = entry(api, h, START, END, notes="Call #sales", tags="crm")
    # Tags sent replace the explicit ones; the notes still write #sales, so it stays.
    u = api.patch(f"{ENTRIES}/{e['id']}", json={"tags": []}, headers=h).json()["time_entry"]
    assert u["tag_list"] == ["sales"]
    u = api.put(f"{ENTRIES}/{e['id']}", json={"tags": None, "notes": "Call"}, headers=h).json()
    assert u["time_entry"]["tag_list"] == []
    # Both at once: the union of what was sent.
    u = api.patch(f"{ENTRIES}/{e['id']}", json={"tags": "crm", "notes": "Call #Sales"}, headers=h).json()
    assert u["time_entry"]["tag_list"] == ["crm", "sales"]


def test_the_timer_takes_the_notes_tags(api, h):
    t = api.post("/api/v1/timer/start", json={"notes": "Standup #team"}, headers=h).json()["timer"]
    assert t["tag_list"] == ["team"]
    stopped = api.post("/api/v1/timer/stop", headers=h).json()["time_entry"]
    assert stopped["tag_list"] == ["team"]


def test_imports_take_the_description_tags(api):
    manager = api.user("manager")
    body = (
        "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Tags\n"
        'Alice,a@example.com,,Web,,Fix #Bug,Yes,2026-11-16,09:00:00,2026-11-16,10:00:00,"client work"\n'
    )
    h = api.headers(manager)
    res = api.post("/api/v1/imports?format=toggl&timezone=UTC", content=body.encode(), headers=h)
    assert res.status_code == 200, res.text
    assert res.json()["import"]["imported"] == 1
    (got,) = api.get(f"{ENTRIES}?start_date=2026-11-16", headers=h).json()["time_entries"]
    assert (got["notes"], got["tag_list"]) == ("Fix #Bug", ["client-work", "bug"])


def test_a_timetagger_push_and_a_rest_entry_agree(api):
    user, tt = tt_user(api)
    h = api.headers(user)
    tt.push(record("tt1", ds="Write docs #Docs"))
    rest = entry(api, h, "2023-11-14T23:00:00Z", "2023-11-14T23:30:00Z", notes="Write docs #Docs")
    listed = {
        e["id"]: e for e in api.get(f"{ENTRIES}?start_date=2023-11-01", headers=h).json()["time_entries"]
    }
    assert [e["tag_list"] for e in listed.values()] == [["docs"], ["docs"]]
    assert listed[rest["id"]]["notes"] == "Write docs #Docs"
    # TimeTagger's clients see both the same way, and by the tag filter.
    assert sorted(r["ds"] for r in tt.records(tag="docs")) == ["Write docs #Docs", "Write docs #Docs"]


def test_a_round_trip_through_timetagger_loses_and_doubles_no_tag(api):
    user, tt = tt_user(api)
    h = api.headers(user)
    e = entry(api, h, START, END, notes="Review #ux", tags="Client-A,v1.2")
    (rec,) = tt.records()
    assert rec["ds"] == "Review #ux #client-a #v1-2"
    tt.push({**rec, "t2": rec["t2"] + 60})  # unchanged text: nothing about the tags changes
    assert tags_of(api, h, e["id"]) == ["Client-A", "v1.2", "ux"]
    tt.push({**rec, "ds": "Review done #ux #client-a #v1-2 #ux", "mt": rec["mt"] + 10})
    got = api.get(f"{ENTRIES}/{e['id']}", headers=h).json()["time_entry"]
    assert (got["notes"], got["tag_list"]) == (
        "Review done #ux #client-a #v1-2 #ux",
        ["Client-A", "v1.2", "ux"],
    )
    (again,) = tt.records()
    assert again["ds"] == "Review done #ux #client-a #v1-2 #ux"  # nothing appended twice
    # A tag taken out in TimeTagger is taken off the entry.
    tt.push({**again, "ds": "Review done #ux", "mt": rec["mt"] + 20})
    assert tags_of(api, h, e["id"]) == ["ux"]
