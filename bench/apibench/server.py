"""A real `punchclock serve` process on a free port, with rate limits and the access log out of the way."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

UNLIMITED = "100000000"
START_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(extra: dict[str, str] | None = None) -> dict[str, str]:
    # Drop the caller's PUNCHCLOCK_* settings so that only the flags below (and ``extra``) configure it.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PUNCHCLOCK_")}
    env.update(
        PUNCHCLOCK_RATE_LIMIT_PER_MINUTE=UNLIMITED,
        PUNCHCLOCK_RATE_LIMIT_PER_HOUR=UNLIMITED,
        PUNCHCLOCK_ACCESS_LOG="false",
        **(extra or {}),
    )
    return env


def wait_healthy(port: int, process: subprocess.Popen, log: Path, timeout: float = START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=1) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the server did not become healthy in {timeout:.0f} s:\n{log.read_text()}")


@contextmanager
def running_server(
    data_dir: Path, database_url: str | None, env: dict[str, str] | None = None
) -> Iterator[tuple[int, int]]:
    """Start the server (``env``: more PUNCHCLOCK_* settings); yields (port, pid) once /health
    answers, and stops it afterwards."""
    port = free_port()
    punchclock = Path(sys.executable).with_name("punchclock")
    command = [str(punchclock), "serve", "--port", str(port), "--data-dir", str(data_dir)]
    if database_url:
        command += ["--database-url", database_url]
    log = data_dir / "server.log"
    with log.open("w") as out:
        process = subprocess.Popen(command, env=_env(env), cwd=data_dir, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_healthy(port, process, log)
        yield port, process.pid
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
