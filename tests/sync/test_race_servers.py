"""The lost-update race across two server processes on one database (SQLite file or PostgreSQL).

One device pushes a large batch to the first server while another polls the second; after the push
one more poll. Nothing here pauses anything: the push takes long enough that polls land inside it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import orjson
import pytest

from tests.cli.test_serve import free_port, server
from tests.fresh_db import empty_database
from tests.sync.helpers import ROOT, T0, bootstrap_body

pytestmark = pytest.mark.slow

PUSHED = 3000
PASSWORD = "race-admin-pw"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with empty_database(request.param, tmp_path / "shared.db", "pc_race") as url:
        yield url


def test_a_poller_on_another_server_sees_every_pushed_record(tmp_path, database_url):
    env = {
        "PUNCHCLOCK_DATABASE_URL": database_url,
        "PUNCHCLOCK_SECRET_KEY": "race-secret-" + "s" * 32,
        "PUNCHCLOCK_ADMIN_PASSWORD": PASSWORD,
        "PUNCHCLOCK_ACCESS_LOG": "false",
        "PUNCHCLOCK_RATE_LIMIT_PER_MINUTE": "100000",
        "PUNCHCLOCK_RATE_LIMIT_PER_HOUR": "1000000",
    }
    dirs = [tmp_path / "a", tmp_path / "b"]
    for d in dirs:
        d.mkdir()
    port_a, port_b = free_port(), free_port()
    with (
        server(["--port", str(port_a), "--data-dir", str(dirs[0])], dirs[0], port_a, env) as base_a,
        server(["--port", str(port_b), "--data-dir", str(dirs[1])], dirs[1], port_b, env) as base_b,
    ):
        res = httpx.post(
            f"{base_a}{ROOT}/bootstrap_authentication",
            content=bootstrap_body(username="admin", password=PASSWORD),
        )
        assert res.status_code == 200, res.text
        headers = {"authtoken": res.json()["token"]}
        batch = [
            {"key": f"r{i:05d}", "t1": T0 + 60 * i, "t2": T0 + 60 * i + 30, "mt": 1, "ds": "#race"}
            for i in range(PUSHED)
        ]
        done = threading.Event()
        answers: list[httpx.Response] = []

        def push() -> None:
            try:
                answers.append(
                    httpx.put(
                        f"{base_a}{ROOT}/records", content=orjson.dumps(batch), headers=headers, timeout=60
                    )
                )
            finally:
                done.set()

        with httpx.Client(base_url=base_b, headers=headers, timeout=30) as poller:

            def poll(since: float) -> tuple[float, set[str]]:
                got = poller.get(f"{ROOT}/updates", params={"since": repr(since)})
                assert got.status_code == 200, got.text
                body = got.json()
                return body["server_time"], {r["key"] for r in body["records"]}

            since, _ = poll(0.0)
            seen: set[str] = set()
            polls = 0
            pusher = threading.Thread(target=push)
            pusher.start()
            while not done.is_set():
                since, keys = poll(since)
                seen |= keys
                polls += 1
            pusher.join(60)
            _, keys = poll(since)
            seen |= keys
        assert answers, "the push did not answer"
        assert answers[0].status_code == 200, answers[0].text
        assert answers[0].json()["failed"] == []
        assert polls >= 2, "no poll happened while the push ran"
        missing = {r["key"] for r in batch} - seen
        assert not missing, f"{len(missing)} of {PUSHED} records never reached the other server's poller"
