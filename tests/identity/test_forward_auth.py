"""Forward-auth: a trusted proxy names the user for the web app (a session) and for REST requests."""

from __future__ import annotations

import pytest

from tests.auth.helpers import bearer, build_app, client_at
from tests.checks import assert_error

V1 = "/api/v1"
PROXY = "10.0.0.5"
AS_ALICE = {"Remote-User": "Alice", "Remote-Email": "alice@example.com"}


@pytest.fixture
def proxied(settings, db):
    app = build_app(settings, db, forward_auth=True, timetagger_trusted_proxies="10.0.0.0/8")
    return app


def test_off_by_default(api):
    api.user(name="alice")
    assert_error(api.post(f"{V1}/auth/proxy", headers=AS_ALICE), 403, "forward_auth_off")
    assert_error(api.get(f"{V1}/users/me", headers=AS_ALICE), 401, "unauthorized")


def test_the_web_app_gets_a_session_named_by_the_proxy(api, proxied):
    api.user(name="alice")
    client = client_at(proxied, PROXY)
    res = client.post(f"{V1}/auth/proxy", headers=AS_ALICE)
    assert res.status_code == 200, res.text
    token = res.json()["token"]
    assert res.json()["user"]["username"] == "alice"
    assert res.json()["logout_url"] is None
    listed = client.get(f"{V1}/auth/sessions", headers={**AS_ALICE, **bearer(token)}).json()["sessions"]
    assert [(i["method"], i["current"]) for i in listed] == [("proxy", True)]


def test_rest_requests_are_signed_in_by_the_header(api, proxied):
    api.user(name="alice")
    client = client_at(proxied, PROXY)
    res = client.get(f"{V1}/users/me", headers=AS_ALICE)
    assert res.status_code == 200
    assert res.json()["user"]["username"] == "alice"
    started = client.post(f"{V1}/timer/start", json={}, headers={**AS_ALICE, "Sec-Fetch-Site": "same-origin"})
    assert started.status_code == 201, started.text
    # The hot GETs answer the same way.
    assert client.get(f"{V1}/timer/status", headers=AS_ALICE).json()["active"] is True


def test_only_trusted_proxies_may_name_a_user(api, proxied):
    api.user(name="alice")
    stranger = client_at(proxied, "192.168.1.9")
    assert_error(stranger.get(f"{V1}/users/me", headers=AS_ALICE), 401, "unauthorized")
    assert_error(stranger.post(f"{V1}/auth/proxy", headers=AS_ALICE), 403, "forward_auth_refused")


def test_unknown_and_disabled_users_are_refused_unless_accounts_are_made(api, settings, db):
    strict = client_at(build_app(settings, db, forward_auth=True, timetagger_trusted_proxies=PROXY), PROXY)
    assert_error(strict.get(f"{V1}/users/me", headers={"Remote-User": "carol"}), 403, "forward_auth_refused")
    assert_error(
        strict.post(f"{V1}/auth/proxy", headers={"Remote-User": "../x"}), 403, "forward_auth_refused"
    )
    making = client_at(
        build_app(
            settings, db, forward_auth=True, forward_auth_create_users=True, timetagger_trusted_proxies=PROXY
        ),
        PROXY,
    )
    res = making.get(f"{V1}/users/me", headers={"Remote-User": "carol", "Remote-Email": "carol@example.com"})
    assert res.status_code == 200, res.text
    assert (res.json()["user"]["role"], res.json()["user"]["email"]) == ("member", "carol@example.com")
    # No password works for an account the proxy made.
    login = api.post(f"{V1}/auth/session", json={"username": "carol", "password": "password123"})
    assert_error(login, 401, "bad_credentials")


def test_cross_site_changes_are_refused(api, proxied):
    api.user(name="alice")
    client = client_at(proxied, PROXY)
    for headers in (
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "https://evil.example"},
    ):
        res = client.post(f"{V1}/timer/start", json={}, headers={**AS_ALICE, **headers})
        assert_error(res, 403, "cross_site_request")
    assert client.get(f"{V1}/timer/status", headers=AS_ALICE).json()["active"] is False


def test_a_token_of_another_user_is_refused_behind_the_proxy(api, proxied):
    bob = api.user(name="bob")
    api.user(name="alice")
    client = client_at(proxied, PROXY)
    assert_error(client.get(f"{V1}/users/me", headers={**AS_ALICE, **api.headers(bob)}), 401, "invalid_token")


def test_the_second_factor_policy_guards_password_sign_ins_not_the_proxys(api, proxied):
    from punchclock.twofactor import service as twofactor_service

    api.user(name="alice")
    api.db.call(twofactor_service.set_policy, "everyone", None, "")
    token = client_at(proxied, PROXY).post(f"{V1}/auth/proxy", headers=AS_ALICE).json()["token"]
    assert api.get(f"{V1}/users/me", headers=bearer(token)).status_code == 200
    assert_error(api.get(f"{V1}/users/me", headers=api.login("alice")), 403, "totp_enrolment_required")
