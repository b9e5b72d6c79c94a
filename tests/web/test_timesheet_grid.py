"""The Timesheet page in real headless Chromium against a real `punchclock serve`: hours typed into
the weekly grid become entries of that length, shrink and clear them, refuse the future, survive a
failed save or load, and fit a phone without sideways scrolling.

Every test signs in as a new user whose week begins three days ago (their week_start), so the grid's
first three days are over whenever the test runs, the fourth is today and the last three are to come.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.web.browser import close, new_user, open_app

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = pytest.mark.slow

PAST, TODAY, FUTURE = 1, 3, 4  # columns of the grid: two days ago, today, tomorrow


def day(column: int) -> str:
    """The date (UTC, the users' zone) of a column of the grid."""
    return (datetime.now(UTC) + timedelta(days=column - TODAY)).date().isoformat()


def member(base: str, admin: Any) -> tuple[str, Any, int]:
    """A new member whose week began three days ago, and a project to track on."""
    name, api = new_user(base, admin)
    api.call("PATCH", "/users/me", json={"week_start": (datetime.now(UTC) - timedelta(days=3)).weekday()})
    found = admin.call("GET", "/projects", params={"per_page": 100})["projects"]
    project = next((p["id"] for p in found if p["name"] == "Website"), None)
    if project is None:
        project = admin.call("POST", "/projects", 201, json={"name": "Website"})["project"]["id"]
    return name, api, project


def open_sheet(browser: Any, base: str, username: str, **context: Any) -> tuple[Any, Any]:
    ctx, page = open_app(browser, base, username, **context)
    page.get_by_role("link", name="Timesheet").click()
    expect(page.locator("table.ts")).to_be_visible()
    return ctx, page


def an_hour_tracked(browser: Any, base: str, admin: Any, **context: Any) -> tuple[Any, Any, Any, int]:
    """A member with an hour on the project two days ago (09:00-10:00), their Timesheet open."""
    name, api, project = member(base, admin)
    track(api, project, "09:00", "10:00")
    ctx, page = open_sheet(browser, base, name, **context)
    return ctx, page, api, project


def cell(page: Any, column: int, project: int | None) -> Any:
    """The input of a column in the row of ``project`` (no task; None: the row of no project)."""
    return page.locator(f"tr[data-row='{project or ''}/'] input.ts-cell[data-date='{day(column)}']")


def entries(api: Any) -> list[dict[str, Any]]:
    return [e for e in api.entries() if e["end_time"]]


def week_total(api: Any) -> int:
    sheet = api.call("GET", "/reports/timesheet", params={"week": day(TODAY)})["timesheet"]
    return int(sheet["totals"]["seconds"])


def track(api: Any, project: int | None, start: str, end: str) -> dict[str, Any]:
    """An entry two days ago (the PAST column) from ``start`` to ``end`` (HH:MM, UTC)."""
    on = day(PAST)
    body = {"project_id": project, "start_time": f"{on}T{start}:00Z", "end_time": f"{on}T{end}:00Z"}
    return dict(api.call("POST", "/time-entries", 201, json=body)["time_entry"])


def test_typing_hours_into_an_empty_cell_creates_one_entry_of_that_length(browser, base, admin):
    name, api, project = member(base, admin)
    track(api, None, "08:00", "08:30")
    ctx, page = open_sheet(browser, base, name)
    expect(page.locator(".ts-week-total")).to_have_text("0:30 this week")
    page.get_by_role("button", name="Add row").click()
    page.locator("dialog").get_by_label("Project").select_option(label="Website")
    page.locator("dialog").get_by_role("button", name="Add row").click()
    target = cell(page, PAST, project)
    target.click()
    target.fill("1:30")
    target.press("Enter")
    expect(page.locator(".toast").filter(has_text="1:30 on")).to_be_visible()
    expect(target).to_have_value("1:30")
    [made] = [e for e in entries(api) if e["project_id"] == project]
    assert made["duration_seconds"] == 5400
    # After the day's last entry (08:30), not over it.
    assert (made["start_time"], made["end_time"]) == (f"{day(PAST)}T08:30:00Z", f"{day(PAST)}T10:00:00Z")
    assert week_total(api) == 2 * 3600
    expect(page.locator(".ts-week-total")).to_have_text("2:00 this week")
    expect(page.locator(f"tr[data-row='{project}/'] td.ts-total")).to_have_text("1:30")
    # Other forms, saved when leaving the cell: "1,5" on the next day is another 1:30.
    nxt = cell(page, PAST + 1, project)
    target.focus()
    page.keyboard.press("ArrowRight")
    expect(nxt).to_be_focused()
    page.keyboard.type("1,5")
    page.keyboard.press("Tab")
    expect(nxt).to_have_value("1:30")
    expect(page.locator(".ts-week-total")).to_have_text("3:30 this week")
    assert week_total(api) == int(3.5 * 3600)
    close(ctx, page)


def test_shrinking_shortens_the_latest_entry_and_zero_clears_after_asking_with_undo(browser, base, admin):
    name, api, project = member(base, admin)
    first, second = track(api, project, "09:00", "10:00"), track(api, project, "11:00", "12:00")
    ctx, page = open_sheet(browser, base, name)
    target = cell(page, PAST, project)
    expect(target).to_have_value("2:00")
    target.fill("90m")
    target.press("Enter")
    expect(target).to_have_value("1:30")
    expect(page.locator(".ts-week-total")).to_have_text("1:30 this week")
    spans = [(e["id"], e["end_time"][11:16]) for e in entries(api)]
    assert spans == [(first["id"], "10:00"), (second["id"], "11:30")]
    # 0 asks first; cancelling keeps everything.
    target.fill("0")
    target.press("Enter")
    page.get_by_role("button", name="Cancel").click()
    expect(target).to_have_value("1:30")
    assert len(entries(api)) == 2
    target.fill("")
    target.press("Enter")
    page.locator("dialog").get_by_role("button", name="Clear").click()
    expect(page.locator(".ts-week-total")).to_have_text("0:00 this week")
    expect(target).to_have_value("")
    assert entries(api) == []
    assert week_total(api) == 0
    # Undo brings both entries back as themselves.
    page.locator(".toast").filter(has_text="Cleared").get_by_role("button", name="Undo").click()
    expect(target).to_have_value("1:30")
    expect(page.locator(".ts-week-total")).to_have_text("1:30 this week")
    for _ in range(100):  # the cell shows the undo at once; the server has it a moment later
        if [e["id"] for e in entries(api)] == [first["id"], second["id"]]:
            break
        time.sleep(0.1)
    assert [e["id"] for e in entries(api)] == [first["id"], second["id"]]
    close(ctx, page)


def test_time_in_the_future_is_refused_in_the_cell_and_esc_drops_it(browser, base, admin):
    name, api, project = member(base, admin)
    ctx, page = open_sheet(browser, base, name)
    page.get_by_role("button", name="Add row").click()
    page.locator("dialog").get_by_label("Project").select_option(label="Website")
    page.locator("dialog").get_by_role("button", name="Add row").click()
    target = cell(page, FUTURE, project)
    target.fill("2h")
    target.press("Enter")
    expect(target).to_have_attribute("aria-invalid", "true")
    expect(target).to_have_value("2h")  # kept, not silently dropped
    expect(page.locator(".ts-msg")).to_contain_text("not come yet")
    assert entries(api) == []
    # Not a duration at all: said so, nothing sent.
    other = cell(page, PAST, project)
    other.fill("lots")
    other.press("Enter")
    expect(page.locator(".ts-msg")).to_contain_text('"lots" is not a duration')
    other.press("Escape")
    expect(other).to_have_value("")
    expect(other).not_to_have_attribute("aria-invalid", "true")
    target.focus()
    target.press("Escape")
    expect(target).to_have_value("")
    expect(page.locator(".ts-msg")).to_be_hidden()
    assert entries(api) == []
    close(ctx, page)


def test_a_failed_save_keeps_the_typed_value_and_a_failed_load_keeps_the_week_stale(browser, base, admin):
    ctx, page, api, project = an_hour_tracked(browser, base, admin)
    target = cell(page, PAST, project)
    expect(target).to_have_value("1:00")
    page.route("**/api/v1/timesheet/cells", lambda route: route.abort())
    target.fill("3")
    target.press("Enter")
    expect(target).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".ts-msg")).to_contain_text("Not saved")
    expect(target).to_have_value("3")
    page.unroute("**/api/v1/timesheet/cells")
    page.locator(".ts-msg").get_by_role("button", name="Try again").click()
    expect(target).to_have_value("3:00")
    expect(target).not_to_have_attribute("aria-invalid", "true")
    assert week_total(api) == 3 * 3600
    # Reads refused: the week shown stays, marked as a copy; an unseen week is "not loaded", not empty.
    down = {"error": "Unavailable", "message": "down", "code": "unavailable"}
    page.route("**/api/v1/reports/timesheet*", lambda route: route.fulfill(status=503, json=down))
    page.get_by_role("button", name="Next week").click()
    expect(page.locator(".stale-notice")).to_contain_text("This week could not be loaded")
    expect(page.locator("table.ts")).to_have_count(0)
    page.get_by_role("button", name="Previous week").click()
    expect(page.locator(".stale-notice")).to_contain_text("Showing the copy from")
    expect(cell(page, PAST, project)).to_have_value("3:00")
    page.unroute("**/api/v1/reports/timesheet*")
    close(ctx, page)


def test_on_a_phone_one_day_shows_and_the_page_never_scrolls_sideways(browser, base, admin):
    phone = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
    ctx, page, api, project = an_hour_tracked(browser, base, admin, **phone)
    widths = "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    scroll_width, client_width = page.evaluate(widths)
    assert scroll_width == client_width == 360
    # Today shows; the other days are a tap away.
    expect(cell(page, TODAY, project)).to_be_visible()
    expect(cell(page, PAST, project)).to_be_hidden()
    picker = page.locator(".ts-days button").nth(PAST)
    picker.click()
    expect(picker).to_have_attribute("aria-pressed", "true")
    target = cell(page, PAST, project)
    expect(target).to_have_value("1:00")
    target.fill("2:15")
    target.press("Enter")
    expect(picker).to_contain_text("2:15")
    assert week_total(api) == 2 * 3600 + 900
    scroll_width, client_width = page.evaluate(widths)
    assert scroll_width == client_width == 360
    close(ctx, page)


def test_arrow_keys_move_between_cells_and_rows(browser, base, admin):
    name, api, project = member(base, admin)
    track(api, None, "07:00", "07:30")
    track(api, project, "09:00", "10:00")
    ctx, page = open_sheet(browser, base, name)
    rows = page.locator("tbody th.ts-name")
    expect(rows).to_have_text([re.compile("No project"), re.compile("Website")])
    start = cell(page, PAST, None)
    start.focus()
    page.keyboard.press("ArrowDown")
    expect(cell(page, PAST, project)).to_be_focused()
    page.keyboard.press("ArrowLeft")
    expect(cell(page, PAST - 1, project)).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(page.locator(f"input.ts-cell[data-date='{day(6)}']").first).to_be_focused()
    page.keyboard.press("ArrowUp")  # the first row: nothing above
    expect(page.locator(f"input.ts-cell[data-date='{day(6)}']").first).to_be_focused()
    close(ctx, page)


def test_offline_the_grid_keeps_its_copy_and_says_it_needs_the_connection(browser, base, admin):
    ctx, page, api, project = an_hour_tracked(browser, base, admin)
    target = cell(page, PAST, project)
    expect(target).to_have_value("1:00")
    ctx.set_offline(True)
    expect(page.locator(".stale-notice")).to_contain_text("You are offline")
    expect(target).to_have_value("1:00")
    expect(target).to_have_attribute("readonly", "")
    ctx.set_offline(False)
    expect(page.locator(".stale-notice")).to_be_hidden()
    expect(target).not_to_have_attribute("readonly", "")
    target.fill("1:45")
    target.press("Enter")
    expect(page.locator(".ts-week-total")).to_have_text("1:45 this week")
    assert week_total(api) == 6300
    close(ctx, page)


def test_the_running_timers_cell_cannot_be_typed_into(browser, base, admin):
    name, api, project = member(base, admin)
    api.call("POST", "/timer/start", 201, json={"project_id": project})
    ctx, page = open_sheet(browser, base, name)
    target = cell(page, TODAY, project)
    expect(target).to_have_attribute("readonly", "")
    expect(target).to_have_attribute("title", re.compile("timer is running"))
    expect(cell(page, PAST, project)).not_to_have_attribute("readonly", "")
    close(ctx, page)


def test_a_change_made_elsewhere_never_overwrites_what_is_being_typed(browser, base, admin):
    ctx, page, api, project = an_hour_tracked(browser, base, admin)
    target = cell(page, PAST, project)
    target.fill("4")  # typed, not saved yet
    with page.expect_response(lambda res: "/reports/timesheet" in res.url):
        track(api, None, "07:00", "07:30")  # elsewhere: the week is read again
    expect(target).to_have_value("4")
    expect(target).to_be_focused()
    target.press("Enter")
    expect(target).to_have_value("4:00")
    expect(cell(page, PAST, None)).to_have_value("0:30")  # drawn once the typing was saved
    expect(page.locator(".ts-week-total")).to_have_text("4:30 this week")
    close(ctx, page)
