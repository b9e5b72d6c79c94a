"""A SQLite backup taken while writes go on is one consistent moment, and the writes are not held up."""

from __future__ import annotations

import sqlite3
import tarfile
import threading
import time
from pathlib import Path

from punchclock.backup import service
from punchclock.db import Database
from punchclock.user import service as user_service
from tests.backup.conftest import deployment

BATCH = 5


def _write_batch(session, n: int) -> None:
    # Five rows in one transaction: a consistent copy holds all of a batch or none of it.
    for k in range(BATCH):
        user_service.create(session, f"b{n}x{k}", "password123", "member")


def test_a_backup_during_writes_is_consistent(tmp_path: Path, sqlite_template: Path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "punchclock.db").write_bytes(sqlite_template.read_bytes())
    settings = deployment(data, f"sqlite:///{data / 'punchclock.db'}")
    db = Database(settings.effective_database_url)
    for n in range(200):  # some bulk, so a copy takes a moment
        db.call(_write_batch, n)
    stop = threading.Event()
    written: list[float] = []
    errors: list[BaseException] = []

    def writer() -> None:
        n = 1000
        try:
            while not stop.is_set():
                db.call(_write_batch, n)
                written.append(time.monotonic())
                n += 1
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        copies = []
        for i in range(5):
            path, _ = service.create(settings, tmp_path / f"b{i}.tar")
            copies.append(path)
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(30)
        db.dispose()
    assert errors == []
    counts = []
    for path in copies:
        with tarfile.open(path) as tar:
            tar.extract("database.sqlite3", tmp_path / path.stem, filter="data")
        conn = sqlite3.connect(tmp_path / path.stem / "database.sqlite3")
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            rows = conn.execute("SELECT username FROM users").fetchall()
        finally:
            conn.close()
        batches: dict[str, int] = {}
        for (name,) in rows:
            batch = name.split("x")[0]
            batches[batch] = batches.get(batch, 0) + 1
        assert set(batches.values()) == {BATCH}, "a copy holds part of a transaction"
        counts.append(len(rows))
    assert counts == sorted(counts)
    assert counts[-1] > counts[0], "the writes went on while the copies were taken"
    assert len(written) > 5
