"""Migration 0015 (tags from notes) on a million entries: time and the migrating process's memory.

python -m tagbench [sqlite|postgresql|both] [--entries N] [--data DIR]

The database is built once at the revision before 0015 (SQLite: a file in DIR; PostgreSQL: a template
database) and copied for each run, so a run measures the upgrade alone, in a fresh process.
A third of the entries write #tags in their notes (half of those also have explicit tags); the rest
are plain text.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from punchclock.db import Database, alembic_config

PG = "postgresql+psycopg://postgres@127.0.0.1:5432/pc_tagbench"
REVISION = "0015"
BATCH = 10_000


def _before() -> str:
    return str(ScriptDirectory.from_config(alembic_config("sqlite://")).get_revision(REVISION).down_revision)


def _rows(first: int, count: int) -> list[dict]:
    rows = []
    for n in range(first, first + count):
        kind = n % 6
        notes = [f"entry {n}", f"fix #bug{n % 7} for #Client-{n % 13}", f"call #sales{n % 5}"][kind % 3]
        tags = "explicit" if kind == 1 else ""
        rows.append({"s": 1_600_000_000 + 600 * n, "notes": notes, "tags": tags, "key": f"t{n:011d}"})
    return rows


def build(url: str, total: int) -> None:
    db = Database(url)
    cfg = alembic_config(url)
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, _before())
        conn.execute(
            text(
                "INSERT INTO users (username, display_name, role, password_hash, is_active, token_seed,"
                " timezone, week_start, created_at, updated_at) VALUES ('u', '', 'member', 'x', true, 's',"
                " 'UTC', 0, 1, 1)"
            )
        )
        insert = text(
            "INSERT INTO time_entries (user_id, start_at, end_at, notes, tags, billable, source, sync_key,"
            " mt, st, created_at, updated_at) VALUES (1, :s, :s + 300, :notes, :tags, true, 'api', :key,"
            " 1.0, 1.0, 1, 1)"
        )
        for start in range(0, total, BATCH):
            conn.execute(insert, _rows(start, min(BATCH, total - start)))
    db.dispose()


def migrate_and_measure(url: str) -> None:
    """In a fresh process: the upgrade's seconds and the process's peak memory growth."""
    db = Database(url)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    db.migrate()
    seconds = time.perf_counter() - t
    with db.engine.connect() as conn:
        tagged = conn.execute(text("SELECT COUNT(*) FROM time_entries WHERE tags <> ''")).scalar()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": round(seconds, 1), "peak_rss_mib": round(peak / 1024, 1),
                      "peak_growth_mib": round((peak - rss) / 1024, 1), "tagged_rows": tagged}))  # fmt: skip


def _pg_admin(url: str) -> Engine:
    return create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")


def run(backend: str, total: int, data: Path) -> None:
    data.mkdir(parents=True, exist_ok=True)
    if backend == "sqlite":
        template = data / f"before-{total}.db"
        if not template.exists():
            build(f"sqlite:///{template}", total)
        work = data / "run.db"
        shutil.copy(template, work)
        url = f"sqlite:///{work}"
    else:
        name = make_url(PG).database
        admin = _pg_admin(PG)
        template = f"{name}_t{total}"
        with admin.connect() as conn:
            have = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": template})
            if have.scalar() is None:
                conn.execute(text(f'CREATE DATABASE "{template}"'))
                build(make_url(PG).set(database=template).render_as_string(hide_password=False), total)
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
        admin.dispose()
        url = PG
    out = subprocess.run(
        [sys.executable, "-m", "tagbench", "--measure", url], check=True, capture_output=True, text=True
    )
    print(f"{backend}, {total:,} entries: {out.stdout.strip()}")


def main() -> None:
    parser = argparse.ArgumentParser(prog="tagbench")
    parser.add_argument("backend", nargs="?", default="both", choices=["sqlite", "postgresql", "both"])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--data", type=Path, default=Path("/tmp/wt-tags-bench"))
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        return migrate_and_measure(args.measure)
    for backend in ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]:
        run(backend, args.entries, args.data)
    return None


main()
