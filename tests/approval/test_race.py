"""An edit and an approval racing each other, on SQLite and PostgreSQL: whichever takes the owner's
sync lock first wins, and no change ever lands inside approved time after its approval.

Each test holds one side open inside its transaction (after it took the lock) while the other
starts, so the interleaving that matters always happens. The check at the end is the invariant
itself: no entry inside an approved period carries a sync stamp later than the approval's.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text

from punchclock.approval import service as approval_service
from punchclock.auth.scopes import ROLE_SCOPES, Principal
from punchclock.db import Database
from punchclock.entry import service as entry_service
from punchclock.errors import AppError
from punchclock.sync import service as sync_service
from punchclock.sync import stamp
from punchclock.user import service as user_service
from tests.approval.helpers import OLD_MONDAY, at

TUESDAY = OLD_MONDAY + timedelta(days=1)


def principal(user: Any) -> Principal:
    return Principal(user.id, user.username, user.role, ROLE_SCOPES[user.role], "api")


def submitted(db: Database, member: Principal) -> int:
    period = db.call(approval_service.create, member, OLD_MONDAY, None)
    db.call(approval_service.submit, member, period["id"])
    return int(period["id"])


def late_changes(db: Database) -> int:
    """Entries inside an approved period stamped after its approval: must be 0."""
    sql = (
        "SELECT count(*) FROM time_entries e JOIN timesheet_periods p ON p.user_id = e.user_id "
        "WHERE p.status IN ('approved', 'closed') AND e.start_at < p.end_at "
        "AND COALESCE(e.end_at, e.start_at + 1) > p.start_at AND e.st > p.approved_st"
    )
    with db.engine.connect() as conn:
        return int(conn.execute(text(sql)).scalar_one())


def held(monkeypatch: pytest.MonkeyPatch, target: Any, name: str) -> tuple[threading.Event, threading.Event]:
    """Make ``target.name`` pause after it ran (inside its transaction): (entered, release)."""
    entered, release = threading.Event(), threading.Event()
    original = getattr(target, name)

    def paused(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        if not entered.is_set():
            entered.set()
            assert release.wait(20), "never released"
        return result

    monkeypatch.setattr(target, name, paused)
    return entered, release


def in_thread(fn: Callable[[], Any]) -> tuple[threading.Thread, list[Any]]:
    out: list[Any] = []

    def run() -> None:
        try:
            out.append(fn())
        except AppError as exc:
            out.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, out


@pytest.fixture
def team(db: Database) -> tuple[Principal, Principal]:
    member = principal(db.call(user_service.create, "racer", "password123", "member"))
    boss = principal(db.call(user_service.create, "boss", "password123", "manager"))
    return member, boss


def test_an_edit_holding_the_lock_is_part_of_what_gets_approved(db, team, monkeypatch) -> None:
    member, boss = team
    pid = submitted(db, member)
    entered, release = held(monkeypatch, entry_service, "_insert")
    body = {"start_time": at(TUESDAY, 9), "end_time": at(TUESDAY, 10), "notes": "in time"}
    writer, wrote = in_thread(lambda: db.call(entry_service.create, member, body))
    assert entered.wait(20)
    approver, approved = in_thread(lambda: db.call(approval_service.approve, boss, pid, None))
    time.sleep(0.5)
    assert approver.is_alive(), "the approval did not wait for the edit's lock"
    release.set()
    writer.join(20)
    approver.join(20)
    assert isinstance(wrote[0], dict)
    assert approved[0]["status"] == "approved"
    assert late_changes(db) == 0


def test_an_edit_waiting_behind_an_approval_is_refused(db, team, monkeypatch) -> None:
    member, boss = team
    pid = submitted(db, member)
    entered, release = held(monkeypatch, stamp, "set_fences")
    approver, approved = in_thread(lambda: db.call(approval_service.approve, boss, pid, None))
    assert entered.wait(20)
    body = {"start_time": at(TUESDAY, 9), "end_time": at(TUESDAY, 10), "notes": "too late"}
    writer, wrote = in_thread(lambda: db.call(entry_service.create, member, body))
    time.sleep(0.5)
    assert writer.is_alive(), "the edit did not wait for the approval's lock"
    release.set()
    approver.join(20)
    writer.join(20)
    assert approved[0]["status"] == "approved"
    assert isinstance(wrote[0], AppError)
    assert wrote[0].code == "period_locked"
    assert late_changes(db) == 0


def test_a_sync_push_waiting_behind_an_approval_is_refused_alone(db, team, monkeypatch) -> None:
    member, boss = team
    pid = submitted(db, member)
    entered, release = held(monkeypatch, stamp, "set_fences")
    approver, _ = in_thread(lambda: db.call(approval_service.approve, boss, pid, None))
    assert entered.wait(20)
    t = int(datetime(TUESDAY.year, TUESDAY.month, TUESDAY.day, 9, tzinfo=UTC).timestamp())
    later = t + 14 * 86400
    items = [
        {"key": "locked1", "t1": t, "t2": t + 600, "ds": "late", "mt": time.time(), "st": 0},
        {"key": "open1", "t1": later, "t2": later + 600, "ds": "fine", "mt": time.time(), "st": 0},
    ]
    pusher, pushed = in_thread(lambda: db.call(sync_service.push_records, member.user_id, items))
    time.sleep(0.5)
    assert pusher.is_alive()
    release.set()
    approver.join(20)
    pusher.join(20)
    assert pushed[0]["accepted"] == ["open1"]
    assert pushed[0]["failed"] == ["locked1"]
    assert late_changes(db) == 0


def test_many_writers_during_a_bulk_approval(db: Database) -> None:
    members = [principal(db.call(user_service.create, f"m{i}", "password123", "member")) for i in range(6)]
    boss = principal(db.call(user_service.create, "boss", "password123", "manager"))
    ids = [submitted(db, m) for m in members]
    stop = threading.Event()
    refused: list[str] = []

    def write(member: Principal) -> None:
        n = 0
        while not stop.is_set():
            n += 1
            minute = n % 50
            body = {
                "start_time": at(TUESDAY, 9, minute),
                "end_time": at(TUESDAY, 9, minute + 1),
                "notes": f"{n}",
            }
            try:
                db.call(entry_service.create, member, body)
            except AppError as exc:
                refused.append(exc.code)
                return

    threads = [threading.Thread(target=write, args=(m,)) for m in members]
    for thread in threads:
        thread.start()
    time.sleep(0.3)
    results = db.call(approval_service.bulk_approve, boss, list(reversed(ids)), "payroll")
    time.sleep(0.3)
    stop.set()
    for thread in threads:
        thread.join(20)
    assert all(r["success"] for r in results), results
    assert set(refused) <= {"period_locked"}
    assert late_changes(db) == 0


def test_two_bulk_approvals_in_opposite_orders_do_not_deadlock(db: Database) -> None:
    members = [principal(db.call(user_service.create, f"m{i}", "password123", "member")) for i in range(5)]
    a = principal(db.call(user_service.create, "lead_a", "password123", "manager"))
    b = principal(db.call(user_service.create, "lead_b", "password123", "admin"))
    ids = [submitted(db, m) for m in members]
    one, first = in_thread(lambda: db.call(approval_service.bulk_approve, a, ids, None))
    two, second = in_thread(lambda: db.call(approval_service.bulk_approve, b, list(reversed(ids)), None))
    one.join(30)
    two.join(30)
    assert not one.is_alive()
    assert not two.is_alive()
    done = [r for r in first[0] + second[0] if r["success"]]
    assert sorted(r["period_id"] for r in done) == sorted(ids)
