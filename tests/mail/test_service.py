"""mail.service against real SMTP servers on loopback: plain, STARTTLS with a login, TLS, and failures."""

from __future__ import annotations

import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest
from aiosmtpd.smtp import AuthResult, LoginPassword

from punchclock.config import Settings
from punchclock.mail import service
from punchclock.mail.service import Mail, MailNotConfigured, MailRefused, MailUnavailable
from tests.mailbox import Mailbox, html_of, running, text_of

MAIL = Mail("ann@example.com", "Hello", "Plain words.", "<p>Plain <b>words</b>.</p>")


def settings_for(box: Mailbox, **changes: Any) -> Settings:
    return Settings(**{**box.settings, **changes})


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, and its key."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def server_context(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    return context


class Logins:
    """aiosmtpd's authenticator: one known user; every attempt is kept."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    def __call__(self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        assert isinstance(data, LoginPassword)
        self.seen.append((data.login.decode(), data.password.decode()))
        ok = (data.login, data.password) == (b"mailer", b"s3cret")
        return AuthResult(success=ok, handled=False)


def test_a_message_goes_out_as_plain_text_and_html() -> None:
    with running() as box:
        service.deliver(settings_for(box), MAIL)
        [message] = box.wait(1)
    assert (message["From"], message["To"], message["Subject"]) == (
        "Punchclock <time@example.com>",
        "ann@example.com",
        "Hello",
    )
    assert message["Message-ID"].endswith("@example.com>")
    assert text_of(message).strip() == "Plain words."
    assert html_of(message).strip() == "<p>Plain <b>words</b>.</p>"


@pytest.fixture
def trusted(certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """The self-signed certificate is the client's trusted CA (OpenSSL reads SSL_CERT_FILE)."""
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))


@pytest.fixture
def starttls(certificate: tuple[Path, Path]) -> Iterator[tuple[Mailbox, Logins]]:
    logins = Logins()
    controller = {
        "tls_context": server_context(certificate),
        "require_starttls": True,
        "authenticator": logins,
        "auth_require_tls": True,
    }
    with running(**controller) as box:
        yield box, logins


def test_starttls_with_a_login(starttls: tuple[Mailbox, Logins], trusted: None) -> None:
    box, logins = starttls
    settings = settings_for(box, smtp_security="starttls", smtp_username="mailer", smtp_password="s3cret")
    service.deliver(settings, MAIL)
    assert box.wait(1)[0]["To"] == "ann@example.com"
    assert logins.seen == [("mailer", "s3cret")]


def test_a_wrong_login_is_503(starttls: tuple[Mailbox, Logins], trusted: None) -> None:
    box, _ = starttls
    settings = settings_for(box, smtp_security="starttls", smtp_username="mailer", smtp_password="wrong")
    with pytest.raises(MailUnavailable):
        service.deliver(settings, MAIL)
    assert box.messages == []


def test_a_certificate_nobody_vouches_for_is_refused(starttls: tuple[Mailbox, Logins]) -> None:
    box, logins = starttls
    settings = settings_for(box, smtp_security="starttls", smtp_username="mailer", smtp_password="s3cret")
    with pytest.raises(MailUnavailable):
        service.deliver(settings, MAIL)
    assert logins.seen == []  # the password never left


def test_tls_from_the_start(certificate: tuple[Path, Path], trusted: None) -> None:
    with running(ssl_context=server_context(certificate)) as box:
        service.deliver(settings_for(box, smtp_security="tls"), MAIL)
        assert box.wait(1)[0]["Subject"] == "Hello"


def test_a_refused_recipient_is_the_callers_mistake() -> None:
    with running() as box, pytest.raises(MailRefused):
        service.deliver(settings_for(box), Mail("refused@example.com", "Hi", "text"))


def test_not_configured_is_409() -> None:
    with pytest.raises(MailNotConfigured) as caught:
        service.deliver(Settings(), MAIL)
    assert caught.value.status_code == 409


def test_a_silent_server_times_out_without_blocking_the_event_loop() -> None:
    """A server that accepts and never greets: ``send`` fails after the timeout, and meanwhile the
    event loop goes on (smtplib runs in a worker thread)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        held: list[socket.socket] = []
        accepter = threading.Thread(target=lambda: held.append(listener.accept()[0]), daemon=True)
        accepter.start()
        port = listener.getsockname()[1]
        settings = Settings(smtp_host="127.0.0.1", smtp_port=port, smtp_security="none",
                            smtp_from="time@example.com", smtp_timeout_seconds=1.0)  # fmt: skip
        ticks: list[float] = []

        async def main() -> None:
            async def tick() -> None:
                while True:
                    ticks.append(time.monotonic())
                    await anyio.sleep(0.05)

            async with anyio.create_task_group() as tasks:
                tasks.start_soon(tick)
                with pytest.raises(MailUnavailable):
                    await service.send(settings, MAIL.to, MAIL.subject, MAIL.text)
                tasks.cancel_scope.cancel()

        started = time.monotonic()
        anyio.run(main)
        assert 0.9 < time.monotonic() - started < 5
        assert len(ticks) >= 10, "the event loop was blocked while the mail server stalled"
        for conn in held:
            conn.close()
