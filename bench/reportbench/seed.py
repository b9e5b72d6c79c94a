"""Seed a year of entries fast: executemany on SQLite, COPY on PostgreSQL, into migrated tables."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from datetime import UTC, datetime

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from punchclock.db import Database

USERS = 50
CLIENTS = 10
PROJECTS = 40
TAGS = ("dev", "review", "meeting", "support", "ops", "design", "admin", "travel")
COLUMNS = (
    "user_id", "project_id", "task_id", "start_at", "end_at", "notes", "tags", "billable", "source",
    "sync_key", "mt", "st", "created_at", "updated_at",
)  # fmt: skip


def recreate_postgres(url: str) -> None:
    name = make_url(url).database
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()


def year_start() -> int:
    today = datetime.now(UTC).date()
    return int(datetime(today.year - 1, today.month, 1, tzinfo=UTC).timestamp())


def entries(total: int, start: int, seed: int = 6) -> Iterator[tuple]:
    """``total`` entries spread evenly over 50 users and 365 days; ~2% cross a midnight."""
    rng = random.Random(seed)
    per_user_day = total / USERS / 365
    now = int(time.time())
    n = 0
    for user in range(1, USERS + 1):
        for day in range(365):
            count = int(per_user_day * (day + 1)) - int(per_user_day * day)
            t = start + day * 86400 + 7 * 3600 + rng.randrange(3600)
            for _ in range(count):
                length = rng.randrange(300, 1200)
                if rng.random() < 0.02:
                    t = start + day * 86400 + 21 * 3600 + 1800 + rng.randrange(1800)
                    length = 3600 + rng.randrange(3600)
                project = rng.randrange(1, PROJECTS + 1) if rng.random() < 0.9 else None
                tags = ",".join(sorted(rng.sample(TAGS, rng.randrange(0, 3))))
                n += 1
                yield (user, project, None, t, t + length, f"entry {n}", tags, rng.random() < 0.7, "import",
                       f"b{n:011d}", float(now), 0.0, now, now)  # fmt: skip
                t += length + rng.randrange(0, 120)


def seed(url: str, total: int) -> float:
    """Build the database (migrations, then bulk rows); returns the seconds the entries took."""
    if not url.startswith("sqlite"):
        recreate_postgres(url)
    db = Database(url)
    db.migrate()
    now = int(time.time())
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO users (username, display_name, role, password_hash, is_active, token_seed, "
                "timezone, week_start, created_at, updated_at) VALUES (:u, :u, :r, 'x', true, 's', "
                "'Europe/Berlin', 0, :n, :n)"
            ),
            [
                {"u": f"user{i:02d}", "r": "manager" if i == 1 else "member", "n": now}
                for i in range(1, USERS + 1)
            ],
        )
        conn.execute(
            text("INSERT INTO clients (name, status, created_at, updated_at) VALUES (:c, 'active', :n, :n)"),
            [{"c": f"Client {i}", "n": now} for i in range(1, CLIENTS + 1)],
        )
        conn.execute(
            text(
                "INSERT INTO projects (name, description, client_id, hourly_rate, status, billable, "
                "created_at, updated_at) VALUES (:p, '', :c, :r, 'active', true, :n, :n)"
            ),
            [
                {"p": f"Project {i}", "c": i % CLIENTS + 1, "r": 50 + i, "n": now}
                for i in range(1, PROJECTS + 1)
            ],
        )
    started = time.perf_counter()
    rows = entries(total, year_start())
    raw = db.engine.raw_connection()
    try:
        cur = raw.cursor()
        if db.is_sqlite:
            cur.execute("BEGIN")
            sql = f"INSERT INTO time_entries ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
            cur.executemany(sql, rows)
        else:
            cur.execute("SET statement_timeout = 0")  # a million rows may take longer than a request may
            with cur.copy(f"COPY time_entries ({', '.join(COLUMNS)}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for row in rows:
                    copy.write_row(row)
        raw.commit()
    finally:
        raw.close()
    seconds = time.perf_counter() - started
    with db.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        if not db.is_sqlite:
            conn.exec_driver_sql("SET statement_timeout = 0")
        conn.exec_driver_sql("ANALYZE" if db.is_sqlite else "VACUUM ANALYZE")
    db.dispose()
    return seconds


def count_entries(url: str) -> int:
    """How many entries a benchmark database holds (-1: none there yet)."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT COUNT(*) FROM time_entries")).scalar_one())
    except Exception:
        return -1
    finally:
        engine.dispose()
