"""Throughput with many concurrent keep-alive connections: wrk when installed, else asyncio.

Errors are every non-2xx answer plus every socket error (connect, read, write, timeout).
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

from apibench.stats import summarize

WRK_SCRIPT = Path(__file__).with_name("rotate_tokens.lua")


@dataclass(frozen=True, slots=True)
class LoadResult:
    tool: str
    requests: int
    seconds: float
    non_2xx: int
    socket_errors: int
    p50_ms: float
    p99_ms: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def errors(self) -> int:
        return self.non_2xx + self.socket_errors

    def as_dict(self) -> dict:
        return {**asdict(self), "rps": round(self.rps, 1), "errors": self.errors}


def have_wrk() -> bool:
    return shutil.which("wrk") is not None


def run_wrk(url: str, tokens: list[str], connections: int, seconds: float, threads: int) -> LoadResult:
    with tempfile.NamedTemporaryFile("w", suffix=".tokens") as file:
        file.write("\n".join(tokens) + "\n")
        file.flush()
        command = [
            "wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "10s",
            "-s", str(WRK_SCRIPT), url, "--", file.name,
        ]  # fmt: skip
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("WRK_RESULT "))
    r = json.loads(line.removeprefix("WRK_RESULT "))
    return LoadResult(
        tool="wrk",
        requests=r["requests"],
        seconds=r["duration_us"] / 1e6,
        non_2xx=r["non_2xx"],
        socket_errors=r["connect"] + r["read"] + r["write"] + r["timeout"],
        p50_ms=r["p50_us"] / 1000,
        p99_ms=r["p99_us"] / 1000,
    )


class _Counts:
    def __init__(self) -> None:
        self.ok = self.non_2xx = self.socket_errors = 0
        self.latencies: list[float] = []


async def _connection(
    host: str, port: int, path: str, tokens: list[str], offset: int, until: float, counts: _Counts
) -> None:
    heads = [
        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: Bearer {t}\r\n\r\n".encode()
        for t in tokens
    ]
    writer = None
    i = offset
    while time.perf_counter() < until:
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            started = time.perf_counter()
            writer.write(heads[i % len(heads)])
            i += 1
            status_line = await reader.readline()
            length = 0  # Punchclock's JSON answers all carry Content-Length (never chunked)
            while (header := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = header.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            await reader.readexactly(length)
            counts.latencies.append((time.perf_counter() - started) * 1000)
            if status_line[9:10] == b"2":
                counts.ok += 1
            else:
                counts.non_2xx += 1
        except (OSError, asyncio.IncompleteReadError, ValueError):
            counts.socket_errors += 1
            if writer is not None:
                writer.close()
            writer = None
    if writer is not None:
        writer.close()


async def _python_load(url: str, tokens: list[str], connections: int, seconds: float) -> LoadResult:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    path = f"{parts.path}?{parts.query}" if parts.query else parts.path
    counts = _Counts()
    started = time.perf_counter()
    until = started + seconds
    await asyncio.gather(
        *(_connection(host, port, path, tokens, n, until, counts) for n in range(connections))
    )
    elapsed = time.perf_counter() - started
    lat = summarize(counts.latencies)
    return LoadResult(
        tool="python-asyncio",
        requests=counts.ok + counts.non_2xx,
        seconds=elapsed,
        non_2xx=counts.non_2xx,
        socket_errors=counts.socket_errors,
        p50_ms=lat.median_ms if lat else 0.0,
        p99_ms=lat.p99_ms if lat else 0.0,
    )


def run_python(url: str, tokens: list[str], connections: int, seconds: float) -> LoadResult:
    return asyncio.run(_python_load(url, tokens, connections, seconds))


def throughput(
    url: str, tokens: list[str], connections: int, seconds: float, threads: int, tool: str = "auto"
) -> LoadResult:
    if tool == "wrk" or (tool == "auto" and have_wrk()):
        return run_wrk(url, tokens, connections, seconds, threads)
    return run_python(url, tokens, connections, seconds)
