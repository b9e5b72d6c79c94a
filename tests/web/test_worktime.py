"""The Working time page (#/worktime), the work model editor (Users → Working time) and Settings →
Working time in a real browser: balances and days as the API counts them, a holiday, month
navigation, downloads, a manager's Team tab, settings that survive a reload. Screenshots at 1366
and 360 px, light and dark, go to $PUNCHCLOCK_SHOTS (default: a temporary folder) to be looked at.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.web.browser import SIZES, Api, close, new_user, open_app

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = pytest.mark.slow

FULL = [28800, 28800, 28800, 28800, 28800, 0, 0]


def signed(seconds: int) -> str:
    """As the page writes a balance (js/worktime.js signed)."""
    whole = abs(seconds) // 60
    text = f"{whole // 60}:{whole % 60:02d}"
    if whole == 0:
        return "0:00"
    return f"+{text}" if seconds > 0 else f"\u2212{text}"


def weekdays(first: date, count: int) -> list[date]:
    out, day = [], first
    while len(out) < count:
        if day.weekday() < 5:
            out.append(day)
        day += timedelta(days=1)
    return out


@pytest.fixture(scope="module")
def story(base: str, admin: Api) -> dict:
    """Alice works full time since the first of last month, with a company day off and one long day
    (10 h, no break) early in that month; her manager leads her team."""
    today = date.today()
    last = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    holiday, long_day = weekdays(last, 2)
    alice, alice_api = new_user(base, admin)
    boss, boss_api = new_user(base, admin, role="manager")
    model = {"valid_from": last.isoformat(), "weekday_seconds": FULL, "vacation_days": 30}
    admin.call("POST", "/work-models", 201, params={"user_id": alice_api.user["id"]}, json=model)
    admin.call("POST", "/holidays/company", 201, json={"date": holiday.isoformat(), "name": "Founders Day"})
    body = {"notes": "Long day", "start_time": f"{long_day}T08:00:00Z", "end_time": f"{long_day}T18:00:00Z"}
    alice_api.call("POST", "/time-entries", 201, json=body)
    team = admin.call("POST", "/teams", 201, json={"name": "Crew"})["team"]["id"]
    admin.call("PUT", f"/teams/{team}/members/{alice_api.user['id']}", json={})
    admin.call("PUT", f"/teams/{team}/members/{boss_api.user['id']}", json={"is_lead": True})
    return {"alice": alice, "alice_api": alice_api, "boss": boss, "last": last, "holiday": holiday,
            "long_day": long_day, "today": today}  # fmt: skip


def test_a_member_sees_her_balance_days_and_holiday_and_downloads_the_month(browser, base, story):
    api: Api = story["alice_api"]
    balance = api.call("GET", "/worktime/balance")
    ctx, page = open_app(browser, base, story["alice"])
    page.get_by_role("link", name="Working time").click()
    expect(page.get_by_role("heading", name="Working time")).to_be_visible()
    running = page.locator("[data-card=running] strong")
    expect(running).to_have_text(signed(balance["running"]))
    assert balance["running"] < 0  # a month of full days, one of them worked
    expect(running).to_have_class("wt-amount minus")
    expect(page.locator("[data-card=month] strong")).to_have_text(signed(balance["month"]["balance"]))
    # This month: today is marked and not counted yet.
    today = page.locator(f"tr[data-date='{story['today']}']")
    expect(today).to_contain_text("Today")
    expect(today.locator(".wt-bal")).to_contain_text("today")
    # Last month: the company day is off, the long day banks two hours.
    page.get_by_role("button", name="Previous month").click()
    expect(page.locator(".wt-month-label")).to_have_text(story["last"].strftime("%B %Y"))
    holiday = page.locator(f"tr[data-date='{story['holiday']}']")
    expect(holiday).to_contain_text("Founders Day")
    expect(holiday).to_have_class("wt-day off")
    long_day = page.locator(f"tr[data-date='{story['long_day']}']")
    expect(long_day).to_contain_text("10:00")
    expect(long_day.locator(".wt-bal")).to_have_text("+2:00")
    with page.expect_download() as got:
        page.get_by_role("button", name="Download the month as CSV").click()
    assert got.value.suggested_filename.endswith(f"{story['last']:%Y-%m}.csv")
    rows = list(csv.DictReader(io.StringIO(Path(got.value.path()).read_text("utf-8-sig"))))
    assert any(r["holiday"] == "Founders Day" for r in rows)
    page.get_by_role("button", name="This month").click()
    expect(page.locator(f"tr[data-date='{story['today']}']")).to_be_visible()
    # A member has no Team tab and no person picker.
    expect(page.get_by_role("tab", name="Team")).to_have_count(0)
    close(ctx, page)


def test_a_member_without_a_model_is_told_so_not_shown_zeros(browser, base, admin):
    name, _ = new_user(base, admin)
    ctx, page = open_app(browser, base, name)
    page.goto(f"{base}/#/worktime")
    expect(page.locator(".wt-empty")).to_contain_text(
        "No work model yet — an admin sets your weekly hours in Users"
    )
    expect(page.locator(".wt-cards")).to_have_count(0)
    close(ctx, page)


def test_a_manager_sees_the_team_tab_and_a_persons_month(browser, base, story, shots):
    ctx, page = open_app(browser, base, story["boss"])
    page.goto(f"{base}/#/worktime")
    page.get_by_role("tab", name="Team").click()
    row = page.locator(f"tr[data-user='{story['alice']}']")
    running = story["alice_api"].call("GET", "/worktime/balance")["running"]
    expect(row).to_contain_text(signed(running))
    expect(page.locator(f"tr[data-user='{story['boss']}']")).to_contain_text("No work model yet")
    with page.expect_download() as got:
        page.get_by_role("button", name="Download the team's month as CSV").click()
    assert got.value.suggested_filename.endswith(".csv")
    assert story["alice"] in Path(got.value.path()).read_text("utf-8-sig")
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        page.screenshot(path=str(shots / f"worktime-team-{size}-light.png"), full_page=True)
    row.get_by_role("button", name=story["alice"]).click()
    expect(page.get_by_role("tab", name="Balance")).to_have_attribute("aria-selected", "true")
    expect(page.locator("[data-card=running] strong")).to_have_text(signed(running))
    close(ctx, page)


def test_settings_round_trip_a_break_rule_and_the_day_that_misses_it(browser, base, admin, story, shots):
    name, _ = new_user(base, admin, role="admin")
    ctx, page = open_app(browser, base, name)
    page.goto(f"{base}/#/settings")
    card = page.get_by_role("region", name="Working time")
    card.get_by_role("button", name="Add a break rule").click()
    card.get_by_label("Hours worked").fill("6")
    card.get_by_label("Minutes of break").fill("30")
    card.get_by_role("button", name="Save working time").click()
    expect(page.locator(".toast")).to_contain_text("Working-time settings saved")
    rules = admin.call("GET", "/worktime/settings")["break_rules"]["rules"]
    assert rules == [{"after": 21600, "break_seconds": 1800}]
    page.reload()
    card = page.get_by_role("region", name="Working time")
    expect(card.get_by_label("Hours worked")).to_have_value("6")
    expect(card.get_by_label("Minutes of break")).to_have_value("30")
    # A refusal says the server's words and keeps the form: a break of 0 minutes is no rule.
    card.get_by_label("Minutes of break").fill("0")
    card.get_by_role("button", name="Save working time").click()
    expect(card.locator(".form-error")).to_contain_text("break_seconds")
    assert admin.call("GET", "/worktime/settings")["break_rules"]["rules"] == rules
    # The workspace calendar: its days listed for the year, one switched off, a company day added.
    card.get_by_label("Minutes of break").fill("30")
    card.get_by_label("Workspace holiday calendar: country").select_option("DE")
    card.get_by_label("Workspace holiday calendar: region").select_option("BY")
    card.get_by_role("button", name="Save working time").click()
    expect(page.locator(".toast").last).to_contain_text("Working-time settings saved")
    year = story["today"].year
    days = admin.call("GET", "/holidays", params={"calendar": "DE-BY", "year": year})["days"]
    first = next(d for d in days if d["source"] == "package")
    listed = card.get_by_role("list", name="Holidays")
    expect(listed).to_contain_text(first["name"])
    listed.get_by_label(f"{first['name']} is a day off").uncheck()
    expect(page.locator(".toast").last).to_contain_text("counts as a working day")
    again = admin.call("GET", "/holidays", params={"calendar": "DE-BY", "year": year})["days"]
    assert next(d for d in again if d["id"] == first["id"])["enabled"] is False
    card.get_by_role("button", name="Add a company day").click()
    card.get_by_label("Date").fill(f"{year}-12-31")
    card.get_by_label("Name").fill("Year end")
    card.get_by_role("button", name="Add day").click()
    expect(listed).to_contain_text("Year end")
    page.reload()
    card = page.get_by_role("region", name="Working time")
    expect(card.get_by_label("Workspace holiday calendar: region")).to_have_value("BY")
    expect(card.get_by_role("list", name="Holidays").locator("li.disabled")).to_contain_text(first["name"])
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        card.screenshot(path=str(shots / f"worktime-settings-{size}-light.png"))
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    close(ctx, page)
    ctx, page = open_app(browser, base, story["alice"])
    page.goto(f"{base}/#/worktime")
    page.get_by_role("button", name="Previous month").click()
    expect(page.locator(f"tr[data-date='{story['long_day']}']")).to_contain_text("Break short")
    close(ctx, page)


def test_an_admin_gives_a_model_and_an_adjustment_in_the_editor(browser, base, admin, shots):
    name, _ = new_user(base, admin, role="admin")
    bob, bob_api = new_user(base, admin)
    ctx, page = open_app(browser, base, name)
    page.goto(f"{base}/#/users")
    page.get_by_role("button", name=f"Working time of {bob}").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("No work model yet")
    dialog.get_by_role("button", name="Add a work model").click()
    dialog.get_by_label("Fri hours").fill("6")
    expect(dialog.locator(".wm-week")).to_have_text("38:00 hours a week")
    dialog.get_by_label("Valid from").fill("2026-01-01")
    dialog.get_by_label("Holiday calendar: country").select_option("DE")
    dialog.get_by_label("Holiday calendar: region").select_option("BY")
    dialog.get_by_label("Vacation days a year").fill("28")
    dialog.get_by_role("button", name="Add model").click()
    expect(dialog.get_by_role("table", name="Work models")).to_contain_text("DE-BY")
    [model] = bob_api.call("GET", "/work-models")["work_models"]
    assert model["weekday_seconds"] == [28800, 28800, 28800, 28800, 21600, 0, 0]
    assert (model["valid_from"], model["holiday_calendar"], model["vacation_days"]) == (
        "2026-01-01",
        "DE-BY",
        28,
    )
    # A second model on the same day: the server's message, the form kept.
    dialog.get_by_role("button", name="Add a work model").click()
    dialog.get_by_label("Valid from").fill("2026-01-01")
    dialog.get_by_role("button", name="Add model").click()
    expect(dialog.locator("form[aria-label='New work model'] .form-error")).not_to_be_empty()
    dialog.get_by_role("button", name="Cancel").click()
    dialog.get_by_role("button", name="Add an adjustment").click()
    dialog.get_by_label("Hours").fill("+12:30")
    dialog.get_by_label("Reason").fill("Hours from the old system")
    dialog.get_by_role("button", name="Add adjustment").click()
    expect(dialog.get_by_role("table", name="Adjustments")).to_contain_text("+12:30")
    [adj] = bob_api.call("GET", "/work-adjustments")["work_adjustments"]
    assert (adj["kind"], adj["balance_seconds"]) == ("carry_over", 45000)
    dialog.get_by_role("button", name="Add a work model").click()
    form = dialog.locator("form[aria-label='New work model']")
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        for scheme in ("light", "dark"):
            page.evaluate(f"document.documentElement.dataset.theme = '{scheme}'")
            dialog.evaluate("d => d.scrollTo(0, 0)")
            dialog.screenshot(path=str(shots / f"worktime-editor-{size}-{scheme}.png"))
            form.screenshot(path=str(shots / f"worktime-editor-form-{size}-{scheme}.png"))
            assert dialog.evaluate("d => d.scrollWidth <= d.clientWidth")
    close(ctx, page)


def test_screenshots_of_the_working_time_page(browser, base, story, shots):
    for size, viewport in SIZES.items():
        for scheme in ("light", "dark"):
            ctx, page = open_app(browser, base, story["alice"], viewport=viewport, color_scheme=scheme)
            page.goto(f"{base}/#/worktime")
            page.get_by_role("button", name="Previous month").click()
            expect(page.locator(f"tr[data-date='{story['holiday']}']")).to_contain_text("Founders Day")
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
            page.screenshot(path=str(shots / f"worktime-{size}-{scheme}.png"), full_page=True)
            close(ctx, page)


def test_a_failed_read_keeps_the_month_shown_and_tries_again(browser, base, story):
    ctx, page = open_app(browser, base, story["alice"])
    page.goto(f"{base}/#/worktime")
    running = page.locator("[data-card=running] strong")
    expect(running).not_to_be_empty()
    shown = running.inner_text()
    failing = {"on": True}

    def days(route):
        if failing["on"]:
            route.fulfill(status=503, json={"code": "unavailable", "message": "down"})
        else:
            route.continue_()

    page.route("**/api/v1/worktime/days?*", days)
    page.get_by_role("button", name="Previous month").click()
    expect(page.locator(".stale-notice")).to_contain_text("Showing the copy")
    # The copy stays as it was: this month's days and balance, under this month's name.
    expect(page.locator(".wt-month-label")).to_have_text(story["today"].strftime("%B %Y"))
    expect(running).to_have_text(shown)
    expect(page.locator(f"tr[data-date='{story['today']}']")).to_be_visible()
    failing["on"] = False
    expect(page.locator(".wt-month-label")).to_have_text(story["last"].strftime("%B %Y"), timeout=20_000)
    expect(page.locator(".stale-notice")).to_have_count(0)
    close(ctx, page)


def test_the_timeline_shows_worked_against_target_and_a_missed_break(browser, base, admin, story, shots):
    carol, carol_api = new_user(base, admin)
    model = {"valid_from": story["last"].isoformat(), "weekday_seconds": [28800] * 7}
    admin.call("POST", "/work-models", 201, params={"user_id": carol_api.user["id"]}, json=model)
    rule = {"rules": [{"after": 21600, "break_seconds": 1800}], "min_piece": 900, "deduct": False}
    admin.call("PUT", "/worktime/settings", json={"break_rules": rule})
    # Yesterday, in a week that starts on it (entries cannot end in the future).
    day = story["today"] - timedelta(days=1)
    carol_api.call("PATCH", "/users/me", json={"week_start": day.weekday()})
    body = {"notes": "Early", "start_time": f"{day}T09:00:00Z", "end_time": f"{day}T16:00:00Z"}
    carol_api.call("POST", "/time-entries", 201, json=body)
    ctx, page = open_app(browser, base, carol, viewport=SIZES["wide"])
    strip = page.locator(f".tl-day .tl-wt[data-date='{day}']")
    expect(strip).to_have_attribute("title", "7:00 of 8:00 · break short: 0:00 of 0:30 · balance \u22121:00")
    expect(strip.locator(".tl-wt-dot")).to_have_count(1)
    expect(page.locator(".tl-day .tl-wt")).to_have_count(7)
    # A new entry moves the line (read again a moment after the change); ten minutes apart is no break.
    body = {"notes": "Late", "start_time": f"{day}T16:10:00Z", "end_time": f"{day}T17:10:00Z"}
    carol_api.call("POST", "/time-entries", 201, json=body)
    expect(strip).to_have_attribute(
        "title", "8:00 of 8:00 · break short: 0:00 of 0:30 · balance 0:00", timeout=20_000
    )
    page.locator(".tl-head").screenshot(path=str(shots / "worktime-strip-wide-light.png"))
    close(ctx, page)


def test_a_member_without_a_model_has_no_strip(browser, base, admin):
    name, _ = new_user(base, admin)
    ctx, page = open_app(browser, base, name, viewport=SIZES["wide"])
    expect(page.locator(".tl-day").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".tl-wt")).to_have_count(0)
    close(ctx, page)
