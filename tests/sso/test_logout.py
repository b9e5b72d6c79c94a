"""Signing out of a single sign-on session: here, and at the provider (RP-initiated logout)."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from tests.auth.helpers import bearer, rows
from tests.sso.conftest import BASE
from tests.sso.provider import CLIENT_ID, Person, query


def test_an_sso_session_signs_out_at_the_provider_too(make_sso, provider):
    sso = make_sso(oidc_create_users=True)
    person = Person("carol")
    answer = sso.callback(sso.at_provider(person))
    token = sso.redeem(answer["sso"]).json()["token"]
    id_token = rows(sso.db, "SELECT id_token FROM web_sessions")[0]["id_token"]
    res = sso.client.post("/api/v1/auth/logout", headers=bearer(token))
    assert res.status_code == 200, res.text
    url = res.json()["end_session_url"]
    assert url.startswith(f"{provider.issuer}/session/end?")
    params = query(url)
    assert params == {
        "client_id": CLIENT_ID,
        "id_token_hint": id_token,
        "post_logout_redirect_uri": f"{BASE}/",
    }
    assert sso.client.get("/api/v1/users/me", headers=bearer(token)).status_code == 401
    assert rows(sso.db, "SELECT id_token FROM web_sessions") == [{"id_token": None}]  # not kept
    # The provider takes that address: it asks to confirm, then sends the browser back to us.
    page = person.http.get(url)
    assert page.status_code == 200, page.text
    form = re.search(r'<form[^>]*method="post"[^>]*action="([^"]+)"', page.text)
    xsrf = re.search(r'name="xsrf" value="([^"]+)"', page.text)
    assert form, page.text
    assert xsrf, page.text
    done = person.http.post(urljoin(url, form.group(1)), data={"xsrf": xsrf.group(1), "logout": "yes"})
    assert done.status_code == 303, done.text
    assert done.headers["location"] == f"{BASE}/"


def test_a_password_session_has_no_provider_to_visit(make_sso, api):
    sso = make_sso()  # single sign-on is on, but this session began with a password
    api.user("member", name="pw")
    res = sso.client.post("/api/v1/auth/session", json={"username": "pw", "password": "password123"})
    res = sso.client.post("/api/v1/auth/logout", headers=bearer(res.json()["token"]))
    assert res.json() == {"message": "Signed out", "end_session_url": None}
