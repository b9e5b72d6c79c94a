"""How busy the rest of the machine was (Linux /proc): work beside the benchmark skews every figure.

Notes:
The others' share of the CPUs is the machine's busy time less what the benchmark's own processes
used: the server, this process with its finished children (wrk), and, on PostgreSQL, the database
backends serving the benchmark database (found by the name in their process title, so only when
PostgreSQL runs on this machine). Backends come and go as the connection pool overflows, so they
are sampled every 100 ms and each one's last reading counts. The share is recorded with every
measure, so that a figure taken on a shared machine can be told from a clean one.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def _machine() -> tuple[int, int]:
    """Busy and total clock ticks of all CPUs since boot."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields) - idle, sum(fields)


def _process(pid: int) -> int:
    """User + system ticks of a process, all its threads included."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def _ours() -> int:
    t = os.times()
    return round((t.user + t.system + t.children_user + t.children_system) * TICKS)


def _backends(title: str) -> dict[int, int]:
    """Ticks of each process whose title contains ``title`` (e.g. " punchclock_bench ")."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if title in (entry / "cmdline").read_bytes().decode(errors="replace"):
                    found[int(entry.name)] = _process(int(entry.name))
            except OSError:
                continue  # gone meanwhile
    return found


@dataclass(frozen=True, slots=True)
class _Sample:
    busy: int
    total: int
    ours: int
    server: int


class Watch:
    """``with Watch(server_pid, db_title) as w: ...``; afterwards, or None without /proc:
    ``w.other`` the others' share of all CPUs, ``w.server_seconds`` and ``w.database_seconds``
    the CPU time the server and the database backends used."""

    def __init__(self, server_pid: int | None = None, db_title: str | None = None) -> None:
        self.pid, self.db_title = server_pid, db_title
        self.other: float | None = None
        self.server_seconds: float | None = None
        self.database_seconds: float | None = None
        self._start: _Sample | None = None
        self._first: dict[int, int] = {}  # backend pid: ticks when the watch began
        self._last: dict[int, int] = {}  # backend pid: latest ticks seen
        self._stop = threading.Event()
        self._sampler = threading.Thread(target=self._follow_backends, daemon=True)

    def _sample(self) -> _Sample | None:
        try:
            busy, total = _machine()
            server = _process(self.pid) if self.pid else 0
            return _Sample(busy, total, _ours(), server)
        except (OSError, ValueError, IndexError):
            return None

    def _follow_backends(self) -> None:
        while not self._stop.wait(0.1):
            self._last.update(_backends(self.db_title or ""))

    def __enter__(self) -> Watch:
        if self.db_title:
            self._first = _backends(self.db_title)
            self._last = dict(self._first)
            self._sampler.start()
        self._start = self._sample()
        return self

    def __exit__(self, *_: object) -> None:
        end = self._sample()
        if self.db_title:
            self._stop.set()
            self._sampler.join()
            self._last.update(_backends(self.db_title))
        start = self._start
        if start is None or end is None:
            return
        # A backend that started meanwhile counts from zero.
        database = sum(t - self._first.get(pid, 0) for pid, t in self._last.items())
        server, ours = end.server - start.server, end.ours - start.ours
        others = end.busy - start.busy - server - ours - database
        self.other = round(max(0.0, others / max(1, end.total - start.total)), 3)
        self.server_seconds = server / TICKS
        self.database_seconds = database / TICKS if self.db_title else None


def other_load(seconds: float = 1.0) -> float | None:
    """The others' share of the CPUs over the next ``seconds``, taken while the benchmark is idle."""
    with Watch() as watch:
        time.sleep(seconds)
    return watch.other


def busy_warning(other: float | None) -> str | None:
    if other is not None and other > 0.15:
        return f"warning: other processes kept {other:.0%} of the CPUs busy; the figures will be noisy"
    return None
