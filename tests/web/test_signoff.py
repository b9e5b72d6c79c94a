"""Sign-off in real headless Chromium against a real `punchclock serve`: a member submits last week, a
manager approves it (alone or several at once) or rejects it with a reason the member reads, an admin
reopens it and sets the lock date; the approved week is then locked in the timeline, the entry
dialog and the timesheet grid, a save the server refuses as locked says why and changes nothing, and
the page fits a phone without sideways scrolling.

Every member tracks on last week's Monday (UTC, their zone), a week that is over whenever the test runs.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.web.browser import Api, close, new_user, open_app

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = pytest.mark.slow

TODAY = datetime.now(UTC).date()
LAST_MONDAY = TODAY - timedelta(days=TODAY.weekday() + 7)
DAY = LAST_MONDAY.isoformat()
PHONE = {"viewport": {"width": 360, "height": 780}}
LOCKED = re.compile(r"\blocked\b")


def member(base: str, admin: Api) -> tuple[str, Api, int]:
    """A new member with 09:00-11:00 tracked on last week's Monday; their name, API and entry."""
    name, api = new_user(base, admin)
    body = {"notes": "Client call", "start_time": f"{DAY}T09:00:00Z", "end_time": f"{DAY}T11:00:00Z"}
    entry = api.call("POST", "/time-entries", 201, json=body)["time_entry"]["id"]
    return name, api, int(entry)


def last_week(api: Api) -> dict[str, Any]:
    data = api.call("POST", "/timesheet-periods", 201, json={"reference_date": DAY})
    return dict(data["timesheet_period"])


def submitted(api: Api) -> int:
    period = last_week(api)
    api.call("POST", f"/timesheet-periods/{period['id']}/submit")
    return int(period["id"])


class Waiting:
    """A member whose last week waits for approval, and a manager who sees it."""

    def __init__(self, base: str, admin: Api) -> None:
        self.name, self.api, self.entry = member(base, admin)
        self.boss, self.boss_api = new_user(base, admin, "manager")
        self.period = submitted(self.api)


def status(api: Api, period_id: int) -> str:
    return str(api.call("GET", f"/timesheet-periods/{period_id}")["timesheet_period"]["status"])


def open_signoff(browser: Any, base: str, name: str, **context: Any) -> tuple[Any, Any]:
    ctx, page = open_app(browser, base, name, **context)
    page.get_by_role("link", name="Sign-off").click()
    expect(page.locator("#so-mine")).to_be_visible()
    return ctx, page


def team_row(page: Any, name: str) -> Any:
    return page.locator("section[aria-labelledby='so-team'] .so-row", has_text=name)


def own_row(page: Any) -> Any:
    return page.locator("section[aria-labelledby='so-mine'] .so-row", has_text="Last week")


def decide(page: Any, row: Any, step: str, text: str = "") -> None:
    """Click a decision's button on a row, write the comment or reason, confirm."""
    row.get_by_role("button", name=step, exact=True).click()
    dialog = page.locator("dialog[open]")
    if text:
        dialog.locator("textarea").fill(text)
    dialog.locator("button[type=submit]").click()
    expect(dialog).to_have_count(0)


def with_a_reason(page: Any, row: Any, step: str, reason: str) -> None:
    """A decision that needs a reason: refused without one (the dialog says so), sent with it."""
    row.get_by_role("button", name=step, exact=True).click()
    dialog = page.locator("dialog[open]")
    dialog.get_by_role("button", name=step).click()
    expect(dialog.locator(".form-error")).to_contain_text("Write a reason")
    dialog.locator("textarea").fill(reason)
    dialog.get_by_role("button", name=step).click()
    expect(dialog).to_have_count(0)


def last_week_on_the_timeline(page: Any) -> None:
    page.get_by_role("link", name="Track").click()
    page.get_by_role("button", name="Previous period").click()
    expect(page.locator(".tl-entry", has_text="Client call")).to_be_visible()


def test_member_submits_manager_approves_and_the_week_is_locked_everywhere(browser, base, admin):
    name, api, entry = member(base, admin)
    boss, _ = new_user(base, admin, "manager")
    ctx, page = open_signoff(browser, base, name)
    expect(page.locator(".so-intro")).to_contain_text(
        "Once approved, the week is locked: nothing in it can change"
    )
    row = own_row(page)
    expect(row.locator(".so-total")).to_have_text("2:00")
    row.get_by_role("button", name="Submit").click()
    expect(row.locator(".so-badge")).to_have_text("Waiting for approval")
    expect(row.get_by_role("button", name="Withdraw")).to_be_visible()

    # The manager's queue holds it, opens to its totals, and approves it with a comment.
    bctx, bpage = open_signoff(browser, base, boss)
    queued = team_row(bpage, name)
    expect(queued.locator(".so-total")).to_have_text("2:00")
    queued.locator(".so-what").click()
    expect(queued.locator(".so-days li").first).to_contain_text("2:00")
    expect(queued.locator(".so-projects")).to_contain_text("No project")
    decide(bpage, queued, "Approve", "Thanks")
    expect(bpage.locator(".toast", has_text="approved")).to_be_visible()
    expect(team_row(bpage, name)).to_have_count(0)
    close(bctx, bpage)

    # The member hears of it live: approved, locked.
    expect(row.locator(".so-badge")).to_have_text("Approved")
    expect(row.locator(".so-note")).to_contain_text("Thanks")

    # The timeline draws the week locked: a note, stripes, a lock on the entry and no grips to drag.
    last_week_on_the_timeline(page)
    block = page.locator(f".tl-entry[data-id='{entry}']")
    expect(block).to_have_class(LOCKED)
    expect(page.locator(".period-lock .lock-note")).to_contain_text("was approved")
    expect(page.locator(".tl-col").first.locator(".tl-locked")).to_have_count(1)
    expect(block.locator(".tl-grip")).to_have_count(0)
    expect(page.locator(f".row[data-id='{entry}'] .row-locked")).to_be_visible()
    box = block.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2 + 88, steps=5)
    page.mouse.up()
    # Drawing new time into the locked week says why instead of opening the editor.
    col = page.locator(".tl-col").nth(2).bounding_box()
    page.mouse.click(col["x"] + col["width"] / 2, col["y"] + 14 * 44 + 10)
    expect(page.locator(".toast.error", has_text="Locked: the week")).to_be_visible()
    expect(page.get_by_role("dialog", name="Add entry")).to_have_count(0)

    # The entry dialog refuses edits: every field disabled, a sentence saying why, no Save or Delete.
    page.keyboard.press("Escape")
    page.locator(f".row[data-id='{entry}'] .row-main").click()
    dialog = page.get_by_role("dialog", name="Locked entry")
    expect(dialog.locator(".lock-note")).to_contain_text(f"the week {LAST_MONDAY.day} ")
    expect(dialog.get_by_label("Description")).to_be_disabled()
    expect(dialog.get_by_label("Start")).to_be_disabled()
    expect(dialog.get_by_role("button", name="Save")).to_have_count(0)
    expect(dialog.get_by_role("button", name="Delete")).to_have_count(0)
    dialog.locator(".actions").get_by_role("button", name="Close").click()
    saved = api.call("GET", f"/time-entries/{entry}")["time_entry"]
    assert (saved["start_time"][:16], saved["end_time"][:16], saved["notes"]) == (
        f"{DAY}T09:00",
        f"{DAY}T11:00",
        "Client call",
    )

    # The timesheet grid: that week's cells are read-only.
    page.get_by_role("link", name="Timesheet").click()
    page.get_by_role("button", name="Previous week").click()
    cell = page.locator(f"input.ts-cell[data-date='{DAY}']").first
    expect(cell).to_have_attribute("readonly", "")
    expect(cell).to_have_class(LOCKED)
    expect(page.locator(".period-lock .lock-note")).to_be_visible()
    close(ctx, page)


def test_reject_with_a_reason_the_member_reads_then_an_admin_reopens(browser, base, admin):
    w = Waiting(base, admin)
    name, api, entry, boss, boss_api, period = w.name, w.api, w.entry, w.boss, w.boss_api, w.period

    bctx, bpage = open_signoff(browser, base, boss)
    with_a_reason(bpage, team_row(bpage, name), "Reject", "Monday has no project")
    expect(bpage.locator(".toast", has_text="rejected")).to_be_visible()
    close(bctx, bpage)
    assert status(api, period) == "rejected"

    ctx, page = open_signoff(browser, base, name)
    row = own_row(page)
    expect(row.locator(".so-badge")).to_have_text("Rejected")
    expect(row.locator(".so-note")).to_contain_text("Rejected: “Monday has no project”")
    row.get_by_role("button", name="Submit again").click()
    expect(row.locator(".so-badge")).to_have_text("Waiting for approval")
    boss_api.call("POST", f"/timesheet-periods/{period}/approve", json={})
    expect(row.locator(".so-badge")).to_have_text("Approved")

    # The admin finds it among the approved ones of that person and reopens it, with a reason.
    boss_admin, _ = new_user(base, admin, "admin")
    actx, apage = open_app(browser, base, boss_admin)
    apage.get_by_role("link", name="Sign-off").click()
    tools = apage.locator("section[aria-labelledby='so-team']")
    tools.get_by_label("State").select_option("approved")
    tools.get_by_label("Person").select_option(label=name)
    with_a_reason(apage, team_row(apage, name), "Reopen", "Wrong client on Monday")
    expect(team_row(apage, name)).to_have_count(0)
    close(actx, apage)
    reopened = api.call("GET", f"/timesheet-periods/{period}")["timesheet_period"]
    assert (reopened["status"], reopened["reopen_reason"]) == ("draft", "Wrong client on Monday")

    # The member's week is open again: their page and timeline say so at once (live).
    expect(row.locator(".so-badge")).to_have_text("Not submitted")
    expect(row.locator(".so-note")).to_contain_text("Wrong client on Monday")
    last_week_on_the_timeline(page)
    expect(page.locator(f".tl-entry[data-id='{entry}']")).not_to_have_class(LOCKED)
    expect(page.locator(".period-lock .lock-note")).to_have_count(0)
    close(ctx, page)


def test_a_save_the_server_refuses_as_locked_says_why_and_changes_nothing(browser, base, admin):
    """The app's copy of the locked time is stale (its refresh fails): the server still decides."""
    w = Waiting(base, admin)
    name, api, entry, boss_api, period = w.name, w.api, w.entry, w.boss_api, w.period
    ctx, page = open_app(browser, base, name)
    last_week_on_the_timeline(page)
    page.route("**/api/v1/startup", lambda route: route.abort())
    boss_api.call("POST", f"/timesheet-periods/{period}/approve", json={})

    # A drag: the server's refusal in a toast, the entry back where it was.
    block = page.locator(f".tl-entry[data-id='{entry}']")
    expect(block).not_to_have_class(LOCKED)
    box = block.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2 + 44, steps=5)
    page.mouse.up()
    expect(page.locator(".toast.error", has_text="is approved: nothing in it changes")).to_be_visible()
    expect(page.locator(f".tl-entry[data-id='{entry}']")).not_to_have_class(re.compile("dragging"))
    assert page.locator(f".tl-entry[data-id='{entry}']").evaluate("(e) => e.style.transform") == ""

    # The dialog: the server's message under the form, nothing saved.
    page.locator(f".row[data-id='{entry}'] .row-main").click()
    dialog = page.get_by_role("dialog", name="Edit entry")
    dialog.get_by_label("Description").fill("Client call, longer")
    dialog.get_by_role("button", name="Save").click()
    expect(dialog.locator(".form-error")).to_contain_text("is approved: nothing in it changes")
    assert api.call("GET", f"/time-entries/{entry}")["time_entry"]["notes"] == "Client call"
    dialog.get_by_role("button", name="Cancel").click()
    page.get_by_role("dialog", name="Discard changes?").get_by_role("button", name="Discard").click()

    # The timesheet grid: the server's message, the cell back to what it held.
    page.get_by_role("link", name="Timesheet").click()
    page.get_by_role("button", name="Previous week").click()
    cell = page.locator(f"tr[data-row='/'] input.ts-cell[data-date='{DAY}']")
    expect(cell).to_have_value("2:00")
    cell.fill("3")
    # The refusal asks for the locked time again, which still fails: the copy stays stale.
    with page.expect_event("requestfailed", lambda r: r.url.endswith("/api/v1/startup")):
        cell.press("Enter")
    expect(page.locator(".toast.error", has_text="is approved: nothing in it changes")).to_be_visible()
    expect(cell).to_have_value("2:00")
    assert api.call("GET", f"/time-entries/{entry}")["time_entry"]["end_time"][:16] == f"{DAY}T11:00"

    # A refusal asks for the locked time again: once that gets through, the week shows locked.
    page.unroute("**/api/v1/startup")
    page.get_by_role("link", name="Track").click()  # still on last week
    page.locator(f".row[data-id='{entry}'] .row-main").click()
    page.get_by_role("dialog", name="Edit entry").get_by_role("button", name="Save").click()
    expect(page.locator(f".tl-entry[data-id='{entry}']")).to_have_class(LOCKED)
    close(ctx, page)


def test_several_periods_approved_at_once(browser, base, admin):
    one, one_api, _ = member(base, admin)
    two, two_api, _ = member(base, admin)
    boss, _ = new_user(base, admin, "manager")
    periods = [submitted(one_api), submitted(two_api)]
    ctx, page = open_signoff(browser, base, boss)
    for name in (one, two):
        team_row(page, name).locator(".so-pick input").check()
    page.get_by_role("button", name="Approve selected (2)").click()
    dialog = page.locator("dialog[open]")
    dialog.get_by_role("button", name="Approve 2").click()
    expect(page.locator(".toast", has_text="Approved 2 of 2.")).to_be_visible()
    expect(team_row(page, one)).to_have_count(0)
    expect(team_row(page, two)).to_have_count(0)
    assert [status(one_api, periods[0]), status(two_api, periods[1])] == ["approved", "approved"]
    close(ctx, page)


def test_a_running_timer_is_named_as_the_reason_in_words(browser, base, admin):
    w = Waiting(base, admin)
    name, api, boss, period = w.name, w.api, w.boss, w.period
    api.call("POST", "/timer/start", 201, json={"notes": "Still going", "start_time": f"{DAY}T12:00:00Z"})
    ctx, page = open_signoff(browser, base, boss)
    decide(page, team_row(page, name), "Approve")
    expect(page.locator(".toast.error", has_text="Its owner's timer is still running")).to_be_visible()
    expect(team_row(page, name).get_by_role("button", name="Approve", exact=True)).to_be_enabled()
    close(ctx, page)
    assert status(api, period) == "submitted"

    # The member withdraws, then tries to submit again: stop the timer first.
    mctx, mpage = open_signoff(browser, base, name)
    row = own_row(mpage)
    row.get_by_role("button", name="Withdraw").click()
    row.get_by_role("button", name="Submit").click()
    expect(mpage.locator(".toast.error", has_text="Stop your running timer first")).to_be_visible()
    close(mctx, mpage)
    assert status(api, period) == "draft"


def test_an_admin_sets_the_lock_date_in_settings(browser, base, admin):
    name, _, _ = member(base, admin)
    day = TODAY - timedelta(days=40)
    boss_admin, _ = new_user(base, admin, "admin")
    ctx, page = open_app(browser, base, boss_admin)
    page.get_by_role("link", name="Settings").click()
    page.get_by_label("Lock date").fill(day.isoformat())
    page.get_by_role("button", name="Lock", exact=True).click()
    page.get_by_role("dialog", name="Set the lock date").get_by_role("button", name="Lock").click()
    expect(page.locator(".toast", has_text="is locked")).to_be_visible()
    assert admin.call("GET", "/signoff")["lock_date"] == day.isoformat()

    mctx, mpage = open_signoff(browser, base, name)
    expect(mpage.locator(".so-lockdate")).to_contain_text(f"Everything before {day.day} ")
    close(mctx, mpage)

    page.get_by_role("button", name="Remove").click()
    expect(page.locator(".toast", has_text="lock date is removed")).to_be_visible()
    assert admin.call("GET", "/signoff")["lock_date"] is None
    close(ctx, page)


def test_the_page_fits_a_phone_without_sideways_scrolling(browser, base, admin):
    w = Waiting(base, admin)
    name, boss = w.name, w.boss
    wide = "() => document.documentElement.scrollWidth - window.innerWidth"
    boss_admin, _ = new_user(base, admin, "admin")
    for who in (name, boss, boss_admin):
        ctx, page = open_app(browser, base, who, **PHONE)
        page.get_by_role("link", name="Sign-off").click()
        expect(page.locator("#so-mine")).to_be_visible()
        rows = page.locator(".so-row")
        expect(rows.first).to_be_visible()
        rows.first.locator(".so-what").click()
        expect(page.locator(".so-panel:not([hidden])").first).to_be_visible()
        assert page.evaluate(wide) <= 0, f"the Sign-off page scrolls sideways for {who}"
        # Every page of the bottom bar is in reach, its label whole on one line.
        for link in page.locator(".nav a").all():
            box = link.bounding_box()
            if box is None:  # not in the phone's bar (the Audit log is reached from Users there)
                continue
            assert box["x"] >= 0
            assert box["x"] + box["width"] <= 360
            assert link.locator("span").evaluate("(s) => s.scrollWidth <= s.clientWidth"), link.inner_text()
        close(ctx, page)


def test_the_managers_queue_fills_live_when_a_member_submits(browser, base, admin):
    name, api, _ = member(base, admin)
    boss, _ = new_user(base, admin, "manager")
    bctx, bpage = open_signoff(browser, base, boss)
    expect(bpage.locator("#conn")).to_have_text("Live")
    expect(team_row(bpage, name)).to_have_count(0)
    period = last_week(api)
    api.call("POST", f"/timesheet-periods/{period['id']}/submit")
    # No reload: the manager's socket hears the period of someone they see.
    expect(team_row(bpage, name).locator(".so-total")).to_have_text("2:00")
    api.call("POST", f"/timesheet-periods/{period['id']}/withdraw")
    expect(team_row(bpage, name)).to_have_count(0)
    assert not bpage.errors
    close(bctx, bpage)
