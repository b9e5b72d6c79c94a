"""Real `punchclock serve` processes for the event benchmark (one on SQLite, or two on PostgreSQL + Redis)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from apibench.server import free_port

PASSWORD = "bench-admin-pw"


def _env(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PUNCHCLOCK_")}
    env.update(
        PUNCHCLOCK_RATE_LIMIT_PER_MINUTE="100000000",
        PUNCHCLOCK_RATE_LIMIT_PER_HOUR="100000000",
        PUNCHCLOCK_ACCESS_LOG="false",
        PUNCHCLOCK_ADMIN_PASSWORD=PASSWORD,
        PUNCHCLOCK_WS_QUEUE_LIMIT="100000",
        **extra,
    )
    return env


@contextmanager
def serve(data_dir: Path, extra: dict[str, str]) -> Iterator[tuple[str, int]]:
    """One server process; yields (base URL, pid)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    command = [
        str(Path(sys.executable).with_name("punchclock")),
        "serve",
        "--port",
        str(port),
        "--data-dir",
        str(data_dir),
    ]
    log = data_dir / f"server-{port}.log"
    with log.open("w") as out:
        proc = subprocess.Popen(command, env=_env(extra), cwd=data_dir, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited:\n{log.read_text()}")
            try:
                with urllib.request.urlopen(base + "/api/v1/health", timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"server did not start:\n{log.read_text()}") from None
                time.sleep(0.1)
        yield base, proc.pid
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def pair(data_dir: Path, extra: dict[str, str]) -> Iterator[list[tuple[str, int]]]:
    """Two instances on one database (the first migrates before the second starts)."""
    with ExitStack() as stack:
        first = stack.enter_context(serve(data_dir / "a", extra))
        second = stack.enter_context(serve(data_dir / "b", extra))
        yield [first, second]


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0
