"""The measurements of the issue, run against one started server."""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urlencode

from apibench.latency import Client, Request, measure
from apibench.load import throughput
from apibench.machine import Watch
from apibench.seed import Seeded

API = "/api/v1"


@dataclass(frozen=True, slots=True)
class Settings:
    requests: int = 500
    warmup: int = 50
    connections: int = 64
    seconds: float = 10.0
    wrk_threads: int = 1
    load_tool: str = "auto"  # auto (wrk if installed), wrk or python
    db_title: str | None = None  # the database backends' process title, to count their CPU time


def week_list_path(seeded: Seeded) -> str:
    monday, sunday = seeded.plan.list_week
    query = {"start_date": monday, "end_date": sunday, "per_page": 50, "include_active": "true"}
    return f"{API}/time-entries?{urlencode(query)}"


def year_summary_path(seeded: Seeded) -> str:
    query = {"start_date": seeded.plan.first_day, "end_date": seeded.plan.last_day}
    return f"{API}/reports/summary?{urlencode(query)}"


def _per_request(seconds: float | None, requests: int) -> float | None:
    return round(seconds * 1000 / requests, 3) if seconds is not None and requests else None


def _cpu(watch: Watch, requests: int) -> dict:
    """The others' share of the CPUs; the server's and the database's CPU time per request."""
    return {
        "other_cpu": watch.other,
        "server_cpu_ms_per_request": _per_request(watch.server_seconds, requests),
        "database_cpu_ms_per_request": _per_request(watch.database_seconds, requests),
    }


def latency(port: int, pid: int, seeded: Seeded, s: Settings) -> dict:
    tokens = seeded.tokens
    week, year = week_list_path(seeded), year_summary_path(seeded)
    start_body = json.dumps({"notes": "bench", "tags": "bench"}).encode()

    def week_list(i: int) -> list[Request]:
        return [("GET", week, tokens[i % len(tokens)], None)]

    def timer_pair(i: int) -> list[Request]:
        token = tokens[i % len(tokens)]
        return [
            ("POST", f"{API}/timer/start", token, start_body),
            ("POST", f"{API}/timer/stop", token, b"{}"),
        ]

    def own_summary(i: int) -> list[Request]:
        return [("GET", year, tokens[i % len(tokens)], None)]

    def team_summary(_: int) -> list[Request]:
        return [("GET", year, seeded.admin_token, None)]

    groups = (
        (week_list, ("week_list",)),
        (timer_pair, ("timer_start", "timer_stop", "timer_pair")),
        (own_summary, ("year_summary_member",)),
        (team_summary, ("year_summary_team",)),
    )
    results = {}
    client = Client(port)
    try:
        for make, names in groups:
            with Watch(pid, s.db_title) as watch:
                timings = measure(client, make, s.requests, s.warmup)
            sent = (s.requests + s.warmup) * len(make(0))
            for name, timing in zip(names, timings, strict=True):
                results[name] = timing.result() | _cpu(watch, sent)
    finally:
        client.close()
    results["timer_pair"]["errors"] = results["timer_start"]["errors"] + results["timer_stop"]["errors"]
    return results


def load(port: int, pid: int, seeded: Seeded, s: Settings) -> dict:
    base = f"http://127.0.0.1:{port}"
    targets = {"timer_status": f"{API}/timer/status", "week_list": week_list_path(seeded)}
    results = {}
    for name, path in targets.items():
        with Watch(pid, s.db_title) as watch:
            result = throughput(
                base + path, seeded.tokens, s.connections, s.seconds, s.wrk_threads, s.load_tool
            )
        results[name] = result.as_dict() | _cpu(watch, result.requests)
    return results
