"""Entry history: a version per change on every write path, with who, when and how; reading it;
putting a version back (through the lock like any edit)."""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import text

from tests.approval.helpers import OLD_MONDAY, approved_week, at, entry, people
from tests.conftest import Api
from tests.sync.helpers import login, record

ENTRIES = "/api/v1/time-entries"


def history(api: Api, h: dict[str, str], entry_id: int) -> list[dict]:
    res = api.get(f"{ENTRIES}/{entry_id}/history", headers=h)
    assert res.status_code == 200, res.text
    return list(res.json()["versions"])


def test_each_rest_change_is_a_version_with_who_and_what_changed(api: Api) -> None:
    member, mh, manager, bh, *_ = people(api)
    made = entry(api, mh, OLD_MONDAY, 9, 10)
    api.patch(f"{ENTRIES}/{made['id']}", headers=mh, json={"notes": "design #ux"})
    api.patch(f"{ENTRIES}/{made['id']}", headers=bh, json={"end_time": at(OLD_MONDAY, 11)})
    api.delete(f"{ENTRIES}/{made['id']}", headers=mh)
    api.post(f"{ENTRIES}/{made['id']}/restore", headers=mh)
    versions = history(api, mh, made["id"])
    assert [v["action"] for v in versions] == ["restore", "delete", "update", "update", "create"]
    assert [v["actor"]["id"] for v in versions] == [member.id, member.id, manager.id, member.id, member.id]
    assert {v["via"] for v in versions} == {"rest"}
    assert versions[2]["changed"] == ["end_time"]
    assert versions[3]["changed"] == ["notes", "tags"]
    assert versions[3]["entry"]["tag_list"] == ["ux"]
    assert versions[1]["entry"]["deleted"] is True
    assert versions[4]["changed"][0] == "start_time"  # the first version: every field is new


def test_the_timer_web_sessions_sync_and_imports_say_so(api: Api) -> None:
    member, mh, *_ = people(api)
    web = api.login(member.username)
    started = api.post("/api/v1/timer/start", headers=web, json={"notes": "timer"}).json()["timer"]
    api.post("/api/v1/timer/pause", headers=web)
    api.post("/api/v1/timer/resume", headers=web)
    api.post("/api/v1/timer/stop", headers=web)
    versions = history(api, mh, started["id"])
    assert [(v["action"], v["via"]) for v in versions] == [("update", "web")] * 3 + [("create", "web")]
    tt = login(api, member.username)
    t = int(time.time()) - 7200
    tt.push(record("synced1", t, t + 600, "from timetagger"))
    synced = api.get(f"{ENTRIES}?search=timetagger", headers=mh).json()["time_entries"][0]
    assert [(v["action"], v["via"], v["actor"]["id"]) for v in history(api, mh, synced["id"])] == [
        ("create", "sync", member.id)
    ]
    # Pushing the same record again changes nothing: no version.
    stored = tt.records()[0]
    tt.push({**stored, "mt": stored["mt"] - 1})
    assert len(history(api, mh, synced["id"])) == 1
    day = (OLD_MONDAY - timedelta(days=7)).isoformat()
    body = f"key\tstart\tstop\ttags\tdescription\nI1\t{day} 09:00:00\t{day} 10:00:00\t\timported\n"
    res = api.post("/api/v1/imports?format=timetagger&timezone=UTC", content=body.encode(), headers=mh)
    assert res.status_code == 200, res.text
    imported = api.get(f"{ENTRIES}?search=imported", headers=mh).json()["time_entries"][0]
    assert [(v["action"], v["via"]) for v in history(api, mh, imported["id"])] == [("create", "import")]


def test_restoring_a_version_is_an_edit_kept_in_the_history(api: Api) -> None:
    _, mh, *_ = people(api)
    made = entry(api, mh, OLD_MONDAY, 9, 10)
    api.patch(f"{ENTRIES}/{made['id']}", headers=mh, json={"notes": "oops", "end_time": at(OLD_MONDAY, 15)})
    first = history(api, mh, made["id"])[-1]
    res = api.post(f"{ENTRIES}/{made['id']}/history/{first['id']}/restore", headers=mh)
    assert res.status_code == 200, res.text
    back = res.json()["time_entry"]
    assert (back["notes"], back["end_time"]) == ("work", at(OLD_MONDAY, 10))
    assert history(api, mh, made["id"])[0]["action"] == "revert"
    # A version that was the deletion deletes; restoring a live version brings it back.
    api.delete(f"{ENTRIES}/{made['id']}", headers=mh)
    deleted = history(api, mh, made["id"])[0]
    res = api.post(f"{ENTRIES}/{made['id']}/history/{first['id']}/restore", headers=mh)
    assert res.json()["time_entry"]["notes"] == "work"
    res = api.post(f"{ENTRIES}/{made['id']}/history/{deleted['id']}/restore", headers=mh)
    assert res.json()["time_entry"] is None
    assert api.get(f"{ENTRIES}/{made['id']}", headers=mh).status_code == 404


def test_a_version_into_locked_time_is_refused(api: Api) -> None:
    _, mh, _, bh, *_ = people(api)
    earlier = OLD_MONDAY - timedelta(days=7)
    made = entry(api, mh, earlier, 9, 10)
    moved = {"start_time": at(OLD_MONDAY, 9), "end_time": at(OLD_MONDAY, 10)}
    assert api.patch(f"{ENTRIES}/{made['id']}", headers=mh, json=moved).status_code == 200
    approved_week(api, mh, bh, earlier)
    first = history(api, mh, made["id"])[-1]
    res = api.post(f"{ENTRIES}/{made['id']}/history/{first['id']}/restore", headers=mh)
    assert res.status_code == 409
    assert res.json()["code"] == "period_locked"


def test_someone_elses_history_is_404_and_versions_of_other_entries_too(api: Api, db) -> None:
    _, mh, _, bh, *_ = people(api)
    other = api.user("member")
    oh = api.headers(other)
    mine = entry(api, mh, OLD_MONDAY, 9, 10)
    theirs = entry(api, oh, OLD_MONDAY, 9, 10)
    assert api.get(f"{ENTRIES}/{theirs['id']}/history", headers=mh).status_code == 404
    assert api.get(f"{ENTRIES}/{theirs['id']}/history", headers=bh).status_code == 200
    their_version = history(api, oh, theirs["id"])[0]["id"]
    res = api.post(f"{ENTRIES}/{mine['id']}/history/{their_version}/restore", headers=mh)
    assert res.status_code == 404
    assert api.get(f"{ENTRIES}/999999/history", headers=mh).status_code == 404
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM entry_versions")).scalar_one() == 2
