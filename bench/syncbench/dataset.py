"""Deterministic TimeTagger records: years of history and a realistic last week, as one user's data.

Notes:
100,000 records for one person at a realistic 8 a working day would span forty years, so the
history is packed: every day of the three years before the last week holds about 90 records, each
inside its own slot of the day. The last seven days look like a real week (8 records a working day,
between 08:00 and 18:00 UTC, none at the weekend), so the last-week query returns a few dozen.
Records are in time order, as an import would push them; keys are 8 letters and digits, as
TimeTagger's app makes them; every ds has one to three #tags and about 1 in 100 is HIDDEN
(deleted). No record is running.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass
from typing import Any

DAY = 86_400
WEEK = 7 * DAY
HISTORY_DAYS = 3 * 365
RECENT_PER_WORKDAY = 8
KEY_CHARS = string.ascii_letters + string.digits
ACTIVITIES = (
    "Code review",
    "Standup",
    "Customer call",
    "Bug fixing",
    "Write docs",
    "Planning",
    "Deploy",
    "Interviews",
    "Email",
    "Refactoring",
    "Design review",
    "Support ticket",
)
TAGS = (
    "acme", "globex", "initech", "internal", "meeting", "deep-work", "admin", "review", "ops",
    "hiring", "docs", "support", "frontend", "backend", "mobile", "billing", "research", "urgent",
    "client/acme", "client/globex", "q3-goals", "travel", "training", "café",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Dataset:
    now: int  # the records all end before this
    records: list[dict[str, Any]]  # in time order

    @property
    def last_week(self) -> tuple[int, int]:
        return self.now - WEEK, self.now

    def in_last_week(self) -> int:
        t1, t2 = self.last_week
        return sum(1 for r in self.records if r["t2"] >= t1 and r["t1"] <= t2)


def _keys(rng: random.Random, count: int) -> list[str]:
    keys: dict[str, None] = {}
    while len(keys) < count:
        keys["".join(rng.choices(KEY_CHARS, k=8))] = None
    return list(keys)


def _ds(rng: random.Random) -> str:
    tags = " ".join("#" + t for t in rng.sample(TAGS, rng.randint(1, 3)))
    ds = f"{rng.choice(ACTIVITIES)} {tags}" if rng.random() < 0.85 else tags
    return f"HIDDEN {ds}" if rng.random() < 0.01 else ds


def _spans(day_start: int, count: int, first: int, length: int, rng: random.Random) -> list[tuple[int, int]]:
    """``count`` records in ``count`` equal slots of [day_start + first, + length), one per slot."""
    spans = []
    slot = length // count
    for i in range(count):
        duration = rng.randint(slot // 4, slot * 9 // 10)
        start = day_start + first + i * slot + rng.randint(0, slot - duration)
        spans.append((start, start + duration))
    return spans


def _plan(now: int, total: int, rng: random.Random) -> list[tuple[int, int]]:
    week_start = now - WEEK
    recent = []
    midnight = week_start - week_start % DAY
    for day in range(midnight, now, DAY):
        if (day // DAY + 3) % 7 < 5:  # 1970-01-01 was a Thursday: Monday..Friday
            spans = _spans(day, RECENT_PER_WORKDAY, 8 * 3600, 10 * 3600, rng)
            recent += [s for s in spans if s[0] >= week_start and s[1] < now]
    older = total - len(recent)
    first_day = midnight - HISTORY_DAYS * DAY
    per_day = [older // HISTORY_DAYS] * HISTORY_DAYS
    for i in rng.sample(range(HISTORY_DAYS), older % HISTORY_DAYS):
        per_day[i] += 1
    history = []
    for i, count in enumerate(per_day):
        history += _spans(first_day + i * DAY, count, 0, DAY, rng)
    return history + recent


def build(total: int, now: int, seed: int = 26_1_3) -> Dataset:
    rng = random.Random(seed)
    spans = _plan(now, total, rng)
    records = [
        {"key": key, "t1": t1, "t2": t2, "ds": _ds(rng), "mt": min(now, t2 + rng.randint(0, 600))}
        for key, (t1, t2) in zip(_keys(rng, len(spans)), spans, strict=True)
    ]
    return Dataset(now, records)
