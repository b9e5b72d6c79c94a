"""Clients: who the work is for. Shared by the whole team; managers and admins edit them."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from punchclock.client import repository
from punchclock.errors import Conflict, NotFound
from punchclock.event.service import emit
from punchclock.kit.pagination import Page
from punchclock.kit.timeutil import iso, now_ts
from punchclock.kit.types import money
from punchclock.models import Client


def to_dict(client: Client) -> dict[str, Any]:
    return {
        "id": client.id,
        "name": client.name,
        "email": client.email,
        "company": client.company,
        "phone": client.phone,
        "address": client.address,
        "default_hourly_rate": money(client.default_hourly_rate),
        "status": client.status,
        "created_at": iso(client.created_at),
        "updated_at": iso(client.updated_at),
    }


def get(session: Session, client_id: int) -> Client:
    client = repository.get(session, client_id)
    if client is None:
        raise NotFound("Client not found")
    return client


def get_dict(session: Session, client_id: int) -> dict[str, Any]:
    return to_dict(get(session, client_id))


def exists(session: Session, client_id: int) -> bool:
    return repository.get(session, client_id) is not None


def list_clients(session: Session, page: Page, status: str | None) -> tuple[list[dict[str, Any]], int]:
    rows, total = repository.list_page(session, page, status)
    return [to_dict(c) for c in rows], total


def find_by_name(session: Session, name: str) -> Client | None:
    return repository.get_by_name(session, name)


def _check_name_free(session: Session, name: str, own_id: int | None = None) -> None:
    other = repository.get_by_name(session, name)
    if other is not None and other.id != own_id:
        raise Conflict(f"A client named '{name}' already exists", code="client_exists")


def create(session: Session, data: dict[str, Any], actor_id: int | None = None) -> dict[str, Any]:
    _check_name_free(session, data["name"])
    now = now_ts()
    client = repository.add(session, Client(**data, created_at=now, updated_at=now))
    result = to_dict(client)
    emit(session, "client.created", result, user_id=None, actor_id=actor_id)
    return result


def update(
    session: Session, client_id: int, changes: dict[str, Any], actor_id: int | None = None
) -> dict[str, Any]:
    client = get(session, client_id)
    if changes.get("name") is not None:
        _check_name_free(session, changes["name"], client.id)
    for field, value in changes.items():
        if value is None and field in ("name", "status"):
            continue
        setattr(client, field, value)
    client.updated_at = now_ts()
    session.flush()
    result = to_dict(client)
    emit(session, "client.updated", result, user_id=None, actor_id=actor_id)
    return result


def delete(session: Session, client_id: int, actor_id: int | None = None) -> None:
    client = get(session, client_id)
    if repository.project_count(session, client.id):
        raise Conflict(
            "The client still has projects; move or delete them, or archive the client instead",
            code="client_in_use",
        )
    repository.delete(session, client)
    emit(session, "client.deleted", {"id": client_id}, user_id=None, actor_id=actor_id)
