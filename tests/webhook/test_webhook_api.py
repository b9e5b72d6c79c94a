"""/api/v1/webhooks: the secret shown once, validation, ownership, URL rules."""

from __future__ import annotations

import pytest

from tests.checks import assert_error, snapshot

HOOKS = "/api/v1/webhooks"
URL = "https://hooks.example.com/punchclock"


def test_create_shows_the_secret_once_and_lists_only_ones_own(api):
    alice, bob = api.user(), api.user()
    h = api.headers(alice)
    res = api.post(
        HOOKS, json={"url": URL, "events": ["timer.*", "time_entry.created"], "description": "CI"}, headers=h
    )
    assert res.status_code == 201, res.text
    hook = res.json()["webhook"]
    assert hook["secret"].startswith("whsec_")
    assert hook["events"] == ["time_entry.created", "timer.*"]
    assert hook["scope"] == "own"
    assert hook["active"] is True
    got = api.get(f"{HOOKS}/{hook['id']}", headers=h).json()["webhook"]
    assert "secret" not in got
    api.post(HOOKS, json={"url": URL}, headers=api.headers(bob))
    listed = api.get(HOOKS, headers=h).json()
    assert [w["id"] for w in listed["webhooks"]] == [hook["id"]]
    assert listed["pagination"]["total"] == 1
    assert_error(api.get(HOOKS, params={"user_id": bob.id}, headers=h), 403, "access_denied")


def test_admins_manage_everyones_hooks(api):
    admin, alice = api.user("admin"), api.user()
    h = api.headers(admin)
    res = api.post(HOOKS, json={"url": URL, "user_id": alice.id}, headers=h)
    assert res.status_code == 201, res.text
    assert res.json()["webhook"]["user_id"] == alice.id
    assert api.get(HOOKS, params={"user_id": alice.id}, headers=h).json()["pagination"]["total"] == 1
    assert_error(api.post(HOOKS, json={"url": URL, "user_id": admin.id}, headers=api.headers(alice)), 403)


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"url": "ftp://example.com/x"}, "url_refused"),
        ({"url": "not a url"}, "url_refused"),
        ({"url": "http://user:pw@example.com/"}, "url_refused"),
        ({"url": "http://127.0.0.1:6379/"}, "url_refused"),
        ({"url": "http://localhost/"}, "url_refused"),
        ({"url": "http://169.254.169.254/latest/meta-data"}, "url_refused"),
        ({"url": "http://10.1.2.3/"}, "url_refused"),
        ({"url": "http://[::1]/"}, "url_refused"),
        ({"url": URL, "events": ["nope.*"]}, "validation_error"),
        ({"url": URL, "events": []}, "validation_error"),
        ({"url": URL, "scope": "world"}, "validation_error"),
        ({"url": URL, "secret": "mine"}, "validation_error"),
    ],
)
def test_bad_hooks_are_refused_and_nothing_is_stored(api, db, body, code):
    h = api.headers(api.user())
    before = snapshot(db)
    assert_error(api.post(HOOKS, json=body, headers=h), 400, code)
    assert snapshot(db) == before


def test_only_managers_and_admins_hear_the_team(api):
    assert_error(api.post(HOOKS, json={"url": URL, "scope": "team"}, headers=api.headers(api.user())), 403)
    res = api.post(HOOKS, json={"url": URL, "scope": "team"}, headers=api.headers(api.user("manager")))
    assert res.status_code == 201


def test_update_rotate_and_delete(api):
    h = api.headers(api.user())
    hook = api.post(HOOKS, json={"url": URL}, headers=h).json()["webhook"]
    res = api.patch(f"{HOOKS}/{hook['id']}", json={"events": ["project.*"], "rotate_secret": True}, headers=h)
    assert res.status_code == 200, res.text
    updated = res.json()["webhook"]
    assert updated["events"] == ["project.*"]
    assert updated["secret"].startswith("whsec_")
    assert updated["secret"] != hook["secret"]
    assert (
        "secret"
        not in api.patch(f"{HOOKS}/{hook['id']}", json={"description": "x"}, headers=h).json()["webhook"]
    )
    assert_error(
        api.patch(f"{HOOKS}/{hook['id']}", json={"url": "http://127.0.0.1/"}, headers=h), 400, "url_refused"
    )
    assert api.delete(f"{HOOKS}/{hook['id']}", headers=h).status_code == 200
    assert_error(api.get(f"{HOOKS}/{hook['id']}", headers=h), 404, "not_found")


def test_each_write_queues_a_delivery_in_the_same_transaction(api, db):
    from sqlalchemy import text

    h = api.headers(api.user())
    api.post(HOOKS, json={"url": URL, "events": ["time_entry.created"]}, headers=h)
    body = {"start_time": "2026-03-02T09:00:00Z", "end_time": "2026-03-02T10:00:00Z"}
    assert api.post("/api/v1/time-entries", json=body, headers=h).status_code == 201
    # A refused write (end before start) queues nothing.
    assert (
        api.post(
            "/api/v1/time-entries", json={**body, "end_time": "2026-03-02T08:00:00Z"}, headers=h
        ).status_code
        == 400
    )
    rows = db.call(
        lambda s: s.execute(text("SELECT event, status FROM webhook_deliveries")).all(), write=False
    )
    assert [tuple(r) for r in rows] == [("time_entry.created", "pending")]
