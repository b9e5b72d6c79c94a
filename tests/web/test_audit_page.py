"""The Audit log page (admins): readable events, filters kept in the address, CSV and JSON downloads
of what is filtered, the retention setting in Settings, a failed reload that keeps the rows, and
the page in four looks.

Screenshots at 1366 and 360 px, light and dark, go to $PUNCHCLOCK_SCREENSHOTS (default: a temporary
folder) for a person to look at.
"""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import httpx
import pytest

from tests.web.browser import SIZES, close, new_user, open_app

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def story(base, admin):
    """A failed sign-in, a sign-in, a role change and a new currency, by an admin and a member."""
    boss, boss_api = new_user(base, admin, role="admin")
    member, _ = new_user(base, admin)
    res = httpx.post(f"{base}/api/v1/auth/session", json={"username": member, "password": "not-the-password"})
    assert res.status_code == 401
    member_id = next(
        u["id"] for u in admin.call("GET", "/users?per_page=100")["users"] if u["username"] == member
    )
    boss_api.call("PATCH", f"/users/{member_id}", json={"role": "manager"})
    boss_api.call("PUT", "/settings/workspace", json={"currency": "EUR"})
    return {"boss": boss, "member": member, "member_id": member_id}


def eventually(check, seconds=15.0):
    """Wait for ``check()`` to hold (a save the page sent on a change event reaches the server)."""
    end = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < end, "not within the time"
        time.sleep(0.1)


def rows(page):
    return page.get_by_role("table", name="Audit log").locator("tbody tr")


def test_the_log_reads_as_sentences_and_filters_by_what_who_and_when(browser, base, story):
    boss, member = story["boss"], story["member"]
    ctx, page = open_app(browser, base, boss)
    page.get_by_role("link", name="Audit log").click()
    table = page.get_by_role("table", name="Audit log")
    expect(table).to_contain_text(f"Failed sign-in as '{member}' to the web app: wrong password")
    expect(table).to_contain_text(f"{boss} changed {member}'s role from 'member' to 'manager'")
    expect(table).to_contain_text(f"{boss} changed the workspace's currency from 'USD' to 'EUR'")

    page.get_by_label("What").select_option(label="Failed sign-ins")
    expect(rows(page)).to_have_count(1)
    expect(rows(page).first).to_contain_text(member)
    assert page.url.endswith("#/audit?action=auth.sign_in_failed")
    page.reload()  # the filter lives in the address
    expect(page.get_by_label("What")).to_have_value("auth.sign_in_failed")
    expect(rows(page)).to_have_count(1)

    page.get_by_label("What").select_option(label="Everything")
    page.get_by_label("Concerning").select_option(label=member)
    expect(rows(page).filter(has_text="changed")).to_have_count(1)
    for row in rows(page).all():
        expect(row).to_contain_text(member)
    page.get_by_label("Concerning").select_option(label="Anyone")
    page.get_by_label("Who").select_option(label=boss)
    expect(rows(page).filter(has_text="Failed sign-in")).to_have_count(0)
    expect(rows(page).filter(has_text="currency")).to_have_count(1)

    page.get_by_label("From").fill("2099-01-01")
    page.get_by_label("From").dispatch_event("change")
    expect(page.get_by_text("Nothing in the log matches these filters.")).to_be_visible()
    close(ctx, page)


def test_downloads_hold_what_is_filtered(browser, base, story):
    ctx, page = open_app(browser, base, story["boss"])
    page.goto("/#/audit?action=auth.sign_in_failed")
    expect(rows(page)).to_have_count(1)
    with page.expect_download() as got:
        page.get_by_role("button", name="CSV").click()
    download = got.value
    assert download.suggested_filename.startswith("audit-log-")
    assert download.suggested_filename.endswith(".csv")
    found = list(csv.DictReader(io.StringIO(Path(download.path()).read_text("utf-8-sig"))))
    assert [(r["action"], json.loads(r["detail"])["username"]) for r in found] == [
        ("auth.sign_in_failed", story["member"])
    ]
    with page.expect_download() as got:
        page.get_by_role("button", name="JSON").click()
    events = json.loads(Path(got.value.path()).read_text())["events"]
    assert [e["action"] for e in events] == ["auth.sign_in_failed"]
    close(ctx, page)


def test_members_and_managers_have_no_audit_log(browser, base, admin):
    manager, _ = new_user(base, admin, role="manager")
    ctx, page = open_app(browser, base, manager)
    expect(page.get_by_role("link", name="Projects")).to_be_visible()
    expect(page.get_by_role("link", name="Audit log")).to_have_count(0)
    page.goto("/#/audit")
    expect(page.locator("main#main .timer")).to_be_visible()  # the Track page instead
    close(ctx, page)


def test_the_retention_is_set_in_settings(browser, base, admin, story):
    ctx, page = open_app(browser, base, story["boss"])
    page.get_by_role("link", name="Settings").click()
    days = page.get_by_label("Audit log, days kept")
    expect(days).to_have_value("")
    # What is stored and what the field shows count; the toast saying so is gone after 6 s, which a
    # loaded machine can outlast before the check looks.
    kept = lambda: admin.call("GET", "/settings/workspace")["workspace"]["audit_retention_days"]  # noqa: E731
    days.fill("90")
    days.press("Tab")
    expect(page.locator(".toast.error")).to_have_count(0)
    eventually(lambda: kept() == 90)
    expect(days).to_have_value("90")
    days.fill("")
    days.press("Tab")
    eventually(lambda: kept() is None)
    expect(days).to_have_value("")
    expect(page.locator(".toast.error")).to_have_count(0)
    close(ctx, page)


@pytest.mark.parametrize("width", [1366, 1024, 761])
def test_an_admins_ten_pages_fit_the_top_bar(browser, base, story, width):
    """Named from 1600 px; below, icons named on hover and to screen readers."""
    ctx, page = open_app(browser, base, story["boss"], viewport={"width": width, "height": 700})
    link = page.locator("nav").get_by_role("link", name="Audit log")
    expect(link).to_be_visible()
    expect(link).to_have_attribute("title", "Audit log")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    heights = page.evaluate(
        "[...document.querySelectorAll('.nav a')].map((a) => a.getBoundingClientRect().height)"
    )
    assert max(heights) < 40  # one line each
    close(ctx, page)


def test_a_failed_reload_keeps_the_rows_and_tries_again(browser, base, story):
    ctx, page = open_app(browser, base, story["boss"])
    page.goto("/#/audit")
    expect(rows(page).first).to_be_visible()
    shown = rows(page).count()
    page.route("**/api/v1/audit?*", lambda route: route.fulfill(status=503, json={"code": "unavailable"}))
    page.get_by_label("What").select_option(label="API tokens")
    notice = page.locator(".audit-log").get_by_role("status")
    expect(notice).to_contain_text("Showing the copy from")
    assert rows(page).count() == shown
    page.unroute("**/api/v1/audit?*")
    expect(notice).to_have_count(0, timeout=10000)
    expect(page.get_by_text("Nothing in the log matches these filters.")).to_be_visible()
    close(ctx, page)


def test_the_page_in_four_looks(browser, base, story, shots):
    for size, viewport in SIZES.items():
        for scheme in ("light", "dark"):
            ctx, page = open_app(browser, base, story["boss"], viewport=viewport, color_scheme=scheme)
            page.goto("/#/audit")
            expect(rows(page).first).to_be_visible()
            page.mouse.move(0, 0)
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
            page.screenshot(path=str(shots / f"audit-{size}-{scheme}.png"), full_page=True)
            page.goto("/#/users")
            # The way in: the top bar, or on a phone (whose bottom bar is full) the Users page.
            for where, shown in (("nav", size == "wide"), ("main", size == "phone")):
                link = page.locator(where).get_by_role("link", name="Audit log")
                expect(link).to_be_visible() if shown else expect(link).to_be_hidden()
            page.mouse.move(0, 0)
            page.screenshot(path=str(shots / f"users-{size}-{scheme}.png"))
            page.goto("/#/settings")
            expect(page.get_by_label("Audit log, days kept")).to_be_visible()
            page.get_by_label("Audit log, days kept").scroll_into_view_if_needed()
            page.screenshot(path=str(shots / f"settings-workspace-{size}-{scheme}.png"))
            close(ctx, page)
