"""Signed-in sessions: listed with devices, ended one at a time, by logout, and by a password change."""

from __future__ import annotations

import jwt

from punchclock.token import service as token_service
from tests.auth.helpers import bearer
from tests.checks import assert_error

V1 = "/api/v1"
FIREFOX = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0"}


def sign_in(api, name="alice", password="password123", headers=None):
    res = api.post(f"{V1}/auth/session", json={"username": name, "password": password}, headers=headers or {})
    assert res.status_code == 200, res.text
    return res.json()["token"]


def sessions(api, token):
    res = api.get(f"{V1}/auth/sessions", headers=bearer(token))
    assert res.status_code == 200, res.text
    return res.json()["sessions"]


def me(api, token):
    return api.get(f"{V1}/users/me", headers=bearer(token))


def test_each_sign_in_is_a_session_listed_with_its_client_and_devices(api):
    api.user(name="alice")
    first = sign_in(api, headers=FIREFOX)
    second = sign_in(api)
    device = api.post(
        f"{V1}/auth/login",
        json={"username": "alice", "password": "password123", "device_name": "work laptop"},
    )
    assert device.status_code == 200
    items = sessions(api, first)
    assert [i["kind"] for i in items].count("session") == 2
    assert [i["client"] for i in items if i["kind"] == "device"] == ["Signed in: work laptop"]
    mine = [i for i in items if i["current"]]
    assert len(mine) == 1
    assert mine[0]["client"] == "Firefox on Linux"
    assert mine[0]["method"] == "password"
    assert mine[0]["address"] == "testclient"
    assert [i["current"] for i in sessions(api, second)].count(True) == 1


def test_ending_a_session_ends_its_tokens_at_once_and_no_other(api):
    api.user(name="alice")
    keep, drop = sign_in(api), sign_in(api)
    target = next(i["id"] for i in sessions(api, drop) if i["current"])
    assert api.delete(f"{V1}/auth/sessions/{target}", headers=bearer(keep)).status_code == 200
    assert_error(me(api, drop), 401, "invalid_token")
    assert_error(api.post(f"{V1}/auth/refresh", headers=bearer(drop)), 401, "invalid_token")
    assert me(api, keep).status_code == 200
    assert target not in [i["id"] for i in sessions(api, keep)]


def test_ending_a_device_revokes_its_token(api):
    api.user(name="alice")
    web = sign_in(api)
    raw = api.post(f"{V1}/auth/login", json={"username": "alice", "password": "password123"}).json()["token"]
    device = next(i["id"] for i in sessions(api, web) if i["kind"] == "device")
    assert api.delete(f"{V1}/auth/sessions/{device}", headers=bearer(web)).status_code == 200
    assert_error(me(api, raw), 401, "invalid_token")


def test_someone_elses_session_or_an_integration_token_is_404_and_untouched(api):
    alice, bob = api.user(name="alice"), api.user(name="bob")
    mine, theirs = sign_in(api, "alice"), sign_in(api, "bob")
    bobs = next(i["id"] for i in sessions(api, theirs) if i["current"])
    assert_error(api.delete(f"{V1}/auth/sessions/{bobs}", headers=bearer(mine)), 404, "not_found")
    token_id = api.db.call(token_service.create, alice, "ci", ["read:projects"])[0].id
    assert_error(api.delete(f"{V1}/auth/sessions/d{token_id}", headers=bearer(mine)), 404, "not_found")
    assert_error(api.delete(f"{V1}/auth/sessions/s999999", headers=bearer(mine)), 404, "not_found")
    assert me(api, theirs).status_code == 200
    assert bob.id != alice.id


def test_bad_session_ids_are_a_4xx(api):
    api.user(name="alice")
    token = sign_in(api)
    for bad in ("x1", "s", "s1a", "s" + "9" * 20):
        res = api.delete(f"{V1}/auth/sessions/{bad}", headers=bearer(token))
        assert res.status_code in (400, 404), (bad, res.text)


def test_logout_ends_the_current_session(api):
    api.user(name="alice")
    token, other = sign_in(api), sign_in(api)
    assert api.post(f"{V1}/auth/logout", headers=bearer(token)).status_code == 200
    assert_error(me(api, token), 401, "invalid_token")
    assert me(api, other).status_code == 200


def test_a_password_change_signs_out_every_other_session_and_device_and_keeps_this_one(api):
    api.user(name="alice")
    here, elsewhere = sign_in(api), sign_in(api)
    raw = api.post(f"{V1}/auth/login", json={"username": "alice", "password": "password123"}).json()["token"]
    res = api.post(
        f"{V1}/users/me/password",
        headers=bearer(here),
        json={"current_password": "password123", "new_password": "password456"},
    )
    assert res.status_code == 200, res.text
    fresh = res.json()["token"]
    assert me(api, fresh).status_code == 200
    for old in (here, elsewhere, raw):
        assert_error(me(api, old), 401, "invalid_token")
    listed = sessions(api, fresh)
    assert [i["current"] for i in listed] == [True]


def test_signing_out_everywhere_empties_the_list(api):
    api.user(name="alice")
    token = sign_in(api)
    sign_in(api)
    assert api.post(f"{V1}/auth/logout-all", headers=bearer(token)).status_code == 200
    fresh = sign_in(api)
    assert len(sessions(api, fresh)) == 1


def test_a_token_without_a_session_id_is_refused(api):
    user = api.user(name="alice")
    secret = api.client.app.state.secret
    payload = {"sub": str(user.id), "seed": user.token_seed, "typ": "web", "exp": 2**40}
    assert_error(me(api, jwt.encode(payload, secret, algorithm="HS256")), 401, "invalid_token")
