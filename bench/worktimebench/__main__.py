"""python -m worktimebench: working-time balances at 1,000,000 entries, on SQLite and PostgreSQL.

reportyear's data (50 users in Europe/Berlin, 1,000,000 entries over a year, seeded once and kept:
the SQLite file in --data, PostgreSQL in PUNCHCLOCK_BENCH_PG_URL), plus a work model per user (full
and part time, Bavarian and North Rhine-Westphalian holidays), two adjustments and 25 approved
absences each, written afresh on every run. Timed in read transactions, the median of --runs:

- the team's year of balances (``/worktime/balances``) with the day cache empty (cold: what the
  first read after an upgrade costs; reported, not the aim), then folded (warm, aim < 300 ms), then
  after 5 edits per user made through the entry service since the fold (aim < 300 ms);
- one user's month report (``/worktime/report``, aim < 20 ms), after the job's next fold;
- the team's absence calendar for the year (``/absences/calendar``, aim < 50 ms);
- folding the whole cache (the background job's work after an upgrade; reported).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from reportbench.seed import count_entries, seed, year_start
from sqlalchemy import text
from sqlalchemy.engine import make_url

from punchclock.absence import calendar as absence_calendar
from punchclock.auth.scopes import ROLE_SCOPES, Principal
from punchclock.balance import days, report, service
from punchclock.config import Settings
from punchclock.db import Database
from punchclock.entry import service as entry_service
from punchclock.kit.timeutil import now_ts

PG_URL = os.environ.get(
    "PUNCHCLOCK_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/punchclock_reportyear"
)
MANAGER = Principal(1, "user01", "manager", ROLE_SCOPES["manager"], "api")
AIMS = {"warm": 300, "dirty": 300, "month": 20, "calendar": 50}
H = 3600


def ready(backend: str, data: Path, total: int) -> str:
    """The database's URL (reportyear's), seeded unless it holds ``total`` entries; migrated."""
    url = PG_URL if backend == "postgresql" else f"sqlite:///{data / 'reportyear.db'}"
    if count_entries(url) != total:
        if backend == "sqlite":
            data.mkdir(parents=True, exist_ok=True)
            (data / "reportyear.db").unlink(missing_ok=True)
        print(f"{backend}: {total:,} entries seeded in {seed(url, total):.1f} s")
    db = Database(url)
    db.migrate()
    db.dispose()
    return url


def targets(db: Database, first: date) -> None:
    """A model per user from the data's first day, two adjustments each; no cache."""
    full, part = [8 * H] * 5 + [0, 0], [8 * H] * 4 + [6 * H, 0, 0]
    with db.engine.begin() as conn:
        for table in ("work_days", "work_day_state", "work_adjustments", "work_models", "absences"):
            conn.execute(text(f"DELETE FROM {table}"))
        now = now_ts()
        for user in range(1, 51):
            week = part if user % 3 == 0 else full
            calendar = "DE-BY" if user % 2 else "DE-NW"
            conn.execute(
                text("INSERT INTO work_models (user_id, valid_from, mon, tue, wed, thu, fri, sat, sun, "
                     "holiday_calendar, vacation_half_days, created_at, updated_at) VALUES (:u, :d, :a, :b, "
                     ":c, :e, :f, 0, 0, :cal, 60, :n, :n)"),
                {"u": user, "d": first, "a": week[0], "b": week[1], "c": week[2], "e": week[3], "f": week[4],
                 "cal": calendar, "n": now},
            )  # fmt: skip
            for k in range(25):  # ~25 approved absences each, one to three days, spread over the year
                start = first + timedelta(days=(user * 7 + k * 14) % 360)
                conn.execute(
                    text("INSERT INTO absences (user_id, type_id, start_date, end_date, start_half, "
                         "end_half, status, submitted_at, decided_at, created_at, updated_at) VALUES (:u, "
                         ":t, :s, :e, false, false, 'approved', :n, :n, :n, :n)"),
                    {"u": user, "t": 1 + k % 2, "s": start, "e": start + timedelta(days=k % 3), "n": now},
                )  # fmt: skip
            for day, seconds in ((first, 20 * H), (date(first.year + 1, 3, 31), -5 * H)):
                conn.execute(
                    text("INSERT INTO work_adjustments (user_id, day, kind, balance_seconds, "
                         "vacation_half_days, reason, created_at) "
                         "VALUES (:u, :d, 'correction', :s, 0, 'bench', :n)"),
                    {"u": user, "d": day, "s": seconds, "n": now},
                )  # fmt: skip


BASELINES = """
INSERT INTO entry_versions (entry_id, user_id, at, st, via, action, start_at, end_at, paused_at,
    break_seconds, project_id, task_id, notes, tags, billable, deleted_at)
SELECT id, user_id, created_at, 0, 'import', 'create', start_at, end_at, paused_at, break_seconds,
    project_id, task_id, notes, tags, billable, deleted_at
FROM time_entries e
WHERE id % 97 = 0 AND NOT EXISTS (SELECT 1 FROM entry_versions v WHERE v.entry_id = e.id)
"""


def baselines(db: Database) -> None:
    """A 'create' version for each entry the bench may edit, as every entry made since history
    (migration 0020) has: the seeded entries predate it, and the first edit of such an entry makes
    its user read live whole until the next fold (measured apart, as "pre-history")."""
    with db.engine.begin() as conn:
        conn.execute(text(BASELINES))


def timed(runs: int, work: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def edit(db: Database, per_user: int) -> None:
    """Lengthen ``per_user`` random entries of each user by 30 s, through the entry service."""
    rnd = random.Random(7)
    query = text("SELECT id FROM time_entries WHERE user_id = :u AND id % 97 = 0")
    with db.engine.connect() as conn:
        ids = {u: [r[0] for r in conn.execute(query, {"u": u})] for u in range(1, 51)}
    admin = Principal(1, "user01", "admin", ROLE_SCOPES["admin"], "api")
    for user, found in ids.items():
        for entry_id in rnd.sample(found, per_user):
            entry = db.call(entry_service.get_dict, admin, entry_id, write=False)
            end = datetime.fromisoformat(entry["end_time"]) + timedelta(seconds=30)
            db.call(entry_service.update, admin, entry_id, {"end_time": end.isoformat()})


def run(backend: str, url: str, runs: int) -> list[tuple[str, float]]:
    db = Database(url, sqlite_cache_kib=Settings().sqlite_cache_kib)
    first = datetime.fromtimestamp(year_start(), UTC).date()
    year = first.year + 1
    targets(db, first)
    baselines(db)
    out: list[tuple[str, float]] = []

    def team() -> Any:
        return db.call(service.team_balances, MANAGER, year, None, write=False)

    cold, found = timed(1, team)
    out.append(("team's year of balances, cold (cache empty)", cold))
    started = time.perf_counter()
    done = 0
    while n := db.call(days.refresh_step, now_ts(), 10):
        done += n
    out.append((f"fold the cache ({done} users)", (time.perf_counter() - started) * 1000))
    warm, again = timed(runs, team)
    assert again == found, "cached and live balances differ"
    out.append(("team's year of balances, warm", warm))
    edit(db, 5)
    dirty, _ = timed(runs, team)
    out.append(("team's year of balances, 5 edits per user since the fold", dirty))
    while db.call(days.refresh_step, now_ts(), 10):  # the job's next fold
        pass
    month = f"{year}-03"
    month_ms, _ = timed(runs, lambda: db.call(report.month_report, MANAGER, 2, month, write=False))
    out.append(("one user's month report", month_ms))
    span = (date(year, 1, 1), date(year, 12, 31))
    cal_ms, cal = timed(runs, lambda: db.call(absence_calendar.calendar, MANAGER, None, *span, write=False))
    out.append((f"the team's absence calendar for the year ({len(cal['absences'])} absences)", cal_ms))
    db.dispose()
    print(f"\n### {backend} ({make_url(url).render_as_string()})\n")
    print("| measure | ms | aim |\n|---|---:|---:|")
    aims = {"warm": out[2], "dirty": out[3], "month": out[4], "calendar": out[5]}
    for name, ms in out:
        aim = next((f"< {AIMS[k]}" for k, v in aims.items() if v[0] == name), "")
        print(f"| {name} | {ms:.0f} | {aim} |")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(prog="worktimebench", description=__doc__.split("\n\n")[0])
    parser.add_argument("backend", nargs="?", default="both", choices=["sqlite", "postgresql", "both"])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--data", type=Path, default=Path("/tmp/punchclock-reportyear"))
    args = parser.parse_args()
    for backend in ("sqlite", "postgresql") if args.backend == "both" else (args.backend,):
        run(backend, ready(backend, args.data, args.entries), args.runs)


main()
