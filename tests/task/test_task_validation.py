"""Refused task writes: 400/404 with {error, message, code}, and nothing changes in the database."""

from __future__ import annotations

import pytest

from tests.checks import assert_error, snapshot

URL = "/api/v1/tasks"

BAD_FIELDS = {
    "empty name": {"name": ""},
    "whitespace name": {"name": "   "},
    "name over 200": {"name": "t" * 201},
    "name not a string": {"name": 42},
    "unknown status": {"status": "open"},
    "priority 0": {"priority": 0},
    "priority 5": {"priority": 5},
    "priority -1": {"priority": -1},
    "unknown priority": {"priority": "critical"},
    "priority upper case": {"priority": "URGENT"},
    "priority a numeric string": {"priority": "2"},
    "priority a fraction": {"priority": 1.5},
    "priority true": {"priority": True},
    "negative estimated_hours": {"estimated_hours": -1},
    "impossible due_date": {"due_date": "2024-02-30"},
    "due_date not a date": {"due_date": "soon"},
    "project_id not a number": {"project_id": "abc"},
    "project_id zero": {"project_id": 0},
    "extra field": {"assignee": "bob"},
    "seed-only field": {"assigned_to": 1},
}


@pytest.fixture
def existing(api, h):
    """A project with one task on it."""
    project = api.post("/api/v1/projects", json={"name": "Website"}, headers=h).json()["project"]
    res = api.post(URL, json={"name": "Login", "project_id": project["id"], "priority": "high"}, headers=h)
    assert res.status_code == 201, res.text
    return res.json()["task"]


@pytest.mark.parametrize(
    "body",
    [{}, {"project_id": 1}, {"name": "No project"}, {"name": "No project", "project_id": None}],
    ids=["empty body", "no name", "no project_id", "null project_id"],
)
def test_create_without_name_or_project_is_400(api, h, db, existing, body):
    before = snapshot(db)
    assert_error(api.post(URL, json=body, headers=h), 400, "validation_error")
    assert snapshot(db) == before


@pytest.mark.parametrize("body", BAD_FIELDS.values(), ids=BAD_FIELDS.keys())
def test_create_with_a_bad_field_is_400(api, h, db, existing, body):
    before = snapshot(db)
    res = api.post(URL, json={"name": "New", "project_id": existing["project_id"], **body}, headers=h)
    assert_error(res, 400, "validation_error")
    assert snapshot(db) == before


@pytest.mark.parametrize("method", ["put", "patch"])
@pytest.mark.parametrize("body", BAD_FIELDS.values(), ids=BAD_FIELDS.keys())
def test_update_with_a_bad_field_is_400(api, h, db, existing, body, method):
    before = snapshot(db)
    res = getattr(api, method)(f"{URL}/{existing['id']}", json=body, headers=h)
    assert_error(res, 400, "validation_error")
    assert snapshot(db) == before


def test_unknown_project_id_is_400_on_create(api, h, db, existing):
    before = snapshot(db)
    res = api.post(URL, json={"name": "New", "project_id": 999}, headers=h)
    assert_error(res, 400, "invalid_project")
    assert snapshot(db) == before


@pytest.mark.parametrize("method", ["put", "patch"])
def test_unknown_project_id_is_400_on_update(api, h, db, existing, method):
    before = snapshot(db)
    res = getattr(api, method)(f"{URL}/{existing['id']}", json={"project_id": 999, "name": "X"}, headers=h)
    assert_error(res, 400, "invalid_project")
    assert snapshot(db) == before


def test_a_name_of_exactly_200_characters_is_accepted(api, h, existing):
    res = api.post(URL, json={"name": "t" * 200, "project_id": existing["project_id"]}, headers=h)
    assert res.status_code == 201, res.text


@pytest.mark.parametrize(
    ("content", "content_type"),
    [('{"name": "New", "project_id": 1', "application/json"), ("[]", "application/json"), ("x", "")],
    ids=["malformed json", "json array", "no content type"],
)
def test_create_with_a_body_that_is_not_a_json_object_is_400(api, h, db, existing, content, content_type):
    before = snapshot(db)
    res = api.post(URL, content=content, headers={**h, "Content-Type": content_type})
    assert_error(res, 400, "validation_error")
    assert snapshot(db) == before


@pytest.mark.parametrize("method", ["put", "patch"])
def test_update_with_malformed_json_is_400(api, h, db, existing, method):
    before = snapshot(db)
    res = getattr(api, method)(
        f"{URL}/{existing['id']}", content="{'name': 'X'}", headers={**h, "Content-Type": "application/json"}
    )
    assert_error(res, 400, "validation_error")
    assert snapshot(db) == before
