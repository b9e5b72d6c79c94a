"""Invitations by e-mail: an admin sends one, the invitee follows the link from the real mail."""

from __future__ import annotations

from typing import Any

from tests.account.helpers import ACCEPT, COMPLETE, INVITE, audit, links, person
from tests.auth.helpers import execute, rows
from tests.checks import assert_error
from tests.mailbox import Mailbox, link_in, running, text_of

JOIN = {"username": "newbie", "password": "newbie-password"}


def invite(api: Any, admin: Any, status: int = 201, **body: Any) -> Any:
    res = api.post(INVITE, json={"email": "newbie@example.com", **body}, headers=api.headers(admin))
    assert res.status_code == status, res.text
    return res.json()


def test_an_invitee_creates_their_account_from_the_mail_and_is_signed_in(
    api: Any, db: Any, mailbox: Mailbox
) -> None:
    admin = person(api, "boss", None, "admin")
    sent = invite(api, admin, role="manager", name="Nina Newbie")
    assert sent["invitation"]["email"] == "newbie@example.com"
    [message] = mailbox.wait(1)
    assert message["To"] == "newbie@example.com"
    assert "Hello Nina Newbie," in text_of(message)
    assert "Boss invites you" in text_of(message)
    url, kind, secret = link_in(message)
    assert (kind, url) == ("invite", f"http://testserver/#/invite/{secret}")
    listed = api.get(INVITE, headers=api.headers(admin)).json()["invitations"]
    assert [(i["email"], i["role"], i["invited_by"]) for i in listed] == [
        ("newbie@example.com", "manager", "boss")
    ]

    res = api.post(ACCEPT, json={"token": secret, **JOIN})
    assert res.status_code == 201, res.text
    signed_in = res.json()
    assert signed_in["user"]["role"] == "manager"
    me = api.get("/api/v1/users/me", headers={"Authorization": f"Bearer {signed_in['token']}"}).json()["user"]
    assert (me["username"], me["email"], me["display_name"]) == (
        "newbie",
        "newbie@example.com",
        "Nina Newbie",
    )
    [session] = rows(db, "SELECT method FROM web_sessions")
    assert session["method"] == "password"
    assert api.get(INVITE, headers=api.headers(admin)).json()["invitations"] == []
    assert_error(api.post(ACCEPT, json={"token": secret, **JOIN, "username": "again"}), 410, "link_used")
    [invited] = audit(db, "user.invited")
    [accepted] = audit(db, "invitation.accepted")
    assert invited["actor_id"] == admin.id
    assert (accepted["actor_id"], accepted["target_user_id"]) == (me["id"], me["id"])


def test_without_public_url_the_link_is_built_on_the_requests_address(
    api: Any, settings: Any, mailbox: Mailbox
) -> None:
    settings.public_url = None
    invite(api, api.user("admin"))
    url, _, secret = link_in(mailbox.wait(1)[0])
    assert url == f"http://testserver/#/invite/{secret}"


def test_a_revoked_invitation_no_longer_works(api: Any, db: Any, mailbox: Mailbox) -> None:
    admin = api.user("admin")
    sent = invite(api, admin)["invitation"]
    _, _, secret = link_in(mailbox.wait(1)[0])
    res = api.delete(f"{INVITE}/{sent['id']}", headers=api.headers(admin))
    assert res.status_code == 200, res.text
    assert_error(api.post(ACCEPT, json={"token": secret, **JOIN}), 400, "link_invalid")
    assert_error(
        api.delete(f"{INVITE}/{sent['id']}", headers=api.headers(admin)), 404, "invitation_not_found"
    )
    [event] = audit(db, "invitation.revoked")
    assert event["actor_id"] == admin.id


def test_inviting_again_replaces_the_earlier_link(api: Any, mailbox: Mailbox) -> None:
    admin = api.user("admin")
    invite(api, admin)
    invite(api, admin, role="admin")
    first, second = (link_in(m)[2] for m in mailbox.wait(2))
    assert_error(api.post(ACCEPT, json={"token": first, **JOIN}), 400, "link_invalid")
    assert api.post(ACCEPT, json={"token": second, **JOIN}).json()["user"]["role"] == "admin"


def test_an_expired_invitation_is_refused_and_not_listed(api: Any, db: Any, mailbox: Mailbox) -> None:
    admin = api.user("admin")
    invite(api, admin)
    _, _, secret = link_in(mailbox.wait(1)[0])
    [row] = links(db)
    assert row["expires_at"] - row["created_at"] == 7 * 86400
    execute(db, "UPDATE mail_tokens SET expires_at = created_at - 1")
    assert api.get(INVITE, headers=api.headers(admin)).json()["invitations"] == []
    assert_error(api.post(ACCEPT, json={"token": secret, **JOIN}), 410, "link_expired")


def test_a_taken_username_is_refused_and_the_link_still_works(api: Any, mailbox: Mailbox) -> None:
    invite(api, api.user("admin"))
    _, _, secret = link_in(mailbox.wait(1)[0])
    person(api, "newbie", None)
    assert_error(api.post(ACCEPT, json={"token": secret, **JOIN}), 409, "user_exists")
    assert_error(api.post(ACCEPT, json={"token": secret, **JOIN, "password": "short"}), 400)
    assert api.post(ACCEPT, json={"token": secret, **JOIN, "username": "newbie2"}).status_code == 201


def test_a_reset_link_does_not_accept_an_invitation(api: Any, mailbox: Mailbox) -> None:
    person(api, "olga", "olga@example.com")
    assert api.post("/api/v1/auth/password-reset", json={"username": "olga"}).status_code == 202
    _, _, secret = link_in(mailbox.wait(1)[0])
    assert_error(api.post(ACCEPT, json={"token": secret, **JOIN}), 400, "link_invalid")
    assert api.post(COMPLETE, json={"token": secret, "new_password": "still-works"}).status_code == 200


def test_an_address_that_already_has_an_account_is_refused(api: Any, db: Any, mailbox: Mailbox) -> None:
    person(api, "pat", "Pat@Example.com")
    body = invite(api, api.user("admin"), 409, email="pat@example.com")
    assert body["code"] == "email_in_use"
    assert invite(api, api.user("admin"), 400, email="not an address")["code"] == "validation_error"
    assert mailbox.messages == []
    assert links(db) == []


def test_a_mail_server_that_is_down_answers_503_and_nothing_is_left(api: Any, db: Any, settings: Any) -> None:
    admin = api.user("admin")
    with running() as box:
        port = box.port
    settings.smtp_port = port
    assert invite(api, admin, 503)["code"] == "mail_unavailable"
    assert links(db) == []
    assert audit(db, "user.invited") == []
    assert api.get(INVITE, headers=api.headers(admin)).json()["invitations"] == []


def test_a_refused_recipient_is_a_400_and_nothing_is_left(api: Any, db: Any, mailbox: Mailbox) -> None:
    assert invite(api, api.user("admin"), 400, email="refused@example.com")["code"] == "mail_refused"
    assert links(db) == []
    assert audit(db, "user.invited") == []


def test_without_smtp_invitations_answer_409(api: Any, db: Any, settings: Any) -> None:
    settings.smtp_host = None
    assert invite(api, api.user("admin"), 409)["code"] == "mail_not_configured"
    assert links(db) == []
