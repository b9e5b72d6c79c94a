"""Single sign-on that must fail, against a real provider: each check of the flow and the ID token.

Notes:
An honest provider never sends an ID token with another issuer, audience or nonce, or an expired
one. To get such tokens through the real flow (code, PKCE, token endpoint), the test provider's
hook re-signs the ID token of its next token response with its own key after changing a claim
(tests/sso/provider/server.js): the token is then exactly what a provider with that fault (or an
attacker holding its key) would send, and only our checks stand between it and a session.
"""

from __future__ import annotations

import json
import time

import httpx
import pytest

from punchclock.sso import flowcookie
from punchclock.sso import service as sso_service
from punchclock.user import service as user_service
from tests.auth.helpers import rows
from tests.sso.conftest import BASE, CALLBACK
from tests.sso.provider import CLIENT_ID, CLIENT_SECRET, Person, query


def sessions(sso) -> int:
    return len(rows(sso.db, "SELECT id FROM web_sessions"))


def test_a_person_without_an_account_and_a_disabled_account_are_refused_alike(make_sso, api, provider):
    sso = make_sso(oidc_create_users=False)
    unknown = sso.fails("carol")
    linked = api.user("member", name="alice-here")
    api.db.call(sso_service.link, "alice-here", provider.issuer, "alice")
    api.db.call(lambda s: user_service.disable(s, user_service.get(s, linked.id)))
    disabled = sso.fails("alice")
    assert unknown == disabled == "oidc_denied"
    assert rows(sso.db, "SELECT username FROM users") == [{"username": "alice-here"}]
    assert sessions(sso) == 0
    refused = rows(sso.db, "SELECT * FROM audit_events WHERE action = 'auth.sign_in_failed'")
    details = [json.loads(r["detail"]) for r in refused]
    assert [(d["reason"], d["method"], d["subject"]) for d in details] == [
        ("no_account", "oidc", "carol"),
        ("disabled", "oidc", "alice"),
    ]
    assert details[1]["username"] == "alice-here"  # the linked account's name
    assert [(r["actor_id"], r["target_user_id"]) for r in refused] == [(None, None)] * 2


def test_a_state_other_than_the_browsers_is_refused(make_sso):
    sso = make_sso(oidc_create_users=True)
    url = sso.at_provider("carol")
    state = query(url)["state"]
    assert sso.callback(url.replace(state, state[:-2] + "xx")) == {"sso_error": "oidc_failed"}
    assert sessions(sso) == 0


def test_a_callback_in_another_browser_is_refused(make_sso):
    """Login CSRF: a code and state from someone else's flow, without their flow cookie."""
    sso = make_sso(oidc_create_users=True)
    url = sso.at_provider("carol")
    sso.client.cookies.clear()
    assert sso.callback(url) == {"sso_error": "oidc_failed"}
    assert sessions(sso) == 0


def test_a_replayed_callback_is_refused_and_the_provider_refuses_a_used_code(make_sso, provider):
    sso = make_sso(oidc_create_users=True)
    url = sso.at_provider("carol")
    cookie = sso.flow_cookie
    assert "sso" in sso.callback(url)
    sso.flow_cookie = cookie
    assert sso.callback(url) == {"sso_error": "oidc_failed"}
    assert sessions(sso) == 1
    # The provider's side: the same code, even with the right verifier, is refused.
    flow = flowcookie.decode(sso.app.state.secret, cookie)
    form = {
        "grant_type": "authorization_code",
        "code": query(url)["code"],
        "redirect_uri": flow["r"],
        "code_verifier": flow["v"],
    }
    res = httpx.post(f"{provider.issuer}/token", data=form, auth=(CLIENT_ID, CLIENT_SECRET))
    assert (res.status_code, res.json()["error"]) == (400, "invalid_grant")


def test_a_used_state_is_refused_even_with_a_fresh_code(make_sso):
    """The provider's refusal of a used code is not all: a state works once, whatever code comes."""
    sso = make_sso(oidc_create_users=True)
    person = Person("carol")
    start = sso.start()
    first = person.authorize(start, f"{BASE}{CALLBACK}")
    cookie = sso.flow_cookie
    assert "sso" in sso.callback(first)
    again = person.authorize(start, f"{BASE}{CALLBACK}")  # same state, nonce and challenge; new code
    assert query(again)["code"] != query(first)["code"]
    sso.flow_cookie = cookie
    assert sso.callback(again) == {"sso_error": "oidc_failed"}
    assert sessions(sso) == 1


def test_a_wrong_pkce_verifier_is_refused_by_the_provider(make_sso):
    sso = make_sso(oidc_create_users=True)
    url = sso.at_provider("carol")
    flow = flowcookie.decode(sso.app.state.secret, sso.flow_cookie)
    forged = flowcookie.encode(sso.app.state.secret, {**flow, "v": "x" * 64})
    sso.flow_cookie = forged
    assert sso.callback(url) == {"sso_error": "oidc_failed"}
    assert sessions(sso) == 0


def test_an_altered_flow_cookie_is_refused(make_sso):
    sso = make_sso(oidc_create_users=True)
    url = sso.at_provider("carol")
    value = sso.flow_cookie
    sso.flow_cookie = value[:-3] + ("AAA" if value[-3:] != "AAA" else "BBB")
    assert sso.callback(url) == {"sso_error": "oidc_failed"}


NOW = int(time.time())


@pytest.mark.parametrize(
    ("claims", "sign"),
    [
        ({"nonce": "not-this-flows-nonce"}, "own"),
        ({"nonce": None}, "own"),
        ({"iss": "https://impostor.example.com"}, "own"),
        ({"aud": "another-client"}, "own"),
        ({"aud": [CLIENT_ID, "another-client"]}, "own"),  # several audiences and no azp
        ({"aud": [CLIENT_ID, "another-client"], "azp": "another-client"}, "own"),
        ({"azp": "another-client"}, "own"),  # one audience, ours, but issued to another client
        ({"exp": NOW - 3600, "iat": NOW - 7200}, "own"),
        ({"iat": NOW - 7200}, "own"),  # not expired, but issued long ago
        ({}, "other"),  # signed with a key the provider does not publish
    ],
    ids=[
        "nonce",
        "no nonce",
        "issuer",
        "audience",
        "audiences without azp",
        "azp",
        "azp alone",
        "expired",
        "old",
        "key",
    ],
)
def test_an_id_token_that_does_not_hold_up_is_refused(make_sso, provider, claims, sign):
    sso = make_sso(oidc_create_users=True)
    url = sso.at_provider("carol")
    provider.tamper(claims, sign)
    assert sso.callback(url) == {"sso_error": "oidc_failed"}
    assert sessions(sso) == 0
    assert rows(sso.db, "SELECT id FROM users") == []


def test_several_audiences_with_our_azp_and_a_clock_a_little_off_are_accepted(make_sso, provider):
    sso = make_sso(oidc_create_users=True)
    url = sso.at_provider("carol")
    provider.tamper({"aud": [CLIENT_ID, "api"], "azp": CLIENT_ID, "iat": int(time.time()) + 30})
    assert "sso" in sso.callback(url)


def test_a_cancelled_sign_in_says_so(make_sso):
    sso = make_sso()
    sso.start()
    flow = flowcookie.decode(sso.app.state.secret, sso.flow_cookie)
    url = f"{BASE}{CALLBACK}?error=access_denied&state={flow['s']}"
    assert sso.callback(url) == {"sso_error": "oidc_cancelled"}


def test_an_answer_naming_another_issuer_is_refused(make_sso):
    """RFC 9207: the authorization response's iss must be our provider's (mix-up attacks)."""
    sso = make_sso(oidc_create_users=True)
    url = sso.at_provider("carol")
    assert sso.callback(url.replace("iss=http", "iss=https")) == {"sso_error": "oidc_failed"}


def test_a_provider_that_is_down_is_503_and_a_readable_error(make_sso, own_provider):
    sso = make_sso(own_provider, oidc_create_users=True)
    person = Person("carol")
    url = person.authorize(sso.start(), f"{BASE}{CALLBACK}")
    own_provider.stop()
    # Down at the code exchange: back to the sign-in page, not an error page.
    assert sso.callback(url) == {"sso_error": "oidc_unavailable"}
    # Down before the discovery document was ever read: 503, never 500.
    fresh = make_sso(own_provider)
    res = fresh.client.post("/api/v1/auth/oidc/start")
    assert (res.status_code, res.json()["code"]) == (503, "oidc_unavailable")
    assert "retry-after" in res.headers


def test_single_sign_on_off_answers_404(api):
    res = api.post("/api/v1/auth/oidc/start")
    assert (res.status_code, res.json()["code"]) == (404, "oidc_not_configured")
    assert api.get("/api/v1/auth/methods").json() == {
        "password": True,
        "break_glass": False,
        "oidc": False,
        "oidc_label": None,
    }


def test_a_short_outage_signs_in_with_the_discovery_document_held(make_sso, own_provider, monkeypatch):
    from punchclock.sso import discovery

    sso = make_sso(own_provider)
    sso.start()  # reads and keeps the discovery document
    monkeypatch.setattr(discovery, "METADATA_SECONDS", 0)  # due for a refresh at once
    own_provider.stop()
    res = sso.client.post("/api/v1/auth/oidc/start")
    assert res.status_code == 200, res.text


def test_user_info_that_fails_stops_the_sign_in_rather_than_demote(make_sso, api, provider):
    """The groups may come from the user info only: a failure there is not "no groups"."""
    api.user("admin", name="boss-here")
    api.db.call(sso_service.link, "boss-here", provider.issuer, "boss")
    sso = make_sso(oidc_role_claim="groups", oidc_admin_groups="pc-admins")
    url = sso.at_provider("boss")
    provider.tamper(userinfo_down=True)
    assert sso.callback(url) == {"sso_error": "oidc_unavailable"}
    assert rows(sso.db, "SELECT role FROM users") == [{"role": "admin"}]
    assert sso.sign_in("boss")["user"]["role"] == "admin"
