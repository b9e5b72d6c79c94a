"""A real server on a real socket, in a thread of the test process, and a WebSocket client for it."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import uvicorn
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from punchclock import app as app_module
from punchclock.config import Settings
from punchclock.db import Database
from tests.cli.test_serve import free_port


@contextmanager
def running(settings: Settings, db: Database) -> Iterator[str]:
    """Serve create_app(settings, db) with uvicorn (lifespan on) until the block ends; yield its URL."""
    port = free_port()
    app = app_module.create_app(settings, database=db)
    server = uvicorn.Server(
        uvicorn.Config(
            app, host="127.0.0.1", port=port, log_level="warning", lifespan="on", ws="websockets-sansio"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert thread.is_alive(), "the server thread died"
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(15)


class Socket:
    """A signed-in /api/v1/ws connection."""

    def __init__(self, base: str, token: str | None, scope: str | None = None, hello: bool = True) -> None:
        self._conn = connect(base.replace("http", "ws", 1) + "/api/v1/ws", open_timeout=5)
        self.ws: ClientConnection = self._conn.__enter__()
        self.ready: dict[str, Any] | None = None
        if hello:
            message: dict[str, Any] = {"type": "auth", "token": token}
            if scope:
                message["scope"] = scope
            self.ws.send(json.dumps(message))

    def start(self) -> Socket:
        self.ready = self.recv()
        assert self.ready["type"] == "ready", self.ready
        return self

    def recv(self, timeout: float = 5.0) -> dict[str, Any]:
        return json.loads(self.ws.recv(timeout=timeout))  # type: ignore[no-any-return]

    def events(self, timeout: float = 0.5) -> list[dict[str, Any]]:
        """Every event that arrives within ``timeout`` (pings skipped)."""
        found = []
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                message = self.recv(left)
            except TimeoutError:
                break
            if message["type"] == "event":
                found.append(message)
        return found

    def wait_for(self, name: str, timeout: float = 5.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            message = self.recv(max(0.01, deadline - time.monotonic()))
            if message.get("event") == name:
                return message

    def close_code(self, timeout: float = 5.0) -> int | None:
        """Read until the server closes the socket; its close code."""
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                self.ws.recv(timeout=max(0.01, deadline - time.monotonic()))
        except ConnectionClosed as exc:
            return exc.rcvd.code if exc.rcvd else None
        except TimeoutError:
            return None
        return None

    def close(self) -> None:
        self._conn.__exit__(None, None, None)


def login(base: str, username: str, password: str = "password123") -> str:
    res = httpx.post(f"{base}/api/v1/auth/session", json={"username": username, "password": password})
    assert res.status_code == 200, res.text
    return str(res.json()["token"])
