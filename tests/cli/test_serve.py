"""`punchclock serve` as a real process: first-start bootstrap, the secret file, and .env settings."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.slow

ADMIN_PASSWORD = "first-admin-pw"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def punchclock_command() -> list[str]:
    script = Path(sys.executable).with_name("punchclock")
    if script.exists():
        return [str(script)]
    found = shutil.which("punchclock")
    return [found] if found else [sys.executable, "-m", "punchclock"]


@contextmanager
def server(args: list[str], cwd: Path, port: int, env: dict[str, str]) -> Iterator[str]:
    """Run `punchclock serve ARGS` until /api/v1/health answers; stop it (and check it stops) after."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PUNCHCLOCK_")}
    log = cwd / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [*punchclock_command(), "serve", *args],
            cwd=cwd,
            env={**clean, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                pytest.fail(f"server exited with {proc.returncode}:\n{log.read_text()}")
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"server did not become healthy:\n{log.read_text()}")
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            pytest.fail(f"server ignored SIGTERM:\n{log.read_text()}")
    # uvicorn shuts down cleanly, then re-raises the signal it caught, so -SIGTERM is a clean exit too.
    assert proc.returncode in (0, -signal.SIGTERM), log.read_text()
    assert "Application shutdown complete" in log.read_text()


def test_serve_bootstraps_the_admin_and_keeps_a_private_secret(tmp_path):
    port = free_port()
    data_dir = tmp_path / "data"
    env = {"PUNCHCLOCK_ADMIN_PASSWORD": ADMIN_PASSWORD, "PUNCHCLOCK_ACCESS_LOG": "false"}
    with server(["--port", str(port), "--data-dir", str(data_dir)], tmp_path, port, env) as base:
        health = httpx.get(f"{base}/api/v1/health").json()
        assert health["status"] == "healthy"
        assert health["database"] == "ok"
        login = httpx.post(
            f"{base}/api/v1/auth/session", json={"username": "admin", "password": ADMIN_PASSWORD}
        )
        assert login.status_code == 200, login.text
        me = httpx.get(
            f"{base}/api/v1/users/me", headers={"Authorization": f"Bearer {login.json()['token']}"}
        )
        assert me.status_code == 200, me.text
        assert me.json()["user"]["role"] == "admin"
        secret = data_dir / "secret.key"
        assert secret.is_file()
        assert stat.S_IMODE(secret.stat().st_mode) == 0o600
        assert len(secret.read_text().strip()) >= 32
        assert (data_dir / "punchclock.db").is_file()
    # A second start keeps the secret (web tokens survive a restart) and creates no second admin.
    first_secret = secret.read_text()
    with server(["--port", str(port), "--data-dir", str(data_dir)], tmp_path, port, env) as base:
        again = httpx.post(
            f"{base}/api/v1/auth/session", json={"username": "admin", "password": ADMIN_PASSWORD}
        )
        assert again.status_code == 200
        assert (
            httpx.get(
                f"{base}/api/v1/users/me", headers={"Authorization": f"Bearer {login.json()['token']}"}
            ).status_code
            == 200
        )
    assert secret.read_text() == first_secret


def test_serve_reads_the_port_from_a_dotenv_file(tmp_path):
    port = free_port()
    data_dir = tmp_path / "data"
    (tmp_path / ".env").write_text(f"PUNCHCLOCK_PORT={port}\nPUNCHCLOCK_ADMIN_PASSWORD={ADMIN_PASSWORD}\n")
    with server(["--data-dir", str(data_dir)], tmp_path, port, {}) as base:
        assert base.endswith(f":{port}")
        login = httpx.post(
            f"{base}/api/v1/auth/session", json={"username": "admin", "password": ADMIN_PASSWORD}
        )
        assert login.status_code == 200, login.text
