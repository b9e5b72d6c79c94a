"""The Reports page in real headless Chromium against a real server: filters, sub-groups, rounding,
the entries behind any figure, saved reports, exports that match the API's figures, the currency,
a failed load that keeps the figures, and a 360 px phone without sideways scrolling.

Set PUNCHCLOCK_SCREENSHOTS=<folder> to keep a screenshot of each state looked at.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.export.test_report_pdf import pdf_text
from tests.web.browser import Api, new_user, serving
from tests.web.test_browser import close, open_app

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = pytest.mark.slow

WEEK = ("2025-03-03", "2025-03-09")  # a past Monday to Sunday
SHOTS = os.environ.get("PUNCHCLOCK_SCREENSHOTS")


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(tmp_path_factory.mktemp("web-reports")) as url:
        yield url


def shot(page: Any, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def entry(api: Api, day: int, start: str, end: str, **fields: Any) -> None:
    body = {
        "start_time": f"2025-03-{day:02d}T{start}:00Z",
        "end_time": f"2025-03-{day:02d}T{end}:00Z",
        **fields,
    }
    api.call("POST", "/time-entries", 201, json=body)


@pytest.fixture(scope="module")
def team(base: str, admin: Api) -> dict[str, Any]:
    """A manager with a client's two projects, one with a task, and a week of entries; EUR."""
    admin.call("PUT", "/settings/workspace", json={"currency": "EUR"})
    name, api = new_user(base, admin, role="manager")
    acme = api.call("POST", "/clients", 201, json={"name": "Acme"})["client"]["id"]
    web = api.call("POST", "/projects", 201, json={"name": "Website", "client_id": acme, "hourly_rate": 100})
    web = web["project"]["id"]
    app = api.call("POST", "/projects", 201, json={"name": "App", "client_id": acme, "hourly_rate": 80})[
        "project"
    ]["id"]
    internal = api.call("POST", "/projects", 201, json={"name": "Internal"})["project"]["id"]
    design = api.call("POST", "/tasks", 201, json={"name": "Design", "project_id": web})["task"]["id"]
    entry(api, 3, "09:00", "11:00", project_id=web, task_id=design, notes="Homepage mock-ups", tags="dev")
    entry(api, 3, "13:00", "14:30", project_id=web, notes="Call with Acme", billable=False)
    entry(api, 4, "09:00", "10:07", project_id=app, notes="Login screen", tags="dev")
    entry(api, 5, "10:00", "11:00", project_id=internal, notes="Planning")
    entry(api, 6, "15:00", "17:00", project_id=web, task_id=design, notes="Design review", tags="review")
    entry(api, 6, "10:00", "11:00", project_id=app, notes="Release notes", tags="review")
    return {"name": name, "api": api, "acme": acme, "web": web, "app": app, "design": design}


def open_reports(browser: Any, base: str, name: str, **context: Any) -> tuple[Any, Any]:
    ctx, page = open_app(browser, base, name, **context)
    page.get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", name="Reports", level=1)).to_be_visible()
    page.get_by_label("Range").select_option("custom")
    page.get_by_label("From").fill(WEEK[0])
    page.get_by_label("To").fill(WEEK[1])
    page.get_by_label("To").dispatch_event("change")
    return ctx, page


def tick(page: Any, menu: str, *labels: str) -> None:
    page.locator("summary", has_text=menu).click()
    for label in labels:
        page.get_by_role("group", name=menu).get_by_label(label).check()
    page.locator("summary", has_text=menu).click()


def grouped(api: Api, **params: Any) -> dict[str, Any]:
    query = {"start_date": WEEK[0], "end_date": WEEK[1], **params}
    return dict(api.call("GET", "/reports/grouped", params=query)["report"])


def test_a_filtered_report_with_sub_groups_and_its_exports(browser, base, team, tmp_path):
    """Client Acme, billable only, by project then task: the page shows the API's figures in
    euros, and its CSV, XLSX and PDF downloads hold exactly those figures."""
    ctx, page = open_reports(browser, base, team["name"])
    tick(page, "Clients", "Acme")
    page.get_by_label("Billable").select_option("true")
    page.get_by_label("Group by").select_option("project")
    page.get_by_label("Then by").select_option("task")
    expected = grouped(
        team["api"], client_ids=team["acme"], billable="true", group_by="project", sub_group_by="task"
    )
    assert expected["totals"]["seconds"] == 6 * 3600 + 420
    stats = page.locator(".stats")
    expect(stats.locator("[data-stat=total] strong")).to_have_text("6:07")
    expect(stats.locator("[data-stat=amount] strong")).to_have_text("€569.33")
    table = page.get_by_role("table", name="Report")
    expect(table.locator("tbody tr")).to_have_count(4)  # Website, its Design; App, its No task
    expect(table.locator("tr.sub").first).to_contain_text("Design")
    expect(table.locator("tfoot")).to_contain_text("€569.33")
    # The charts write durations as the table does (4:00, not 4.0h).
    expect(page.get_by_role("img", name="Breakdown")).to_contain_text("4:00")
    shot(page, "reports-filtered-1366")
    if SHOTS:  # the same in the dark, for the README
        page.emulate_media(color_scheme="dark")
        page.set_viewport_size({"width": 1280, "height": 1060})
        page.reload()
        expect(page.locator("[data-stat=amount] strong")).to_have_text("€569.33")
        page.screenshot(path=str(Path(SHOTS) / "reports-dark.png"))
        page.emulate_media(color_scheme="light")
        page.reload()
        expect(page.locator("[data-stat=amount] strong")).to_have_text("€569.33")

    files = {}
    for fmt in ("csv", "xlsx", "pdf"):
        with page.expect_download() as info:
            page.locator(f".export-bar button[data-format={fmt}]").click()
        files[fmt] = tmp_path / info.value.suggested_filename
        info.value.save_as(files[fmt])
    rows = list(csv.DictReader(io.StringIO(files["csv"].read_text(encoding="utf-8-sig"))))
    assert [(r["group"], r["sub_group"], int(r["seconds"]), float(r["amount"])) for r in rows] == [
        *[
            row
            for g in expected["groups"]
            for row in [
                (g["label"], "", g["seconds"], g["amount"]),
                *[(g["label"], s["label"], s["seconds"], s["amount"]) for s in g["groups"]],
            ]
        ],
        ("Total", "", expected["totals"]["seconds"], expected["totals"]["amount"]),
    ]
    assert {r["currency"] for r in rows} == {"EUR"}
    sheet = openpyxl.load_workbook(files["xlsx"]).active
    assert [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)][-1][4:9] == [
        expected["totals"]["hours"], expected["totals"]["seconds"], expected["totals"]["billable_hours"],
        expected["totals"]["billable_seconds"], expected["totals"]["amount"],
    ]  # fmt: skip
    text = pdf_text(files["pdf"].read_bytes())
    if SHOTS:
        Path(SHOTS, "timesheet.pdf").write_bytes(files["pdf"].read_bytes())
    assert "Period 03 Mar 2025 \u2013 09 Mar 2025" in text
    assert "Client Acme" in text
    assert "Total time 06:07:00 (6.12 h)" in text
    assert "Amount EUR 569.33" in text
    assert f"Person {team['name']}" in text  # the one person whose entries these are
    assert "Mon 03 Mar 2025 02:00:00 Website Design Homepage mock-ups #dev 02:00:00" in text
    close(ctx, page)


def test_any_row_or_bar_shows_the_entries_behind_it(browser, base, team):
    ctx, page = open_reports(browser, base, team["name"])
    page.get_by_label("Group by").select_option("project")
    table = page.get_by_role("table", name="Report")
    expect(table).to_contain_text("Website")
    table.get_by_role("button", name="Website").click()
    dialog = page.get_by_role("dialog", name="Website")
    expect(dialog.get_by_role("table", name="Entries").locator("tr")).to_have_count(3)
    expect(dialog).to_contain_text("Homepage mock-ups")
    expect(dialog).to_contain_text("1\u20133 of 3")
    shot(page, "reports-entries-1366")
    dialog.get_by_role("button", name="Close").click()
    # The cards too: the billable entries behind "Billable".
    page.locator("[data-stat=billable]").click()
    expect(page.get_by_role("dialog", name="Billable entries")).to_contain_text("1\u20135 of 5")
    page.get_by_role("dialog", name="Billable entries").get_by_role("button", name="Close").click()
    # A bar of the chart (Thursday's, stacked by project: Website and App), and one of its segments.
    page.get_by_role("button", name=re.compile(r"^6 Mar: ")).focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="6 Mar")
    expect(dialog.get_by_role("table", name="Entries").locator("tr")).to_have_count(2)
    expect(dialog).to_contain_text("Design review")
    shot(page, "reports-bar-entries-1366")
    dialog.get_by_role("button", name="Close").click()
    page.locator("rect.bar", has=page.locator("title", has_text="6 Mar \u00b7 App")).click()
    dialog = page.get_by_role("dialog", name="6 Mar \u00b7 App")
    expect(dialog.get_by_role("table", name="Entries").locator("tr")).to_have_count(1)
    expect(dialog).to_contain_text("Release notes")
    close(ctx, page)


def test_rounding_changes_the_figures_as_the_api_rounds_them(browser, base, team):
    ctx, page = open_reports(browser, base, team["name"])
    page.get_by_label("Rounding", exact=True).select_option("up")
    page.get_by_label("Rounding step").select_option("15")
    expected = grouped(team["api"], group_by="project", rounding="up", rounding_minutes=15)
    assert expected["totals"]["seconds"] == 8.75 * 3600
    expect(page.locator("[data-stat=total] strong")).to_have_text("8:45")
    close(ctx, page)


def test_saved_reports_are_saved_applied_renamed_and_deleted(browser, base, team):
    ctx, page = open_reports(browser, base, team["name"])
    tick(page, "Projects", "Website")
    page.get_by_label("Group by").select_option("task")
    expect(page.locator("[data-stat=total] strong")).to_have_text("5:30")
    page.get_by_role("button", name="Save as…").click()
    page.get_by_role("dialog", name="Save report as").get_by_label("Name").fill("Website by task")
    page.get_by_role("dialog", name="Save report as").get_by_role("button", name="Save").click()
    expect(page.get_by_text('Saved as "Website by task".')).to_be_visible()
    saved = team["api"].call("GET", "/saved-reports")["saved_reports"]
    assert [(s["name"], s["filters"]["group_by"], s["filters"]["project_ids"]) for s in saved] == [
        ("Website by task", "task", [team["web"]])
    ]
    # Elsewhere, another day: the saved report brings its filters back.
    page.reload()
    page.get_by_label("Range").select_option("this-week")
    page.get_by_label("Group by").select_option("client")
    page.get_by_label("Saved reports").select_option(label="Website by task")
    expect(page.get_by_label("Group by")).to_have_value("task")
    expect(page.locator("summary", has_text="Projects")).to_contain_text("Website")
    expect(page.locator("[data-stat=total] strong")).to_have_text("5:30")
    page.get_by_role("button", name="Rename").click()
    page.get_by_role("dialog", name="Rename saved report").get_by_label("Name").fill("Website tasks")
    page.get_by_role("dialog", name="Rename saved report").get_by_role("button", name="Save").click()
    expect(page.get_by_label("Saved reports").locator("option:checked")).to_have_text("Website tasks")
    page.get_by_role("button", name="Delete").click()
    page.get_by_role("dialog", name="Delete saved report").get_by_role("button", name="Delete").click()
    expect(page.get_by_label("Saved reports").locator("option")).to_have_count(1)
    assert team["api"].call("GET", "/saved-reports")["saved_reports"] == []
    close(ctx, page)


def test_a_failed_load_keeps_the_figures_and_tries_again(browser, base, team):
    ctx, page = open_reports(browser, base, team["name"])
    expect(page.locator("[data-stat=total] strong")).to_have_text("8:37")
    refusals = []

    def refuse(route: Any) -> None:
        refusals.append(route.request.url)
        route.fulfill(
            status=429, headers={"Retry-After": "1"}, json={"code": "rate_limited", "message": "slow down"}
        )

    page.route(re.compile(r".*/api/v1/reports/grouped.*"), refuse)
    page.get_by_label("Billable").select_option("false")
    notice = page.locator(".stale-notice")
    expect(notice).to_contain_text("Still showing the report for the previous filters")
    expect(notice).to_contain_text("the server asked to slow down")
    expect(page.locator("[data-stat=total] strong")).to_have_text("8:37")  # never zeros
    expect(page.locator(".report-out")).to_have_class(re.compile("stale"))
    shot(page, "reports-stale-1366")
    page.unroute(re.compile(r".*/api/v1/reports/grouped.*"))
    expect(page.locator("[data-stat=total] strong")).to_have_text("1:30", timeout=8000)
    expect(notice).to_be_hidden()
    assert refusals
    close(ctx, page)


def no_sideways_scroll(page: Any, what: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{what}: the page is {width} px wide"


def test_a_phone_never_scrolls_sideways(browser, base, team):
    ctx, page = open_reports(
        browser, base, team["name"], viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True
    )
    page.get_by_label("Then by").select_option("day")
    expect(page.get_by_role("table", name="Report")).to_contain_text("Website")
    no_sideways_scroll(page, "the report")
    shot(page, "reports-360")
    for menu in ("Projects", "Clients", "Tasks", "Tags", "People"):
        page.locator("summary", has_text=menu).click()
        no_sideways_scroll(page, f"{menu} open")
        page.locator("summary", has_text=menu).click()
    page.locator("summary", has_text="People").click()
    shot(page, "reports-360-people")
    page.locator("summary", has_text="People").click()
    page.get_by_role("table", name="Report").get_by_role("button", name="Website").first.click()
    expect(page.get_by_role("dialog", name="Website")).to_contain_text("Homepage mock-ups")
    no_sideways_scroll(page, "the entries")
    shot(page, "reports-360-entries")
    close(ctx, page)


def test_an_admin_sets_the_currency_and_money_shows_in_it_everywhere(browser, base, admin, team):
    """Settings → Workspace → Currency: the Projects page's rates and the report's amounts follow."""
    boss, _ = new_user(base, admin, role="admin")
    ctx, page = open_app(browser, base, boss)
    page.get_by_role("link", name="Settings").click()
    page.get_by_label("Currency").select_option("GBP")
    expect(page.get_by_text("Amounts are now in GBP.")).to_be_visible()
    assert admin.call("GET", "/settings/workspace")["workspace"]["currency"] == "GBP"
    page.get_by_role("link", name="Projects").click()
    expect(page.get_by_role("table", name="Projects")).to_contain_text("£100.00")
    page.get_by_role("link", name="Reports").click()
    page.get_by_label("Range").select_option("custom")
    page.get_by_label("From").fill(WEEK[0])
    page.get_by_label("To").fill(WEEK[1])
    tick(page, "People", team["name"])
    expect(page.locator("[data-stat=amount] strong")).to_have_text("£569.33")
    admin.call("PUT", "/settings/workspace", json={"currency": "EUR"})
    close(ctx, page)
