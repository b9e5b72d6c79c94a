"""Refused client writes: 400/409 with {error, message, code}, and nothing changes in the database."""

from __future__ import annotations

import pytest

from tests.checks import assert_error, snapshot

URL = "/api/v1/clients"

BAD_FIELDS = {
    "empty name": {"name": ""},
    "whitespace name": {"name": "  \n "},
    "name over 200": {"name": "x" * 201},
    "name not a string": {"name": 5},
    "name an object": {"name": {"first": "Acme"}},
    "negative rate": {"default_hourly_rate": -0.01},
    "rate not a number": {"default_hourly_rate": "cheap"},
    "email without @": {"email": "acme.com"},
    "email with a space": {"email": "a b@acme.com"},
    "phone not a string": {"phone": 5550123},
    "company over 200": {"company": "c" * 201},
    "unknown status": {"status": "deleted"},
    "extra field": {"notes": "vip"},
    "seed-only field": {"contact_person": "Wile E."},
}


@pytest.fixture
def existing(api, h):
    """Two clients: 'Acme', and 'Globex' to update."""
    assert api.post(URL, json={"name": "Acme"}, headers=h).status_code == 201
    res = api.post(URL, json={"name": "Globex", "email": "hq@globex.com"}, headers=h)
    assert res.status_code == 201, res.text
    return res.json()["client"]


@pytest.mark.parametrize("body", [{}, {"email": "a@b.c"}], ids=["empty body", "no name"])
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


@pytest.mark.parametrize("name", ["Acme", "  Acme  "])
def test_duplicate_name_is_409_on_create(api, h, db, existing, name):
    before = snapshot(db)
    assert_error(api.post(URL, json={"name": name, "phone": "1"}, headers=h), 409, "client_exists")
    assert snapshot(db) == before


@pytest.mark.parametrize("method", ["put", "patch"])
def test_renaming_onto_another_client_is_409(api, h, db, existing, method):
    before = snapshot(db)
    res = getattr(api, method)(f"{URL}/{existing['id']}", json={"name": "Acme", "phone": "1"}, headers=h)
    assert_error(res, 409, "client_exists")
    assert snapshot(db) == before


def test_a_name_of_exactly_200_characters_is_accepted(api, h):
    res = api.post(URL, json={"name": "c" * 200}, headers=h)
    assert res.status_code == 201, res.text


@pytest.mark.parametrize(
    ("content", "content_type"),
    [('{"name": "New"', "application/json"), ('["New"]', "application/json"), ("name=New", "text/plain")],
    ids=["malformed json", "json array", "plain text"],
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
        f"{URL}/{existing['id']}", content='{"name": "X",}', headers={**h, "Content-Type": "application/json"}
    )
    assert_error(res, 400, "validation_error")
    assert snapshot(db) == before
