"""Setting up, confirming, renewing codes, turning off, and an admin's reset: the API and its audit."""

from __future__ import annotations

from typing import Any

import pytest

from punchclock.twofactor import service
from tests.auth.helpers import count, rows, scalar
from tests.checks import assert_error, snapshot
from tests.twofactor.helpers import PASSWORD, V1, code, sign_in

STATUS = f"{V1}/auth/2fa"


def audit(db: Any, action: str) -> list[dict[str, Any]]:
    return rows(db, "SELECT * FROM audit_events WHERE action = :a ORDER BY id", a=action)


def test_enrolment_counts_only_once_confirmed_with_a_code(api, db):
    user = api.user()
    h = api.login(user.username)
    assert api.get(STATUS, headers=h).json() == {
        "enrolled": False, "enrolling": False, "enrolled_at": None, "recovery_codes_left": 0,
        "policy": "off", "required": False,
    }  # fmt: skip
    started = api.post(f"{STATUS}/enrol", headers=h).json()
    assert set(started) == {"secret", "otpauth_uri", "svg"}
    assert started["otpauth_uri"].startswith(f"otpauth://totp/Punchclock:{user.username}?secret=")
    assert started["secret"] in started["otpauth_uri"]
    assert started["svg"].startswith("<svg")
    assert api.get(STATUS, headers=h).json()["enrolling"] is True
    # Not yet on: the password alone still signs in.
    assert sign_in(api, user).status_code == 200
    before = snapshot(db)
    assert_error(api.post(f"{STATUS}/confirm", json={"code": "000000"}, headers=h), 400, "bad_totp_code")
    assert snapshot(db) == before
    codes = api.post(f"{STATUS}/confirm", json={"code": code(db, user.id)}, headers=h).json()[
        "recovery_codes"
    ]
    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert all(len(c) == 11 and c[5] == "-" for c in codes)
    status = api.get(STATUS, headers=h).json()
    assert (status["enrolled"], status["enrolling"], status["recovery_codes_left"]) == (True, False, 10)
    # Only digests are kept.
    stored = [r["code_hash"] for r in rows(db, "SELECT code_hash FROM recovery_codes")]
    assert len(stored) == 10
    assert not set(codes) & set(stored)
    assert_error(sign_in(api, user), 401, "totp_required")
    [event] = audit(db, "totp.enrol")
    assert (event["actor_id"], event["target_user_id"]) == (user.id, user.id)


def test_the_confirming_code_cannot_sign_in_again(api, db):
    user = api.user()
    h = api.login(user.username)
    api.post(f"{STATUS}/enrol", headers=h)
    first = code(db, user.id)
    assert api.post(f"{STATUS}/confirm", json={"code": first}, headers=h).status_code == 200
    assert_error(sign_in(api, user, totp_code=first), 401, "bad_totp_code")


def test_a_new_enrolment_replaces_one_not_confirmed(api, db):
    user = api.user()
    h = api.login(user.username)
    first = api.post(f"{STATUS}/enrol", headers=h).json()["secret"]
    second = api.post(f"{STATUS}/enrol", headers=h).json()["secret"]
    assert first != second
    assert scalar(db, "SELECT secret FROM user_totp WHERE user_id = :u", u=user.id) == second


def test_enrolling_twice_or_confirming_nothing_is_a_conflict(api, db):
    user = api.user()
    h = api.login(user.username)
    assert_error(api.post(f"{STATUS}/confirm", json={"code": "123456"}, headers=h), 409, "totp_not_enrolling")
    api.enrol(user)
    h = api.login(user.username)
    before = snapshot(db)
    assert_error(api.post(f"{STATUS}/enrol", headers=h), 409, "totp_already_enrolled")
    assert_error(api.post(f"{STATUS}/confirm", json={"code": "123456"}, headers=h), 409, "totp_not_enrolling")
    assert snapshot(db) == before


def test_new_recovery_codes_need_a_code_and_replace_the_old_ones(api, db):
    user = api.user()
    old = api.enrol(user)
    h = api.login(user.username)
    assert_error(
        api.post(f"{STATUS}/recovery-codes", json={"code": "000000"}, headers=h), 400, "bad_totp_code"
    )
    new = api.post(f"{STATUS}/recovery-codes", json={"code": code(db, user.id, 1)}, headers=h).json()
    assert len(new["recovery_codes"]) == 10
    assert not set(new["recovery_codes"]) & set(old)
    assert_error(sign_in(api, user, recovery_code=old[0]), 401, "bad_totp_code")
    assert sign_in(api, user, recovery_code=new["recovery_codes"][0]).status_code == 200
    assert len(audit(db, "totp.recovery_codes")) == 1


def test_turning_off_needs_the_password_and_a_code(api, db):
    user = api.user()
    codes = api.enrol(user)
    h = api.login(user.username)

    def off(body: dict[str, str]) -> Any:
        return api.client.request("DELETE", STATUS, json=body, headers=h)

    before = snapshot(db)
    bad_password = {"password": "wrong-password", "code": code(db, user.id, 1)}
    assert_error(off(bad_password), 400, "wrong_password")
    assert_error(off({"password": PASSWORD, "code": "000000"}), 400, "bad_totp_code")
    assert snapshot(db) == before
    # A recovery code does too: the phone may be what was lost.
    res = off({"password": PASSWORD, "code": codes[3].upper()})
    assert res.status_code == 200, res.text
    assert (count(db, "user_totp"), count(db, "recovery_codes")) == (0, 0)
    assert sign_in(api, user).status_code == 200
    assert len(audit(db, "totp.disable")) == 1
    assert_error(off({"password": PASSWORD, "code": "123456"}), 409, "totp_not_enrolled")


def test_an_admin_resets_someones_second_factor(api, db):
    admin, user = api.user("admin"), api.user()
    api.enrol(user)
    res = api.delete(f"{V1}/users/{user.id}/2fa", headers=api.headers(admin))
    assert res.json() == {"message": "Two-factor sign-in reset"}
    assert sign_in(api, user).status_code == 200
    [event] = audit(db, "totp.reset")
    assert (event["actor_id"], event["target_user_id"], event["detail"]) == (
        admin.id,
        user.id,
        '{"via":"api"}',
    )
    # Nothing to reset: said so, and nothing logged.
    res = api.delete(f"{V1}/users/{user.id}/2fa", headers=api.headers(admin))
    assert res.json() == {"message": "Two-factor sign-in was not on"}
    assert len(audit(db, "totp.reset")) == 1
    assert_error(api.delete(f"{V1}/users/9999/2fa", headers=api.headers(admin)), 404, "not_found")


def test_an_admin_requiring_it_has_it_first(api, db):
    admin = api.user("admin")
    h = api.headers(admin)
    before = snapshot(db)
    for policy in ("admins", "everyone"):
        res = api.put(f"{V1}/auth/2fa/policy", json={"policy": policy}, headers=h)
        assert_error(res, 409, "totp_enrol_first")
    assert snapshot(db) == before
    api.enrol(admin)
    assert api.put(f"{V1}/auth/2fa/policy", json={"policy": "everyone"}, headers=h).status_code == 200


def test_the_policy_is_a_server_setting_changed_by_admins_and_audited(api, db):
    admin, user = api.user("admin"), api.user()
    api.enrol(user)
    api.enrol(admin)
    h = api.headers(admin)
    assert api.get(f"{V1}/auth/2fa/policy", headers=h).json() == {
        "policy": "off",
        "enrolled_user_ids": sorted([admin.id, user.id]),
    }
    assert api.put(f"{V1}/auth/2fa/policy", json={"policy": "admins"}, headers=h).json()["policy"] == "admins"
    assert (
        scalar(db, "SELECT value FROM server_settings WHERE key = 'twofactor.policy'")
        == '{"policy":"admins"}'
    )
    api.put(f"{V1}/auth/2fa/policy", json={"policy": "admins"}, headers=h)  # no change: not logged again
    [event] = audit(db, "totp.policy")
    assert (event["actor_id"], event["detail"]) == (admin.id, '{"from":"off","to":"admins"}')
    before = snapshot(db)
    assert_error(
        api.put(f"{V1}/auth/2fa/policy", json={"policy": "some"}, headers=h), 400, "validation_error"
    )
    assert snapshot(db) == before


@pytest.mark.parametrize(("policy", "role", "required"), [
    ("off", "admin", False), ("admins", "admin", True), ("admins", "manager", False),
    ("everyone", "member", True),
])  # fmt: skip
def test_whom_the_policy_covers(api, db, policy, role, required):
    db.call(service.set_policy, policy, None, "")
    user = api.user(role)
    assert api.get(STATUS, headers=api.login(user.username)).json()["required"] is required


def test_a_session_that_must_enrol_is_let_through_once_enrolled(api, db):
    db.call(service.set_policy, "everyone", None, "")
    user = api.user()
    h = api.login(user.username)
    assert_error(api.get(f"{V1}/users/me", headers=h), 403, "totp_enrolment_required")
    api.post(f"{STATUS}/enrol", headers=h)
    assert api.post(f"{STATUS}/confirm", json={"code": code(db, user.id)}, headers=h).status_code == 200
    assert api.get(f"{V1}/users/me", headers=h).status_code == 200
    # Reset by an admin: that session is back to enrolling only.
    db.call(service.reset, user.id, None, "", "test")
    assert_error(api.get(f"{V1}/users/me", headers=h), 403, "totp_enrolment_required")
    assert api.post(f"{V1}/auth/refresh", headers=h).status_code == 200
    assert api.post(f"{V1}/auth/logout", headers=h).status_code == 200
