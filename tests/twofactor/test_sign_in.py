"""Signing in with a second factor, on every password path: the web app's session, a device's sign-in
and TimeTagger's bootstrap. Codes are single use, even when two requests race with one."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from punchclock.auth import service as auth_service
from punchclock.errors import AppError
from punchclock.twofactor import service
from punchclock.user import service as user_service
from tests.auth.helpers import body, build_app, client_at, rows
from tests.checks import assert_error
from tests.sync.helpers import ROOT, bootstrap_body
from tests.twofactor.helpers import DEVICE, PASSWORD, SESSION, V1, code, last_step, sign_in

BOOTSTRAP = f"{ROOT}/bootstrap_authentication"


def methods(db: Any, user_id: int) -> list[str]:
    return sorted(
        r["method"] for r in rows(db, "SELECT method FROM web_sessions WHERE user_id = :u", u=user_id)
    )


@pytest.mark.parametrize("url", [SESSION, DEVICE])
def test_the_code_is_asked_for_only_after_the_right_password(api, db, url):
    user = api.user()
    api.enrol(user)
    res = sign_in(api, user, url)
    assert_error(res, 401, "totp_required")
    assert set(res.json()) == {"error", "message", "code", "error_code", "request_id"}
    assert_error(sign_in(api, user, url, totp_code="000000"), 401, "bad_totp_code")
    ok = sign_in(api, user, url, totp_code=code(db, user.id))
    assert ok.status_code == 200, ok.text
    assert ok.json()["token"]


def test_no_account_enumeration_unknown_user_and_wrong_password_answer_alike(api):
    enrolled, plain = api.user(), api.user()
    api.enrol(enrolled)
    answers = [
        body(api.post(SESSION, json={"username": name, "password": "wrong-password", "totp_code": "123456"}))
        for name in (enrolled.username, plain.username, "nobody")
    ]
    assert answers[0] == answers[1] == answers[2]
    assert answers[0]["code"] == "bad_credentials"


def test_the_web_session_records_how_it_signed_in(api, db):
    user = api.user()
    codes = api.enrol(user)
    assert sign_in(api, user, totp_code=code(db, user.id, 1)).status_code == 200
    assert sign_in(api, user, recovery_code=codes[0]).status_code == 200
    assert methods(db, user.id) == ["recovery", "totp"]
    other = api.user()
    assert sign_in(api, other).status_code == 200
    assert methods(db, other.id) == ["password"]


def test_a_code_is_good_once(api, db):
    user = api.user()
    api.enrol(user)
    now = code(db, user.id)
    assert sign_in(api, user, totp_code=now).status_code == 200
    assert_error(sign_in(api, user, totp_code=now), 401, "bad_totp_code")
    assert_error(sign_in(api, user, DEVICE, totp_code=now), 401, "bad_totp_code")
    # An older code is no good once a later one was used; the next one is.
    assert_error(sign_in(api, user, totp_code=code(db, user.id, -1)), 401, "bad_totp_code")
    assert sign_in(api, user, DEVICE, totp_code=code(db, user.id, 1)).status_code == 200


def test_a_recovery_code_is_good_once_and_typed_loosely(api, db):
    user = api.user()
    codes = api.enrol(user)
    typed = " " + codes[2].upper().replace("-", " ") + " "
    assert sign_in(api, user, recovery_code=typed).status_code == 200
    assert_error(sign_in(api, user, recovery_code=codes[2]), 401, "bad_totp_code")
    assert_error(
        sign_in(api, user, recovery_code=api.enrol(api.user())[0]), 401, "bad_totp_code"
    )  # not theirs
    h = api.login(user.username)
    assert api.get(f"{V1}/auth/2fa", headers=h).json()["recovery_codes_left"] == 9
    [event] = rows(db, "SELECT * FROM audit_events WHERE action = 'totp.recovery_used'")
    assert (event["target_user_id"], event["detail"]) == (user.id, '{"codes_left":9}')


def test_two_requests_racing_with_one_code_sign_in_once(api, db):
    user = api.user()
    api.enrol(user)
    now = code(db, user.id)
    results: list[str] = []
    start = threading.Barrier(6)

    def try_it() -> None:
        start.wait()
        try:
            db.call(auth_service.login, user.username, PASSWORD, "s" * 40, 60, "t", "1.2.3.4", now)
            results.append("ok")
        except AppError as exc:
            results.append(exc.code)

    threads = [threading.Thread(target=try_it) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["bad_totp_code"] * 5 + ["ok"], results
    assert rows(db, "SELECT count(*) AS n FROM web_sessions")[0]["n"] == 1


def test_timetagger_bootstrap_takes_a_totp_code(api, db):
    user = api.user()
    api.enrol(user)
    res = api.post(BOOTSTRAP, content=bootstrap_body(username=user.username, password=PASSWORD))
    assert res.status_code == 403
    assert res.text.startswith("forbidden: Enter the code"), res.text
    wrong = bootstrap_body(username=user.username, password=PASSWORD, totp_code="000000")
    assert api.post(BOOTSTRAP, content=wrong).status_code == 403
    right = bootstrap_body(username=user.username, password=PASSWORD, totp_code=code(db, user.id))
    res = api.post(BOOTSTRAP, content=right)
    assert res.status_code == 200, res.text
    assert api.post(BOOTSTRAP, content=right).status_code == 403  # used
    assert last_step(db, user.id) is not None
    bad = bootstrap_body(username=user.username, password=PASSWORD, totp_code=123456)
    assert api.post(BOOTSTRAP, content=bad).status_code == 400


def test_devices_and_timetagger_are_refused_until_the_required_factor_is_set_up(api, db):
    db.call(service.set_policy, "everyone", None, "")
    user = api.user()
    res = assert_error(sign_in(api, user, DEVICE), 403, "totp_enrolment_required")
    assert "web app" in res["message"]
    tt = api.post(BOOTSTRAP, content=bootstrap_body(username=user.username, password=PASSWORD))
    assert tt.status_code == 403
    assert "web app" in tt.text
    # The web app signs in, to set it up.
    assert sign_in(api, user).status_code == 200
    # A wrong password still says only that.
    assert_error(
        api.post(DEVICE, json={"username": user.username, "password": "nope-nope"}), 401, "bad_credentials"
    )


def test_api_tokens_need_no_second_factor(api):
    user = api.user()
    api.enrol(user)
    assert api.get(f"{V1}/users/me", headers=api.headers(user)).status_code == 200


LIMITS = {"login_max_failures": 3, "login_max_failures_per_address": 5, "login_max_failures_per_account": 7}


def test_wrong_codes_are_throttled_like_wrong_passwords_but_being_asked_is_not(settings, db):
    app = build_app(settings, db, **LIMITS)
    client = client_at(app, "10.0.0.9")
    user = db.call(user_service.create, "carol", PASSWORD, "member")
    db.call(service.begin, user.id)
    db.call(service.confirm, user.id, code(db, user.id), "")
    ask = {"username": "carol", "password": PASSWORD}
    for _ in range(10):  # more than every limit: being asked for the code counts nothing
        assert_error(client.post(SESSION, json=ask), 401, "totp_required")
    for _ in range(3):
        assert_error(client.post(SESSION, json={**ask, "totp_code": "000000"}), 401, "bad_totp_code")
    assert_error(client.post(SESSION, json={**ask, "totp_code": code(db, user.id, 1)}), 429, "rate_limited")


def test_guessing_codes_from_a_session_is_throttled(settings, db):
    app = build_app(settings, db, **LIMITS)
    client = client_at(app, "10.0.0.10")
    db.call(user_service.create, "dave", PASSWORD, "member")
    token = client.post(SESSION, json={"username": "dave", "password": PASSWORD}).json()["token"]
    h = {"Authorization": f"Bearer {token}"}
    assert client.post(f"{V1}/auth/2fa/enrol", headers=h).status_code == 200
    for _ in range(3):
        assert_error(
            client.post(f"{V1}/auth/2fa/confirm", json={"code": "000000"}, headers=h), 400, "bad_totp_code"
        )
    assert_error(
        client.post(f"{V1}/auth/2fa/confirm", json={"code": "000000"}, headers=h), 429, "rate_limited"
    )


def test_a_device_refused_until_set_up_is_not_throttled_for_it(settings, db):
    app = build_app(settings, db, **LIMITS)
    client = client_at(app, "10.0.0.11")
    db.call(user_service.create, "erin", PASSWORD, "member")
    db.call(service.set_policy, "everyone", None, "")
    for _ in range(10):
        res = client.post(DEVICE, json={"username": "erin", "password": PASSWORD})
        assert_error(res, 403, "totp_enrolment_required")
