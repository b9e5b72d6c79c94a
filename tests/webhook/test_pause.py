"""Webhook sending paused for the whole deployment (as after a restore): nothing is claimed or sent,
deliveries stay pending, pings are refused, and resuming sends what waited."""

from __future__ import annotations

import asyncio
import logging

import httpx

from punchclock.webhook import outbox, pause
from punchclock.webhook.outbox import Policy
from punchclock.webhook.sender import Sender
from tests.webhook.receiver import receiving
from tests.webhook.test_delivery import ENTRY, deliveries, make_hook, wait_until


def test_a_paused_deployment_sends_nothing_until_an_admin_resumes(live):
    admin = live.user("admin")
    headers = live.headers(admin)
    with receiving() as receiver:
        hook = make_hook(live, headers, receiver.url, events=["time_entry.*"])
        live.db.call(pause.pause_sending, "restored from a backup")
        state = httpx.get(f"{live.base}/api/v1/webhooks/sending", headers=headers).json()
        assert state["paused"] is True
        assert state["reason"] == "restored from a backup"
        res = httpx.post(f"{live.base}/api/v1/time-entries", json=ENTRY, headers=headers)
        assert res.status_code == 201
        ping = httpx.post(f"{live.base}/api/v1/webhooks/{hook['id']}/ping", headers=headers)
        assert ping.status_code == 409
        assert ping.json()["code"] == "webhooks_paused"
        asyncio.run(asyncio.sleep(1.0))  # five sender polls
        assert receiver.requests == []
        (row,) = deliveries(live, headers, hook["id"])
        assert (row["status"], row["attempts"]) == ("pending", 0)
        assert (
            httpx.get(f"{live.base}/api/v1/webhooks/sending", headers=headers).json()["pending_deliveries"]
            == 1
        )
        resumed = httpx.post(f"{live.base}/api/v1/webhooks/sending/resume", headers=headers)
        assert resumed.status_code == 200
        assert resumed.json()["paused"] is False
        (got,) = receiver.wait(1)
    assert got.headers["X-Punchclock-Event"] == "time_entry.created"
    wait_until(lambda: deliveries(live, headers, hook["id"])[0]["status"] == "delivered")


def test_claims_nothing_and_nothing_is_due_while_paused(db):
    assert db.call(pause.paused, write=False) is False
    db.call(pause.pause_sending, "test")
    assert db.call(pause.paused, write=False) is True
    assert db.call(outbox.claim, Policy()) == []
    assert db.call(outbox.next_due, write=False) is None
    assert db.call(pause.resume_sending)["paused"] is False
    assert db.call(pause.resume_sending)["paused"] is False  # resuming twice is harmless


def test_the_sender_warns_at_start_when_paused(db, caplog):
    sender = Sender(db, Policy())
    with caplog.at_level(logging.WARNING, logger="punchclock.webhook"):
        asyncio.run(sender._warn_if_paused())
        assert caplog.records == []
        db.call(pause.pause_sending, "restored from a backup")
        asyncio.run(sender._warn_if_paused())
    (record,) = caplog.records
    assert "PAUSED" in record.getMessage()
    assert "punchclock webhooks resume" in record.getMessage()
