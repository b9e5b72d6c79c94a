"""Refused project writes: 400/404/409 with {error, message, code}, and nothing changes in the database."""

from __future__ import annotations

import pytest

from tests.checks import assert_error, snapshot

URL = "/api/v1/projects"

# Bodies that are wrong whether they create or update a project.
BAD_FIELDS = {
    "empty name": {"name": ""},
    "whitespace name": {"name": "   \t "},
    "name over 200": {"name": "x" * 201},
    "name not a string": {"name": 123},
    "name a list": {"name": ["Website"]},
    "negative hourly_rate": {"hourly_rate": -1},
    "hourly_rate with 3 decimals": {"hourly_rate": 1.234},
    "hourly_rate not a number": {"hourly_rate": "lots"},
    "negative estimated_hours": {"estimated_hours": -0.5},
    "color a word": {"color": "red"},
    "color too short": {"color": "#abc"},
    "color not hex": {"color": "#GGGGGG"},
    "unknown status": {"status": "deleted"},
    "extra field": {"owner": "me"},
    "client_id not a number": {"client_id": "abc"},
    "client_id zero": {"client_id": 0},
    "billable not a boolean": {"billable": "maybe"},
    "tag with a space": {"tag": "two words"},
    "description too long": {"description": "x" * 10_001},
}


@pytest.fixture
def existing(api, h):
    """A client, a tagged project on it, and a second project to update."""
    client = api.post("/api/v1/clients", json={"name": "Acme"}, headers=h).json()["client"]
    api.post(URL, json={"name": "Tagged", "tag": "web", "client_id": client["id"]}, headers=h)
    res = api.post(URL, json={"name": "Target", "hourly_rate": 10}, headers=h)
    assert res.status_code == 201, res.text
    return res.json()["project"]


@pytest.mark.parametrize("body", [{}, {"description": "no name"}], ids=["empty body", "no name"])
def test_create_without_a_name_is_400(api, h, db, existing, body):
    before = snapshot(db)
    assert_error(api.post(URL, json=body, headers=h), 400, "validation_error")
    assert snapshot(db) == before


@pytest.mark.parametrize("body", BAD_FIELDS.values(), ids=BAD_FIELDS.keys())
def test_create_with_a_bad_field_is_400(api, h, db, existing, body):
    before = snapshot(db)
    assert_error(api.post(URL, json={"name": "New", **body}, headers=h), 400, "validation_error")
    assert snapshot(db) == before


@pytest.mark.parametrize("method", ["put", "patch"])
@pytest.mark.parametrize("body", BAD_FIELDS.values(), ids=BAD_FIELDS.keys())
def test_update_with_a_bad_field_is_400(api, h, db, existing, body, method):
    before = snapshot(db)
    res = getattr(api, method)(f"{URL}/{existing['id']}", json=body, headers=h)
    assert_error(res, 400, "validation_error")
    assert snapshot(db) == before


def test_a_name_of_exactly_200_characters_is_accepted(api, h):
    res = api.post(URL, json={"name": "x" * 200}, headers=h)
    assert res.status_code == 201, res.text
    assert res.json()["project"]["name"] == "x" * 200


@pytest.mark.parametrize("field", ["client_id", "estimated_hours"])
def test_a_boolean_is_not_a_number(api, h, db, existing, field):
    """JSON true must not pass as client 1 or as 1.0 hours (pydantic's lax mode would take it)."""
    before = snapshot(db)
    assert_error(api.post(URL, json={"name": "New", field: True}, headers=h), 400, "validation_error")
    assert snapshot(db) == before


def test_unknown_client_id_is_400_on_create(api, h, db, existing):
    before = snapshot(db)
    body = assert_error(api.post(URL, json={"name": "New", "client_id": 999}, headers=h), 400)
    assert body["code"] == "invalid_client"
    assert snapshot(db) == before


def test_unknown_client_id_is_400_on_update(api, h, db, existing):
    before = snapshot(db)
    res = api.patch(f"{URL}/{existing['id']}", json={"client_id": 999, "name": "Changed"}, headers=h)
    assert_error(res, 400, "invalid_client")
    assert snapshot(db) == before


@pytest.mark.parametrize("tag", ["web", "#web", "WEB", " #Web "])
def test_duplicate_tag_is_409_on_create(api, h, db, existing, tag):
    before = snapshot(db)
    assert_error(api.post(URL, json={"name": "Other", "tag": tag}, headers=h), 409, "tag_taken")
    assert snapshot(db) == before


def test_duplicate_tag_is_409_on_update(api, h, db, existing):
    before = snapshot(db)
    res = api.patch(f"{URL}/{existing['id']}", json={"tag": "#Web", "name": "Changed"}, headers=h)
    assert_error(res, 409, "tag_taken")
    assert snapshot(db) == before


RAW_BODIES = {
    "malformed json": ('{"name": "Website"', "application/json"),
    "json array": ('[{"name": "Website"}]', "application/json"),
    "json null": ("null", "application/json"),
    "form body": ("name=Website", "application/x-www-form-urlencoded"),
}


@pytest.mark.parametrize(("content", "content_type"), RAW_BODIES.values(), ids=RAW_BODIES.keys())
def test_create_with_a_body_that_is_not_a_json_object_is_400(api, h, db, existing, content, content_type):
    before = snapshot(db)
    res = api.post(URL, content=content, headers={**h, "Content-Type": content_type})
    assert_error(res, 400, "validation_error")
    assert snapshot(db) == before


def test_malformed_json_says_so(api, h):
    res = api.post(URL, content='{"name": ', headers={**h, "Content-Type": "application/json"})
    assert assert_error(res, 400)["message"] == "The request body is not valid JSON"


@pytest.mark.parametrize("method", ["put", "patch"])
def test_update_with_malformed_json_is_400(api, h, db, existing, method):
    before = snapshot(db)
    res = getattr(api, method)(
        f"{URL}/{existing['id']}", content="{name:", headers={**h, "Content-Type": "application/json"}
    )
    assert_error(res, 400, "validation_error")
    assert snapshot(db) == before


def test_explicit_null_name_leaves_the_name_unchanged(api, h, existing):
    res = api.patch(f"{URL}/{existing['id']}", json={"name": None, "description": "d"}, headers=h)
    assert res.status_code == 200, res.text
    assert (res.json()["project"]["name"], res.json()["project"]["description"]) == ("Target", "d")
