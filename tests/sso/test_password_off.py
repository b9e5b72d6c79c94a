"""Password sign-in turned off: single sign-on only, but for one break-glass administrator."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.auth.helpers import body, build_app
from tests.sync.helpers import ROOT, bootstrap_body


@pytest.fixture
def client(settings, db):
    app = build_app(
        settings,
        db,
        password_signin=False,
        password_signin_admin="Rescue",
        oidc_issuer="https://id.example.com",
        oidc_client_id="punchclock",
        oidc_button_label="Example ID",
    )
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture
def accounts(api):
    api.user("admin", name="rescue", password="rescue-password")
    api.user("member", name="member", password="member-password")


def test_the_sign_in_page_learns_what_is_on(client):
    assert client.get("/api/v1/auth/methods").json() == {
        "password": False,
        "break_glass": True,
        "oidc": True,
        "oidc_label": "Example ID",
    }


@pytest.mark.parametrize("path", ["/api/v1/auth/session", "/api/v1/auth/login"])
def test_only_the_break_glass_administrator_may_use_a_password(client, accounts, path):
    member = client.post(path, json={"username": "member", "password": "member-password"})
    nobody = client.post(path, json={"username": "nobody", "password": "member-password"})
    assert (member.status_code, member.json()["code"]) == (403, "password_signin_off")
    assert body(member) == body(nobody), "the answer must not tell whether an account exists"
    wrong = client.post(path, json={"username": "rescue", "password": "wrong-password"})
    assert wrong.status_code == 401
    right = client.post(path, json={"username": "RESCUE", "password": "rescue-password"})
    assert right.status_code == 200, right.text


def test_timetagger_clients_follow_the_same_rule(client, accounts):
    url = f"{ROOT}/bootstrap_authentication"
    member = client.post(url, content=bootstrap_body(username="member", password="member-password"))
    assert member.status_code == 403
    assert member.text.startswith("forbidden: Password sign-in is turned off")
    rescue = client.post(url, content=bootstrap_body(username="rescue", password="rescue-password"))
    assert rescue.status_code == 200, rescue.text


def test_without_a_break_glass_account_nobody_uses_a_password(settings, db, accounts):
    app = build_app(settings, db, password_signin=False)
    client = TestClient(app, raise_server_exceptions=False)
    res = client.post("/api/v1/auth/session", json={"username": "rescue", "password": "rescue-password"})
    assert res.status_code == 403
    assert client.get("/api/v1/auth/methods").json()["break_glass"] is False
