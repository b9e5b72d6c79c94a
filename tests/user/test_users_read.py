"""Reading users: /me for every role, the list (managers and admins) and single users."""

from __future__ import annotations

import pytest

from tests.auth.helpers import bearer, body, disable_user

USERS = "/api/v1/users"
PAGINATION = {"page", "per_page", "total", "pages", "has_next", "has_prev", "next_page", "prev_page"}


@pytest.mark.parametrize("role", ["member", "manager", "admin"])
def test_me_for_each_role_with_web_and_api_tokens(api, role):
    user = api.user(role, name=f"the{role}")
    for headers in (api.login(user.username), api.headers(user), bearer(api.token(user, ["read:users"]))):
        res = api.get(f"{USERS}/me", headers=headers)
        assert res.status_code == 200, res.text
        me = res.json()["user"]
        assert me["id"] == user.id
        assert me["username"] == f"the{role}"
        assert me["role"] == role
        assert me["timezone"] == "UTC"
        assert me["week_start"] == 0
        assert not {"password_hash", "token_seed"} & me.keys()


def test_me_needs_credentials(api):
    res = api.get(f"{USERS}/me")
    assert res.status_code == 401


def test_members_cannot_list_users(api):
    api.user(name="alice")
    res = api.get(USERS, headers=api.login("alice"))
    assert res.status_code == 403
    assert "users" not in res.json()


@pytest.mark.parametrize("role", ["manager", "admin"])
def test_managers_and_admins_list_users_page_by_page(api, role):
    api.user(role, name="boss")
    for name in ("dora", "carl", "anna", "bert"):
        api.user(name=name)
    headers = api.login("boss")
    first = api.get(USERS, params={"per_page": 2}, headers=headers)
    assert first.status_code == 200, first.text
    assert [u["username"] for u in first.json()["users"]] == ["anna", "bert"]
    assert first.json()["pagination"] == {
        "page": 1,
        "per_page": 2,
        "total": 5,
        "pages": 3,
        "has_next": True,
        "has_prev": False,
        "next_page": 2,
        "prev_page": None,
    }
    last = api.get(USERS, params={"per_page": 2, "page": 3}, headers=headers).json()
    assert [u["username"] for u in last["users"]] == ["dora"]
    assert last["pagination"]["has_next"] is False
    assert last["pagination"]["next_page"] is None
    assert last["pagination"]["prev_page"] == 2
    beyond = api.get(USERS, params={"per_page": 2, "page": 9}, headers=headers).json()
    assert beyond["users"] == []
    assert set(beyond["pagination"]) == PAGINATION


def test_list_defaults_and_bad_paging(api):
    api.user("admin", name="root")
    headers = api.login("root")
    page = api.get(USERS, headers=headers).json()["pagination"]
    assert (page["page"], page["per_page"], page["total"]) == (1, 50, 1)
    for params in ({"per_page": 0}, {"page": 0}, {"page": "x"}):
        assert api.get(USERS, params=params, headers=headers).status_code == 400, params


def test_list_filters_by_role_and_active(api, db):
    api.user("admin", name="root")
    api.user("manager", name="mia")
    gone = api.user(name="gone")
    api.user(name="alice")
    disable_user(db, gone.id)
    headers = api.login("root")

    def names(**params):
        return [u["username"] for u in api.get(USERS, params=params, headers=headers).json()["users"]]

    assert names(role="member") == ["alice", "gone"]
    assert names(role="manager") == ["mia"]
    assert names(active="false") == ["gone"]
    assert names(active="true", role="member") == ["alice"]
    assert api.get(USERS, params={"role": "owner"}, headers=headers).status_code == 400


def test_list_needs_the_read_users_scope(api):
    root = api.user("admin", name="root")
    res = api.get(USERS, headers=bearer(api.token(root, ["read:projects"])))
    assert res.status_code == 403
    assert res.json()["required_scope"] == "read:users"


def test_member_reads_self_but_not_others(api):
    alice, bob = api.user(name="alice"), api.user(name="bob")
    headers = api.login("alice")
    assert api.get(f"{USERS}/{alice.id}", headers=headers).json()["user"]["username"] == "alice"
    other = api.get(f"{USERS}/{bob.id}", headers=headers)
    missing = api.get(f"{USERS}/999999", headers=headers)
    assert other.status_code == missing.status_code == 404
    assert body(other) == body(missing)


@pytest.mark.parametrize("role", ["manager", "admin"])
def test_managers_and_admins_read_anyone(api, role):
    api.user(role, name="boss")
    bob = api.user(name="bob")
    headers = api.login("boss")
    res = api.get(f"{USERS}/{bob.id}", headers=headers)
    assert res.status_code == 200
    assert res.json()["user"]["username"] == "bob"
    assert api.get(f"{USERS}/999999", headers=headers).status_code == 404
    assert api.get(f"{USERS}/0", headers=headers).status_code == 400
