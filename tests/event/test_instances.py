"""Several server processes on PostgreSQL + Redis: an event committed on one reaches sockets on another."""

from __future__ import annotations

import os
import subprocess
import time
import uuid

import httpx
import pytest
import redis

from tests.cli.test_serve import free_port, punchclock_command, server
from tests.conftest import IN_CI
from tests.fresh_db import fresh_pg_database
from tests.live import Socket, login

# They share one Redis with other tests: one xdist worker runs them all, one after another.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("redis")]

REDIS_URL = "redis://127.0.0.1:6379/0"
PASSWORD = "instances-pw"


@pytest.fixture
def redis_up() -> None:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        if IN_CI:
            pytest.fail("Redis is not reachable at 127.0.0.1:6379")
        pytest.skip("Redis not available")


@pytest.fixture
def env(redis_up):
    with fresh_pg_database("pc_instances") as url:
        yield {
            "PUNCHCLOCK_DATABASE_URL": url,
            "PUNCHCLOCK_REDIS_URL": REDIS_URL,
            "PUNCHCLOCK_SECRET_KEY": "instances-" + uuid.uuid4().hex,
            "PUNCHCLOCK_ADMIN_PASSWORD": PASSWORD,
            "PUNCHCLOCK_ACCESS_LOG": "false",
        }


def test_an_event_committed_on_instance_a_reaches_a_socket_on_instance_b(tmp_path, env):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    port_a, port_b = free_port(), free_port()
    with (
        server(["--port", str(port_a)], tmp_path / "a", port_a, env) as a,
        server(["--port", str(port_b)], tmp_path / "b", port_b, env) as b,
    ):
        token = login(a, "admin", PASSWORD)
        headers = {"Authorization": f"Bearer {token}"}
        on_b = Socket(b, token).start()
        res = httpx.post(f"{a}/api/v1/timer/start", json={"notes": "via A"}, headers=headers)
        assert res.status_code == 201, res.text
        event = on_b.wait_for("timer.started")
        assert event["object"]["notes"] == "via A"
        # Rate limits are counted in Redis too: both instances draw from one budget.
        status = "/api/v1/timer/status"
        left_a = int(httpx.get(a + status, headers=headers).headers["X-RateLimit-Remaining"])
        left_b = int(httpx.get(b + status, headers=headers).headers["X-RateLimit-Remaining"])
        assert left_b == left_a - 1


def test_workers_of_one_serve_share_events(tmp_path, env):
    port = free_port()
    with server(["--port", str(port), "--workers", "2"], tmp_path, port, env) as base:
        token = login(base, "admin", PASSWORD)
        sockets = [Socket(base, token).start() for _ in range(8)]
        res = httpx.post(
            f"{base}/api/v1/projects", json={"name": "Shared"}, headers={"Authorization": f"Bearer {token}"}
        )
        assert res.status_code == 201, res.text
        for sock in sockets:
            assert sock.wait_for("project.created")["object"]["name"] == "Shared"


def test_a_change_made_with_the_cli_reaches_the_servers_sockets(tmp_path, redis_up):
    data = tmp_path / "data"
    env = {"PUNCHCLOCK_REDIS_URL": REDIS_URL, "PUNCHCLOCK_ACCESS_LOG": "false"}
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PUNCHCLOCK_")}

    def cli(*args: str, stdin: str | None = None) -> None:
        command = [*punchclock_command(), *args, "--data-dir", str(data)]
        done = subprocess.run(command, input=stdin, text=True, capture_output=True, env={**clean, **env})
        assert done.returncode == 0, done.stderr

    cli("migrate")
    cli("user", "create", "bob", "--role", "member", "--password-stdin", stdin="bob-password-1\n")
    port = free_port()
    with server(["--port", str(port), "--data-dir", str(data)], tmp_path, port, env) as base:
        sock = Socket(base, login(base, "bob", "bob-password-1")).start()
        started = time.monotonic()
        cli("user", "disable", "bob")
        assert sock.close_code(10) == 4401
        assert time.monotonic() - started < 10  # at once, not at the next heartbeat (25 s)
