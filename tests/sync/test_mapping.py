"""One set of data: REST v1 entries are TimeTagger records and back, tombstones and project tags included."""

from __future__ import annotations

from tests.checks import assert_error
from tests.entry.helpers import ENTRIES, entry, project
from tests.sync.helpers import T0, entries, record, tt_user

V1_START, V1_END = "2024-01-15T09:00:00Z", "2024-01-15T10:30:00Z"
JAN15_9 = 1_705_309_200


def v1(api, user):
    return api.headers(user)


def test_a_rest_entry_is_a_record_with_its_tags_and_project_tag(api):
    user, tt = tt_user(api)
    admin_h = api.headers(api.user("admin"))
    pid = project(api, admin_h, "Website", tag="web")
    e = entry(api, v1(api, user), V1_START, V1_END, notes="Design review", tags="ux,Client-A", project_id=pid)
    (rec,) = tt.records()
    assert (rec["t1"], rec["t2"]) == (JAN15_9, JAN15_9 + 5400)
    assert rec["ds"] == "Design review #ux #client-a #web"
    assert len(rec["key"]) == 8
    assert rec["key"].isalnum()
    assert [r["key"] for r in tt.updates()["records"]] == [rec["key"]]
    # Pushed back unchanged but stopped later (TimeTagger's CLI does that): the REST fields stay.
    tt.push({**rec, "t2": rec["t2"] + 600})
    got = api.get(f"{ENTRIES}/{e['id']}", headers=v1(api, user)).json()["time_entry"]
    assert (got["notes"], got["tags"], got["project_id"]) == ("Design review", "ux,Client-A", pid)
    assert got["end_time"] == "2024-01-15T10:40:00Z"


def test_a_pushed_record_is_a_rest_entry(api):
    user, tt = tt_user(api)
    tt.push(record("tt1", t1=T0, t2=T0 + 1800, ds="Write docs #Docs #writing"))
    (got,) = api.get(ENTRIES, headers=v1(api, user)).json()["time_entries"]
    assert (got["notes"], got["tags"], got["source"]) == (
        "Write docs #Docs #writing",
        "docs,writing",
        "timetagger",
    )
    assert got["duration_seconds"] == 1800


def test_a_pushed_running_record_is_the_rest_timer_and_stopping_it_there_syncs(api):
    user, tt = tt_user(api)
    tt.push(record("run", t1=T0, t2=T0, ds="on call"))
    status = api.get("/api/v1/timer/status", headers=v1(api, user)).json()
    assert status["active"]
    assert status["timer"]["notes"] == "on call"
    cursor = tt.updates()["server_time"]
    assert api.post("/api/v1/timer/stop", headers=v1(api, user)).status_code == 200
    (changed,) = tt.updates(cursor)["records"]
    assert changed["key"] == "run"
    assert changed["t2"] > changed["t1"]


def test_a_rest_timer_is_running_for_timetagger(api):
    user, tt = tt_user(api)
    api.post("/api/v1/timer/start", json={"notes": "focus"}, headers=v1(api, user))
    (rec,) = tt.records(running="1")
    assert rec["t1"] == rec["t2"]
    assert rec["ds"] == "focus"


def test_a_rest_delete_is_a_hidden_record(api):
    user, tt = tt_user(api)
    e = entry(api, v1(api, user), V1_START, V1_END, notes="oops", tags="x")
    cursor = tt.updates()["server_time"]
    assert api.delete(f"{ENTRIES}/{e['id']}", headers=v1(api, user)).status_code == 200
    (gone,) = tt.updates(cursor)["records"]
    assert gone["ds"] == "HIDDEN oops #x"
    assert [r["key"] for r in tt.records(hidden="1")] == [gone["key"]]
    assert_error(api.get(f"{ENTRIES}/{e['id']}", headers=v1(api, user)), 404, "not_found")
    assert_error(
        api.patch(f"{ENTRIES}/{e['id']}", json={"notes": "x"}, headers=v1(api, user)), 404, "not_found"
    )


def test_deleting_a_running_rest_entry_ends_it(api):
    user, _tt = tt_user(api)
    e = api.post("/api/v1/timer/start", json={}, headers=v1(api, user)).json()["timer"]
    api.delete(f"{ENTRIES}/{e['id']}", headers=v1(api, user))
    (row,) = entries(api.db, user.id)
    assert row["deleted_at"] is not None
    assert row["end_at"] > row["start_at"]
    assert api.post("/api/v1/timer/start", json={}, headers=v1(api, user)).status_code == 201


def test_a_hidden_record_disappears_from_rest_lists_and_reports(api):
    user, tt = tt_user(api)
    tt.push(record("keep", t1=T0), record("bin", t1=T0 + 7200))
    tt.push(record("bin", t1=T0 + 7200, ds="HIDDEN"))
    listed = api.get(f"{ENTRIES}?start_date=2023-11-01", headers=v1(api, user)).json()["time_entries"]
    assert [e["notes"] for e in listed] == [""]
    report = api.get(
        "/api/v1/reports/summary?start_date=2023-11-01&end_date=2023-12-01", headers=v1(api, user)
    ).json()["summary"]
    assert report["total_entries"] == 1
    assert report["total_seconds"] == 3600
    tt.push(record("bin", t1=T0 + 7200, ds="back again"))  # TimeTagger can undo a delete
    assert len(api.get(f"{ENTRIES}?start_date=2023-11-01", headers=v1(api, user)).json()["time_entries"]) == 2


def test_hiding_and_unhiding_a_rest_entry_keeps_its_fields(api):
    user, tt = tt_user(api)
    e = entry(api, v1(api, user), V1_START, V1_END, notes="Review", tags="ux")
    (rec,) = tt.records()
    tt.push({**rec, "ds": "HIDDEN " + rec["ds"]})
    assert api.get(f"{ENTRIES}/{e['id']}", headers=v1(api, user)).status_code == 404
    tt.push({**rec, "ds": rec["ds"]})
    got = api.get(f"{ENTRIES}/{e['id']}", headers=v1(api, user)).json()["time_entry"]
    assert (got["notes"], got["tags"]) == ("Review", "ux")


def test_project_tags_map_both_ways(api):
    user, tt = tt_user(api)
    admin_h = api.headers(api.user("admin"))
    web = project(api, admin_h, "Website", tag="web")
    plain = project(api, admin_h, "Untagged")
    tt.push(record("p", ds="Layout #web"))
    (got,) = api.get(ENTRIES, headers=v1(api, user)).json()["time_entries"]
    assert got["project_id"] == web
    tt.push(record("p", ds="Layout, no project"))
    assert api.get(ENTRIES, headers=v1(api, user)).json()["time_entries"][0]["project_id"] is None
    api.patch(f"{ENTRIES}/{got['id']}", json={"project_id": plain}, headers=v1(api, user))
    tt.push(record("p", ds="Still no tag"))
    assert api.get(ENTRIES, headers=v1(api, user)).json()["time_entries"][0]["project_id"] == plain


def test_rest_writes_move_the_cursor_past_earlier_answers(api):
    user, tt = tt_user(api)
    e = entry(api, v1(api, user), V1_START, V1_END)
    cursor = tt.updates()["server_time"]
    assert tt.updates(cursor)["records"] == []
    api.patch(f"{ENTRIES}/{e['id']}", json={"notes": "edited"}, headers=v1(api, user))
    (rec,) = tt.updates(cursor)["records"]
    assert rec["ds"] == "edited"
    assert rec["st"] > cursor


def test_a_manager_editing_someone_elses_entry_stamps_the_owner(api):
    user, tt = tt_user(api)
    e = entry(api, v1(api, user), V1_START, V1_END)
    cursor = tt.updates()["server_time"]
    manager_h = api.headers(api.user("manager"))
    assert (
        api.patch(f"{ENTRIES}/{e['id']}", json={"notes": "by the manager"}, headers=manager_h).status_code
        == 200
    )
    assert [r["ds"] for r in tt.updates(cursor)["records"]] == ["by the manager"]


def test_a_project_tag_change_resends_its_entries(api):
    user, tt = tt_user(api)
    admin_h = api.headers(api.user("admin"))
    pid = project(api, admin_h, "Website", tag="web")
    entry(api, v1(api, user), V1_START, V1_END, notes="Layout", project_id=pid)
    cursor = tt.updates()["server_time"]
    assert api.patch(f"/api/v1/projects/{pid}", json={"tag": "site"}, headers=admin_h).status_code == 200
    assert [r["ds"] for r in tt.updates(cursor)["records"]] == ["Layout #site"]
    cursor = tt.updates()["server_time"]
    assert api.patch(f"/api/v1/projects/{pid}", json={"name": "Site"}, headers=admin_h).status_code == 200
    assert tt.updates(cursor)["records"] == []
