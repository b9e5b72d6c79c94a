"""Open N sockets, write entries one at a time, time each event's arrival on every socket."""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass
from datetime import datetime

import httpx
import websockets

from eventbench.servers import PASSWORD, rss_kb


@dataclass
class Result:
    sockets: int
    listeners: int  # sockets that receive each event
    events: int
    commit_to_socket_ms: list[float]  # event time (stamped in the writing transaction) -> arrival
    request_to_socket_ms: list[float]  # the client starts the POST -> arrival
    missing: int
    idle_kb_per_socket: float | None


async def _token(base: str, username: str = "admin") -> str:
    async with httpx.AsyncClient(base_url=base) as client:
        res = await client.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD})
        res.raise_for_status()
        return str(res.json()["token"])


async def _bystander(base: str, admin: str) -> str:
    """A second account, whose sockets are connected but hear none of the admin's events."""
    async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {admin}"}) as client:
        body = {"username": "bystander", "password": PASSWORD, "role": "member"}
        res = await client.post("/api/v1/users", json=body)
        if res.status_code not in (201, 409):
            res.raise_for_status()
    return await _token(base, "bystander")


async def _open(url: str, token: str) -> websockets.ClientConnection:
    ws = await websockets.connect(url, max_queue=None, ping_interval=None, open_timeout=30)
    await ws.send(json.dumps({"type": "auth", "token": token}))
    ready = json.loads(await ws.recv())
    assert ready["type"] == "ready", ready
    return ws


async def run(
    write_base: str, listen_base: str, listen_pid: int, sockets: int, events: int, fan_out: bool
) -> Result:
    """``fan_out``: every socket is the writer's and hears every event; else one is, the rest idle."""
    token = await _token(write_base)
    other = token if fan_out else await _bystander(write_base, token)
    url = listen_base.replace("http", "ws", 1) + "/api/v1/ws"
    await asyncio.sleep(0.5)
    rss_before = rss_kb(listen_pid)
    conns = [await _open(url, token)]
    idle = []
    for start in range(1, sockets, 100):  # open in batches: the server accepts a burst, not 1,000 at once
        idle += await asyncio.gather(*(_open(url, other) for _ in range(start, min(sockets, start + 100))))
    if fan_out:
        conns, idle = conns + idle, []
    listeners = len(conns)
    await asyncio.sleep(1.0)
    rss_after = rss_kb(listen_pid)
    arrivals: dict[int, list[tuple[float, float]]] = {}
    expected: dict[int, asyncio.Event] = {}

    async def read(ws: websockets.ClientConnection) -> None:
        async for raw in ws:
            now = time.time()
            msg = json.loads(raw)
            if msg.get("event") != "time_entry.created":
                continue
            stamp = datetime.fromisoformat(msg["time"].replace("Z", "+00:00")).timestamp()
            key = msg["object"]["id"]
            got = arrivals.setdefault(key, [])
            got.append((now, stamp))
            if len(got) == listeners and key in expected:
                expected[key].set()

    readers = [asyncio.create_task(read(ws)) for ws in conns]
    commit_ms, request_ms, missing = [], [], 0
    async with httpx.AsyncClient(base_url=write_base, headers={"Authorization": f"Bearer {token}"}) as client:
        for n in range(events):
            body = {
                "start_time": f"2026-01-01T00:{n // 60 % 60:02d}:{n % 60:02d}Z",
                "end_time": "2026-01-02T00:00:00Z",
            }
            started = time.time()
            res = await client.post("/api/v1/time-entries", json=body)
            res.raise_for_status()
            key = res.json()["time_entry"]["id"]
            done = expected.setdefault(key, asyncio.Event())
            if len(arrivals.get(key, [])) >= listeners:
                done.set()
            try:
                await asyncio.wait_for(done.wait(), 10)
            except TimeoutError:
                pass
            got = arrivals.get(key, [])
            missing += listeners - len(got)
            commit_ms += [(arrived - stamp) * 1000 for arrived, stamp in got]
            request_ms += [(arrived - started) * 1000 for arrived, _ in got]
            await asyncio.sleep(0.01)
    for task in readers:
        task.cancel()
    await asyncio.gather(*(ws.close() for ws in conns + idle), return_exceptions=True)
    per_socket = (rss_after - rss_before) / sockets if sockets >= 100 and not fan_out else None
    return Result(sockets, listeners, events, commit_ms, request_ms, missing, per_socket)
