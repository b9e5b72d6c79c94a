"""An entry's history in the entry dialog, in real headless Chromium against a real `punchclock
serve`: each edit is a version told in words (who, when, through which path, each change as before →
after); an older version is restored and the restore undone; a locked entry shows its history with
nothing to restore; offline the tab says it needs a connection, and loads once back online; the
dialog fits a phone in both themes.

Set PUNCHCLOCK_SCREENSHOTS=<folder> to keep a screenshot of the history in each look."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.web.browser import close, new_user, open_app
from tests.web.test_timeline import add, iso, open_yesterday, times, yesterday

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = pytest.mark.slow

SHOTS = os.environ.get("PUNCHCLOCK_SCREENSHOTS")
RESTORE = re.compile("^Restore the version of")
DAY = yesterday(0).strftime("%Y-%m-%d")


def edit_dialog(page: Any, entry: int, name: str = "Edit entry") -> Any:
    page.locator(f".tl-entry[data-id='{entry}']").click()
    return page.get_by_role("dialog", name=name)


def history(page: Any, entry: int, name: str = "Edit entry") -> Any:
    """The entry's dialog on its History tab; the versions shown."""
    dialog = edit_dialog(page, entry, name)
    dialog.get_by_role("tab", name="History").click()
    return dialog, dialog.locator(".hist-v")


def save(page: Any, entry: int, label: str, value: str) -> None:
    dialog = edit_dialog(page, entry)
    dialog.get_by_label(label).fill(value)
    dialog.get_by_role("button", name="Save").click()
    expect(dialog).to_have_count(0)
    expect(page.locator(".toast", has_text="Entry saved.")).to_have_count(1)
    page.evaluate("document.querySelectorAll('.toast').forEach((t) => t.remove())")


def change(version: Any, field: str) -> tuple[str, str]:
    cell = version.locator(f"[data-field='{field}']")
    return cell.locator("del").inner_text(), cell.locator("ins").inner_text()


def test_each_edit_is_a_version_and_one_is_restored_then_undone(browser, base, admin):
    name, api = new_user(base, admin)
    entry = add(api, "Planning", yesterday(9), yesterday(10))
    ctx, page = open_yesterday(browser, base, api, name)
    save(page, entry, "Description", "Planning the release")
    save(page, entry, "End", f"{DAY}T11:00")

    dialog, versions = history(page, entry)
    expect(versions).to_have_count(3)
    newest, middle, first = versions.nth(0), versions.nth(1), versions.nth(2)
    expect(newest.locator(".hist-what")).to_have_text("EditedCurrent")
    meta = re.compile(rf"^(Today|Yesterday) \d\d:\d\d · {name} · via web$")
    expect(newest.locator(".hist-meta")).to_have_text(meta)
    assert change(newest, "end_time") == ("10:00", "11:00")
    assert change(middle, "notes") == ("Planning", "Planning the release")
    expect(first.locator(".hist-what")).to_have_text("Created")
    expect(first.locator(".hist-snap")).to_have_text("09:00\u201310:00 · Planning")
    # The current version has nothing to restore; each older one has.
    expect(newest.get_by_role("button", name=RESTORE)).to_have_count(0)
    expect(dialog.get_by_role("button", name=RESTORE)).to_have_count(2)

    first.get_by_role("button", name=RESTORE).click()
    expect(dialog).to_have_count(0)
    toast = page.locator(".toast", has_text="Restored the version of")
    expect(toast).to_be_visible()
    expect(page.locator(f".tl-entry[data-id='{entry}']")).to_contain_text("Planning")
    restored = api.call("GET", f"/time-entries/{entry}")["time_entry"]
    assert (restored["notes"], times(api, entry)) == ("Planning", (f"{DAY}T09:00", f"{DAY}T10:00"))

    toast.get_by_role("button", name="Undo").click()
    expect(page.locator(".toast", has_text="Change undone.")).to_be_visible()
    undone = api.call("GET", f"/time-entries/{entry}")["time_entry"]
    assert (undone["notes"], times(api, entry)) == ("Planning the release", (f"{DAY}T09:00", f"{DAY}T11:00"))
    expect(page.locator(f".tl-entry[data-id='{entry}']")).to_contain_text("Planning the release")

    # Both show in the history, as restores of earlier versions.
    dialog, versions = history(page, entry)
    expect(versions).to_have_count(5)
    expect(versions.nth(0).locator(".hist-what strong")).to_have_text("Earlier version restored")
    assert change(versions.nth(0), "end_time") == ("10:00", "11:00")
    dialog.get_by_role("tab", name="Details").click()
    expect(dialog.get_by_label("Description")).to_have_value("Planning the release")
    close(ctx, page)


def test_a_locked_entry_shows_its_history_without_restore(browser, base, admin):
    name, api = new_user(base, admin)
    _, boss_api = new_user(base, admin, "manager")
    today = datetime.now(UTC).date()
    monday = today - timedelta(days=today.weekday() + 7)
    day = monday.isoformat()
    body = {"notes": "Client call", "start_time": f"{day}T09:00:00Z", "end_time": f"{day}T10:00:00Z"}
    entry = api.call("POST", "/time-entries", 201, json=body)["time_entry"]["id"]
    api.call("PATCH", f"/time-entries/{entry}", json={"notes": "Client call, longer"})
    period = api.call("POST", "/timesheet-periods", 201, json={"reference_date": day})["timesheet_period"]
    api.call("POST", f"/timesheet-periods/{period['id']}/submit")
    boss_api.call("POST", f"/timesheet-periods/{period['id']}/approve", json={})

    api.call("PATCH", "/users/me", json={"timezone": "UTC"})
    ctx, page = open_app(browser, base, name)
    page.get_by_role("button", name="Week").click()
    page.get_by_role("button", name="Previous period").click()
    page.locator(f".row[data-id='{entry}'] .row-main").click()
    dialog = page.get_by_role("dialog", name="Locked entry")
    expect(dialog.locator(".lock-note")).to_contain_text("was approved")
    dialog.get_by_role("tab", name="History").click()
    versions = dialog.locator(".hist-v")
    expect(versions).to_have_count(2)
    assert change(versions.nth(0), "notes") == ("Client call", "Client call, longer")
    expect(dialog.locator(".hist-note")).to_contain_text("locked: its versions can be read, not restored")
    expect(dialog.get_by_role("button", name=RESTORE)).to_have_count(0)
    # The lock note stays above both tabs.
    expect(dialog.locator(".lock-note")).to_be_visible()
    close(ctx, page)


def test_offline_the_history_says_it_needs_a_connection(browser, base, admin):
    name, api = new_user(base, admin)
    entry = add(api, "Train ride", yesterday(9), yesterday(10))
    ctx, page = open_yesterday(browser, base, api, name)
    dialog = edit_dialog(page, entry)
    ctx.set_offline(True)
    dialog.get_by_role("tab", name="History").click()
    expect(dialog.locator(".hist-note")).to_contain_text("History needs a connection to the server")
    expect(page.locator(".toast.error")).to_have_count(0)
    # Back online, it loads by itself.
    ctx.set_offline(False)
    expect(dialog.locator(".hist-v")).to_have_count(1)
    expect(dialog.locator(".hist-note")).to_have_count(0)
    close(ctx, page)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1366, 360])
def test_the_history_fits_each_screen(browser, base, admin, width, scheme):
    name, api = new_user(base, admin)
    project = admin.call("POST", "/projects", 201, json={"name": "Website relaunch"})["project"]["id"]
    entry = add(api, "Design review with the client", yesterday(9), yesterday(10, 30))
    api.call("PATCH", f"/time-entries/{entry}", json={"project_id": project, "billable": False})
    longer = "Design review with the client about the new start page #ux"
    api.call("PATCH", f"/time-entries/{entry}", json={"notes": longer})
    api.call("PATCH", f"/time-entries/{entry}", json={"end_time": iso(yesterday(11))})
    context = {"viewport": {"width": width, "height": 800 if width > 400 else 740}, "color_scheme": scheme}
    ctx, page = open_yesterday(browser, base, api, name, **context)
    dialog, versions = history(page, entry)
    expect(versions).to_have_count(4)
    fits = "(d) => d.scrollWidth <= d.clientWidth && document.documentElement.scrollWidth <= innerWidth"
    assert dialog.evaluate(fits)
    # On a phone the restore button sits on its own line, whole, inside the dialog.
    button = versions.nth(1).get_by_role("button", name=RESTORE).bounding_box()
    box = dialog.bounding_box()
    assert box["x"] <= button["x"]
    assert button["x"] + button["width"] <= box["x"] + box["width"]
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"history-{width}-{scheme}.png"))
    close(ctx, page)
