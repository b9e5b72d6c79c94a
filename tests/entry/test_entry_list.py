"""GET /time-entries: every filter, the order, and pagination."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.checks import assert_error
from tests.entry.helpers import ENTRIES, ago, entry, project, set_timezone, task


@pytest.fixture
def w(api):
    """A manager's and a member's entries on two projects in January 2024, plus a running timer."""
    manager, member = api.user("manager"), api.user("member")
    h = api.headers(manager)
    a, b = project(api, h, "A"), project(api, h, "B")
    ta = task(api, h, a)
    u = {"user_id": member.id}
    ns = SimpleNamespace(h=h, mh=api.headers(member), member=member, a=a, b=b, ta=ta)
    ns.e1 = entry(api, h, "2024-01-10T09:00:00Z", "2024-01-10T10:00:00Z", task_id=ta, **u)["id"]
    ns.e2 = entry(api, h, "2024-01-15T09:00:00Z", "2024-01-15T10:00:00Z", project_id=a, billable=False, **u)[
        "id"
    ]
    ns.e3 = entry(api, h, "2024-01-15T23:00:00Z", "2024-01-15T23:30:00Z", project_id=b, **u)["id"]
    ns.e4 = entry(api, h, "2024-01-20T09:00:00Z", "2024-01-20T10:00:00Z", project_id=b, **u)["id"]
    ns.e5 = entry(api, h, "2024-01-16T09:00:00Z", "2024-01-16T10:00:00Z", project_id=a)["id"]
    ns.run = entry(api, ns.mh, ago(hours=1), project_id=b)["id"]  # a timer is only ever one's own
    return ns


def ids(api, h, query=""):
    res = api.get(f"{ENTRIES}?{query}", headers=h)
    assert res.status_code == 200, res.text
    return [e["id"] for e in res.json()["time_entries"]]


def test_lists_finished_entries_newest_first(api, w):
    res = api.get(ENTRIES, headers=w.h).json()
    assert [e["id"] for e in res["time_entries"]] == [w.e4, w.e5, w.e3, w.e2, w.e1]
    assert res["pagination"]["total"] == 5


def test_include_active_adds_running_timers(api, w):
    assert ids(api, w.h, "include_active=true") == [w.run, w.e4, w.e5, w.e3, w.e2, w.e1]
    assert ids(api, w.h, "include_active=false") == [w.e4, w.e5, w.e3, w.e2, w.e1]


def test_filters(api, w):
    assert ids(api, w.h, f"project_id={w.a}") == [w.e5, w.e2, w.e1]
    assert ids(api, w.h, f"task_id={w.ta}") == [w.e1]
    assert ids(api, w.h, f"user_id={w.member.id}") == [w.e4, w.e3, w.e2, w.e1]
    assert ids(api, w.h, "billable=false") == [w.e2]
    assert ids(api, w.h, "billable=true") == [w.e4, w.e5, w.e3, w.e1]
    assert ids(api, w.h, f"project_id={w.b}&user_id={w.member.id}&billable=true") == [w.e4, w.e3]
    assert ids(api, w.h, "project_id=999") == []


def test_date_filters_compare_the_start_time(api, w):
    assert ids(api, w.h, "start_date=2024-01-15") == [w.e4, w.e5, w.e3, w.e2]
    assert ids(api, w.h, "start_date=2024-01-15T09:00:01Z") == [w.e4, w.e5, w.e3]
    # An end instant is exclusive: an entry starting exactly then is not included.
    assert ids(api, w.h, "end_date=2024-01-15T09:00:00Z") == [w.e1]
    assert ids(api, w.h, "end_date=2024-01-15T10:00:00%2B01:00") == [w.e1]


def test_a_bare_end_date_means_the_whole_day(api, w):
    assert ids(api, w.h, "end_date=2024-01-15") == [w.e3, w.e2, w.e1]
    assert ids(api, w.h, "start_date=2024-01-15&end_date=2024-01-15") == [w.e3, w.e2]
    assert ids(api, w.h, "end_date=20240115") == [w.e3, w.e2, w.e1]


def test_bare_dates_are_days_in_the_users_time_zone(api, w):
    set_timezone(api, w.member, "Europe/Amsterdam")  # January: UTC+1, so the 15th ends at 23:00Z
    assert ids(api, w.mh, "end_date=2024-01-15") == [w.e2, w.e1]
    assert ids(api, w.mh, "start_date=2024-01-16") == [w.e4, w.e3]


BAD_FILTERS = [
    "start_date=1800-01-01",
    "start_date=3000-01-01",
    "end_date=nan",
    "start_date=2024-13-01",
    "start_date=" + "2024-01-01T00:00:00" + "0" * 30,
    "project_id=abc",
    "task_id=0",
    "user_id=2147483648",
    "billable=maybe",
    "include_active=maybe",
]


def test_bad_filters_are_refused(api):
    h = api.headers(api.user("manager"))
    for query in BAD_FILTERS:
        assert_error(api.get(f"{ENTRIES}?{query}", headers=h), 400)


def test_reversed_dates_are_refused(api):
    h = api.headers(api.user("member"))
    for query in (
        "start_date=2024-01-16&end_date=2024-01-15",
        "start_date=2024-01-16&end_date=2024-01-15T12:00Z",
    ):
        assert_error(api.get(f"{ENTRIES}?{query}", headers=h), 400, "end_before_start")


@pytest.fixture
def seven(api):
    h = api.headers(api.user("member"))
    made = [
        entry(api, h, f"2024-02-{d:02d}T09:00:00Z", f"2024-02-{d:02d}T10:00:00Z")["id"] for d in range(1, 8)
    ]
    return h, made[::-1]  # newest first


def test_pagination_walks_every_entry_once(api, seven):
    h, newest_first = seven
    pages = [api.get(f"{ENTRIES}?per_page=3&page={p}", headers=h).json() for p in (1, 2, 3)]
    assert [e["id"] for page in pages for e in page["time_entries"]] == newest_first
    assert pages[0]["pagination"] == {
        "page": 1,
        "per_page": 3,
        "total": 7,
        "pages": 3,
        "has_next": True,
        "has_prev": False,
        "next_page": 2,
        "prev_page": None,
    }
    last = pages[2]["pagination"]
    assert (last["has_next"], last["next_page"], last["has_prev"], last["prev_page"]) == (
        False,
        None,
        True,
        2,
    )


def test_default_and_maximum_page_sizes(api, seven):
    h, _newest_first = seven
    assert api.get(ENTRIES, headers=h).json()["pagination"]["per_page"] == 50
    assert len(api.get(f"{ENTRIES}?per_page=100", headers=h).json()["time_entries"]) == 7


def test_a_page_beyond_the_end_is_empty(api, seven):
    h, _ = seven
    res = api.get(f"{ENTRIES}?per_page=3&page=4", headers=h)
    assert res.status_code == 200
    assert res.json()["time_entries"] == []
    assert res.json()["pagination"]["total"] == 7
    assert res.json()["pagination"]["has_next"] is False


def test_bad_page_parameters_are_refused(api):
    h = api.headers(api.user("member"))
    for query in (
        "per_page=0",
        "per_page=abc",
        "per_page=-1",
        "page=0",
        "page=abc",
        "page=1.5",
    ):
        body = assert_error(api.get(f"{ENTRIES}?{query}", headers=h), 400, "validation_error")
        assert body["details"][0]["field"] == query.split("=")[0]
