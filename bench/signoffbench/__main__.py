"""python -m signoffbench: sign-off's costs at 1,000,000 entries, without HTTP.

- approving a month for 50 users: ``approval.service.bulk_approve`` of the 50 members' monthly
  periods (one month of the seeded year), in one transaction, rolled back after each run so the
  next run approves the same; aim < 200 ms;
- an entry's history with 30 versions: ``history.service.versions`` in a read transaction;
  aim < 10 ms;
- the lock check of a write reaching into closed time (a month approved for the user, a lock
  date): ``entry.service.update`` of an open entry, rolled back, against the same with no lock;
  the write path's own cost is ``bench/run_timer.sh`` (the timer pair against an earlier build).
The data is reportbench's (50 users, a year, 1,000,000 entries), seeded once into its own
database (--data for SQLite, PUNCHCLOCK_BENCH_SIGNOFF_PG_URL for PostgreSQL) and reused.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from reportbench.seed import seed, year_start
from sqlalchemy import create_engine, text

from punchclock.approval import periods, workspace
from punchclock.approval import service as approval
from punchclock.auth.scopes import ROLE_SCOPES, Principal
from punchclock.db import Database
from punchclock.entry import service as entry_service
from punchclock.history import service as history

PG_URL = os.environ.get(
    "PUNCHCLOCK_BENCH_SIGNOFF_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/punchclock_signoffbench"
)
ADMIN = Principal(1, "user01", "admin", ROLE_SCOPES["admin"], "api")


def count(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT COUNT(*) FROM time_entries")).scalar_one())
    except Exception:
        return -1
    finally:
        engine.dispose()


def ready(backend: str, data: Path, total: int) -> Database:
    url = PG_URL if backend == "postgresql" else f"sqlite:///{data / 'signoff.db'}"
    if count(url) != total:
        if backend == "sqlite":
            data.mkdir(parents=True, exist_ok=True)
            (data / "signoff.db").unlink(missing_ok=True)
        print(f"{backend}: seeding {total:,} entries ...", flush=True)
        print(f"{backend}: seeded in {seed(url, total):.1f} s", flush=True)
    db = Database(url)
    db.migrate()
    with db.engine.begin() as conn:  # user 1 decides; periods of a month in the middle of the year
        conn.execute(text("UPDATE users SET role = 'admin' WHERE id = 1"))
        conn.execute(text("DELETE FROM timesheet_periods"))
        conn.execute(text("DELETE FROM entry_versions"))
    return db


def timed(runs: int, work: Callable[[], Any]) -> float:
    took = []
    for _ in range(runs):
        t0 = time.perf_counter()
        work()
        took.append((time.perf_counter() - t0) * 1000)
    return statistics.median(took)


def month() -> date:
    first = datetime.fromtimestamp(year_start(), UTC).date()
    return (first + timedelta(days=200)).replace(day=1)


def submitted_month(db: Database) -> list[int]:
    """Each member's monthly period of ``month()``, submitted."""

    def work(session: Any) -> list[int]:
        periods.set_period_type(session, "monthly")
        ids = []
        for uid in range(2, 51):
            period = periods.get_or_make(session, uid, month())
            period.status, period.submitted_at, period.submitted_by = "submitted", 1, uid
            ids.append(period.id)
        session.flush()
        return ids

    return db.call(work)


def rolled_back(db: Database, fn: Callable[..., Any], *args: Any) -> Callable[[], Any]:
    def once() -> Any:
        session = db.session()
        try:
            return fn(session, *args)
        finally:
            session.rollback()
            session.close()

    return once


def an_entry(db: Database, user_id: int, after: int) -> int:
    with db.engine.connect() as conn:
        sql = "SELECT id FROM time_entries WHERE user_id = :u AND start_at > :t ORDER BY start_at LIMIT 1"
        return int(conn.execute(text(sql), {"u": user_id, "t": after}).scalar_one())


def run(backend: str, data: Path, total: int, runs: int) -> None:
    db = ready(backend, data, total)
    ids = submitted_month(db)
    approve = timed(runs, rolled_back(db, approval.bulk_approve, ADMIN, ids, None))
    member = Principal(7, "user07", "member", ROLE_SCOPES["member"], "api")
    later = an_entry(db, 7, year_start() + 300 * 86400)
    for n in range(30):
        db.call(entry_service.update, member, later, {"notes": f"version {n}"})
    versions = timed(runs, lambda: db.call(history.versions, member, later, write=False))
    # An entry on the day before the month: open, but before the end of the closed time once the
    # month is approved and the lock date is that day (the check then reads the periods).
    lock_day = month() - timedelta(days=1)
    gap = an_entry(db, 7, int(datetime(lock_day.year, lock_day.month, lock_day.day, tzinfo=UTC).timestamp()))
    change = {"notes": "bench"}
    before = timed(runs, rolled_back(db, entry_service.update, member, gap, change))
    db.call(approval.bulk_approve, ADMIN, ids, None)
    db.call(workspace.update_settings, {"lock_date": lock_day}, 1, "")
    after = timed(runs, rolled_back(db, entry_service.update, member, gap, change))
    fast = timed(runs, rolled_back(db, entry_service.update, member, later, change))
    db.call(workspace.update_settings, {"lock_date": None}, 1, "")
    print(f"\n{backend}, {total:,} entries, median of {runs} runs (ms):")
    print(f"  approve a month for 49 users (aim < 200)             {approve:8.2f}")
    print(f"  an entry's history, 30 versions (aim < 10)           {versions:8.2f}")
    print(f"  edit an entry, nothing locked                        {before:8.2f}")
    print(f"  the same entry inside closed time's reach (checked)  {after:8.2f}")
    print(f"  an entry after the closed time (no check needed)     {fast:8.2f}")
    db.dispose()


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m signoffbench", description=__doc__.split("\n\n")[0])
    p.add_argument("backend", nargs="?", choices=("sqlite", "postgresql", "both"), default="both")
    p.add_argument("--data", type=Path, default=Path("/tmp/punchclock-signoffbench"))
    p.add_argument("--entries", type=int, default=1_000_000)
    p.add_argument("--runs", type=int, default=15)
    args = p.parse_args()
    for backend in ("sqlite", "postgresql") if args.backend == "both" else (args.backend,):
        run(backend, args.data, args.entries, args.runs)


if __name__ == "__main__":
    main()
