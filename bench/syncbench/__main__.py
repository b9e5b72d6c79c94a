"""python -m syncbench [--backend sqlite|postgresql|both]: TimeTagger 26.1.3 and Punchclock, side by side.

bench/run_sync.sh is the one command to use; it makes TimeTagger's virtualenv and sets the paths.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from contextlib import ExitStack
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from apibench import machine
from apibench.report import environment
from sqlalchemy.exc import OperationalError

from syncbench import dataset, report, suite
from syncbench.servers import Punchclock, Server, TimeTagger

BENCH_DIR = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get(
    "PUNCHCLOCK_SYNCBENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/punchclock_syncbench"
)
TT_PYTHON = os.environ.get("TIMETAGGER_PYTHON", str(BENCH_DIR / ".venv-timetagger" / "bin" / "python"))


def _arguments() -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="bench/run_sync.sh", description=__doc__.splitlines()[0])
    p.add_argument("--backend", default="sqlite", choices=("sqlite", "postgresql", "both"))
    p.add_argument("--records", type=int, default=100_000, help="the history for the large pull")
    p.add_argument("--push", type=int, default=10_000, help="records in the timed push and the small pull")
    p.add_argument("--batch", type=int, default=1_000, help="records per PUT")
    p.add_argument("--pull-repeats", type=int, default=5, help="full pulls per size (median time)")
    p.add_argument("--polls", type=int, default=200, help="timed no-change polls")
    p.add_argument("--queries", type=int, default=100, help="timed last-week queries")
    p.add_argument("--pg-url", default=PG_URL, help="database to (re)create; env PUNCHCLOCK_SYNCBENCH_PG_URL")
    p.add_argument("--timetagger-python", default=TT_PYTHON, help="env TIMETAGGER_PYTHON")
    args = p.parse_args()
    if not 0 < args.push < args.records or args.push % args.batch or args.records % args.batch:
        p.error("--push must be below --records, and both multiples of --batch")
    return args


def _servers(args: argparse.Namespace, stack: ExitStack) -> list[Server]:
    def folder(name: str) -> Path:
        return Path(stack.enter_context(tempfile.TemporaryDirectory(prefix=f"syncbench-{name}-")))

    servers: list[Server] = [TimeTagger(folder("timetagger"), Path(args.timetagger_python))]
    for backend in ("sqlite", "postgresql") if args.backend == "both" else (args.backend,):
        try:
            servers.append(Punchclock(folder(backend), backend, args.pg_url))
        except OperationalError as exc:
            raise SystemExit(f"PostgreSQL is not reachable at {args.pg_url}: {exc.orig}") from exc
    for server in servers:
        server.start()
        stack.callback(server.stop)
    return servers


def _step(text: str) -> None:
    print(f"[sync] {text}", flush=True)


def run(args: argparse.Namespace, servers: list[Server], data: dataset.Dataset) -> dict:
    settings = suite.Settings(args.batch, args.pull_repeats, args.polls, args.queries)
    bodies = suite.batches(data.records, args.batch)
    first = args.push // args.batch
    results: dict = {}
    _step(f"push {args.push:,} records in batches of {args.batch:,} ...")
    results["push"] = suite.push(servers, bodies[:first], args.push)
    _step(f"full pull at {args.push:,} records (fresh servers) ...")
    results["pull_small"] = suite.pull(servers, args.push, settings.pull_repeats)
    _step(f"loading the other {args.records - args.push:,} records ...")
    results["load"] = suite.push(servers, bodies[first:], args.records - args.push)
    _step(f"full pull at {args.records:,} records (fresh servers) ...")
    results["pull_large"] = suite.pull(servers, args.records, settings.pull_repeats)
    _step(f"no-change poll x {settings.polls} ...")
    since = {name: r["server_time"] for name, r in results["pull_large"].items()}
    results["poll"] = suite.poll(servers, since, settings.polls, settings.warmup)
    _step(f"no-change poll x {settings.polls}, Punchclock with a pc_ API token ...")
    results["poll_api_token"] = suite.poll(servers[1:], since, settings.polls, settings.warmup, "api_token")
    t1, t2 = data.last_week
    _step(f"last week's records x {settings.queries} ...")
    results["last_week"] = suite.records_in(
        servers, t1, t2, data.in_last_week(), settings.queries, settings.warmup
    )
    return {"settings": asdict(settings), "measures": results}


def main() -> None:
    args = _arguments()
    started = datetime.now(UTC)
    busy = machine.other_load()
    if warning := machine.busy_warning(busy):
        _step(warning)
    now = int(time.time())
    data = dataset.build(args.records, now)
    _step(f"{len(data.records):,} records, {data.in_last_week()} in the last week; starting the servers ...")
    with ExitStack() as stack:
        servers = _servers(args, stack)
        tt = servers[0]
        assert isinstance(tt, TimeTagger)
        version = tt.version()
        for server in servers:
            _step(f"{server.label}: pid {server.pid}, port {server.port}")
        outcome = run(args, servers, data)
    table = report.rows(args.push, args.records, args.batch)
    measures = outcome["measures"]
    record = {
        "started_at": started,
        "environment": environment() | {"timetagger": version},
        "other_cpu_before": busy,
        "data": {
            "records": len(data.records),
            "pushed_first": args.push,
            "batch": args.batch,
            "last_week": data.in_last_week(),
            "now": now,
        },
        **outcome,
        "comparisons": {},
    }
    tables = []
    for server in servers[1:]:
        record["comparisons"][server.name] = report.verdicts(measures, table, server.name)
        tables.append(report.markdown(measures, table, server.name, server.label))
    path = report.write_json(record, started)
    print("\n" + "\n\n".join(tables))
    others = [r.get("other_cpu") or 0 for m in measures.values() for r in m.values()]
    if warning := machine.busy_warning(max(others, default=0)):
        print(f"\n{warning} (the most other processes took during one measure)")
    missed = [
        f"{name}: {label} ({v['aim']}, ratio {v['ratio']})"
        for name, checks in record["comparisons"].items()
        for label, v in checks.items()
        if v["met"] is False
    ]
    print("\nAims missed:\n" + "\n".join(f"- {m}" for m in missed) if missed else "\nAll aims met.")
    print(f"\nResults: {path}")


if __name__ == "__main__":
    main()
