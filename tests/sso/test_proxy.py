"""Single sign-on behind a reverse proxy and under a path prefix: the redirect URI, the flow cookie."""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi.testclient import TestClient

from tests.sso.conftest import BASE, CALLBACK
from tests.sso.provider import Person, fragment, query


def cookie_of(res) -> str:
    return next(v for k, v in res.headers.multi_items() if k == "set-cookie" and v.startswith("pc_sso="))


def test_the_flow_cookie_is_signed_httponly_lax_and_scoped_to_the_callback(make_sso):
    sso = make_sso()
    res = sso.client.post("/api/v1/auth/oidc/start")
    cookie = cookie_of(res).lower()
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert f"path={CALLBACK}" in cookie
    assert "max-age=600" in cookie
    assert "secure" not in cookie  # plain http here: a Secure cookie would never come back
    redirect = query(res.json()["authorization_url"])
    assert redirect["redirect_uri"] == f"{BASE}{CALLBACK}"
    assert (redirect["code_challenge_method"], redirect["response_type"]) == ("S256", "code")
    assert redirect["scope"] == "openid email profile groups"
    assert redirect["state"] not in cookie  # signed, but the state travels in the clear nowhere else


def test_under_a_public_url_with_a_prefix_the_whole_flow_uses_it(make_sso):
    """The proxy at https://time.example.com/sub strips /sub and forwards plain http."""
    sso = make_sso(oidc_create_users=True, public_url="https://time.example.com/sub/")
    public = f"https://time.example.com/sub{CALLBACK}"
    res = sso.client.post("/api/v1/auth/oidc/start")
    cookie = cookie_of(res)
    assert f"Path=/sub{CALLBACK}" in cookie
    assert "Secure" in cookie
    url = Person("carol").authorize(res.json()["authorization_url"], public)
    value = cookie.split(";")[0].split("=", 1)[1]
    answer = sso.client.get(
        url.removeprefix("https://time.example.com/sub"),
        headers={"Cookie": f"pc_sso={value}"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    location = answer.headers["location"]
    assert location.startswith("https://time.example.com/sub/#sso=")
    assert sso.redeem(fragment(location)["sso"]).status_code == 200


def test_behind_a_trusted_proxy_the_redirect_uri_is_the_forwarded_address(make_sso):
    sso = make_sso()
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "time.example.com"}
    trusted = TestClient(sso.app, client=("127.0.0.1", 40000))
    res = trusted.post("/api/v1/auth/oidc/start", headers=forwarded)
    assert query(res.json()["authorization_url"])["redirect_uri"] == f"https://time.example.com{CALLBACK}"
    assert "Secure" in cookie_of(res)
    stranger = TestClient(sso.app, client=("192.0.2.7", 40000))
    res = stranger.post("/api/v1/auth/oidc/start", headers=forwarded)
    assert query(res.json()["authorization_url"])["redirect_uri"] == f"{BASE}{CALLBACK}"


def test_under_an_asgi_root_path_the_whole_flow_uses_it(make_sso):
    sso = make_sso(oidc_create_users=True, root_path="/time")
    res = sso.client.post("/time/api/v1/auth/oidc/start")
    assert f"Path=/time{CALLBACK}" in cookie_of(res)
    redirect = query(res.json()["authorization_url"])["redirect_uri"]
    assert urlsplit(redirect).path == f"/time{CALLBACK}"
    answer = sso.sign_in("carol")  # the helper checks the redirect goes to /time/#sso=...
    assert answer["user"]["username"] == "carol"
