"""Deliveries to a real local receiver: signature, retries with back-off, disabling, filters, ping."""

from __future__ import annotations

import json
import time

import httpx

from punchclock.webhook import signing
from tests.live import running
from tests.webhook.receiver import receiving

ENTRY = {"start_time": "2026-03-02T09:00:00Z", "end_time": "2026-03-02T10:00:00Z", "notes": "hooked"}


def make_hook(live, headers, url, **extra):
    res = httpx.post(f"{live.base}/api/v1/webhooks", json={"url": url, **extra}, headers=headers)
    assert res.status_code == 201, res.text
    return res.json()["webhook"]


def deliveries(live, headers, hook_id):
    res = httpx.get(f"{live.base}/api/v1/webhooks/{hook_id}/deliveries", headers=headers)
    assert res.status_code == 200, res.text
    return res.json()["deliveries"]


def wait_until(check, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not (result := check()):
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)
    return result


def test_a_change_is_delivered_signed_and_verifiable(live):
    alice = live.user()
    headers = live.headers(alice)
    with receiving() as receiver:
        hook = make_hook(live, headers, receiver.url, events=["time_entry.*"])
        secret = hook["secret"]
        assert secret.startswith("whsec_")
        res = httpx.post(f"{live.base}/api/v1/time-entries", json=ENTRY, headers=headers)
        assert res.status_code == 201
        (got,) = receiver.wait(1)
    body = json.loads(got.body)
    assert body["event"] == "time_entry.created"
    assert body["object"] == res.json()["time_entry"]
    assert body["actor"] == {"id": alice.id}
    assert body["user_id"] == alice.id
    assert got.headers["X-Punchclock-Event"] == "time_entry.created"
    ts = got.headers["X-Punchclock-Timestamp"]
    sig = got.headers["X-Punchclock-Signature"]
    assert signing.verify(secret, ts, got.body, sig, time.time())
    assert not signing.verify(secret, ts, got.body + b" ", sig, time.time())  # tampered body
    assert not signing.verify(secret, ts, got.body, sig, time.time() + 3600)  # replayed later
    assert not signing.verify("whsec_other", ts, got.body, sig, time.time())
    (row,) = wait_until(
        lambda: [d for d in deliveries(live, headers, hook["id"]) if d["status"] == "delivered"]
    )
    assert row["response_status"] == 200
    assert row["attempts"] == 1
    assert row["event"] == "time_entry.created"
    assert got.headers["X-Punchclock-Delivery"] == str(row["id"])


def test_a_failed_delivery_is_retried_with_back_off(live_settings, db):
    # A long poll: the retries must be timed by their own due times.
    settings = live_settings.model_copy(update={"webhook_retry_seconds": 0.3, "webhook_poll_seconds": 30})
    with running(settings, db) as base, receiving(statuses=[500, 503]) as receiver:
        from tests.event.conftest import Live

        live = Live(base, db)
        alice = live.user()
        headers = live.headers(alice)
        hook = make_hook(live, headers, receiver.url)
        assert httpx.post(f"{base}/api/v1/time-entries", json=ENTRY, headers=headers).status_code == 201
        got = receiver.wait(3)
        assert len({r.headers["X-Punchclock-Delivery"] for r in got}) == 1  # one delivery, three tries
        (row,) = wait_until(
            lambda: [d for d in deliveries(live, headers, hook["id"]) if d["status"] == "delivered"]
        )
        assert row["attempts"] == 3
        gaps = [b - a for a, b in zip(receiver.times, receiver.times[1:], strict=False)]
        assert 0.2 < gaps[0] < gaps[1] < 2  # ~0.3 s, then ~0.6 s (each +-20 %)


def test_repeated_failures_disable_the_hook_and_tell_the_owner(live_settings, db):
    settings = live_settings.model_copy(update={"webhook_disable_after": 2, "webhook_max_attempts": 1})
    with running(settings, db) as base, receiving(statuses=[500] * 10) as receiver:
        from tests.event.conftest import Live

        live = Live(base, db)
        alice = live.user()
        headers = live.headers(alice)
        hook = make_hook(live, headers, receiver.url)
        for _ in range(3):
            assert httpx.post(f"{base}/api/v1/time-entries", json=ENTRY, headers=headers).status_code == 201
        receiver.wait(2)
        state = wait_until(
            lambda: (
                (h := httpx.get(f"{base}/api/v1/webhooks/{hook['id']}", headers=headers).json()["webhook"])[
                    "active"
                ]
                is False
                and h
            )
        )
        assert "failed deliveries in a row" in state["disabled_reason"]
        rows = deliveries(live, headers, hook["id"])
        assert rows[0]["event"] == "webhook.disabled"
        assert rows[0]["error"] == state["disabled_reason"]
        time.sleep(0.5)
        assert len(receiver.requests) == 2  # nothing more is sent to a disabled hook
        res = httpx.patch(f"{base}/api/v1/webhooks/{hook['id']}", json={"active": True}, headers=headers)
        assert res.json()["webhook"]["failure_count"] == 0
        assert res.json()["webhook"]["disabled_reason"] is None


def test_filters_choose_the_events(live):
    boss = live.user("manager")
    headers = live.headers(boss)
    with receiving() as receiver:
        make_hook(live, headers, receiver.url, events=["project.*"])
        assert httpx.post(f"{live.base}/api/v1/time-entries", json=ENTRY, headers=headers).status_code == 201
        assert (
            httpx.post(f"{live.base}/api/v1/projects", json={"name": "P"}, headers=headers).status_code == 201
        )
        (got,) = receiver.wait(1)
        time.sleep(0.3)
        assert len(receiver.requests) == 1
    assert json.loads(got.body)["event"] == "project.created"


def test_a_team_hook_hears_everyone_and_an_own_hook_only_its_owner(live):
    boss, alice = live.user("manager"), live.user()
    with receiving() as team, receiving() as own:
        make_hook(live, live.headers(boss), team.url, scope="team", events=["time_entry.created"])
        make_hook(live, live.headers(boss), own.url, events=["time_entry.created"])
        assert (
            httpx.post(
                f"{live.base}/api/v1/time-entries", json=ENTRY, headers=live.headers(alice)
            ).status_code
            == 201
        )
        team.wait(1)
        time.sleep(0.3)
        assert own.requests == []


def test_ping_reports_the_receivers_answer(live):
    alice = live.user()
    headers = live.headers(alice)
    with receiving(statuses=[204]) as receiver:
        hook = make_hook(live, headers, receiver.url)
        res = httpx.post(f"{live.base}/api/v1/webhooks/{hook['id']}/ping", headers=headers)
        assert res.status_code == 200, res.text
        delivery = res.json()["delivery"]
        assert delivery["status"] == "delivered"
        assert delivery["response_status"] == 204
        (got,) = receiver.requests
    assert json.loads(got.body)["event"] == "webhook.ping"


def test_private_addresses_are_refused_at_send_time_unless_allowed(live_settings, db):
    from punchclock.auth.scopes import ROLE_SCOPES, Principal
    from punchclock.webhook import service

    settings = live_settings.model_copy(update={"webhook_allow_private": False})
    with running(settings, db) as base, receiving() as receiver:
        from tests.event.conftest import Live

        live = Live(base, db)
        alice = live.user()
        who = Principal(alice.id, alice.username, "member", ROLE_SCOPES["member"], "web")
        # Made while allowed (or pointing at a name that now resolves to 127.0.0.1):
        hook = db.call(service.create, who, {"url": receiver.url.replace("127.0.0.1", "localhost")}, True)
        res = httpx.post(f"{base}/api/v1/webhooks/{hook['id']}/ping", headers=live.headers(alice))
        delivery = res.json()["delivery"]
        assert delivery["status"] == "failed"
        assert "loopback, private" in delivery["error"]
        assert receiver.requests == []
