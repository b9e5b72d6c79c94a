"""The sync cursor: every change to a user's entries or settings is stamped in commit order.

Notes:
TimeTagger stamps a push with the wall clock when it starts and answers ``updates`` with the wall
clock too, so a poll made while a long push is still writing gets a later ``server_time`` than the
push's stamps and never sees those records. Here each write transaction first bumps the user's
``sync_state.last_st`` to max(now, last_st + STEP) with an UPDATE: on PostgreSQL that row stays
locked until commit, and SQLite runs one writer at a time (BEGIN IMMEDIATE), so a user's stamps
increase in commit order. ``updates`` reads ``last_st`` in the same snapshot as the records and
returns it as ``server_time``: every change committed later carries a larger stamp.

The same bump returns the write gate's input (the lock date and the end of the user's closed
time, punchclock.approval.lock). It is kept in ``session.info`` under FENCE for the rest of the
transaction: what the lock rule checks is what the row said while this transaction holds its
lock, so no approval can commit between the check and the write.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from punchclock.hotread import Rows
from punchclock.sync import repository

# server_time for a user who has never written anything: below any real stamp (a wall-clock time).
NO_STAMP_YET = 1.0
FENCE = "pc_fence"


class Fence(NamedTuple):
    """A user's write gate as their sync row says while this transaction holds its lock."""

    locked_before: int  # the workspace's lock date, as this user's instant (0: none)
    closed_until: int  # max(locked_before, end of the user's last approved or closed period)
    overlap_rule: int  # 0 allow, 1 warn, 2 forbid


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction: SessionTransaction) -> None:
    # The locks the fences were read under end with the transaction: so do the fences. A savepoint
    # ending keeps them (the stamps are taken outside savepoints, whose locks outlive them).
    if transaction.parent is None:
        session.info.pop(FENCE, None)


def _bump(session: Session, user_id: int) -> Any:
    row = repository.bump_state(session, user_id, time.time())
    session.info.setdefault(FENCE, {})[user_id] = Fence(row[2], row[3], row[4])
    return row


def stamp(session: Session, user_id: int) -> float:
    """Take the user's next stamp (and the user's sync lock, until this transaction ends)."""
    return float(_bump(session, user_id)[0])


def stamp_with_reset(session: Session, user_id: int) -> tuple[float, float]:
    """Like stamp(), also returning the stamp of the user's last forcereset."""
    row = _bump(session, user_id)
    return float(row[0]), float(row[1])


def fence(session: Session, user_id: int) -> Fence | None:
    """The user's gate as read by this transaction's stamp (None: no stamp taken for the user)."""
    return session.info.get(FENCE, {}).get(user_id)


def read_fence(session: Session, user_id: int) -> Fence | None:
    """The user's gate as this transaction's snapshot sees it, without taking the lock (for display)."""
    row = repository.read_fence(session, user_id)
    return Fence(row[0], row[1], row[2]) if row else None


def ensure(session: Session, user_id: int) -> None:
    """Make the user's sync row if missing, and lock it, without taking a stamp (a new user's
    first poll still answers "nothing yet")."""
    repository.hold_states(session, [user_id])


def hold(session: Session, user_ids: Sequence[int]) -> dict[int, float]:
    """Take several users' sync locks in user_id order, and a stamp of each."""
    ordered = sorted(set(user_ids))
    if not ordered:
        return {}
    repository.hold_states(session, ordered)
    held = session.info.setdefault(FENCE, {})
    stamps = {}
    for row in repository.bump_states(session, ordered, time.time()):
        held[row[0]] = Fence(row[3], row[4], row[5])
        stamps[row[0]] = float(row[1])
    return stamps


def set_fences(session: Session, values: Sequence[dict[str, Any]]) -> None:
    """Move users' gates (``uid`` plus ``locked_before`` and/or ``closed_until``); the caller holds
    their locks. This transaction's own view follows."""
    repository.set_fences(session, values)
    held = session.info.setdefault(FENCE, {})
    for value in values:
        old = held.get(value["uid"])
        if old is not None:
            held[value["uid"]] = old._replace(**{k: v for k, v in value.items() if k != "uid"})


def read_state(session: Session, user_id: int) -> tuple[float, float]:
    """(last stamp, last reset) as this transaction's snapshot sees them."""
    return _shown(repository.read_state(session, user_id))


def peek_state(rows: Rows, user_id: int) -> tuple[float, float]:
    """(last stamp, last reset) as committed now: a hot read (Database.read_hot) of one statement."""
    return _shown(repository.peek_state(rows, user_id))


def _shown(state: tuple[float, float] | None) -> tuple[float, float]:
    # A row made before its user's first write (user creation, migration 0018) holds 0.
    if state is None:
        return NO_STAMP_YET, 0.0
    return max(state[0], NO_STAMP_YET), state[1]
