"""The one client both servers get: keep-alive HTTP with the ``authtoken`` header, timed to the last byte.

The timing covers sending the request and reading the whole body; the body is parsed afterwards,
outside the timing, to check the answer.
"""

from __future__ import annotations

import http.client
import time
from dataclasses import dataclass
from typing import Any

import orjson

from syncbench.servers import API, Server


class BenchError(RuntimeError):
    """A server answered something other than what the benchmark expects."""


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    body: bytes
    ms: float

    def json(self) -> Any:
        return orjson.loads(self.body)


class Client:
    def __init__(self, server: Server) -> None:
        self.server = server
        self.token = server.token
        self.conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=300)

    def send(self, method: str, path: str, body: bytes | None = None) -> Answer:
        headers = {"authtoken": self.token}
        if body is not None:
            headers["Content-Type"] = "application/json"
        started = time.perf_counter()
        self.conn.request(method, API + path, body=body, headers=headers)
        response = self.conn.getresponse()
        payload = response.read()
        ms = (time.perf_counter() - started) * 1000
        if response.status != 200:
            raise BenchError(f"{self.server.label}: {method} {path} -> {response.status} {payload[:300]!r}")
        return Answer(response.status, payload, ms)

    def get(self, path: str) -> Answer:
        return self.send("GET", path)

    def close(self) -> None:
        self.conn.close()
