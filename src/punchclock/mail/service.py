"""Sending e-mail over SMTP: one general ``send`` for every feature that mails (links, reminders).

Notes:
The standard library's smtplib does the talking, in a worker thread, so a slow or silent mail server
never blocks the event loop; ``smtp_timeout_seconds`` bounds connecting and each command. Every
failure to deliver becomes a ``MailUnavailable`` (503 mail_unavailable) with one log line, never a
500; a recipient the server refuses outright is the caller's mistake, ``MailRefused`` (400). No SMTP
server configured at all is no outage but how this server is set up: ``MailNotConfigured`` (409
mail_not_configured), which clients answer by hiding the feature rather than retrying.

Each message is sent on a connection of its own: mail here is rare (a reset, an invitation, a
reminder run), and a fresh connection has no state to go stale between sends.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from typing import Any

import anyio.to_thread

from punchclock.config import Settings
from punchclock.errors import BadRequest, Conflict, ServiceUnavailable

log = logging.getLogger("punchclock.mail")

DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}


class MailUnavailable(ServiceUnavailable):
    code = "mail_unavailable"
    title = "E-mail unavailable"


class MailNotConfigured(Conflict):
    """No SMTP server is configured: a lasting state of this server, not an outage to retry."""

    code = "mail_not_configured"
    title = "E-mail not set up"


class MailRefused(BadRequest):
    code = "mail_refused"
    title = "Address refused"


NOT_CONFIGURED = "This server cannot send e-mail: no SMTP server is configured (PUNCHCLOCK_SMTP_HOST)"
DOWN = "The mail server could not be reached; nothing was sent. Try again later"


@dataclass(frozen=True, slots=True)
class Mail:
    """One message: plain text, and the same in simple HTML for mail programs that show it."""

    to: str
    subject: str
    text: str
    html: str | None = None


def configured(settings: Settings) -> bool:
    return bool(settings.smtp_host and settings.smtp_from)


def require(settings: Settings) -> None:
    """409 mail_not_configured unless an SMTP server is configured."""
    if not configured(settings):
        raise MailNotConfigured(NOT_CONFIGURED)


def build(settings: Settings, mail: Mail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.smtp_from or ""
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = formatdate(localtime=False, usegmt=True)
    domain = parseaddr(settings.smtp_from or "")[1].rpartition("@")[2] or None
    message["Message-ID"] = make_msgid(domain=domain)
    message.set_content(mail.text)
    if mail.html is not None:
        message.add_alternative(mail.html, subtype="html")
    return message


def valid_address(value: str) -> bool:
    """Whether ``value`` is one plain addr-spec (user@domain) that a header can carry."""
    try:
        address = Address(addr_spec=value)
    except (ValueError, IndexError):
        return False
    return bool(address.username and address.domain) and "." in address.domain


def _connect(settings: Settings) -> smtplib.SMTP:
    host = settings.smtp_host or ""
    port = settings.smtp_port or DEFAULT_PORTS[settings.smtp_security]
    timeout = settings.smtp_timeout_seconds
    context = ssl.create_default_context()
    client: smtplib.SMTP
    if settings.smtp_security == "tls":
        client = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
    else:
        client = smtplib.SMTP(host, port, timeout=timeout)
    try:
        client.ehlo()
        if settings.smtp_security == "starttls":
            client.starttls(context=context)
            client.ehlo()
        if settings.smtp_username:
            client.login(settings.smtp_username, settings.smtp_password or "")
    except BaseException:
        client.close()
        raise
    return client


def _quit(client: smtplib.SMTP) -> None:
    try:
        client.quit()
    except (smtplib.SMTPException, OSError):
        client.close()


def deliver(settings: Settings, mail: Mail) -> None:
    """Send ``mail`` now, blocking (the CLI's way; the server uses ``send``)."""
    require(settings)
    try:
        client = _connect(settings)
        try:
            client.send_message(build(settings, mail))
        finally:
            _quit(client)
    except smtplib.SMTPRecipientsRefused as exc:
        raise MailRefused(f"The mail server refused the address {mail.to}") from exc
    except (smtplib.SMTPException, OSError) as exc:
        _failed("send", settings, exc)


def probe(settings: Settings) -> None:
    """Connect, greet, log in and leave, blocking: 503 unless the mail server would take a message."""
    require(settings)
    try:
        _quit(_connect(settings))
    except (smtplib.SMTPException, OSError) as exc:
        _failed("reach", settings, exc)


def _failed(what: str, settings: Settings, exc: BaseException) -> Any:
    log.warning(
        "could not %s the mail server %s:%s: %s",
        what,
        settings.smtp_host,
        settings.smtp_port or DEFAULT_PORTS[settings.smtp_security],
        exc.__class__.__name__ + (f" {exc}" if str(exc) else ""),
    )
    raise MailUnavailable(DOWN, retry_after=60) from exc


async def send(settings: Settings, to: str, subject: str, text: str, html: str | None = None) -> None:
    """Send one message through the configured SMTP server, off the event loop.

    Raises ``MailNotConfigured``, ``MailUnavailable`` (unreachable, timed out, refused the login or
    the message) or ``MailRefused`` (the server refused the recipient)."""
    mail = Mail(to, subject, text, html)
    await anyio.to_thread.run_sync(deliver, settings, mail)


async def check(settings: Settings) -> None:
    """``probe``, off the event loop."""
    await anyio.to_thread.run_sync(probe, settings)
