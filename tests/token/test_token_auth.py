"""API tokens as credentials: format, storage, headers, revocation, expiry, last use and scopes."""

from __future__ import annotations

import hashlib
import re
import time

from tests.auth.helpers import bearer, count, disable_user, execute, rows, scalar, web_token

ME = "/api/v1/users/me"
TOKENS = "/api/v1/tokens"


def create(api, headers, **body):
    return api.post(TOKENS, json={"name": "ci", **body}, headers=headers)


def token_row(db, token_id):
    return rows(db, "SELECT * FROM api_tokens WHERE id = :id", id=token_id)[0]


def assert_rejected(res, message=None):
    assert res.status_code == 401, res.text
    assert res.json()["error"] == "Invalid token"
    if message:
        assert res.json()["message"] == message


def test_token_format_and_prefix(api):
    api.user("admin", name="root")
    res = create(api, api.login("root"), scopes=["read:users"])
    assert res.status_code == 201, res.text
    raw = res.json()["token"]
    assert re.fullmatch(r"tt_[A-Za-z0-9]{32}", raw)
    assert res.json()["api_token"]["prefix"] == raw[:8]
    other = create(api, api.login("root"), scopes=["read:users"]).json()["token"]
    assert other != raw


def test_only_a_sha256_digest_is_stored(api, db):
    api.user("admin", name="root")
    res = create(api, api.login("root"), scopes="read:users")
    raw, token_id = res.json()["token"], res.json()["api_token"]["id"]
    row = token_row(db, token_id)
    assert row["token_hash"] == hashlib.sha256(raw.encode()).hexdigest()
    for value in row.values():
        assert raw not in str(value)
        assert raw[3:] not in str(value)
        assert raw[8:] not in str(value)


def test_token_is_accepted_in_each_documented_header(api):
    user = api.user(name="alice")
    raw = api.token(user, ["read:users"])
    for headers in (
        {"Authorization": f"Bearer {raw}"},
        {"Authorization": f"bearer {raw}"},
        {"Authorization": f"Token {raw}"},
        {"X-API-Key": raw},
    ):
        res = api.get(ME, headers=headers)
        assert res.status_code == 200, headers
        assert res.json()["user"]["id"] == user.id


def test_other_schemes_and_garbage_are_rejected(api):
    user = api.user(name="alice")
    raw = api.token(user, ["read:users"])
    for headers in (
        {"Authorization": "Basic x"},
        {"Authorization": f"Basic {raw}"},
        {"Authorization": "Bearer"},
        {"Authorization": f"Bearer {raw[:-1]}"},
        {"Authorization": f"Bearer {raw[:-1]}{'b' if raw[-1] == 'a' else 'a'}"},
        {"Authorization": "Bearer " + "pc_" + "x" * 5000},
        {"X-API-Key": "pc_" + "A" * 32},
    ):
        assert_rejected(api.get(ME, headers=headers))


def test_missing_credentials_is_401_with_the_seed_message(api):
    res = api.get(ME)
    assert res.status_code == 401
    assert res.json()["error"] == "Authentication required"
    assert "X-API-Key" in res.json()["message"]


def test_revoked_token_is_rejected(api):
    user = api.user(name="alice")
    raw = api.token(user, ["read:users"])
    token_id = api.get(TOKENS, headers=api.login(user.username)).json()["api_tokens"][0]["id"]
    assert api.delete(f"{TOKENS}/{token_id}", headers=api.login(user.username)).status_code == 200
    assert_rejected(api.get(ME, headers=bearer(raw)))


def test_expired_token_is_rejected(api, db):
    user = api.user(name="alice")
    raw = api.token(user, ["read:users"], expires_in_days=1)
    assert api.get(ME, headers=bearer(raw)).status_code == 200
    execute(db, "UPDATE api_tokens SET expires_at = :ts", ts=int(time.time()) - 5)
    assert_rejected(api.get(ME, headers=bearer(raw)), "Token has expired")


def test_token_of_a_disabled_user_is_rejected(api, db):
    user = api.user(name="alice")
    raw = api.token(user, ["read:users"])
    disable_user(db, user.id)
    assert_rejected(api.get(ME, headers=bearer(raw)), "User account is inactive")


def test_last_used_at_is_written_once_a_minute(api, db):
    user = api.user(name="alice")
    raw = api.token(user, ["read:users"])
    last_used = "SELECT last_used_at FROM api_tokens"
    assert scalar(db, last_used) is None
    api.get(ME, headers=bearer(raw))
    first = scalar(db, last_used)
    assert first is not None
    assert abs(first - time.time()) < 10
    execute(db, "UPDATE api_tokens SET last_used_at = :ts", ts=first - 30)
    api.get(ME, headers=bearer(raw))
    assert scalar(db, last_used) == first - 30
    execute(db, "UPDATE api_tokens SET last_used_at = :ts", ts=first - 90)
    api.get(ME, headers=bearer(raw))
    assert abs(scalar(db, last_used) - time.time()) < 10


def test_only_authenticated_requests_mark_a_token_used(api, db):
    user = api.user(name="alice")
    raw = api.token(user, ["read:projects"])
    assert api.get(ME, headers=bearer(raw)).status_code == 403
    assert scalar(db, "SELECT last_used_at FROM api_tokens") is not None  # authenticated, then out of scope
    other = api.user(name="bob")
    raw_bob = api.token(other, ["read:users"])
    disable_user(db, other.id)
    api.get(ME, headers=bearer(raw_bob))
    assert scalar(db, "SELECT last_used_at FROM api_tokens WHERE user_id = :u", u=other.id) is None


def test_missing_scope_is_403_with_the_seed_body(api):
    user = api.user(name="alice")
    raw = api.token(user, ["read:projects", "read:time_entries"])
    res = api.get(ME, headers=bearer(raw))
    assert res.status_code == 403
    data = res.json()
    assert data["error"] == "Insufficient permissions"
    assert data["code"] == "insufficient_scope"
    assert data["required_scope"] == "read:users"
    assert data["available_scopes"] == ["read:projects", "read:time_entries"]
    assert "read:users" in data["message"]


def test_member_cannot_create_a_token_beyond_the_role(api, db):
    api.user(name="alice")
    headers = api.login("alice")
    before = count(db, "api_tokens")
    for scopes in (["write:projects"], ["admin:all"], ["read:users", "write:clients"]):
        res = create(api, headers, scopes=scopes)
        assert res.status_code == 400, scopes
        assert res.json()["code"] == "scope_not_allowed"
        assert "token" not in res.json()
    assert count(db, "api_tokens") == before


def test_token_rights_shrink_when_the_role_does(api):
    api.user("admin", name="root")
    manager = api.user("manager", name="mia")
    raw = api.token(manager, ["write:projects", "read:projects"])
    res = api.post("/api/v1/projects", json={"name": "Before"}, headers=bearer(raw))
    assert res.status_code == 201, res.text
    demoted = api.patch(f"/api/v1/users/{manager.id}", json={"role": "member"}, headers=api.login("root"))
    assert demoted.status_code == 200
    res = api.post("/api/v1/projects", json={"name": "After"}, headers=bearer(raw))
    assert res.status_code == 403
    assert res.json()["required_scope"] == "write:projects"
    assert res.json()["available_scopes"] == ["read:projects"]


def test_admin_all_token_of_an_admin_reaches_admin_endpoints(api):
    root = api.user("admin", name="root")
    raw = api.token(root, ["admin:all"])
    res = api.post(
        "/api/v1/users", json={"username": "newbie", "password": "password123"}, headers=bearer(raw)
    )
    assert res.status_code == 201
    narrow = api.token(root, ["read:users"])
    res = api.post(
        "/api/v1/users", json={"username": "other", "password": "password123"}, headers=bearer(narrow)
    )
    assert res.status_code == 403
    assert res.json()["required_scope"] == "admin:all"


def test_web_and_api_tokens_are_not_interchangeable_prefixes(api):
    user = api.user(name="alice")
    web = web_token(api, "alice")
    assert api.get(ME, headers=bearer(web)).json()["user"]["id"] == user.id
    assert_rejected(api.get(ME, headers=bearer("pc_" + web)))
