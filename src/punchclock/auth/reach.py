"""Whom and which private projects a principal sees, loaded where a principal is made (web
sessions, sign-in proxies, API tokens, TimeTagger tokens) and cached with it (punchclock.auth.cache).

Notes:
The rule is punchclock.team's (``seen_users``); this is where it meets authentication, so every way
in (REST, the lean routes and hot reads, WebSockets, exports, sync) carries the same answer and no
request pays a query for it while its principal is cached. Admins and members cost no query.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from punchclock.project import visibility
from punchclock.team import service as team_service


def load(session: Session, user_id: int, role: str) -> frozenset[int] | None:
    """The users ``user_id`` sees (None: everyone), for ``Principal.seen``."""
    return team_service.seen_users(session, user_id, role)


def projects(session: Session, user_id: int, role: str) -> frozenset[int] | None:
    """The private projects ``user_id`` sees (None: all), for ``Principal.projects``."""
    return visibility.private_seen(session, user_id, role)
