"""GET /users/me/suggestions: one's own earlier descriptions, each with its latest project, task,
tags and billable, most recent first; from the recent window and, further back, the index."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from punchclock.search import repository
from tests.checks import assert_error
from tests.entry.helpers import ENTRIES, entry, project, task

URL = "/api/v1/users/me/suggestions"


@pytest.fixture(params=["window", "index"])
def plan(request, monkeypatch):
    """With the usual window, and with a window of one entry: older matches then come from the
    trigram index (FTS5 or pg_trgm), which must find the same."""
    if request.param == "index":
        monkeypatch.setattr(repository, "SUGGEST_WINDOW", 1)
    return request.param


@pytest.fixture
def w(api, plan):
    admin, member = api.user("admin"), api.user("member")
    ah, mh = api.headers(admin), api.headers(member)
    site, internal = project(api, ah, "Website"), project(api, ah, "Internal", billable=False)
    design = task(api, ah, site, "Design")
    day = iter(range(1, 29))

    def add(**fields):
        d = next(day)
        return entry(api, mh, f"2024-02-{d:02d}T09:00:00Z", f"2024-02-{d:02d}T10:00:00Z", **fields)

    add(notes="Code review", project_id=internal, tags=["old"])
    add(notes="Release prep")
    add(notes="Überstunden abbauen")
    add(notes="Figure out billing")
    add(notes="", project_id=site)
    add(notes="Write code docs", project_id=site)
    gone = add(notes="Secret plans")
    assert api.delete(f"{ENTRIES}/{gone['id']}", headers=mh).status_code == 200
    latest = add(notes="Code review", task_id=design, tags=["team"], billable=False)
    entry(api, ah, "2024-03-01T09:00:00Z", "2024-03-01T10:00:00Z", notes="Code of the admin")
    return SimpleNamespace(mh=mh, ah=ah, site=site, design=design, latest=latest)


def suggest(api, h, q="", **params):
    res = api.get(URL, params={"q": q, **params}, headers=h)
    assert res.status_code == 200, res.text
    return res.json()["suggestions"]


def notes(api, h, q="", **params):
    return [s["notes"] for s in suggest(api, h, q, **params)]


def test_nothing_typed_gives_the_latest_distinct_descriptions(api, w):
    assert notes(api, w.mh) == [
        "Code review", "Write code docs", "Figure out billing", "Überstunden abbauen", "Release prep",
    ]  # fmt: skip


def test_one_pick_carries_the_latest_entrys_project_task_tags_and_billable(api, w):
    (review,) = suggest(api, w.mh, "review")
    assert review == {
        "notes": "Code review", "project_id": w.site, "project": "Website", "task_id": w.design,
        "task": "Design", "tags": "team", "tag_list": ["team"], "billable": False,
        "entry_id": w.latest["id"], "last_used": w.latest["start_time"],
    }  # fmt: skip


def test_three_characters_match_anywhere_whatever_the_case(api, w):
    assert notes(api, w.mh, "CODE") == ["Code review", "Write code docs"]
    assert notes(api, w.mh, "ill") == ["Figure out billing"]


def test_one_or_two_characters_match_the_start_of_a_word_in_the_window(api, w, plan):
    if plan == "index":  # a window of one entry: the latest, "Code review", alone
        assert [notes(api, w.mh, t) for t in ("re", "b", "co")] == [["Code review"], [], ["Code review"]]
        return
    assert notes(api, w.mh, "re") == ["Code review", "Release prep"]  # not "Figure" nor "Secret"
    assert notes(api, w.mh, "b") == ["Figure out billing"]


@pytest.mark.parametrize("typed", ["über", "ÜBER", "üb", "Ü"])
def test_case_folds_beyond_ascii(api, w, plan, typed):
    short = len(typed) < 3 and plan == "index"
    assert notes(api, w.mh, typed) == ([] if short else ["Überstunden abbauen"])


def test_limit(api, w):
    assert notes(api, w.mh, limit=2) == ["Code review", "Write code docs"]
    for bad in (0, 21, "x"):
        assert_error(api.get(URL, params={"limit": bad}, headers=w.mh), 400)


def test_only_ones_own_descriptions_whatever_the_role(api, w):
    assert "Code of the admin" not in notes(api, w.mh, "code")
    assert notes(api, w.ah, "code") == ["Code of the admin"]


@pytest.mark.parametrize("typed", ["%", "_", "%%%", "a_b", "\\", '"', "'", "NEAR(x y)", "co*", "[a]", "é"])
def test_hostile_text_is_only_text(api, w, typed):
    assert notes(api, w.mh, typed) == []


@pytest.mark.parametrize("typed", ["x" * 201, "a\x00b"])
def test_too_long_or_nul_is_400(api, w, typed):
    assert_error(api.get(URL, params={"q": typed}, headers=w.mh), 400)


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_other_methods_are_405(api, w, method):
    assert_error(api.client.request(method, URL, headers=w.mh), 405, "method_not_allowed")
