"""bootstrap_authentication: usernamepassword against Punchclock's accounts; localhost and proxy when on."""

from __future__ import annotations

import base64

import pytest

from tests.auth.helpers import build_app, client_at, disable_user
from tests.sync.helpers import ROOT, Tt, bootstrap_body

URL = f"{ROOT}/bootstrap_authentication"


def text_error(res, status: int, start: str) -> None:
    assert res.status_code == status, res.text
    assert res.headers["content-type"].startswith("text/plain")
    assert res.text.startswith(start), res.text


@pytest.mark.parametrize("method", ["POST", "PUT", "GET"])
def test_usernamepassword_gives_a_web_token(api, method):
    user = api.user()
    res = api.client.request(
        method, URL, content=bootstrap_body(username=user.username, password="password123")
    )
    assert res.status_code == 200, res.text
    assert Tt(api, res.json()["token"]).get("version").status_code == 200


def test_the_username_is_case_insensitive_like_rest_login(api):
    api.user(name="alice")
    assert (
        api.post(URL, content=bootstrap_body(username=" Alice ", password="password123")).status_code == 200
    )


@pytest.mark.parametrize(
    ("username", "password"), [("member1", "wrong-password"), ("nobody", "password123"), ("bad name!", "x")]
)
def test_bad_credentials_are_403_alike(api, username, password):
    api.user(name="member1")
    res = api.post(URL, content=bootstrap_body(username=username, password=password))
    text_error(res, 403, "forbidden: Invalid username or password")


def test_a_disabled_account_cannot_sign_in(api, db):
    user = api.user()
    disable_user(db, user.id)
    text_error(
        api.post(URL, content=bootstrap_body(username=user.username, password="password123")),
        403,
        "forbidden",
    )


def test_failures_are_throttled_like_rest_login(api):
    user = api.user()
    limit = api.client.app.state.settings.login_max_failures
    for _ in range(limit):
        res = api.post(URL, content=bootstrap_body(username=user.username, password="wrong-password"))
        assert res.status_code == 403
    res = api.post(URL, content=bootstrap_body(username=user.username, password="password123"))
    text_error(res, 429, "too many requests: ")
    assert int(res.headers["retry-after"]) > 0


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"%%% not base64 %%%",
        base64.b64encode(b"not json"),
        base64.b64encode(b'["a list"]'),
        base64.b64encode(b"\xff\xfe"),
        bootstrap_body("carrier-pigeon"),
        base64.b64encode(b"{}"),
        bootstrap_body(username=5, password="x"),
        bootstrap_body(username="a"),
        bootstrap_body(username="", password="x"),
        bootstrap_body(username="a", password="x" * 2000),
    ],
)
def test_bad_bodies_are_400(api, body):
    text_error(api.post(URL, content=body), 400, "bad request: ")


def test_localhost_and_proxy_are_off_by_default(api):
    api.user(name="defaultuser")
    text_error(api.post(URL, content=bootstrap_body("localhost")), 403, "forbidden: localhost sign-in is not")
    text_error(api.post(URL, content=bootstrap_body("proxy")), 403, "forbidden: proxy sign-in is not")


def test_localhost_signs_in_defaultuser_from_loopback_only(settings, db, api):
    app = build_app(settings, db, timetagger_localhost_auth=True)
    local, remote = client_at(app, "127.0.0.1"), client_at(app, "192.0.2.7")
    text_error(
        local.post(URL, content=bootstrap_body("localhost")), 403, "forbidden: localhost sign-in: no active"
    )
    api.user(name="defaultuser")
    res = local.post(URL, content=bootstrap_body("localhost"))
    assert res.status_code == 200, res.text
    assert client_at(app, "::1").post(URL, content=bootstrap_body("localhost")).status_code == 200
    text_error(
        remote.post(URL, content=bootstrap_body("localhost")), 403, "forbidden: localhost sign-in must"
    )
    both = build_app(settings, db, timetagger_localhost_auth=True, timetagger_proxy_auth=True)
    text_error(client_at(both, "127.0.0.1").post(URL, content=bootstrap_body("localhost")), 403, "forbidden")


def test_proxy_sign_in_trusts_only_the_configured_proxies(settings, db, api):
    user = api.user(name="carol")
    app = build_app(
        settings, db, timetagger_proxy_auth=True, timetagger_trusted_proxies="10.0.0.0/8, 127.0.0.1"
    )
    proxy, stranger = client_at(app, "10.1.2.3"), client_at(app, "192.0.2.7")
    named = {"X-Remote-User": "Carol"}
    res = proxy.post(URL, content=bootstrap_body("proxy"), headers=named)
    assert res.status_code == 200, res.text
    token = {"authtoken": res.json()["token"]}
    assert proxy.get(f"{ROOT}/version", headers={**token, **named}).status_code == 200
    # A request naming someone else through the proxy is refused, even with carol's token.
    res = proxy.get(f"{ROOT}/version", headers={**token, "X-Remote-User": "mallory"})
    text_error(res, 401, "unauthorized: ")
    text_error(
        stranger.post(URL, content=bootstrap_body("proxy"), headers=named), 403, "forbidden: the proxy is not"
    )
    text_error(proxy.post(URL, content=bootstrap_body("proxy")), 403, "forbidden: no proxy user")
    res = proxy.post(URL, content=bootstrap_body("proxy"), headers={"X-Remote-User": "nobody"})
    text_error(res, 403, "forbidden: proxy sign-in: no active account")
    custom = build_app(settings, db, timetagger_proxy_auth=True, timetagger_proxy_header="X-Forwarded-User")
    res = client_at(custom, "127.0.0.1").post(
        URL, content=bootstrap_body("proxy"), headers={"X-Forwarded-User": "carol"}
    )
    assert res.status_code == 200, res.text
    assert user.username == "carol"
