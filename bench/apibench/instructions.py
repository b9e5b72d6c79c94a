"""python -m apibench.instructions: CPU instructions per request of a real server, under callgrind.

Wall and CPU times on a shared VM move by half from one run to the next; instruction counts do not.
The server runs as ``punchclock serve`` under ``valgrind --tool=callgrind`` (about 50 times slower)
on a freshly seeded database. After warm-up requests (caches, prepared statements, the auth cache)
the counters are zeroed with ``callgrind_control -z``, the timed requests are sent one at a time on
one connection, and ``callgrind_control -d`` dumps the count: instructions per request (per pair for
the timer), every thread of the server included, the database's own process not (PostgreSQL).
Use it to compare two versions of the code: the figure is the same on every run of the same code.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from apibench.dataset import year_plan
from apibench.seed import Seeded, recreate_postgres, seed
from apibench.server import _env, free_port, wait_healthy
from apibench.suite import week_list_path

PG_URL = os.environ.get(
    "PUNCHCLOCK_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/punchclock_bench"
)
START_TIMEOUT = 300.0


def _arguments() -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="bench/run_instructions.sh", description=__doc__.splitlines()[0])
    p.add_argument("measure", choices=("list", "timer", "status", "info"))
    p.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    p.add_argument("--requests", type=int, default=100)
    p.add_argument("--warmup", type=int, default=60)
    p.add_argument("--entries", type=int, default=100_000)
    p.add_argument("--pg-url", default=PG_URL)
    p.add_argument(
        "--metrics", action="store_true", help="serve with PUNCHCLOCK_METRICS_TOKEN set (metrics counted)"
    )
    return p.parse_args()


class Client:
    def __init__(self, port: int, seeded: Seeded) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.seeded = seeded
        self.sent = 0

    def _call(self, method: str, path: str, body: bytes | None = None) -> None:
        token = self.seeded.tokens[self.sent % len(self.seeded.tokens)]
        headers = {"Authorization": f"Bearer {token}"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        self.conn.request(method, path, body=body, headers=headers)
        res = self.conn.getresponse()
        answer = res.read()
        if res.status not in (200, 201):
            raise RuntimeError(f"{method} {path}: {res.status} {answer[:200]!r}")

    def one(self, measure: str) -> None:
        if measure == "list":
            self._call("GET", week_list_path(self.seeded))
        elif measure == "status":
            self._call("GET", "/api/v1/timer/status")
        elif measure == "info":
            self._call("GET", "/api/v1/info")
        else:
            self._call("POST", "/api/v1/timer/start", b"{}")
            self._call("POST", "/api/v1/timer/stop", b"{}")
        self.sent += 1


def _instructions(dump: Path) -> int:
    found = re.search(r"^(?:summary|totals): (\d+)", dump.read_text(), re.MULTILINE)
    if found is None:
        raise RuntimeError(f"no total in {dump}")
    return int(found.group(1))


def main() -> None:
    args = _arguments()
    with tempfile.TemporaryDirectory(prefix="punchclock-instructions-") as tmp:
        data_dir = Path(tmp)
        url = f"sqlite:///{data_dir / 'punchclock.db'}"
        if args.backend == "postgresql":
            recreate_postgres(args.pg_url)
            url = args.pg_url
        seeded = seed(url, year_plan(20, args.entries))
        out = data_dir / "callgrind.out"
        punchclock = Path(sys.executable).with_name("punchclock")
        port = free_port()
        command = [
            "valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", "--dump-instr=no",
            str(punchclock), "serve", "--port", str(port), "--data-dir", str(data_dir),
        ]  # fmt: skip
        if args.backend == "postgresql":
            command += ["--database-url", url]
        log = data_dir / "server.log"
        with log.open("w") as sink:
            extra = {"PUNCHCLOCK_METRICS_TOKEN": "bench-metrics-token"} if args.metrics else None
            process = subprocess.Popen(command, env=_env(extra), stdout=sink, stderr=subprocess.STDOUT)
        try:
            wait_healthy(port, process, log, START_TIMEOUT)  # callgrind starts slowly
            client = Client(port, seeded)
            for _ in range(args.warmup):
                client.one(args.measure)
            subprocess.run(["callgrind_control", "-z", str(process.pid)], check=True, capture_output=True)
            for _ in range(args.requests):
                client.one(args.measure)
            subprocess.run(["callgrind_control", "-d", str(process.pid)], check=True, capture_output=True)
        finally:
            process.send_signal(2)
            process.wait(timeout=120)
        dumps = sorted(data_dir.glob("callgrind.out.*"), key=lambda p: p.stat().st_mtime)
        per = _instructions(dumps[0]) / args.requests
        unit = "pair (start + stop)" if args.measure == "timer" else "request"
        print(f"{args.measure} ({args.backend}): {per / 1e6:.2f} M instructions per {unit}")


if __name__ == "__main__":
    main()
