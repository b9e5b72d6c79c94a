"""Delivering made reminders: the push and webhook event once, then the mail.

Notes:
A sender claims due rows (``state`` not done, ``deliver_after`` passed, lease expired) with
``FOR UPDATE SKIP LOCKED`` on PostgreSQL (SQLite has one writer at a time) and a ``locked_until``
lease, as webhook deliveries are claimed. The ``reminder.<kind>`` event (sockets, and the webhook
outbox when the user chose webhooks) is emitted in the claiming transaction of the first claim
only, so it is committed with the claim and never twice. The mail goes after that commit; a sender
that dies between the mail and marking the row done leaves it claimed, and once the lease ends the
next claim mails again: at least once, like webhooks. A mail server that is down is retried later,
``MAX_ATTEMPTS`` times in all. While webhook sending is paused (a restored backup), nothing is
delivered: the reminders of the past would go out again.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

import anyio.to_thread
from sqlalchemy.orm import Session

from punchclock.config import Settings
from punchclock.event.service import emit
from punchclock.kit.timeutil import iso
from punchclock.mail import service as mail_service
from punchclock.models import Notification
from punchclock.reminder import repository, texts
from punchclock.webhook import pause

log = logging.getLogger("punchclock.reminder")
LEASE = 120.0
BATCH = 20
RETRY_SECONDS = 300.0
MAX_ATTEMPTS = 5


@dataclass(frozen=True, slots=True)
class Sending:
    id: int
    to: str | None  # the address, when this reminder is to be mailed
    title: str
    body: str
    link: str
    attempts: int


def shown(n: Notification) -> dict[str, Any]:
    return {
        "id": n.id, "kind": n.kind, "title": n.title, "body": n.body, "link": n.link,
        "at": iso(n.at), "read_at": iso(n.read_at),
    }  # fmt: skip


def claim(session: Session, now: float | None = None) -> list[Sending]:
    """Claim due reminders; announce those claimed the first time; what to mail."""
    if pause.paused(session):
        return []
    now = time.time() if now is None else now
    out = []
    for n, email, by_email, by_webhook in repository.claim_due(session, now, BATCH, LEASE):
        if n.attempts == 1:
            emit(
                session,
                f"reminder.{n.kind}",
                shown(n),
                user_id=n.user_id,
                actor_id=None,
                webhook=bool(by_webhook),
            )
        to = email if by_email and email and n.mail == "none" else None
        out.append(Sending(n.id, to, n.title, n.body, n.link, n.attempts))
    return out


def record(session: Session, sending: Sending, mail: str | None, now: float | None = None) -> None:
    """``mail``: none, sent or failed; None: the mail server was unreachable, try again later."""
    if mail is None and sending.attempts < MAX_ATTEMPTS:
        repository.retry_later(session, sending.id, (time.time() if now is None else now) + RETRY_SECONDS)
    else:
        repository.finish(session, sending.id, mail or "failed")


def _deliver_mail(settings: Settings, sending: Sending) -> str | None:
    if sending.to is None or not mail_service.configured(settings):
        return "none"
    message = texts.mail(sending.to, sending.title, sending.body, sending.link, settings.public_url)
    try:
        mail_service.deliver(settings, message)
    except mail_service.MailRefused:
        return "failed"
    except mail_service.MailUnavailable:
        return None
    return "sent"


async def step(db: Any, settings: Settings, now: float | None = None) -> int:
    """Claim and deliver what is due; how many were handled."""
    done = 0
    while claimed := await db.write(claim, now):
        for sending in claimed:
            mail = await anyio.to_thread.run_sync(_deliver_mail, settings, sending)
            await db.write(record, sending, mail, now)
            done += 1
        if len(claimed) < BATCH:
            break
    return done
