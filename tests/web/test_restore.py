"""Undo after a delete brings back the same entry (its id, and its key for TimeTagger's clients),
online and offline, in real headless Chromium against a real `punchclock serve` process."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest

from tests.sync.helpers import bootstrap_body
from tests.web.browser import PASSWORD, close, new_user, open_app
from tests.web.test_browser import iso, this_week_start

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = pytest.mark.slow


def timetagger_records(base: str, username: str) -> list[dict[str, Any]]:
    """The user's records as a TimeTagger client pulls them (hidden ones included)."""
    root = f"{base}/timetagger/api/v2"
    body = bootstrap_body(username=username, password=PASSWORD)
    token = httpx.post(f"{root}/bootstrap_authentication", content=body).json()["token"]
    res = httpx.get(f"{root}/records", params={"timerange": "0-4102444799"}, headers={"authtoken": token})
    assert res.status_code == 200, res.text
    return list(res.json()["records"])


def an_entry(api: Any, **fields: Any) -> dict[str, Any]:
    start = this_week_start(api, hours_ago=3)
    body = {"start_time": iso(start), "end_time": iso(start + timedelta(hours=1)), **fields}
    return dict(api.call("POST", "/time-entries", 201, json=body)["time_entry"])


def delete_in_the_dialog(page: Any) -> None:
    page.locator(".entry-list .row-main").first.click()
    page.get_by_role("dialog", name="Edit entry").get_by_role("button", name="Delete").click()
    expect(page.locator(".entry-list .row")).to_have_count(0)


def test_undo_brings_back_the_same_entry_and_record(browser, base, admin):
    name, api = new_user(base, admin)
    made = an_entry(api, notes="Review the #draft", tags="Client-A")
    (record,) = timetagger_records(base, name)
    ctx, page = open_app(browser, base, name)
    row = page.locator(".entry-list .row-main").first
    # Every tag shows once: the one written in the notes, then the explicit one.
    expect(row.locator(".tag")).to_have_text(["#draft", "#Client-A"])
    delete_in_the_dialog(page)
    assert api.entries() == []
    (hidden,) = timetagger_records(base, name)
    assert hidden["ds"].startswith("HIDDEN")
    page.get_by_role("button", name="Undo").click()
    expect(page.get_by_text("Entry restored.")).to_be_visible()
    expect(page.locator(".entry-list .row")).to_have_count(1)
    (back,) = api.entries()
    assert back == {**made, "updated_at": back["updated_at"]}  # the same entry: id and every field
    (again,) = timetagger_records(base, name)
    assert (again["key"], again["ds"]) == (record["key"], record["ds"])  # a TimeTagger client sees it back
    assert again["mt"] >= hidden["mt"]
    close(ctx, page)


def test_undo_of_a_delete_made_offline_leaves_the_entry_untouched(browser, base, admin):
    name, api = new_user(base, admin)
    made = an_entry(api, notes="Kept")
    ctx, page = open_app(browser, base, name, poll_ms=600_000)
    ctx.set_offline(True)
    delete_in_the_dialog(page)
    expect(page.locator("#conn")).to_contain_text("1 waiting")
    page.get_by_role("button", name="Undo").click()
    expect(page.locator(".entry-list .row")).to_have_count(1)
    ctx.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#conn")).not_to_contain_text("waiting", timeout=10000)
    # The delete never reached the server; the restore that replaced it found nothing to do (it
    # cannot know offline whether a delete got through), so not even updated_at moved.
    assert api.entries() == [made]
    expect(page.locator(".entry-list .row")).to_have_count(1)
    close(ctx, page)


def test_undo_made_offline_after_the_delete_reached_the_server(browser, base, admin):
    name, api = new_user(base, admin)
    made = an_entry(api, notes="Back after the tunnel")
    (record,) = timetagger_records(base, name)
    ctx, page = open_app(browser, base, name, poll_ms=600_000)
    delete_in_the_dialog(page)
    assert api.entries() == []
    ctx.set_offline(True)
    page.get_by_role("button", name="Undo").click()
    # Queued: shown again at once, waiting to sync.
    expect(page.locator(".entry-list .row")).to_contain_text("waiting to sync")
    ctx.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#conn")).not_to_contain_text("waiting", timeout=10000)
    (back,) = api.entries()
    assert (back["id"], back["notes"]) == (made["id"], "Back after the tunnel")
    (again,) = timetagger_records(base, name)
    assert again["key"] == record["key"]
    close(ctx, page)


def test_a_tag_given_apart_from_the_description_can_be_removed_in_the_dialog(browser, base, admin):
    name, api = new_user(base, admin)
    start = this_week_start(api, hours_ago=3)
    body = {"start_time": iso(start), "end_time": iso(start + timedelta(hours=1)), "notes": "design #ui",
            "tags": ["Client-A", "urgent"]}  # fmt: skip
    entry = api.call("POST", "/time-entries", 201, json=body)["time_entry"]
    assert sorted(t.lower() for t in entry["tag_list"]) == ["client-a", "ui", "urgent"]
    ctx, page = open_app(browser, base, name)
    page.get_by_role("button", name="Edit entry: design #ui").first.click()
    dialog = page.get_by_role("dialog", name="Edit entry")
    chips = dialog.get_by_role("group", name="Other tags")
    expect(chips).to_contain_text("#Client-A")
    expect(chips).not_to_contain_text("#ui")  # written in the description: not repeated
    chips.get_by_role("button", name="Remove tag urgent").click()
    dialog.get_by_role("button", name="Save").click()
    expect(dialog).to_be_hidden()
    after = api.call("GET", f"/time-entries/{entry['id']}")["time_entry"]
    assert sorted(t.lower() for t in after["tag_list"]) == ["client-a", "ui"]
    close(ctx, page)
