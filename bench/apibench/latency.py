"""Sequential latency over one keep-alive connection, as a single interactive client sees it.

Each request is timed on the client (send to last body byte) and the server's own figure is read
from its ``Server-Timing: app;dur=...`` header, so the difference shows what the network and the
event loop add. Requests rotate through the users' tokens.
"""

from __future__ import annotations

import http.client
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from apibench.stats import summarize

Request = tuple[str, str, str, bytes | None]  # method, path, token, body


@dataclass
class Timings:
    client_ms: list[float] = field(default_factory=list)
    server_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def result(self) -> dict:
        client, server = summarize(self.client_ms), summarize(self.server_ms)
        return {
            "client": client.as_dict() if client else None,
            "server": server.as_dict() if server else None,
            "errors": len(self.errors),
            "error_samples": self.errors[:5],
        }


def _server_ms(header: str | None) -> float | None:
    # "app;dur=1.23"
    if not header or "dur=" not in header:
        return None
    return float(header.split("dur=", 1)[1].split(";", 1)[0])


class Client:
    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def send(self, request: Request, into: Timings | None = None) -> int:
        method, path, token, body = request
        headers = {"Authorization": f"Bearer {token}"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        started = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            payload = response.read()
        except (OSError, http.client.HTTPException) as exc:
            self.conn.close()  # reconnects on the next request
            if into is not None:
                into.errors.append(f"{method} {path}: {exc!r}")
            return 0
        elapsed = (time.perf_counter() - started) * 1000
        if into is not None:
            if 200 <= response.status < 300:
                into.client_ms.append(elapsed)
                server = _server_ms(response.getheader("server-timing"))
                if server is not None:
                    into.server_ms.append(server)
            else:
                into.errors.append(f"{method} {path}: {response.status} {payload[:200]!r}")
        return response.status

    def close(self) -> None:
        self.conn.close()


def measure(client: Client, make: Callable[[int], list[Request]], count: int, warmup: int) -> list[Timings]:
    """Send the requests ``make(i)`` for i in range(warmup + count), timing all but the warm-up.

    ``make`` returns a group of requests sent back to back (timer start, then stop). The result
    holds one Timings per request of the group, followed, for groups of several, by the group's.
    """
    for i in range(warmup):
        for request in make(i):
            client.send(request)
    size = len(make(0))
    per_request = [Timings() for _ in range(size)]
    whole = Timings()
    for i in range(warmup, warmup + count):
        started = time.perf_counter()
        statuses = [client.send(request, into) for request, into in zip(make(i), per_request, strict=True)]
        if all(200 <= status < 300 for status in statuses):
            whole.client_ms.append((time.perf_counter() - started) * 1000)
    return [*per_request, whole] if size > 1 else per_request
