"""The lost-update race: a device polling while another pushes must see every record on its next poll.

TimeTagger 26.1.3 stamps a push with the wall clock when it starts and answers a poll with the wall
clock, so a poll made during a long push skips all of it. Here one thread pushes through the real
service (one transaction) while another polls ``updates`` with its own session. The pause variant
holds the push open until a poll has happened inside it, so the interleaving that loses records
always occurs; the last test swaps in TimeTagger's wall-clock stamping and shows the check fails.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import orjson
import pytest

from punchclock.db import Database
from punchclock.sync import feed, repository, service
from punchclock.user import service as user_service
from tests.sync.helpers import T0

PUSHED = 3000


def poll(db: Database, user_id: int, since: float) -> tuple[float, set[str]]:
    """One ``updates`` answer, read the way the endpoint reads it; returns (server_time, keys)."""
    session = db.session(write=False)
    try:
        head = feed.start(session, user_id, since)
        if head.nothing_new:
            return head.server_time, set()
        body = orjson.loads(b"".join(feed.chunks(session, head)))
    finally:
        session.close()
    return body["server_time"], {r["key"] for r in body["records"]}


def records(prefix: str, n: int) -> list[dict[str, Any]]:
    return [
        {"key": f"{prefix}{i:05d}", "t1": T0 + 60 * i, "t2": T0 + 60 * i + 30, "mt": 1, "ds": "x"}
        for i in range(n)
    ]


def race(db: Database, monkeypatch: pytest.MonkeyPatch, pause: bool) -> tuple[set[str], set[str], int]:
    """Push PUSHED records while polling; returns (pushed keys, keys the poller saw, polls made)."""
    user = db.call(user_service.create, "racer", "password123", "member")
    since, _ = poll(db, user.id, 0.0)
    pushing, polled_inside, done = threading.Event(), threading.Event(), threading.Event()
    if pause:
        insert = repository.insert_entries

        def held_insert(session: Any, rows: list[dict[str, Any]]) -> None:
            insert(session, rows)  # written, stamped, not yet committed
            pushing.set()
            assert polled_inside.wait(20), "the poller did not poll during the push"

        monkeypatch.setattr(repository, "insert_entries", held_insert)
    batch = records("p", PUSHED)
    errors: list[BaseException] = []

    def push() -> None:
        try:
            db.call(service.push_records, user.id, batch)
        except BaseException as exc:
            errors.append(exc)
        finally:
            pushing.set()
            done.set()

    seen: set[str] = set()
    polls = 0
    pusher = threading.Thread(target=push)
    pusher.start()
    while not done.is_set():
        since, keys = poll(db, user.id, since)
        seen |= keys
        polls += 1
        if pushing.is_set():
            polled_inside.set()
        time.sleep(0.001)
    pusher.join(30)
    assert not errors, errors
    _, keys = poll(db, user.id, since)  # the one poll after the push committed
    return {r["key"] for r in batch}, seen | keys, polls + 1


@pytest.mark.parametrize("pause", [True, False], ids=["poll-inside-push", "free-running"])
def test_a_poller_sees_every_record_of_a_concurrent_push(db, monkeypatch, pause):
    pushed, seen, polls = race(db, monkeypatch, pause)
    assert polls >= 2
    missing = pushed - seen
    assert not missing, f"{len(missing)} of {len(pushed)} pushed records never reached the poller"


def test_the_race_test_catches_wall_clock_stamps(db, monkeypatch):
    # TimeTagger's scheme: stamp = the clock when the push starts; server_time = the clock at the poll.
    # (The real stamp still runs first: it takes the sync lock and reads the period lock's input.)
    real = service.stamp_with_reset
    monkeypatch.setattr(
        service, "stamp_with_reset", lambda session, user_id: (real(session, user_id), (time.time(), 0.0))[1]
    )
    monkeypatch.setattr(feed, "read_state", lambda session, user_id: (time.time(), 0.0))
    pushed, seen, _ = race(db, monkeypatch, pause=True)
    assert pushed - seen == pushed  # every one lost: the check above would fail


def test_concurrent_writers_commit_in_stamp_order(db):
    """Several devices push at once while one polls: stamps follow commit order across writers."""
    user = db.call(user_service.create, "busy", "password123", "member")
    since, _ = poll(db, user.id, 0.0)
    writers, rounds, per_push = 4, 15, 20
    done = threading.Event()
    errors: list[BaseException] = []

    def device(n: int) -> None:
        try:
            for r in range(rounds):
                db.call(service.push_records, user.id, records(f"d{n}r{r}-", per_push))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=device, args=(n,)) for n in range(writers)]
    for t in threads:
        t.start()
    seen: set[str] = set()
    while any(t.is_alive() for t in threads):
        since, keys = poll(db, user.id, since)
        seen |= keys
        # Let the writers' threads have the GIL: a poller spinning without a pause starves the
        # writer that holds SQLite's lock, and the others then time out waiting for it.
        time.sleep(0.002)
    for t in threads:
        t.join(30)
    done.set()
    assert not errors, errors
    _, keys = poll(db, user.id, since)
    seen |= keys
    assert len(seen) == writers * rounds * per_push
