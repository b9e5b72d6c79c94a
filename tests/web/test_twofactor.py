"""Two-factor sign-in in the browser: set up in Settings (QR code, recovery codes), sign in with a code
or a recovery code, the set-up screen a workspace policy holds a session on, and the admin's reset.

Screenshots at 1366 and 360 px, light and dark, go to $PUNCHCLOCK_SCREENSHOTS (default: a temporary
folder) for a person to look at.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from punchclock.twofactor import totp
from tests.web.browser import (
    PASSWORD,
    SIZES,
    WATCH_CSP,
    new_user,
)

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = pytest.mark.slow


def new_page(browser: Any, base: str, **context: Any) -> tuple[Any, Any]:
    ctx = browser.new_context(base_url=base, accept_downloads=True, **context)
    ctx.add_init_script(WATCH_CSP)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors
    page.goto("/")
    return ctx, page


def password_step(page: Any, username: str, password: str = PASSWORD) -> None:
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def signed_in(page: Any) -> None:
    expect(page.locator("main#main .timer, main#main .page-head").first).to_be_visible()


def done(ctx: Any, page: Any) -> None:
    assert page.evaluate("window.__csp") == [], "the CSP blocked something"
    assert page.errors == []
    ctx.close()


def code_of(secret: str, offset: int = 0) -> str:
    return totp.code_at(secret.replace(" ", ""), totp.step_at(time.time()) + offset)


def set_up_in_settings(page: Any) -> tuple[str, list[str]]:
    """Settings -> set up: scan (the key is read off the page), confirm; the key and recovery codes."""
    page.goto("/#/settings")
    card = page.locator("section", has=page.get_by_role("heading", name="Two-factor authentication"))
    card.get_by_role("button", name="Set up two-factor sign-in").click()
    expect(card.get_by_role("img", name="QR code to scan with an authenticator app")).to_be_visible()
    secret = card.locator("[data-secret]").text_content()
    card.get_by_label("Code from the app").fill("000000")
    card.get_by_role("button", name="Turn on").click()
    expect(card.get_by_role("alert")).to_contain_text("not right")
    card.get_by_label("Code from the app").fill(code_of(secret))
    card.get_by_role("button", name="Turn on").click()
    codes = card.get_by_role("list", name="Recovery codes").get_by_role("listitem")
    expect(codes).to_have_count(10)
    with page.expect_download() as download:
        card.get_by_role("button", name="Download").click()
    assert download.value.suggested_filename == "punchclock-recovery-codes.txt"
    recovery = codes.all_text_contents()
    card.get_by_role("button", name="Done").click()
    expect(card).to_contain_text("10 recovery codes left")
    return secret, recovery


def test_set_up_then_sign_in_with_a_code_or_a_recovery_code(browser, base, admin):
    name, api = new_user(base, admin)
    ctx, page = new_page(browser, base)
    password_step(page, name)
    signed_in(page)
    secret, recovery = set_up_in_settings(page)
    assert api.call("GET", "/auth/2fa")["enrolled"] is True
    # Sign in again: the password, then the code step.
    page.evaluate("localStorage.clear()")
    page.goto("/")
    password_step(page, name)
    step = page.get_by_role("form", name="Two-factor sign-in")
    expect(step.get_by_label("Code")).to_be_focused()
    step.get_by_label("Code").fill("000000")
    step.get_by_role("button", name="Verify").click()
    expect(step.get_by_role("alert")).to_have_text(
        "That code is not right. Type the newest code the app shows."
    )
    step.get_by_label("Code").fill(code_of(secret, 1))  # the step after the one that confirmed it
    step.get_by_role("button", name="Verify").click()
    signed_in(page)
    # And with a recovery code.
    page.evaluate("localStorage.clear()")
    page.goto("/")
    password_step(page, name)
    page.get_by_role("button", name="Use a recovery code").click()
    page.get_by_label("Recovery code").fill(recovery[0])
    page.get_by_role("button", name="Verify").click()
    signed_in(page)
    page.goto("/#/settings")
    expect(page.get_by_text("9 recovery codes left")).to_be_visible()
    done(ctx, page)


def test_a_workspace_policy_holds_a_session_on_the_set_up_screen(browser, base, admin, shots):
    _, boss = new_user(base, admin, role="admin")
    secret = boss.call("POST", "/auth/2fa/enrol")["secret"]
    boss.call("POST", "/auth/2fa/confirm", json={"code": code_of(secret)})  # before requiring it
    name, _api = new_user(base, admin)
    boss.call("PUT", "/auth/2fa/policy", json={"policy": "everyone"})
    try:
        ctx, page = new_page(browser, base)
        password_step(page, name)
        expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
        expect(page.get_by_role("navigation", name="Main")).to_have_count(0)  # nothing else
        expect(page.get_by_role("img", name="QR code to scan with an authenticator app")).to_be_visible()
        page.screenshot(path=str(shots / "2fa-required-wide-light.png"))
        secret = page.locator("[data-secret]").text_content()
        page.get_by_label("Code from the app").fill(code_of(secret))
        page.get_by_role("button", name="Turn on").click()
        page.get_by_role("button", name="Done").click()
        signed_in(page)
        done(ctx, page)
    finally:
        boss.call("PUT", "/auth/2fa/policy", json={"policy": "off"})


def test_an_admin_sets_the_policy_and_resets_someones_second_factor(browser, base, admin):
    name, api = new_user(base, admin)
    secret = api.call("POST", "/auth/2fa/enrol")["secret"]
    api.call("POST", "/auth/2fa/confirm", json={"code": code_of(secret)})
    boss, _ = new_user(base, admin, role="admin")
    ctx, page = new_page(browser, base)
    password_step(page, boss)
    signed_in(page)
    page.get_by_role("link", name="Users").click()
    policy = page.get_by_label("Two-factor sign-in policy")
    expect(policy).to_have_value("off")
    policy.select_option("everyone")  # not before this admin has it: their own session would be held
    expect(page.get_by_text("Set up two-factor sign-in for yourself first (Settings)")).to_be_visible()
    expect(policy).to_have_value("off")
    page.get_by_role("button", name=f"Reset two-factor sign-in of {name}").click()
    page.get_by_role("dialog", name="Reset two-factor sign-in").get_by_role("button", name="Reset").click()
    expect(page.get_by_role("button", name=f"Reset two-factor sign-in of {name}")).to_have_count(0)
    assert api.call("GET", "/auth/2fa")["enrolled"] is False
    done(ctx, page)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", ["wide", "phone"])
def test_the_screens_fit_both_sizes_in_both_themes(browser, base, admin, shots, size, scheme):
    name, _api = new_user(base, admin, role="admin")  # an admin, for the Users page too
    other, other_api = new_user(base, admin)
    other_secret = other_api.call("POST", "/auth/2fa/enrol")["secret"]
    other_api.call("POST", "/auth/2fa/confirm", json={"code": code_of(other_secret)})
    width = SIZES[size]["width"]
    phone = {"is_mobile": True, "has_touch": True} if size == "phone" else {}
    ctx, page = new_page(browser, base, viewport=SIZES[size], color_scheme=scheme, **phone)

    def shot(what: str) -> None:
        assert page.evaluate("document.documentElement.scrollWidth") <= width, what
        page.screenshot(path=str(shots / f"2fa-{what}-{size}-{scheme}.png"))

    password_step(page, name)
    signed_in(page)
    page.goto("/#/settings")
    card = page.locator("section", has=page.get_by_role("heading", name="Two-factor authentication"))
    card.get_by_role("button", name="Set up two-factor sign-in").click()
    qr = card.get_by_role("img", name="QR code to scan with an authenticator app")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0"), "the QR code image loads"
    card.scroll_into_view_if_needed()
    shot("scan")
    secret = card.locator("[data-secret]").text_content()
    card.get_by_label("Code from the app").fill(code_of(secret))
    card.get_by_role("button", name="Turn on").click()
    expect(card.get_by_role("list", name="Recovery codes")).to_be_visible()
    card.scroll_into_view_if_needed()
    shot("codes")
    card.get_by_role("button", name="Done").click()
    page.goto("/#/users")
    expect(page.get_by_role("button", name=f"Reset two-factor sign-in of {other}")).to_be_visible()
    shot("users")
    page.evaluate("localStorage.clear()")
    page.goto("/")
    password_step(page, name)
    expect(page.get_by_role("form", name="Two-factor sign-in")).to_be_visible()
    shot("code-step")
    page.get_by_label("Code").fill(code_of(secret, 1))
    page.get_by_role("button", name="Verify").click()
    signed_in(page)
    done(ctx, page)
