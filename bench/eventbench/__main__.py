"""bench/run_events.sh: committed write -> event on a connected socket; memory per idle socket.

Scenarios: one instance on SQLite; two instances on PostgreSQL + Redis with the writes sent to the
first and the sockets connected to the second. Each with 1 and with 1,000 connected sockets: one of
them the writer's (the others another user's, connected but not addressed), and, as the worst
case, all 1,000 the writer's, so that every event fans out to every socket.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import uuid
from pathlib import Path

from apibench.stats import summarize

from eventbench import measure, servers

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
REDIS = "redis://127.0.0.1:6379/0"


def _pg_database() -> str:
    from sqlalchemy import create_engine, text

    name = "pc_eventbench_" + uuid.uuid4().hex[:8]
    engine = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return PG_ADMIN.rsplit("/", 1)[0] + "/" + name


def _report(label: str, result: measure.Result) -> dict:
    commit = summarize(result.commit_to_socket_ms)
    request = summarize(result.request_to_socket_ms)
    row = {
        "scenario": label,
        "sockets": result.sockets,
        "listeners": result.listeners,
        "events": result.events,
        "deliveries": len(result.commit_to_socket_ms),
        "missing": result.missing,
        "commit_to_socket": commit.as_dict() if commit else None,
        "request_to_socket": request.as_dict() if request else None,
        "idle_kb_per_socket": round(result.idle_kb_per_socket, 1) if result.idle_kb_per_socket else None,
    }
    c = row["commit_to_socket"] or {}
    print(
        f"{label:<28} {result.sockets:>5} sockets {result.listeners:>5} listening  median {c.get('median_ms')} ms  p99 {c.get('p99_ms')} ms"
        f"  missing {result.missing}  idle {row['idle_kb_per_socket']} KB/socket",
        flush=True,
    )
    return row


def _cases(counts: list[int]) -> list[tuple[int, bool]]:
    return [(n, False) for n in counts] + [(n, True) for n in counts if n > 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sockets", default="1,1000")
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--scenarios", default="sqlite,two-instances")
    parser.add_argument("--out", type=Path, default=None, help="write the results as JSON here")
    args = parser.parse_args()
    counts = [int(n) for n in args.sockets.split(",")]
    rows = []
    with tempfile.TemporaryDirectory(prefix="eventbench-") as tmp:
        root = Path(tmp)
        if "sqlite" in args.scenarios:
            with servers.serve(root / "sqlite", {}) as (base, pid):
                for n, fan_out in _cases(counts):
                    result = asyncio.run(measure.run(base, base, pid, n, args.events, fan_out))
                    rows.append(_report("one instance, SQLite", result))
        if "two-instances" in args.scenarios:
            extra = {
                "PUNCHCLOCK_DATABASE_URL": _pg_database(),
                "PUNCHCLOCK_REDIS_URL": REDIS,
                "PUNCHCLOCK_SECRET_KEY": "eventbench-" + uuid.uuid4().hex,
            }
            with servers.pair(root / "pg", extra) as [(a, _), (b, pid_b)]:
                for n, fan_out in _cases(counts):
                    result = asyncio.run(measure.run(a, b, pid_b, n, args.events, fan_out))
                    rows.append(_report("A -> B, PostgreSQL + Redis", result))
    if args.out:
        args.out.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
