"""Sign-ins on record: each way in, and each refusal, kept although the refusal's 401 rolls back."""

from __future__ import annotations

import json

import pytest

from tests.audit.helpers import events, only
from tests.auth.helpers import build_app, client_at, count, disable_user
from tests.checks import assert_error
from tests.sync.helpers import ROOT, bootstrap_body

SESSION = "/api/v1/auth/session"
DEVICE = "/api/v1/auth/login"
BOOTSTRAP = f"{ROOT}/bootstrap_authentication"


def test_a_web_sign_in_is_recorded_with_how_and_from_where(api, db):
    alice = api.user(name="alice")
    res = api.post(
        SESSION, json={"username": "alice", "password": "password123"}, headers={"User-Agent": "Firefox/128"}
    )
    assert res.status_code == 200, res.text
    event = only(db, "auth.signed_in")
    assert (event["actor_id"], event["target_user_id"], event["address"]) == (
        alice.id,
        alice.id,
        "testclient",
    )
    assert event["detail"] == {"kind": "session", "method": "password", "client": "Firefox"}


@pytest.mark.parametrize(
    ("username", "password", "reason"),
    [
        ("Alice", "wrong-password", "wrong_password"),
        ("nobody", "password123", "unknown_user"),
        ("bad name!", "password123", "unknown_user"),
        ("carol", "password123", "disabled"),
    ],
)
def test_a_refused_sign_in_is_recorded_although_it_answers_401(api, db, username, password, reason):
    api.user(name="alice")
    disable_user(db, api.user(name="carol").id)
    res = api.post(SESSION, json={"username": username, "password": password})
    body = assert_error(res, 401, "bad_credentials")
    assert body["message"] == "Invalid username or password"  # the caller learns nothing of why
    assert reason not in res.text
    event = only(db, "auth.sign_in_failed")
    assert (event["actor_id"], event["target_user_id"], event["address"]) == (None, None, "testclient")
    assert event["detail"] == {"username": username, "kind": "session", "reason": reason}
    assert password not in json.dumps(event)
    # The rest of the refused sign-in's transaction is gone: no session was begun.
    assert count(db, "web_sessions") == 0
    assert events(db, "auth.signed_in") == []


def test_a_device_sign_in_and_its_refusal_are_recorded(api, db):
    alice = api.user(name="alice")
    ok = api.post(DEVICE, json={"username": "alice", "password": "password123", "device_name": "my laptop"})
    assert ok.status_code == 200, ok.text
    assert_error(api.post(DEVICE, json={"username": "alice", "password": "nope-nope"}), 401)
    signed_in = only(db, "auth.signed_in")
    assert signed_in["target_user_id"] == alice.id
    assert signed_in["detail"] == {"kind": "device", "method": "password", "client": "my laptop"}
    failed = only(db, "auth.sign_in_failed")
    assert failed["detail"] == {"username": "alice", "kind": "device", "reason": "wrong_password"}
    assert failed["address"] == "testclient"


def test_a_timetagger_sign_in_and_its_refusal_are_recorded(api, db):
    alice = api.user(name="alice")
    assert (
        api.post(BOOTSTRAP, content=bootstrap_body(username="alice", password="password123")).status_code
        == 200
    )
    res = api.post(BOOTSTRAP, content=bootstrap_body(username="alice", password="wrong-password"))
    assert res.status_code == 403, res.text
    assert only(db, "auth.signed_in")["detail"]["kind"] == "timetagger"
    assert only(db, "auth.signed_in")["actor_id"] == alice.id
    failed = only(db, "auth.sign_in_failed")
    assert failed["detail"] == {"username": "alice", "kind": "timetagger", "reason": "wrong_password"}
    assert failed["address"] == only(db, "auth.signed_in")["address"] == "testclient"


def test_a_wrong_second_factor_code_is_a_failed_sign_in_but_being_asked_for_one_is_not(api, db):
    alice = api.user(name="alice")
    api.enrol(alice)
    asked = api.post(SESSION, json={"username": "alice", "password": "password123"})
    assert_error(asked, 401, "totp_required")
    assert events(db, "auth.sign_in_failed") == []
    wrong = api.post(SESSION, json={"username": "alice", "password": "password123", "totp_code": "000000"})
    assert_error(wrong, 401, "bad_totp_code")
    failed = only(db, "auth.sign_in_failed")
    assert failed["detail"] == {"username": "alice", "kind": "session", "reason": "bad_totp_code"}
    api.login("alice")
    assert only(db, "auth.signed_in")["detail"]["method"] == "totp"


def test_a_throttled_guess_writes_nothing(api, db, settings):
    """Refused before the password is checked (429): the failures before it are on record."""
    app = build_app(settings, db, login_max_failures=2)
    client = client_at(app, "203.0.113.9")
    api.user(name="alice")
    codes = [
        client.post(SESSION, json={"username": "alice", "password": "wrong-password"}).status_code
        for _ in range(3)
    ]
    assert codes == [401, 401, 429]
    failed = events(db, "auth.sign_in_failed")
    assert [e["address"] for e in failed] == ["203.0.113.9"] * 2
