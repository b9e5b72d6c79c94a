"""/api/v1/ws over a real socket: sign-in, who hears what, revocation, heartbeat and lifetime."""

from __future__ import annotations

import json
import time

import httpx
import pytest

from punchclock.event import endpoints as ws_endpoints
from tests.event.conftest import Live
from tests.live import Socket, running

TIMER = "/api/v1/timer"


def test_ready_then_own_timer_events_with_the_entry_and_cursor(live):
    alice = live.user()
    headers = live.headers(alice)
    sock = Socket(live.base, live.token(alice, "read:time_entries")).start()
    assert sock.ready == {
        "type": "ready", "user_id": alice.id, "scope": "own",
        "heartbeat_seconds": 0.3, "max_lifetime_seconds": 3600.0,
    }  # fmt: skip
    res = httpx.post(live.base + TIMER + "/start", json={"notes": "writing #docs"}, headers=headers)
    assert res.status_code == 201, res.text
    created = sock.wait_for("time_entry.created")
    started = sock.wait_for("timer.started")
    assert created["object"] == res.json()["timer"] == started["object"]
    assert created["user_id"] == alice.id
    assert created["actor_id"] == alice.id
    assert isinstance(created["cursor"], float)
    assert created["time"].endswith("Z")
    httpx.post(live.base + TIMER + "/stop", headers=headers)
    stopped = sock.wait_for("timer.stopped")
    assert stopped["object"]["is_active"] is False
    entry_id = stopped["object"]["id"]
    assert httpx.delete(f"{live.base}/api/v1/time-entries/{entry_id}", headers=headers).status_code == 200
    assert sock.wait_for("time_entry.deleted")["object"] == {"id": entry_id}
    sock.close()


def test_nobody_hears_another_users_entries_unless_watching_the_team(live):
    alice, bob, boss = live.user(), live.user(), live.user("manager")
    bobs = Socket(live.base, live.token(bob)).start()
    boss_own = Socket(live.base, live.token(boss)).start()
    boss_team = Socket(live.base, live.token(boss), scope="team").start()
    assert boss_team.ready["scope"] == "team"
    res = httpx.post(
        live.base + "/api/v1/time-entries",
        json={"start_time": "2026-01-05T09:00:00Z", "end_time": "2026-01-05T10:00:00Z", "notes": "secret"},
        headers=live.headers(alice),
    )
    assert res.status_code == 201
    assert boss_team.wait_for("time_entry.created")["object"]["notes"] == "secret"
    assert bobs.events() == []
    assert boss_own.events(0.2) == []


def test_shared_things_reach_everyone_who_may_read_them(live):
    boss, member = live.user("manager"), live.user()
    reader = Socket(live.base, live.token(member)).start()
    narrow = Socket(live.base, live.token(member, "read:time_entries")).start()
    res = httpx.post(live.base + "/api/v1/projects", json={"name": "Website"}, headers=live.headers(boss))
    assert res.status_code == 201
    event = reader.wait_for("project.created")
    assert event["object"]["name"] == "Website"
    assert event["user_id"] is None
    assert event["actor_id"] == boss.id
    assert narrow.events(0.3) == []  # no read:projects


def test_a_timetagger_sync_push_is_announced_like_a_rest_write(live):
    alice = live.user()
    sock = Socket(live.base, live.token(alice)).start()
    record = {"key": "abcd1234", "t1": 1767600000, "t2": 1767603600, "mt": 1767603600, "ds": "sync #tt"}
    res = httpx.put(
        live.base + "/timetagger/api/v2/records",
        content=json.dumps([record]),
        headers={"authtoken": live.token(alice)},
    )
    assert res.status_code == 200, res.text
    assert res.json()["accepted"] == ["abcd1234"]
    event = sock.wait_for("time_entry.created")
    assert event["object"]["notes"] == "sync #tt"
    assert event["object"]["tags"] == "tt"


@pytest.mark.parametrize(
    ("hello", "code"),
    [
        ({"type": "auth", "token": "pc_" + "x" * 32}, 4401),
        ({"type": "auth"}, 4401),
        ({"type": "subscribe", "token": "whatever"}, 4401),
        ("not json", 4401),
    ],
)
def test_a_bad_hello_is_refused(live, hello, code):
    sock = Socket(live.base, None, hello=False)
    sock.ws.send(hello if isinstance(hello, str) else json.dumps(hello))
    assert sock.close_code() == code


def test_missing_scope_or_team_rights_are_refused(live):
    alice = live.user()
    assert Socket(live.base, live.token(alice, "read:projects")).close_code() == 4403
    assert Socket(live.base, live.token(alice), scope="team").close_code() == 4403


def test_no_hello_in_time_closes_with_4408(live, monkeypatch):
    monkeypatch.setattr(ws_endpoints, "AUTH_TIMEOUT", 0.2)
    assert Socket(live.base, None, hello=False).close_code() == 4408


def test_revoking_the_token_or_disabling_the_account_closes_the_socket(live):
    alice, admin = live.user(), live.user("admin")
    admin_headers = live.headers(admin)
    web = httpx.post(
        live.base + "/api/v1/auth/session", json={"username": alice.username, "password": "password123"}
    )
    res = httpx.post(
        live.base + "/api/v1/tokens",
        json={"name": "ws", "scopes": "read:time_entries"},
        headers={"Authorization": f"Bearer {web.json()['token']}"},
    )
    token, token_id = res.json()["token"], res.json()["api_token"]["id"]
    by_token = Socket(live.base, token).start()
    by_login = Socket(live.base, web.json()["token"]).start()
    assert httpx.delete(f"{live.base}/api/v1/tokens/{token_id}", headers=admin_headers).status_code == 200
    assert by_token.close_code(2) == 4401
    res = httpx.put(f"{live.base}/api/v1/users/{alice.id}", json={"is_active": False}, headers=admin_headers)
    assert res.status_code == 200, res.text
    assert by_login.close_code(2) == 4401


def test_ping_pong_and_server_heartbeats(live):
    sock = Socket(live.base, live.token(live.user())).start()
    sock.ws.send(json.dumps({"type": "ping"}))
    kinds = {sock.recv(2)["type"] for _ in range(2)}
    assert "pong" in kinds
    assert sock.recv(2)["type"] == "ping"  # heartbeat every 0.3 s here


def test_the_socket_is_closed_when_its_lifetime_ends(live_settings, db):
    from tests.live import running

    settings = live_settings.model_copy(update={"ws_max_lifetime_seconds": 0.5})
    with running(settings, db) as base:
        from punchclock.token import service as token_service
        from punchclock.user import service as user_service

        user = db.call(user_service.create, "short", "password123", "member")
        _, raw = db.call(token_service.create, user, "t", "read:time_entries", "", None)
        sock = Socket(base, raw).start()
        assert sock.close_code(3) == 4000


def test_pausing_and_resuming_are_heard_with_the_entry(live):
    alice = live.user()
    headers = live.headers(alice)
    sock = Socket(live.base, live.token(alice, "read:time_entries")).start()
    assert httpx.post(live.base + TIMER + "/start", json={}, headers=headers).status_code == 201
    sock.wait_for("timer.started")
    res = httpx.post(live.base + TIMER + "/pause", headers=headers)
    assert res.status_code == 200, res.text
    paused = sock.wait_for("timer.paused")
    assert paused["object"] == res.json()["time_entry"]
    assert paused["object"]["paused_at"] is not None
    assert httpx.post(live.base + TIMER + "/resume", headers=headers).status_code == 200
    assert sock.wait_for("timer.resumed")["object"]["paused_at"] is None
    sock.close()


def test_a_team_leads_socket_follows_their_teams_at_once(live_settings, db):
    """With teams, a lead's team socket hears their teams' members only; adding someone to the team
    re-checks the lead's sockets at once (the heartbeat, which re-checks too, is a minute away)."""
    with running(live_settings.model_copy(update={"ws_heartbeat_seconds": 60}), db) as base:
        _team_socket_follows(Live(base, db))


def _team_socket_follows(live):
    alice, bob, boss, admin = live.user(), live.user(), live.user("manager"), live.user("admin")
    ah = live.headers(admin)
    team = httpx.post(live.base + "/api/v1/teams", json={"name": "Support"}, headers=ah).json()["team"]
    members = f"{live.base}/api/v1/teams/{team['id']}/members"
    assert httpx.put(f"{members}/{boss.id}", json={"is_lead": True}, headers=ah).status_code == 200
    assert httpx.put(f"{members}/{alice.id}", headers=ah).status_code == 200
    boss_team = Socket(live.base, live.token(boss), scope="team").start()

    def track(user, notes):
        body = {"start_time": "2026-01-05T09:00:00Z", "end_time": "2026-01-05T10:00:00Z", "notes": notes}
        res = httpx.post(live.base + "/api/v1/time-entries", json=body, headers=live.headers(user))
        assert res.status_code == 201, res.text

    track(bob, "outside")
    track(alice, "inside")
    heard = [e["object"]["notes"] for e in boss_team.events(1.0) if e["event"] == "time_entry.created"]
    assert heard == ["inside"]
    assert httpx.put(f"{members}/{bob.id}", headers=ah).status_code == 200
    time.sleep(0.3)  # the re-check runs as the change's AUTH_REVOKED event reaches the hub
    track(bob, "joined")
    assert boss_team.wait_for("time_entry.created")["object"]["notes"] == "joined"
