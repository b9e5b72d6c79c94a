"""The sync cursor: every change to a user's entries or settings is stamped in commit order.

Notes:
TimeTagger stamps a push with the wall clock when it starts and answers ``updates`` with the wall
clock too, so a poll made while a long push is still writing gets a later ``server_time`` than the
push's stamps and never sees those records. Here each write transaction first bumps the user's
``sync_state.last_st`` to max(now, last_st + STEP) with an UPDATE: on PostgreSQL that row stays
locked until commit, and SQLite runs one writer at a time (BEGIN IMMEDIATE), so a user's stamps
increase in commit order. ``updates`` reads ``last_st`` in the same snapshot as the records and
returns it as ``server_time``: every change committed later carries a larger stamp.
"""

from __future__ import annotations

import time

from sqlalchemy.orm import Session

from punchclock.hotread import Rows
from punchclock.sync import repository

# server_time for a user who has never written anything: below any real stamp (a wall-clock time).
NO_STAMP_YET = 1.0


def stamp(session: Session, user_id: int) -> float:
    """Take the user's next stamp (and the user's sync lock, until this transaction ends)."""
    return repository.bump_state(session, user_id, time.time())[0]


def stamp_with_reset(session: Session, user_id: int) -> tuple[float, float]:
    """Like stamp(), also returning the stamp of the user's last forcereset."""
    return repository.bump_state(session, user_id, time.time())


def read_state(session: Session, user_id: int) -> tuple[float, float]:
    """(last stamp, last reset) as this transaction's snapshot sees them."""
    return repository.read_state(session, user_id) or (NO_STAMP_YET, 0.0)


def peek_state(rows: Rows, user_id: int) -> tuple[float, float]:
    """(last stamp, last reset) as committed now: a hot read (Database.read_hot) of one statement."""
    return repository.peek_state(rows, user_id) or (NO_STAMP_YET, 0.0)
