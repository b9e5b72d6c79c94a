"""Tasks CRUD, filters and priority order, in seed 003's shapes."""

from __future__ import annotations

import pytest

from tests.checks import assert_error, snapshot

URL = "/api/v1/tasks"
FIELDS = {
    "id",
    "name",
    "description",
    "project_id",
    "project",
    "status",
    "priority",
    "estimated_hours",
    "due_date",
    "created_at",
    "updated_at",
}


@pytest.fixture
def project(api, h):
    res = api.post("/api/v1/projects", json={"name": "Website"}, headers=h)
    assert res.status_code == 201, res.text
    return res.json()["project"]


def make(api, h, project_id, name="Login page", **body):
    res = api.post(URL, json={"name": name, "project_id": project_id, **body}, headers=h)
    assert res.status_code == 201, res.text
    return res.json()["task"]


def names(res):
    assert res.status_code == 200, res.text
    return [t["name"] for t in res.json()["tasks"]]


def test_create_answers_201_with_message_and_every_field(api, h, project):
    body = {
        "name": " Login page ",
        "description": "Add user authentication",
        "project_id": project["id"],
        "status": "in_progress",
        "priority": "high",
        "estimated_hours": 6.5,
        "due_date": "2024-02-29",
    }
    res = api.post(URL, json=body, headers=h)
    assert res.status_code == 201, res.text
    assert res.json()["message"] == "Task created successfully"
    task = res.json()["task"]
    assert set(task) == FIELDS
    assert {k: v for k, v in task.items() if k not in ("id", "created_at", "updated_at")} == {
        **body,
        "name": "Login page",
        "project": "Website",
    }


def test_create_with_name_and_project_uses_the_defaults(api, h, project):
    task = make(api, h, project["id"])
    assert (task["status"], task["priority"], task["description"]) == ("todo", "medium", "")
    assert (task["estimated_hours"], task["due_date"]) == (None, None)


@pytest.mark.parametrize("given", ["low", "medium", "high", "urgent", 1, 2, 3, 4])
def test_priority_round_trips_as_sent_name_or_number(api, h, project, given):
    # Seed 003 creates a task with "priority": 1; it comes back as 1, not as "low".
    task = make(api, h, project["id"], priority=given)
    assert task["priority"] == given
    assert api.get(f"{URL}/{task['id']}", headers=h).json()["task"]["priority"] == given
    other = make(api, h, project["id"], "Other")
    res = api.patch(f"{URL}/{other['id']}", json={"priority": given}, headers=h)
    assert res.json()["task"]["priority"] == given
    listed = {t["id"]: t["priority"] for t in api.get(URL, headers=h).json()["tasks"]}
    assert listed == {task["id"]: given, other["id"]: given}


def test_a_priority_keeps_its_form_until_it_is_sent_again(api, h, project):
    task = make(api, h, project["id"], priority=3)
    renamed = api.patch(f"{URL}/{task['id']}", json={"name": "Renamed"}, headers=h).json()["task"]
    assert renamed["priority"] == 3
    named = api.patch(f"{URL}/{task['id']}", json={"priority": "urgent"}, headers=h).json()["task"]
    assert named["priority"] == "urgent"
    numbered = api.patch(f"{URL}/{task['id']}", json={"priority": 1}, headers=h).json()["task"]
    assert numbered["priority"] == 1


def test_get_one_is_wrapped_in_task(api, h, project):
    created = make(api, h, project["id"])
    res = api.get(f"{URL}/{created['id']}", headers=h)
    assert res.status_code == 200
    assert res.json() == {"task": created}


def test_get_unknown_task_is_404(api, h):
    assert_error(api.get(f"{URL}/999", headers=h), 404, "not_found")


def test_list_puts_urgent_first_then_orders_by_name(api, h, project):
    for name, priority in [("b-low", 1), ("a-high", "high"), ("z-urgent", 4), ("b-med", 2), ("a-med", 2)]:
        make(api, h, project["id"], name, priority=priority)
    res = api.get(URL, headers=h)
    assert set(res.json()) == {"tasks", "pagination"}
    assert names(res) == ["z-urgent", "a-high", "a-med", "b-med", "b-low"]
    assert res.json()["pagination"]["total"] == 5
    page = api.get(URL, params={"per_page": 2, "page": 2}, headers=h)
    assert names(page) == ["a-med", "b-med"]
    assert (page.json()["pagination"]["next_page"], page.json()["pagination"]["prev_page"]) == (3, 1)


def test_filter_by_project_and_status(api, h, project):
    other = api.post("/api/v1/projects", json={"name": "Other"}, headers=h).json()["project"]
    make(api, h, project["id"], "Todo here")
    make(api, h, project["id"], "Done here", status="done")
    make(api, h, other["id"], "Todo there")
    assert names(api.get(URL, params={"project_id": project["id"]}, headers=h)) == ["Done here", "Todo here"]
    assert names(api.get(URL, params={"status": "todo"}, headers=h)) == ["Todo here", "Todo there"]
    both = api.get(URL, params={"project_id": other["id"], "status": "todo"}, headers=h)
    assert names(both) == ["Todo there"]
    assert both.json()["tasks"][0]["project"] == "Other"


@pytest.mark.parametrize("params", [{"status": "closed"}, {"project_id": "x"}, {"project_id": -1}])
def test_bad_list_filters_are_400(api, h, params):
    assert_error(api.get(URL, params=params, headers=h), 400, "validation_error")


@pytest.mark.parametrize("method", ["put", "patch"])
def test_update_changes_only_the_fields_sent(api, h, project, method):
    created = make(api, h, project["id"], description="Keep", priority="urgent", due_date="2024-05-01")
    res = getattr(api, method)(f"{URL}/{created['id']}", json={"status": "review"}, headers=h)
    assert res.status_code == 200, res.text
    assert res.json()["message"] == "Task updated successfully"
    task = res.json()["task"]
    assert (task["status"], task["description"], task["priority"]) == ("review", "Keep", "urgent")
    assert task["due_date"] == "2024-05-01"
    assert api.get(f"{URL}/{created['id']}", headers=h).json()["task"] == task


def test_update_clears_optional_fields_with_null(api, h, project):
    created = make(api, h, project["id"], estimated_hours=3, due_date="2024-05-01")
    res = api.patch(f"{URL}/{created['id']}", json={"estimated_hours": None, "due_date": None}, headers=h)
    assert (res.json()["task"]["estimated_hours"], res.json()["task"]["due_date"]) == (None, None)


def test_update_unknown_task_is_404(api, h):
    assert_error(api.patch(f"{URL}/999", json={"name": "X"}, headers=h), 404, "not_found")


def test_delete_removes_the_task_and_keeps_its_entries_without_a_task(api, h, db, project):
    task = make(api, h, project["id"])
    keep = make(api, h, project["id"], "Keep")
    entry = api.post(
        "/api/v1/time-entries",
        json={
            "task_id": task["id"],
            "start_time": "2024-01-15T09:00:00Z",
            "end_time": "2024-01-15T10:00:00Z",
        },
        headers=h,
    )
    assert entry.status_code == 201, entry.text
    entry_id = entry.json()["time_entry"]["id"]
    res = api.delete(f"{URL}/{task['id']}", headers=h)
    assert res.status_code == 200, res.text
    assert res.json() == {"message": "Task deleted successfully"}
    assert_error(api.get(f"{URL}/{task['id']}", headers=h), 404)
    assert [row[0] for row in snapshot(db)["tasks"]] == [keep["id"]]
    after = api.get(f"/api/v1/time-entries/{entry_id}", headers=h).json()["time_entry"]
    assert (after["task_id"], after["task"], after["project_id"]) == (None, None, project["id"])
    assert after["duration_seconds"] == 3600


def test_delete_unknown_task_is_404(api, h):
    assert_error(api.delete(f"{URL}/999", headers=h), 404, "not_found")


def test_a_task_without_time_entries_can_move_to_another_project(api, h, project):
    other = api.post("/api/v1/projects", json={"name": "Other"}, headers=h).json()["project"]
    created = make(api, h, project["id"])
    res = api.patch(f"{URL}/{created['id']}", json={"project_id": other["id"]}, headers=h)
    assert res.status_code == 200, res.text
    assert (res.json()["task"]["project_id"], res.json()["task"]["project"]) == (other["id"], "Other")


def test_a_task_with_time_entries_stays_in_its_project(api, h, db, project):
    """Moving it would leave its entries on the old project, pointing at a task of another one."""
    other = api.post("/api/v1/projects", json={"name": "Other"}, headers=h).json()["project"]
    created = make(api, h, project["id"])
    span = {"start_time": "2024-01-15T09:00:00Z", "end_time": "2024-01-15T10:00:00Z"}
    entry = api.post("/api/v1/time-entries", json={"task_id": created["id"], **span}, headers=h)
    assert entry.status_code == 201, entry.text
    before = snapshot(db)
    res = api.patch(f"{URL}/{created['id']}", json={"project_id": other["id"], "name": "Moved"}, headers=h)
    assert_error(res, 409, "task_in_use")
    assert snapshot(db) == before
    same = api.patch(f"{URL}/{created['id']}", json={"project_id": project["id"], "name": "Kept"}, headers=h)
    assert same.status_code == 200, same.text
