"""What metrics cost a request: the same app with and without PUNCHCLOCK_METRICS_TOKEN, interleaved.

Both apps answer GET /api/v1/timer/status (the cheapest authenticated request, so the hook's share is
largest) in this process, through the ASGI interface with no network; rounds alternate A/B so a
noisy machine slows both alike. Prints the median CPU time per request of each and the ratio (aim:
metrics add < 3 %). Run: `.venv/bin/python -m bench.metricsbench`.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from punchclock.app import create_app
from punchclock.config import Settings
from punchclock.db import Database
from punchclock.token import service as token_service
from punchclock.user import service as user_service


async def measure(app: object, headers: dict[str, str], n: int) -> float:
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        started = time.process_time()
        for _ in range(n):
            res = await client.get("/api/v1/timer/status", headers=headers)
            assert res.status_code == 200
        return (time.process_time() - started) / n


async def run(rounds: int, per_round: int) -> None:
    folder = Path(tempfile.mkdtemp())
    base = Settings(
        data_dir=folder, secret_key="m" * 40, access_log=True, rate_limit_per_minute=10**8,
        rate_limit_per_hour=10**8,
    )  # fmt: skip
    db = Database(base.effective_database_url)
    db.migrate()
    user = db.call(user_service.create, "bench", "password123", "admin")
    _, raw = db.call(token_service.create, user, "b", "admin:all", "", None)
    headers = {"Authorization": f"Bearer {raw}"}
    import logging

    logging.getLogger("punchclock.access").setLevel(logging.WARNING)  # the log line, not its I/O
    plain = create_app(base, database=db)
    counted = create_app(base.model_copy(update={"metrics_token": "t" * 32}), database=db)
    off: list[float] = []
    on: list[float] = []
    await measure(plain, headers, per_round)
    await measure(counted, headers, per_round)
    for _ in range(rounds):
        off.append(await measure(plain, headers, per_round))
        on.append(await measure(counted, headers, per_round))
    a, b = statistics.median(off), statistics.median(on)
    print(
        f"without metrics {a * 1e6:.1f} us/request, with {b * 1e6:.1f} us/request: {100 * (b / a - 1):+.2f} %"
    )
    db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--per-round", type=int, default=400)
    args = parser.parse_args()
    asyncio.run(run(args.rounds, args.per_round))


if __name__ == "__main__":
    main()
