"""A task's due date is a YYYY-MM-DD string (or null): no Unix seconds, no date-times, no booleans."""

from __future__ import annotations

import pytest

from tests.checks import assert_error


@pytest.mark.parametrize(
    "due", [0, 1700000000, "0", True, "2024-01-01T00:00:00", "2024-1-1", "\uff12024-01-01"]
)
def test_anything_but_an_iso_date_is_400(api, h, due):
    project = api.post("/api/v1/projects", json={"name": "P"}, headers=h).json()["project"]
    body = {"name": "T", "project_id": project["id"], "due_date": due}
    assert_error(api.post("/api/v1/tasks", json=body, headers=h), 400, "validation_error")
    task = api.post("/api/v1/tasks", json={**body, "due_date": "2024-02-29"}, headers=h).json()["task"]
    assert task["due_date"] == "2024-02-29"
    res = api.patch(f"/api/v1/tasks/{task['id']}", json={"due_date": due}, headers=h)
    assert_error(res, 400, "validation_error")
    cleared = api.patch(f"/api/v1/tasks/{task['id']}", json={"due_date": None}, headers=h)
    assert cleared.json()["task"]["due_date"] is None
