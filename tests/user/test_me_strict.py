"""PATCH /users/me: no NUL in text; week_start is a real integer; only email may be null."""

from __future__ import annotations

import pytest

from tests.checks import assert_error

ME = "/api/v1/users/me"


@pytest.mark.parametrize(
    "body",
    [
        {"display_name": "a\x00b"},
        {"timezone": "Europe/Berlin\x00"},
        {"email": "a\x00@x.org"},
        {"week_start": False},
        {"week_start": True},
        {"week_start": "1"},
        {"week_start": 1.0},
        {"week_start": None},
        {"display_name": None},
        {"timezone": None},
    ],
)
def test_bad_changes_are_400_and_change_nothing(api, body):
    api.user(name="alice")
    headers = api.login("alice")
    before = api.get(ME, headers=headers).json()["user"]
    assert_error(api.patch(ME, json=body, headers=headers), 400, "validation_error")
    assert api.get(ME, headers=headers).json()["user"] == before


def test_admins_cannot_store_nul_or_null_either(api):
    h = api.headers(api.user("admin"))
    res = api.post(
        "/api/v1/users",
        json={"username": "bob", "password": "password123", "display_name": "\x00"},
        headers=h,
    )
    assert_error(res, 400, "validation_error")
    bob = api.user(name="bob")
    for body in (
        {"display_name": "b\x00"},
        {"role": None},
        {"is_active": None},
        {"is_active": 1},
        {"week_start": False},
    ):
        assert_error(api.patch(f"/api/v1/users/{bob.id}", json=body, headers=h), 400, "validation_error")


def test_the_schema_says_what_may_be_null(api):
    schemas = api.get("/api/openapi.json").json()["components"]["schemas"]
    for name in ("MeUpdate", "UserUpdate"):
        props = schemas[name]["properties"]
        week = props["week_start"]
        assert week.get("type") == "integer", week
        assert "default" not in week
        assert "anyOf" not in props["display_name"]
        assert "anyOf" not in props["timezone"]
        assert {"type": "null"} in props["email"]["anyOf"]
