"""emit(): record an event in the writing transaction.

Notes:
The event is kept on the session and handed to the event sink (WebSocket hub, Redis) only after the
transaction commits (punchclock.db), so a rolled-back change is never announced. Webhook deliveries
are different: they are rows in the same transaction (the outbox), so a change and its deliveries
are committed together and a crash right after the commit loses none of them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from punchclock.db import EVENTS
from punchclock.event.schemas import AUTH_REVOKED, Batch, Event
from punchclock.webhook import service as webhook_service

QUIET = "pc_quiet_events"


def quiet(session: Session) -> None:
    """Emit nothing from this transaction (a bulk import announces itself once, at its end)."""
    session.info[QUIET] = True


def _batch(session: Session) -> Batch:
    batch = session.info.get(EVENTS)
    if batch is None:
        batch = session.info[EVENTS] = Batch()
    return batch


def emit(
    session: Session,
    name: str,
    obj: dict[str, Any],
    *,
    user_id: int | None,
    actor_id: int | None,
    cursor: float | None = None,
    project_id: int | None = None,
    webhook: bool = True,
) -> Event:
    """``project_id``: the private project a shared event is about (see ``Event.project_id``);
    ``webhook``: False keeps it from webhooks (the sockets hear it still)."""
    event = Event(name, user_id, actor_id, obj, cursor, project_id=project_id)
    if session.info.get(QUIET):
        return event
    batch = _batch(session)
    batch.events.append(event)
    if webhook and webhook_service.enqueue(session, event):
        batch.outbox = True
    return event


def revoked(session: Session, user_id: int | None, resync: bool = False) -> None:
    """After commit, every instance re-checks this user's sockets (None: every socket) and closes
    those now refused; ``resync``: the rest reload what they show (which projects they see changed)."""
    _batch(session).events.append(Event(AUTH_REVOKED, user_id, None, {"resync": True} if resync else {}))
