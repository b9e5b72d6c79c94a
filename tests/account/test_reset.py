"""Password reset by e-mail, read from a real SMTP server on loopback."""

from __future__ import annotations

from typing import Any

import pytest

from tests.account.helpers import COMPLETE, RESET, audit, links, person
from tests.auth.helpers import execute
from tests.checks import assert_error
from tests.mailbox import Mailbox, link_in, running, text_of


def ask(api: Any, **body: str) -> Any:
    return api.post(RESET, json=body)


def test_the_link_in_the_mail_sets_a_new_password_and_ends_every_session_and_device(
    api: Any, db: Any, mailbox: Mailbox
) -> None:
    alice = person(api, "alice", "alice@example.com")
    web = api.login("alice")
    device = api.post("/api/v1/auth/login", json={"username": "alice", "password": "password123"}).json()
    device_headers = {"Authorization": f"Bearer {device['token']}"}
    assert api.get("/api/v1/users/me", headers=device_headers).status_code == 200

    res = ask(api, username="Alice")
    assert res.status_code == 202, res.text
    [message] = mailbox.wait(1)
    assert message["To"] == "alice@example.com"
    assert message["From"] == "Punchclock <time@example.com>"
    assert "'alice'" in text_of(message)
    url, kind, secret = link_in(message)
    assert (kind, url) == ("reset", f"http://testserver/#/reset/{secret}")
    assert secret in str(message.get_body(("html",)).get_content())  # type: ignore[union-attr]
    # Only a digest is stored.
    [row] = links(db)
    assert secret not in str(row)
    assert (row["purpose"], row["user_id"]) == ("reset", alice.id)

    res = api.post(COMPLETE, json={"token": secret, "new_password": "a-new-password"})
    assert res.status_code == 200, res.text
    assert_error(api.get("/api/v1/users/me", headers=web), 401)
    assert_error(api.get("/api/v1/users/me", headers=device_headers), 401)
    assert_error(api.post("/api/v1/auth/session", json={"username": "alice", "password": "password123"}), 401)
    assert api.login("alice", "a-new-password")
    [event] = audit(db, "password.reset")
    assert (event["actor_id"], event["target_user_id"]) == (alice.id, alice.id)


def test_a_link_works_once(api: Any, mailbox: Mailbox) -> None:
    person(api, "bob", "bob@example.com")
    ask(api, email="BOB@example.com")
    _, _, secret = link_in(mailbox.wait(1)[0])
    assert api.post(COMPLETE, json={"token": secret, "new_password": "first-new-pw"}).status_code == 200
    assert_error(
        api.post(COMPLETE, json={"token": secret, "new_password": "second-new-pw"}), 410, "link_used"
    )
    assert api.login("bob", "first-new-pw")


def test_setting_a_password_spends_the_accounts_other_reset_links(api: Any, mailbox: Mailbox) -> None:
    person(api, "carol", "carol@example.com")
    ask(api, username="carol")
    ask(api, username="carol")
    first, second = (link_in(m)[2] for m in mailbox.wait(2))
    assert api.post(COMPLETE, json={"token": second, "new_password": "new-password"}).status_code == 200
    assert_error(
        api.post(COMPLETE, json={"token": first, "new_password": "other-password"}), 400, "link_invalid"
    )


def test_a_weak_password_is_refused_and_the_link_still_works(api: Any, mailbox: Mailbox) -> None:
    person(api, "dan", "dan@example.com")
    ask(api, username="dan")
    _, _, secret = link_in(mailbox.wait(1)[0])
    assert_error(api.post(COMPLETE, json={"token": secret, "new_password": "short"}), 400, "validation_error")
    assert api.post(COMPLETE, json={"token": secret, "new_password": "long-enough"}).status_code == 200


def test_an_expired_link_is_refused(api: Any, db: Any, mailbox: Mailbox) -> None:
    person(api, "erin", "erin@example.com")
    ask(api, username="erin")
    _, _, secret = link_in(mailbox.wait(1)[0])
    [row] = links(db)
    assert row["expires_at"] - row["created_at"] == 3600  # the default: one hour
    execute(db, "UPDATE mail_tokens SET expires_at = created_at - 1")
    assert_error(
        api.post(COMPLETE, json={"token": secret, "new_password": "new-password"}), 410, "link_expired"
    )
    assert api.login("erin")


@pytest.mark.parametrize("token", ["x" * 43, "not-a-link-at-all"])
def test_an_unknown_link_is_refused(api: Any, token: str) -> None:
    assert_error(
        api.post(COMPLETE, json={"token": token, "new_password": "new-password"}), 400, "link_invalid"
    )


def test_no_account_enumeration(api: Any, mailbox: Mailbox) -> None:
    """Every request answers the same, whether or not an account matches; only the real one gets mail."""
    person(api, "frank", "frank@example.com")
    person(api, "nomail", None)
    disabled = person(api, "gone", "gone@example.com")
    api.db.call(lambda s: setattr(s.merge(disabled), "is_active", False))
    answers = []
    for body in (
        {"username": "frank"},
        {"email": "frank@example.com"},
        {"username": "nobody"},
        {"email": "nobody@example.com"},
        {"username": "nomail"},
        {"username": "gone"},
    ):
        res = ask(api, **body)
        answer = res.json()
        answer.pop("request_id", None)
        answers.append((res.status_code, answer))
    assert all(a == answers[0] for a in answers), answers
    assert answers[0][0] == 202
    assert [m["To"] for m in mailbox.wait(2)] == ["frank@example.com", "frank@example.com"]
    assert len(mailbox.messages) == 2


def test_a_link_for_an_invitation_does_not_reset_a_password(api: Any, mailbox: Mailbox) -> None:
    admin = api.user("admin")
    res = api.post("/api/v1/invitations", json={"email": "new@example.com"}, headers=api.headers(admin))
    assert res.status_code == 201, res.text
    _, kind, secret = link_in(mailbox.wait(1)[0])
    assert kind == "invite"
    assert_error(
        api.post(COMPLETE, json={"token": secret, "new_password": "new-password"}), 400, "link_invalid"
    )


def test_a_mail_server_that_is_down_answers_503_and_leaves_no_link(api: Any, db: Any, settings: Any) -> None:
    person(api, "gina", "gina@example.com")
    with running() as box:
        port = box.port
    settings.smtp_port = port  # nothing listens there any more
    assert_error(ask(api, username="gina"), 503, "mail_unavailable")
    assert_error(ask(api, username="nobody"), 503, "mail_unavailable")
    assert links(db) == []


def test_without_smtp_or_public_url_the_request_is_refused(api: Any, settings: Any, mailbox: Mailbox) -> None:
    person(api, "hal", "hal@example.com")
    settings.public_url = None
    assert_error(ask(api, username="hal"), 409, "public_url_required")
    assert api.get("/api/v1/info").json()["password_reset"] is False
    settings.smtp_host = None
    assert_error(ask(api, username="hal"), 409, "mail_not_configured")
    assert api.get("/api/v1/info").json()["mail"] is False
    assert mailbox.messages == []


def test_requests_are_throttled_per_account_and_per_address(api: Any, mailbox: Mailbox) -> None:
    person(api, "ivy", "ivy@example.com")
    for _ in range(3):
        assert ask(api, username="ivy").status_code == 202
    res = assert_error(ask(api, username="IVY"), 429, "rate_limited")
    assert int(res["retry_after"]) > 0
    assert len(mailbox.wait(3)) == 3
    # The same for a name no account has: the refusal tells nothing.
    for _ in range(3):
        assert ask(api, username="nobody").status_code == 202
    assert_error(ask(api, username="nobody"), 429, "rate_limited")
    # Per address: ten in an hour, whatever the names (6 counted so far).
    for n in range(4):
        assert ask(api, username=f"someone{n}").status_code == 202
    assert_error(ask(api, username="someone-else"), 429, "rate_limited")
    assert len(mailbox.messages) == 3
