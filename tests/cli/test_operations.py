"""`punchclock serve` run as an operator would: several workers, several instances at once, hostile
request heads, `punchclock migrate`'s report."""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import signal
import socket
import subprocess
import threading
import time
from contextlib import ExitStack

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.cli.test_serve import free_port, punchclock_command, server
from tests.fresh_db import fresh_pg_database

pytestmark = pytest.mark.slow

PASSWORD = "ops-admin-pw"


def _log_records(path) -> list[dict]:
    records = []
    for line in path.read_text().splitlines():
        if line.startswith("{"):
            records.append(json.loads(line))
    return records


def test_every_worker_writes_json_logs(tmp_path):
    port = free_port()
    env = {"PUNCHCLOCK_ADMIN_PASSWORD": PASSWORD, "PUNCHCLOCK_DATA_DIR": str(tmp_path / "data")}
    with server(["--port", str(port), "--workers", "2"], tmp_path, port, env) as base:
        for _ in range(60):  # a new connection each: the kernel spreads them over both workers
            assert httpx.get(f"{base}/api/v1/info").status_code == 200
    records = _log_records(tmp_path / "server.log")
    access = [r for r in records if r.get("path") == "/api/v1/info"]
    assert len(access) == 60
    assert len({r["pid"] for r in access}) == 2, "one worker wrote no access log"
    # Everything else is JSON too, uvicorn's own lines included.
    assert any(r.get("logger", "").startswith("uvicorn") for r in records)
    assert all(line.startswith("{") for line in (tmp_path / "server.log").read_text().splitlines() if line)


def _raw(port: int, head: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        with contextlib.suppress(OSError):  # closed on us mid-send: read what it said
            sock.sendall(head)
        chunks = []
        while True:
            try:
                data = sock.recv(65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        return b"".join(chunks)


def test_oversized_or_overlong_request_heads_get_431(tmp_path):
    port = free_port()
    env = {"PUNCHCLOCK_DATA_DIR": str(tmp_path / "data"), "PUNCHCLOCK_MAX_HEADER_BYTES": "16384"}
    with server(["--port", str(port)], tmp_path, port, env) as base:
        big = b"GET /api/v1/info HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 200_000 + b"\r\n\r\n"
        answer = _raw(port, big)
        assert answer.startswith(b"HTTP/1.1 431"), answer[:200]
        assert b'"code":"headers_too_large"' in answer
        many = b"GET /api/v1/info HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-H%d: v\r\n" % i for i in range(150))
        assert _raw(port, many + b"\r\n").startswith(b"HTTP/1.1 431")
        # An ordinary request with a body bigger than the head limit is not affected.
        res = httpx.post(f"{base}/api/v1/auth/session", json={"username": "x", "password": "y" * 30_000})
        assert res.status_code in (400, 401), res.text
        assert httpx.get(f"{base}/api/v1/info").status_code == 200


def test_three_instances_started_at_once_on_an_empty_postgresql_database(tmp_path):
    with fresh_pg_database("pc_three") as url, ExitStack() as stack:
        env = {
            "PUNCHCLOCK_DATABASE_URL": url,
            "PUNCHCLOCK_SECRET_KEY": "three-" + "x" * 40,
            "PUNCHCLOCK_ADMIN_PASSWORD": PASSWORD,
            "PUNCHCLOCK_ACCESS_LOG": "false",
        }
        ports = [free_port() for _ in range(3)]
        bases: list[str] = []
        errors: list[BaseException] = []

        def start(i: int) -> None:
            folder = tmp_path / f"i{i}"
            folder.mkdir()
            try:
                bases.append(stack.enter_context(server(["--port", str(ports[i])], folder, ports[i], env)))
            except BaseException as exc:  # pytest.fail inside a thread
                errors.append(exc)

        threads = [threading.Thread(target=start, args=(i,)) for i in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(90)
        assert not errors, errors
        assert len(bases) == 3
        for base in bases:
            body = {"username": "admin", "password": PASSWORD}
            login = httpx.post(f"{base}/api/v1/auth/session", json=body)
            assert login.status_code == 200, login.text
        engine = create_engine(url)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT COUNT(*) FROM users")).scalar() == 1
        engine.dispose()


def test_migrate_says_what_it_applied(tmp_path):
    command = [*punchclock_command(), "migrate", "--data-dir", str(tmp_path / "data")]
    first = subprocess.run(command, capture_output=True, text=True, check=True)
    applied = [line for line in first.stdout.splitlines() if line.startswith("Applied ")]
    assert len(applied) >= 7, first.stdout
    assert applied[0] == "Applied 0001  initial schema"
    assert "the database is up to date" in first.stdout
    again = subprocess.run(command, capture_output=True, text=True, check=True)
    assert again.stdout.strip() == "Nothing to apply; the database is up to date."


def test_sigterm_lets_a_request_in_flight_finish(tmp_path):
    """A webhook ping to a receiver that takes 2 s is under way when the server is told to stop."""

    class Slow(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("content-length", 0)))
            time.sleep(2)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    receiver = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PUNCHCLOCK_")},
        "PUNCHCLOCK_DATA_DIR": str(tmp_path / "data"),
        "PUNCHCLOCK_ADMIN_PASSWORD": PASSWORD,
        "PUNCHCLOCK_WEBHOOK_ALLOW_PRIVATE": "true",
    }
    log = (tmp_path / "server.log").open("wb")
    proc = subprocess.Popen(
        [*punchclock_command(), "serve", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/api/v1/ready", timeout=1).status_code == 200:
                    break
            assert time.monotonic() < deadline, (tmp_path / "server.log").read_text()
            time.sleep(0.1)
        token = httpx.post(f"{base}/api/v1/auth/session", json={"username": "admin", "password": PASSWORD})
        headers = {"Authorization": f"Bearer {token.json()['token']}"}
        url = f"http://127.0.0.1:{receiver.server_address[1]}/hook"
        hook = httpx.post(f"{base}/api/v1/webhooks", json={"url": url}, headers=headers).json()
        hook_id = (hook.get("webhook") or hook)["id"]
        answers: list[httpx.Response] = []
        ping = threading.Thread(
            target=lambda: answers.append(
                httpx.post(f"{base}/api/v1/webhooks/{hook_id}/ping", headers=headers, timeout=30)
            )
        )
        ping.start()
        time.sleep(0.8)  # the receiver is sleeping on it
        proc.send_signal(signal.SIGTERM)
        ping.join(30)
        assert answers, "the request in flight got no answer"
        assert answers[0].status_code == 200, answers[0].text
        assert answers[0].json()["delivery"]["status"] == "delivered", answers[0].text
        assert proc.wait(20) in (0, -signal.SIGTERM)
    finally:
        if proc.poll() is None:
            proc.kill()
        receiver.shutdown()
