"""Single sign-on that succeeds, against a real provider: new accounts, linked accounts, roles."""

from __future__ import annotations

from punchclock.sso import service as sso_service
from tests.auth.helpers import bearer, rows


def test_a_new_person_gets_an_account_of_their_own_with_the_default_role(make_sso, provider):
    sso = make_sso(oidc_create_users=True)
    answer = sso.sign_in("carol")
    user = answer["user"]
    assert (user["username"], user["role"], user["email"]) == ("carol", "member", "carol@example.org")
    me = sso.client.get("/api/v1/users/me", headers=bearer(answer["token"]))
    assert me.status_code == 200
    assert me.json()["user"]["id"] == user["id"]
    links = rows(sso.db, "SELECT user_id, issuer, subject, email FROM user_identities")
    assert links == [
        {"user_id": user["id"], "issuer": provider.issuer, "subject": "carol", "email": "carol@example.org"}
    ]
    sessions = sso.client.get("/api/v1/auth/sessions", headers=bearer(answer["token"])).json()["sessions"]
    assert [s["method"] for s in sessions] == ["oidc"]
    # Signing in again finds the same account by issuer and subject.
    assert sso.sign_in("carol")["user"]["id"] == user["id"]
    assert len(rows(sso.db, "SELECT id FROM users")) == 1


def test_a_local_account_of_the_same_name_and_address_is_never_taken_over(make_sso, api):
    local = api.user("member", name="member1")
    api.db.call(lambda s: setattr(s.get(type(local), local.id), "email", "member1@example.org"))
    sso = make_sso(oidc_create_users=True)
    user = sso.sign_in("member1")["user"]
    assert user["id"] != local.id
    assert user["username"] == "member1-2"


def test_an_account_an_administrator_linked_signs_in_without_new_accounts(make_sso, api, provider):
    alice = api.user("manager", name="alice-local")
    api.db.call(sso_service.link, "alice-local", provider.issuer, "alice")
    sso = make_sso(oidc_create_users=False)
    answer = sso.sign_in("alice")
    assert (answer["user"]["id"], answer["user"]["role"]) == (alice.id, "manager")
    assert len(rows(sso.db, "SELECT id FROM users")) == 1


def test_roles_follow_the_group_claim_on_every_sign_in(make_sso, api, provider):
    sso = make_sso(
        oidc_create_users=True,
        oidc_role_claim="groups",
        oidc_admin_groups="pc-admins, other-admins",
        oidc_manager_groups="pc-managers",
    )
    assert sso.sign_in("boss")["user"]["role"] == "admin"
    # A new account is made with the role its groups give; no role change to log for it.
    assert rows(sso.db, "SELECT id FROM audit_events WHERE action = 'sso.role_changed'") == []
    assert sso.sign_in("manny")["user"]["role"] == "manager"
    assert sso.sign_in("alice")["user"]["role"] == "member"
    # An account that was an administrator here is demoted when its groups no longer say so; its
    # other sessions end (the role change rotates its token seed).
    admin = api.user("admin", name="was-admin")
    api.db.call(sso_service.link, "was-admin", provider.issuer, "carol")
    old = api.login("was-admin")
    assert sso.sign_in("carol")["user"]["role"] == "member"
    assert sso.client.get("/api/v1/users/me", headers=old).status_code == 401
    events = rows(sso.db, "SELECT action, target_user_id FROM audit_events WHERE action = 'sso.role_changed'")
    assert {"action": "sso.role_changed", "target_user_id": admin.id} in events


def test_the_break_glass_administrator_keeps_their_role(make_sso, api, provider):
    api.user("admin", name="rescue")
    api.db.call(sso_service.link, "rescue", provider.issuer, "alice")
    sso = make_sso(oidc_role_claim="groups", oidc_admin_groups="pc-admins", password_signin_admin="rescue")
    assert sso.sign_in("alice")["user"]["role"] == "admin"


def test_client_secret_post_authenticates_in_the_form(make_sso):
    sso = make_sso(
        oidc_create_users=True, oidc_client_id="punchclock-post", oidc_token_auth_method="client_secret_post"
    )
    assert sso.sign_in("carol")["user"]["username"] == "carol"


def test_the_handoff_code_works_once(make_sso):
    sso = make_sso(oidc_create_users=True)
    code = sso.callback(sso.at_provider("carol"))["sso"]
    assert sso.redeem(code).status_code == 200
    again = sso.redeem(code)
    assert (again.status_code, again.json()["code"]) == (400, "oidc_handoff_invalid")
    assert rows(sso.db, "SELECT kind FROM sso_flows") == [{"kind": "state"}]  # the used state, only


def test_starting_a_sign_in_stores_nothing(make_sso):
    """Anyone may start sign-ins: until one comes back, it lives in the browser's cookie only."""
    sso = make_sso()
    for _ in range(3):
        sso.start()
    assert rows(sso.db, "SELECT id FROM sso_flows") == []


def test_a_rotated_signing_key_is_fetched_when_a_token_names_it(make_sso, own_provider, monkeypatch):
    from punchclock.sso import discovery

    monkeypatch.setattr(discovery, "JWKS_MIN_REFETCH", 0)
    sso = make_sso(own_provider, oidc_create_users=True)
    first = sso.sign_in("carol")["user"]["id"]
    own_provider.restart()  # same issuer, a new signing key
    assert sso.sign_in("carol")["user"]["id"] == first
