"""GET /time-entries?search=: all of a user's entries, newest first, paged; who may search whom;
hostile text; the index's two halves (window and trigram index) agree on both databases."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from punchclock.search import service, sql
from tests.checks import assert_error
from tests.entry.helpers import ENTRIES, ago, entry, project, task


@pytest.fixture(params=["window", "index"])
def plan(request, monkeypatch):
    """Every search test runs with the usual window, and with a window of one entry, so that on
    PostgreSQL the trigram indexes find all but the newest match (SQLite has one plan)."""
    if request.param == "index":
        monkeypatch.setattr(sql, "WINDOW", 1)
    return request.param


@pytest.fixture
def w(api, plan):
    """A member's entries over a year (a project, a task, tags, one deleted, one running), and a
    colleague's entry with the same words."""
    admin, member, other = api.user("admin"), api.user("member"), api.user("member")
    ah = api.headers(admin)
    site = project(api, ah, "Website relaunch")
    login = task(api, ah, site, "Login flow")
    ns = SimpleNamespace(ah=ah, mh=api.headers(member), oh=api.headers(other), member=member, other=other)
    e = lambda start, end, **f: entry(api, ns.mh, start, end, **f)["id"]  # noqa: E731
    ns.old = e("2024-01-10T09:00:00Z", "2024-01-10T10:00:00Z", notes="Call with Globex about invoices")
    ns.tagged = e("2024-03-05T09:00:00Z", "2024-03-05T10:00:00Z", notes="Planning", tags=["Travel"])
    ns.site = e("2024-06-01T09:00:00Z", "2024-06-01T10:00:00Z", notes="Copy edits", project_id=site)
    ns.login = e("2024-06-02T09:00:00Z", "2024-06-02T10:00:00Z", notes="", task_id=login)
    ns.recent = e("2024-12-20T09:00:00Z", "2024-12-20T10:00:00Z", notes="Globex: quarterly review")
    ns.gone = e("2024-12-21T09:00:00Z", "2024-12-21T10:00:00Z", notes="Globex draft, deleted")
    assert api.delete(f"{ENTRIES}/{ns.gone}", headers=ns.mh).status_code == 200
    ns.running = entry(api, ns.mh, ago(minutes=5), notes="Globex call now")["id"]
    ns.theirs = entry(api, ns.oh, "2024-12-22T09:00:00Z", "2024-12-22T10:00:00Z", notes="Globex too")["id"]
    ns.site_id, ns.login_id = site, login
    return ns


def found(api, h, query):
    res = api.get(f"{ENTRIES}?{query}", headers=h)
    assert res.status_code == 200, res.text
    return [e["id"] for e in res.json()["time_entries"]]


def test_finds_in_all_time_newest_first_whatever_the_case(api, w):
    assert found(api, w.mh, "search=gLoBeX") == [w.recent, w.old]
    body = api.get(f"{ENTRIES}?search=globex", headers=w.mh).json()
    assert (body["pagination"]["total"], body["total_exact"]) == (2, True)
    assert body["time_entries"][0]["notes"] == "Globex: quarterly review"  # the list's own entry shape


def test_finds_by_tag_project_and_task_name(api, w):
    assert found(api, w.mh, "search=travel") == [w.tagged]
    assert found(api, w.mh, "search=relaunch") == [w.login, w.site]  # the task's entry is the project's
    assert found(api, w.mh, "search=login%20fl") == [w.login]


def test_the_running_entry_with_include_active_as_the_list_does(api, w):
    assert found(api, w.mh, "search=globex&include_active=true") == [w.running, w.recent, w.old]


def test_combines_with_the_lists_filters(api, w):
    assert found(api, w.mh, "search=globex&start_date=2024-12-01") == [w.recent]
    assert found(api, w.mh, "search=globex&end_date=2024-06-30") == [w.old]
    assert found(api, w.mh, f"search=e&search=edits&project_id={w.site_id}") == [w.site]
    assert found(api, w.mh, f"search=relaunch&task_id={w.login_id}") == [w.login]
    assert found(api, w.mh, "search=globex&billable=false") == [w.recent, w.old]
    assert found(api, w.mh, "search=globex&billable=true") == []


def test_a_member_searches_their_own_a_manager_whom_they_ask_for(api, w):
    assert w.theirs not in found(api, w.mh, "search=globex")
    assert_error(api.get(f"{ENTRIES}?search=globex&user_id={w.other.id}", headers=w.mh), 403, "access_denied")
    assert found(api, w.ah, f"search=globex&user_id={w.other.id}") == [w.theirs]
    assert found(api, w.ah, "search=globex") == [w.theirs, w.recent, w.old]


def test_pages_newest_first(api, w):
    first = api.get(f"{ENTRIES}?search=globex&per_page=1&user_id={w.member.id}", headers=w.ah).json()
    assert [e["id"] for e in first["time_entries"]] == [w.recent]
    assert (first["pagination"]["has_next"], first["pagination"]["next_page"]) == (True, 2)
    second = api.get(f"{ENTRIES}?search=globex&per_page=1&page=2", headers=w.mh).json()
    assert [e["id"] for e in second["time_entries"]] == [w.old]
    assert second["pagination"] | {"total": 2, "pages": 2, "has_next": False} == second["pagination"]
    assert found(api, w.mh, "search=globex&page=3&per_page=1") == []


def test_the_newest_matches_up_to_the_limit_with_an_honest_total(api, w, monkeypatch):
    monkeypatch.setattr(service, "MAX_RESULTS", 2)
    for day in range(1, 5):
        entry(api, w.mh, f"2025-01-0{day}T09:00:00Z", f"2025-01-0{day}T10:00:00Z", notes=f"Globex {day}")
    body = api.get(f"{ENTRIES}?search=globex&per_page=1", headers=w.mh).json()
    assert (body["pagination"]["total"], body["pagination"]["has_next"], body["total_exact"]) == (
        2,
        True,
        False,
    )
    last = api.get(f"{ENTRIES}?search=globex&per_page=1&page=2", headers=w.mh).json()
    assert [e["notes"] for e in last["time_entries"]] == ["Globex 3"]
    assert last["pagination"]["has_next"] is False
    assert found(api, w.mh, "search=globex&per_page=1&page=3") == []


@pytest.mark.parametrize("text", ["", "%20%20"])
def test_no_text_is_the_plain_list(api, w, text):
    assert found(api, w.mh, f"search={text}") == found(api, w.mh, "")


@pytest.mark.parametrize("text", ["g", "gl", "%20gl%20"])
def test_fewer_than_three_characters_are_refused(api, w, text):
    assert_error(api.get(f"{ENTRIES}?search={text}", headers=w.mh), 400, "search_too_short")


HOSTILE = [
    "100%", "_ok", "a_b", "%_%", "x\\y", "\\\\%", "'; DROP TABLE time_entries; --", 'a"b', '""x', "'\"'",
    "NEAR(a b)", "a AND b", "a OR b", "NOT x", "notes:abc", "{notes tags}: x", "abc*", "^abc", "a - b",
    "(((", ")))", "[a-z]", "*?[", "\u00e9t\u00e9", "\U0001f600\U0001f600\U0001f600", "\u202e\u202d\u200b",
    "line\nbreak\ttab", "x" * 200,
]  # fmt: skip


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_only_text(api, w, text):
    """Wildcards, quotes and FTS5 syntax match themselves: an entry holding the text is found, the
    others are not, and nothing answers 500."""
    mine = entry(api, w.mh, "2025-02-01T09:00:00Z", "2025-02-01T10:00:00Z", notes=f"before {text} after")[
        "id"
    ]
    res = api.get(ENTRIES, params={"search": text}, headers=w.mh)
    assert res.status_code == 200, res.text
    assert [e["id"] for e in res.json()["time_entries"]] == [mine]


@pytest.mark.parametrize("text", ["x" * 201, "abc\x00def"])
def test_too_long_or_nul_is_400(api, w, text):
    assert_error(api.get(ENTRIES, params={"search": text}, headers=w.mh), 400)


def test_wildcards_do_not_match_other_characters(api, w):
    entry(api, w.mh, "2025-02-01T09:00:00Z", "2025-02-01T10:00:00Z", notes="abcdef")
    for text in ("a%f", "a_c", "a*c", "a?c", "[a]b"):
        assert found(api, w.mh, f"search={text}") == [], text


@pytest.mark.parametrize("text", ["über", "ÜBER", "Über"])
def test_case_folds_beyond_ascii(api, w, text):
    mine = entry(api, w.mh, "2025-02-01T09:00:00Z", "2025-02-01T10:00:00Z", notes="Überstunden abbauen")["id"]
    assert found(api, w.mh, f"search={text}") == [mine]
