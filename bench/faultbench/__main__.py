"""Fault scenarios against real instances: the share of 5xx, time to recover, acknowledged writes lost.

Two `punchclock serve` processes (two workers each) on one PostgreSQL database and one Redis, each
reached through a TCP fault proxy (tests/faultproxy.py). Four clients keep writing time entries and
reading the week while, one scenario at a time, a dependency is cut (connections reset, new ones
refused) or stalled (connections open, nothing forwarded) for a while and then brought back.

Per scenario it prints: requests, 5xx during the fault and after it, seconds from the dependency's
return to the first of five successes in a row on every instance (aim < 2 s), and at the end the
acknowledged writes (2xx with an id) missing from the database (aim 0). Run: `bench/run_faults.sh`.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.faultproxy import FaultProxy  # noqa: E402

PG = os.environ.get("PUNCHCLOCK_BENCH_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PASSWORD = "fault-bench-pw"


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Load:
    """Clients writing and reading through every instance; every answer is recorded with its time."""

    def __init__(self, bases: list[str], token: str, clients: int) -> None:
        self.bases = bases
        self.headers = {"Authorization": f"Bearer {token}"}
        self.clients = clients
        self.stop = threading.Event()
        self.log: list[tuple[float, str, int]] = []  # (time, base, status); status 0: no answer
        self.acked: list[int] = []
        self.lock = threading.Lock()

    def _client(self, n: int) -> None:
        with httpx.Client(timeout=30) as http:
            i = 0
            while not self.stop.is_set():
                base = self.bases[(n + i) % len(self.bases)]
                i += 1
                try:
                    if i % 2:
                        minute = (n * 100_000 + i) % 525_600
                        start = "2026-01-01T00:00:00Z"
                        body = {
                            "start_time": start,
                            "end_time": "2026-01-01T00:30:00Z",
                            "notes": f"fb {n} {i} {minute}",
                        }
                        res = http.post(f"{base}/api/v1/time-entries", json=body, headers=self.headers)
                        if res.status_code == 201:
                            with self.lock:
                                self.acked.append(int(res.json()["time_entry"]["id"]))
                    else:
                        res = http.get(f"{base}/api/v1/timer/status", headers=self.headers)
                    status = res.status_code
                except httpx.HTTPError:
                    status = 0
                with self.lock:
                    self.log.append((time.monotonic(), base, status))
                if status in (0, 503):
                    time.sleep(0.05)

    def start(self) -> None:
        self.threads = [
            threading.Thread(target=self._client, args=(n,), daemon=True) for n in range(self.clients)
        ]
        for thread in self.threads:
            thread.start()

    def finish(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(60)

    def window(self, start: float, end: float) -> list[tuple[float, str, int]]:
        with self.lock:
            return [entry for entry in self.log if start <= entry[0] < end]


def recovery(load: Load, back_at: float, limit: float = 30.0) -> float | None:
    """Seconds after ``back_at`` until every instance answered five 2xx in a row."""
    deadline = back_at + limit
    while time.monotonic() < deadline:
        entries = load.window(back_at, time.monotonic())
        done = {}
        for at, base, status in entries:
            streak, first = done.get(base, (0, None))
            if 200 <= status < 300:
                streak, first = streak + 1, first if streak else at
            else:
                streak, first = 0, None
            done[base] = (streak, first)
        if len(done) == len(load.bases) and all(streak >= 5 for streak, _ in done.values()):
            return max(first for _, first in done.values()) - back_at
        time.sleep(0.05)
    return None


def serve(port: int, env: dict[str, str], folder: Path) -> subprocess.Popen:
    folder.mkdir(parents=True, exist_ok=True)
    log = (folder / "server.log").open("wb")
    command = [
        str(Path(sys.executable).with_name("punchclock")),
        "serve",
        "--port",
        str(port),
        "--workers",
        "2",
    ]
    return subprocess.Popen(
        command, env={**os.environ, **env}, cwd=folder, stdout=log, stderr=subprocess.STDOUT
    )


def wait_ready(base: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/api/v1/ready", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{base} did not become ready")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--fault-seconds", type=float, default=5.0, help="how long each fault lasts [5]")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients [4]")
    args = parser.parse_args()

    name = f"pc_faultbench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG).set(database=name)
    pg_proxy = FaultProxy(url.host or "127.0.0.1", url.port or 5432).start()
    redis_proxy = FaultProxy("127.0.0.1", 6379).start()
    env = {
        "PUNCHCLOCK_DATABASE_URL": url.set(port=pg_proxy.port).render_as_string(hide_password=False),
        "PUNCHCLOCK_REDIS_URL": f"redis://127.0.0.1:{redis_proxy.port}/14",
        "PUNCHCLOCK_SECRET_KEY": "faultbench-" + uuid.uuid4().hex,
        "PUNCHCLOCK_ADMIN_PASSWORD": PASSWORD,
        "PUNCHCLOCK_ACCESS_LOG": "false",
        "PUNCHCLOCK_RATE_LIMIT_PER_MINUTE": "1000000",
        "PUNCHCLOCK_RATE_LIMIT_PER_HOUR": "1000000",
        "PUNCHCLOCK_DB_STATEMENT_TIMEOUT_SECONDS": "2",
        "PUNCHCLOCK_DB_POOL_TIMEOUT_SECONDS": "1",
        "PUNCHCLOCK_DB_CONNECT_TIMEOUT_SECONDS": "2",
    }
    folder = Path(tempfile.mkdtemp(prefix="faultbench-"))
    ports = [free_port(), free_port()]
    procs = [serve(port, env, folder / f"i{i}") for i, port in enumerate(ports)]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    results = []
    try:
        for base in bases:
            wait_ready(base)
        login = httpx.post(f"{bases[0]}/api/v1/auth/login", json={"username": "admin", "password": PASSWORD})
        token = httpx.post(
            f"{bases[0]}/api/v1/tokens",
            json={"name": "faultbench", "scopes": ["admin:all"]},
            headers={"Authorization": f"Bearer {login.json()['token']}"},
        ).json()["token"]
        load = Load(bases, token, args.clients)
        load.start()
        time.sleep(3)
        scenarios = [
            ("Redis cut", redis_proxy.kill, redis_proxy.revive),
            ("Redis stalled", redis_proxy.stall, redis_proxy.resume),
            ("PostgreSQL cut", pg_proxy.kill, pg_proxy.revive),
            ("PostgreSQL stalled", pg_proxy.stall, pg_proxy.resume),
        ]
        for label, fault, heal in scenarios:
            started = time.monotonic()
            fault()
            time.sleep(args.fault_seconds)
            back = time.monotonic()
            heal()
            took = recovery(load, back)
            time.sleep(2)
            during = Counter(status for _, _, status in load.window(started, back))
            after = Counter(status for _, _, status in load.window(back, time.monotonic()))
            total = sum(during.values()) + sum(after.values())
            fivexx = sum(n for s, n in (during + after).items() if s >= 500 and s != 503)
            results.append(
                {
                    "scenario": label,
                    "requests": total,
                    "503": during[503] + after[503],
                    "other_5xx": fivexx,
                    "no_answer": during[0] + after[0],
                    "share_5xx_not_503": round(100 * fivexx / max(total, 1), 2),
                    "recovery_s": None if took is None else round(took, 2),
                }
            )
            time.sleep(1)
        load.finish()
        engine = create_engine(url.render_as_string(hide_password=False))
        with engine.connect() as conn:
            stored = set(conn.execute(text("SELECT id FROM time_entries")).scalars())
        engine.dispose()
        lost = sorted(set(load.acked) - stored)
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(30)
        pg_proxy.close()
        redis_proxy.close()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    print("| scenario | requests | 503 | other 5xx (aim 0) | no answer | recovery s (aim < 2) |")
    print("|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['scenario']} | {r['requests']} | {r['503']} | {r['other_5xx']} | {r['no_answer']} | "
            f"{r['recovery_s']} |"
        )
    print(f"\nacknowledged writes: {len(load.acked)}, lost: {len(lost)} (aim 0)")
    print(json.dumps({"scenarios": results, "acked": len(load.acked), "lost": lost[:20]}))
    print(f"server logs: {folder}")


if __name__ == "__main__":
    main()
