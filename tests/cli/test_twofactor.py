"""The CLI and two-factor sign-in: `punchclock login` asks for the code (or takes --totp-code), and
`punchclock user reset-2fa` turns someone's off, in the audit log as done from the command line."""

from __future__ import annotations

import time

import httpx
import orjson
import pytest
from click.testing import CliRunner

from punchclock.cli.main import cli
from punchclock.db import Database
from punchclock.models import UserTotp
from punchclock.twofactor import service as twofactor_service
from punchclock.twofactor import totp
from punchclock.user import service as user_service
from tests.auth.helpers import rows
from tests.cli.conftest import ADMIN_PASSWORD
from tests.cli.test_admin import create_user, invoke


def test_reset_2fa_from_the_command_line_is_audited(target):
    create_user(target, "bob")
    db = Database(target[1])
    try:
        bob = db.call(user_service.require_by_username, "bob")
        db.call(twofactor_service.begin, bob.id)
        secret = db.call(lambda s: s.get(UserTotp, bob.id).secret)
        db.call(twofactor_service.confirm, bob.id, totp.code_at(secret, totp.step_at(time.time())), "")
        res = invoke(target, "user", "reset-2fa", "Bob")
        assert res.exit_code == 0, res.output
        assert res.stdout == "Two-factor sign-in of 'bob' reset.\n"
        assert db.call(twofactor_service.status, bob.id)["enrolled"] is False
        [event] = rows(db, "SELECT * FROM audit_events WHERE action = 'totp.reset'")
        assert (event["actor_id"], event["target_user_id"], event["detail"]) == (
            None,
            bob.id,
            '{"via":"cli"}',
        )
        again = invoke(target, "user", "reset-2fa", "bob")
        assert again.stdout == "Two-factor sign-in of 'bob' was not on; nothing to reset.\n"
        assert invoke(target, "user", "reset-2fa", "nobody").exit_code == 1
    finally:
        db.dispose()


@pytest.mark.slow
def test_login_asks_for_the_code_when_the_account_has_two_factor_sign_in(base, tmp_path):
    # The admin turns it on through the API, as the web app does.
    res = httpx.post(f"{base}/api/v1/auth/session", json={"username": "admin", "password": ADMIN_PASSWORD})
    h = {"Authorization": f"Bearer {res.json()['token']}"}
    secret = httpx.post(f"{base}/api/v1/auth/2fa/enrol", headers=h).json()["secret"]
    now = totp.step_at(time.time())
    res = httpx.post(f"{base}/api/v1/auth/2fa/confirm", json={"code": totp.code_at(secret, now)}, headers=h)
    recovery = res.json()["recovery_codes"]
    config = tmp_path / "cli.json"
    env = {"PUNCHCLOCK_CLI_CONFIG": str(config), "PUNCHCLOCK_URL": "", "PUNCHCLOCK_TOKEN": ""}

    def login(*args: str, stdin: str):
        command = ["login", base, "--username", "admin", "--password-stdin", *args]
        return CliRunner().invoke(cli, command, input=stdin, env=env)

    # Asked for, after the password (read from standard input too).
    res = login(stdin=f"{ADMIN_PASSWORD}\n{totp.code_at(secret, now + 1)}\n")
    assert res.exit_code == 0, res.output
    assert "Code from your authenticator app" in res.stderr
    assert orjson.loads(config.read_bytes())["username"] == "admin"
    # Given up front: not asked. A used code is refused with the server's word for it.
    res = login("--totp-code", totp.code_at(secret, now + 1), stdin=f"{ADMIN_PASSWORD}\n")
    assert res.exit_code == 3
    assert "bad_totp_code" in res.stderr
    assert "Code from" not in res.stderr
    # A recovery code is taken for what it is.
    res = login(stdin=f"{ADMIN_PASSWORD}\n{recovery[0]}\n")
    assert res.exit_code == 0, res.output
    # An account without it is never asked.
    httpx.delete(f"{base}/api/v1/users/1/2fa", headers=h)
    res = login(stdin=f"{ADMIN_PASSWORD}\n")
    assert res.exit_code == 0, res.output
    assert "Code from" not in res.stderr
