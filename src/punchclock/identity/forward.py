"""Forward-auth: a trusted reverse proxy (Authelia, Authentik, oauth2-proxy) has signed the user in
and names them in a header.

Notes:
Which requests may name a user, and the check against cross-site requests, are the HTTP layer's
business (auth/deps.py). Here a named user becomes a principal: the account must exist and be
active, unless accounts are made on first sight (forward_auth_create_users), as members with a
password nobody knows, so the proxy stays their only way in.
"""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy.orm import Session

from punchclock.auth.scopes import Principal
from punchclock.errors import Forbidden, ValidationFailed
from punchclock.identity import service
from punchclock.models import User
from punchclock.user import service as user_service

REFUSED = "The account named by the sign-in proxy cannot sign in here"


def _user(session: Session, username: str, email: str | None, create: bool) -> User:
    try:
        name = user_service.normalize_username(username)
    except ValidationFailed as exc:
        raise Forbidden(REFUSED, code="forward_auth_refused") from exc
    user = user_service.get_by_username(session, name)
    if user is None and create:
        mail = email if email and "@" in email and len(email) <= 254 else None
        fields = {"username": name, "password": secrets.token_urlsafe(32), "email": mail}
        user = user_service.add_account(session, fields, actor_id=None, via="proxy")
    if user is None or not user.is_active:
        raise Forbidden(REFUSED, code="forward_auth_refused")
    return user


def principal(session: Session, username: str, email: str | None, create: bool) -> Principal:
    """The principal of a request the proxy signed in (kind ``proxy``: the role's scopes)."""
    return service.principal_of(session, _user(session, username, email, create), "proxy")


def sign_in(
    session: Session,
    username: str,
    email: str | None,
    create: bool,
    *,
    client: str,
    address: str,
    secret: str,
    ttl: int,
) -> dict[str, Any]:
    """A web session for the user the proxy names (the web app's sign-in under forward-auth)."""
    user = _user(session, username, email, create)
    return service.start(
        session, user, method="proxy", client=client, address=address, secret=secret, ttl=ttl
    )
