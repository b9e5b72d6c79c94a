"""Web tokens (JWT) from login: use, tampering, expiry, refresh and signing out everywhere."""

from __future__ import annotations

import base64
import json
import time

import jwt
import pytest

from punchclock.auth import webtoken
from punchclock.user import service as user_service
from tests.auth.helpers import bearer, build_app, client_at, disable_user, web_token

ME = "/api/v1/users/me"


def me(api, token):
    return api.get(ME, headers=bearer(token))


def assert_rejected(res, message=None):
    assert res.status_code == 401, res.text
    assert res.json()["code"] == "invalid_token"
    assert res.json()["error"] == "Invalid token"
    if message:
        assert res.json()["message"] == message


def secret(api):
    return api.client.app.state.secret


def test_web_token_works_as_bearer(api):
    user = api.user(name="alice")
    res = me(api, web_token(api, "alice"))
    assert res.status_code == 200
    assert res.json()["user"]["id"] == user.id


def _b64(data):
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_tampered_tokens_are_rejected(api):
    alice = api.user(name="alice")
    bob = api.user(name="bob")
    token = web_token(api, "bob")
    header, payload, signature = token.split(".")
    claims = jwt.decode(token, options={"verify_signature": False})
    as_alice = ".".join([header, _b64({**claims, "sub": str(alice.id)}), signature])
    flipped = signature[:-2] + ("A" if signature[-2] != "A" else "B") + signature[-1]
    forged = [
        as_alice,
        f"{header}.{payload}.{flipped}",
        f"{header}.{payload}.",
        jwt.encode(claims, "another-secret-" + "y" * 32, algorithm="HS256"),
        f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64({**claims, 'sub': str(alice.id)})}.",
        "not-a-jwt",
    ]
    for bad in forged:
        assert_rejected(me(api, bad))
    assert me(api, token).json()["user"]["id"] == bob.id


def test_expired_token_is_rejected(api):
    user = api.user(name="alice")
    token, expires_at = webtoken.encode(secret(api), user.id, user.username, user.token_seed, -10, 1)
    assert expires_at < time.time()
    assert_rejected(me(api, token), "Token has expired")


def test_token_of_another_kind_or_without_seed_is_rejected(api):
    user = api.user(name="alice")
    now = int(time.time())
    claims = {"sub": str(user.id), "seed": user.token_seed, "iat": now, "exp": now + 600}
    for bad in (
        {**claims, "typ": "refresh"},
        claims,
        {**claims, "typ": "web", "seed": "not-the-seed"},
        {k: v for k, v in {**claims, "typ": "web"}.items() if k != "seed"},
    ):
        assert_rejected(me(api, jwt.encode(bad, secret(api), algorithm="HS256")))


def test_token_of_a_disabled_user_is_rejected(api, db):
    user = api.user(name="alice")
    token = web_token(api, "alice")
    disable_user(db, user.id)
    assert_rejected(me(api, token))


def test_logout_all_revokes_every_web_token_of_that_user_only(api):
    alice = api.user(name="alice")
    api.user(name="bob")
    first, second = web_token(api, "alice"), web_token(api, "alice")
    api_token = api.token(alice)
    bob = web_token(api, "bob")
    res = api.post("/api/v1/auth/logout-all", headers=bearer(first))
    assert res.status_code == 200
    assert res.json()["message"]
    assert_rejected(me(api, first), "The token has been revoked; sign in again")
    assert_rejected(me(api, second))
    assert me(api, api_token).status_code == 200
    assert me(api, bob).status_code == 200
    assert me(api, web_token(api, "alice")).status_code == 200


def test_logout_all_needs_credentials(api):
    res = api.post("/api/v1/auth/logout-all")
    assert res.status_code == 401
    assert res.json()["code"] == "unauthorized"


def test_refresh_gives_a_working_token_that_shares_the_session(api):
    api.user(name="alice")
    old = web_token(api, "alice")
    res = api.post("/api/v1/auth/refresh", headers=bearer(old))
    assert res.status_code == 200, res.text
    data = res.json()
    assert data["token_type"] == "bearer"
    assert data["expires_at"] > time.time()
    assert me(api, data["token"]).status_code == 200
    api.post("/api/v1/auth/logout-all", headers=bearer(old))
    assert_rejected(me(api, data["token"]))


def test_refresh_refuses_api_tokens_and_revoked_web_tokens(api):
    alice = api.user(name="alice")
    res = api.post("/api/v1/auth/refresh", headers=bearer(api.token(alice)))
    assert res.status_code == 401
    assert res.json()["code"] == "not_a_web_token"
    assert "token" not in res.json()
    old = web_token(api, "alice")
    api.post("/api/v1/auth/logout-all", headers=bearer(old))
    assert_rejected(api.post("/api/v1/auth/refresh", headers=bearer(old)))


@pytest.mark.parametrize("ttl", [120, 3600])
def test_login_token_lifetime_follows_the_setting(settings, db, ttl):
    db.call(user_service.create, "alice", "password123", "member")
    client = client_at(build_app(settings, db, web_token_ttl_seconds=ttl), "10.1.0.1")
    data = client.post("/api/v1/auth/session", json={"username": "alice", "password": "password123"}).json()
    claims = jwt.decode(data["token"], settings.secret_key, algorithms=["HS256"])
    assert claims["exp"] == data["expires_at"]
    assert abs(claims["exp"] - claims["iat"] - ttl) <= 1
