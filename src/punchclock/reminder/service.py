"""Reminders, the user's side: their settings and their notifications list.

Notes:
Everything here is one's own: there is no route to another user's reminders or settings, and a
notification of someone else answers 404 as a missing one does. Reminders are made by the
background jobs (punchclock.reminder.scan) and delivered by them (punchclock.reminder.deliver).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from punchclock.errors import NotFound, ValidationFailed
from punchclock.kit.timeutil import now_ts
from punchclock.models import ReminderSetting
from punchclock.reminder import repository
from punchclock.reminder.deliver import shown

FIELDS = (
    "long_timer_hours", "nothing_by_minute", "period_days", "absence_hours",
    "by_app", "by_email", "by_webhook", "quiet_from", "quiet_to",
)  # fmt: skip
DEFAULTS: dict[str, Any] = dict.fromkeys(FIELDS) | {
    "by_app": True,
    "by_email": False,
    "by_webhook": False,
}
LIST_LIMIT = 100


def settings_of(session: Session, user_id: int) -> dict[str, Any]:
    row = repository.settings_of(session, user_id)
    return {f: getattr(row, f) for f in FIELDS} if row is not None else dict(DEFAULTS)


def put_settings(session: Session, user_id: int, changes: dict[str, Any]) -> dict[str, Any]:
    """Change the given fields (null turns a reminder off; the channels cannot be null)."""
    merged = settings_of(session, user_id) | changes
    for channel in ("by_app", "by_email", "by_webhook"):
        if merged[channel] is None:
            raise ValidationFailed(f"{channel}: must be true or false", field=channel)
    if (merged["quiet_from"] is None) != (merged["quiet_to"] is None):
        raise ValidationFailed("quiet_from and quiet_to: give both, or neither", field="quiet_from")
    row = repository.settings_of(session, user_id)
    if row is None:
        row = ReminderSetting(user_id=user_id, updated_at=now_ts())
        repository.add_settings(session, row)
    for f in FIELDS:
        setattr(row, f, merged[f])
    row.updated_at = now_ts()
    session.flush()
    return {f: merged[f] for f in FIELDS}


def notifications(session: Session, user_id: int, unread: bool) -> dict[str, Any]:
    rows = repository.listing(session, user_id, unread, LIST_LIMIT)
    return {"items": [shown(n) for n in rows], "unread": repository.unread_count(session, user_id)}


def unread_count(session: Session, user_id: int) -> int:
    return repository.unread_count(session, user_id)


def mark_read(session: Session, user_id: int, notification_id: int | None) -> dict[str, Any]:
    """Mark one notification (None: all) read; someone else's answers 404, as a missing one."""
    if notification_id is not None:
        row = repository.get(session, notification_id)
        if row is None or row.user_id != user_id:
            raise NotFound("Notification not found")
    marked = repository.mark_read(session, user_id, now_ts(), notification_id)
    return {"marked": marked, "unread": repository.unread_count(session, user_id)}
