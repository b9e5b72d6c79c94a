from __future__ import annotations

from sqlalchemy import Row, func, select, update
from sqlalchemy.orm import Session

from punchclock.kit.pagination import Page
from punchclock.models import ApiToken, User


def add(session: Session, token: ApiToken) -> ApiToken:
    session.add(token)
    session.flush()
    return token


def get(session: Session, token_id: int) -> ApiToken | None:
    return session.get(ApiToken, token_id)


def find_with_user(session: Session, token_hash: str) -> Row | None:
    """The token and the few user fields authentication needs, in one query."""
    query = (
        select(
            ApiToken.id,
            ApiToken.scopes,
            ApiToken.expires_at,
            ApiToken.revoked_at,
            ApiToken.last_used_at,
            ApiToken.device_seed,
            ApiToken.name,
            User.id.label("user_id"),
            User.token_seed,
            User.username,
            User.role,
            User.is_active,
            User.timezone,
        )
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.token_hash == token_hash)
    )
    return session.execute(query).first()


def list_page(
    session: Session, page: Page, user_id: int | None, include_revoked: bool
) -> tuple[list[tuple[ApiToken, str, str]], int]:
    """Tokens with their owner's name and token seed; without ``include_revoked``, only live ones
    (not revoked, and no device token whose user has signed out everywhere since)."""
    query = select(ApiToken, User.username, User.token_seed).join(User, User.id == ApiToken.user_id)
    if user_id is not None:
        query = query.where(ApiToken.user_id == user_id)
    if not include_revoked:
        query = query.where(
            ApiToken.revoked_at.is_(None),
            ApiToken.device_seed.is_(None) | (ApiToken.device_seed == User.token_seed),
        )
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.execute(query.order_by(ApiToken.id).offset(page.offset).limit(page.per_page)).all()
    return [(row[0], row[1], row[2]) for row in rows], total


def device_tokens_beyond(session: Session, user_id: int, seed: str, keep: int) -> list[ApiToken]:
    """The user's live device tokens older than the newest ``keep``."""
    query = (
        select(ApiToken)
        .where(ApiToken.user_id == user_id, ApiToken.device_seed == seed, ApiToken.revoked_at.is_(None))
        .order_by(ApiToken.id.desc())
        .offset(keep)
    )
    return list(session.scalars(query))


def touch(session: Session, token_id: int, now: int) -> None:
    # The WHERE keeps it to one write a minute even when several requests race here.
    session.execute(
        update(ApiToken)
        .where(ApiToken.id == token_id)
        .where((ApiToken.last_used_at.is_(None)) | (ApiToken.last_used_at < now - 60))
        .values(last_used_at=now)
    )


def live_devices(session: Session, user_id: int, now: int) -> list[ApiToken]:
    """The user's device tokens still in force: not revoked, not expired, seed current."""
    query = (
        select(ApiToken)
        .join(User, User.id == ApiToken.user_id)
        .where(
            ApiToken.user_id == user_id,
            ApiToken.device_seed == User.token_seed,
            ApiToken.revoked_at.is_(None),
            ApiToken.expires_at.is_(None) | (ApiToken.expires_at > now),
        )
        .order_by(ApiToken.id.desc())
    )
    return list(session.scalars(query))
