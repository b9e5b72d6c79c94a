"""Lists outside the Track page keep what they showed when a reload is refused or fails, say so
once, and load again by themselves (js/keep.js)."""

from __future__ import annotations

import pytest

from tests.web.browser import close, new_user, open_app

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = pytest.mark.slow


def test_a_refused_reload_keeps_the_users_on_screen_and_retries(browser, base, admin):
    name, _api = new_user(base, admin, role="admin")
    listed, _ = new_user(base, admin)
    ctx, page = open_app(browser, base, name)
    page.get_by_role("link", name="Users").click()
    table = page.locator(".table-wrap")
    expect(table).to_contain_text(listed)
    refused = {"code": "rate_limited", "message": "Rate limit exceeded"}

    def slow_down(route):
        if route.request.method == "GET":
            route.fulfill(status=429, json=refused, headers={"Retry-After": "2"})
        else:
            route.continue_()

    page.route("**/api/v1/users?*", slow_down)
    # Creating a user reloads the list: the reload is refused, the list stays, marked as a copy.
    page.get_by_role("button", name="New user").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Username").fill(f"{listed}b")
    dialog.get_by_label("Password").fill("a-long-password")
    dialog.get_by_role("button", name="Create").click()
    notice = table.get_by_role("status")
    expect(notice).to_contain_text("Showing the copy from")
    expect(notice).to_contain_text("the server asked to slow down. Trying again in 2 s")
    expect(table).to_contain_text(listed)
    page.unroute("**/api/v1/users?*")
    expect(table).to_contain_text(f"{listed}b")
    expect(notice).to_have_count(0)
    close(ctx, page)


def test_a_first_load_that_fails_says_so_instead_of_an_empty_list(browser, base, admin):
    name, _api = new_user(base, admin)
    ctx, page = open_app(browser, base, name)
    down = {"code": "unavailable"}
    page.route("**/api/v1/auth/sessions", lambda route: route.fulfill(status=503, json=down))
    page.get_by_role("link", name="Settings").click()
    card = page.get_by_role("region", name="Sessions and devices")
    said = "Sessions could not be loaded: the server had a problem (HTTP 503)"
    expect(card.get_by_role("status")).to_contain_text(said)
    page.unroute("**/api/v1/auth/sessions")
    expect(card).to_contain_text("This browser", timeout=10000)
    close(ctx, page)
