"""/api/v1/saved-reports: named report filters per user: list, create, rename, update, delete."""

from __future__ import annotations

import pytest

from tests.checks import assert_error, snapshot

URL = "/api/v1/saved-reports"
MONTHLY = {"period": "last-month", "group_by": "client", "sub_group_by": "project", "billable": True}


def test_save_list_rename_update_and_delete(api):
    alice = api.user("member", "alice")
    h = api.headers(alice)
    res = api.post(URL, json={"name": "  Acme monthly ", "filters": {**MONTHLY, "tags": ["#dev"]}}, headers=h)
    assert res.status_code == 201, res.text
    saved = res.json()["saved_report"]
    assert saved["name"] == "Acme monthly"
    filters = saved["filters"]
    assert (filters["period"], filters["group_by"], filters["sub_group_by"], filters["billable"]) == (
        "last-month", "client", "project", True,
    )  # fmt: skip
    assert (filters["rounding"], filters["rounding_minutes"], filters["project_ids"]) == ("none", 15, None)
    other = api.post(URL, json={"name": "billable week", "filters": {}}, headers=h).json()["saved_report"]
    assert [r["name"] for r in api.get(URL, headers=h).json()["saved_reports"]] == [
        "Acme monthly",
        "billable week",
    ]

    res = api.patch(f"{URL}/{saved['id']}", json={"name": "Acme, monthly"}, headers=h)
    assert res.status_code == 200, res.text
    assert res.json()["saved_report"]["filters"] == filters  # a rename keeps the filters
    custom = {"period": "custom", "start_date": "2026-11-01", "end_date": "2026-11-30", "task_ids": [3]}
    res = api.patch(f"{URL}/{saved['id']}", json={"filters": custom}, headers=h)
    assert res.status_code == 200, res.text
    changed = res.json()["saved_report"]
    assert (changed["name"], changed["filters"]["start_date"], changed["filters"]["group_by"]) == (
        "Acme, monthly", "2026-11-01", "project",
    )  # fmt: skip
    assert api.get(f"{URL}/{saved['id']}", headers=h).json()["saved_report"] == changed

    assert api.delete(f"{URL}/{other['id']}", headers=h).status_code == 200
    assert [r["id"] for r in api.get(URL, headers=h).json()["saved_reports"]] == [saved["id"]]
    assert_error(api.get(f"{URL}/{other['id']}", headers=h), 404, "not_found")


def test_names_are_unique_per_user_whatever_their_case(api, db):
    alice, bob = api.user("member", "alice"), api.user("member", "bob")
    ah, bh = api.headers(alice), api.headers(bob)
    first = api.post(URL, json={"name": "Weekly", "filters": {}}, headers=ah).json()["saved_report"]
    second = api.post(URL, json={"name": "Daily", "filters": {}}, headers=ah).json()["saved_report"]
    before = snapshot(db)
    assert_error(api.post(URL, json={"name": "weekly", "filters": {}}, headers=ah), 409, "name_taken")
    assert_error(api.patch(f"{URL}/{second['id']}", json={"name": "WEEKLY"}, headers=ah), 409, "name_taken")
    assert snapshot(db) == before
    assert api.patch(f"{URL}/{first['id']}", json={"name": "weekly"}, headers=ah).status_code == 200
    assert api.post(URL, json={"name": "Weekly", "filters": {}}, headers=bh).status_code == 201


def test_someone_elses_saved_report_is_not_found(api, db):
    alice, bob, boss = api.user("member", "alice"), api.user("member", "bob"), api.user("admin", "boss")
    saved = api.post(URL, json={"name": "Mine", "filters": {}}, headers=api.headers(alice)).json()
    rid = saved["saved_report"]["id"]
    before = snapshot(db)
    for who in (bob, boss):
        h = api.headers(who)
        assert_error(api.get(f"{URL}/{rid}", headers=h), 404, "not_found")
        assert_error(api.patch(f"{URL}/{rid}", json={"name": "Theirs"}, headers=h), 404, "not_found")
        assert_error(api.delete(f"{URL}/{rid}", headers=h), 404, "not_found")
        assert api.get(URL, headers=h).json() == {"saved_reports": []}
    assert snapshot(db) == before


@pytest.mark.parametrize(
    ("filters", "status"),
    [
        ({"group_by": "nope"}, 400),
        ({"group_by": "day", "sub_group_by": "day"}, 400),
        ({"period": "custom"}, 400),
        ({"period": "custom", "start_date": "2026-11-30", "end_date": "2026-11-01"}, 400),
        ({"period": "yesterday-ish"}, 400),
        ({"start_date": "30/11/2026"}, 400),
        ({"project_ids": ["x"]}, 400),
        ({"project_ids": [0]}, 400),
        ({"tags": [""]}, 400),
        ({"rounding": "up", "rounding_minutes": 0}, 400),
        ({"billable": "yes"}, 400),
        ({"colour": "red"}, 400),
        ({"group_by": "user"}, 403),  # a member sees only their own time
        ({"user_ids": [99]}, 403),
    ],
)
def test_bad_filters_are_refused_and_change_nothing(api, db, filters, status):
    alice = api.user("member", "alice")
    before = snapshot(db)
    assert_error(api.post(URL, json={"name": "Bad", "filters": filters}, headers=api.headers(alice)), status)
    assert snapshot(db) == before


def test_a_manager_may_save_a_team_report(api):
    boss = api.user("manager", "boss")
    body = {"name": "Team", "filters": {"group_by": "user", "sub_group_by": "week", "user_ids": [1, 2]}}
    assert api.post(URL, json=body, headers=api.headers(boss)).status_code == 201


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_a_name_is_one_to_a_hundred_characters(api, name):
    alice = api.user("member", "alice")
    assert_error(api.post(URL, json={"name": name, "filters": {}}, headers=api.headers(alice)), 400)
