from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from punchclock.models import SavedReport


def list_for(session: Session, user_id: int) -> list[SavedReport]:
    query = select(SavedReport).where(SavedReport.user_id == user_id)
    return list(session.scalars(query.order_by(func.lower(SavedReport.name), SavedReport.id)))


def find(session: Session, user_id: int, report_id: int) -> SavedReport | None:
    """The user's saved report by id (another user's is not found)."""
    query = select(SavedReport).where(SavedReport.id == report_id, SavedReport.user_id == user_id)
    return session.scalars(query).first()


def named(session: Session, user_id: int, name: str) -> SavedReport | None:
    """The user's saved report of that name, whatever its case."""
    query = select(SavedReport).where(
        SavedReport.user_id == user_id, func.lower(SavedReport.name) == name.lower()
    )
    return session.scalars(query).first()


def count(session: Session, user_id: int) -> int:
    query = select(func.count()).select_from(SavedReport).where(SavedReport.user_id == user_id)
    return int(session.scalar(query) or 0)


def add(session: Session, report: SavedReport) -> SavedReport:
    session.add(report)
    session.flush()
    return report


def remove(session: Session, report: SavedReport) -> None:
    session.delete(report)
