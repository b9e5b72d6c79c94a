"""python -m reportbench [sqlite|postgresql|both] [--entries N] [--runs N]: seed, then time reports."""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from punchclock.auth.scopes import ROLE_SCOPES, Principal
from punchclock.config import Settings
from punchclock.db import Database
from punchclock.report import grouped
from punchclock.report.grouped import ReportQuery
from punchclock.report.service import summary
from reportbench.seed import USERS, seed, year_start

PG_URL = os.environ.get(
    "PUNCHCLOCK_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/punchclock_reportbench"
)


def cases(first: str, last: str) -> list[tuple[str, Principal, ReportQuery]]:
    manager = Principal(1, "user01", "manager", ROLE_SCOPES["manager"], "api")
    member = Principal(2, "user02", "member", ROLE_SCOPES["member"], "api")
    year = {"start_date": first, "end_date": last}
    week_end = datetime.fromisoformat(last).date()
    week = {"start_date": (week_end - timedelta(days=6)).isoformat(), "end_date": last}
    return [
        ("one user, year, by project", member, ReportQuery(**year, group_by="project")),
        ("one user, year, by month and project, rounded", member,
         ReportQuery(**year, group_by="month", sub_group_by="project", rounding="up")),
        ("team, week, by user and day", manager, ReportQuery(**week, group_by="user", sub_group_by="day")),
        ("team (50 users), year, by project", manager, ReportQuery(**year, group_by="project")),
        ("team, year, by client and month", manager,
         ReportQuery(**year, group_by="client", sub_group_by="month")),
        ("team, year, by tag", manager, ReportQuery(**year, group_by="tag")),
        ("team, year, by day", manager, ReportQuery(**year, group_by="day")),
    ]  # fmt: skip


def run(backend: str, total: int, runs: int, reuse: str | None) -> None:
    if reuse:
        url = reuse
        print(f"\n### {backend}: reusing {url}\n")
    else:
        url = (
            PG_URL if backend == "postgresql" else f"sqlite:///{Path(tempfile.mkdtemp()) / 'reportbench.db'}"
        )
        seconds = seed(url, total)
        print(f"\n### {backend}: {total:,} entries for {USERS} users seeded in {seconds:.1f} s ({url})\n")
    print("| report | entries counted | median ms | min ms |\n|---|---:|---:|---:|")
    db = Database(url, sqlite_cache_kib=Settings().sqlite_cache_kib)  # PUNCHCLOCK_SQLITE_CACHE_KIB
    first = datetime.fromtimestamp(year_start(), UTC).date()
    last = first + timedelta(days=364)
    timed = [
        (name, lambda p=principal, q=query: db.call(grouped.grouped, p, q, write=False)["totals"]["entries"])
        for name, principal, query in cases(first.isoformat(), last.isoformat())
    ]
    manager = cases(first.isoformat(), last.isoformat())[3][1]
    start = year_start()
    timed.append(
        (
            "team, year, /reports/summary (seed 003)",
            lambda: db.call(summary, manager, start, start + 365 * 86400, None, None, write=False)[
                "total_entries"
            ],
        )
    )
    for name, run_once in timed:
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            counted = run_once()
            times.append((time.perf_counter() - started) * 1000)
        print(f"| {name} | {counted:,} | {statistics.median(times):.0f} | {min(times):.0f} |")
    db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(prog="reportbench", description=__doc__)
    parser.add_argument("backend", nargs="?", default="both", choices=["sqlite", "postgresql", "both"])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reuse", metavar="URL", help="Time an already seeded database (one backend)")
    args = parser.parse_args()
    for backend in ("sqlite", "postgresql") if args.backend == "both" else (args.backend,):
        run(backend, args.entries, args.runs, args.reuse)


main()
