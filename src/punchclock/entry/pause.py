"""Pausing and resuming the running timer (TimeTracker's ``timer/pause`` and ``timer/resume``).

Notes:
A pause sets ``paused_at``; resuming adds the paused time to ``break_seconds`` and clears it. The
break is never worked time: an entry's duration is its span less its break, in the API, reports,
exports, budgets and the TimeTagger view (which shows the entry starting that much later, see
sync.service.record). Stopping a paused timer ends it when it was paused. Each is one statement
that finds, checks and changes the running entry, so a pause racing a stop or another pause
changes the row at most once; when nothing changed, a second look says why.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from punchclock.approval import lock
from punchclock.auth.scopes import Principal
from punchclock.entry import repository
from punchclock.entry.views import row_dict
from punchclock.errors import BadRequest
from punchclock.event.service import emit
from punchclock.history import record as history
from punchclock.kit.timeutil import now_ts
from punchclock.sync.stamp import stamp


def pause_timer(session: Session, principal: Principal) -> dict[str, Any]:
    return _change(session, principal, repository.PAUSE, "Timer is already paused", "timer.paused")


def resume_timer(session: Session, principal: Principal) -> dict[str, Any]:
    return _change(session, principal, repository.RESUME, "Timer is not paused", "timer.resumed")


def _change(session: Session, principal: Principal, change: str, refused: str, event: str) -> dict[str, Any]:
    st = stamp(session, principal.user_id)
    now = now_ts()
    row = repository.change_running(session, change, principal.user_id, now, float(now), st)
    if row is None:
        if repository.running(session, principal.user_id) is None:
            raise BadRequest("No active timer", code="no_active_timer")
        raise BadRequest(refused, code="invalid_state")  # TimeTracker's code for both
    lock.check_running(session, principal.user_id, row[7])
    history.record(session, [row[0]], "update", principal)
    entry = row_dict(row)
    for name in ("time_entry.updated", event):
        emit(session, name, entry, user_id=principal.user_id, actor_id=principal.user_id, cursor=st)
    return entry
