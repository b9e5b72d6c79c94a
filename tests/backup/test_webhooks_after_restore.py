"""A restored copy starts with webhook sending paused: its queued deliveries wait for an admin."""

from __future__ import annotations

import time
from pathlib import Path

import httpx

from punchclock.auth.scopes import ROLE_SCOPES, Principal
from punchclock.backup import service
from punchclock.db import Database
from punchclock.models import WebhookDelivery
from punchclock.token import service as token_service
from punchclock.user import service as user_service
from punchclock.webhook import service as webhook_service
from punchclock.webhook.outbox import Policy, claim
from tests.backup.conftest import options, punchclock
from tests.live import running
from tests.webhook.receiver import receiving


def _queue(session, hook_id: int) -> None:
    session.add(
        WebhookDelivery(
            webhook_id=hook_id, event_id="ev1", event="time_entry.created", payload="{}", status="pending",
            attempts=0, next_attempt_at=time.time(), locked_until=0.0, created_at=int(time.time()),
        )
    )  # fmt: skip


def _principal(user):
    return Principal(user.id, user.username, user.role, ROLE_SCOPES[user.role], "token")


def test_queued_deliveries_wait_until_resumed(source, target, db, tmp_path: Path):
    with receiving() as receiver:
        admin = db.call(user_service.create, "alice", "password123", "admin")
        _, token = db.call(token_service.create, admin, "ci", "admin:all", "", None)
        hook = db.call(webhook_service.create, _principal(admin), {"url": receiver.url}, True)
        db.call(_queue, hook["id"])
        archive = tmp_path / "b.tar"
        service.create(source, archive)

        done = punchclock("restore", archive, *options(target))
        assert done.exit_code == 0, done.output
        assert "PAUSED (1 deliveries queued)" in done.output
        status = punchclock("webhooks", "status", *options(target))
        assert "PAUSED" in status.output
        assert "1 deliveries queued" in status.output

        restored = Database(target.effective_database_url)
        live = target.model_copy(update={"webhook_allow_private": True, "webhook_poll_seconds": 0.1})
        try:
            assert restored.call(claim, Policy()) == []
            with running(live, restored) as base:
                headers = {"Authorization": f"Bearer {token}"}
                time.sleep(0.8)  # several polls of the restored server's sender
                assert receiver.requests == []
                (row,) = httpx.get(f"{base}/api/v1/webhooks/{hook['id']}/deliveries", headers=headers).json()[
                    "deliveries"
                ]
                assert (row["status"], row["attempts"]) == ("pending", 0)
                resumed = punchclock("webhooks", "resume", *options(target))
                assert resumed.exit_code == 0, resumed.output
                assert "resumed" in resumed.output
                (got,) = receiver.wait(1)
            assert got.headers["X-Punchclock-Event"] == "time_entry.created"
        finally:
            restored.dispose()


def test_pause_status_and_resume_by_hand(target):
    assert punchclock("migrate", *options(target)).exit_code == 0
    assert "running" in punchclock("webhooks", "status", *options(target)).output
    paused = punchclock("webhooks", "pause", "--reason", "copy for testing", *options(target))
    assert paused.exit_code == 0, paused.output
    status = punchclock("webhooks", "status", *options(target)).output
    assert "PAUSED" in status
    assert "copy for testing" in status
    assert punchclock("webhooks", "resume", *options(target)).exit_code == 0
    assert "running" in punchclock("webhooks", "status", *options(target)).output
