"""The workspace's overlap rule in real headless Chromium against a real `punchclock serve`: an admin
picks it in Settings → Workspace; under "forbid" a save from the entry dialog or a drag on the
timeline that would overlap another entry is refused in words naming that entry, and nothing changes;
under "warn" the saved entry says what it overlaps.

The rule is the workspace's: every test here sets the one it needs first. Set
PUNCHCLOCK_SCREENSHOTS=<folder> to keep a screenshot of the setting and of a refusal."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.web.browser import Api, close, new_user, open_app
from tests.web.test_timeline import HOUR_PX, add, drag, open_yesterday, times, yesterday

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = pytest.mark.slow

DAY = yesterday(0).strftime("%Y-%m-%d")
SHOTS = os.environ.get("PUNCHCLOCK_SCREENSHOTS")
REFUSED = 'Not saved: it would overlap "Standup" (yesterday 09:00\u201310:00)'


def shot(page: Any, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"))


def rule(admin: Api, value: str) -> None:
    assert admin.call("PUT", "/signoff", json={"overlap_rule": value})["overlap_rule"] == value


@contextmanager
def under(admin: Api, value: str) -> Iterator[None]:
    """The workspace under the rule ``value`` for a while, then back to the default."""
    rule(admin, value)
    try:
        yield
    finally:
        rule(admin, "allow")


def drag_up(page: Any, block: Any) -> dict[str, float]:
    """Drag an entry 1.5 hours earlier (from 11:00 onto the 09:00-10:00 standup); its box before."""
    expect(block).to_be_visible()
    box = None
    for _ in range(100):  # the timeline may redraw (a change heard live) between two looks: look again
        box = block.bounding_box()
        if box is not None:
            break
        time.sleep(0.05)
    assert box is not None
    drag(page, box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, -1.5 * HOUR_PX)
    return dict(box)


def two_entries(base: str, admin: Api) -> tuple[str, Api, int]:
    """A member with "Standup" 09:00-10:00 and "Writing" 11:00-12:00 yesterday; the second's id."""
    name, api = new_user(base, admin)
    add(api, "Standup", yesterday(9), yesterday(10))
    return name, api, add(api, "Writing", yesterday(11), yesterday(12))


def test_an_admin_sets_the_rule_in_settings(browser, base, admin):
    rule(admin, "allow")
    boss, _ = new_user(base, admin, "admin")
    ctx, page = open_app(browser, base, boss)
    page.get_by_role("link", name="Settings").click()
    pick = page.get_by_label("Overlapping entries")
    expect(pick).to_have_value("allow")
    help_lines = page.locator(".rule-help li")
    expect(help_lines).to_have_count(3)
    expect(page.locator(".rule-help li.chosen")).to_contain_text("Allow:")
    pick.select_option("forbid")
    expect(page.locator(".toast", has_text="Overlapping entries: forbid.")).to_be_visible()
    expect(page.locator(".rule-help li.chosen")).to_contain_text("is refused")
    page.locator("#overlap-rule").scroll_into_view_if_needed()
    shot(page, "overlap-rule-setting")
    assert admin.call("GET", "/signoff")["overlap_rule"] == "forbid"
    page.reload()
    expect(page.get_by_label("Overlapping entries")).to_have_value("forbid")
    page.get_by_label("Overlapping entries").select_option("allow")
    expect(page.locator(".toast", has_text="Overlapping entries: allow.")).to_be_visible()
    assert admin.call("GET", "/signoff")["overlap_rule"] == "allow"
    close(ctx, page)


def test_forbid_refuses_a_dialog_save_and_a_drag_and_nothing_changes(browser, base, admin):
    with under(admin, "forbid"):
        name, api, second = two_entries(base, admin)
        ctx, page = open_yesterday(browser, base, api, name)

        # The dialog knows the rule: it says so first; a save anyway is refused by the server.
        page.locator(f".tl-entry[data-id='{second}']").click()
        dialog = page.get_by_role("dialog", name="Edit entry")
        dialog.get_by_label("Start").fill(f"{DAY}T09:30")
        dialog.get_by_role("button", name="Save").click()
        error = dialog.locator(".form-error")
        expect(error).to_contain_text("not allowed in this workspace: change the times")
        expect(dialog.get_by_role("button", name="Save")).to_be_visible()  # not "Save anyway"
        dialog.get_by_role("button", name="Save").click()
        expect(error).to_contain_text(REFUSED)
        shot(page, "overlap-refused-dialog")
        assert times(api, second) == (f"{DAY}T11:00", f"{DAY}T12:00")
        dialog.get_by_role("button", name="Cancel").click()
        page.get_by_role("dialog", name="Discard changes?").get_by_role("button", name="Discard").click()

        # A drag onto the standup: the server's words in a toast, the entry back where it was.
        block = page.locator(f".tl-entry[data-id='{second}']")
        before = drag_up(page, block)
        expect(page.locator(".toast.error", has_text=REFUSED)).to_be_visible()
        shot(page, "overlap-refused-drag")
        expect(block).not_to_have_class(re.compile("dragging"))
        assert block.evaluate("(e) => e.style.transform") == ""
        assert block.bounding_box() == before
        assert times(api, second) == (f"{DAY}T11:00", f"{DAY}T12:00")
        expect(page.locator(".toast", has_text="Entry moved")).to_have_count(0)
        close(ctx, page)


def test_forbid_names_an_entry_made_elsewhere_and_the_timeline_shows_it(browser, base, admin):
    with under(admin, "forbid"):
        name, api = new_user(base, admin)
        second = add(api, "Writing", yesterday(11), yesterday(12))
        ctx, page = open_yesterday(browser, base, api, name)
        first = add(api, "Standup", yesterday(9), yesterday(10))  # on another device, after the page loaded
        drag_up(page, page.locator(f".tl-entry[data-id='{second}']"))
        expect(page.locator(".toast.error", has_text=REFUSED)).to_be_visible()
        expect(page.locator(f".tl-entry[data-id='{first}']")).to_be_visible()
        assert times(api, second) == (f"{DAY}T11:00", f"{DAY}T12:00")
        close(ctx, page)


def test_warn_saves_and_says_what_the_entry_overlaps(browser, base, admin):
    with under(admin, "warn"):
        name, api, _ = two_entries(base, admin)
        ctx, page = open_yesterday(browser, base, api, name)
        page.get_by_role("button", name="Add a finished entry").click()
        dialog = page.get_by_role("dialog", name="Add entry")
        dialog.get_by_label("Description").fill("Call")
        dialog.get_by_label("Start").fill(f"{DAY}T09:30")
        dialog.get_by_label("End").fill(f"{DAY}T10:30")
        dialog.get_by_role("button", name="Add").click()
        expect(dialog.locator(".form-error")).to_contain_text("Save again to keep both")
        dialog.get_by_role("button", name="Save anyway").click()
        expect(page.locator(".toast", has_text='Entry added. It overlaps "Standup".')).to_be_visible()
        call = [e for e in api.entries() if e["notes"] == "Call"]
        assert len(call) == 1
        expect(page.locator(f".tl-entry[data-id='{call[0]['id']}']")).to_have_class(re.compile("overlap"))
        close(ctx, page)
