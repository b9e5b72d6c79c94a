from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Row, and_, func, select
from sqlalchemy.orm import Session

from punchclock.models import Preset, Project, Task


def _named(visible: ColumnElement[bool]) -> Any:
    # Names of projects the caller does not see (private ones: ``visible``) come back empty.
    return (
        select(Preset, Project.name, Task.name)
        .outerjoin(Project, and_(Project.id == Preset.project_id, visible))
        .outerjoin(Task, and_(Task.id == Preset.task_id, Task.project_id == Project.id))
    )


def list_for(session: Session, user_id: int, visible: ColumnElement[bool]) -> list[Row]:
    """The user's presets with their project's and task's names, by name."""
    query = _named(visible).where(Preset.user_id == user_id).order_by(func.lower(Preset.name), Preset.id)
    return list(session.execute(query).all())


def named_row(session: Session, preset_id: int, visible: ColumnElement[bool]) -> Row | None:
    return session.execute(_named(visible).where(Preset.id == preset_id)).first()


def get(session: Session, preset_id: int) -> Preset | None:
    return session.get(Preset, preset_id)


def count_for(session: Session, user_id: int) -> int:
    return session.scalar(select(func.count()).where(Preset.user_id == user_id)) or 0


def name_taken(session: Session, user_id: int, name: str, other_than: int | None = None) -> bool:
    """Whether another preset of the user has this name, whatever the case. Compared in Python:
    SQLite's LOWER() folds ASCII only ("Ô" and "ô" would differ); a user has at most 50."""
    query = select(Preset.id, Preset.name).where(Preset.user_id == user_id)
    wanted = name.casefold()
    return any(pid != other_than and taken.casefold() == wanted for pid, taken in session.execute(query))


def add(session: Session, preset: Preset) -> None:
    session.add(preset)
    session.flush()


def remove(session: Session, preset: Preset) -> None:
    session.delete(preset)
    session.flush()
