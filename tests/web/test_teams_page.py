"""The Teams page (admins): make a team, add people, name a lead, rename, remove and delete; then
the lead's Reports page offers only the team's people. Screenshots at 1366 and 360 px, light and
dark, go to $PUNCHCLOCK_SHOTS (default: a temporary folder) to be looked at.
"""

from __future__ import annotations

import pytest

from tests.web.browser import close, new_user, open_app

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = pytest.mark.slow

SIZES = {"wide": {"width": 1366, "height": 860}, "phone": {"width": 360, "height": 740}}


def test_an_admin_makes_a_team_and_names_its_lead(browser, base, admin, shots):
    name, _ = new_user(base, admin, role="admin")
    boss, boss_api = new_user(base, admin, role="manager")
    alice, _ = new_user(base, admin)
    bob, _ = new_user(base, admin)
    ctx, page = open_app(browser, base, name)
    page.get_by_role("link", name="Teams").click()
    expect(page.get_by_role("heading", name="Teams")).to_be_visible()
    page.get_by_role("button", name="New team").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Name").fill("Support")
    dialog.get_by_role("button", name="Create").click()
    card = page.get_by_role("region", name="Support")
    expect(card).to_contain_text("0 members")

    def pick(who):
        picker = card.get_by_label("Person to add to Support")
        options = picker.locator("option").all_text_contents()
        picker.select_option(label=next(o for o in options if o.startswith(who)))

    def add(who, lead=False):
        pick(who)
        box = card.locator(".team-add input[type=checkbox]")
        if lead:
            box.check()
        card.get_by_role("button", name="Add", exact=True).click()
        expect(card.get_by_role("table")).to_contain_text(who)

    # A member cannot be made a lead: the box stays off for them.
    pick(alice)
    expect(card.locator(".team-add input[type=checkbox]")).to_be_disabled()
    add(alice)
    add(boss, lead=True)
    add(bob)
    expect(card).to_contain_text("3 members, 1 lead")
    expect(card.get_by_label(f"{alice} leads Support")).to_be_disabled()
    card.get_by_role("button", name=f"Remove {bob} from Support").click()
    expect(card.get_by_role("table")).not_to_contain_text(bob)
    card.get_by_role("button", name="Rename Support").click()
    page.get_by_role("dialog").get_by_label("Name").fill("Helpdesk")
    page.get_by_role("dialog").get_by_role("button", name="Rename").click()
    card = page.get_by_role("region", name="Helpdesk")
    expect(card).to_contain_text("2 members, 1 lead")
    team = admin.call("GET", "/teams")["teams"][-1]
    assert [(m["username"], m["is_lead"]) for m in team["members"]] == [(boss, True), (alice, False)]
    # The lead sees the team's people only: the API says so, and so does their Reports page.
    assert sorted(u["username"] for u in boss_api.call("GET", "/users")["users"]) == sorted([alice, boss])
    close(ctx, page)
    ctx, page = open_app(browser, base, boss)
    page.get_by_role("link", name="Reports").click()
    page.locator("summary[aria-label=People]").click()
    people = page.locator(".ms-list[aria-label=People]")
    expect(people).to_contain_text(alice)
    expect(people).not_to_contain_text(bob)
    close(ctx, page)
    for size, viewport in SIZES.items():
        for scheme in ("light", "dark"):
            ctx, page = open_app(browser, base, name, viewport=viewport, color_scheme=scheme)
            page.goto(f"{base}/#/teams")
            expect(page.get_by_role("region", name="Helpdesk")).to_contain_text(alice)
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
            page.screenshot(path=str(shots / f"teams-{size}-{scheme}.png"), full_page=True)
            close(ctx, page)
    # Deleting asks first, then the team is gone.
    ctx, page = open_app(browser, base, name)
    page.goto(f"{base}/#/teams")
    page.get_by_role("button", name="Delete Helpdesk").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete").click()
    expect(page.get_by_role("region", name="Helpdesk")).to_have_count(0)
    close(ctx, page)


def test_an_admin_sets_a_teams_overlap_rule(browser, base, admin, shots):
    """Each team card has "Overlapping entries": the workspace's rule (named) or one of the team's own,
    saved when picked; the team's members then live by it, people outside keep the workspace's."""
    admin.call("PUT", "/signoff", json={"overlap_rule": "warn"})
    try:
        name, _ = new_user(base, admin, role="admin")
        _, alice_api = new_user(base, admin)
        _, bob_api = new_user(base, admin)
        team = admin.call("POST", "/teams", 201, json={"name": "Rules"})["team"]
        admin.call("PUT", f"/teams/{team['id']}/members/{alice_api.user['id']}")
        ctx, page = open_app(browser, base, name)
        page.goto(f"{base}/#/teams")
        card = page.get_by_role("region", name="Rules")
        pick = card.get_by_label("Overlapping entries")
        expect(pick).to_have_value("")
        labels = pick.locator("option").all_text_contents()
        assert labels == ["Workspace rule (warn)", "Allow", "Warn", "Forbid"]
        pick.select_option("forbid")
        expect(page.locator(".toast", has_text="Rules: overlapping entries, forbid.")).to_be_visible()
        assert admin.call("GET", f"/teams/{team['id']}")["team"]["overlap_rule"] == "forbid"
        # Alice is refused an overlap; Bob, in no team, lives by the workspace's warn.
        day = {"start_time": "2026-01-05T09:00:00Z", "end_time": "2026-01-05T11:00:00Z"}
        later = {"start_time": "2026-01-05T10:00:00Z", "end_time": "2026-01-05T12:00:00Z"}
        for api in (alice_api, bob_api):
            api.call("POST", "/time-entries", 201, json=day)
        assert alice_api.call("POST", "/time-entries", 409, json=later)["code"] == "overlap"
        assert bob_api.call("POST", "/time-entries", 201, json=later)["time_entry"]["overlaps"]
        card.scroll_into_view_if_needed()
        card.screenshot(path=str(shots / "teams-overlap-rule.png"))
        page.reload()
        expect(page.get_by_role("region", name="Rules").get_by_label("Overlapping entries")).to_have_value(
            "forbid"
        )
        page.get_by_role("region", name="Rules").get_by_label("Overlapping entries").select_option("")
        expect(
            page.locator(".toast", has_text="Rules: overlapping entries, the workspace's rule.")
        ).to_be_visible()
        assert admin.call("GET", f"/teams/{team['id']}")["team"]["overlap_rule"] is None
        assert alice_api.call("POST", "/time-entries", 201, json=later)["time_entry"]["overlaps"]
        close(ctx, page)
    finally:
        admin.call("PUT", "/signoff", json={"overlap_rule": "allow"})
