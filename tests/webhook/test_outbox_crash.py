"""No delivery is lost when the server dies between the commit and the send."""

from __future__ import annotations

import json
import os
import signal
import subprocess

import httpx
import pytest

from tests.cli.test_serve import free_port, punchclock_command, server
from tests.live import login
from tests.webhook.receiver import receiving

pytestmark = pytest.mark.slow

PASSWORD = "crash-pw"


def test_a_delivery_committed_before_a_kill_is_sent_after_the_restart(tmp_path):
    data = tmp_path / "data"
    env = {
        "PUNCHCLOCK_ADMIN_PASSWORD": PASSWORD,
        "PUNCHCLOCK_ACCESS_LOG": "false",
        "PUNCHCLOCK_WEBHOOK_ALLOW_PRIVATE": "true",
        "PUNCHCLOCK_WEBHOOK_POLL_SECONDS": "0.2",
    }
    with receiving() as receiver:
        # First life: the sender is off, so the delivery can only be in the outbox when we kill it.
        port = free_port()
        clean = {k: v for k, v in os.environ.items() if not k.startswith("PUNCHCLOCK_")}
        proc = subprocess.Popen(
            [*punchclock_command(), "serve", "--port", str(port), "--data-dir", str(data)],
            env={**clean, **env, "PUNCHCLOCK_WEBHOOK_SENDER": "false"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_healthy(base, proc)
            headers = {"Authorization": f"Bearer {login(base, 'admin', PASSWORD)}"}
            hook = httpx.post(f"{base}/api/v1/webhooks", json={"url": receiver.url}, headers=headers)
            assert hook.status_code == 201, hook.text
            body = {"start_time": "2026-03-02T09:00:00Z", "end_time": "2026-03-02T10:00:00Z", "notes": "kept"}
            assert httpx.post(f"{base}/api/v1/time-entries", json=body, headers=headers).status_code == 201
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        assert receiver.requests == []
        # Second life: the pending delivery goes out.
        port = free_port()
        with server(["--port", str(port), "--data-dir", str(data)], tmp_path, port, env):
            (got,) = receiver.wait(1)
    payload = json.loads(got.body)
    assert payload["event"] == "time_entry.created"
    assert payload["object"]["notes"] == "kept"


def _wait_healthy(base: str, proc: subprocess.Popen) -> None:
    import time

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the server exited"
        try:
            if httpx.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    pytest.fail("the server did not become healthy")
