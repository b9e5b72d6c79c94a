"""Private projects in real headless Chromium: an admin makes one private on the Projects page and
adds a member under Members; the member's project picker offers it, another member's does not; a
member removed from it keeps their own entry's project when they edit that entry. Screenshots at
1366 and 360 px, light and dark, go to $PUNCHCLOCK_SHOTS (default: a temporary folder).
"""

from __future__ import annotations

import uuid

import pytest

from tests.web.browser import close, new_user, open_app
from tests.web.test_history import edit_dialog
from tests.web.test_timeline import iso, open_yesterday, yesterday

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = pytest.mark.slow

SIZES = {"wide": {"width": 1366, "height": 860}, "phone": {"width": 360, "height": 740}}


def picker_options(page):
    return page.locator("select.timer-project option").all_text_contents()


def test_a_private_project_is_offered_only_to_its_members(browser, base, admin, shots):
    name, _ = new_user(base, admin, role="admin")
    alice, alice_api = new_user(base, admin)
    bob, _ = new_user(base, admin)
    project = f"Zebra {uuid.uuid4().hex[:6]}"
    ctx, page = open_app(browser, base, name)
    page.get_by_role("link", name="Projects").click()
    page.get_by_role("tab", name="Projects").click()
    page.get_by_role("button", name="New project").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Name").fill(project)
    dialog.get_by_label("Private", exact=False).check()
    dialog.get_by_role("button", name="Create").click()
    row = page.get_by_role("row").filter(has_text=project)
    expect(row).to_contain_text("Private")
    row.get_by_role("button", name=f"Members of {project}").click()
    members = page.get_by_role("dialog", name=f"Members of {project}")
    expect(members).to_contain_text("No members yet")
    picker = members.get_by_label(f"Person to add to {project}")
    picker.select_option(label=alice)
    members.get_by_role("button", name="Add", exact=True).click()
    expect(members.get_by_role("table")).to_contain_text(alice)
    page.screenshot(path=str(shots / "project-members-wide-light.png"))
    page.set_viewport_size(SIZES["phone"])
    page.screenshot(path=str(shots / "project-members-phone-light.png"))
    box = members.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= SIZES["phone"]["width"]
    members.get_by_role("button", name="Done").click()
    close(ctx, page)
    project_id = next(p["id"] for p in admin.call("GET", "/projects")["projects"] if p["name"] == project)
    assert [m["username"] for m in admin.call("GET", f"/projects/{project_id}/members")["members"]] == [alice]

    # Alice's timer offers it; Bob's does not.
    ctx, page = open_app(browser, base, alice)
    expect(page.locator("select.timer-project")).to_contain_text(project)
    close(ctx, page)
    ctx, page = open_app(browser, base, bob)
    expect(page.locator("select.timer-project")).to_be_visible()
    assert not any(project in o for o in picker_options(page))
    close(ctx, page)

    # Alice tracks on it, is removed, and edits her entry: its project stays.
    body = {
        "notes": "zebra work",
        "start_time": iso(yesterday(9)),
        "end_time": iso(yesterday(10)),
        "project_id": project_id,
    }
    entry = alice_api.call("POST", "/time-entries", 201, json=body)["time_entry"]["id"]
    admin.call("DELETE", f"/projects/{project_id}/members/{alice_api.user['id']}")
    ctx, page = open_yesterday(browser, base, alice_api, alice)
    assert not any(project in o for o in picker_options(page))
    dialog = edit_dialog(page, entry)
    expect(dialog.locator("select[name=project]")).to_have_value(str(project_id))
    dialog.get_by_label("Description").fill("zebra work, done")
    dialog.get_by_role("button", name="Save").click()
    expect(dialog).to_have_count(0)
    saved = alice_api.call("GET", f"/time-entries/{entry}")["time_entry"]
    assert (saved["notes"], saved["project_id"]) == ("zebra work, done", project_id)
    assert not page.errors
    close(ctx, page)

    for size, viewport in SIZES.items():
        for scheme in ("light", "dark"):
            ctx, page = open_app(browser, base, name, viewport=viewport, color_scheme=scheme)
            page.goto(f"{base}/#/projects")
            expect(page.get_by_role("row").filter(has_text=project)).to_contain_text("Private")
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
            page.screenshot(path=str(shots / f"projects-private-{size}-{scheme}.png"), full_page=True)
            close(ctx, page)
