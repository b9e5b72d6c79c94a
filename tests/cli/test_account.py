"""`punchclock user invite` (mails through a real SMTP server on loopback) and `user reset-link`."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.cli.test_admin import app_on, bearer, create_token, create_user, invoke
from tests.mailbox import link_in, running, text_of


def audit_actions(url: str) -> list[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [r[0] for r in conn.execute(text("SELECT action FROM audit_events ORDER BY id"))]
    finally:
        engine.dispose()


def test_reset_link_prints_a_one_time_link_that_sets_the_password(target, tmp_path: Path) -> None:
    create_user(target, "alice")
    res = invoke(target, "user", "reset-link", "Alice", "--url", "https://time.example.com/")
    assert res.exit_code == 0, res.output
    link = res.stdout.strip()
    assert link.startswith("https://time.example.com/#/reset/")
    assert "works once" in res.stderr
    secret = link.rpartition("/")[2]
    with app_on(target, tmp_path) as client:
        body = {"token": secret, "new_password": "brand-new-pw"}
        assert client.post("/api/v1/auth/password-reset/complete", json=body).status_code == 200
        assert client.post("/api/v1/auth/password-reset/complete", json=body).status_code == 410
        login = {"username": "alice", "password": "brand-new-pw"}
        assert client.post("/api/v1/auth/session", json=login).status_code == 200
    actions = ["user.created", "password.reset_link", "password.reset", "auth.signed_in"]
    assert audit_actions(target[1]) == actions


def test_reset_link_needs_an_address_and_an_account(target, monkeypatch: pytest.MonkeyPatch) -> None:
    create_user(target, "alice")
    res = invoke(target, "user", "reset-link", "alice")
    assert res.exit_code == 2
    assert "PUNCHCLOCK_PUBLIC_URL" in res.output
    monkeypatch.setenv("PUNCHCLOCK_PUBLIC_URL", "https://time.example.com")
    res = invoke(target, "user", "reset-link", "nobody")
    assert res.exit_code == 1
    assert "No user named 'nobody'" in res.stderr


def test_invite_mails_a_link_that_creates_the_account(
    target, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with running() as box:
        for key, value in box.settings.items():
            monkeypatch.setenv(f"PUNCHCLOCK_{key.upper()}", str(value))
        res = invoke(target, "user", "invite", "new@example.com", "--role", "manager", "--name", "Nia")
        assert res.exit_code == 0, res.output
        assert "Invitation sent to new@example.com (manager)" in res.stdout
        [message] = box.wait(1)
    assert "Hello Nia," in text_of(message)
    url, kind, secret = link_in(message)
    assert (kind, url) == ("invite", f"http://testserver/#/invite/{secret}")
    with app_on(target, tmp_path) as client:
        body = {"token": secret, "username": "nia", "password": "nia-password"}
        res = client.post("/api/v1/invitations/accept", json=body)
        assert res.status_code == 201, res.text
        me = client.get("/api/v1/users/me", headers=bearer(res.json()["token"])).json()["user"]
    assert (me["role"], me["email"], me["display_name"]) == ("manager", "new@example.com", "Nia")
    assert audit_actions(target[1]) == ["user.invited", "invitation.accepted", "auth.signed_in"]


def test_invite_without_a_mail_server_fails_and_stores_nothing(
    target, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PUNCHCLOCK_PUBLIC_URL", "https://time.example.com")
    res = invoke(target, "user", "invite", "new@example.com")
    assert res.exit_code == 2
    assert "No SMTP server" in res.output
    with running() as box:
        settings = box.settings
    for key, value in settings.items():
        monkeypatch.setenv(f"PUNCHCLOCK_{key.upper()}", str(value))
    res = invoke(target, "user", "invite", "new@example.com")  # nothing listens on that port now
    assert res.exit_code == 1
    assert "could not be reached" in res.stderr
    assert audit_actions(target[1]) == []


def test_account_and_token_changes_on_the_command_line_are_audited(target) -> None:
    create_user(target, "alice")
    for args in (("role", "alice", "manager"), ("disable", "alice"), ("enable", "alice")):
        assert invoke(target, "user", *args).exit_code == 0
    res = invoke(target, "user", "set-password", "alice", "--password-stdin", input="another-pw-9\n")
    assert res.exit_code == 0, res.output
    _, token_id = create_token(target, "alice")
    assert invoke(target, "token", "revoke", str(token_id)).exit_code == 0
    engine = create_engine(target[1])
    try:
        with engine.connect() as conn:
            found = conn.execute(text("SELECT action, actor_id, detail FROM audit_events ORDER BY id")).all()
    finally:
        engine.dispose()
    assert [a for a, _, _ in found] == [
        "user.created", "user.role_changed", "user.disabled", "user.enabled", "user.password_changed",
        "token.created", "token.revoked",
    ]  # fmt: skip
    assert {actor for _, actor, _ in found} == {None}  # nobody signed in: the server's command line
    assert all('"via":"cli"' in detail for _, _, detail in found)
    assert "another-pw-9" not in str(found)
