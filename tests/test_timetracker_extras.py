"""What TimeTracker's clients ask for beside the core: favourite projects, open tasks, active projects by
default, and attendance (not offered: answered as TimeTracker answers a disabled module)."""

from __future__ import annotations

import pytest

from tests.checks import assert_error

FAVORITES = "/api/v1/users/me/favorites/projects"


@pytest.fixture
def setup(api):
    admin = api.headers(api.user("admin"))
    member = api.user("member")
    ids = {}
    for name, status in (("Active", "active"), ("Old", "archived"), ("Paused", "on_hold")):
        res = api.post("/api/v1/projects", json={"name": name, "status": status}, headers=admin)
        assert res.status_code == 201, res.text
        ids[name] = res.json()["project"]["id"]
    return admin, member, api.headers(member), ids


def test_projects_default_to_active_ones(api, setup):
    _, _, h, _ = setup
    names = lambda q: [p["name"] for p in api.get(f"/api/v1/projects{q}", headers=h).json()["projects"]]  # noqa: E731
    assert names("") == ["Active"]
    assert names("?status=archived") == ["Old"]
    assert names("?status=all") == ["Active", "Old", "Paused"]
    assert_error(api.get("/api/v1/projects?status=gone", headers=h), 400, "validation_error")


def test_open_tasks_are_those_neither_done_nor_cancelled(api, setup):
    admin, _, h, ids = setup
    for name, status in (
        ("A", "todo"),
        ("B", "in_progress"),
        ("C", "done"),
        ("D", "cancelled"),
        ("E", "review"),
    ):
        body = {"name": name, "project_id": ids["Active"], "status": status}
        assert api.post("/api/v1/tasks", json=body, headers=admin).status_code == 201
    for status in ("active", "open"):
        res = api.get(f"/api/v1/tasks?project_id={ids['Active']}&status={status}&per_page=100", headers=h)
        assert res.status_code == 200, res.text
        assert sorted(t["name"] for t in res.json()["tasks"]) == ["A", "B", "E"]
        assert all("status" in t for t in res.json()["tasks"])
    assert [t["name"] for t in api.get("/api/v1/tasks?status=done", headers=h).json()["tasks"]] == ["C"]


def test_favourites_are_personal_and_listed_as_timetracker_lists_them(api, setup):
    admin, member, h, ids = setup
    assert api.get(FAVORITES, headers=h).json() == {"favorites": []}
    first = api.post(FAVORITES, json={"project_id": ids["Active"]}, headers=h)
    assert first.status_code == 201, first.text
    assert first.json()["favorite"]["project_id"] == ids["Active"]
    again = api.post(FAVORITES, json={"project_id": str(ids["Active"])}, headers=h)  # a numeric string too
    assert (again.status_code, again.json()["message"]) == (200, "Already favorited")
    listed = api.get(FAVORITES, headers=h).json()["favorites"]
    assert [(f["project_id"], f["user_id"]) for f in listed] == [(ids["Active"], member.id)]
    assert isinstance(listed[0]["project_id"], int)
    assert api.get(FAVORITES, headers=admin).json() == {"favorites": []}  # someone else's are not shown
    assert_error(api.post(FAVORITES, json={"project_id": 999999}, headers=h), 400, "invalid_project")
    assert api.delete(f"{FAVORITES}/{ids['Active']}", headers=h).status_code == 200
    assert_error(api.delete(f"{FAVORITES}/{ids['Active']}", headers=h), 404, "not_found")
    assert api.get(FAVORITES, headers=h).json() == {"favorites": []}


def test_favourites_authorization(api, setup):
    _, member, _, ids = setup
    assert api.get(FAVORITES).status_code == 401
    reader = api.headers(member, ["read:projects"])
    assert api.get(FAVORITES, headers=reader).status_code == 200
    assert api.post(FAVORITES, json={"project_id": ids["Active"]}, headers=reader).status_code == 403
    assert api.get(FAVORITES, headers=api.headers(member, ["read:time_entries"])).status_code == 403


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/attendance/status"), ("post", "/workday/start"), ("post", "/attendance/break/start")],
)
def test_attendance_answers_as_a_disabled_module(api, setup, method, path):
    _, _, h, _ = setup
    res = getattr(api, method)(f"/api/v1{path}", headers=h)
    assert res.status_code == 403
    assert res.json()["error"] == "module_disabled"
    assert res.json()["error_code"] == "module_disabled"
    assert getattr(api, method)(f"/api/v1{path}").status_code == 401


def test_an_endpoint_punchclock_does_not_offer_is_a_json_404(api, setup):
    _, _, h, _ = setup
    for path in ("/api/v1/invoices", "/api/v1/expenses", "/api/v1/kanban/columns"):
        res = api.get(path, headers=h)
        assert res.status_code == 404
        assert res.json()["error_code"] == "not_found"
