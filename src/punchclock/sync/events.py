"""Events for what a sync push changed, in the same shapes as the REST API's.

Notes:
A TimeTagger client pushes a few records at a time, so each changed entry becomes its own
``time_entry.*`` event (a tombstone pushed live again is ``time_entry.restored``, as a REST
restore; plus ``timer.started``/``timer.stopped`` when the running one changes). A
push that changes more than BULK_LIMIT entries (a first sync, an import) becomes one
``time_entry.bulk`` event instead: receivers refetch rather than take thousands of messages.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from punchclock.entry import views
from punchclock.event.service import emit
from punchclock.sync.merge import Entry

BULK_LIMIT = 100


def announce(
    session: Session, user_id: int, changed: list[Entry], was_running: str | None, st: float
) -> None:
    changed = [e for e in changed if e.changed or e.id is None]
    if not changed:
        return
    if len(changed) > BULK_LIMIT:
        emit(
            session, "time_entry.bulk", {"count": len(changed)}, user_id=user_id, actor_id=user_id, cursor=st
        )
        return
    live = views.live_dicts_by_keys(session, user_id, [e.sync_key for e in changed])
    for entry in changed:
        obj = live.get(entry.sync_key)
        if obj is None:
            if entry.id is not None:  # a live entry that became a tombstone
                emit(
                    session,
                    "time_entry.deleted",
                    {"id": entry.id},
                    user_id=user_id,
                    actor_id=user_id,
                    cursor=st,
                )
            continue
        name = (
            "time_entry.created"
            if entry.id is None
            else "time_entry.restored"
            if entry.restored
            else "time_entry.updated"
        )
        emit(session, name, obj, user_id=user_id, actor_id=user_id, cursor=st)
        if obj["is_active"] and entry.sync_key != was_running:
            emit(session, "timer.started", obj, user_id=user_id, actor_id=user_id, cursor=st)
        elif not obj["is_active"] and entry.sync_key == was_running:
            emit(session, "timer.stopped", obj, user_id=user_id, actor_id=user_id, cursor=st)


def announce_settings(session: Session, user_id: int, keys: list[str], st: float) -> None:
    if keys:
        emit(
            session, "settings.updated", {"keys": sorted(keys)}, user_id=user_id, actor_id=user_id, cursor=st
        )
