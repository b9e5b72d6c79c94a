"""Webhook subscriptions and their outbox.

Notes:
Admins manage every hook; everyone else manages their own. A hook hears its owner's events, or with
scope "team" (managers and admins) those of everyone its owner sees (punchclock.team); shared things
(projects, clients, tasks) reach every hook whose owner may read them. The owner's role and reach
are checked when an event is queued, so a demoted or disabled owner's hook stops hearing what they
may no longer see.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from punchclock.auth.scopes import ROLE_SCOPES, Principal
from punchclock.errors import Forbidden, NotFound, ValidationFailed
from punchclock.event.schemas import PING, Event, matches, valid_pattern
from punchclock.kit.pagination import Page
from punchclock.kit.timeutil import iso, now_ts
from punchclock.models import Webhook, WebhookDelivery
from punchclock.project import visibility
from punchclock.team import service as team_service
from punchclock.webhook import guard, pause, presence, repository, signing
from punchclock.webhook.outbox import Job

HOOKS = "pc_hooks"  # session.info: the active hooks, read once per transaction


def _patterns(hook_events: str) -> list[str]:
    return hook_events.split()


def enqueue(session: Session, event: Event) -> bool:
    """Queue a delivery of ``event`` for every hook that should hear it. True if any was queued."""
    if event.internal:
        return False
    hooks = session.info.get(HOOKS)
    if hooks is None:
        hooks = session.info[HOOKS] = _active_hooks(session)
    if not hooks:
        return False
    rows: list[dict[str, Any]] = []
    now = now_ts()
    payload = ""  # rendered once, for the first hook that hears it
    for hook_id, owner_id, patterns, role, hears in hooks:
        if event.scope not in ROLE_SCOPES.get(role, ()):
            continue
        if event.user_id is not None and owner_id != event.user_id and not _hears(hears, event.user_id):
            continue
        if not matches(_patterns(patterns), event.name):
            continue
        if event.project_id is not None and not _sees_project(session, owner_id, role, event.project_id):
            continue
        payload = payload or event.webhook_body()
        rows.append(
            {
                "webhook_id": hook_id, "event_id": event.id, "event": event.name,
                "payload": payload, "status": "pending", "attempts": 0,
                "next_attempt_at": event.time, "locked_until": 0.0, "created_at": now,
            }
        )  # fmt: skip
    repository.add_deliveries(session, rows)
    return bool(rows)


def _active_hooks(session: Session) -> Sequence[tuple[int, int, str, str, Reach]]:
    """(id, owner, events, owner's role, whose events besides the owner's it hears) of every hook
    that may receive events now."""
    if presence.known_none(session):
        return ()
    started = presence.lookup_started()
    hooks = repository.active_hooks(session)
    if not hooks:
        presence.found_none(session, started)
    reaches: dict[int, Reach] = {}
    return [
        (hook_id, owner_id, patterns, role, _reach(session, reaches, owner_id, scope, role))
        for hook_id, owner_id, scope, patterns, role in hooks
    ]


SEEN_PROJECTS = "pc_webhook_seen_projects"

# Whose events a hook hears besides its owner's: these users (none for an "own" hook), or everyone (None).
Reach = frozenset[int] | None
NOBODY: Reach = frozenset()


def _reach(session: Session, reaches: dict[int, Reach], owner_id: int, scope: str, role: str) -> Reach:
    # A team hook of a manager hears whom they see (their teams' members once the workspace has
    # teams), read once per owner and transaction, and only where such a hook exists.
    if scope != "team" or role not in ("admin", "manager"):
        return NOBODY
    if owner_id not in reaches:
        reaches[owner_id] = team_service.seen_users(session, owner_id, role)
    return reaches[owner_id]


def _sees_project(session: Session, owner_id: int, role: str, project_id: int) -> bool:
    # Only events about a private project ask, once per hook owner and transaction.
    known = session.info.setdefault(SEEN_PROJECTS, {})
    if owner_id not in known:
        known[owner_id] = visibility.private_seen(session, owner_id, role)
    seen = known[owner_id]
    return seen is None or project_id in seen


def _hears(reach: Reach, user_id: int) -> bool:
    return reach is None or user_id in reach


def to_dict(hook: Webhook) -> dict[str, Any]:
    return {
        "id": hook.id,
        "user_id": hook.user_id,
        "url": hook.url,
        "description": hook.description,
        "events": _patterns(hook.events),
        "scope": hook.scope,
        "active": hook.active,
        "failure_count": hook.failure_count,
        "disabled_reason": hook.disabled_reason,
        "created_at": iso(hook.created_at),
        "updated_at": iso(hook.updated_at),
    }


def delivery_dict(d: WebhookDelivery) -> dict[str, Any]:
    return {
        "id": d.id,
        "webhook_id": d.webhook_id,
        "event_id": d.event_id,
        "event": d.event,
        "status": d.status,
        "attempts": d.attempts,
        "response_status": d.response_status,
        "error": d.error,
        "duration_ms": d.duration_ms,
        "created_at": iso(d.created_at),
        "last_attempt_at": iso(d.last_attempt_at),
        "next_attempt_at": iso(int(d.next_attempt_at)) if d.status == "pending" else None,
    }


def _visible(session: Session, principal: Principal, hook_id: int) -> Webhook:
    hook = repository.get(session, hook_id)
    if hook is None or (hook.user_id != principal.user_id and not principal.is_admin):
        raise NotFound("Webhook not found")
    return hook


def _check_events(events: list[str]) -> str:
    cleaned = sorted({e.strip() for e in events if e.strip()})
    if not cleaned:
        raise ValidationFailed("events: name at least one event or '*'", field="events")
    bad = [e for e in cleaned if not valid_pattern(e)]
    if bad:
        raise ValidationFailed(f"events: unknown event(s) {', '.join(bad)}", field="events")
    return " ".join(cleaned)


def _check_url(url: str, allow_private: bool) -> str:
    try:
        guard.check_url(url, allow_private)
    except guard.Refused as exc:
        raise ValidationFailed(f"url: {exc}", field="url", code="url_refused") from exc
    return url


def _check_scope(scope: str, role: str) -> None:
    if scope == "team" and role not in ("admin", "manager"):
        raise Forbidden("Only managers and admins can receive the team's events", code="access_denied")


def create(
    session: Session, principal: Principal, data: dict[str, Any], allow_private: bool
) -> dict[str, Any]:
    owner_id = data.get("user_id") or principal.user_id
    if owner_id != principal.user_id and not principal.is_admin:
        raise Forbidden("Only admins can create webhooks for other users", code="access_denied")
    owner = repository.owner(session, owner_id)
    if owner is None:
        raise ValidationFailed(f"user_id {owner_id} does not exist", code="invalid_user")
    _check_scope(data.get("scope") or "own", owner.role)
    now = now_ts()
    secret = signing.new_secret()
    hook = repository.add(
        session,
        Webhook(
            user_id=owner.id,
            url=_check_url(data["url"], allow_private),
            description=data.get("description") or "",
            events=_check_events(data.get("events") or ["*"]),
            scope=data.get("scope") or "own",
            secret=secret,
            active=bool(data.get("active", True)),
            failure_count=0,
            created_at=now,
            updated_at=now,
        ),
    )
    if hook.active:
        presence.hook_switched_on(session)
    return {**to_dict(hook), "secret": secret}


def list_dicts(
    session: Session, principal: Principal, user_id: int | None, page: Page
) -> tuple[list[dict[str, Any]], int]:
    if not principal.is_admin:
        if user_id is not None and user_id != principal.user_id:
            raise Forbidden("You can only list your own webhooks", code="access_denied")
        user_id = principal.user_id
    hooks, total = repository.list_page(session, user_id, page)
    return [to_dict(h) for h in hooks], total


def get_dict(session: Session, principal: Principal, hook_id: int) -> dict[str, Any]:
    return to_dict(_visible(session, principal, hook_id))


def update(
    session: Session, principal: Principal, hook_id: int, changes: dict[str, Any], allow_private: bool
) -> dict[str, Any]:
    hook = _visible(session, principal, hook_id)
    if changes.get("url") is not None:
        hook.url = _check_url(changes["url"], allow_private)
    if changes.get("events") is not None:
        hook.events = _check_events(changes["events"])
    if changes.get("description") is not None:
        hook.description = changes["description"]
    if changes.get("scope") is not None:
        owner = repository.owner(session, hook.user_id)
        _check_scope(changes["scope"], owner.role if owner else "member")
        hook.scope = changes["scope"]
    if changes.get("active") is not None:
        if changes["active"] and not hook.active:
            hook.failure_count = 0  # a fresh start after the owner fixed the receiver
            hook.disabled_reason = None
            presence.hook_switched_on(session)
        hook.active = changes["active"]
    if changes.get("rotate_secret"):
        hook.secret = signing.new_secret()
    hook.updated_at = now_ts()
    session.flush()
    result = to_dict(hook)
    if changes.get("rotate_secret"):
        result["secret"] = hook.secret
    return result


def delete(session: Session, principal: Principal, hook_id: int) -> None:
    repository.remove(session, _visible(session, principal, hook_id))


def deliveries(
    session: Session, principal: Principal, hook_id: int, page: Page
) -> tuple[list[dict[str, Any]], int]:
    hook = _visible(session, principal, hook_id)
    rows, total = repository.deliveries_page(session, hook.id, page)
    return [delivery_dict(d) for d in rows], total


def delivery(session: Session, principal: Principal, hook_id: int, delivery_id: int) -> dict[str, Any]:
    hook = _visible(session, principal, hook_id)
    found = repository.get_delivery(session, delivery_id)
    if found is None or found.webhook_id != hook.id:
        raise NotFound("Delivery not found")
    return delivery_dict(found)


def ping_job(session: Session, principal: Principal, hook_id: int) -> Job:
    """A ``webhook.ping`` delivery for ``hook_id``, written as claimed so only the caller sends it."""
    hook = _visible(session, principal, hook_id)
    pause.refuse_if_paused(session)
    event = Event(PING, hook.user_id, principal.user_id, {"webhook_id": hook.id})
    now = time.time()
    delivery = WebhookDelivery(
        webhook_id=hook.id, event_id=event.id, event=PING, payload=event.webhook_body(),
        status="pending", attempts=0, next_attempt_at=now, locked_until=now + 3600, created_at=int(now),
    )  # fmt: skip
    session.add(delivery)
    session.flush()
    return Job(delivery.id, hook.id, PING, delivery.payload, 0, hook.url, hook.secret)


def outbox_stats(session: Session) -> dict[str, float]:
    """The outbox for monitoring: ``pending``, ``oldest_pending_age_seconds`` (0 when none), ``failed``.

    Pending counts active hooks only: a disabled hook's deliveries wait for it to be re-enabled and
    are no backlog of the sender. Failed counts those still kept (pruning drops old ones).
    """
    pending, oldest, failed = repository.outbox_figures(session)
    age = max(0, now_ts() - oldest) if oldest is not None else 0
    return {"pending": pending, "oldest_pending_age_seconds": age, "failed": failed}
