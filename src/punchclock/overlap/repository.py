"""Queries of the overlap rule: a user's entries sharing time with a span, and the rules their
teams set."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import Row, case, func, select
from sqlalchemy.orm import Session

from punchclock.models import Team, TeamMember, TimeEntry

E = TimeEntry


def neighbours(
    session: Session, user_id: int, lo: int, hi: int, exclude_id: int | None, now: int
) -> list[Row]:
    """The user's live entries sharing time with [lo, hi) (a running one reaches now), earliest first."""
    stmt = select(E.id, E.start_at, E.end_at, E.notes).where(
        E.user_id == user_id,
        E.deleted_at.is_(None),
        E.start_at < hi,
        func.coalesce(E.end_at, now) > lo,
    )
    if exclude_id is not None:
        stmt = stmt.where(E.id != exclude_id)
    return list(session.execute(stmt.order_by(E.start_at).limit(5)))


def team_rules(session: Session, user_ids: Collection[int], ranks: dict[str, int]) -> dict[int, int]:
    """{user_id: the highest rank (``ranks``: rule -> rank) among the rules the user's teams set};
    users none of whose teams sets one are left out."""
    rank = func.max(case(ranks, value=Team.overlap_rule))
    stmt = (
        select(TeamMember.user_id, rank)
        .join(Team, Team.id == TeamMember.team_id)
        .where(Team.overlap_rule.is_not(None), TeamMember.user_id.in_(list(user_ids)))
        .group_by(TeamMember.user_id)
    )
    return {user_id: int(found) for user_id, found in session.execute(stmt)}
