from __future__ import annotations

import functools
from collections.abc import Sequence

from sqlalchemy import Row, Select, delete, func, insert, select, update
from sqlalchemy.orm import Session

from punchclock.kit.pagination import Page
from punchclock.models import User, Webhook, WebhookDelivery


@functools.cache
def _active() -> Select:
    # Built once: every write transaction asks, and building the statement costs more than running it.
    return (
        select(Webhook.id, Webhook.user_id, Webhook.scope, Webhook.events, User.role)
        .join(User, User.id == Webhook.user_id)
        .where(Webhook.active.is_(True), User.is_active.is_(True))
    )


def active_hooks(session: Session) -> Sequence[Row]:
    """(id, user_id, scope, events, role) of every hook that may receive events now."""
    return session.execute(_active()).all()


def owner(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def add_deliveries(session: Session, rows: list[dict]) -> None:
    if rows:
        session.execute(insert(WebhookDelivery), rows)


def get(session: Session, hook_id: int) -> Webhook | None:
    return session.get(Webhook, hook_id)


def add(session: Session, hook: Webhook) -> Webhook:
    session.add(hook)
    session.flush()
    return hook


def remove(session: Session, hook: Webhook) -> None:
    session.delete(hook)
    session.flush()


def list_page(session: Session, user_id: int | None, page: Page) -> tuple[list[Webhook], int]:
    query = select(Webhook)
    if user_id is not None:
        query = query.where(Webhook.user_id == user_id)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(Webhook.id).offset(page.offset).limit(page.per_page)).all()
    return list(rows), total


def deliveries_page(session: Session, hook_id: int, page: Page) -> tuple[list[WebhookDelivery], int]:
    query = select(WebhookDelivery).where(WebhookDelivery.webhook_id == hook_id)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(WebhookDelivery.id.desc()).offset(page.offset).limit(page.per_page)
    ).all()
    return list(rows), total


def claim_due(session: Session, now: float, limit: int, lease: float) -> list[Row]:
    """Lock up to ``limit`` due deliveries of active hooks for ``lease`` seconds and return them."""
    ids = session.scalars(
        select(WebhookDelivery.id)
        .join(Webhook, Webhook.id == WebhookDelivery.webhook_id)
        .where(
            WebhookDelivery.status == "pending",
            WebhookDelivery.next_attempt_at <= now,
            WebhookDelivery.locked_until <= now,
            Webhook.active.is_(True),
        )
        .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
        .limit(limit)
        .with_for_update(of=WebhookDelivery, skip_locked=True)
    ).all()
    if not ids:
        return []
    session.execute(
        update(WebhookDelivery).where(WebhookDelivery.id.in_(ids)).values(locked_until=now + lease)
    )
    return list(
        session.execute(
            select(
                WebhookDelivery.id,
                WebhookDelivery.webhook_id,
                WebhookDelivery.event,
                WebhookDelivery.payload,
                WebhookDelivery.attempts,
                Webhook.url,
                Webhook.secret,
            )
            .join(Webhook, Webhook.id == WebhookDelivery.webhook_id)
            .where(WebhookDelivery.id.in_(ids))
        ).all()
    )


def next_due(session: Session) -> float | None:
    """When the earliest pending delivery of an active hook is due."""
    return session.scalar(
        select(func.min(WebhookDelivery.next_attempt_at))
        .join(Webhook, Webhook.id == WebhookDelivery.webhook_id)
        .where(WebhookDelivery.status == "pending", Webhook.active.is_(True))
    )


def get_delivery(session: Session, delivery_id: int) -> WebhookDelivery | None:
    return session.get(WebhookDelivery, delivery_id)


def lock_hook(session: Session, hook_id: int) -> Webhook | None:
    return session.scalars(select(Webhook).where(Webhook.id == hook_id).with_for_update()).first()


def prune_deliveries(session: Session, before: int) -> int:
    result = session.execute(
        delete(WebhookDelivery).where(
            WebhookDelivery.created_at < before, WebhookDelivery.status != "pending"
        )
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def pending_count(session: Session) -> int:
    return (
        session.scalar(
            select(func.count()).select_from(WebhookDelivery).where(WebhookDelivery.status == "pending")
        )
        or 0
    )


def outbox_figures(session: Session) -> tuple[int, int | None, int]:
    """(pending deliveries of active hooks, the oldest one's created_at, failed deliveries), in one
    statement; each part reads by status, the leading column of ix_webhook_deliveries_due."""
    backlog = (
        select(func.count(), func.min(WebhookDelivery.created_at))
        .join(Webhook, Webhook.id == WebhookDelivery.webhook_id)
        .where(WebhookDelivery.status == "pending", Webhook.active.is_(True))
        .subquery()
    )
    failed = (
        select(func.count())
        .select_from(WebhookDelivery)
        .where(WebhookDelivery.status == "failed")
        .scalar_subquery()
    )
    row = session.execute(select(*backlog.c, failed)).one()
    return int(row[0] or 0), (int(row[1]) if row[1] is not None else None), int(row[2] or 0)
