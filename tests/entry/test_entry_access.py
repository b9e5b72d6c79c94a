"""Who may see and change which time entries: anonymous, scopes, members, managers and admins."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from punchclock.user import service as user_service
from tests.checks import assert_error, snapshot
from tests.entry.helpers import ENTRIES, count, entry

SPAN = {"start_time": "2024-01-15T09:00:00Z", "end_time": "2024-01-15T10:00:00Z"}


@pytest.fixture
def w(api):
    """Two members with one entry each."""
    alice, bob = api.user("member", "alice"), api.user("member", "bob")
    ns = SimpleNamespace(alice=alice, bob=bob, ah=api.headers(alice), bh=api.headers(bob))
    ns.a = entry(api, ns.ah, SPAN["start_time"], SPAN["end_time"], notes="alice's")["id"]
    ns.b = entry(api, ns.bh, "2024-01-16T09:00:00Z", "2024-01-16T10:00:00Z", notes="bob's")["id"]
    return ns


def test_anonymous_requests_are_401(api, w):
    before = snapshot(api.db)
    for res in (
        api.get(ENTRIES),
        api.get(f"{ENTRIES}/{w.a}"),
        api.post(ENTRIES, json=SPAN),
        api.patch(f"{ENTRIES}/{w.a}", json={"notes": "x"}),
        api.delete(f"{ENTRIES}/{w.a}"),
        api.get(ENTRIES, headers={"Authorization": "Bearer pc_" + "x" * 32}),
    ):
        assert res.status_code == 401, res.text
    assert snapshot(api.db) == before


def test_a_member_lists_only_their_own_entries(api, w):
    listed = api.get(ENTRIES, headers=w.ah).json()
    assert [e["id"] for e in listed["time_entries"]] == [w.a]
    assert listed["pagination"]["total"] == 1
    assert [
        e["id"] for e in api.get(f"{ENTRIES}?user_id={w.alice.id}", headers=w.ah).json()["time_entries"]
    ] == [w.a]


def test_a_member_filtering_by_another_user_is_403(api, w):
    assert_error(api.get(f"{ENTRIES}?user_id={w.bob.id}", headers=w.ah), 403, "access_denied")


def test_another_members_entry_is_404_and_untouched(api, w):
    before = snapshot(api.db)
    url = f"{ENTRIES}/{w.b}"
    assert_error(api.get(url, headers=w.ah), 404, "not_found")
    assert_error(api.put(url, json={"notes": "mine now"}, headers=w.ah), 404, "not_found")
    assert_error(api.patch(url, json={"notes": "mine now"}, headers=w.ah), 404, "not_found")
    assert_error(api.delete(url, headers=w.ah), 404, "not_found")
    assert snapshot(api.db) == before
    # The same answer as for an id that does not exist: ids reveal nothing.
    assert (
        api.get(url, headers=w.ah).json()["message"]
        == api.get(f"{ENTRIES}/99999", headers=w.ah).json()["message"]
    )


def test_a_member_cannot_create_for_another_user(api, w):
    before = snapshot(api.db)
    assert_error(api.post(ENTRIES, json={**SPAN, "user_id": w.bob.id}, headers=w.ah), 403, "access_denied")
    assert snapshot(api.db) == before
    own = api.post(ENTRIES, json={**SPAN, "user_id": w.alice.id}, headers=w.ah)
    assert own.status_code == 201
    assert own.json()["time_entry"]["user_id"] == w.alice.id


@pytest.mark.parametrize("role", ["manager", "admin"])
def test_managers_and_admins_see_and_edit_everyones_entries(api, w, role):
    h = api.headers(api.user(role))
    assert [e["id"] for e in api.get(ENTRIES, headers=h).json()["time_entries"]] == [w.b, w.a]
    assert [e["id"] for e in api.get(f"{ENTRIES}?user_id={w.bob.id}", headers=h).json()["time_entries"]] == [
        w.b
    ]
    assert api.get(f"{ENTRIES}/{w.a}", headers=h).json()["time_entry"]["user"] == "alice"
    edited = api.patch(f"{ENTRIES}/{w.a}", json={"notes": "reviewed"}, headers=h)
    assert edited.status_code == 200
    assert edited.json()["time_entry"]["user_id"] == w.alice.id
    assert api.get(f"{ENTRIES}/{w.a}", headers=w.ah).json()["time_entry"]["notes"] == "reviewed"
    assert api.delete(f"{ENTRIES}/{w.b}", headers=h).status_code == 200
    assert count(api.db) == 1


@pytest.mark.parametrize("role", ["manager", "admin"])
def test_managers_and_admins_track_time_for_others(api, w, role):
    h = api.headers(api.user(role))
    res = api.post(ENTRIES, json={**SPAN, "user_id": w.bob.id}, headers=h)
    assert res.status_code == 201, res.text
    assert (res.json()["time_entry"]["user_id"], res.json()["time_entry"]["user"]) == (w.bob.id, "bob")
    assert w.a not in [e["id"] for e in api.get(ENTRIES, headers=w.bh).json()["time_entries"]]
    assert res.json()["time_entry"]["id"] in [
        e["id"] for e in api.get(ENTRIES, headers=w.bh).json()["time_entries"]
    ]


def test_tracking_for_an_unknown_or_disabled_user_is_refused(api, w):
    h = api.headers(api.user("manager"))
    api.db.call(lambda s: user_service.disable(s, user_service.get(s, w.bob.id)))
    before = snapshot(api.db)
    assert_error(api.post(ENTRIES, json={**SPAN, "user_id": 99999}, headers=h), 400, "invalid_user")
    assert_error(api.post(ENTRIES, json={**SPAN, "user_id": w.bob.id}, headers=h), 400, "user_disabled")
    assert snapshot(api.db) == before


def test_a_token_without_read_scope_cannot_read(api, w):
    h = api.headers(w.alice, ["read:projects"])
    for url in (ENTRIES, f"{ENTRIES}/{w.a}", "/api/v1/timer/status"):
        body = assert_error(api.get(url, headers=h), 403, "insufficient_scope")
        assert body["required_scope"] == "read:time_entries"
        assert body["available_scopes"] == ["read:projects"]


def test_a_read_only_token_cannot_write(api, w):
    h = api.headers(w.alice, ["read:time_entries"])
    before = snapshot(api.db)
    for res in (
        api.post(ENTRIES, json=SPAN, headers=h),
        api.put(f"{ENTRIES}/{w.a}", json={"notes": "x"}, headers=h),
        api.patch(f"{ENTRIES}/{w.a}", json={"notes": "x"}, headers=h),
        api.delete(f"{ENTRIES}/{w.a}", headers=h),
        api.post("/api/v1/timer/start", headers=h),
        api.post("/api/v1/timer/stop", headers=h),
    ):
        assert assert_error(res, 403, "insufficient_scope")["required_scope"] == "write:time_entries"
    assert snapshot(api.db) == before
    assert api.get(ENTRIES, headers=h).status_code == 200


def test_scope_is_checked_before_the_object_exists(api, w):
    h = api.headers(w.alice, ["read:projects"])
    assert_error(api.get(f"{ENTRIES}/99999", headers=h), 403, "insufficient_scope")
