"""Delivering reminders: the event and webhook once, the mail at the real loopback SMTP server, quiet
hours, a crashed sender's lease, a mail server that is down."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import update

from punchclock.models import User
from punchclock.reminder import deliver
from punchclock.webhook import pause
from tests.mailbox import Mailbox, html_of, running, text_of
from tests.reminder.helpers import (
    at,
    deliver_at,
    hook,
    notifications,
    person,
    scan_at,
    webhook_deliveries,
    work_model,
)

MONDAY_10 = "2026-12-07 10:00"


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    with running() as box:
        yield box


@pytest.fixture
def mailing(settings, mailbox):
    return settings.model_copy(update=mailbox.settings)


def _due(api, name="alice", **settings):
    """A user with a nothing-tracked reminder made at Monday 10:00 in Berlin."""
    user = person(api, name, email=f"{name}@example.com", nothing_by_minute=9 * 60, **settings)
    work_model(api, user)
    return user


def test_the_mail_arrives_at_the_smtp_server_once(api, mailing, mailbox):
    alice = _due(api, by_email=True)
    bob = _due(api, "bob")  # by e-mail off (the default)
    now = at(MONDAY_10)
    scan_at(api.db, now)
    assert deliver_at(api.db, mailing, now) == 2
    (message,) = mailbox.wait(1)
    assert message["To"] == "alice@example.com"
    assert message["Subject"] == "Reminder: Nothing tracked on 2026-12-07"
    assert "no time is tracked yet" in text_of(message)
    assert "http://testserver/#/" in text_of(message)
    assert 'href="http://testserver/#/"' in html_of(message)
    (row,) = notifications(api.db, alice)
    assert (row.state, row.mail, row.attempts) == ("done", "sent", 1)
    assert [(n.state, n.mail) for n in notifications(api.db, bob)] == [("done", "none")]
    # Nothing is left to deliver: a second run sends nothing.
    assert deliver_at(api.db, mailing, now + 600) == 0
    assert len(mailbox.messages) == 1


def test_webhooks_hear_a_reminder_only_when_chosen(api, mailing):
    alice = _due(api, by_webhook=True)
    bob = _due(api, "bob")
    hook(api, alice)
    hook(api, bob)
    now = at(MONDAY_10)
    scan_at(api.db, now)
    deliver_at(api.db, mailing, now)
    assert webhook_deliveries(api.db) == 1


def test_quiet_hours_hold_mail_and_webhook_but_not_the_list(api, mailing, mailbox):
    alice = _due(api, by_email=True, by_webhook=True, quiet_from=9 * 60 + 30, quiet_to=11 * 60)
    hook(api, alice)
    now = at(MONDAY_10)
    scan_at(api.db, now)
    listed = api.get("/api/v1/notifications", headers=api.headers(alice)).json()
    assert listed["unread"] == 1
    assert listed["items"][0]["kind"] == "nothing_tracked"
    (row,) = notifications(api.db, alice)
    assert row.deliver_after == at("2026-12-07 11:00")
    assert deliver_at(api.db, mailing, now) == 0
    assert deliver_at(api.db, mailing, at("2026-12-07 10:59")) == 0
    assert mailbox.messages == []
    assert webhook_deliveries(api.db) == 0
    assert deliver_at(api.db, mailing, at("2026-12-07 11:00")) == 1
    mailbox.wait(1)
    assert webhook_deliveries(api.db) == 1


def test_a_crashed_senders_lease_expires_and_the_mail_goes_once_more(api, mailing, mailbox):
    alice = _due(api, by_email=True, by_webhook=True)
    hook(api, alice)
    now = at(MONDAY_10)
    scan_at(api.db, now)
    # A sender claims the reminder (its event and webhook are committed with the claim) and dies.
    (claimed,) = api.db.call(deliver.claim, now)
    assert claimed.to == "alice@example.com"
    assert webhook_deliveries(api.db) == 1
    # While its lease lasts nobody else takes the reminder.
    assert deliver_at(api.db, mailing, now + deliver.LEASE - 1) == 0
    # Once it has ended, the next sender mails it, once; the event is not announced again.
    assert deliver_at(api.db, mailing, now + deliver.LEASE + 1) == 1
    assert deliver_at(api.db, mailing, now + 3 * deliver.LEASE) == 0
    assert len(mailbox.wait(1)) == 1
    assert webhook_deliveries(api.db) == 1
    (row,) = notifications(api.db, alice)
    assert (row.state, row.mail, row.attempts) == ("done", "sent", 2)


def test_a_mail_server_that_is_down_is_tried_again_later(api, settings):
    alice = _due(api, by_email=True)
    down = settings.model_copy(
        update={
            "smtp_host": "127.0.0.1",
            "smtp_port": 9,
            "smtp_from": "t@example.com",
            "smtp_timeout_seconds": 1,
        }
    )
    now = at(MONDAY_10)
    scan_at(api.db, now)
    for attempt in range(1, deliver.MAX_ATTEMPTS):
        assert deliver_at(api.db, down, now) == 1
        (row,) = notifications(api.db, alice)
        assert (row.state, row.attempts, row.mail) == ("pending", attempt, "none")
        now = row.locked_until
        assert deliver_at(api.db, down, now - 1) == 0  # not before the retry is due
    assert deliver_at(api.db, down, now) == 1
    (row,) = notifications(api.db, alice)
    assert (row.state, row.mail) == ("done", "failed")


def test_without_a_mail_server_the_reminder_is_done_without_mail(api, settings):
    alice = _due(api, by_email=True)
    now = at(MONDAY_10)
    scan_at(api.db, now)
    assert deliver_at(api.db, settings, now) == 1
    assert [(n.state, n.mail) for n in notifications(api.db, alice)] == [("done", "none")]


def test_nothing_is_delivered_while_webhook_sending_is_paused(api, mailing, mailbox):
    alice = _due(api, by_email=True)
    now = at(MONDAY_10)
    scan_at(api.db, now)
    api.db.call(pause.pause_sending, "restored from a backup")
    assert deliver_at(api.db, mailing, now) == 0
    assert [n.state for n in notifications(api.db, alice)] == ["pending"]


def test_a_disabled_user_gets_no_mail(api, mailing, mailbox):
    alice = _due(api, by_email=True)
    now = at(MONDAY_10)
    scan_at(api.db, now)
    api.db.call(lambda s: s.execute(update(User).where(User.id == alice.id).values(is_active=False)))
    assert deliver_at(api.db, mailing, now) == 1
    assert [(n.state, n.mail) for n in notifications(api.db, alice)] == [("done", "none")]
    assert mailbox.messages == []
