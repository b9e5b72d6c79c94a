"""The ``authtoken`` header: TimeTagger-style web and API tokens, seeds, and Punchclock's own tokens."""

from __future__ import annotations

import time

import jwt
import pytest

from punchclock.sync import tokens
from tests.auth.helpers import disable_user, execute, web_token
from tests.sync.helpers import ROOT, Tt, record, tt_user

RANGE = {"timerange": "0-4102444799"}


def refused(res, status: int = 401, *words: str) -> str:
    assert res.status_code == status, res.text
    assert res.headers["content-type"].startswith("text/plain")
    reason = {401: "unauthorized", 403: "forbidden"}[status]
    assert res.text.startswith(f"{reason}: "), res.text
    for word in words:
        assert word in res.text
    return res.text


def secret(api) -> str:
    return api.client.app.state.secret


def test_a_signed_in_client_reads_and_writes(api):
    _, tt = tt_user(api)
    assert tt.push(record("k1"))["accepted"] == ["k1"]
    assert [r["key"] for r in tt.records()] == ["k1"]
    from punchclock import __version__

    assert tt.get("version").json() == {"version": __version__}


@pytest.mark.parametrize(
    "headers", [{}, {"authtoken": ""}, {"authtoken": "garbage"}, {"authtoken": "x" * 5000}]
)
def test_missing_or_garbage_tokens_are_401_in_text(api, headers):
    refused(api.get(f"{ROOT}/records", params=RANGE, headers=headers))


def test_a_token_signed_with_another_secret_is_401(api):
    user = api.user()
    forged = jwt.encode(
        {"username": user.username, "expires": 4e9, "seed": "x"},
        "another-secret-" + "z" * 32,
        algorithm="HS256",
    )
    refused(Tt(api, forged).get("records", params=RANGE))


def test_the_api_token_survives_a_new_web_token_and_dies_with_its_seed(api):
    _, web = tt_user(api)
    api_token = Tt(api, web.get("apitoken").json()["token"])
    assert api_token.get("records", params=RANGE).status_code == 200
    assert web.get("apitoken").json()["token"] == api_token.token  # same seed, same token
    fresh = Tt(api, web.get("webtoken").json()["token"])
    assert fresh.get("records", params=RANGE).status_code == 200
    assert api_token.get("records", params=RANGE).status_code == 200
    rotated = Tt(api, web.get("apitoken", params={"reset": "1"}).json()["token"])
    refused(api_token.get("records", params=RANGE), 401, "revoked")
    assert rotated.get("records", params=RANGE).status_code == 200
    assert web.get("records", params=RANGE).status_code == 200  # web tokens have their own seed


def test_webtoken_reset_revokes_every_web_token(api):
    _user, web = tt_user(api)
    other = Tt(api, web.get("webtoken").json()["token"])
    api_token = Tt(api, web.get("apitoken").json()["token"])
    new = Tt(api, web.get("webtoken", params={"reset": "yes"}).json()["token"])
    refused(web.get("records", params=RANGE), 401, "revoked")
    refused(other.get("records", params=RANGE), 401, "revoked")
    assert new.get("records", params=RANGE).status_code == 200
    assert api_token.get("records", params=RANGE).status_code == 200
    assert web.get("webtoken", params={"reset": "0"}).status_code == 401  # revoked stays revoked


@pytest.mark.parametrize("path", ["webtoken", "apitoken"])
def test_api_tokens_cannot_mint_tokens(api, path):
    user, web = tt_user(api)
    tt_api = Tt(api, web.get("apitoken").json()["token"])
    refused(tt_api.get(path), 403)
    refused(Tt(api, api.token(user)).get(path), 403)  # a Punchclock pc_ token is an API token too


def test_punchclock_web_tokens_work_and_may_mint(api):
    user = api.user()
    web = Tt(api, web_token(api, user.username))
    assert web.push(record("pc"))["accepted"] == ["pc"]
    minted = Tt(api, web.get("apitoken").json()["token"])
    assert [r["key"] for r in minted.records()] == ["pc"]


def test_punchclock_api_tokens_need_the_time_entry_scopes(api):
    user = api.user()
    reader = Tt(api, api.token(user, ["read:time_entries"]))
    assert reader.get("records", params=RANGE).status_code == 200
    assert reader.get("updates", params={"since": "0"}).status_code == 200
    assert reader.get("settings").status_code == 200
    refused(reader.put("records", [record("x")]), 403, "write:time_entries")
    refused(reader.put("settings", []), 403, "write:time_entries")
    refused(reader.put("forcereset", None), 403, "write:time_entries")
    nothing = Tt(api, api.token(user, ["read:projects"]))
    refused(nothing.get("records", params=RANGE), 403, "read:time_entries")
    refused(nothing.get("updates", params={"since": "0"}), 403, "read:time_entries")
    writer = Tt(api, api.token(user, ["read:time_entries", "write:time_entries"]))
    assert writer.push(record("w"))["accepted"] == ["w"]


def test_a_revoked_punchclock_token_says_revoked(api):
    user = api.user()
    raw = api.token(user)
    execute(api.db, "UPDATE api_tokens SET revoked_at = 1")
    refused(Tt(api, raw).get("records", params=RANGE), 401, "revoked")


def test_an_expired_web_token_is_401_and_a_revoked_one_says_revoked(api):
    user, web = tt_user(api)
    seed = jwt.decode(web.token, options={"verify_signature": False})["seed"]
    old = {"username": user.username, "expires": int(time.time()) - 10, "seed": seed, "kind": "webtoken"}
    refused(Tt(api, jwt.encode(old, secret(api), algorithm="HS256")).get("version"), 401, "expired")
    wrong = {**old, "expires": int(time.time()) + 100, "seed": "not-the-seed"}
    refused(Tt(api, jwt.encode(wrong, secret(api), algorithm="HS256")).get("version"), 401, "revoked")


def test_a_token_without_a_kind_claim_is_judged_by_its_expiry(api):
    # As TimeTagger writes them: {username, expires, seed}.
    user, web = tt_user(api)
    api_seed = jwt.decode(web.get("apitoken").json()["token"], options={"verify_signature": False})["seed"]
    bare = {"username": user.username, "expires": tokens.APITOKEN_EXPIRES, "seed": api_seed}
    assert Tt(api, jwt.encode(bare, secret(api), algorithm="HS256")).get("version").status_code == 200


@pytest.mark.parametrize(
    "payload",
    [
        {"username": 5, "expires": 4e9, "seed": "s"},
        {"username": "u", "expires": "soon", "seed": "s"},
        {"username": "u", "expires": True, "seed": "s"},
        {"username": "u", "expires": 4e9},
    ],
)
def test_malformed_claims_are_401(api, payload):
    refused(Tt(api, jwt.encode(payload, secret(api), algorithm="HS256")).get("version"))


def test_unknown_and_disabled_users_are_refused(api, db):
    user, web = tt_user(api)
    ghost = {"username": "nobody", "expires": int(time.time()) + 100, "seed": "x", "kind": "webtoken"}
    refused(Tt(api, jwt.encode(ghost, secret(api), algorithm="HS256")).get("version"), 401, "revoked")
    disable_user(db, user.id)
    refused(web.get("version"), 401, "revoked")


def test_timetagger_tokens_do_not_pass_for_rest_tokens_and_back(api):
    _, web = tt_user(api)
    res = api.get("/api/v1/users/me", headers={"Authorization": f"Bearer {web.token}"})
    assert res.status_code == 401
    payload = jwt.decode(web.token, options={"verify_signature": False})
    assert set(payload) == {"username", "expires", "seed", "kind"}


def test_with_the_principal_cache_on_a_seed_reset_still_revokes_at_once(api):
    from punchclock.auth import cache as auth_cache

    _, web = tt_user(api)
    api_token = Tt(api, web.get("apitoken").json()["token"])
    auth_cache.configure(60)
    try:
        assert api_token.get("records", params=RANGE).status_code == 200  # cached now
        execute(api.db, "UPDATE users SET tt_api_seed = 'changed-behind-its-back'")
        assert api_token.get("records", params=RANGE).status_code == 200  # served from the cache
        execute(api.db, "UPDATE users SET tt_api_seed = NULL")
        rotated = Tt(api, web.get("apitoken", params={"reset": "1"}).json()["token"])
        refused(api_token.get("records", params=RANGE), 401, "revoked")
        assert rotated.get("records", params=RANGE).status_code == 200
    finally:
        auth_cache.configure(0)
