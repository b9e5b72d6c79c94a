"""/api/v1/tokens: who may create, list, read and revoke which tokens; secrets are shown once."""

from __future__ import annotations

import time
from datetime import datetime

from tests.auth.helpers import bearer, body, count, snapshot

TOKENS = "/api/v1/tokens"
ME = "/api/v1/users/me"


def create(api, headers, **body):
    return api.post(TOKENS, json={"name": "ci", "scopes": ["read:users"], **body}, headers=headers)


def test_create_shows_the_secret_once(api, db):
    alice = api.user(name="alice")
    headers = api.login("alice")
    res = create(api, headers, name="laptop", description="my cli", scopes="read:users, read:projects")
    assert res.status_code == 201, res.text
    raw, created = res.json()["token"], res.json()["api_token"]
    assert created["user_id"] == alice.id
    assert created["username"] == "alice"
    assert created["name"] == "laptop"
    assert created["description"] == "my cli"
    assert created["scopes"] == ["read:projects", "read:users"]
    assert created["is_active"] is True
    assert created["revoked_at"] is None
    assert created["expires_at"] is None
    assert created["last_used_at"] is None
    assert raw not in str(created)
    listed = api.get(TOKENS, headers=headers)
    got = api.get(f"{TOKENS}/{created['id']}", headers=headers)
    assert raw not in listed.text
    assert raw not in got.text
    assert listed.json()["api_tokens"] == [created]
    assert got.json()["api_token"] == created
    assert api.get(ME, headers=bearer(raw)).json()["user"]["id"] == alice.id
    assert count(db, "api_tokens") == 1


def test_create_with_an_expiry(api):
    api.user(name="alice")
    res = create(api, api.login("alice"), expires_in_days=30)
    assert res.status_code == 201
    expires = res.json()["api_token"]["expires_at"]
    assert expires is not None
    ts = datetime.fromisoformat(expires.replace("Z", "+00:00")).timestamp()
    assert abs(ts - (time.time() + 30 * 86400)) < 60


def test_invalid_create_requests_change_nothing(api, db):
    api.user(name="alice")
    headers = api.login("alice")
    before = snapshot(db, "api_tokens")
    for payload in (
        {"scopes": ["read:nothing"]},
        {"scopes": []},
        {"scopes": ""},
        {"name": "   "},
        {"name": "x" * 201},
        {"expires_in_days": 0},
        {"expires_in_days": 3651},
        {"secret": "pc_mine"},
    ):
        res = create(api, headers, **payload)
        assert res.status_code == 400, (payload, res.text)
        assert "token" not in res.json()
    assert snapshot(db, "api_tokens") == before


def test_members_list_only_their_own_tokens(api):
    alice, bob = api.user(name="alice"), api.user(name="bob")
    api.token(alice, ["read:users"])
    api.token(bob, ["read:users"])
    api.token(bob, ["read:projects"])
    res = api.get(TOKENS, headers=api.login("alice"))
    assert res.status_code == 200
    assert [t["user_id"] for t in res.json()["api_tokens"]] == [alice.id]
    assert res.json()["pagination"]["total"] == 1
    mine = api.get(TOKENS, params={"user_id": alice.id}, headers=api.login("alice"))
    assert [t["user_id"] for t in mine.json()["api_tokens"]] == [alice.id]


def test_member_asking_for_another_users_tokens_is_403(api):
    api.user(name="alice")
    bob = api.user(name="bob")
    api.token(bob, ["read:users"])
    res = api.get(TOKENS, params={"user_id": bob.id}, headers=api.login("alice"))
    assert res.status_code == 403
    assert "api_tokens" not in res.json()


def test_managers_are_not_admins_for_tokens(api, db):
    api.user("manager", name="mia")
    bob = api.user(name="bob")
    api.token(bob, ["read:users"])
    headers = api.login("mia")
    assert api.get(TOKENS, params={"user_id": bob.id}, headers=headers).status_code == 403
    before = count(db, "api_tokens")
    res = create(api, headers, user_id=bob.id)
    assert res.status_code == 403
    assert count(db, "api_tokens") == before


def test_admin_sees_all_and_filters_by_user(api):
    api.user("admin", name="root")
    alice, bob = api.user(name="alice"), api.user(name="bob")
    api.token(alice, ["read:users"])
    api.token(bob, ["read:users"])
    headers = api.login("root")
    everyone = api.get(TOKENS, headers=headers).json()
    assert sorted(t["username"] for t in everyone["api_tokens"]) == ["alice", "bob"]
    only_bob = api.get(TOKENS, params={"user_id": bob.id}, headers=headers).json()
    assert [t["username"] for t in only_bob["api_tokens"]] == ["bob"]
    assert only_bob["pagination"]["total"] == 1


def test_admin_creates_a_token_for_another_user_within_their_role(api, db):
    api.user("admin", name="root")
    alice = api.user(name="alice")
    headers = api.login("root")
    res = create(api, headers, user_id=alice.id, scopes=["write:time_entries"])
    assert res.status_code == 201
    assert res.json()["api_token"]["user_id"] == alice.id
    assert api.get(ME, headers=bearer(res.json()["token"])).status_code == 403  # no read:users
    before = count(db, "api_tokens")
    refused = create(api, headers, user_id=alice.id, scopes=["admin:all"])
    assert refused.status_code == 400
    assert create(api, headers, user_id=999_999).status_code == 404
    assert count(db, "api_tokens") == before


def test_someone_elses_token_is_404_for_non_admins(api, db):
    api.user(name="alice")
    bob = api.user(name="bob")
    raw = api.token(bob, ["read:users"])
    token_id = api.get(TOKENS, headers=api.login("bob")).json()["api_tokens"][0]["id"]
    headers = api.login("alice")
    before = snapshot(db, "api_tokens")
    unknown = api.get(f"{TOKENS}/999999", headers=headers)
    assert unknown.status_code == 404
    for res in (
        api.get(f"{TOKENS}/{token_id}", headers=headers),
        api.delete(f"{TOKENS}/{token_id}", headers=headers),
    ):
        assert res.status_code == 404
        assert body(res) == body(unknown)
    assert snapshot(db, "api_tokens") == before
    assert api.get(ME, headers=bearer(raw)).status_code == 200


def test_admin_revokes_anyones_token(api, db):
    api.user("admin", name="root")
    bob = api.user(name="bob")
    raw = api.token(bob, ["read:users"])
    token_id = api.get(TOKENS, headers=api.login("bob")).json()["api_tokens"][0]["id"]
    res = api.delete(f"{TOKENS}/{token_id}", headers=api.login("root"))
    assert res.status_code == 200
    assert res.json()["api_token"]["revoked_at"] is not None
    assert res.json()["api_token"]["is_active"] is False
    assert api.get(ME, headers=bearer(raw)).status_code == 401
    listed = api.get(TOKENS, headers=api.login("bob")).json()
    assert listed["api_tokens"] == []
    with_revoked = api.get(TOKENS, params={"include_revoked": True}, headers=api.login("bob")).json()
    assert [t["id"] for t in with_revoked["api_tokens"]] == [token_id]
    again = api.delete(f"{TOKENS}/{token_id}", headers=api.login("root"))
    assert again.status_code == 200
    assert again.json()["api_token"]["revoked_at"] == res.json()["api_token"]["revoked_at"]


def test_api_token_without_admin_all_cannot_manage_tokens(api, db):
    alice = api.user(name="alice")
    raw = api.token(alice)  # every scope a member may hold
    token_id = api.get(TOKENS, headers=api.login("alice")).json()["api_tokens"][0]["id"]
    assert api.get(ME, headers=bearer(raw)).status_code == 200  # sets last_used_at now, not below
    before = snapshot(db, "api_tokens")
    for res in (
        api.get(TOKENS, headers=bearer(raw)),
        create(api, bearer(raw)),
        api.get(f"{TOKENS}/{token_id}", headers=bearer(raw)),
        api.delete(f"{TOKENS}/{token_id}", headers=bearer(raw)),
    ):
        assert res.status_code == 403
        assert res.json()["error"] == "Insufficient permissions"
        assert res.json()["required_scope"] == "admin:all"
    assert snapshot(db, "api_tokens") == before


def test_admin_all_token_manages_tokens(api):
    root = api.user("admin", name="root")
    raw = api.token(root, ["admin:all"])
    res = create(api, bearer(raw))
    assert res.status_code == 201
    assert api.get(TOKENS, headers=bearer(raw)).json()["pagination"]["total"] == 2


def test_anonymous_is_401_everywhere(api, db):
    alice = api.user(name="alice")
    api.token(alice, ["read:users"])
    before = snapshot(db, "api_tokens")
    for res in (
        api.get(TOKENS),
        create(api, {}),
        api.get(f"{TOKENS}/1"),
        api.delete(f"{TOKENS}/1"),
    ):
        assert res.status_code == 401
        assert res.json()["error"] == "Authentication required"
    assert snapshot(db, "api_tokens") == before
