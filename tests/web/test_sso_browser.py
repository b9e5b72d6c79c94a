"""Single sign-on end to end in headless Chromium: a real `punchclock serve`, under the path prefix
/time/ of a prefix-stripping reverse proxy, signing in at a real OpenID Connect provider
(tests/sso/provider) from Punchclock's own sign-in page, and signing out there again."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_serve import free_port
from tests.sso.provider import CLIENT_ID, CLIENT_SECRET, PASSWORD, Provider
from tests.web.browser import ADMIN_PASSWORD, WATCH_CSP, serving
from tests.web.prefixproxy import PrefixProxy

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = pytest.mark.slow
# Set PUNCHCLOCK_TEST_SHOTS to a folder to keep the sign-in page's screenshots, to look at them.
SHOTS = os.environ.get("PUNCHCLOCK_TEST_SHOTS")


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    root = tmp_path_factory.mktemp("sso-e2e")
    port = free_port()
    with PrefixProxy(f"http://127.0.0.1:{port}", "/time") as proxy:
        provider = Provider(
            [f"{proxy.url}/api/v1/auth/oidc/callback"], [f"{proxy.url}/"], root / "provider.log"
        ).start()
        env = {
            "PUNCHCLOCK_PUBLIC_URL": proxy.url,
            "PUNCHCLOCK_OIDC_ISSUER": provider.issuer,
            "PUNCHCLOCK_OIDC_CLIENT_ID": CLIENT_ID,
            "PUNCHCLOCK_OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "PUNCHCLOCK_OIDC_SCOPES": "openid email profile groups",
            "PUNCHCLOCK_OIDC_CREATE_USERS": "true",
            "PUNCHCLOCK_OIDC_ROLE_CLAIM": "groups",
            "PUNCHCLOCK_OIDC_ADMIN_GROUPS": "pc-admins",
            "PUNCHCLOCK_OIDC_BUTTON_LABEL": "Example ID",
            "PUNCHCLOCK_PASSWORD_SIGNIN": "false",
            "PUNCHCLOCK_PASSWORD_SIGNIN_ADMIN": "admin",
        }
        try:
            with serving(root, env, port):
                yield {"base": f"{proxy.url}/", "provider": provider, "proxy": proxy}
        finally:
            provider.stop()


def open_page(browser: Any, **context: Any) -> tuple[Any, Any]:
    ctx = browser.new_context(**context)
    ctx.add_init_script(WATCH_CSP)
    page = ctx.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    return ctx, page


def sign_in_at_provider(page: Any, username: str) -> None:
    page.get_by_role("button", name="Sign in with Example ID").click()
    page.wait_for_url(re.compile(r"http://127\.0\.0\.1:\d+/interaction/"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()


def test_sign_in_with_the_provider_and_out_again_under_a_prefix(browser, stack):
    ctx, page = open_page(browser)
    page.goto(stack["base"])
    expect(page.get_by_role("button", name="Sign in with Example ID")).to_be_visible()
    expect(page.get_by_label("Password")).to_be_hidden()  # password sign-in is off
    sign_in_at_provider(page, "boss")
    expect(page.locator("main#main .timer")).to_be_visible()
    assert page.url == stack["base"], "the one-time code is gone from the address"
    expect(page.locator(".who")).to_have_text("Big Boss")
    expect(page.get_by_role("link", name="Users")).to_be_visible()  # pc-admins: an administrator
    # Everything went through the prefix: the page, its assets and the API.
    seen = stack["proxy"].requests
    assert any(r.startswith("GET /time/assets/") for r in seen)
    assert any(r.startswith("POST /time/api/v1/auth/oidc/handoff") for r in seen)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(re.escape(stack["provider"].issuer) + r"/session/end"))
    page.get_by_role("button", name=re.compile("Yes, sign me out", re.I)).click()
    page.wait_for_url(stack["base"])
    expect(page.get_by_role("button", name="Sign in with Example ID")).to_be_visible()
    assert page.evaluate("window.__csp") == []
    assert page.errors == []
    ctx.close()


def test_a_refused_sign_in_comes_back_as_a_message(browser, stack):
    ctx, page = open_page(browser)
    page.goto(stack["base"])
    stack["provider"].tamper({"nonce": "someone-elses"})
    sign_in_at_provider(page, "alice")
    expect(page.get_by_role("alert")).to_have_text("Single sign-on did not complete. Please try again.")
    assert "#" not in page.url
    assert page.errors == []
    ctx.close()


def test_the_break_glass_administrator_signs_in_with_a_password(browser, stack):
    ctx, page = open_page(browser)
    page.goto(stack["base"])
    page.get_by_role("button", name="Administrator sign-in").click()
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.locator("main#main .timer")).to_be_visible()
    assert page.errors == []
    ctx.close()


@pytest.mark.parametrize("width", [360, 1366])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_sign_in_page_with_single_sign_on(browser, stack, width, scheme):
    ctx, page = open_page(browser, viewport={"width": width, "height": 760}, color_scheme=scheme)
    page.goto(stack["base"])
    page.get_by_role("button", name="Administrator sign-in").wait_for()
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"sso-login-{width}-{scheme}.png"), full_page=True)
    box = page.get_by_role("button", name="Sign in with Example ID").bounding_box()
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= width
    ctx.close()
