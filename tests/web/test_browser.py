"""End to end in real headless Chromium (Playwright) against a real `punchclock serve` process.

One server and one browser for the module; every test signs in as a new user in a fresh browser
context. Live updates fall back to polling while the server has no WebSocket; the tests shorten the
poll interval through the app's `pc_poll_ms` setting so a change made through the API shows quickly.
"""

from __future__ import annotations

import json
import re
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.web.browser import (
    PASSWORD,
    WATCH_CSP,
    close,
    evaluate_across_reloads,
    new_user,
    open_app,
)

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = pytest.mark.slow

SWIPE_LEFT = """(el) => {
  const touch = (x) => new Touch({ identifier: 1, target: el, clientX: x, clientY: 300 });
  const event = (type, x) => new TouchEvent(type, {
    touches: type === "touchend" ? [] : [touch(x)], changedTouches: [touch(x)], bubbles: true,
  });
  el.dispatchEvent(event("touchstart", 300));
  el.dispatchEvent(event("touchend", 120));
}"""


def iso(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def this_week_start(api: Any, hours_ago: float) -> datetime:
    """A start `hours_ago` before now, inside the week the app opens on.

    The user's week is made to begin three days ago (their week_start), so however early in a
    calendar week the test runs, a few hours ago is this week and ends before now.
    """
    began = (datetime.now(UTC) - timedelta(days=3)).weekday()
    api.call("PATCH", "/users/me", json={"week_start": began})
    return datetime.now(UTC).replace(microsecond=0) - timedelta(hours=hours_ago)


def test_sign_in_start_and_stop_a_timer_with_the_time_in_the_title(browser, base, admin):
    name, api = new_user(base, admin)
    api.call(
        "POST",
        "/time-entries",
        201,
        json={
            "start_time": iso(datetime.now(UTC) - timedelta(days=2)),
            "end_time": iso(datetime.now(UTC) - timedelta(days=2, hours=-1)),
            "notes": "old #docs",
        },
    )
    ctx, page = open_app(browser, base, name)
    desc = page.get_by_label("Description")
    desc.fill("Writing the manual #do")
    expect(page.get_by_role("option", name="#docs")).to_be_visible()
    desc.press("Enter")  # picks the suggestion
    expect(desc).to_have_value("Writing the manual #docs ")
    page.get_by_role("button", name="Start timer").click()
    expect(page.get_by_role("button", name="Stop timer")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^0:00:0\d · Writing the manual #docs — Punchclock$"))
    timer = api.timer()
    assert timer["active"]
    assert timer["timer"]["tags"] == "docs"
    page.keyboard.press("s")  # the shortcut stops it
    expect(page.get_by_role("button", name="Start timer")).to_be_visible()
    expect(page).to_have_title("Punchclock")
    assert not api.timer()["active"]
    assert [e["notes"] for e in api.entries()][-1] == "Writing the manual #docs"
    close(ctx, page)


def test_pause_and_resume_the_timer(browser, base, admin):
    name, api = new_user(base, admin)
    ctx, page = open_app(browser, base, name)
    api.call("POST", "/timer/start", 201, json={"notes": "Deep work"})
    page.reload()
    page.get_by_role("button", name="Pause timer").click()
    expect(page.locator(".badge.paused")).to_have_text("Paused")
    expect(page.locator(".timer-row.paused .elapsed")).to_have_text(re.compile(r"^0:00:0\d$"))
    assert api.timer()["timer"]["paused_at"] is not None
    page.get_by_role("button", name="Resume timer").click()
    expect(page.get_by_role("button", name="Pause timer")).to_be_visible()
    timer = api.timer()["timer"]
    assert (timer["paused_at"], timer["is_active"]) == (None, True)
    page.get_by_role("button", name="Stop timer").click()
    expect(page.get_by_role("button", name="Start timer")).to_be_visible()
    entry = api.entries()[-1]
    assert entry["break_seconds"] >= 0
    assert entry["duration_seconds"] >= 1
    close(ctx, page)


def test_edit_an_entry_then_delete_it_and_undo(browser, base, admin):
    name, api = new_user(base, admin)
    start = this_week_start(api, hours_ago=3)
    api.call(
        "POST",
        "/time-entries",
        201,
        json={
            "start_time": iso(start),
            "end_time": iso(start + timedelta(hours=1)),
            "notes": "Draft <b>not bold</b>",
        },
    )
    ctx, page = open_app(browser, base, name)
    row = page.locator(".entry-list .row-main").first
    expect(row).to_contain_text("Draft <b>not bold</b>")  # user text shows as text, never as markup
    row.click()
    dialog = page.get_by_role("dialog", name="Edit entry")
    dialog.get_by_label("Description").fill("Reviewed the draft #review")
    dialog.get_by_label("Billable").uncheck()
    dialog.get_by_role("button", name="Save").click()
    expect(dialog).to_be_hidden()
    (entry,) = api.entries()
    assert (entry["notes"], entry["tags"], entry["billable"]) == (
        "Reviewed the draft #review",
        "review",
        False,
    )
    assert entry["start_time"] == iso(start)

    page.locator(".entry-list .row-main").first.click()
    page.get_by_role("dialog", name="Edit entry").get_by_role("button", name="Delete").click()
    expect(page.locator(".entry-list .row")).to_have_count(0)
    assert api.entries() == []
    page.get_by_role("button", name="Undo").click()
    expect(page.locator(".entry-list .row")).to_have_count(1)
    (back,) = api.entries()
    assert (back["notes"], back["billable"], back["start_time"], back["end_time"]) == (
        entry["notes"],
        False,
        entry["start_time"],
        entry["end_time"],
    )
    close(ctx, page)


def test_a_manager_creates_a_project_and_tracks_time_on_it_by_its_tag(browser, base, admin):
    name, api = new_user(base, admin, role="manager")
    ctx, page = open_app(browser, base, name)
    page.get_by_role("link", name="Projects").click()
    page.get_by_role("button", name="New project").click()
    dialog = page.get_by_role("dialog", name="New project")
    dialog.get_by_label("Name").fill("Garden shed")
    dialog.get_by_label("Tag").fill("shed")
    dialog.get_by_label("Hourly rate").fill("50")
    dialog.get_by_label("Estimated hours").fill("10")
    dialog.get_by_role("button", name="Create").click()
    expect(page.get_by_role("table", name="Projects")).to_contain_text("Garden shed")
    expect(page.get_by_role("table", name="Projects")).to_contain_text("0.0 of 10 h")

    page.get_by_role("link", name="Track").click()
    page.get_by_label("Description").fill("Roof #shed")
    expect(page.locator(".timer-project")).to_have_value(re.compile(r"^\d+$"))  # implied by the tag
    page.get_by_role("button", name="Start timer").click()
    expect(page.get_by_role("button", name="Stop timer")).to_be_visible()
    timer = api.timer()["timer"]
    assert timer["project"] == "Garden shed"
    page.get_by_role("button", name="Stop timer").click()
    expect(page.get_by_role("button", name="Start timer")).to_be_visible()
    close(ctx, page)


def test_a_change_made_through_the_api_appears_in_an_open_page(browser, base, admin):
    name, api = new_user(base, admin)
    ctx, page = open_app(browser, base, name)
    expect(page.locator(".entry-list .row")).to_have_count(0)
    api.call("POST", "/timer/start", 201, json={"notes": "Started from a script"})
    expect(page.get_by_role("button", name="Stop timer")).to_be_visible(timeout=8000)
    expect(page.locator(".timer-notes")).to_have_text("Started from a script")
    api.call("POST", "/timer/stop")
    expect(page.get_by_role("button", name="Start timer")).to_be_visible(timeout=8000)
    close(ctx, page)


def test_an_entry_made_offline_survives_a_reload_and_syncs_once_back_online(browser, base, admin):
    """Nothing lost, nothing sent twice. Polling is off here: a retry that happens to be in flight
    while the browser comes back online can reach the server although the page sees it fail (a lost
    answer); the Idempotency-Key each queued action carries is what makes the server drop such a
    repeat, and that is the server's side, tested with the API."""
    name, api = new_user(base, admin)
    ctx, page = open_app(browser, base, name, poll_ms=600_000)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("navigator.serviceWorker.controller !== null || true")
    ctx.set_offline(True)
    page.get_by_role("button", name="Add a finished entry").click()
    dialog = page.get_by_role("dialog", name="Add entry")
    dialog.get_by_label("Description").fill("Written on a train #offline")
    dialog.get_by_role("button", name="Add").click()
    expect(page.locator(".entry-list .row")).to_contain_text("waiting to sync")
    expect(page.locator("#conn")).to_contain_text("Offline · 1 waiting")
    page.get_by_label("Description").fill("Timer on the train")
    page.get_by_role("button", name="Start timer").click()
    expect(page.get_by_role("button", name="Stop timer")).to_be_visible()
    page.get_by_role("button", name="Stop timer").click()
    expect(page.locator("#conn")).to_contain_text("2 waiting")
    assert api.entries() == []

    page.reload()  # the service worker serves the app; the queue is in IndexedDB
    expect(page.locator(".entry-list")).to_contain_text("Written on a train")
    ctx.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#conn")).not_to_contain_text("waiting", timeout=10000)
    entries = api.entries()
    assert sorted(e["notes"] for e in entries) == ["Timer on the train", "Written on a train #offline"]
    assert all(e["end_time"] for e in entries)
    time.sleep(1.5)  # a later poll or replay must not send anything twice
    assert len(api.entries()) == 2
    close(ctx, page)


def test_a_phone_sized_screen(browser, base, admin):
    name, _api = new_user(base, admin)
    ctx, page = open_app(
        browser, base, name, viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True
    )
    nav = page.get_by_role("navigation", name="Main")
    box = nav.bounding_box()
    assert box["y"] + box["height"] >= 730, "the page tabs sit at the bottom on a phone"
    expect(page.get_by_role("button", name="Day", exact=True)).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    label = page.locator(".period-label")
    today = label.text_content()
    page.locator(".tl-wrap").evaluate(SWIPE_LEFT)  # a swipe to the left shows the next day
    expect(label).not_to_have_text(today)
    page.get_by_role("button", name="Today").click()
    expect(label).to_have_text(today)
    page.get_by_label("Description").fill("On the phone")
    page.get_by_role("button", name="Start timer").click()
    expect(page.get_by_role("button", name="Stop timer")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("button", name="Stop timer").click()
    expect(page.get_by_role("button", name="Start timer")).to_be_visible()
    for tab in ("Reports", "Settings"):
        nav.get_by_role("link", name=tab).click()
        expect(page.get_by_role("heading", name=tab, level=1)).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, tab
    close(ctx, page)


def test_live_updates_follow_the_websocket_contract(browser, base, admin):
    """The server's socket is stood in for (page.route_web_socket) to check the client's side of the
    contract: auth first, "ready", an event makes the page refetch, a ping changes nothing."""
    name, api = new_user(base, admin)
    ctx = browser.new_context(base_url=base)
    ctx.add_init_script("localStorage.setItem('pc_poll_ms', '600000');" + WATCH_CSP)  # no polling
    page = ctx.new_page()
    page.errors = []
    received: list[dict[str, Any]] = []
    sockets: list[Any] = []

    def handler(ws: Any) -> None:
        sockets.append(ws)

        def on_message(message: str | bytes) -> None:
            data = json.loads(message)
            received.append(data)
            if data["type"] == "auth":
                ws.send(
                    json.dumps(
                        {
                            "type": "ready",
                            "user_id": api.user["id"],
                            "scope": "own",
                            "heartbeat_seconds": 25,
                            "max_lifetime_seconds": 3600,
                        }
                    )
                )

        ws.on_message(on_message)

    page.route_web_socket(re.compile(r".*/api/v1/ws$"), handler)
    page.goto("/")
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#conn")).to_have_text("Live")
    assert received[0]["type"] == "auth"
    assert received[0]["token"].count(".") == 2  # the web token, in the first message, not the URL

    timer = api.call("POST", "/timer/start", 201, json={"notes": "Seen live"})["timer"]
    sockets[0].send(
        json.dumps(
            {
                "type": "event",
                "event": "time_entry.created",
                "id": "e1",
                "time": timer["start_time"],
                "user_id": api.user["id"],
                "actor_id": api.user["id"],
                "object": timer,
                "cursor": 1,
            }
        )
    )
    expect(page.locator(".timer-notes")).to_have_text("Seen live")
    sockets[0].send(json.dumps({"type": "ping"}))
    page.wait_for_timeout(300)
    expect(page.locator("#conn")).to_have_text("Live")
    assert [m["type"] for m in received] == ["auth"], "the client sends only what the contract names"
    close(ctx, page)


def test_api_tokens_are_shown_once_and_can_be_revoked(browser, base, admin):
    name, api = new_user(base, admin)
    ctx, page = open_app(browser, base, name)
    page.get_by_role("link", name="Settings").click()
    page.get_by_role("button", name="New token").click()
    dialog = page.get_by_role("dialog", name="New API token")
    dialog.get_by_label("Name").fill("laptop")
    dialog.get_by_label("read:reports").check()
    dialog.get_by_role("button", name="Create token").click()
    secret = dialog.locator("[data-secret]").text_content()
    assert secret
    expect(dialog).not_to_contain_text("null")
    dialog.get_by_role("button", name="Done").click()
    headers = {"Authorization": f"Bearer {secret}"}
    res = api.http.get("/timer/status", headers=headers)
    assert res.status_code == 200
    (token,) = api.call("GET", "/tokens")["api_tokens"]
    assert sorted(token["scopes"]) == ["read:reports", "read:time_entries", "write:time_entries"]
    assert secret not in page.content()  # shown once: not in the list
    page.get_by_role("button", name="Revoke laptop").click()
    page.get_by_role("dialog", name="Revoke token").get_by_role("button", name="Revoke").click()
    expect(page.get_by_text("No API tokens yet.")).to_be_visible()
    assert api.http.get("/timer/status", headers=headers).status_code == 401
    close(ctx, page)


def press_until(page: Any, key: str, check: Any) -> None:
    """Press ``key`` until ``check()`` passes, at most three times."""
    for attempt in range(3):
        page.keyboard.press(key)
        try:
            check()
            return
        except AssertionError:
            if attempt == 2:
                raise


def test_keyboard_navigation_and_start_earlier(browser, base, admin):
    name, api = new_user(base, admin)
    ctx, page = open_app(browser, base, name)
    label = page.locator(".period-label")
    expect(label).not_to_have_text("")
    this_week = label.text_content()
    # Under a loaded CI machine a key can land while the page is (re)mounting its view, with no
    # handler yet: a user would press again, and so does the test (at most three times a key).
    press_until(page, "ArrowLeft", lambda: expect(label).not_to_have_text(this_week, timeout=3000))
    press_until(page, "t", lambda: expect(label).to_have_text(this_week, timeout=3000))
    day = page.get_by_role("button", name="Day", exact=True)
    press_until(page, "d", lambda: expect(day).to_have_attribute("aria-pressed", "true", timeout=3000))
    page.keyboard.press("w")
    page.get_by_role("button", name="Earlier…").click()
    earlier = datetime.now(UTC) - timedelta(minutes=45)
    page.get_by_label("Started at").fill(earlier.strftime("%Y-%m-%dT%H:%M"))  # the user's zone is UTC
    page.get_by_label("Description").fill("Started before I remembered")
    page.get_by_role("button", name="Start timer").click()
    expect(page.get_by_role("button", name="Stop timer")).to_be_visible()
    started = datetime.fromisoformat(api.timer()["timer"]["start_time"].replace("Z", "+00:00"))
    assert abs((started - earlier.replace(second=0, microsecond=0)).total_seconds()) < 1
    page.keyboard.press("?")
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_hidden()
    close(ctx, page)


def test_sign_out_everywhere_ends_every_session(browser, base, admin):
    name, _api = new_user(base, admin)
    ctx, page = open_app(browser, base, name)
    other_ctx, other = open_app(browser, base, name)  # a second device
    page.get_by_role("link", name="Settings").click()
    page.get_by_role("button", name="Sign out everywhere").click()
    page.get_by_role("dialog", name="Sign out everywhere").get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    # Signing out reloads the page; the login form may show before that reload starts.
    assert evaluate_across_reloads(page, "localStorage.getItem('pc_token')") is None
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    other.reload()
    expect(other.get_by_role("button", name="Sign in")).to_be_visible()
    close(other_ctx, other)
    close(ctx, page)


def test_sessions_are_listed_and_another_browser_can_be_signed_out(browser, base, admin):
    name, api = new_user(base, admin)
    other_ctx, other = open_app(browser, base, name)  # a second browser
    ctx, page = open_app(browser, base, name)
    page.get_by_role("link", name="Settings").click()
    sessions = page.get_by_role("list", name="Sessions and devices")
    expect(sessions.get_by_text("This browser")).to_be_visible()
    expect(page.get_by_role("heading", name="Two-factor authentication")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("null")  # no empty value printed as text
    expect(sessions.locator("li")).to_have_count(3)  # new_user's API session too
    theirs = other.evaluate("localStorage.getItem('pc_token')")
    listed = api.http.get("/auth/sessions", headers={"Authorization": f"Bearer {theirs}"}).json()["sessions"]
    target = next(s["id"] for s in listed if s["current"])
    sessions.locator(f"li[data-session='{target}']").get_by_role("button").click()
    page.get_by_role("dialog", name="Sign out").get_by_role("button", name="Sign out").click()
    expect(sessions.locator("li")).to_have_count(2)
    other.reload()
    expect(other.get_by_role("button", name="Sign in")).to_be_visible()
    # Signing out here ends this session on the server too: its token stops working.
    token = page.evaluate("localStorage.getItem('pc_token')")
    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    assert api.http.get("/users/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    close(other_ctx, other)
    close(ctx, page)


def test_changing_the_password_keeps_this_browser_signed_in(browser, base, admin):
    name, _api = new_user(base, admin)
    other_ctx, other = open_app(browser, base, name)
    ctx, page = open_app(browser, base, name)
    page.get_by_role("link", name="Settings").click()
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password").fill(PASSWORD + "-new")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Other browsers and devices were signed out")).to_be_visible()
    page.reload()
    expect(page.get_by_role("heading", name="Settings")).to_be_visible()
    other.reload()
    expect(other.get_by_role("button", name="Sign in")).to_be_visible()
    close(other_ctx, other)
    close(ctx, page)


def test_a_late_401_for_a_replaced_token_does_not_sign_out(browser, base, admin):
    """A request sent just before a password change comes back 401 after the fresh token arrived: keep it."""
    name, _api = new_user(base, admin)
    ctx, page = open_app(browser, base, name)
    refused = {"code": "unauthorized"}
    page.route("**/api/v1/users/me?late", lambda route: route.fulfill(status=401, json=refused))
    kept = page.evaluate(
        """async () => {
          const src = document.querySelector('script[type=module]').src;
          const m = await import(new URL('api.js', src).href);
          const late = m.api('GET', '/users/me?late');
          m.setToken('fresh-token-from-the-change', 0);
          await late.catch(() => {});
          return m.token();
        }"""
    )
    assert kept == "fresh-token-from-the-change"
    close(ctx, page)


def test_projects_and_tasks_show_everyones_hours_against_their_estimates(browser, base, admin):
    name, api = new_user(base, admin, role="manager")
    _member, member_api = new_user(base, admin)
    project = api.call("POST", "/projects", 201, json={"name": "Budgeted", "estimated_hours": 10})["project"][
        "id"
    ]
    task = api.call(
        "POST", "/tasks", 201, json={"name": "Design", "project_id": project, "estimated_hours": 4}
    )
    task_id = task["task"]["id"]
    for who, start, end in (
        (api, "2024-03-04T09:00:00Z", "2024-03-04T11:00:00Z"),
        (member_api, "2024-03-05T09:00:00Z", "2024-03-05T12:30:00Z"),
    ):
        body = {"project_id": project, "task_id": task_id, "start_time": start, "end_time": end}
        who.call("POST", "/time-entries", 201, json=body)
    ctx, page = open_app(browser, base, name)
    page.get_by_role("link", name="Projects").click()
    expect(page.get_by_role("table", name="Projects")).to_contain_text("5.5 of 10 h")
    page.get_by_role("tab", name="Tasks").click()
    expect(page.get_by_role("table", name="Tasks")).to_contain_text("5.5 of 4 h")
    close(ctx, page)


def test_typing_the_projects_tag_keeps_the_chosen_task(browser, base, admin):
    name, api = new_user(base, admin, role="manager")
    # Projects and tags are shared by the module's users: names of this test's own.
    shed, garden = f"shed{name}", f"garden{name}"
    project = api.call("POST", "/projects", 201, json={"name": shed, "tag": shed})["project"]["id"]
    task = api.call("POST", "/tasks", 201, json={"name": "Roofing", "project_id": project})["task"]["id"]
    other = api.call("POST", "/projects", 201, json={"name": garden, "tag": garden})["project"]["id"]
    ctx, page = open_app(browser, base, name)
    page.locator(".timer-project").select_option(str(project))
    page.locator(".timer-task").select_option(str(task))
    page.get_by_label("Description").fill(f"Roof #{shed}")
    expect(page.locator(".timer-task")).to_have_value(str(task))
    # A tag naming another project moves to it, with no task chosen yet.
    page.get_by_label("Description").fill(f"Roof #{garden}")
    expect(page.locator(".timer-project")).to_have_value(str(other))
    expect(page.locator(".timer-task")).to_have_value("")
    # The entry dialog behaves the same.
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Add a finished entry").click()
    dialog = page.get_by_role("dialog", name="Add entry")
    dialog.locator("select[name=project]").select_option(str(project))
    dialog.locator("select[name=task]").select_option(str(task))
    dialog.locator("input[name=notes]").fill(f"Gutter #{shed}")
    expect(dialog.locator("select[name=task]")).to_have_value(str(task))
    close(ctx, page)


def test_a_member_makes_a_calendar_feed_token_and_is_never_offered_admin(browser, base, admin):
    name, api = new_user(base, admin)
    ctx, page = open_app(browser, base, name)
    page.get_by_role("link", name="Settings").click()
    page.get_by_role("button", name="New token").click()
    dialog = page.get_by_role("dialog", name="New API token")
    expect(dialog.get_by_label("read:webhooks")).to_be_visible()
    expect(dialog.get_by_label("admin:all")).to_have_count(0)
    expect(dialog.get_by_label("write:projects")).to_have_count(0)
    dialog.get_by_label("Name").fill("calendar")
    dialog.get_by_label("read:calendar").check()
    expect(dialog.get_by_label("read:time_entries")).not_to_be_checked()
    expect(dialog.get_by_label("read:time_entries")).to_be_disabled()
    dialog.get_by_role("button", name="Create token").click()
    feed = dialog.locator("[data-feed]").text_content()
    assert feed.startswith(base)
    assert "/api/v1/calendar/feed.ics?token=tt_" in feed
    res = api.http.get(feed.removeprefix(base).removeprefix("/api/v1"))
    assert res.status_code == 200, res.text
    assert res.text.startswith("BEGIN:VCALENDAR")
    dialog.get_by_role("button", name="Done").click()
    close(ctx, page)


def test_signing_in_with_enter_leaves_no_focus_frame_around_the_page(browser, base, admin):
    name, _api = new_user(base, admin)
    ctx = browser.new_context(base_url=base)
    page = ctx.new_page()
    page.goto("/")
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    expect(page.locator("main#main .timer, main#main .page-head").first).to_be_visible()
    frame = page.evaluate("getComputedStyle(document.querySelector('main#main')).boxShadow")
    assert frame == "none"
    ctx.close()


def test_an_admin_on_a_phone_reaches_every_users_buttons(browser, base, admin):
    name, api = new_user(base, admin, role="admin")
    api.call(
        "POST",
        "/users",
        201,
        json={
            "username": f"{name}-with-a-rather-long-name",
            "password": PASSWORD,
            "display_name": "Alexandra Konstantinopoulou-Smith",
        },
    )
    ctx, page = open_app(
        browser, base, name, viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True
    )
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Users").click()
    table = page.get_by_role("table", name="Users")
    expect(table).to_contain_text("Alexandra Konstantinopoulou-Smith")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # Every row's buttons lie inside the screen, not in a part of the table scrolled away.
    for button in table.get_by_role("button").all():
        box = button.bounding_box()
        assert 0 <= box["x"] <= 360 - box["width"], button.text_content()
    name_box = table.get_by_text("Alexandra Konstantinopoulou-Smith").bounding_box()
    assert name_box["height"] < 60, "the name wraps at word boundaries, not letter by letter"
    close(ctx, page)


REFUSED = (
    '{"error": "Too many requests", "message": "Rate limit of 600 requests exceeded", "code": "rate_limited"}'
)
ENTRY_READS = re.compile(r".*/api/v1/(time-entries|startup/period)\?.*")


def test_a_refused_or_failed_read_never_shows_as_no_data(browser, base, admin):
    name, api = new_user(base, admin)
    start = this_week_start(api, hours_ago=3)
    body = {"start_time": iso(start), "end_time": iso(start + timedelta(hours=1)), "notes": "kept on screen"}
    api.call("POST", "/time-entries", 201, json=body)
    ctx, page = open_app(browser, base, name)
    total = page.locator(".period-total")
    expect(total).to_have_text("1:00 total")
    refused: list[str] = []

    def refuse(route: Any) -> None:
        refused.append(route.request.url)
        headers = {"Retry-After": "2", "Content-Type": "application/json"}
        route.fulfill(status=429, headers=headers, body=REFUSED)

    page.route(ENTRY_READS, refuse)
    previous = page.get_by_role("button", name="Previous period")
    previous.click()  # seen already (fetched ahead): shown from memory
    previous.click()  # never seen: refused
    notice = page.locator(".stale-notice")
    expect(notice).to_contain_text("could not be loaded: the server asked to slow down. Trying again in")
    expect(total).to_have_text("")  # not "0:00 total"
    expect(page.locator(".tl-wrap")).to_contain_text("Not loaded yet.")
    assert page.locator(".toast").count() == 0  # said once, on the page, not in a pile of toasts
    # After the Retry-After the app asks again by itself, once, and shows the period.
    tries = len(refused)
    page.unroute(ENTRY_READS)
    expect(notice).to_be_hidden(timeout=10_000)
    expect(total).to_have_text("0:00 total")
    assert tries <= 3
    # Back on this week with the network gone: the copy stays on screen, marked as a copy.
    page.get_by_role("button", name="Today").click()
    expect(total).to_have_text("1:00 total")
    ctx.set_offline(True)
    page.route(ENTRY_READS, lambda route: route.abort())
    previous.click()
    page.get_by_role("button", name="Today").click()
    expect(notice).to_contain_text("Showing the copy from")
    expect(total).to_have_text("1:00 total")
    expect(page.get_by_text("kept on screen").first).to_be_visible()
    ctx.set_offline(False)
    page.unroute(ENTRY_READS)
    close(ctx, page)


def test_paging_back_through_weeks_costs_one_request_a_move(browser, base, admin):
    name, api = new_user(base, admin)
    now = this_week_start(api, hours_ago=0)  # weeks that begin three days ago: far from every entry
    for weeks in range(1, 12):
        start = now - timedelta(weeks=weeks, hours=2)
        api.call(
            "POST",
            "/time-entries",
            201,
            json={"start_time": iso(start), "end_time": iso(start + timedelta(hours=1))},
        )
    ctx, page = open_app(browser, base, name)
    page.get_by_role("button", name="Week", exact=True).click()
    expect(page.locator(".period-total")).to_contain_text("total")
    page.wait_for_timeout(500)  # the week before is fetched ahead while idle
    asked: list[str] = []
    page.on("request", lambda req: "/api/v1/" in req.url and asked.append(req.url))
    label = page.locator(".period-label")
    for _ in range(10):
        before = label.text_content()
        page.get_by_role("button", name="Previous period").click()
        expect(label).not_to_have_text(before)
        expect(page.locator(".period-total")).to_have_text("1:00 total")
    page.wait_for_timeout(500)
    assert len(asked) <= 10, asked
    close(ctx, page)


def test_a_new_entry_starts_where_the_last_one_ended_and_esc_asks_before_discarding(browser, base, admin):
    name, api = new_user(base, admin)
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    ended = now - timedelta(minutes=10)
    api.call(
        "POST",
        "/time-entries",
        201,
        json={"start_time": iso(ended - timedelta(minutes=30)), "end_time": iso(ended)},
    )
    ctx, page = open_app(browser, base, name)
    page.get_by_role("button", name="Day", exact=True).click()
    same_day = ended.date() == now.date()
    if (ended - timedelta(minutes=30)).date() == now.date():  # all of it today (not just after midnight)
        expect(page.locator(".period-total")).to_have_text("0:30 total")
    page.get_by_role("button", name="Add a finished entry").click()
    dialog = page.get_by_role("dialog", name="Add entry")
    expected = ended if same_day else now - timedelta(hours=1)
    expect(dialog.locator("input[name=start]")).to_have_value(expected.strftime("%Y-%m-%dT%H:%M"))
    page.keyboard.press("Escape")  # nothing typed: closes at once
    expect(dialog).to_be_hidden()
    page.get_by_role("button", name="Add a finished entry").click()
    dialog.locator("input[name=notes]").fill("half-written")
    page.keyboard.press("Escape")
    ask = page.get_by_role("dialog", name="Discard changes?")
    ask.get_by_role("button", name="Cancel").click()
    expect(dialog.locator("input[name=notes]")).to_have_value("half-written")
    dialog.get_by_role("button", name="Cancel").click()
    ask.get_by_role("button", name="Discard").click()
    expect(dialog).to_be_hidden()
    close(ctx, page)


def test_a_new_user_is_told_how_to_start_until_the_first_entry(browser, base, admin):
    name, _api = new_user(base, admin)
    ctx, page = open_app(browser, base, name, viewport={"width": 1366, "height": 768})
    welcome = page.get_by_role("region", name="Getting started")
    expect(welcome).to_be_visible()
    assert welcome.bounding_box()["y"] + 60 < 768, "above the fold"
    page.get_by_label("Description").fill("My first timer")
    page.get_by_role("button", name="Start timer").click()
    expect(page.get_by_role("button", name="Stop timer")).to_be_visible()
    expect(welcome).to_be_hidden()
    page.get_by_role("button", name="Stop timer").click()
    close(ctx, page)


def test_overlapping_entries_are_shown_named_in_totals_and_warned_about(browser, base, admin):
    name, api = new_user(base, admin)
    start = this_week_start(api, hours_ago=6)
    first = {"start_time": iso(start), "end_time": iso(start + timedelta(hours=2)), "notes": "long task"}
    second = {
        "start_time": iso(start + timedelta(hours=1)),
        "end_time": iso(start + timedelta(hours=3)),
        "notes": "call",
    }
    ids = [api.call("POST", "/time-entries", 201, json=body)["time_entry"]["id"] for body in (first, second)]
    ctx, page = open_app(browser, base, name)
    expect(page.locator(".period-total")).to_have_text("4:00 total · incl. 1:00 overlapping")
    # Both entries are marked (each piece of one, when they cross midnight: before 06:00 UTC).
    for entry_id in ids:
        expect(page.locator(f'.tl-entry.overlap[data-id="{entry_id}"]').first).to_be_visible()
    expect(page.locator(".tl-entry:not(.overlap)")).to_have_count(0)
    expect(page.locator(".entry-list .badge", has_text="overlaps")).to_have_count(2)
    # Saving a third one over them asks once, then keeps both.
    page.get_by_role("button", name="Add a finished entry").click()
    dialog = page.get_by_role("dialog", name="Add entry")
    dialog.locator("input[name=notes]").fill("standup")
    dialog.locator("input[name=start]").fill((start + timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M"))
    dialog.locator("input[name=end]").fill((start + timedelta(minutes=45)).strftime("%Y-%m-%dT%H:%M"))
    dialog.get_by_role("button", name="Add").click()
    expect(dialog.get_by_role("alert")).to_contain_text('This overlaps "long task"')
    assert len(api.entries()) == 2
    dialog.get_by_role("button", name="Save anyway").click()
    expect(dialog).to_be_hidden()
    expect(page.locator(".entry-list .badge", has_text="overlaps")).to_have_count(3)
    close(ctx, page)


def test_an_earlier_description_fills_its_project_task_and_tags_in_one_pick(browser, base, admin):
    name, api = new_user(base, admin, role="manager")
    project = api.call("POST", "/projects", 201, json={"name": f"Client {name}"})["project"]["id"]
    task = api.call("POST", "/tasks", 201, json={"name": "Reviews", "project_id": project})["task"]["id"]
    start = datetime.now(UTC) - timedelta(days=2)
    body = {
        "start_time": iso(start),
        "end_time": iso(start + timedelta(hours=1)),
        "notes": "Code review",
        "tags": "client-a",
        "project_id": project,
        "task_id": task,
    }
    api.call("POST", "/time-entries", 201, json=body)
    ctx, page = open_app(browser, base, name)
    page.get_by_label("Description").fill("revi")
    option = page.get_by_role("option", name=re.compile("Code review #client-a"))
    expect(option).to_contain_text(f"Client {name} · Reviews")
    option.click()
    expect(page.get_by_label("Description")).to_have_value("Code review #client-a")
    expect(page.locator(".timer-project")).to_have_value(str(project))
    expect(page.locator(".timer-task")).to_have_value(str(task))
    page.get_by_role("button", name="Start timer").click()
    expect(page.get_by_role("button", name="Stop timer")).to_be_visible()
    timer = api.timer()["timer"]
    assert timer["notes"].startswith("Code review")
    assert (timer["tag_list"], timer["project_id"], timer["task_id"]) == (["client-a"], project, task)
    page.get_by_role("button", name="Stop timer").click()
    close(ctx, page)


def test_continue_the_latest_entry_in_one_click(browser, base, admin):
    name, api = new_user(base, admin)
    start = datetime.now(UTC) - timedelta(hours=2)
    body = {
        "start_time": iso(start),
        "end_time": iso(start + timedelta(hours=1)),
        "notes": "Write the report",
    }
    api.call("POST", "/time-entries", 201, json=body)
    ctx, page = open_app(browser, base, name)
    page.get_by_role("button", name="Continue: Write the report").click()
    expect(page.get_by_role("button", name="Stop timer")).to_be_visible()
    assert api.timer()["timer"]["notes"] == "Write the report"
    page.get_by_role("button", name="Stop timer").click()
    close(ctx, page)
