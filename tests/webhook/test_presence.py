"""webhook.presence: writes skip the hook lookup while a database has no active hook, and a hook
switched on is heard as before."""

from __future__ import annotations

import time

from sqlalchemy import event

from punchclock.db import AFTER_COMMIT
from punchclock.models import Webhook
from punchclock.webhook import presence

HOOKS = "/api/v1/webhooks"
URL = "https://hooks.example.com/punchclock"


def _write(api, headers, n: int) -> None:
    entry = {"start_time": f"2026-03-02T{n:02d}:00:00Z", "end_time": f"2026-03-02T{n:02d}:30:00Z"}
    res = api.post("/api/v1/time-entries", json=entry, headers=headers)
    assert res.status_code == 201, res.text


def _heard(api, headers, hook_id: int) -> list[str]:
    res = api.get(f"{HOOKS}/{hook_id}/deliveries", headers=headers)
    assert res.status_code == 200, res.text
    return [d["event"] for d in res.json()["deliveries"]]


def test_writes_without_an_active_hook_skip_the_lookup(api, db):
    lookups: list[str] = []

    def spy(_conn, _cursor, statement, *_args) -> None:
        if "FROM webhooks" in statement:
            lookups.append(statement)

    event.listen(db.engine, "before_cursor_execute", spy)
    try:
        h = api.headers(api.user())
        for n in range(1, 5):
            _write(api, h, n)
    finally:
        event.remove(db.engine, "before_cursor_execute", spy)
    assert len(lookups) == 1  # the first write found none; the three after it did not ask


def test_a_hook_made_here_hears_the_very_next_write(api):
    h = api.headers(api.user())
    _write(api, h, 1)  # "no hook" is remembered now
    hook = api.post(HOOKS, json={"url": URL, "events": ["time_entry.created"]}, headers=h).json()["webhook"]
    _write(api, h, 2)
    assert _heard(api, h, hook["id"]) == ["time_entry.created"]


def test_a_hook_switched_back_on_hears_the_very_next_write(api):
    h = api.headers(api.user())
    body = {"url": URL, "events": ["time_entry.created"], "active": False}
    hook = api.post(HOOKS, json=body, headers=h).json()["webhook"]
    _write(api, h, 1)  # no active hook: remembered
    res = api.patch(f"{HOOKS}/{hook['id']}", json={"active": True}, headers=h)
    assert res.status_code == 200, res.text
    _write(api, h, 2)
    assert _heard(api, h, hook["id"]) == ["time_entry.created"]


def test_a_hook_made_by_another_instance_is_heard_after_the_quiet_time(api, db, monkeypatch):
    monkeypatch.setattr(presence, "QUIET_SECONDS", 0.3)
    alice = api.user()
    h = api.headers(alice)
    _write(api, h, 1)

    def elsewhere(session) -> int:  # a row this process's presence never heard of
        hook = Webhook(
            user_id=alice.id, url=URL, description="", events="time_entry.created", scope="own",
            secret="whsec_x", active=True, failure_count=0, created_at=0, updated_at=0,
        )  # fmt: skip
        session.add(hook)
        session.flush()
        return hook.id

    hook_id = db.call(elsewhere)
    _write(api, h, 2)  # within the quiet time: not heard
    time.sleep(0.35)
    _write(api, h, 3)
    assert _heard(api, h, hook_id) == ["time_entry.created"]


def test_a_demoted_owner_stops_hearing_at_once_while_hooks_exist(api):
    """With a hook in the database every write reads the hooks: nothing is remembered then."""
    admin, manager, member = api.user("admin"), api.user("manager"), api.user()
    mh = api.headers(manager)
    body = {"url": URL, "events": ["time_entry.created"], "scope": "team"}
    hook = api.post(HOOKS, json=body, headers=mh).json()["webhook"]
    _write(api, api.headers(member), 1)
    assert _heard(api, mh, hook["id"]) == ["time_entry.created"]
    res = api.patch(f"/api/v1/users/{manager.id}", json={"role": "member"}, headers=api.headers(admin))
    assert res.status_code == 200, res.text
    _write(api, api.headers(member), 2)
    assert _heard(api, api.headers(admin), hook["id"]) == ["time_entry.created"]


def test_a_lookup_that_raced_a_hook_switched_on_remembers_nothing(db):
    session = db.session()
    try:
        started = presence.lookup_started()
        presence.hook_switched_on(session)  # another transaction turns a hook on ...
        session.commit()
        for forget in session.info.pop(AFTER_COMMIT):
            forget()  # ... and commits while the lookup still runs
        presence.found_none(session, started)
        assert not presence.known_none(session)
        presence.found_none(session, presence.lookup_started())
        assert presence.known_none(session)
    finally:
        session.close()
