"""Queries of teams and their members."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import Row, exists, func, select
from sqlalchemy.orm import Session

from punchclock.kit.pagination import Page
from punchclock.models import Team, TeamMember, User


def any_team(session: Session) -> bool:
    return bool(session.scalar(select(exists().where(Team.id.is_not(None)))))


def led_members(session: Session, user_id: int) -> set[int]:
    """Every member (leads included) of the teams ``user_id`` leads."""
    led = select(TeamMember.team_id).where(TeamMember.user_id == user_id, TeamMember.is_lead.is_(True))
    return set(session.scalars(select(TeamMember.user_id).where(TeamMember.team_id.in_(led))))


def get(session: Session, team_id: int, lock: bool = False) -> Team | None:
    """The team; ``lock``: its row locked until the transaction ends (PostgreSQL; SQLite has one writer)."""
    return session.get(Team, team_id, with_for_update=True if lock else None)


def get_by_name(session: Session, name: str) -> Team | None:
    return session.scalars(select(Team).where(Team.name == name)).first()


def list_page(session: Session, page: Page, member_id: int | None) -> tuple[list[Team], int]:
    """Teams by name; with ``member_id``, only the teams that user is in (as a lead or not)."""
    query = select(Team)
    if member_id is not None:
        mine = select(TeamMember.team_id).where(TeamMember.user_id == member_id)
        query = query.where(Team.id.in_(mine))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(Team.name, Team.id).offset(page.offset).limit(page.per_page))
    return list(rows), total


def members(session: Session, team_ids: Collection[int]) -> Sequence[Row]:
    """(team_id, user_id, username, display_name, is_lead) of the teams' members, leads first."""
    if not team_ids:
        return []
    return session.execute(
        select(TeamMember.team_id, User.id, User.username, User.display_name, TeamMember.is_lead)
        .join(User, User.id == TeamMember.user_id)
        .where(TeamMember.team_id.in_(team_ids))
        .order_by(TeamMember.team_id, TeamMember.is_lead.desc(), User.username)
    ).all()


def member_ids(session: Session, team_id: int) -> list[int]:
    return list(session.scalars(select(TeamMember.user_id).where(TeamMember.team_id == team_id)))


def leads(session: Session, team_id: int) -> list[int]:
    query = select(TeamMember.user_id).where(TeamMember.team_id == team_id, TeamMember.is_lead.is_(True))
    return list(session.scalars(query))


def membership(session: Session, team_id: int, user_id: int) -> TeamMember | None:
    return session.get(TeamMember, (team_id, user_id))


def manager_ids(session: Session) -> list[int]:
    return list(session.scalars(select(User.id).where(User.role == "manager", User.is_active.is_(True))))


def add(session: Session, row: Team | TeamMember) -> None:
    session.add(row)
    session.flush()


def delete(session: Session, row: Team | TeamMember) -> None:
    """Delete a team (its memberships go with it: the foreign key cascades) or a membership."""
    session.delete(row)
    session.flush()
