"""Queries of work models and adjustments."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from punchclock.models import WorkAdjustment, WorkModel


def models_of(session: Session, user_id: int) -> list[WorkModel]:
    """A user's models, oldest first (each holds until the next one's ``valid_from``)."""
    query = select(WorkModel).where(WorkModel.user_id == user_id).order_by(WorkModel.valid_from)
    return list(session.scalars(query))


def model_on(session: Session, user_id: int, valid_from: date) -> WorkModel | None:
    query = select(WorkModel).where(WorkModel.user_id == user_id, WorkModel.valid_from == valid_from)
    return session.scalars(query).first()


def get_model(session: Session, model_id: int) -> WorkModel | None:
    return session.get(WorkModel, model_id)


def adjustments_of(session: Session, user_id: int) -> list[WorkAdjustment]:
    query = select(WorkAdjustment).where(WorkAdjustment.user_id == user_id)
    return list(session.scalars(query.order_by(WorkAdjustment.day, WorkAdjustment.id)))


def get_adjustment(session: Session, adjustment_id: int) -> WorkAdjustment | None:
    return session.get(WorkAdjustment, adjustment_id)


def add(session: Session, row: WorkModel | WorkAdjustment) -> None:
    session.add(row)
    session.flush()


def delete(session: Session, row: WorkModel | WorkAdjustment) -> None:
    session.delete(row)
    session.flush()


def models_of_users(session: Session, user_ids: Collection[int]) -> list[WorkModel]:
    """The models of several users, by user then valid_from."""
    query = (
        select(WorkModel)
        .where(WorkModel.user_id.in_(list(user_ids)))
        .order_by(WorkModel.user_id, WorkModel.valid_from)
    )
    return list(session.scalars(query))


def adjustments_of_users(session: Session, user_ids: Collection[int], last: date) -> list[WorkAdjustment]:
    """The adjustments of several users dated up to ``last``, by user then day."""
    query = (
        select(WorkAdjustment)
        .where(WorkAdjustment.user_id.in_(list(user_ids)), WorkAdjustment.day <= last)
        .order_by(WorkAdjustment.user_id, WorkAdjustment.day, WorkAdjustment.id)
    )
    return list(session.scalars(query))
