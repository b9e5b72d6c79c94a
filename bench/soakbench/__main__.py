"""A mixed-load soak: does a server's resident memory stay flat? Run: `bench/run_soak.sh`.

One `punchclock serve` process (SQLite, or PostgreSQL with --pg) under a mix of what a team does all
day, on a data set that stays the same size (each client keeps 300 entries and 300 TimeTagger
records, deleting the oldest as it creates; a memory that followed a growing data set would say
nothing about leaks): timers started and stopped, entries created, edited and deleted, the week
listed, reports and exports read, TimeTagger sync polls and pushes, live-update sockets opened and
closed. Its resident
size (RSS of the process and its children) is sampled every few seconds and written as CSV and as an
SVG plot next to the results. The aim: after the warm-up, the last sample within 10 % of the first.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import orjson

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "soak-admin-pw"


KEEP = 300  # entries (and TimeTagger records) each client keeps; older ones are deleted
# A pick in mixed() that lands on each kind (its share of the mix is the gap to the previous one).
KINDS = {
    "timer": 0.10, "create": 0.30, "edit": 0.40, "list": 0.60, "report": 0.75, "export": 0.82,
    "sync": 0.90, "socket": 0.98,
}  # fmt: skip


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rss_kib(pid: int) -> int:
    """Resident KiB of ``pid`` and its descendants."""
    total = 0
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        todo.extend(int(c) for c in children)
    return total


def mixed(
    base: str, token: str, stop: threading.Event, counts: dict[str, int], seed: int, only: float | None = None
) -> None:
    rnd = random.Random(seed)
    headers = {"Authorization": f"Bearer {token}"}
    today = datetime.now(UTC).date()
    week = (today - timedelta(days=7)).isoformat()
    month = (today - timedelta(days=30)).isoformat()
    with httpx.Client(base_url=base, headers=headers, timeout=30) as http:
        projects = [
            http.post("/api/v1/projects", json={"name": f"soak {seed} {i}"}).json()["project"]["id"]
            for i in range(3)
        ]
        created: list[int] = []
        while not stop.is_set():
            pick = rnd.random() if only is None else only
            if pick < 0.15:
                http.post(
                    "/api/v1/timer/start", json={"project_id": rnd.choice(projects), "notes": "soak #t"}
                )
                http.post("/api/v1/timer/stop")
                kind = "timer"
            elif pick < 0.35:
                start = datetime.now(UTC) - timedelta(minutes=rnd.randint(60, 60 * 24 * 20))
                body = {
                    "project_id": rnd.choice(projects),
                    "start_time": start.isoformat(),
                    "end_time": (start + timedelta(minutes=rnd.randint(5, 90))).isoformat(),
                    "notes": f"soak {uuid.uuid4().hex[:8]} #tag{rnd.randint(1, 30)}",
                }
                res = http.post("/api/v1/time-entries", json=body)
                if res.status_code == 201:
                    created.append(res.json()["time_entry"]["id"])
                if len(created) > KEEP:  # a steady data set: memory must not follow its growth
                    http.delete(f"/api/v1/time-entries/{created.pop(0)}")
                kind = "create"
            elif pick < 0.45 and created:
                entry = created.pop(rnd.randrange(len(created)))
                if rnd.random() < 0.5:
                    http.put(
                        f"/api/v1/time-entries/{entry}", json={"notes": f"edited {uuid.uuid4().hex[:6]}"}
                    )
                else:
                    http.delete(f"/api/v1/time-entries/{entry}")
                kind = "edit"
            elif pick < 0.70:
                http.get("/api/v1/time-entries", params={"start_date": week, "per_page": 100})
                kind = "list"
            elif pick < 0.80:
                http.get("/api/v1/reports/summary", params={"start_date": week})
                http.get("/api/v1/reports/grouped", params={"start_date": week, "group_by": "project,day"})
                kind = "report"
            elif pick < 0.85:
                params = {"format": rnd.choice(["csv", "xlsx"]), "start_date": month}
                http.get("/api/v1/exports/time-entries", params=params)
                kind = "export"
            elif pick < 0.97:
                tt = {"authtoken": token}
                since = 0 if rnd.random() < 0.05 else time.time() - 60  # a client's first sync, or a poll
                http.get("/timetagger/api/v2/updates", params={"since": since}, headers=tt)
                if rnd.random() < 0.3:
                    now = time.time()
                    key = f"soak{seed}k{rnd.randrange(KEEP)}"  # edits a steady set of records
                    record = {"key": key, "t1": now - 600, "t2": now - 60, "mt": now, "ds": "sync #soak"}
                    http.put("/timetagger/api/v2/records", content=orjson.dumps([record]), headers=tt)
                kind = "sync"
            else:
                from websockets.sync.client import connect

                with connect(base.replace("http", "ws", 1) + "/api/v1/ws", open_timeout=5) as ws:
                    ws.send(json.dumps({"type": "auth", "token": token}))
                    ws.recv(timeout=5)
                kind = "socket"
            counts[kind] = counts.get(kind, 0) + 1


def svg(samples: list[tuple[float, int]], path: Path, warmup: float) -> None:
    width, height, pad = 800, 300, 40
    t_max = max(t for t, _ in samples) or 1
    lo = min(r for _, r in samples) * 0.95
    hi = max(r for _, r in samples) * 1.05
    span_x, span_y = width - 2 * pad, height - 2 * pad
    points = " ".join(
        f"{pad + span_x * t / t_max:.1f},{height - pad - span_y * (r - lo) / (hi - lo):.1f}"
        for t, r in samples
    )
    x_warm = pad + (width - 2 * pad) * warmup / t_max
    path.write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        'font-family="sans-serif" font-size="12"><rect width="100%" height="100%" fill="white"/>'
        f'<line x1="{x_warm:.1f}" y1="{pad}" x2="{x_warm:.1f}" y2="{height - pad}" stroke="#bbb" '
        'stroke-dasharray="4"/>'
        f'<polyline fill="none" stroke="#2563eb" stroke-width="2" points="{points}"/>'
        f'<text x="{pad}" y="20">resident MiB over {t_max / 60:.0f} min: {lo / 1024 / 0.95:.0f} .. '
        f"{hi / 1024 / 1.05:.0f} (dashed: end of warm-up)</text></svg>"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=30.0, help="how long to soak [30]")
    parser.add_argument("--warmup", type=float, default=60.0, help="seconds before the baseline sample [60]")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients [4]")
    parser.add_argument(
        "--only",
        choices=sorted(KINDS),
        help="one kind of request instead of the mix (to find which one grows)",
    )
    parser.add_argument("--pg", metavar="URL", help="run on this (empty, disposable) PostgreSQL database")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results", help="folder for CSV and SVG")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="soak-"))
    port = free_port()
    env = {
        **os.environ,
        "PUNCHCLOCK_DATA_DIR": str(folder / "data"),
        "PUNCHCLOCK_ADMIN_PASSWORD": PASSWORD,
        "PUNCHCLOCK_ACCESS_LOG": "false",
        "PUNCHCLOCK_RATE_LIMIT_PER_MINUTE": "1000000",
        "PUNCHCLOCK_RATE_LIMIT_PER_HOUR": "1000000",
    }
    if args.pg:
        env["PUNCHCLOCK_DATABASE_URL"] = args.pg
    script = str(Path(sys.executable).with_name("punchclock"))
    log = (folder / "server.log").open("wb")
    proc = subprocess.Popen(
        [script, "serve", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    samples: list[tuple[float, int]] = []
    counts: dict[str, int] = {}
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/api/v1/ready", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise SystemExit("the server did not start; see " + str(folder / "server.log"))
            time.sleep(0.2)
        login = httpx.post(f"{base}/api/v1/auth/login", json={"username": "admin", "password": PASSWORD})
        token = httpx.post(
            f"{base}/api/v1/tokens",
            json={"name": "soak", "scopes": ["admin:all"]},
            headers={"Authorization": f"Bearer {login.json()['token']}"},
        ).json()["token"]
        stop = threading.Event()
        threads = [
            threading.Thread(
                target=mixed, args=(base, token, stop, counts, n, KINDS.get(args.only or "")), daemon=True
            )
            for n in range(args.clients)
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        end = started + args.minutes * 60
        while time.monotonic() < end:
            samples.append((time.monotonic() - started, rss_kib(proc.pid)))
            time.sleep(5)
        stop.set()
        for thread in threads:
            thread.join(60)
    finally:
        proc.terminate()
        proc.wait(30)
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    csv_path = args.out / f"soak-{stamp}.csv"
    csv_path.write_text("seconds,rss_kib\n" + "".join(f"{t:.0f},{r}\n" for t, r in samples))
    svg(samples, args.out / f"soak-{stamp}.svg", args.warmup)
    after = [r for t, r in samples if t >= args.warmup]
    first, last, peak = after[0], after[-1], max(after)
    growth = 100 * (last - first) / first
    print(f"requests by kind: {dict(sorted(counts.items()))}")
    print(
        f"RSS after warm-up {first / 1024:.1f} MiB, at the end {last / 1024:.1f} MiB, "
        f"peak {peak / 1024:.1f} MiB: {growth:+.1f} % (aim within 10 %)"
    )
    print(f"samples: {csv_path} and .svg; server log: {folder / 'server.log'}")


if __name__ == "__main__":
    main()
