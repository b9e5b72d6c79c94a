"""A reverse proxy on loopback that serves an upstream under a path prefix and strips it, as
nginx's ``location /time/ { proxy_pass http://127.0.0.1:8080/; }`` does, with the X-Forwarded-*
headers. HTTP only: WebSocket upgrades are refused (the web app falls back to polling).
"""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

import httpx
import uvicorn

HOP_BY_HOP = {
    b"connection",
    b"keep-alive",
    b"transfer-encoding",
    b"te",
    b"upgrade",
    b"proxy-authorization",
    b"content-length",
    b"accept-encoding",
}


class PrefixProxy:
    def __init__(self, upstream: str, prefix: str) -> None:
        self.upstream = upstream.rstrip("/")
        self.prefix = prefix.rstrip("/")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        config = uvicorn.Config(
            self.app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off", interface="asgi3"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.requests: list[str] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.prefix}"

    def __enter__(self) -> PrefixProxy:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the proxy did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)

    async def app(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        path: str = scope["path"]
        if path != self.prefix and not path.startswith(self.prefix + "/"):
            await send({"type": "http.response.start", "status": 404, "headers": []})
            await send({"type": "http.response.body", "body": b"not under the prefix"})
            return
        if path == self.prefix:  # as nginx does for a location ending in /
            await send(
                {
                    "type": "http.response.start",
                    "status": 301,
                    "headers": [(b"location", f"{path}/".encode())],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        query = scope["query_string"].decode()
        target = self.upstream + path[len(self.prefix) :] + (f"?{query}" if query else "")
        self.requests.append(f"{scope['method']} {path}")
        headers = [
            (k, v) for k, v in scope["headers"] if k.lower() not in HOP_BY_HOP and k.lower() != b"host"
        ]
        host = dict(scope["headers"]).get(b"host", b"")
        headers += [
            (b"x-forwarded-for", scope["client"][0].encode()),
            (b"x-forwarded-proto", b"http"),
            (b"x-forwarded-host", host),
            (b"accept-encoding", b"identity"),
        ]
        async with httpx.AsyncClient(timeout=30) as client:
            res = await client.request(scope["method"], target, headers=headers, content=body)
        out = [(k, v) for k, v in res.headers.raw if k.lower() not in HOP_BY_HOP]
        out.append((b"content-length", str(len(res.content)).encode()))
        await send({"type": "http.response.start", "status": res.status_code, "headers": out})
        await send({"type": "http.response.body", "body": res.content})
