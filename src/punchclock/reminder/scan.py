"""Finding due reminders and making them, once each, however many instances scan at once.

Notes:
A kind is a row of ``KINDS``: the settings column that turns it on, a finder that names who is due
and under which key, and its text. A key names the occasion (the running entry and its threshold,
the local date, the period's first day), and ``(user_id, kind, key)`` is unique in the database:
``INSERT … ON CONFLICT DO NOTHING`` makes each reminder once, whichever instance scans first, and a
scan that runs again (every minute) finds the same keys and makes nothing. The job lease
(punchclock.jobs) only saves the other instances the work.
Quiet hours move ``deliver_after`` to their end (in the user's zone): push, webhook and mail wait
for it (punchclock.reminder.deliver), the in-app list shows the reminder at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from sqlalchemy.orm import Session

from punchclock.absence import service as absence_service
from punchclock.approval import service as approval_service
from punchclock.kit.periods import midnight
from punchclock.kit.timeutil import get_zone, now_ts
from punchclock.models import ReminderSetting
from punchclock.reminder import repository, texts
from punchclock.team import service as team_service
from punchclock.user import service as user_service
from punchclock.worktime.targets import day_targets


@dataclass(frozen=True, slots=True)
class Opted:
    """A user with at least one reminder on."""

    user_id: int
    settings: ReminderSetting
    zone: tzinfo


@dataclass(frozen=True, slots=True)
class Due:
    user_id: int
    key: str
    facts: dict[str, Any]  # what the text says


@dataclass(frozen=True, slots=True)
class Kind:
    name: str
    threshold: str  # the reminder_settings column that turns it on (NULL: off)
    find: Callable[[Session, int, list[Opted]], list[Due]]
    text: Callable[[dict[str, Any]], tuple[str, str, str]]  # title, body, link


def _local(ts: int, zone: tzinfo) -> datetime:
    return datetime.fromtimestamp(ts, zone)


def _long_timer(session: Session, now: int, users: list[Opted]) -> list[Due]:
    """A timer running for ``long_timer_hours`` or more (paused time counts: the timer is still on)."""
    opted = {o.user_id: o for o in users}
    out = []
    for user_id, entry_id, start_at in repository.running_timers(session, opted):
        o = opted[user_id]
        hours = o.settings.long_timer_hours
        assert hours is not None
        if now - start_at >= hours * 3600:
            started = _local(start_at, o.zone).strftime("%Y-%m-%d %H:%M")
            out.append(Due(user_id, f"{entry_id}:{hours}", {"hours": hours, "started": started}))
    return out


def _nothing_tracked(session: Session, now: int, users: list[Opted]) -> list[Due]:
    """A working day (target above 0, no whole holiday) with nothing tracked by ``nothing_by_minute``."""
    by_day: dict[date, list[Opted]] = {}
    for o in users:
        local = _local(now, o.zone)
        minute = o.settings.nothing_by_minute
        assert minute is not None
        if local.hour * 60 + local.minute >= minute:
            by_day.setdefault(local.date(), []).append(o)
    out = []
    for day, group in by_day.items():
        targets = day_targets(session, [o.user_id for o in group], day, day)
        for o in group:
            target = targets[o.user_id][day]
            if target.seconds <= 0 or (target.holiday is not None and not target.holiday.half):
                continue
            start, end = midnight(day, o.zone), midnight(day + timedelta(days=1), o.zone)
            if not repository.tracked_between(session, o.user_id, start, end):
                out.append(Due(o.user_id, day.isoformat(), {"day": day.isoformat()}))
    return out


def _period_unsubmitted(session: Session, now: int, users: list[Opted]) -> list[Due]:
    """A period ended ``period_days`` days ago or more and not submitted (approval's rule)."""
    wait = {o.user_id: o.settings.period_days or 0 for o in users}
    return [
        Due(user_id, first.isoformat(), {"start": first.isoformat(), "end": last.isoformat()})
        for user_id, first, last in approval_service.unsubmitted(session, wait, now)
    ]


def _absence_pending(session: Session, now: int, users: list[Opted]) -> list[Due]:
    """An absence request undecided for ``absence_hours`` or more, to each manager or admin who may
    decide it (one who sees its owner, never the owner: the sign-off's rule)."""
    hours = {o.user_id: o.settings.absence_hours or 0 for o in users}
    if not hours:
        return []
    pending = absence_service.awaiting(session, now - min(hours.values()) * 3600)
    out = []
    for o in users:
        user = user_service.find(session, o.user_id)
        if not pending or user is None or user.role not in ("manager", "admin"):
            continue
        seen = team_service.seen_users(session, user.id, user.role)
        for a_id, owner, name, start, end, kind, submitted in pending:
            if owner == user.id or (seen is not None and owner not in seen):
                continue
            if submitted is not None and submitted <= now - hours[user.id] * 3600:
                facts = {"who": name, "type": kind, "start": start.isoformat(), "end": end.isoformat()}
                out.append(Due(user.id, str(a_id), facts))
    return out


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("long_timer", "long_timer_hours", _long_timer, texts.long_timer),
        Kind("nothing_tracked", "nothing_by_minute", _nothing_tracked, texts.nothing_tracked),
        Kind("period_unsubmitted", "period_days", _period_unsubmitted, texts.period_unsubmitted),
        Kind("absence_pending", "absence_hours", _absence_pending, texts.absence_pending),
    )
}


def quiet_until(now: int, zone: tzinfo, quiet_from: int | None, quiet_to: int | None) -> int:
    """When delivery may happen: ``now``, or the end of the quiet hours ``now`` falls in (minutes
    after local midnight; ``quiet_from`` > ``quiet_to`` spans midnight)."""
    if quiet_from is None or quiet_to is None or quiet_from == quiet_to:
        return now
    local = _local(now, zone)
    minute = local.hour * 60 + local.minute
    if quiet_from < quiet_to:
        inside = quiet_from <= minute < quiet_to
    else:
        inside = minute >= quiet_from or minute < quiet_to
    if not inside:
        return now
    day = local.date() if minute < quiet_to else local.date() + timedelta(days=1)
    end = datetime.combine(day, time(quiet_to // 60, quiet_to % 60), tzinfo=zone)
    return max(now, int(end.timestamp()))


def step(session: Session, now: int | None = None) -> list[int]:
    """Make every reminder due now that does not exist yet; the ids of those made."""
    now = now_ts() if now is None else now
    opted = [Opted(s.user_id, s, get_zone(zone)) for s, zone, _ in repository.opted_in(session)]
    by_id = {o.user_id: o for o in opted}
    rows: list[dict[str, Any]] = []
    for kind in KINDS.values():
        users = [o for o in opted if getattr(o.settings, kind.threshold) is not None]
        for due in kind.find(session, now, users) if users else ():
            o = by_id[due.user_id]
            title, body, link = kind.text(due.facts)
            rows.append(
                {
                    "user_id": due.user_id, "kind": kind.name, "key": due.key, "title": title,
                    "body": body, "link": link, "at": now,
                    # Not wanted in the app: made read, so the bell does not count it.
                    "read_at": None if o.settings.by_app else now,
                    "deliver_after": quiet_until(now, o.zone, o.settings.quiet_from, o.settings.quiet_to),
                    "state": "pending", "mail": "none", "locked_until": 0.0, "attempts": 0,
                }
            )  # fmt: skip
    return repository.insert_new(session, rows)
