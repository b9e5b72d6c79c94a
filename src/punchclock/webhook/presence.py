"""Whether a database has no active webhook: remembered for a moment, so that writes skip the lookup.

Notes:
Every write transaction asks which hooks hear its events (service.enqueue). Most deployments have
none, and on PostgreSQL that question was a round trip of its own on every write: a fifth of a
timer start. So when the lookup finds no active hook, the answer "none" is kept for
``QUIET_SECONDS`` per database (per connection pool) and the writes in that time do not ask.
Only that answer is kept: as soon as a hook exists, every transaction reads the hooks itself, so
an owner's demotion or a disabled hook counts at once, as before. A hook created or switched on
through this process clears the answer when its transaction commits; one made through another
instance, or whose disabled owner is enabled again, hears events from at most ``QUIET_SECONDS``
later. Keeping "none" a moment too long can only leave a delivery out, never send one to a hook
that should not hear it.
"""

from __future__ import annotations

import threading
import time
import weakref
from typing import Any

from sqlalchemy.orm import Session

from punchclock.db import after_commit

QUIET_SECONDS = 1.0


class _Quiet:
    """When each database was last seen without an active hook (per pool), and a change count that
    keeps a lookup which raced with a change from recording a stale "none"."""

    def __init__(self) -> None:
        self.since: weakref.WeakKeyDictionary[Any, float] = weakref.WeakKeyDictionary()
        self.changes = 0
        self.lock = threading.Lock()


_quiet = _Quiet()


def _pool(session: Session) -> Any:
    return session.get_bind().engine.pool


def known_none(session: Session) -> bool:
    """True when the database was seen without an active hook less than QUIET_SECONDS ago."""
    seen = _quiet.since.get(_pool(session))
    return seen is not None and time.monotonic() - seen < QUIET_SECONDS


def lookup_started() -> int:
    """Call before reading the hooks; hand the result to ``found_none`` if none is found."""
    return _quiet.changes


def found_none(session: Session, started: int) -> None:
    now = time.monotonic()
    with _quiet.lock:
        if _quiet.changes == started:  # no hook was switched on here since the lookup began
            _quiet.since[_pool(session)] = now


def hook_switched_on(session: Session) -> None:
    """A hook was created or (re)activated in this transaction: forget "none" once it commits."""
    pool = _pool(session)

    def forget() -> None:
        with _quiet.lock:
            _quiet.changes += 1
            _quiet.since.pop(pool, None)

    after_commit(session, forget)
