"""Private projects: seen and tracked on by their members, managers and admins only, on every path.

"boss" (a manager) makes "Zebra-Secret-42" private with alice as its member; bob is a plain member
who must find no trace of it anywhere, and may put no time on it by any way in.
"""

from __future__ import annotations

import pytest

from punchclock.db import Database
from tests.checks import assert_error, snapshot
from tests.sync.helpers import entries, login, record

V1 = "/api/v1"
PROJECTS = f"{V1}/projects"
ENTRIES = f"{V1}/time-entries"
SECRET = "Zebra-Secret-42"


class World:
    def __init__(self, api):
        self.api = api
        self.boss, self.alice, self.bob = (
            api.user("manager", "boss"),
            api.user(name="alice"),
            api.user(name="bob"),
        )
        self.bh, self.ah, self.xh = (api.headers(u) for u in (self.boss, self.alice, self.bob))
        body = {"name": SECRET, "is_private": True, "tag": "zebra", "description": "Zebra-Secret-42 plans"}
        res = api.post(PROJECTS, json=body, headers=self.bh)
        assert res.status_code == 201, res.text
        self.secret = res.json()["project"]["id"]
        res = api.post(f"{V1}/tasks", json={"name": "Zebra-Task", "project_id": self.secret}, headers=self.bh)
        assert res.status_code == 201, res.text
        self.task = res.json()["task"]["id"]
        res = api.post(PROJECTS, json={"name": "Open"}, headers=self.bh)
        self.open = res.json()["project"]["id"]
        res = api.put(f"{PROJECTS}/{self.secret}/members/{self.alice.id}", headers=self.bh)
        assert res.status_code == 200, res.text

    def entry(self, h, **body):
        body = {"start_time": "2026-11-16T09:00:00Z", "end_time": "2026-11-16T10:00:00Z", **body}
        return self.api.post(ENTRIES, json=body, headers=h)


@pytest.fixture
def w(api):
    return World(api)


def names(api, h, url="/api/v1/projects?status=all"):
    res = api.get(url, headers=h)
    assert res.status_code == 200, res.text
    return sorted(p["name"] for p in res.json()["projects"])


def test_only_members_managers_and_admins_see_a_private_project(api, w):
    admin = api.headers(api.user("admin"))
    assert names(api, w.bh) == names(api, w.ah) == names(api, admin) == ["Open", SECRET]
    assert names(api, w.xh) == ["Open"]
    assert names(api, w.xh, f"{PROJECTS}?search=Zebra") == []
    assert_error(api.get(f"{PROJECTS}/{w.secret}", headers=w.xh), 404)
    assert api.get(f"{PROJECTS}/{w.secret}", headers=w.ah).json()["project"]["is_private"] is True
    # Its tasks go with it: lists, by project, by id.
    assert [t["name"] for t in api.get(f"{V1}/tasks", headers=w.xh).json()["tasks"]] == []
    assert api.get(f"{V1}/tasks?project_id={w.secret}", headers=w.xh).json()["tasks"] == []
    assert_error(api.get(f"{V1}/tasks/{w.task}", headers=w.xh), 404)
    assert api.get(f"{V1}/tasks/{w.task}", headers=w.ah).status_code == 200
    # The web app's first load.
    boot = api.get(f"{V1}/startup", headers=w.xh).json()
    assert [p["name"] for p in boot["projects"]] == ["Open"]
    assert boot["tasks"] == []
    assert SECRET in str(api.get(f"{V1}/startup", headers=w.ah).json()["projects"])


def test_members_api_is_for_managers_and_admins(api, w):
    url = f"{PROJECTS}/{w.secret}/members"
    assert_error(api.get(url), 401)
    assert_error(api.get(url, headers=w.ah), 403)  # no write:projects
    assert_error(api.put(f"{url}/{w.bob.id}", headers=w.xh), 403)
    members = api.get(url, headers=w.bh).json()["members"]
    assert [(m["user_id"], m["username"], m["role"]) for m in members] == [(w.alice.id, "alice", "member")]
    added = api.put(f"{url}/{w.bob.id}", headers=w.bh)
    assert [m["username"] for m in added.json()["members"]] == ["alice", "bob"]
    assert api.put(f"{url}/{w.bob.id}", headers=w.bh).status_code == 200  # again: nothing changes
    assert names(api, w.xh) == ["Open", SECRET]
    assert [m["username"] for m in api.delete(f"{url}/{w.bob.id}", headers=w.bh).json()["members"]] == [
        "alice"
    ]
    assert names(api, w.xh) == ["Open"]
    assert_error(api.delete(f"{url}/{w.bob.id}", headers=w.bh), 404)
    assert_error(api.put(f"{url}/999999", headers=w.bh), 400, "invalid_user")
    assert_error(api.get(f"{PROJECTS}/999999/members", headers=w.bh), 404)
    assert_error(api.put(f"{url}/abc", headers=w.bh), 400, "validation_error")


def test_making_a_project_public_or_private_changes_who_sees_it(api, w):
    assert api.patch(f"{PROJECTS}/{w.secret}", json={"is_private": False}, headers=w.bh).status_code == 200
    assert names(api, w.xh) == ["Open", SECRET]
    res = api.patch(f"{PROJECTS}/{w.secret}", json={"is_private": True}, headers=w.bh)
    assert res.json()["project"]["is_private"] is True
    assert names(api, w.xh) == ["Open"]
    bad = api.patch(f"{PROJECTS}/{w.secret}", json={"is_private": "yes please"}, headers=w.bh)
    assert_error(bad, 400, "validation_error")


def test_no_time_goes_on_a_project_its_user_may_not_see(api, w, db):
    before = snapshot(db)
    # REST, for oneself: the project and its task look as if they did not exist.
    assert_error(w.entry(w.xh, project_id=w.secret), 400, "invalid_project")
    assert_error(w.entry(w.xh, task_id=w.task), 400, "invalid_task")
    assert_error(w.entry(w.xh, project_id=w.open, task_id=w.task), 400, "invalid_task")
    # The timer, a preset, a favourite, the timesheet grid.
    assert_error(
        api.post(f"{V1}/timer/start", json={"project_id": w.secret}, headers=w.xh), 400, "invalid_project"
    )
    preset = {"name": "z", "project_id": w.secret}
    assert_error(api.post(f"{V1}/presets", json=preset, headers=w.xh), 400, "invalid_project")
    fav = {"project_id": w.secret}
    assert_error(
        api.post(f"{V1}/users/me/favorites/projects", json=fav, headers=w.xh), 400, "invalid_project"
    )
    cell = {"date": "2026-11-16", "seconds": 3600, "project_id": w.secret}
    assert_error(api.put(f"{V1}/timesheet/cells", json=cell, headers=w.xh), 400, "invalid_project")
    # A manager writing for bob: bob's view counts, not the manager's.
    assert_error(w.entry(w.bh, user_id=w.bob.id, project_id=w.secret), 400, "invalid_project")
    assert snapshot(db) == before
    # Members of it, and managers, may.
    assert w.entry(w.ah, project_id=w.secret, task_id=w.task).status_code == 201
    assert w.entry(w.bh, user_id=w.alice.id, project_id=w.secret).status_code == 201
    assert w.entry(w.bh, project_id=w.secret).status_code == 201


def test_a_removed_member_keeps_their_own_entries_on_it(api, w):
    res = w.entry(w.ah, project_id=w.secret, task_id=w.task, notes="mine")
    entry = res.json()["time_entry"]
    api.delete(f"{PROJECTS}/{w.secret}/members/{w.alice.id}", headers=w.bh)
    assert names(api, w.ah) == ["Open"]
    got = api.get(f"{ENTRIES}/{entry['id']}", headers=w.ah).json()["time_entry"]
    assert (got["project"], got["task"]) == (SECRET, "Zebra-Task")  # their work, as they did it
    # The web app sends the project and task back unchanged with every edit: that is allowed.
    body = {"notes": "mine, edited", "project_id": w.secret, "task_id": w.task}
    res = api.put(f"{ENTRIES}/{entry['id']}", json=body, headers=w.ah)
    assert res.status_code == 200, res.text
    assert res.json()["time_entry"]["project_id"] == w.secret
    # Moving it away works; moving it back does not.
    assert api.put(f"{ENTRIES}/{entry['id']}", json={"project_id": w.open}, headers=w.ah).status_code == 200
    back = api.put(f"{ENTRIES}/{entry['id']}", json={"project_id": w.secret}, headers=w.ah)
    assert_error(back, 400, "invalid_project")


def test_a_timetagger_push_maps_a_private_tag_only_for_those_who_may_track_on_it(api, w, db: Database):
    def push(user, key):
        tt = login(api, user.username)
        tt.push(record(key, ds="standup #zebra"))
        return [(r["project_id"], r["tags"]) for r in entries(db, user.id)]

    assert push(w.alice, "k1") == [(w.secret, "zebra")]
    assert push(w.bob, "k2") == [(None, "zebra")]  # just a tag: nothing tells it is a project's


def test_an_import_matches_only_projects_its_owner_may_see(api, w):
    csv = (
        "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,"
        "Duration,Tags\n"
        f"bob,,,{SECRET},,x,Yes,2026-11-16,09:00:00,2026-11-16,10:00:00,01:00:00,\n"
        "bob,,,Nowhere,,y,Yes,2026-11-17,09:00:00,2026-11-17,10:00:00,01:00:00,\n"
    )
    out = api.post(f"{V1}/imports?format=toggl", content=csv, headers=w.xh).json()["import"]
    assert out["imported"] == 0
    reasons = [r["reason"].replace(SECRET, "NAME").replace("Nowhere", "NAME") for r in out["rejected"]]
    assert reasons[0] == reasons[1]  # a private project's name reads like nobody's
    # An admin importing a team's file into bob's account: refused, and no twin project is made.
    admin = api.headers(api.user("admin"))
    res = api.post(f"{V1}/imports?format=toggl&by_user=true", content=csv, headers=admin)
    assert res.status_code == 200, res.text
    body = res.json()["import"]
    assert body["imported"] == 1  # "Nowhere" is made: the admin may create projects
    assert "private" in body["rejected"][0]["reason"]
    assert SECRET not in body["created"]["projects"]
    assert names(api, w.bh).count(SECRET) == 1


def test_nothing_a_plain_member_reads_names_the_private_project(api, w):
    """The sweep: every GET route without path parameters, as bob, after alice and the boss tracked
    on it and bob tracked on the open project."""
    assert w.entry(w.ah, project_id=w.secret, notes="alice on it").status_code == 201
    assert w.entry(w.bh, project_id=w.secret, notes="boss on it").status_code == 201
    assert w.entry(w.xh, project_id=w.open, notes="bob's own").status_code == 201
    asked = 0
    for path, ops in api.get("/api/openapi.json").json()["paths"].items():
        if "get" not in ops or "{" in path or not path.startswith("/api/v1"):
            continue
        if path.endswith("/ws") or "sso" in path or path.endswith("/auth/proxy"):
            continue
        query = "start_date=2026-11-01&end_date=2026-11-30&project_ids=" + str(w.secret)
        for url in (path, f"{path}?{query}"):
            res = api.get(url, headers=w.xh)
            asked += 1
            assert res.status_code < 500, (url, res.text)
            assert "zebra" not in res.text.lower(), url
    assert asked > 40


def test_live_events_of_a_private_project_reach_only_those_who_see_it(api, w):
    from punchclock.event.hub import Conn
    from punchclock.event.schemas import Event
    from punchclock.token import service as token_service

    def principal(user):
        _, raw = api.db.call(token_service.create, user, "t", "read:projects read:tasks", "", None)
        return api.db.call(token_service.authenticate, raw).principal

    event = Event("project.updated", None, w.boss.id, {"name": SECRET}, project_id=w.secret)
    hears = {
        name: Conn(None, principal(user), "", False, 0.0, 10).may_see(event)
        for name, user in (("alice", w.alice), ("bob", w.bob), ("boss", w.boss))
    }
    assert hears == {"alice": True, "bob": False, "boss": True}


def test_privacy_and_membership_changes_are_on_the_audit_log(api, w):
    admin = api.headers(api.user("admin"))
    api.patch(f"{PROJECTS}/{w.secret}", json={"is_private": False}, headers=w.bh)
    api.delete(f"{PROJECTS}/{w.secret}/members/{w.alice.id}", headers=w.bh)
    events = api.get(f"{V1}/audit?per_page=20", headers=admin).json()["events"]
    said = [e["summary"] for e in events if e["action"].startswith("project.")]
    assert said == [
        f"boss took alice off the project '{SECRET}'",
        f"boss made the project '{SECRET}' public",
        f"boss let alice see the private project '{SECRET}'",
    ]


def test_a_removed_members_account_export_names_the_project_and_tells_nothing_more(api, w):
    assert w.entry(w.ah, project_id=w.secret, notes="mine").status_code == 201
    assert w.entry(w.ah, project_id=w.open, notes="open").status_code == 201
    shown = {p["name"]: p for p in api.get(f"{V1}/exports/account", headers=w.ah).json()["projects"]}
    assert shown[SECRET]["description"] == "Zebra-Secret-42 plans"  # a member sees it all
    api.delete(f"{PROJECTS}/{w.secret}/members/{w.alice.id}", headers=w.bh)
    shown = {p["name"]: p for p in api.get(f"{V1}/exports/account", headers=w.ah).json()["projects"]}
    assert shown[SECRET] == {"name": SECRET, "client": None}
    assert shown["Open"]["billable"] is True
