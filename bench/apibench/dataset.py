"""A deterministic, realistic-looking year of tracked time for a small team, as plain row dicts.

Notes:
The issue asks for 100,000 entries for 20 users over one year: 5,000 entries a user, about 19 every
working day. Entries of 1-3 hours cannot fit that without overlapping, so each working day
(08:00-18:00 UTC, Monday to Friday) is cut into one slot per entry and every entry lies inside its
slot: 1-3 hours when the slots are long enough (smaller data sets), shorter when they are not. The
counts, not the durations, are what load the queries, so the counts are kept.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

DAY_START_HOUR = 8
DAY_HOURS = 10
PROJECTS = (
    # name, client index (None: internal), hourly rate, billable
    ("Website relaunch", 0, 95, True),
    ("Mobile app", 0, 110, True),
    ("Data migration", 1, 120, True),
    ("Support retainer", 1, 80, True),
    ("Internal tools", None, None, False),
    ("Hiring", None, None, False),
)
TASKS = ("Planning", "Implementation", "Review")
NOTES = ("", "", "Standup and planning", "Code review", "Bug fixing", "Customer call", "Write docs")
TAGS = ("", "", "", "meeting", "deep-work", "urgent,customer", "admin")


@dataclass(frozen=True, slots=True)
class Plan:
    users: int
    entries: int
    first_day: date  # inclusive
    last_day: date  # inclusive

    @property
    def list_week(self) -> tuple[date, date]:
        """A Monday-to-Sunday week in the middle of the year, for the week list."""
        middle = self.first_day + (self.last_day - self.first_day) / 2
        monday = middle - timedelta(days=middle.weekday())
        return monday, monday + timedelta(days=6)


@dataclass(frozen=True, slots=True)
class ProjectRef:
    id: int
    billable: bool
    task_ids: tuple[int, ...]


def year_plan(users: int, entries: int, today: date | None = None) -> Plan:
    last = (today or datetime.now(UTC).date()) - timedelta(days=1)
    return Plan(users, entries, last - timedelta(days=364), last)


def _ts(day: date, seconds: int) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()) + seconds


def _workdays(plan: Plan) -> list[date]:
    days = [plan.first_day + timedelta(days=i) for i in range((plan.last_day - plan.first_day).days + 1)]
    return [d for d in days if d.weekday() < 5]


def _per_day(total: int, days: int, rng: random.Random) -> list[int]:
    counts = [total // days] * days
    for i in rng.sample(range(days), total % days):
        counts[i] += 1
    return counts


def _day_spans(day: date, count: int, rng: random.Random) -> list[tuple[int, int]]:
    if count == 0:
        return []
    slot = DAY_HOURS * 3600 // count
    shortest, longest = min(3600, slot // 2), min(3 * 3600, slot * 19 // 20)
    spans = []
    for i in range(count):
        length = rng.randint(shortest, longest)
        start = DAY_START_HOUR * 3600 + i * slot + rng.randint(0, slot - length)
        spans.append((_ts(day, start), _ts(day, start + length)))
    return spans


def entry_rows(plan: Plan, user_ids: list[int], projects: list[ProjectRef], seed: int = 42) -> list[dict]:
    """Time entries for every user, sorted by start so that ids grow with time as in real use."""
    rng = random.Random(seed)
    days = _workdays(plan)
    rows: list[dict[str, Any]] = []
    for index, user_id in enumerate(user_ids):
        share = plan.entries // len(user_ids) + (index < plan.entries % len(user_ids))
        for day, count in zip(days, _per_day(share, len(days), rng), strict=True):
            for start, end in _day_spans(day, count, rng):
                project = rng.choice(projects) if rng.random() < 0.9 else None
                task = rng.choice(project.task_ids) if project and rng.random() < 0.7 else None
                rows.append(
                    {
                        "user_id": user_id,
                        "project_id": project.id if project else None,
                        "task_id": task,
                        "start_at": start,
                        "end_at": end,
                        "notes": rng.choice(NOTES),
                        "tags": rng.choice(TAGS),
                        "billable": bool(project and project.billable) and rng.random() < 0.9,
                        "source": "timer" if rng.random() < 0.6 else "api",
                        "mt": float(end),  # sync stamps, as if each entry synced when it ended
                        "st": float(end),
                        "created_at": end,
                        "updated_at": end,
                    }
                )
    rows.sort(key=lambda r: (r["start_at"], r["user_id"]))
    return rows
