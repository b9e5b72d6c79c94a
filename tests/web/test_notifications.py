"""The bell and Settings → Reminders: a member turns a reminder on, the background job makes and
delivers it, the bell's count goes up live (the reminder event over the WebSocket), the list opens,
and opening the reminder marks it read and leads to its place. Screenshots at 1366 and 360 px, light
and dark, go to $PUNCHCLOCK_SHOTS (default: a temporary folder) to be looked at.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.web.browser import close, new_user, open_app, serving

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = pytest.mark.slow

SIZES = {"wide": {"width": 1366, "height": 860}, "phone": {"width": 360, "height": 740}}
EVERY_DAY = {"valid_from": "2020-01-06", "weekday_seconds": [28800] * 7}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    # Jobs every second, so a reminder turned on is made and delivered while the test watches.
    with serving(tmp_path_factory.mktemp("web-reminders"), {"PUNCHCLOCK_JOBS_POLL_SECONDS": "1"}) as url:
        yield url


def _turn_on_nothing_tracked(page):
    page.goto(page.url.split("#")[0] + "#/settings")
    card = page.get_by_role("region", name="Reminders")
    expect(card.get_by_role("button", name="Save reminders")).to_be_enabled()
    card.get_by_label("Nothing tracked on a working day by: on").check()
    card.get_by_label("Time of day").fill("00:00")
    card.get_by_role("button", name="Save reminders").click()
    expect(page.get_by_text("Reminders saved.")).to_be_visible()
    return card


def test_a_reminder_turned_on_rings_the_bell_live_and_opens_its_place(browser, base, admin, shots):
    name, api = new_user(base, admin)
    admin.call("POST", "/work-models", 201, params={"user_id": api.user["id"]}, json=EVERY_DAY)
    ctx, page = open_app(browser, base, name)
    bell = page.locator("button.bell")
    expect(bell).to_have_attribute("aria-label", "Notifications")
    _turn_on_nothing_tracked(page)
    assert api.call("GET", "/reminder-settings")["nothing_by_minute"] == 0
    # The job (every second) makes the reminder and delivers it; the event brings the count.
    expect(bell).to_have_attribute("aria-label", "Notifications, 1 unread")
    expect(bell.locator(".bell-count")).to_have_text("1")
    bell.click()
    dialog = page.get_by_role("dialog", name="Notifications")
    item = dialog.get_by_role("button", name="Unread: Nothing tracked on")
    expect(item).to_contain_text("no time is tracked yet")
    item.click()
    expect(dialog).to_be_hidden()
    expect(bell).to_have_attribute("aria-label", "Notifications")
    assert page.evaluate("location.hash") == "#/"
    listed = api.call("GET", "/notifications")
    assert listed["unread"] == 0
    assert listed["items"][0]["read_at"] is not None
    # Opened again, the list shows it read; "Mark all read" has nothing left to do.
    bell.click()
    expect(dialog.get_by_role("button", name="Nothing tracked on")).to_be_visible()
    expect(dialog.get_by_role("button", name="Mark all read")).to_be_disabled()
    close(ctx, page)


def test_mark_all_read_and_the_pictures(browser, base, admin, shots):
    name, api = new_user(base, admin)
    admin.call("POST", "/work-models", 201, params={"user_id": api.user["id"]}, json=EVERY_DAY)
    api.call(
        "PUT", "/reminder-settings", json={"nothing_by_minute": 0, "long_timer_hours": 1, "by_email": True}
    )
    ctx, page = open_app(browser, base, name)
    bell = page.locator("button.bell")
    expect(bell).to_have_attribute("aria-label", "Notifications, 1 unread")
    close(ctx, page)
    for size, viewport in SIZES.items():
        for scheme in ("light", "dark"):
            ctx, page = open_app(browser, base, name, viewport=viewport, color_scheme=scheme)
            page.goto(f"{base}/#/settings")
            card = page.get_by_role("region", name="Reminders")
            expect(card.get_by_label("A timer runs longer than (hours): on")).to_be_checked()
            expect(card.get_by_label("Hours", exact=True)).to_have_value("1")
            expect(card.get_by_label("By e-mail")).to_be_checked()
            expect(card).to_contain_text("Add an e-mail address under Profile")
            card.scroll_into_view_if_needed()
            card.screenshot(path=str(shots / f"reminders-settings-{size}-{scheme}.png"))
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
            page.locator("button.bell").click()
            dialog = page.get_by_role("dialog", name="Notifications")
            expect(dialog.get_by_role("button", name="Unread: Nothing tracked on")).to_be_visible()
            page.screenshot(path=str(shots / f"notifications-{size}-{scheme}.png"))
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
            close(ctx, page)
    ctx, page = open_app(browser, base, name)
    page.locator("button.bell").click()
    dialog = page.get_by_role("dialog", name="Notifications")
    dialog.get_by_role("button", name="Mark all read").click()
    expect(dialog.get_by_role("button", name="Mark all read")).to_be_disabled()
    expect(page.locator("button.bell")).to_have_attribute("aria-label", "Notifications")
    assert api.call("GET", "/notifications")["unread"] == 0
    close(ctx, page)
