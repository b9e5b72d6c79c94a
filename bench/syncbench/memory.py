"""A server's memory while it answers: VmRSS sampled every few milliseconds, and VmHWM.

VmHWM (the process's high-water mark) cannot be reset, so the figure for one request is the peak
of VmRSS sampled in a thread during it, less VmRSS just before it. Pulls are measured on a freshly
started server, so that the memory earlier requests left to the allocator does not hide the growth.
"""

from __future__ import annotations

import threading
from pathlib import Path

KIB = 1024
INTERVAL = 0.002  # seconds


def _status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM in bytes."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            name, value = line.split(":", 1)
            found[name] = int(value.split()[0]) * KIB
    return found


class PeakRss:
    """``with PeakRss(pid) as m: ...``; afterwards ``m.before``, ``m.peak``, ``m.growth``, ``m.hwm``
    (bytes) and ``m.samples``."""

    def __init__(self, pid: int, interval: float = INTERVAL) -> None:
        self.pid, self.interval = pid, interval
        self.before = self.peak = self.hwm = self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._follow, daemon=True)

    def _follow(self) -> None:
        while not self._stop.wait(self.interval):
            self.peak = max(self.peak, _status(self.pid)["VmRSS"])
            self.samples += 1

    def __enter__(self) -> PeakRss:
        self.before = self.peak = _status(self.pid)["VmRSS"]
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        status = _status(self.pid)
        self.peak = max(self.peak, status["VmRSS"])
        self.hwm = status["VmHWM"]

    @property
    def growth(self) -> int:
        return self.peak - self.before

    def as_dict(self) -> dict[str, float]:
        mib = KIB * KIB
        return {
            "rss_before_mib": round(self.before / mib, 1),
            "rss_peak_mib": round(self.peak / mib, 1),
            "rss_growth_mib": round(self.growth / mib, 1),
            "vmhwm_mib": round(self.hwm / mib, 1),
            "samples": self.samples,
        }
