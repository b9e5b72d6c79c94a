"""One running timer per user is kept by the database, not only by a check in Python."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy.exc import IntegrityError

from punchclock.auth.scopes import ROLE_SCOPES, Principal
from punchclock.entry import repository
from punchclock.entry import service as entry_service
from punchclock.errors import Conflict
from punchclock.kit.timeutil import now_ts
from punchclock.models import TimeEntry
from punchclock.user import service as user_service
from tests.entry.helpers import count, running

THREADS = 16


def principal(user) -> Principal:
    return Principal(user.id, user.username, user.role, ROLE_SCOPES[user.role], kind="api")


def race(db, who: Principal) -> tuple[list[dict], list[BaseException]]:
    """THREADS threads start a timer for ``who`` at the same moment; returns successes and errors."""
    barrier = threading.Barrier(THREADS)
    started: list[dict] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def start(n: int) -> None:
        try:
            barrier.wait(timeout=30)
            result = db.call(entry_service.start_timer, who, {"notes": f"racer {n}"}, write=True)
        except BaseException as exc:
            with lock:
                errors.append(exc)
        else:
            with lock:
                started.append(result)

    threads = [threading.Thread(target=start, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads)
    return started, errors


def test_racing_starts_leave_exactly_one_timer(db):
    user = db.call(user_service.create, "racer", "password123", "member")
    started, errors = race(db, principal(user))
    assert len(started) == 1, errors
    assert len(errors) == THREADS - 1
    assert all(isinstance(e, Conflict) for e in errors), errors
    assert {e.code for e in errors} <= {"timer_already_running", "integrity_error"}
    assert running(db, user.id) == 1
    assert count(db) == 1


def test_the_index_alone_stops_racing_starts(db, monkeypatch):
    # Without the Python pre-check every racer reaches the INSERT: only the unique index can refuse.
    monkeypatch.setattr(repository, "running", lambda session, user_id: None)
    user = db.call(user_service.create, "racer", "password123", "member")
    started, errors = race(db, principal(user))
    assert len(started) == 1, errors
    assert all(isinstance(e, Conflict) for e in errors), errors
    assert {e.code for e in errors} == {"timer_already_running"}
    assert running(db, user.id) == 1


def test_different_users_do_not_block_each_other(db):
    users = [db.call(user_service.create, f"user{i}", "password123", "member") for i in range(3)]
    for user in users:
        db.call(entry_service.start_timer, principal(user), {})
    assert [running(db, u.id) for u in users] == [1, 1, 1]


def _row(user_id: int, start: int, end: int | None) -> TimeEntry:
    return TimeEntry(user_id=user_id, start_at=start, end_at=end, created_at=start, updated_at=start)


def test_a_second_running_row_violates_the_unique_index(db):
    user = db.call(user_service.create, "direct", "password123", "member")
    now = now_ts()
    session = db.session()
    try:
        session.add_all([_row(user.id, now - 7200, now - 3600), _row(user.id, now - 60, None)])
        session.commit()
        session.add(_row(user.id, now - 30, None))
        with pytest.raises(IntegrityError):
            session.flush()
        session.rollback()
    finally:
        session.close()
    assert running(db, user.id) == 1
    assert count(db) == 2


def test_finished_rows_do_not_count_as_running(db):
    user = db.call(user_service.create, "finished", "password123", "member")
    now = now_ts()
    with db.session() as session:
        session.add_all([_row(user.id, now - 3600 * (i + 1), now - 3600 * i) for i in range(1, 4)])
        session.add(_row(user.id, now - 60, None))
        session.commit()
    assert count(db) == 4
    assert running(db, user.id) == 1


def test_the_database_refuses_an_end_before_the_start(db):
    user = db.call(user_service.create, "backwards", "password123", "member")
    now = now_ts()
    with db.session() as session:
        session.add(_row(user.id, now, now - 1))
        with pytest.raises(IntegrityError):
            session.flush()
    assert count(db) == 0
