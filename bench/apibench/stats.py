"""Median and p99 of latency samples, in milliseconds."""

from __future__ import annotations

import statistics
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Summary:
    count: int
    median_ms: float
    p99_ms: float
    max_ms: float

    def as_dict(self) -> dict[str, float]:
        return {
            "count": self.count,
            "median_ms": self.median_ms,
            "p99_ms": self.p99_ms,
            "max_ms": self.max_ms,
        }


def summarize(samples: list[float]) -> Summary | None:
    if not samples:
        return None
    ordered = sorted(samples)
    # Nearest rank: with 500 samples, p99 is the 495th, so the 5 slowest lie above it.
    p99 = ordered[max(0, round(0.99 * len(ordered)) - 1)]
    return Summary(len(ordered), round(statistics.median(ordered), 3), round(p99, 3), round(ordered[-1], 3))
