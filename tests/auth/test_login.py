"""POST /api/v1/auth/session: what a successful sign-in returns, and that failures reveal nothing."""

from __future__ import annotations

import time

import pytest

from tests.auth.helpers import bearer, body, disable_user

LOGIN = "/api/v1/auth/session"


def login(api, username, password="password123"):
    return api.post(LOGIN, json={"username": username, "password": password})


def test_login_returns_a_working_token_and_the_user(api, settings):
    user = api.user("manager", name="alice")
    res = login(api, "alice")
    assert res.status_code == 200, res.text
    data = res.json()
    assert data["token_type"] == "bearer"
    assert abs(data["expires_at"] - (time.time() + settings.web_token_ttl_seconds)) < 30
    assert data["user"]["id"] == user.id
    assert data["user"]["username"] == "alice"
    assert data["user"]["role"] == "manager"
    assert data["user"]["is_active"] is True
    assert not {"password", "password_hash", "token_seed"} & data["user"].keys()
    me = api.get("/api/v1/users/me", headers=bearer(data["token"]))
    assert me.status_code == 200
    assert me.json()["user"]["id"] == user.id


def test_username_is_case_and_space_insensitive(api):
    api.user(name="alice")
    assert login(api, "  Alice ").status_code == 200


def test_wrong_password_and_unknown_username_answer_alike(api):
    api.user(name="alice")
    wrong = login(api, "alice", "not-the-password")
    unknown = login(api, "nobody", "not-the-password")
    assert wrong.status_code == unknown.status_code == 401
    assert body(wrong) == body(unknown)
    assert body(wrong)["code"] == "bad_credentials"
    assert "token" not in wrong.json()


def test_malformed_username_answers_like_an_unknown_one(api):
    unknown = login(api, "nobody")
    malformed = login(api, "no body!")
    assert malformed.status_code == 401
    assert body(malformed) == body(unknown)


def test_disabled_account_answers_like_a_wrong_password(api, db):
    user = api.user(name="alice")
    disable_user(db, user.id)
    disabled = login(api, "alice")  # the right password
    unknown = login(api, "nobody")
    assert disabled.status_code == 401
    assert body(disabled) == body(unknown)


@pytest.mark.parametrize(
    "payload",
    [
        {"username": "alice"},
        {"password": "password123"},
        {"username": "", "password": "password123"},
        {"username": "alice", "password": "password123", "role": "admin"},
    ],
)
def test_incomplete_or_padded_login_body_is_400(api, payload):
    api.user(name="alice")
    res = api.post(LOGIN, json=payload)
    assert res.status_code == 400
    assert res.json()["code"] == "validation_error"


def test_login_needs_no_credentials_but_ignores_a_bad_one(api):
    api.user(name="alice")
    res = api.post(LOGIN, json={"username": "alice", "password": "password123"}, headers=bearer("garbage"))
    assert res.status_code == 200
