"""POST /api/v1/auth/login: a device's password sign-in yields a tt_ API token (TimeTracker's clients
keep it), named after the device, holding the user's role, listed, revocable, ended by signing out."""

from __future__ import annotations

import re
import time

import pytest
from fastapi.testclient import TestClient

from punchclock.app import create_app
from punchclock.auth.device import device_label
from punchclock.auth.scopes import ROLE_SCOPES
from punchclock.kit.secret import sha256_hex
from punchclock.token.service import MAX_DEVICE_TOKENS
from tests.auth.helpers import bearer, execute, scalar

LOGIN = "/api/v1/auth/login"
SESSION = "/api/v1/auth/session"
ME = "/api/v1/users/me"
ELECTRON = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "TimeTracker/5.10.0 Chrome/128.0.0.0 Electron/32.0.0 Safari/537.36"
)


def device_login(api, username="alice", password="password123", **extra):
    headers = extra.pop("headers", {})
    return api.post(LOGIN, json={"username": username, "password": password, **extra}, headers=headers)


def web(api, username="alice"):
    res = api.post(SESSION, json={"username": username, "password": "password123"})
    assert res.status_code == 200, res.text
    return bearer(res.json()["token"])


def tokens(api, headers, all_=False):
    res = api.get("/api/v1/tokens" + ("?include_revoked=true" if all_ else ""), headers=headers)
    assert res.status_code == 200, res.text
    return res.json()["api_tokens"]


def test_returns_a_tt_token_named_after_the_device_with_the_users_role(api, settings):
    user = api.user("member", name="alice")
    res = device_login(api, headers={"User-Agent": ELECTRON})
    assert res.status_code == 200, res.text
    data = res.json()
    assert re.fullmatch(r"tt_[A-Za-z0-9]{32}", data["token"])  # what the desktop app checks
    assert data["user"]["id"] == user.id
    assert abs(data["expires_at"] - (time.time() + settings.device_token_days * 86400)) < 60
    shown = data["api_token"]
    assert (shown["kind"], shown["name"], shown["is_active"]) == (
        "device",
        "Signed in: desktop app on Windows",
        True,
    )
    assert set(shown["scopes"]) == ROLE_SCOPES["member"]
    me = api.get(ME, headers=bearer(data["token"]))
    assert me.status_code == 200
    assert me.json()["user"]["id"] == user.id
    # Kept only as a digest, listed with the user's other tokens.
    assert (
        scalar(api.db, "SELECT COUNT(*) FROM api_tokens WHERE token_hash = :h", h=sha256_hex(data["token"]))
        == 1
    )
    assert [t["kind"] for t in tokens(api, web(api))] == ["device"]


def test_a_member_gets_no_more_than_a_member_may(api):
    api.user("member", name="alice")
    token = device_login(api).json()["token"]
    assert api.get("/api/v1/users", headers=bearer(token)).status_code == 403
    assert device_login(api, scopes=["admin:all"]).status_code == 400


def test_fewer_scopes_when_asked(api):
    api.user("admin", name="alice")
    res = device_login(api, scopes=["read:time_entries"], device_name="my laptop")
    assert res.status_code == 200, res.text
    assert res.json()["api_token"]["scopes"] == ["read:time_entries"]
    assert res.json()["api_token"]["name"] == "Signed in: my laptop"
    assert api.get("/api/v1/projects", headers=bearer(res.json()["token"])).status_code == 403


def test_signing_out_everywhere_ends_device_tokens_but_not_integration_tokens(api):
    alice = api.user("member", name="alice")
    device = device_login(api).json()["token"]
    integration = api.token(alice, ["read:time_entries"])
    web = api.post(SESSION, json={"username": "alice", "password": "password123"}).json()["token"]
    assert api.post("/api/v1/auth/logout-all", headers=bearer(web)).status_code == 200
    res = api.get(ME, headers=bearer(device))
    assert res.status_code == 401
    assert "signed out" in res.json()["message"]
    assert api.get("/api/v1/time-entries", headers=bearer(integration)).status_code == 200
    web = api.post(SESSION, json={"username": "alice", "password": "password123"}).json()["token"]
    assert [t["kind"] for t in tokens(api, bearer(web))] == ["api"]
    ended = [t for t in tokens(api, bearer(web), all_=True) if t["kind"] == "device"]
    assert [t["is_active"] for t in ended] == [False]


def test_a_password_change_ends_device_tokens(api):
    api.user("member", name="alice")
    device = device_login(api).json()["token"]
    change = {"current_password": "password123", "new_password": "another-password-9"}
    assert api.post("/api/v1/users/me/password", json=change, headers=web(api)).status_code == 200
    assert api.get(ME, headers=bearer(device)).status_code == 401
    assert device_login(api, password="another-password-9").status_code == 200


def test_sign_ins_beyond_the_cap_revoke_the_oldest(api):
    api.user("member", name="alice")
    first = device_login(api).json()["token"]
    for _ in range(MAX_DEVICE_TOKENS):
        last = device_login(api).json()["token"]
    assert api.get(ME, headers=bearer(first)).status_code == 401
    assert api.get(ME, headers=bearer(last)).status_code == 200
    assert len(tokens(api, web(api))) == MAX_DEVICE_TOKENS


def test_wrong_credentials_answer_401_with_an_error_and_create_nothing(api):
    api.user("member", name="alice")
    res = device_login(api, password="wrong-password")
    assert res.status_code == 401
    assert res.json()["message"] == "Invalid username or password"
    assert scalar(api.db, "SELECT COUNT(*) FROM api_tokens") == 0


@pytest.mark.parametrize("body", [{"username": "alice"}, {"username": "alice", "password": "x", "extra": 1}])
def test_a_malformed_body_is_400(api, body):
    api.user("member", name="alice")
    assert api.post(LOGIN, json=body).status_code == 400


def test_device_sign_in_is_throttled_like_the_session(settings, db):
    with TestClient(create_app(settings, database=db), raise_server_exceptions=False) as client:
        from tests.conftest import Api

        api = Api(client, db)
        api.user("member", name="alice")
        for _ in range(settings.login_max_failures):
            assert device_login(api, password="wrong-password").status_code == 401
        assert device_login(api, password="wrong-password").status_code == 429


def test_lifetime_setting_zero_means_until_revoked(settings, db):
    settings = settings.model_copy(update={"device_token_days": 0})
    with TestClient(create_app(settings, database=db), raise_server_exceptions=False) as client:
        from tests.conftest import Api

        api = Api(client, db)
        api.user("member", name="alice")
        res = device_login(api)
        assert res.status_code == 200
        assert res.json()["expires_at"] is None


def test_tokens_issued_before_tt_with_pc_still_authenticate(api):
    alice = api.user("member", name="alice")
    legacy = "pc_" + "A1b2C3d4" * 4
    execute(
        api.db,
        "INSERT INTO api_tokens (user_id, name, description, prefix, token_hash, scopes, created_at) "
        "VALUES (:u, 'old', '', 'pc_A1b2C', :h, 'read:time_entries', 1)",
        u=alice.id,
        h=sha256_hex(legacy),
    )
    assert api.get("/api/v1/time-entries", headers=bearer(legacy)).status_code == 200
    assert api.get("/api/v1/time-entries", headers={"X-API-Key": legacy}).status_code == 200
    assert api.get("/api/v1/time-entries", headers=bearer(legacy[:-1] + "Z")).status_code == 401


@pytest.mark.parametrize(
    ("headers", "label"),
    [
        ({"user-agent": ELECTRON}, "desktop app on Windows"),
        ({"origin": "chrome-extension://abcdef", "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/128"},
         "browser extension on Linux"),
        ({"user-agent": "Dart/3.4 (dart:io)"}, "mobile app"),
        ({"user-agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Firefox/130.0"}, "Firefox on macOS"),
        ({}, "unknown device"),
    ],
)  # fmt: skip
def test_device_label(headers, label):
    assert device_label(headers) == label
