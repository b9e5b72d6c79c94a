"""Time off in real headless Chromium against a real `punchclock serve`: a member requests vacation
in the dialog, a manager approves it in Sign-off's absence requests, the member's page then shows
it approved with fewer days left, the team calendar paints it and the Track page labels its days;
an overlapping request shows the server's refusal in the dialog; an admin adds an absence type.
Screenshots at 1366 and 360 px, light and dark, go to $PUNCHCLOCK_SHOTS (default: a temporary
folder) to be looked at.

The vacation is three weekdays (Monday to Wednesday) of the current year: the next such week when
the year has one left, else one earlier in the year.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from tests.web.browser import SIZES, Api, close, new_user, open_app

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = pytest.mark.slow

TODAY = datetime.now(UTC).date()
WORKWEEK = [8 * 3600] * 5 + [0, 0]


def vacation_monday() -> date:
    monday = TODAY + timedelta(days=7 - TODAY.weekday())
    if (monday + timedelta(days=2)).year != TODAY.year:
        monday = TODAY - timedelta(days=TODAY.weekday() + 21)
    if monday.year != TODAY.year:  # early January: the year's second week
        monday = date(TODAY.year, 1, 8) - timedelta(days=date(TODAY.year, 1, 8).weekday())
    return monday


MONDAY = vacation_monday()
WEDNESDAY = MONDAY + timedelta(days=2)


def member_with_model(base: str, admin: Api) -> tuple[str, Api]:
    """A new member working Monday to Friday since January 1, with 30 vacation days a year."""
    name, api = new_user(base, admin)
    model = {"valid_from": f"{TODAY.year}-01-01", "weekday_seconds": WORKWEEK, "vacation_days": 30}
    admin.call("POST", "/work-models", 201, params={"user_id": api.user["id"]}, json=model)
    return name, api


def open_time_off(browser: Any, base: str, name: str, **context: Any) -> tuple[Any, Any]:
    ctx, page = open_app(browser, base, name, **context)
    link = page.locator(".nav a[data-page='absences']")
    if link.is_visible():
        link.click()
    else:  # a manager's phone: the bar has no room, Sign-off links the page
        page.get_by_role("link", name="Sign-off").click()
        page.get_by_role("link", name="Team calendar").click()
    expect(page.locator("#ab-requests")).to_be_attached()
    return ctx, page


def figure(page: Any, label: str) -> Any:
    return page.locator(".ab-figure", has_text=label).locator(".ab-num")


def request(page: Any, first: date, last: date, comment: str = "") -> None:
    """Fill the request dialog (vacation is preselected) and send it."""
    page.get_by_role("button", name="Request time off").click()
    dialog = page.get_by_role("dialog", name="Request time off")
    dialog.get_by_label("First day", exact=True).fill(first.isoformat())
    dialog.get_by_label("Last day", exact=True).fill(last.isoformat())
    if comment:
        dialog.get_by_label("Comment (optional)").fill(comment)
    dialog.get_by_role("button", name="Send request").click()


def test_a_member_requests_vacation_a_manager_approves_it_and_the_days_left_drop(browser, base, admin, shots):
    name, api = member_with_model(base, admin)
    boss, _ = new_user(base, admin, "manager")
    ctx, page = open_time_off(browser, base, name)
    expect(figure(page, "remaining")).to_have_text("30")
    request(page, MONDAY, WEDNESDAY, comment="Family visit")
    row = page.locator(".ab-item", has_text="Vacation")
    expect(row.locator(".badge")).to_have_text("Waiting for approval")
    expect(row.locator(".ab-days")).to_have_text("3 days")
    expect(figure(page, "planned")).to_have_text("3")
    expect(figure(page, "remaining")).to_have_text("30")  # planned days lower nothing yet

    # The manager approves it in Sign-off; the member's page follows live.
    bctx, bpage = open_app(browser, base, boss)
    bpage.get_by_role("link", name="Sign-off").click()
    queue = bpage.locator("section[aria-labelledby='so-absences']")
    item = queue.locator(".ab-item", has_text=name)
    expect(item).to_contain_text("Vacation")
    expect(item).to_contain_text("Family visit")
    item.get_by_role("button", name="Approve").click()
    bpage.get_by_role("dialog").get_by_label("Comment (optional)").fill("Enjoy")
    bpage.get_by_role("dialog").get_by_role("button", name="Approve").click()
    expect(queue.locator(".ab-item", has_text=name)).to_have_count(0)
    absence = api.call("GET", "/absences")["absences"][0]
    assert absence["status"] == "approved"
    assert absence["review_comment"] == "Enjoy"

    expect(row.locator(".badge")).to_have_text("Approved")
    expect(row).to_contain_text("Enjoy")
    expect(figure(page, "taken")).to_have_text("3")
    expect(figure(page, "remaining")).to_have_text("27")
    # An approved absence is not the member's to delete or withdraw.
    expect(row.get_by_role("button")).to_have_count(0)

    # The team calendar (linked from the requests) paints the three days in the vacation colour.
    queue.get_by_role("link", name="Team calendar").click()
    cal = bpage.locator(".ab-cal")
    for _ in range((MONDAY.year - TODAY.year) * 12 + MONDAY.month - TODAY.month):
        cal.get_by_role("button", name="Next").click()
    person = cal.locator(f"tr[data-user='{name}']")
    expect(person.locator("td.off")).to_have_count(3)
    expect(person.locator(f"td[data-day='{MONDAY.isoformat()}'] .ab-fill")).to_have_count(1)
    cal.get_by_role("button", name="Year").click()
    expect(cal.locator(".ab-cal-label")).to_have_text(str(MONDAY.year))
    expect(cal.locator(f"tr[data-user='{name}'] td.off")).to_have_count(3)
    close(bctx, bpage)
    close(ctx, page)


def test_the_track_week_labels_days_off(browser, base, admin):
    name, api = member_with_model(base, admin)
    vacation = next(t for t in api.call("GET", "/absence-types")["absence_types"] if t["code"] == "vacation")
    monday = TODAY - timedelta(days=TODAY.weekday())
    body = {
        "type_id": vacation["id"],
        "start_date": monday.isoformat(),
        "end_date": monday.isoformat(),
        "submit": True,
    }
    api.call("POST", "/absences", 201, json=body)
    ctx, page = open_app(browser, base, name)
    page.locator(".seg button[data-kind='week']").click()
    label = page.locator(".tl-day .tl-off")
    expect(label).to_have_count(1)
    expect(label).to_contain_text("Vacation")
    expect(label).to_have_class(re.compile(r"\bwaiting\b"))
    close(ctx, page)


def test_an_overlapping_request_shows_the_servers_refusal(browser, base, admin):
    name, api = member_with_model(base, admin)
    vacation = next(t for t in api.call("GET", "/absence-types")["absence_types"] if t["code"] == "vacation")
    body = {"type_id": vacation["id"], "start_date": MONDAY.isoformat(), "end_date": WEDNESDAY.isoformat()}
    api.call("POST", "/absences", 201, json=body)
    ctx, page = open_time_off(browser, base, name)
    request(page, WEDNESDAY, WEDNESDAY + timedelta(days=1))
    dialog = page.get_by_role("dialog", name="Request time off")
    expect(dialog.locator(".form-error")).to_contain_text(
        f"{WEDNESDAY.isoformat()} is taken by another absence"
    )
    dialog.get_by_role("button", name="Cancel").click()
    assert len(api.call("GET", "/absences")["absences"]) == 1
    # A draft may be sent, then withdrawn, then deleted.
    page.get_by_role("button", name="Request time off").click()
    dialog = page.get_by_role("dialog", name="Request time off")
    dialog.get_by_label("First day", exact=True).fill((MONDAY + timedelta(days=7)).isoformat())
    dialog.get_by_label("Last day", exact=True).fill((MONDAY + timedelta(days=7)).isoformat())
    dialog.get_by_label("Half day", exact=True).check()
    dialog.get_by_role("button", name="Save as draft").click()
    draft = page.locator(".ab-item[data-status='draft']")
    expect(draft.locator(".ab-days")).to_have_text("0.5 days")
    draft.get_by_role("button", name="Submit").click()
    sent = page.locator(".ab-item", has_text="½")
    expect(sent.locator(".badge")).to_have_text("Waiting for approval")
    sent.get_by_role("button", name="Withdraw").click()
    expect(sent.locator(".badge")).to_have_text("Draft")
    sent.get_by_role("button", name="Delete").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete").click()
    expect(page.locator(".ab-item")).to_have_count(1)
    close(ctx, page)


def test_an_admin_adds_an_absence_type_and_a_type_in_use_is_not_deleted(browser, base, admin):
    _, api = member_with_model(base, admin)
    vacation = next(t for t in api.call("GET", "/absence-types")["absence_types"] if t["code"] == "vacation")
    body = {"type_id": vacation["id"], "start_date": MONDAY.isoformat(), "end_date": MONDAY.isoformat()}
    api.call("POST", "/absences", 201, json=body)
    boss, _ = new_user(base, admin, "admin")
    ctx, page = open_time_off(browser, base, boss)
    card = page.locator("section[aria-labelledby='ab-types']")
    card.get_by_role("button", name="Add type").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Name").fill("Training")
    dialog.get_by_label("Code").fill("training")
    dialog.get_by_label("Effect on the day").select_option("excused")
    dialog.get_by_role("button", name="Add").click()
    expect(card.locator(".ab-type[data-code='training']")).to_contain_text("No target that day")
    found = next(t for t in admin.call("GET", "/absence-types")["absence_types"] if t["code"] == "training")
    assert found["effect"] == "excused"
    assert found["needs_approval"] is True
    # Vacation is used: deleting it says why not (409 in_use), and it stays.
    card.locator(".ab-type[data-code='vacation']").get_by_role("button", name="Delete").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete").click()
    expect(page.locator(".toast.error")).to_contain_text("Absences of this type exist: switch it off instead")
    expect(card.locator(".ab-type[data-code='vacation']")).to_be_visible()
    close(ctx, page)


def test_a_failed_reload_keeps_the_requests_and_the_figures_and_retries(browser, base, admin):
    name, api = member_with_model(base, admin)
    vacation = next(t for t in api.call("GET", "/absence-types")["absence_types"] if t["code"] == "vacation")
    body = {"type_id": vacation["id"], "start_date": MONDAY.isoformat(), "end_date": WEDNESDAY.isoformat()}
    absence = api.call("POST", "/absences", 201, json=body)["absence"]
    ctx, page = open_time_off(browser, base, name)
    row = page.locator(".ab-item", has_text="Vacation")
    expect(row.locator(".badge")).to_have_text("Waiting for approval")
    expect(figure(page, "planned")).to_have_text("3")
    down = {"code": "unavailable"}
    fail = lambda route: route.fulfill(status=503, json=down)  # noqa: E731
    page.route("**/api/v1/absences?*", fail)
    page.route("**/api/v1/worktime/balance", fail)
    # Withdrawn elsewhere: the live event reloads both, both reads fail; what was shown stays.
    api.call("POST", f"/absences/{absence['id']}/withdraw")
    notices = page.locator(".ab-card .stale-notice")
    expect(notices).to_have_count(2)
    expect(notices.first).to_contain_text("Showing the copy from")
    expect(notices.first).to_contain_text("the server had a problem (HTTP 503)")
    expect(row.locator(".badge")).to_have_text("Waiting for approval")
    expect(figure(page, "planned")).to_have_text("3")
    page.unroute("**/api/v1/absences?*")
    page.unroute("**/api/v1/worktime/balance")
    expect(row.locator(".badge")).to_have_text("Draft", timeout=20000)
    expect(figure(page, "planned")).to_have_text("0", timeout=20000)
    expect(notices).to_have_count(0)
    close(ctx, page)


def test_screenshots(browser, base, admin, shots):
    """The Time off page, the request dialog and the team calendar at 1366 and 360 px, light and dark."""
    name, api = member_with_model(base, admin)
    types = {t["code"]: t["id"] for t in api.call("GET", "/absence-types")["absence_types"]}
    # Around today (so this week shows them on the Track page): approved sick leave (½ its last day),
    # vacation waiting for approval, and a company day off (added last: the other tests' days stay).
    plan = ((-1, 1, "sick", True), (3, 2, "vacation", False), (12, 3, "vacation", False))
    for start, days, code, half in plan:
        day = TODAY + timedelta(days=start)
        body = {
            "type_id": types[code],
            "start_date": day.isoformat(),
            "comment": "Seaside",
            "end_date": (day + timedelta(days=days - 1)).isoformat(),
            "end_half": half,
        }
        api.call("POST", "/absences", 201, json=body)
    admin.call(
        "POST",
        "/holidays/company",
        201,
        json={"date": (TODAY + timedelta(days=1)).isoformat(), "name": "Founders' day"},
    )
    boss, _ = new_user(base, admin, "manager")
    for size, viewport in SIZES.items():
        for scheme in ("light", "dark"):
            ctx, page = open_time_off(browser, base, name, viewport=viewport, color_scheme=scheme)
            expect(page.locator(".ab-item").first).to_be_visible()
            expect(figure(page, "remaining")).not_to_have_text("")
            page.screenshot(path=str(shots / f"absences-{size}-{scheme}.png"), full_page=True)
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
            page.get_by_role("button", name="Request time off").click()
            expect(page.get_by_role("dialog")).to_be_visible()
            page.screenshot(path=str(shots / f"absences-dialog-{size}-{scheme}.png"))
            page.get_by_role("dialog").get_by_role("button", name="Cancel").click()
            close(ctx, page)
            ctx, page = open_time_off(browser, base, boss, viewport=viewport, color_scheme=scheme)
            page.get_by_role("button", name="Team calendar").click()
            person = page.locator(f".ab-cal tr[data-user='{name}']")
            expect(person).to_be_visible()
            # The half sick day fills half its cell; the company day is marked for everyone.
            sick = (TODAY - timedelta(days=1)).isoformat()
            holiday = (TODAY + timedelta(days=1)).isoformat()
            if sick[:7] == TODAY.isoformat()[:7]:
                expect(person.locator(f"td[data-day='{sick}'] .ab-fill.half")).to_have_count(1)
            if holiday[:7] == TODAY.isoformat()[:7]:
                expect(person.locator(f"td[data-day='{holiday}']")).to_have_class(re.compile(r"\bholiday\b"))
            page.screenshot(path=str(shots / f"absences-calendar-{size}-{scheme}.png"), full_page=True)
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
            page.get_by_role("link", name="Sign-off").click()
            expect(page.locator("section[aria-labelledby='so-absences'] .ab-item").first).to_be_visible()
            page.screenshot(path=str(shots / f"absences-signoff-{size}-{scheme}.png"), full_page=True)
            close(ctx, page)
        ctx, page = open_app(browser, base, name, viewport=viewport)
        page.locator(".seg button[data-kind='week']").click()
        expect(page.locator(".tl-off").first).to_be_visible()
        page.screenshot(path=str(shots / f"absences-track-{size}.png"), full_page=True)
        close(ctx, page)
