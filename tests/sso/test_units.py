"""Single sign-on's pure parts: the flow cookie, the discovery document, roles, usernames, scopes."""

from __future__ import annotations

import pytest

from punchclock.sso import flowcookie
from punchclock.sso.client import pkce_pair, scopes
from punchclock.sso.discovery import Metadata
from punchclock.sso.errors import ProviderUnavailable
from punchclock.sso.service import Rules, groups, role_for

SECRET = "s" * 40
DOC = {
    "issuer": "https://id.example.com",
    "authorization_endpoint": "https://id.example.com/auth",
    "token_endpoint": "https://id.example.com/token",
    "jwks_uri": "https://id.example.com/jwks",
    "id_token_signing_alg_values_supported": ["RS256", "HS256", "none"],
}


def test_the_flow_cookie_round_trips_and_refuses_changes_other_secrets_and_age():
    value = flowcookie.encode(SECRET, {"s": "state", "n": "nonce"})
    assert flowcookie.decode(SECRET, value)["s"] == "state"
    body, mac = value.split(".")
    assert flowcookie.decode(SECRET, body[:-2] + "xx." + mac) is None
    assert flowcookie.decode("t" * 40, value) is None
    assert flowcookie.decode(SECRET, "garbage") is None
    assert flowcookie.decode(SECRET, None) is None
    old = flowcookie.encode(SECRET, {"s": "state"}, now=1_000_000)
    assert flowcookie.decode(SECRET, old) is None


def test_only_public_key_algorithms_are_taken_from_the_provider():
    assert Metadata.parse(DOC, "https://id.example.com/").algorithms == ("RS256",)
    with pytest.raises(ProviderUnavailable, match="no algorithm"):
        Metadata.parse({**DOC, "id_token_signing_alg_values_supported": ["HS256"]}, None)


def test_the_discovery_document_must_name_the_issuer_asked_for():
    with pytest.raises(ProviderUnavailable, match="another issuer"):
        Metadata.parse(DOC, "https://other.example.com")
    with pytest.raises(ProviderUnavailable, match="token_endpoint"):
        Metadata.parse({**DOC, "token_endpoint": None}, None)


RULES = Rules(
    create_users=True,
    default_role="member",
    role_claim="groups",
    admin_groups=groups("admins, root"),
    manager_groups=groups("leads"),
    username_claim="preferred_username",
)


@pytest.mark.parametrize(
    ("claim", "role"),
    [
        (["staff", "root"], "admin"),
        (["leads", "admins"], "admin"),
        (["leads"], "manager"),
        ("leads", "manager"),  # a single value as a string
        ([], "member"),
        (None, "member"),  # no claim at all: no group, the default role
        ([{"name": "admins"}], "member"),  # not strings: ignored
    ],
)
def test_roles_come_from_the_claim(claim, role):
    assert role_for({"groups": claim}, RULES) == role


def test_without_a_role_claim_roles_stay_with_punchclock():
    rules = Rules(False, "member", None, frozenset(), frozenset(), "preferred_username")
    assert role_for({"groups": ["admins"]}, rules) is None


def test_openid_is_always_asked_for_once():
    assert scopes("email,profile openid groups") == "openid email profile groups"
    verifier, challenge = pkce_pair()
    assert 43 <= len(verifier) <= 128
    assert len(challenge) == 43
    assert "=" not in challenge
