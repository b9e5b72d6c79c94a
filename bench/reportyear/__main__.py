"""python -m reportyear: a year's filtered report with its entry list, timed at 1,000,000 entries.

What the Reports page asks for, without HTTP: the filtered report (``grouped.grouped``) and then
the first page of the entries behind its largest group (``entries.figure_entries``, with its
total), each in its own read transaction, as the manager (the whole team) or a member (their own
year). The data is reportbench's (50 users, 40 projects for 10 clients, tags, 2 % of entries past
midnight), seeded once and kept: the SQLite file in --data, PostgreSQL in PUNCHCLOCK_BENCH_PG_URL;
both are reused while they hold --entries entries. Aim: report plus entry list under 300 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from reportbench.seed import count_entries, seed, year_start
from sqlalchemy.engine import make_url

from punchclock.auth.scopes import ROLE_SCOPES, Principal
from punchclock.config import Settings
from punchclock.db import Database
from punchclock.kit.pagination import Page
from punchclock.report import entries, grouped
from punchclock.report.grouped import ReportQuery

PG_URL = os.environ.get(
    "PUNCHCLOCK_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/punchclock_reportyear"
)
AIM_MS = 300
MANAGER = Principal(1, "user01", "manager", ROLE_SCOPES["manager"], "api")
MEMBER = Principal(2, "user02", "member", ROLE_SCOPES["member"], "api")


def cases(first: str, last: str) -> list[tuple[str, Principal, ReportQuery]]:
    year = {"start_date": first, "end_date": last}
    return [
        ("member's year, one client, by project", MEMBER,
         ReportQuery(**year, client_ids=[3], group_by="project")),
        ("member's year, billable, by month and project, rounded", MEMBER,
         ReportQuery(**year, billable=True, group_by="month", sub_group_by="project", rounding="up")),
        ("team's year, one client (4 projects), by project and user", MANAGER,
         ReportQuery(**year, client_ids=[3], group_by="project", sub_group_by="user")),
        ("team's year, one project, billable, by user", MANAGER,
         ReportQuery(**year, project_ids=[7], billable=True, group_by="user")),
        ("team's year, tag #review, by project", MANAGER,
         ReportQuery(**year, tags=["review"], group_by="project")),
        ("team's year, 5 people, by week", MANAGER,
         ReportQuery(**year, user_ids=[2, 3, 4, 5, 6], group_by="week")),
        ("team's year, 2 projects, by client and month", MANAGER,
         ReportQuery(**year, project_ids=[11, 12], group_by="client", sub_group_by="month")),
    ]  # fmt: skip


def ready(backend: str, data: Path, total: int) -> str:
    """The benchmark database's URL, seeded unless it already holds ``total`` entries."""
    url = PG_URL if backend == "postgresql" else f"sqlite:///{data / 'reportyear.db'}"
    if count_entries(url) == total:
        db = Database(url)
        if db.migrate():  # a database seeded by an older checkout gets the newer indexes, and
            with db.engine.connect() as conn:  # statistics for them, as seeding gives the others
                conn = conn.execution_options(isolation_level="AUTOCOMMIT")
                if not db.is_sqlite:
                    conn.exec_driver_sql("SET statement_timeout = 0")
                # VACUUM on PostgreSQL, as after seeding: new tables (entry_tags) are read index-only
                conn.exec_driver_sql("ANALYZE" if db.is_sqlite else "VACUUM ANALYZE")
        db.dispose()
        print(f"\n### {backend}: reusing {total:,} entries ({make_url(url).render_as_string()})\n")
        return url
    if backend == "sqlite":
        data.mkdir(parents=True, exist_ok=True)
        (data / "reportyear.db").unlink(missing_ok=True)
    seconds = seed(url, total)
    print(f"\n### {backend}: {total:,} entries seeded in {seconds:.1f} s\n")
    return url


def timed(runs: int, work: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def run(backend: str, url: str, runs: int) -> list[dict[str, Any]]:
    db = Database(url, sqlite_cache_kib=Settings().sqlite_cache_kib)
    first = datetime.fromtimestamp(year_start(), UTC).date()
    last = first + timedelta(days=364)
    print("| report | entries | report ms | entry list ms (page 1 of) | both ms |\n|---|---:|---:|---:|---:|")
    rows = []
    for name, who, q in cases(first.isoformat(), last.isoformat()):
        report_ms, report = timed(runs, lambda w=who, q=q: db.call(grouped.grouped, w, q, write=False))
        top = report["groups"][0]["key"] if report["groups"] else None
        page = Page(1, 50)
        list_ms, listed = timed(
            runs, lambda w=who, q=q, k=top: db.call(entries.figure_entries, w, q, k, None, page, write=False)
        )
        total = listed["pagination"]["total"]
        both = report_ms + list_ms
        flag = "" if both < AIM_MS else " (over the aim)"
        print(
            f"| {name} | {report['totals']['entries']:,} | {report_ms:.0f} | {list_ms:.0f} ({total:,}) "
            f"| {both:.0f}{flag} |"
        )
        rows.append({"backend": backend, "case": name, "report_ms": report_ms, "list_ms": list_ms})
    db.dispose()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(prog="reportyear", description=__doc__.split("\n\n")[0])
    parser.add_argument("backend", nargs="?", default="both", choices=["sqlite", "postgresql", "both"])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per measure (the median is shown)")
    parser.add_argument(
        "--data", type=Path, default=Path("/tmp/punchclock-reportyear"), help="where the SQLite file is kept"
    )
    args = parser.parse_args()
    rows = []
    for backend in ("sqlite", "postgresql") if args.backend == "both" else (args.backend,):
        rows += run(backend, ready(backend, args.data, args.entries), args.runs)
    over = [r for r in rows if r["report_ms"] + r["list_ms"] >= AIM_MS]
    print(f"\n{len(rows) - len(over)} of {len(rows)} under {AIM_MS} ms (report plus entry list, median)")


main()
