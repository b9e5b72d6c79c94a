"""Admins manage accounts: create, change role and active flag; refused writes change nothing."""

from __future__ import annotations

import pytest

from tests.auth.helpers import bearer, count, snapshot, web_token

USERS = "/api/v1/users"
NEW = {"username": "newbie", "password": "password123"}


def test_admin_creates_a_user_who_can_sign_in(api, db):
    api.user("admin", name="root")
    res = api.post(
        USERS,
        json={**NEW, "username": "NewBie", "role": "manager", "display_name": "New", "email": "n@x.org"},
        headers=api.login("root"),
    )
    assert res.status_code == 201, res.text
    user = res.json()["user"]
    assert (user["username"], user["role"], user["display_name"]) == ("newbie", "manager", "New")
    assert user["email"] == "n@x.org"
    assert user["is_active"] is True
    assert count(db, "users") == 2
    assert api.post("/api/v1/auth/session", json=NEW).json()["user"]["id"] == user["id"]


def test_created_user_defaults_to_member(api):
    api.user("admin", name="root")
    res = api.post(USERS, json=NEW, headers=api.login("root"))
    assert res.json()["user"]["role"] == "member"
    assert res.json()["user"]["display_name"] == "newbie"


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({**NEW, "username": "root"}, 409),
        ({**NEW, "username": "ROOT"}, 409),
        ({**NEW, "username": "bad name"}, 400),
        ({**NEW, "username": "-dash"}, 400),
        ({**NEW, "username": ""}, 400),
        ({**NEW, "username": "x" * 65}, 400),
        ({**NEW, "password": "short"}, 400),
        ({"username": "newbie"}, 400),
        ({**NEW, "role": "owner"}, 400),
        ({**NEW, "is_active": False}, 400),
    ],
)
def test_invalid_or_duplicate_user_is_refused(api, db, payload, status):
    api.user("admin", name="root")
    headers = api.login("root")
    before = snapshot(db, "users")
    res = api.post(USERS, json=payload, headers=headers)
    assert res.status_code == status, res.text
    assert "user" not in res.json()
    if status == 409:
        assert res.json()["code"] == "user_exists"
    assert snapshot(db, "users") == before


@pytest.mark.parametrize("role", ["member", "manager"])
def test_only_admins_create_users(api, db, role):
    boss = api.user(role, name="boss")
    for headers in (api.login("boss"), api.headers(boss)):
        res = api.post(USERS, json=NEW, headers=headers)
        assert res.status_code == 403
        assert res.json()["required_scope"] == "admin:all"
    assert api.post(USERS, json=NEW).status_code == 401
    assert count(db, "users") == 1


def test_admin_changes_role_and_the_old_sessions_end(api):
    api.user("admin", name="root")
    bob = api.user(name="bob")
    session = web_token(api, "bob")
    raw = api.token(bob, ["read:users"])
    res = api.patch(f"{USERS}/{bob.id}", json={"role": "manager"}, headers=api.login("root"))
    assert res.status_code == 200, res.text
    assert res.json()["user"]["role"] == "manager"
    assert api.get(f"{USERS}/me", headers=bearer(session)).status_code == 401
    assert api.get(f"{USERS}/me", headers=bearer(raw)).json()["user"]["role"] == "manager"
    fresh = api.login("bob")
    assert api.get(USERS, headers=fresh).status_code == 200  # managers list users


@pytest.mark.parametrize("method", ["patch", "put", "delete"])
def test_disabling_a_user_ends_their_tokens_and_sessions(api, method):
    api.user("admin", name="root")
    bob = api.user(name="bob")
    session = web_token(api, "bob")
    raw = api.token(bob, ["read:users"])
    url = f"{USERS}/{bob.id}"
    headers = api.login("root")
    if method == "delete":
        res = api.delete(url, headers=headers)
    else:
        res = getattr(api, method)(url, json={"is_active": False}, headers=headers)
    assert res.status_code == 200, res.text
    assert res.json()["user"]["is_active"] is False
    assert api.get(f"{USERS}/me", headers=bearer(session)).status_code == 401
    assert api.get(f"{USERS}/me", headers=bearer(raw)).status_code == 401
    assert (
        api.post("/api/v1/auth/session", json={"username": "bob", "password": "pass" + "word123"}).status_code
        == 401
    )
    assert api.get(url, headers=headers).json()["user"]["is_active"] is False  # kept, not deleted


def test_admin_resets_a_password(api):
    api.user("admin", name="root")
    bob = api.user(name="bob")
    session = web_token(api, "bob")
    res = api.patch(f"{USERS}/{bob.id}", json={"password": "brand-new-pw"}, headers=api.login("root"))
    assert res.status_code == 200
    assert api.get(f"{USERS}/me", headers=bearer(session)).status_code == 401
    assert web_token(api, "bob", "brand-new-pw")


@pytest.mark.parametrize(
    ("method", "payload"),
    [
        ("patch", {"role": "member"}),
        ("patch", {"role": "manager"}),
        ("put", {"is_active": False}),
        ("patch", {"role": "member", "display_name": "Root"}),
        ("delete", None),
    ],
)
def test_admin_cannot_demote_or_disable_themselves(api, db, method, payload):
    root = api.user("admin", name="root")
    headers = api.login("root")
    before = snapshot(db, "users")
    url = f"{USERS}/{root.id}"
    res = (
        api.delete(url, headers=headers)
        if payload is None
        else getattr(api, method)(url, json=payload, headers=headers)
    )
    assert res.status_code == 403
    assert res.json()["code"] == "self_lockout"
    assert snapshot(db, "users") == before
    assert api.get(f"{USERS}/me", headers=headers).status_code == 200


def test_admin_may_still_edit_their_own_profile(api):
    root = api.user("admin", name="root")
    res = api.patch(
        f"{USERS}/{root.id}", json={"display_name": "Root", "role": "admin"}, headers=api.login("root")
    )
    assert res.status_code == 200
    assert res.json()["user"]["display_name"] == "Root"


@pytest.mark.parametrize(
    "payload",
    [
        {"role": "owner"},
        {"is_active": None},
        {"timezone": "Mars/Olympus"},
        {"week_start": 7},
        {"password": "short"},
        {"username": "renamed"},
        {"display_name": "ok", "timezone": "Nowhere/City"},
    ],
)
def test_invalid_updates_change_nothing(api, db, payload):
    api.user("admin", name="root")
    bob = api.user(name="bob")
    headers = api.login("root")
    before = snapshot(db, "users")
    res = api.patch(f"{USERS}/{bob.id}", json=payload, headers=headers)
    assert res.status_code == 400, res.text
    assert snapshot(db, "users") == before


def test_unknown_user_is_404_on_every_admin_write(api, db):
    api.user("admin", name="root")
    headers = api.login("root")
    before = snapshot(db, "users")
    for res in (
        api.patch(f"{USERS}/999999", json={"display_name": "x"}, headers=headers),
        api.put(f"{USERS}/999999", json={"is_active": False}, headers=headers),
        api.delete(f"{USERS}/999999", headers=headers),
    ):
        assert res.status_code == 404
        assert res.json()["code"] == "not_found"
    assert snapshot(db, "users") == before


@pytest.mark.parametrize("role", ["member", "manager"])
def test_non_admins_cannot_change_other_accounts(api, db, role):
    api.user(role, name="boss")
    bob = api.user(name="bob")
    headers = api.login("boss")
    before = snapshot(db, "users")
    assert api.patch(f"{USERS}/{bob.id}", json={"is_active": False}, headers=headers).status_code == 403
    assert api.delete(f"{USERS}/{bob.id}", headers=headers).status_code == 403
    assert snapshot(db, "users") == before
