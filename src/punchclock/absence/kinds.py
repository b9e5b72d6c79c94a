"""Absence types: what kinds of absence the workspace offers (admins change them; everyone reads).

Notes:
A type in use by any absence cannot be deleted (409 in_use): switch it off instead (``enabled``
false), which keeps old absences readable and offers it no more for new ones. Each change is audited.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from punchclock.absence import repository
from punchclock.audit import service as audit_service
from punchclock.errors import Conflict, NotFound
from punchclock.kit.timeutil import iso, now_ts
from punchclock.models import AbsenceType

FIELDS = ("name", "code", "effect", "uses_allowance", "needs_approval", "color", "enabled")


def type_dict(row: AbsenceType) -> dict[str, Any]:
    return {"id": row.id, "name": row.name, "code": row.code, "effect": row.effect,
            "uses_allowance": row.uses_allowance, "needs_approval": row.needs_approval, "color": row.color,
            "enabled": row.enabled, "created_at": iso(row.created_at),
            "updated_at": iso(row.updated_at)}  # fmt: skip


def list_types(session: Session, enabled_only: bool = False) -> list[dict[str, Any]]:
    return [type_dict(t) for t in repository.types(session, enabled_only)]


def _get(session: Session, type_id: int) -> AbsenceType:
    row = repository.get_type(session, type_id)
    if row is None:
        raise NotFound("Absence type not found")
    return row


def _store(session: Session, row: AbsenceType) -> None:
    # Names and codes are unique: the keys decide between two admins at once.
    try:
        with session.begin_nested():
            repository.add(session, row)
    except IntegrityError as exc:
        raise Conflict(
            "An absence type with this name or code exists already", code="absence_type_exists"
        ) from exc


def _audit(session: Session, action: str, actor_id: int | None, row: AbsenceType) -> None:
    detail = {"type_id": row.id, "name": row.name, "code": row.code, "effect": row.effect}
    audit_service.record(session, action, actor_id=actor_id, detail=detail)


def create_type(session: Session, actor_id: int | None, data: dict[str, Any]) -> dict[str, Any]:
    now = now_ts()
    row = AbsenceType(**{k: data[k] for k in FIELDS if k in data}, created_at=now, updated_at=now)
    _store(session, row)
    _audit(session, "absence_type.created", actor_id, row)
    return type_dict(row)


def update_type(
    session: Session, actor_id: int | None, type_id: int, changes: dict[str, Any]
) -> dict[str, Any]:
    """Change a type (``changes``: the fields sent). Its effect and allowance rule change what its
    absences do, past ones too: the balances read them as they are."""
    row = _get(session, type_id)
    for key in FIELDS:
        if key in changes:
            setattr(row, key, changes[key])
    row.updated_at = now_ts()
    _store(session, row)
    _audit(session, "absence_type.updated", actor_id, row)
    return type_dict(row)


def delete_type(session: Session, actor_id: int | None, type_id: int) -> None:
    row = _get(session, type_id)
    if repository.type_in_use(session, type_id):
        raise Conflict("Absences of this type exist: switch it off instead", code="in_use")
    _audit(session, "absence_type.deleted", actor_id, row)
    try:  # an absence made meanwhile: the foreign key (RESTRICT) refuses
        with session.begin_nested():
            repository.delete(session, row)
    except IntegrityError as exc:
        raise Conflict("Absences of this type exist: switch it off instead", code="in_use") from exc
