"""The period lock on every path that writes entries: REST (and the timer), the timesheet grid, the
TimeTagger sync push, imports (and their dry runs), task deletion; the lock date likewise.
The CLI and the web app write through REST (tests/approval/test_lock_cli.py, tests/web)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.approval.helpers import OLD_MONDAY, approved_week, at, entry, people
from tests.checks import snapshot
from tests.conftest import Api
from tests.sync.helpers import login, record

ENTRIES = "/api/v1/time-entries"
TUESDAY = OLD_MONDAY + timedelta(days=1)
NEXT_MONDAY = OLD_MONDAY + timedelta(days=7)  # an open week


def _ts(day, hour: int) -> int:
    return int(datetime(day.year, day.month, day.day, hour, tzinfo=UTC).timestamp())


@pytest.fixture
def locked(api: Api):
    """A member's approved week (entry ``inside`` in it, ``outside`` the week after) and headers."""
    member, mh, _manager, bh, _admin, ah = people(api)
    inside = entry(api, mh, TUESDAY, 9, 10)
    outside = entry(api, mh, NEXT_MONDAY, 9, 10)
    period = approved_week(api, mh, bh)
    return {
        "member": member,
        "mh": mh,
        "bh": bh,
        "ah": ah,
        "inside": inside,
        "outside": outside,
        "period": period,
    }


def refused(res, code: str = "period_locked") -> dict:
    assert res.status_code == 409, res.text
    body = res.json()
    assert body["code"] == code
    return body


def test_rest_create_edit_delete_inside_are_refused(api: Api, locked, db) -> None:
    mh, bh, inside = locked["mh"], locked["bh"], locked["inside"]
    before = snapshot(db)
    body = {"start_time": at(TUESDAY, 14), "end_time": at(TUESDAY, 15)}
    answer = refused(api.post(ENTRIES, headers=mh, json=body))
    assert answer["period"]["id"] == locked["period"]["id"]
    assert answer["period"]["status"] == "approved"
    # A manager writing for the member is refused too, and so is everyone else.
    refused(api.post(ENTRIES, headers=bh, json={**body, "user_id": locked["member"].id}))
    refused(api.patch(f"{ENTRIES}/{inside['id']}", headers=mh, json={"notes": "changed"}))
    refused(api.put(f"{ENTRIES}/{inside['id']}", headers=locked["ah"], json={"notes": "changed"}))
    refused(api.delete(f"{ENTRIES}/{inside['id']}", headers=mh))
    # Moving an open entry into locked time, or one crossing into it, is refused too.
    out = locked["outside"]["id"]
    refused(api.patch(f"{ENTRIES}/{out}", headers=mh, json={"start_time": at(TUESDAY, 11)}))
    body = {"start_time": at(OLD_MONDAY - timedelta(days=1), 23), "end_time": at(OLD_MONDAY, 1)}
    refused(api.post(ENTRIES, headers=mh, json=body))
    assert snapshot(db) == before
    # Open time stays open.
    assert api.patch(f"{ENTRIES}/{out}", headers=mh, json={"notes": "fine"}).status_code == 200


def test_restore_of_an_entry_deleted_before_the_approval_is_refused(api: Api) -> None:
    _, mh, _, bh, *_ = people(api)
    gone = entry(api, mh, TUESDAY, 9, 10)
    assert api.delete(f"{ENTRIES}/{gone['id']}", headers=mh).status_code in (200, 204)
    approved_week(api, mh, bh)
    refused(api.post(f"{ENTRIES}/{gone['id']}/restore", headers=mh))


def test_timer_started_inside_locked_time_is_refused(api: Api, locked) -> None:
    res = api.post("/api/v1/timer/start", headers=locked["mh"], json={"start_time": at(TUESDAY, 16)})
    refused(res)
    assert api.get("/api/v1/timer/status", headers=locked["mh"]).json()["active"] is False


def test_timesheet_cells_inside_are_refused(api: Api, locked) -> None:
    res = api.put(
        "/api/v1/timesheet/cells", headers=locked["mh"], json={"date": TUESDAY.isoformat(), "seconds": 7200}
    )
    refused(res)


def test_sync_push_refuses_the_locked_records_alone(api: Api, locked) -> None:
    tt = login(api, locked["member"].username)
    stored = {r["key"]: r for r in tt.records()}
    inside_key = next(k for k, r in stored.items() if r["t1"] == _ts(TUESDAY, 9))
    since = tt.updates()["server_time"]
    edit = {**stored[inside_key], "ds": "changed offline", "mt": stored[inside_key]["mt"] + 10}
    new_locked = record("newlocked", _ts(TUESDAY, 13), _ts(TUESDAY, 14), "late")
    new_open = record("newopen", _ts(NEXT_MONDAY, 13), _ts(NEXT_MONDAY, 14), "fine")
    answer = tt.push(edit, new_locked, new_open)
    assert answer["accepted"] == ["newopen"]
    assert sorted(answer["failed"]) == sorted([inside_key, "newlocked"])
    assert all("period_locked" in e for e in answer["errors"])
    # The client learns the server's version of the locked record.
    updates = tt.updates(since)
    back = {r["key"]: r for r in updates["records"]}
    assert back[inside_key]["ds"] == "work"
    assert "newlocked" not in back
    assert "newopen" in back
    # Deleting it (TimeTagger hides it) is refused too.
    hidden = {**stored[inside_key], "ds": "HIDDEN work", "mt": stored[inside_key]["mt"] + 20}
    assert tt.push(hidden)["failed"] == [inside_key]


@pytest.mark.parametrize("dry", [True, False])
def test_imports_reject_rows_inside_with_the_reason(api: Api, locked, db, dry: bool) -> None:
    day = TUESDAY.isoformat()
    nxt = NEXT_MONDAY.isoformat()
    body = (
        "key\tstart\tstop\ttags\tdescription\n"
        f"L1\t{day} 13:00:00\t{day} 14:00:00\t\tlocked\n"
        f"O1\t{nxt} 13:00:00\t{nxt} 14:00:00\t\topen\n"
    )
    before = snapshot(db)
    url = f"/api/v1/imports?format=timetagger&timezone=UTC&dry_run={'true' if dry else 'false'}"
    res = api.post(url, content=body.encode(), headers=locked["mh"])
    assert res.status_code == 200, res.text
    out = res.json()["import"]
    assert out["imported"] + out.get("updated", 0) == 1
    assert len(out["rejected"]) == 1
    assert "approved" in out["rejected"][0]["reason"]
    if dry:
        assert snapshot(db) == before


def test_csv_import_rejects_rows_inside(api: Api, locked) -> None:
    header = (
        "User,Email,Client,Project,Task,Description,Billable,"
        "Start date,Start time,End date,End time,Duration,Tags\n"
    )
    day, nxt = TUESDAY.isoformat(), NEXT_MONDAY.isoformat()
    rows = (
        f"M,m@example.com,,,,locked row,No,{day},13:00:00,{day},14:00:00,01:00:00,\n"
        f"M,m@example.com,,,,open row,No,{nxt},13:00:00,{nxt},14:00:00,01:00:00,\n"
    )
    res = api.post(
        "/api/v1/imports?format=toggl&timezone=UTC", content=(header + rows).encode(), headers=locked["mh"]
    )
    assert res.status_code == 200, res.text
    out = res.json()["import"]
    assert out["imported"] == 1
    assert [r["line"] for r in out["rejected"]] == [2]
    assert "approved" in out["rejected"][0]["reason"]


def test_a_task_with_locked_entries_cannot_be_deleted(api: Api) -> None:
    _, mh, _, bh, _, ah = people(api)
    project = api.post("/api/v1/projects", headers=ah, json={"name": "Site"}).json()["project"]
    task = api.post("/api/v1/tasks", headers=ah, json={"name": "Design", "project_id": project["id"]}).json()[
        "task"
    ]
    entry(api, mh, TUESDAY, 9, 10, project_id=project["id"], task_id=task["id"])
    approved_week(api, mh, bh)
    refused(api.delete(f"/api/v1/tasks/{task['id']}", headers=ah), "task_in_locked_period")


def test_reopened_time_is_open_again(api: Api, locked) -> None:
    pid = locked["period"]["id"]
    res = api.post(f"/api/v1/timesheet-periods/{pid}/reopen", headers=locked["ah"], json={"reason": "fix"})
    assert res.status_code == 200
    inside = locked["inside"]["id"]
    assert api.patch(f"{ENTRIES}/{inside}", headers=locked["mh"], json={"notes": "fixed"}).status_code == 200


# The lock date


def test_the_lock_date_closes_everything_before_it_for_everybody(api: Api) -> None:
    member, mh, _, bh, admin, ah = people(api)
    early = entry(api, mh, TUESDAY, 9, 10)
    res = api.put("/api/v1/signoff", headers=ah, json={"lock_date": NEXT_MONDAY.isoformat()})
    assert res.status_code == 200
    assert res.json()["lock_date"] == NEXT_MONDAY.isoformat()
    body = refused(api.patch(f"{ENTRIES}/{early['id']}", headers=mh, json={"notes": "x"}))
    assert body["lock_date"] == NEXT_MONDAY.isoformat()
    refused(api.post(ENTRIES, headers=ah, json={"start_time": at(TUESDAY, 12), "end_time": at(TUESDAY, 13)}))
    # A user made afterwards is under it too.
    late = api.user("member")
    refused(
        api.post(
            ENTRIES,
            headers=api.headers(late),
            json={"start_time": at(TUESDAY, 12), "end_time": at(TUESDAY, 13)},
        )
    )
    assert (
        api.post(
            ENTRIES, headers=mh, json={"start_time": at(NEXT_MONDAY, 9), "end_time": at(NEXT_MONDAY, 10)}
        ).status_code
        == 201
    )
    # Removed: open again.
    assert api.put("/api/v1/signoff", headers=ah, json={"lock_date": None}).json()["lock_date"] is None
    assert api.patch(f"{ENTRIES}/{early['id']}", headers=mh, json={"notes": "x"}).status_code == 200
    _ = member, admin, bh


def test_the_lock_date_follows_each_users_time_zone(api: Api) -> None:
    member, mh, *_, ah = people(api)
    # 23:30 UTC the evening before the lock date is already the lock date in Berlin.
    evening = entry(api, mh, NEXT_MONDAY - timedelta(days=1), 22, 23)
    assert api.patch("/api/v1/users/me", headers=mh, json={"timezone": "Europe/Berlin"}).status_code == 200
    api.put("/api/v1/signoff", headers=ah, json={"lock_date": NEXT_MONDAY.isoformat()})
    # 22:00-23:00 UTC on Sunday is 23:00-00:00 Berlin time: before Monday there, locked.
    refused(api.patch(f"{ENTRIES}/{evening['id']}", headers=mh, json={"notes": "x"}))
    assert api.patch("/api/v1/users/me", headers=mh, json={"timezone": "America/New_York"}).status_code == 200
    # 17:00-18:00 in New York on Sunday: still before Monday there too.
    refused(api.patch(f"{ENTRIES}/{evening['id']}", headers=mh, json={"notes": "x"}))
    _ = member


def test_the_lock_date_refuses_the_future_and_a_running_timer_before_it(api: Api) -> None:
    _, mh, *_, ah = people(api)
    future = (datetime.now(UTC).date() + timedelta(days=5)).isoformat()
    res = api.put("/api/v1/signoff", headers=ah, json={"lock_date": future})
    assert res.status_code == 400
    assert res.json()["field"] == "lock_date"
    assert api.post(
        "/api/v1/timer/start", headers=mh, json={"start_time": at(NEXT_MONDAY, 9)}
    ).status_code in (200, 201)
    res = api.put(
        "/api/v1/signoff", headers=ah, json={"lock_date": (NEXT_MONDAY + timedelta(days=1)).isoformat()}
    )
    assert res.status_code == 409
    assert res.json()["code"] == "timer_running"
    assert api.get("/api/v1/signoff", headers=mh).json()["lock_date"] is None


def test_only_admins_set_the_lock_date(api: Api) -> None:
    _, mh, _, bh, *_ = people(api)
    for h in (mh, bh):
        assert (
            api.put("/api/v1/signoff", headers=h, json={"lock_date": OLD_MONDAY.isoformat()}).status_code
            == 403
        )
