"""Real `punchclock serve` processes for the event benchmark (one on SQLite, or two on PostgreSQL + Redis)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from apibench.server import running_server

PASSWORD = "bench-admin-pw"


@contextmanager
def serve(data_dir: Path, extra: dict[str, str]) -> Iterator[tuple[str, int]]:
    """One server process with an admin account; yields (base URL, pid)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {"PUNCHCLOCK_ADMIN_PASSWORD": PASSWORD, "PUNCHCLOCK_WS_QUEUE_LIMIT": "100000", **extra}
    with running_server(data_dir, None, env) as (port, pid):
        yield f"http://127.0.0.1:{port}", pid


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
