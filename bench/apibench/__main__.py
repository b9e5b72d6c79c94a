"""python -m apibench [sqlite|postgresql|both]: seed, serve, measure, print and record.

bench/run_api.sh is the one command to use; it installs wrk when it can and sets the paths.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from dataclasses import asdict, replace
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from apibench import machine, report, suite
from apibench.dataset import year_plan
from apibench.seed import recreate_postgres, seed
from apibench.server import running_server

PG_URL = os.environ.get(
    "PUNCHCLOCK_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/punchclock_bench"
)


def _arguments() -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="bench/run_api.sh", description=__doc__.splitlines()[0])
    p.add_argument("backend", nargs="?", default="both", choices=("sqlite", "postgresql", "both"))
    p.add_argument("--users", type=int, default=20)
    p.add_argument("--entries", type=int, default=100_000)
    p.add_argument("--requests", type=int, default=500, help="timed sequential requests per measure")
    p.add_argument("--warmup", type=int, default=50)
    p.add_argument("--connections", type=int, default=64)
    p.add_argument("--seconds", type=float, default=10.0, help="duration of each throughput run")
    p.add_argument("--wrk-threads", type=int, default=1, help="wrk threads; the server needs the other core")
    p.add_argument("--load-tool", choices=("auto", "wrk", "python"), default="auto")
    p.add_argument("--pg-url", default=PG_URL, help="database to (re)create; env PUNCHCLOCK_BENCH_PG_URL")
    return p.parse_args()


def _database(backend: str, args: argparse.Namespace, data_dir: Path) -> tuple[str, str | None, str | None]:
    """The URL to seed, the URL to pass to the server, and the database backends' process title."""
    if backend == "sqlite":
        return f"sqlite:///{data_dir / 'punchclock.db'}", None, None  # the data folder's default
    try:
        recreate_postgres(args.pg_url)
    except OperationalError as exc:
        raise SystemExit(f"PostgreSQL is not reachable at {args.pg_url}: {exc.orig}") from exc
    return args.pg_url, args.pg_url, f" {make_url(args.pg_url).database} "


def run_backend(backend: str, args: argparse.Namespace, settings: suite.Settings) -> dict:
    plan = year_plan(args.users, args.entries)
    busy = machine.other_load()
    if warning := machine.busy_warning(busy):
        print(f"[{backend}] {warning}", flush=True)
    with tempfile.TemporaryDirectory(prefix=f"punchclock-bench-{backend}-") as tmp:
        data_dir = Path(tmp)
        url, server_url, db_title = _database(backend, args, data_dir)
        settings = replace(settings, db_title=db_title)
        print(f"[{backend}] seeding {plan.entries:,} entries for {plan.users} users ...", flush=True)
        seeded = seed(url, plan)
        with running_server(data_dir, server_url) as (port, pid):
            print(f"[{backend}] server pid {pid} on port {port}; sequential latency ...", flush=True)
            latency = suite.latency(port, pid, seeded, settings)
            print(f"[{backend}] throughput, {settings.connections} connections ...", flush=True)
            load = suite.load(port, pid, seeded, settings)
    return {
        "seed": {
            "entries": seeded.entries,
            "users": plan.users,
            "seconds": round(seeded.seconds, 2),
            "first_day": plan.first_day,
            "last_day": plan.last_day,
            "list_week": plan.list_week,
        },
        "settings": asdict(settings),
        "other_cpu_before": busy,
        "latency": latency,
        "load": load,
    }


def main() -> None:
    args = _arguments()
    settings = suite.Settings(
        args.requests, args.warmup, args.connections, args.seconds, args.wrk_threads, args.load_tool
    )
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    started = datetime.now(UTC)
    record: dict = {"started_at": started, "environment": report.environment(), "backends": {}}
    tables = []
    for backend in backends:
        result = run_backend(backend, args, settings)
        result["aims"] = report.verdicts(result)
        record["backends"][backend] = result
        tables.append(report.markdown(backend, result))
        path = report.write_json(record, started)
    print("\n" + "\n\n".join(tables))
    missed = [
        f"{b}: {name}" for b, r in record["backends"].items() for name, ok in r["aims"].items() if not ok
    ]
    print("\nAims missed:\n" + "\n".join(f"- {m}" for m in missed) if missed else "\nAll aims met.")
    print(f"\nResults: {path}")


if __name__ == "__main__":
    main()
