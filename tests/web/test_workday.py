"""The workday card in the timer bar, in real headless Chromium against a real `punchclock serve`:
hidden while the workspace's attendance switch is off; on, a member starts the day, takes a break,
ends it and the day, and the card, the timer bar and the entries agree (a workday is the timer).

Screenshots at 1366 and 360 px, light and dark, go to $PUNCHCLOCK_SHOTS (default: a temporary
folder)."""

from __future__ import annotations

import re
import time

import pytest

from tests.web.browser import close, new_user, open_app

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = pytest.mark.slow

SIZES = {"wide": {"width": 1366, "height": 768}, "phone": {"width": 360, "height": 740}}


def switch(admin, on: bool) -> None:
    assert admin.call("PUT", "/worktime/settings", json={"attendance": on})["attendance"] is on


def test_the_card_is_not_there_while_attendance_is_off(browser, base, admin):
    switch(admin, False)
    name, _ = new_user(base, admin)
    ctx, page = open_app(browser, base, name)
    expect(page.locator(".timer .timer-row")).to_be_visible()
    expect(page.get_by_role("group", name="Workday")).to_be_hidden()
    close(ctx, page)


def test_start_break_and_end_the_day_from_the_card(browser, base, admin):
    switch(admin, True)
    name, api = new_user(base, admin)
    ctx, page = open_app(browser, base, name)
    card = page.get_by_role("group", name="Workday")
    expect(card).to_contain_text("Not clocked in")
    card.get_by_role("button", name="Start day").click()
    expect(card).to_contain_text(re.compile(r"At work since \d\d:\d\d"))
    # The workday is the timer: the timer bar runs it, and the server has it as a workday entry.
    expect(page.get_by_role("button", name="Stop timer")).to_be_visible()
    expect(page.locator(".timer .timer-notes")).to_have_text("Workday")
    assert api.timer()["timer"]["source"] == "workday"
    worked = card.locator(".wd-num").first
    first = worked.text_content()
    expect(worked).not_to_have_text(first or "", timeout=5000)  # it ticks like the timer

    card.get_by_role("button", name="Break").click()
    expect(card).to_contain_text(re.compile(r"On a break since \d\d:\d\d"))
    expect(page.locator(".timer .badge.paused")).to_be_visible()  # the timer bar shows it paused
    time.sleep(1.2)
    card.get_by_role("button", name="End break").click()
    expect(card).to_contain_text("At work since")
    expect(page.locator(".timer .badge.paused")).to_have_count(0)

    card.get_by_role("button", name="End day").click()
    expect(card).to_contain_text("Not clocked in")
    expect(page.get_by_role("button", name="Start timer")).to_be_visible()
    [entry] = api.entries()
    assert entry["source"] == "workday"
    assert entry["end_time"] is not None
    assert entry["break_seconds"] >= 1
    close(ctx, page)


def test_a_timer_started_in_the_timer_bar_shows_in_the_card(browser, base, admin):
    switch(admin, True)
    name, _ = new_user(base, admin)
    ctx, page = open_app(browser, base, name)
    card = page.get_by_role("group", name="Workday")
    expect(card).to_contain_text("Not clocked in")
    page.get_by_label("Description").fill("Reading mail")
    page.get_by_role("button", name="Start timer").click()
    expect(card).to_contain_text("At work since")
    page.get_by_role("button", name="Stop timer").click()
    expect(card).to_contain_text("Not clocked in")
    close(ctx, page)


def test_the_card_in_four_looks(browser, base, admin, shots):
    switch(admin, True)
    name, api = new_user(base, admin)
    api.call("POST", "/workday/start", json={"source": "web"})
    for size, viewport in SIZES.items():
        for scheme in ("light", "dark"):
            ctx, page = open_app(browser, base, name, viewport=viewport, color_scheme=scheme)
            card = page.get_by_role("group", name="Workday")
            expect(card).to_contain_text("At work since")
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
            page.mouse.move(0, 0)
            page.screenshot(path=str(shots / f"workday-{size}-{scheme}.png"))
            close(ctx, page)
    api.call("POST", "/workday/end", json={})
