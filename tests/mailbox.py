"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, for the e-mail tests."""

from __future__ import annotations

import email
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email import policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

from tests.cli.test_serve import free_port

LINK = re.compile(r"https?://\S+/#/(reset|invite)/([A-Za-z0-9_-]+)")


class Mailbox:
    """aiosmtpd's handler: every accepted message, parsed; a recipient with 'refused' in it is refused."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.port = 0

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if "refused" in address:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        return "250 Message accepted"

    @property
    def settings(self) -> dict[str, Any]:
        """Settings that send through this server."""
        return {
            "smtp_host": "127.0.0.1",
            "smtp_port": self.port,
            "smtp_security": "none",
            "smtp_from": "Punchclock <time@example.com>",
            "smtp_timeout_seconds": 5.0,
            "public_url": "http://testserver",
        }

    def wait(self, count: int = 1, seconds: float = 10.0) -> list[EmailMessage]:
        """The messages once at least ``count`` have arrived (a server sends after answering)."""
        deadline = time.monotonic() + seconds
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(self.messages) >= count, f"{len(self.messages)} message(s) arrived, expected {count}"
        return self.messages


def text_of(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return str(part.get_content())


def html_of(message: EmailMessage) -> str:
    part = message.get_body(("html",))
    assert part is not None
    return str(part.get_content())


def link_in(message: EmailMessage) -> tuple[str, str, str]:
    """(the whole link, its kind: reset or invite, its secret) from the plain-text part."""
    found = LINK.search(text_of(message))
    assert found, text_of(message)
    return found.group(0), found.group(1), found.group(2)


@contextmanager
def running(**controller: Any) -> Iterator[Mailbox]:
    box = Mailbox()
    box.port = free_port()
    server = Controller(box, hostname="127.0.0.1", port=box.port, **controller)
    server.start()
    try:
        yield box
    finally:
        server.stop()
