"""`punchclock user link-sso / sso / unlink-sso`: an administrator links accounts to provider users."""

from __future__ import annotations

from tests.cli.test_admin import create_user, invoke

ISSUER = "https://id.example.com/realms/main"


def test_link_list_and_unlink(target, monkeypatch):
    monkeypatch.setenv("PUNCHCLOCK_OIDC_ISSUER", ISSUER)
    create_user(target, "alice")
    create_user(target, "bob")
    res = invoke(target, "user", "link-sso", "Alice", "--subject", "f81d4fae-7dec")
    assert res.exit_code == 0, res.output
    assert "signs in as f81d4fae-7dec" in res.output
    assert (
        invoke(target, "user", "link-sso", "alice", "--subject", "f81d4fae-7dec").exit_code == 0
    )  # again: fine
    taken = invoke(target, "user", "link-sso", "bob", "--subject", "f81d4fae-7dec")
    assert taken.exit_code == 1
    assert "linked to the account 'alice'" in taken.output
    listed = invoke(target, "user", "sso", "alice")
    assert f"{ISSUER}\tf81d4fae-7dec\t-\tlast sign-in never" in listed.output
    assert invoke(target, "user", "unlink-sso", "alice", "--subject", "f81d4fae-7dec").exit_code == 0
    assert "not linked" in invoke(target, "user", "sso", "alice").output
    assert invoke(target, "user", "unlink-sso", "alice", "--subject", "f81d4fae-7dec").exit_code == 1


def test_an_issuer_is_needed(target):
    create_user(target, "alice")
    res = invoke(target, "user", "link-sso", "alice", "--subject", "x")
    assert res.exit_code == 2
    assert "PUNCHCLOCK_OIDC_ISSUER" in res.output
    other = invoke(
        target, "user", "link-sso", "alice", "--subject", "x", "--issuer", "https://accounts.google.com"
    )
    assert other.exit_code == 0, other.output
