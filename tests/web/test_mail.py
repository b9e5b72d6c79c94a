"""Password reset and invitations end to end: real Chromium, a real server process and a real SMTP
server on loopback whose mail the tests read and follow.

Screenshots of every new page, at 1366 and 360 px wide, light and dark, go to $PUNCHCLOCK_SHOTS
(default: a temporary folder) to be looked at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_serve import free_port
from tests.mailbox import Mailbox, link_in, running
from tests.web.browser import (
    ADMIN_PASSWORD,
    PASSWORD,
    WATCH_CSP,
    serving,
)

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = pytest.mark.slow

SIZES = {"wide": {"width": 1366, "height": 860}, "phone": {"width": 360, "height": 740}}


@pytest.fixture(scope="module")
def mailbox() -> Iterator[Mailbox]:
    with running() as box:
        yield box


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, mailbox: Mailbox) -> Iterator[str]:
    port = free_port()
    mail = {**mailbox.settings, "public_url": f"http://127.0.0.1:{port}"}
    env = {f"PUNCHCLOCK_{key.upper()}": str(value) for key, value in mail.items()}
    with serving(tmp_path_factory.mktemp("web-mail"), env, port) as url:
        yield url


def new_page(browser: Any, base: str, size: str = "wide", scheme: str = "light") -> tuple[Any, Any]:
    ctx = browser.new_context(base_url=base, viewport=SIZES[size], color_scheme=scheme)
    ctx.add_init_script(WATCH_CSP)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors
    return ctx, page


def done(ctx: Any, page: Any) -> None:
    assert page.evaluate("window.__csp") == [], "the CSP blocked something"
    assert page.errors == []
    ctx.close()


def shoot(browser: Any, base: str, shots: Path, name: str, url: str, ready: str) -> None:
    """The page at ``url`` in all four looks; none is wider than the screen."""
    for size in SIZES:
        for scheme in ("light", "dark"):
            ctx, page = new_page(browser, base, size, scheme)
            page.goto(url)
            expect(page.get_by_role("heading", name=ready)).to_be_visible()
            assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
            page.screenshot(path=str(shots / f"{name}-{size}-{scheme}.png"), full_page=True)
            done(ctx, page)


def test_forgot_password_then_the_link_from_the_mail_sets_a_new_one(browser, base, admin, mailbox, shots):
    admin.call(
        "POST", "/users", 201, json={"username": "rita", "password": PASSWORD, "email": "rita@example.com"}
    )
    ctx, page = new_page(browser, base)
    page.goto("/")
    page.get_by_role("button", name="Forgot password?").click()
    expect(page.get_by_role("heading", name="Forgot your password?")).to_be_visible()
    page.screenshot(path=str(shots / "forgot-wide-light.png"))
    page.get_by_label("Username or e-mail address").fill("rita@example.com")
    before = len(mailbox.messages)
    page.get_by_role("button", name="Send reset link").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    message = mailbox.wait(before + 1)[-1]
    assert message["To"] == "rita@example.com"
    url, kind, _ = link_in(message)
    assert kind == "reset"
    assert url.startswith(base + "/#/reset/")

    page.goto(url)
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    assert "#" not in page.url, "the secret stays out of the address bar and the history"
    page.get_by_label("New password", exact=True).fill("rita-new-password")
    page.get_by_label("New password again").fill("rita-new-password")
    page.get_by_role("button", name="Set new password").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    page.get_by_label("Username").fill("rita")
    page.get_by_label("Password").fill("rita-new-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("main#main .timer")).to_be_visible()
    done(ctx, page)

    # The link worked once: opened again, it says so.
    ctx, page = new_page(browser, base)
    page.goto(url)
    page.get_by_label("New password", exact=True).fill("another-password")
    page.get_by_label("New password again").fill("another-password")
    page.get_by_role("button", name="Set new password").click()
    expect(page.get_by_role("alert")).to_contain_text("already used")
    done(ctx, page)
    shoot(browser, base, shots, "reset", url, "Choose a new password")


def test_an_admin_invites_and_the_invitee_joins_from_the_mail(browser, base, admin, mailbox, shots):
    ctx, page = new_page(browser, base)
    page.goto("/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Users").click()
    before = len(mailbox.messages)
    for email, role in (("sam@example.com", "Manager"), ("lee@example.com", "Member")):
        page.get_by_role("button", name="Invite by e-mail").click()
        dialog = page.get_by_role("dialog")
        dialog.get_by_label("E-mail address").fill(email)
        dialog.get_by_label("Name").fill(email.split("@")[0].title())
        dialog.get_by_label("Role").select_option(label=role)
        dialog.get_by_role("button", name="Send invitation").click()
        expect(page.get_by_role("table", name="Pending invitations")).to_contain_text(email)
    page.screenshot(path=str(shots / "invitations-wide-light.png"), full_page=True)
    page.get_by_role("button", name="Revoke the invitation of lee@example.com").click()
    page.get_by_role("dialog").get_by_role("button", name="Revoke").click()
    expect(page.get_by_role("table", name="Pending invitations")).not_to_contain_text("lee@example.com")
    done(ctx, page)
    sam = next(m for m in mailbox.wait(before + 2)[before:] if m["To"] == "sam@example.com")
    url, kind, _ = link_in(sam)
    assert kind == "invite"
    shoot(browser, base, shots, "invite", url, "Welcome to Punchclock")

    ctx, page = new_page(browser, base, "phone")
    page.goto(url)
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password").fill("sam-password-1")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator(".user-menu .who")).to_have_text("Sam")
    expect(page.get_by_role("link", name="Projects")).to_be_visible()  # a manager
    done(ctx, page)
    pending = admin.call("GET", "/invitations")["invitations"]
    assert pending == []


def test_the_admin_pages_in_all_four_looks(browser, base, admin, shots):
    admin.call(
        "POST", "/invitations", 201, json={"email": "kim@example.com", "role": "member", "name": "Kim"}
    )
    for size in SIZES:
        for scheme in ("light", "dark"):
            ctx, page = new_page(browser, base, size, scheme)
            page.goto("/")
            page.get_by_label("Username").fill("admin")
            page.get_by_label("Password").fill(ADMIN_PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.goto("/#/users")
            expect(page.get_by_role("table", name="Pending invitations")).to_contain_text("kim@example.com")
            assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
            page.screenshot(path=str(shots / f"users-{size}-{scheme}.png"), full_page=True)
            page.get_by_role("button", name="Invite by e-mail").click()
            page.screenshot(path=str(shots / f"invite-dialog-{size}-{scheme}.png"))
            done(ctx, page)
            ctx, page = new_page(browser, base, size, scheme)
            page.goto("/")
            expect(page.get_by_role("button", name="Forgot password?")).to_be_visible()
            page.screenshot(path=str(shots / f"signin-{size}-{scheme}.png"))
            page.get_by_role("button", name="Forgot password?").click()
            expect(page.get_by_role("heading", name="Forgot your password?")).to_be_visible()
            page.screenshot(path=str(shots / f"forgot-{size}-{scheme}.png"))
            done(ctx, page)
