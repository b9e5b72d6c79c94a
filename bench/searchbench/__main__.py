"""python -m searchbench [sqlite|postgresql|both] [--data DIR] [--fresh] [--runs N]: search over
1,000,000 entries and suggestions over 100,000, timed through the services the API calls.

The databases are built once (bench/searchbench/seed.py) and kept: SQLite files in --data,
PostgreSQL databases named after PUNCHCLOCK_BENCH_PG_URL's with _1m and _100k; a run reuses them
unless --fresh. Each case runs --runs times after one warm-up; the table gives the median, p95 and
the slowest, and the JSON goes to bench/results/search-<UTC time>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import make_url

from punchclock.auth.scopes import ROLE_SCOPES, Principal
from punchclock.db import Database
from punchclock.kit.pagination import Page
from punchclock.search import service
from searchbench.seed import seed

PG_URL = os.environ.get(
    "PUNCHCLOCK_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/punchclock_searchbench"
)
SEARCH_ENTRIES, SEARCH_USERS, HEAVY_SHARE = 1_000_000, 10, 0.7
SUGGEST_ENTRIES = 100_000
AIMS = {"search": 100.0, "suggest": 50.0}  # ms, the slowest run of a case

HEAVY = Principal(1, "user01", "member", ROLE_SCOPES["member"], "api")  # 700,000 entries
LIGHT = Principal(2, "user02", "member", ROLE_SCOPES["member"], "api")  # 33,333 entries
TEAM = Principal(2, "user02", "admin", ROLE_SCOPES["admin"], "api")  # everyone's 1,000,000
SEARCHES = [
    ("one user, common word", HEAVY, "review", 1),
    ("one user, client (about 3 %)", HEAVY, "globex", 1),
    ("one user, a ticket (14 entries)", HEAVY, "PC-4711", 1),
    ("one user, nothing matches", HEAVY, "zzqxj", 1),
    ("one user, a project's name", HEAVY, "mobile app", 1),
    ("one user, a task's name", HEAVY, "development", 1),
    ("one user, a tag", HEAVY, "urgent", 1),
    ("one user, non-ASCII (über)", HEAVY, "über", 1),
    ("one user, common word, page 20", HEAVY, "review", 20),
    ("one user, only in old entries (Legacy Corp)", HEAVY, "legacy corp", 1),
    ("a light user, client", LIGHT, "globex", 1),
    ("a light user, a ticket", LIGHT, "PC-4711", 1),
    ("an admin, everyone, client", TEAM, "globex", 1),
    ("an admin, everyone, a ticket", TEAM, "PC-4711", 1),
]
SUGGESTS = ["", "d", "me", "meet", "globex", "PC-4711", "zzqxj", "standup", "legacy", "über"]


def _pg_url(suffix: str) -> str:
    url = make_url(PG_URL)
    return url.set(database=f"{url.database}{suffix}").render_as_string(hide_password=False)


def _ready(url: str, total: int) -> bool:
    """Whether the database holds the benchmark's data at the current schema."""
    db = Database(url)
    try:
        with db.engine.connect() as conn:
            count = conn.execute(text("SELECT count(*) FROM time_entries")).scalar()
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        db.migrate()  # a newer revision, if any, applies (and is reported by a changed count below)
        return count == total and revision is not None
    except Exception:
        return False
    finally:
        db.dispose()


def _database(backend: str, data: Path, total: int, users: int, share: float, fresh: bool) -> str:
    name = "1m" if total >= 1_000_000 else f"{total // 1000}k"
    url = f"sqlite:///{data / f'search-{name}.db'}" if backend == "sqlite" else _pg_url(f"_{name}")
    if fresh or not _ready(url, total):
        if backend == "sqlite":
            (data / f"search-{name}.db").unlink(missing_ok=True)
        seconds = seed(url, total, users, share)
        print(f"seeded {total:,} entries ({backend}) in {seconds:.0f} s")
    return url


def _time(run: Callable[[], Any], runs: int) -> dict[str, float]:
    run()  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[max(0, round(0.95 * len(times)) - 1)], 1),
        "max_ms": round(times[-1], 1),
    }


def _row(kind: str, name: str, figures: dict[str, Any]) -> str:
    ok = "yes" if figures["max_ms"] < AIMS[kind] else "**no**"
    cells = [name, figures["found"], figures["median_ms"], figures["p95_ms"], figures["max_ms"], ok]
    return "| " + " | ".join(str(c) for c in cells) + " |"


def run(backend: str, data: Path, runs: int, fresh: bool) -> dict[str, Any]:
    results: dict[str, Any] = {"search": {}, "suggest": {}}
    url = _database(backend, data, SEARCH_ENTRIES, SEARCH_USERS, HEAVY_SHARE, fresh)
    db = Database(url)
    print(f"\n### {backend}: search, {SEARCH_ENTRIES:,} entries, user01 holds {HEAVY_SHARE:.0%}\n")
    print("| case | found | median ms | p95 ms | max ms | < 100 ms |\n|---|---:|---:|---:|---:|---|")
    for name, who, words, page in SEARCHES:
        answer: dict[str, Any] = {}

        def once(who: Principal = who, words: str = words, page: int = page) -> None:
            answer.update(db.call(service.search_entries, who, words, Page(page, 50), write=False))

        figures = {**_time(once, runs), "found": answer["pagination"]["total"]}
        results["search"][name] = figures
        print(_row("search", f"{name}: {words!r}", figures))
    db.dispose()
    url = _database(backend, data, SUGGEST_ENTRIES, 1, 1.0, fresh)
    db = Database(url)
    print(f"\n### {backend}: suggestions, {SUGGEST_ENTRIES:,} entries of one user\n")
    print("| typed | found | median ms | p95 ms | max ms | < 50 ms |\n|---|---:|---:|---:|---:|---|")
    for typed in SUGGESTS:
        found: list[Any] = []

        def suggest(typed: str = typed) -> None:
            found[:] = db.call(service.suggestions, HEAVY, typed, 8, write=False)

        figures = {**_time(suggest, runs), "found": len(found)}
        results["suggest"][typed] = figures
        print(_row("suggest", repr(typed), figures))
    db.dispose()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(prog="searchbench", description=__doc__)
    parser.add_argument("backend", nargs="?", default="both", choices=["sqlite", "postgresql", "both"])
    parser.add_argument("--data", type=Path, default=Path("/tmp/punchclock-searchbench"))
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--fresh", action="store_true", help="Seed the databases again")
    args = parser.parse_args()
    args.data.mkdir(parents=True, exist_ok=True)
    results = {
        backend: run(backend, args.data, args.runs, args.fresh)
        for backend in (("sqlite", "postgresql") if args.backend == "both" else (args.backend,))
    }
    out = Path(__file__).resolve().parent.parent / "results"
    out.mkdir(exist_ok=True)
    path = out / f"search-{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}.json"
    path.write_text(json.dumps({"aims_ms": AIMS, "runs": args.runs, **results}, indent=2))
    print(f"\nfigures written to {path}")


main()
