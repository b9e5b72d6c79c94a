"""The timeline in a real browser: drag to create, move and resize entries, undo, the hours it opens
at, short entries kept readable, and the week as a list of days on a phone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.web.browser import Api, close, new_user, open_app

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = pytest.mark.slow

HOUR_PX = 44


def yesterday(hh: int, mm: int = 0) -> datetime:
    day = datetime.now(UTC).date() - timedelta(days=1)
    return datetime(day.year, day.month, day.day, hh, mm, tzinfo=UTC)


def iso(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def add(api: Api, notes: str, start: datetime, end: datetime) -> int:
    body = {"notes": notes, "start_time": iso(start), "end_time": iso(end)}
    return int(api.call("POST", "/time-entries", 201, json=body)["time_entry"]["id"])


def times(api: Api, entry_id: int) -> tuple[str, str]:
    entry = api.call("GET", f"/time-entries/{entry_id}")["time_entry"]
    return entry["start_time"][:16], entry["end_time"][:16]


def open_yesterday(browser: Any, base: str, api: Api, name: str, **context: Any) -> tuple[Any, Any]:
    """The app on yesterday's day view, in UTC (so pixels map to known times)."""
    api.call("PATCH", "/users/me", json={"timezone": "UTC"})
    api.call("PUT", "/settings", json={"settings": {"pc_view": "day"}})
    ctx, page = open_app(browser, base, name, **context)
    page.get_by_role("button", name="Previous period").click()
    expect(page.locator(".tl-col")).to_have_count(1)
    return ctx, page


def drag(page: Any, x: float, y: float, dy: float) -> None:
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 6):
        page.mouse.move(x, y + dy * step / 5)
    page.mouse.up()


def test_drag_an_entry_to_move_it_then_undo(browser, base, admin):
    name, api = new_user(base, admin)
    entry = add(api, "Standup", yesterday(9), yesterday(10))
    ctx, page = open_yesterday(browser, base, api, name)
    block = page.locator(f".tl-entry[data-id='{entry}']")
    box = block.bounding_box()
    drag(page, box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, HOUR_PX)
    toast = page.locator(".toast", has_text="Entry moved to 10:00\u201311:00.")
    expect(toast).to_be_visible()
    day = yesterday(0).strftime("%Y-%m-%d")
    assert times(api, entry) == (f"{day}T10:00", f"{day}T11:00")
    toast.get_by_role("button", name="Undo").click()
    expect(page.locator(".toast", has_text="Change undone.")).to_be_visible()
    assert times(api, entry) == (f"{day}T09:00", f"{day}T10:00")
    close(ctx, page)


def test_drag_an_edge_to_resize_and_empty_time_to_create(browser, base, admin):
    name, api = new_user(base, admin)
    entry = add(api, "Writing", yesterday(9), yesterday(10))
    ctx, page = open_yesterday(browser, base, api, name)
    day = yesterday(0).strftime("%Y-%m-%d")
    block = page.locator(f".tl-entry[data-id='{entry}']")
    block.hover()
    box = block.bounding_box()
    drag(page, box["x"] + box["width"] / 2, box["y"] + box["height"] - 2, HOUR_PX / 2)
    expect(page.locator(".toast", has_text="Entry now ends at 10:30.")).to_be_visible()
    assert times(api, entry) == (f"{day}T09:00", f"{day}T10:30")

    # Empty time from 13:00 down to 14:30: the editor opens with that span.
    col = page.locator(".tl-col").bounding_box()
    top = col["y"] + 13 * HOUR_PX
    drag(page, col["x"] + col["width"] / 2, top + 2, 1.5 * HOUR_PX)
    dialog = page.get_by_role("dialog", name="Add entry")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("Start")).to_have_value(f"{day}T13:00")
    expect(dialog.get_by_label("End")).to_have_value(f"{day}T14:30")
    dialog.get_by_label("Description").fill("Drawn on the timeline")
    dialog.get_by_role("button", name="Add").click()
    expect(page.locator(".tl-entry", has_text="Drawn on the timeline")).to_be_visible()
    made = [e for e in api.entries() if e["notes"] == "Drawn on the timeline"]
    assert [(e["start_time"][:16], e["end_time"][:16]) for e in made] == [(f"{day}T13:00", f"{day}T14:30")]
    close(ctx, page)


def test_a_click_still_opens_the_entry_and_the_dialogs_save_can_be_undone(browser, base, admin):
    name, api = new_user(base, admin)
    entry = add(api, "Planning", yesterday(9), yesterday(10))
    ctx, page = open_yesterday(browser, base, api, name)
    page.locator(f".tl-entry[data-id='{entry}']").click()
    dialog = page.get_by_role("dialog", name="Edit entry")
    dialog.get_by_label("Description").fill("Planning the release")
    dialog.get_by_role("button", name="Save").click()
    toast = page.locator(".toast", has_text="Entry saved.")
    toast.get_by_role("button", name="Undo").click()
    expect(page.locator(".toast", has_text="Change undone.")).to_be_visible()
    assert api.call("GET", f"/time-entries/{entry}")["time_entry"]["notes"] == "Planning"
    close(ctx, page)


def test_the_day_opens_at_the_working_day_and_short_entries_stay_readable(browser, base, admin):
    name, api = new_user(base, admin)
    add(api, "Early mail", yesterday(5, 10), yesterday(5, 40))
    short = add(api, "Quick call", yesterday(9), yesterday(9, 2))
    after = add(api, "Review", yesterday(9, 2), yesterday(10))
    ctx, page = open_yesterday(browser, base, api, name)
    body = page.locator(".tl-body")
    # 08:00 less half an hour, not the 05:10 entry.
    expect(body).to_have_js_property("scrollTop", int(7.5 * HOUR_PX))
    one = page.locator(f".tl-entry[data-id='{short}']").bounding_box()
    two = page.locator(f".tl-entry[data-id='{after}']").bounding_box()
    assert one["height"] >= 20
    # Nothing covers an entry's text (its resize grips are invisible until hovered).
    covered = """(e) => { const t = e.querySelector('.tl-text').getBoundingClientRect();
      return document.elementFromPoint(t.left + 8, t.top + t.height / 2).className; }"""
    assert page.locator(f".tl-entry[data-id='{after}']").evaluate(covered) == "tl-text"
    overlap_x = min(one["x"] + one["width"], two["x"] + two["width"]) - max(one["x"], two["x"])
    overlap_y = min(one["y"] + one["height"], two["y"] + two["height"]) - max(one["y"], two["y"])
    assert overlap_x <= 0 or overlap_y <= 0, "the short entry covers the next one"

    page.get_by_role("link", name="Settings").click()
    page.get_by_label("Day starts at").fill("06:00")
    page.get_by_label("Day starts at").dispatch_event("change")
    page.get_by_role("link", name="Track").click()
    page.get_by_role("button", name="Previous period").click()
    expect(page.locator(".tl-body")).to_have_js_property("scrollTop", int(5.5 * HOUR_PX))
    close(ctx, page)


def test_a_phone_shows_the_week_as_a_list_of_days(browser, base, admin):
    name, api = new_user(base, admin)
    add(api, "Phone work", yesterday(9), yesterday(11))
    # The week begins three days ago, so yesterday is in the week the app opens on.
    began = (datetime.now(UTC) - timedelta(days=3)).weekday()
    api.call("PATCH", "/users/me", json={"timezone": "UTC", "week_start": began})
    ctx, page = open_app(browser, base, name, viewport={"width": 360, "height": 740}, has_touch=True)
    page.get_by_role("button", name="Week").click()  # a phone opens on the day
    days = page.get_by_role("list", name="Days of the week").get_by_role("listitem")
    expect(days).to_have_count(7)
    page.screenshot(path="/tmp/phone-week.png")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    row = days.get_by_role("button", name="1 entry")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("2:00")
    row.click()
    expect(page.locator(".tl-col")).to_have_count(1)
    expect(page.locator(".tl-entry", has_text="Phone work")).to_be_visible()
    close(ctx, page)
