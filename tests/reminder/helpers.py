"""Making reminders in tests: users with a zone and settings, scans at a given time, the rows made."""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update

from punchclock.auth.scopes import ROLE_SCOPES, Principal
from punchclock.config import Settings
from punchclock.models import Notification, User, WebhookDelivery
from punchclock.reminder import deliver, scan, service
from punchclock.webhook import service as webhook_service
from punchclock.worktime import service as worktime_service

BERLIN = ZoneInfo("Europe/Berlin")
FULL_WEEK = [28800] * 5 + [0, 0]


def at(text: str, zone: ZoneInfo = BERLIN) -> int:
    """Epoch seconds of a local wall time such as ``2026-12-07 10:30``."""
    return int(datetime.fromisoformat(text).replace(tzinfo=zone).timestamp())


def person(
    api: Any, name: str, email: str | None = None, zone: str = "Europe/Berlin", **settings: Any
) -> Any:
    user = api.user(name=name)

    def setup(session: Any) -> None:
        session.execute(update(User).where(User.id == user.id).values(timezone=zone, email=email))

    api.db.call(setup)
    if settings:
        api.db.call(service.put_settings, user.id, settings)
    return user


def work_model(api: Any, user: Any, seconds: list[int] = FULL_WEEK, since: str = "2026-01-05") -> None:
    data = {"valid_from": date.fromisoformat(since), "weekday_seconds": seconds}
    api.db.call(worktime_service.put_model, None, user.id, data)


def hook(api: Any, user: Any, url: str = "https://hooks.invalid/reminders") -> int:
    principal = Principal(user.id, user.username, user.role, ROLE_SCOPES[user.role], "web")
    return int(
        api.db.call(webhook_service.create, principal, {"url": url, "events": ["reminder.*"]}, True)["id"]
    )


def scan_at(db: Any, now: int) -> list[int]:
    return list(db.call(scan.step, now))


def deliver_at(db: Any, settings: Settings, now: float) -> int:
    return asyncio.run(deliver.step(db, settings, now))


def notifications(db: Any, user: Any) -> list[Notification]:
    return list(
        db.call(lambda s: s.scalars(select(Notification).where(Notification.user_id == user.id)).all())
    )


def webhook_deliveries(db: Any) -> int:
    stmt = select(func.count()).select_from(WebhookDelivery).where(WebhookDelivery.event.like("reminder.%"))
    return int(db.call(lambda s: s.scalar(stmt)))
