"""Quick entry in real Chromium: the server's suggestions fill description, project, task and tags in
one pick; presets start a timer in one click (online and offline), are saved from an entry and
removed with undo; the Track page's search finds an entry from months ago and opens it in its week,
and a failed search keeps what it showed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.web.browser import new_user, serving
from tests.web.test_browser import close, iso, open_app

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(tmp_path_factory.mktemp("web-search")) as url:
        yield url


def add(api: Any, start: datetime, notes: str, **fields: Any) -> dict[str, Any]:
    body = {"start_time": iso(start), "end_time": iso(start + timedelta(hours=1)), "notes": notes, **fields}
    return api.call("POST", "/time-entries", 201, json=body)["time_entry"]


def months_ago_with_newer_entries(api: Any, notes: str, **fields: Any) -> dict[str, Any]:
    """An entry from four months ago, behind 100 newer ones: not among the entries the app loads
    (its week, and the latest 100), so only the server can find it."""
    old = add(api, datetime.now(UTC).replace(microsecond=0) - timedelta(days=120), notes, **fields)
    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(days=30)
    for n in range(100):
        add(api, start + timedelta(hours=2 * n), f"Filler {n}")
    return old


def test_an_earlier_description_from_the_server_fills_everything_in_one_pick(browser, base, admin):
    name, api = new_user(base, admin, role="manager")
    project = api.call("POST", "/projects", 201, json={"name": f"Audits {name}"})["project"]["id"]
    task = api.call("POST", "/tasks", 201, json={"name": "Fieldwork", "project_id": project})["task"]["id"]
    months_ago_with_newer_entries(
        api, "Quarterly audit", tags=["finance"], project_id=project, task_id=task, billable=False
    )
    ctx, page = open_app(browser, base, name)
    desc = page.get_by_label("Description")
    desc.fill("quarterly")
    option = page.get_by_role("option", name=re.compile("Quarterly audit #finance"))
    expect(option).to_contain_text(f"Audits {name} · Fieldwork")
    option.click()
    expect(desc).to_have_value("Quarterly audit #finance")
    expect(page.locator(".timer-project")).to_have_value(str(project))
    expect(page.locator(".timer-task")).to_have_value(str(task))
    page.get_by_role("button", name="Start timer").click()
    expect(page.get_by_role("button", name="Stop timer")).to_be_visible()
    timer = api.timer()["timer"]
    assert (timer["notes"], timer["tag_list"]) == ("Quarterly audit #finance", ["finance"])
    assert (timer["project_id"], timer["task_id"], timer["billable"]) == (project, task, False)
    page.get_by_role("button", name="Stop timer").click()
    close(ctx, page)


def test_a_preset_starts_a_timer_in_one_click_and_is_removed_with_undo(browser, base, admin):
    name, api = new_user(base, admin, role="manager")
    project = api.call("POST", "/projects", 201, json={"name": f"Team {name}"})["project"]["id"]
    body = {"name": "Standup", "notes": "Daily standup", "project_id": project, "tags": ["team"]}
    api.call("POST", "/presets", 201, json=body)
    ctx, page = open_app(browser, base, name)
    chip = page.get_by_role("button", name="Start preset Standup")
    chip.click()
    expect(page.get_by_role("button", name="Stop timer")).to_be_visible()
    timer = api.timer()["timer"]
    assert (timer["notes"], timer["project_id"], timer["tag_list"]) == ("Daily standup", project, ["team"])
    page.get_by_role("button", name="Stop timer").click()
    expect(page.get_by_role("button", name="Start timer")).to_be_visible()

    page.get_by_role("button", name="Remove preset Standup").click()
    expect(chip).to_be_hidden()
    assert api.call("GET", "/presets")["presets"] == []
    page.locator(".toast").get_by_role("button", name="Undo").click()
    expect(chip).to_be_visible()
    assert [p["name"] for p in api.call("GET", "/presets")["presets"]] == ["Standup"]
    close(ctx, page)


def test_a_preset_starts_offline_and_syncs_later(browser, base, admin):
    name, api = new_user(base, admin)
    api.call("POST", "/presets", 201, json={"name": "Deep work", "notes": "Focus block"})
    ctx, page = open_app(browser, base, name, poll_ms=600_000)
    chip = page.get_by_role("button", name="Start preset Deep work")
    expect(chip).to_be_visible()
    ctx.set_offline(True)
    chip.click()
    expect(page.get_by_role("button", name="Stop timer")).to_be_visible()
    expect(page.locator("#conn")).to_contain_text("1 waiting")
    assert api.timer()["active"] is False
    ctx.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#conn")).not_to_contain_text("waiting", timeout=10000)
    assert api.timer()["timer"]["notes"] == "Focus block"
    close(ctx, page)


def test_save_an_entry_as_a_preset(browser, base, admin):
    name, api = new_user(base, admin)
    add(api, datetime.now(UTC).replace(microsecond=0) - timedelta(hours=3), "Invoice run", tags=["admin"])
    ctx, page = open_app(browser, base, name)
    page.locator(".entry-list .row-main", has_text="Invoice run").click()
    page.get_by_role("dialog", name="Edit entry").get_by_role("button", name="Make preset").click()
    dialog = page.get_by_role("dialog", name="New preset")
    expect(dialog.get_by_label("Name")).to_have_value("Invoice run")
    dialog.get_by_label("Name").fill("Invoices")
    dialog.get_by_role("button", name="Save preset").click()
    expect(page.get_by_role("button", name="Start preset Invoices")).to_be_visible()
    (preset,) = api.call("GET", "/presets")["presets"]
    assert (preset["name"], preset["notes"], preset["tag_list"]) == ("Invoices", "Invoice run", ["admin"])
    close(ctx, page)


def test_search_finds_an_entry_from_months_ago_and_opens_it_in_its_week(browser, base, admin):
    name, api = new_user(base, admin)
    old = months_ago_with_newer_entries(api, "Globex contract review")
    ctx, page = open_app(browser, base, name)
    page.get_by_label("Search entries").fill("globex")
    results = page.locator(".search-results .row")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Globex contract review")
    day = datetime.fromisoformat(old["start_time"].replace("Z", "+00:00"))
    expect(results.first).to_contain_text(str(day.day))
    expect(page.locator(".search-status")).to_have_text("1 entry matches “globex”, newest first.")
    results.first.click()
    dialog = page.get_by_role("dialog", name="Edit entry")
    expect(dialog.get_by_label("Description")).to_have_value("Globex contract review")
    dialog.get_by_role("button", name="Cancel").click()
    expect(page.locator(".entry-list")).to_contain_text("Globex contract review")  # its week is shown
    close(ctx, page)


def test_search_pages_with_more_and_keeps_its_results_when_a_request_fails(browser, base, admin):
    name, api = new_user(base, admin)
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(days=200)
    for n in range(25):
        add(api, start + timedelta(days=n), f"Initech sync {n}")
    ctx, page = open_app(browser, base, name)
    search = page.get_by_label("Search entries")
    search.fill("in")
    expect(page.locator(".search-status")).to_contain_text("Type 3 or more characters")
    search.fill("initech")
    results = page.locator(".search-results .row")
    expect(results).to_have_count(20)
    expect(results.first).to_contain_text("Initech sync 24")  # newest first
    page.get_by_role("button", name="More").click()
    expect(results).to_have_count(25)
    expect(page.get_by_role("button", name="More")).to_be_hidden()

    page.route("**/api/v1/time-entries?*search=*", lambda route: route.fulfill(status=503, body="{}"))
    search.fill("initech sync")
    expect(page.locator(".search-status")).to_contain_text("Search failed")
    expect(page.locator(".search-status")).to_contain_text("Still showing the results for “initech”")
    expect(results).to_have_count(25)
    page.unroute("**/api/v1/time-entries?*search=*")
    search.fill("initech sync 1")
    expect(results).to_have_count(11)  # 1, 10..19
    close(ctx, page)
