"""The period lock: no entry inside approved time, or before the workspace's lock date, changes.

Notes:
One rule, called by every path that writes entries (REST and the timer, the timesheet grid, the
TimeTagger sync push, imports; the CLI and the web app reach it through REST). It must run after
the owner's sync stamp in the same transaction: the stamp locks the owner's sync row and returns
its ``locked_before`` and ``closed_until`` (punchclock.sync.stamp.Fence), and approvals and the lock
date change those columns under the same row lock. So a write checked here and an approval are
serialised whichever comes first, on SQLite and PostgreSQL alike.

A span is locked when it starts before the lock date, or shares time with an approved or closed
period of its owner (an entry crossing a period's edge counts in that period, so it is locked
whole). Spans starting at or after ``closed_until`` are open without a query; only a write reaching
into closed time reads the periods, once per transaction. A running timer never starts before
``closed_until`` (submit, approve and the lock date refuse while one does), so stopping, pausing
and resuming it need no check beyond a comparison (``check_running``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from punchclock.approval import repository
from punchclock.errors import Conflict
from punchclock.kit.timeutil import now_ts
from punchclock.setting import server
from punchclock.sync import stamp

Span = tuple[int, int | None]  # (start, end); end None: running, up to now
_PERIODS = "pc_locked_periods"
LOCK_DATE_KEY = "workspace.lock_date"  # ISO date; written only by approval.lockdate


class Locked(Conflict):
    code = "period_locked"
    title = "Locked period"


def refusal(session: Session, user_id: int, *spans: Span | None) -> Locked | None:
    """Why writing these spans of ``user_id``'s entries is refused, or None when they are open.
    ``None`` spans (no old entry) are skipped."""
    gate = stamp.fence(session, user_id)
    if gate is None:  # a write path that skipped the stamp: a bug, found by the tests
        raise AssertionError(f"the lock was checked before user {user_id}'s sync stamp")
    wanted = [s for s in spans if s is not None]
    if all(start >= gate.closed_until for start, _ in wanted):
        return None
    now = now_ts()
    for start, end in wanted:
        if start < gate.locked_before:
            day = server.value(session, LOCK_DATE_KEY) or "the lock date"
            return Locked(f"Time before {day} is locked: nothing there changes", lock_date=day)
        hi = end if end is not None else max(now, start + 1)
        for period in _periods(session, user_id, gate.closed_until):
            if period.start_at < hi and start < period.end_at:
                return Locked(
                    f"{period.period_start}..{period.period_end} is {period.status}: nothing in it changes",
                    period=_brief(period),
                )
    return None


def check_open(session: Session, user_id: int, *spans: Span | None) -> None:
    """Raise Locked (409 period_locked) unless every span is open."""
    refused = refusal(session, user_id, *spans)
    if refused is not None:
        raise refused


def check_running(session: Session, user_id: int, started: int) -> None:
    """The net under the timer's one-statement changes: a running entry inside closed time would
    mean the invariant broke somewhere; refuse rather than change it."""
    gate = stamp.fence(session, user_id)
    if gate is not None and started < gate.closed_until:
        check_open(session, user_id, (started, None))


def _brief(period: Any) -> dict[str, Any]:
    return {
        "id": period.id,
        "period_start": period.period_start.isoformat(),
        "period_end": period.period_end.isoformat(),
        "status": period.status,
    }


def _periods(session: Session, user_id: int, closed_until: int) -> Sequence[Any]:
    # Read once per transaction and user: a sync push or an import asks for many spans. The
    # stamp's lock keeps them as read until commit (approvals take the same lock).
    cached = session.info.setdefault(_PERIODS, {})
    if user_id not in cached:
        cached[user_id] = repository.locked_spans(session, user_id, 0) if closed_until else []
    return cached[user_id]


def check_task_deletable(session: Session, task_id: int) -> None:
    """Deleting a task takes it off its entries (the foreign key sets NULL): refused while one of
    them lies in locked time. Archiving keeps the task and changes no entry."""
    if repository.entries_referencing_task_before(session, task_id):
        raise Locked(
            "Entries on this task lie in locked time, so it cannot be deleted; archive it instead",
            code="task_in_locked_period",
        )


@event.listens_for(Session, "after_transaction_end")
def _end(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        forget(session)


def forget(session: Session) -> None:
    """Drop this transaction's copy of the periods (an approval changed them)."""
    session.info.pop(_PERIODS, None)
