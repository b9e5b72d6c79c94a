"""The search benchmark's data: one user holding most entries (the worst case), realistic notes.

Notes are what people type: a stock of recurring descriptions ("Daily standup", "Code review"), and
work on tickets, clients and components with a ticket number each (PC-123456), so a ticket is a
rare text, a client a middling one and "review" a common one. A client named "Legacy Corp" appears
only in the oldest fifth of the entries: common in the index, absent from the newest window, the
search's hardest case. A few notes are German, for case folding beyond ASCII ("Überstunden").
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator

from reportbench.seed import recreate_postgres
from sqlalchemy import text

from punchclock.db import Database

STOCK = [
    "Daily standup", "Code review", "Email", "Planning meeting", "Sprint retrospective", "Lunch and learn",
    "Support rotation", "Team sync", "1:1 with manager", "Interviewing", "Admin", "Travel", "Writing docs",
    "Release prep", "On-call handover", "Backlog grooming", "Customer call", "Design review",
]  # fmt: skip
ACTIVITIES = [
    "Fix bug in", "Review", "Write tests for", "Refactor", "Deploy", "Research", "Design", "Document",
    "Pair on", "Investigate", "Meeting about", "Call about", "Estimate", "Prototype",
]  # fmt: skip
AREAS = [
    "login page", "billing", "search", "API", "reports", "dashboard", "mobile app", "export", "invoices",
    "sync", "onboarding", "settings", "notifications", "timeline", "permissions",
]  # fmt: skip
CLIENTS = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Wonka", "Soylent", "Tyrell"]
GERMAN = ["Überstunden abbauen", "Besprechung für Angebot", "Rückfragen vom Kunden", "Straßenfest planen"]
PROJECTS = [
    "Website relaunch", "Mobile app", "Internal tools", "Globex portal", "Data platform", "Support",
    "Marketing site", "Billing system", "Research", "Infrastructure",
]  # fmt: skip
TASKS = ("Design", "Development", "QA")
TAGS = ("dev", "review", "meeting", "support", "ops", "design", "admin", "travel", "urgent", "billing")
COLUMNS = (
    "user_id", "project_id", "task_id", "start_at", "end_at", "notes", "tags", "billable", "source",
    "sync_key", "mt", "st", "created_at", "updated_at",
)  # fmt: skip


def notes(rng: random.Random, n: int, old: bool) -> str:
    roll = rng.random()
    if roll < 0.35:
        return rng.choice(STOCK)
    if roll < 0.36:
        return rng.choice(GERMAN)
    client = "Legacy Corp" if old and rng.random() < 0.5 else rng.choice(CLIENTS)
    return f"{rng.choice(ACTIVITIES)} {rng.choice(AREAS)} for {client} (PC-{rng.randrange(1, 400_000)})"


def entries(total: int, users: int, heavy_share: float, seed: int = 14) -> Iterator[tuple]:
    """``total`` entries: user 1 holds ``heavy_share`` of them, the others the rest, each user's
    back to back up to now, 5-30 minutes long; ids grow with time, as in real use."""
    rng = random.Random(seed)
    now = int(time.time())
    heavy = int(total * heavy_share)
    counts = [heavy] + [(total - heavy) // max(1, users - 1)] * (users - 1)
    counts[-1] += total - sum(counts)
    # Each user's entries end near now; generated per user oldest first, interleaved by time so
    # that ids follow start times across users.
    streams = []
    for user, count in enumerate(counts, start=1):
        length = 1200 if count < 200_000 else 300
        streams.append((user, count, now - count * (length + 60)))
    n = 0
    for user, count, start in streams:
        t = start
        for i in range(count):
            length = rng.randrange(300, 1800) if count < 200_000 else rng.randrange(120, 300)
            project = rng.randrange(1, len(PROJECTS) + 1) if rng.random() < 0.85 else None
            task = (
                (project - 1) * len(TASKS) + rng.randrange(1, len(TASKS) + 1)
                if project and rng.random() < 0.5
                else None
            )
            tags = ",".join(sorted(rng.sample(TAGS, rng.randrange(0, 3))))
            n += 1
            text = notes(rng, n, i < count // 5)
            yield (user, project, task, t, t + length, text, tags, rng.random() < 0.7, "import",
                   f"s{n:011d}", float(now), 0.0, now, now)  # fmt: skip
            t += length + rng.randrange(0, 60)


def seed(url: str, total: int, users: int, heavy_share: float) -> float:
    """Build the database (migrations, then rows through the same triggers and indexes every write
    path meets); returns the seconds the entries took."""
    if not url.startswith("sqlite"):
        recreate_postgres(url)
    db = Database(url)
    db.migrate()
    now = int(time.time())
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO users (username, display_name, role, password_hash, is_active, token_seed, "
                "timezone, week_start, created_at, updated_at) VALUES (:u, :u, 'member', 'x', true, 's', "
                "'UTC', 0, :n, :n)"
            ),
            [{"u": f"user{i:02d}", "n": now} for i in range(1, users + 1)],
        )
        conn.execute(
            text(
                "INSERT INTO projects (name, description, status, billable, created_at, updated_at) "
                "VALUES (:p, '', 'active', true, :n, :n)"
            ),
            [{"p": name, "n": now} for name in PROJECTS],
        )
        conn.execute(
            text(
                "INSERT INTO tasks (name, description, project_id, status, priority, priority_as_number, "
                "created_at, updated_at) "
                "VALUES (:t, '', :p, 'todo', 'medium', false, :n, :n)"
            ),
            [{"t": name, "p": p, "n": now} for p in range(1, len(PROJECTS) + 1) for name in TASKS],
        )
    started = time.perf_counter()
    rows = entries(total, users, heavy_share)
    raw = db.engine.raw_connection()
    try:
        cur = raw.cursor()
        if db.is_sqlite:
            cur.execute("BEGIN")
            sql = f"INSERT INTO time_entries ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
            cur.executemany(sql, rows)
        else:
            cur.execute("SET statement_timeout = 0")  # the app's limit is for requests, not a load
            with cur.copy(f"COPY time_entries ({', '.join(COLUMNS)}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for row in rows:
                    copy.write_row(row)
        raw.commit()
    finally:
        raw.close()
    seconds = time.perf_counter() - started
    with db.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.exec_driver_sql("ANALYZE" if db.is_sqlite else "VACUUM ANALYZE")
    db.dispose()
    return seconds
