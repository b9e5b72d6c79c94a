"""The measures of issue 3's benchmark, each run against every server in turn with the same requests.

Every measure also records, through apibench.machine.Watch, the CPU time the server (and, on
PostgreSQL, the database backends) spent and the share of the CPUs other processes took meanwhile.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from apibench.machine import Watch
from apibench.stats import summarize

from syncbench.client import Answer, BenchError, Client
from syncbench.memory import PeakRss
from syncbench.servers import Server


@dataclass(frozen=True, slots=True)
class Settings:
    batch: int = 1_000  # records per PUT
    pull_repeats: int = 5  # full pulls per size; the first, on a fresh process, gives the memory
    polls: int = 200
    queries: int = 100
    warmup: int = 10


def batches(records: Sequence[dict[str, Any]], size: int) -> list[bytes]:
    """The PUT bodies, serialized once so that both servers get the very same bytes."""
    return [orjson.dumps(list(records[i : i + size])) for i in range(0, len(records), size)]


def _watch(server: Server) -> Watch:
    return Watch(server.pid, getattr(server, "db_title", None))


def _cpu(watch: Watch, requests: int) -> dict[str, Any]:
    """The CPU time the server (and PostgreSQL) spent, in all and per request; the others' share."""
    server, database = watch.server_seconds, watch.database_seconds
    total = None if server is None else server + (database or 0.0)
    return {
        "server_cpu_s": server,
        "database_cpu_s": database,
        "cpu_ms_per_request": None if total is None else round(total * 1000 / requests, 3),
        "other_cpu": watch.other,
    }


def _each(servers: Sequence[Server], measure: Callable[[Server, Client], dict]) -> dict[str, dict]:
    results = {}
    for server in servers:
        client = Client(server)
        try:
            with _watch(server) as watch:
                result = measure(server, client)
        finally:
            client.close()
        results[server.name] = result | _cpu(watch, result["requests"])
    return results


def push(servers: Sequence[Server], bodies: list[bytes], count: int) -> dict[str, dict]:
    """PUT the batches one after the other; the figure is the total time."""

    def measure(server: Server, client: Client) -> dict:
        times = []
        started = time.perf_counter()
        for body in bodies:
            answer = client.send("PUT", "records", body)
            times.append(answer.ms)
            result = answer.json()
            if result["failed"] or result["errors"]:
                raise BenchError(f"{server.label} refused records: {result['errors'][:3]}")
        seconds = time.perf_counter() - started
        summary = summarize(times)
        assert summary is not None
        return {"records": count, "requests": len(bodies), "seconds": round(seconds, 3)} | {
            "batch_median_ms": summary.median_ms,
            "batch_max_ms": summary.max_ms,
            "batch_ms": [round(t, 1) for t in times],
        }

    return _each(servers, measure)


def _check_pull(server: Server, answer: Answer, expected: int) -> float:
    data = answer.json()
    if len(data["records"]) != expected:
        found = len(data["records"])
        raise BenchError(f"{server.label}: updates?since=0 gave {found} records, not {expected}")
    return float(data["server_time"])


def _future() -> str:
    return f"{time.time() + 86_400:.3f}"


def pull(servers: Sequence[Server], expected: int, repeats: int) -> dict[str, dict]:
    """``updates?since=0`` on a freshly started server: memory during the first, time of each."""
    for server in servers:
        server.restart()
        client = Client(server)
        client.get("version")  # authentication and first-request work out of the way
        client.get(f"updates?since={_future()}")
        client.close()

    def measure(server: Server, client: Client) -> dict:
        with PeakRss(server.pid) as memory:
            first = client.get("updates?since=0")
        times = [first.ms]
        server_time = _check_pull(server, first, expected)
        for _ in range(repeats - 1):
            answer = client.get("updates?since=0")
            times.append(answer.ms)
            server_time = _check_pull(server, answer, expected)
        return {
            "records": expected,
            "requests": repeats,
            "bytes": len(first.body),
            "ms": times,
            "median_ms": round(sorted(times)[len(times) // 2], 1),
            "memory": memory.as_dict(),
            "server_time": server_time,
        }

    return _each(servers, measure)


def poll(
    servers: Sequence[Server], since: dict[str, float], polls: int, warmup: int, token: str = "token"
) -> dict[str, dict]:
    """The no-change poll: ``updates?since=<server_time>``, each with the cursor the last one gave.
    ``token`` names the server's attribute that holds the token to send."""

    def measure(server: Server, client: Client) -> dict:
        client.token = getattr(server, token)
        cursor = since[server.name]
        times, early = [], 0
        for i in range(warmup + polls):
            answer = client.get(f"updates?since={cursor!r}")
            data = answer.json()
            if data["records"] or data["settings"] or data["reset"] is True:
                raise BenchError(f"{server.label}: the no-change poll found changes")
            cursor = float(data["server_time"])
            if i >= warmup:
                times.append(answer.ms)
                early += type(data["reset"]) is int  # TimeTagger answers "reset": 0 when it exits early
        summary = summarize(times)
        assert summary is not None
        return summary.as_dict() | {"requests": warmup + polls, "early_exits": early}

    return _each(servers, measure)


def records_in(
    servers: Sequence[Server], t1: int, t2: int, expected: int, count: int, warmup: int
) -> dict[str, dict]:
    """``records?timerange=t1-t2``, median of ``count`` after ``warmup``."""
    path = f"records?timerange={t1}-{t2}"

    def measure(server: Server, client: Client) -> dict:
        times = []
        for i in range(warmup + count):
            answer = client.get(path)
            found = len(answer.json()["records"])
            if found != expected:
                raise BenchError(f"{server.label}: {path} gave {found} records, not {expected}")
            if i >= warmup:
                times.append(answer.ms)
        summary = summarize(times)
        assert summary is not None
        return summary.as_dict() | {"requests": warmup + count, "records": expected}

    return _each(servers, measure)
