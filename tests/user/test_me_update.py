"""A user changes their own profile and password; refused changes leave the account as it was."""

from __future__ import annotations

import pytest

from tests.auth.helpers import bearer, scalar, snapshot, web_token

ME = "/api/v1/users/me"
PASSWORD = "/api/v1/users/me/password"


def test_member_sets_time_zone_and_profile(api):
    alice = api.user(name="alice")
    headers = api.login("alice")
    res = api.patch(
        ME,
        json={"timezone": "Europe/Berlin", "week_start": 6, "display_name": "Alice A.", "email": "a@x.org"},
        headers=headers,
    )
    assert res.status_code == 200, res.text
    user = res.json()["user"]
    assert (user["timezone"], user["week_start"], user["display_name"]) == ("Europe/Berlin", 6, "Alice A.")
    assert user["id"] == alice.id
    assert user["role"] == "member"
    again = api.get(ME, headers=headers).json()["user"]
    assert again["timezone"] == "Europe/Berlin"
    assert again["email"] == "a@x.org"
    cleared = api.patch(ME, json={"email": None}, headers=headers).json()["user"]
    assert cleared["email"] is None
    assert cleared["timezone"] == "Europe/Berlin"


def test_profile_change_keeps_the_session(api):
    api.user(name="alice")
    headers = api.login("alice")
    api.patch(ME, json={"timezone": "Asia/Tokyo"}, headers=headers)
    assert api.get(ME, headers=headers).status_code == 200


@pytest.mark.parametrize(
    "payload",
    [
        {"timezone": "Mars/Olympus"},
        {"timezone": "Europe/Berlin", "week_start": 9},
        {"timezone": None},
        {"week_start": -1},
        {"role": "admin"},
        {"is_active": False},
        {"username": "mallory"},
        {"display_name": "x" * 201},
    ],
)
def test_bad_or_forbidden_profile_changes_are_400_and_change_nothing(api, db, payload):
    api.user(name="alice")
    headers = api.login("alice")
    before = snapshot(db, "users")
    res = api.patch(ME, json=payload, headers=headers)
    assert res.status_code == 400, res.text
    assert res.json()["code"] == "validation_error"
    assert snapshot(db, "users") == before


def test_member_cannot_promote_themselves_through_the_admin_endpoint(api, db):
    alice = api.user(name="alice")
    before = snapshot(db, "users")
    res = api.patch(f"/api/v1/users/{alice.id}", json={"role": "admin"}, headers=api.login("alice"))
    assert res.status_code == 403
    assert snapshot(db, "users") == before


def test_anonymous_cannot_change_a_profile(api, db):
    api.user(name="alice")
    before = snapshot(db, "users")
    assert api.patch(ME, json={"timezone": "Asia/Tokyo"}).status_code == 401
    assert (
        api.post(PASSWORD, json={"current_password": "password123", "new_password": "x" * 10}).status_code
        == 401
    )
    assert snapshot(db, "users") == before


def change(api, headers, current="password123", new="brand-new-pw"):
    return api.post(PASSWORD, json={"current_password": current, "new_password": new}, headers=headers)


def test_password_change_rotates_the_seed_and_keeps_api_tokens(api, db):
    alice = api.user(name="alice")
    session, other_session = web_token(api, "alice"), web_token(api, "alice")
    raw = api.token(alice, ["read:users"])
    seed = "SELECT token_seed FROM users WHERE id = :id"
    old_seed = scalar(db, seed, id=alice.id)
    res = change(api, bearer(session))
    assert res.status_code == 200, res.text
    assert scalar(db, seed, id=alice.id) != old_seed
    assert api.get(ME, headers=bearer(session)).status_code == 401
    assert api.get(ME, headers=bearer(other_session)).status_code == 401
    assert api.get(ME, headers=bearer(raw)).status_code == 200
    old = api.post("/api/v1/auth/session", json={"username": "alice", "password": "password123"})
    assert old.status_code == 401
    assert api.get(ME, headers=bearer(web_token(api, "alice", "brand-new-pw"))).status_code == 200


@pytest.mark.parametrize(
    ("current", "new", "code"),
    [
        ("wrong-password", "brand-new-pw", "wrong_password"),
        ("password123", "short", "validation_error"),
        ("password123", "x" * 1025, "validation_error"),
    ],
)
def test_refused_password_change_changes_nothing(api, db, current, new, code):
    api.user(name="alice")
    session = web_token(api, "alice")
    before = snapshot(db, "users")
    res = change(api, bearer(session), current, new)
    assert res.status_code == 400
    assert res.json()["code"] == code
    assert snapshot(db, "users") == before
    assert api.get(ME, headers=bearer(session)).status_code == 200


def test_password_change_needs_a_web_session(api, db):
    alice = api.user(name="alice")
    before = snapshot(db, "users")
    res = change(api, api.headers(alice))
    assert res.status_code == 403
    assert res.json()["code"] == "web_only"
    assert snapshot(db, "users") == before


def test_profile_change_with_an_api_token_needs_write_users(api, db):
    alice = api.user(name="alice")
    narrow = bearer(api.token(alice, "read:users,write:time_entries"))
    before = snapshot(db, "users")
    res = api.patch(ME, json={"timezone": "Asia/Tokyo"}, headers=narrow)
    assert res.status_code == 403
    assert (res.json()["code"], res.json()["required_scope"]) == ("insufficient_scope", "write:users")
    assert snapshot(db, "users") == before
    writer = bearer(api.token(alice, "write:users"))
    change = {"timezone": "Asia/Tokyo", "week_start": 0, "display_name": "Alice"}
    res = api.patch(ME, json=change, headers=writer)
    assert res.status_code == 200, res.text
    user = res.json()["user"]
    assert (user["id"], user["timezone"], user["week_start"], user["display_name"]) == (
        alice.id,
        "Asia/Tokyo",
        0,
        "Alice",
    )
    assert api.get(ME, headers=narrow).json()["user"]["timezone"] == "Asia/Tokyo"
    admin = api.user("admin")
    wide = bearer(api.token(admin, "admin:all"))
    assert api.patch(ME, json={"timezone": "Asia/Tokyo"}, headers=wide).status_code == 200


def test_write_users_changes_neither_password_nor_tokens(api, db):
    alice = api.user(name="alice")
    writer = bearer(api.token(alice, "write:users"))
    before = (snapshot(db, "users"), scalar(db, "SELECT COUNT(*) FROM api_tokens"))
    res = api.post(
        PASSWORD, json={"current_password": "password123", "new_password": "x" * 10}, headers=writer
    )
    assert (res.status_code, res.json()["code"]) == (403, "web_only")
    res = api.post("/api/v1/tokens", json={"name": "sibling", "scopes": ["write:users"]}, headers=writer)
    assert (res.status_code, res.json()["code"]) == (403, "insufficient_scope")
    assert (snapshot(db, "users"), scalar(db, "SELECT COUNT(*) FROM api_tokens")) == before


def test_bad_email_is_refused(api):
    api.user(name="alice")
    headers = api.login("alice")
    res = api.patch(ME, json={"email": "not an email"}, headers=headers)
    assert res.status_code == 400
    assert api.get(ME, headers=headers).json()["user"]["email"] is None
