"""TimeTagger-style tokens: HS256 JWTs ``{username, expires, seed}`` bound to a per-user, per-kind seed.

Notes:
A web token lives 14 days (clients fetch a fresh one daily with GET webtoken); an API token
"never" expires (the year 3000). A token is valid while its seed is the user's current seed for
its kind, so rotating the seed (``?reset=1``) revokes every token of that kind. The seed is checked
before the expiry, as TimeTagger does, so a revoked token says "revoked" and clients log out.
The tokens carry a ``kind`` claim; without one (as TimeTagger writes them) the kind follows from
the expiry. They share the server secret with Punchclock's own web tokens but not their claims
(``sub``/``typ``/``exp``), so neither kind passes for the other.
"""

from __future__ import annotations

import functools
import secrets
import time
from dataclasses import dataclass
from typing import Any

import jwt
from sqlalchemy.orm import Session

from punchclock.auth import cache as auth_cache
from punchclock.auth import reach
from punchclock.auth import service as auth_service
from punchclock.auth.scopes import Principal, effective_scopes
from punchclock.db import after_commit
from punchclock.errors import Forbidden, InvalidToken, Unauthorized
from punchclock.event import service as event_service
from punchclock.sync import repository
from punchclock.user import service as user_service

WEBTOKEN = "webtoken"
APITOKEN = "apitoken"
KINDS = (WEBTOKEN, APITOKEN)
WEBTOKEN_LIFETIME = 14 * 86400
APITOKEN_EXPIRES = 32503680000  # 3000-01-01
ALGORITHM = "HS256"


@dataclass(frozen=True, slots=True)
class Claims:
    username: str
    expires: float
    seed: str
    kind: str


def encode(secret: str, username: str, kind: str, seed: str) -> str:
    expires = APITOKEN_EXPIRES if kind == APITOKEN else int(time.time()) + WEBTOKEN_LIFETIME
    payload = {"username": username, "expires": expires, "seed": seed, "kind": kind}
    return jwt.encode(payload, secret, algorithm=ALGORITHM)


def decode(secret: str, token: str) -> Claims | None:
    """The claims of a TimeTagger-style token; None for another token signed by this server
    (a Punchclock web token). Raises InvalidToken when the signature or the claims are wrong."""
    verified = _verified(secret, token)
    if verified is None:
        return None
    username, expires, seed, kind = verified
    if kind not in KINDS:
        kind = APITOKEN if expires > time.time() + WEBTOKEN_LIFETIME else WEBTOKEN
    return Claims(username, float(expires), seed, kind)


# Clients send the same token with every poll, and checking it cost a tenth of a no-change poll.
# A token's signature and claims are a pure function of the token and the secret, so the outcome
# is kept (not a failure: lru_cache keeps no exception); the seed and the expiry are still checked
# on every sign-in (authenticate).
@functools.lru_cache(maxsize=1024)
def _verified(secret: str, token: str) -> tuple[str, int | float, str, Any] | None:
    try:
        payload: dict[str, Any] = jwt.decode(
            token, secret, algorithms=[ALGORITHM], options={"verify_exp": False}
        )
    except jwt.PyJWTError as exc:
        raise InvalidToken("The authtoken is invalid") from exc
    if "username" not in payload:
        return None
    username, expires, seed = payload.get("username"), payload.get("expires"), payload.get("seed")
    if (
        not isinstance(username, str)
        or not isinstance(seed, str)
        or isinstance(expires, bool)
        or not isinstance(expires, int | float)
    ):
        raise InvalidToken("The authtoken is invalid")
    return username, expires, seed, payload.get("kind")


def _seed_of(user: Any, kind: str) -> str | None:
    return user.tt_api_seed if kind == APITOKEN else user.tt_web_seed


def authenticate(session: Session, claims: Claims) -> Principal:
    user = user_service.get_by_username(session, claims.username)
    seed = _seed_of(user, claims.kind) if user is not None else None
    if user is None or not seed or not secrets.compare_digest(seed, claims.seed):
        raise InvalidToken(f"The {claims.kind} is revoked (seed does not match)")
    if not user.is_active:
        raise InvalidToken(f"The account is disabled; the {claims.kind} is revoked")
    if claims.expires < time.time():
        raise InvalidToken(f"The {claims.kind} has expired")
    return Principal(
        user_id=user.id,
        username=user.username,
        role=user.role,
        scopes=effective_scopes(user.role, None),
        kind="api" if claims.kind == APITOKEN else "web",
        timezone=user.timezone,
        seen=reach.load(session, user.id, user.role),
        projects=reach.projects(session, user.id, user.role),
    )


def issue(session: Session, secret: str, user_id: int, kind: str, reset: bool = False) -> str:
    """A token of ``kind`` for the user; ``reset`` rotates the seed first (revoking the old ones).

    The seed is made on first use. Two first uses at once agree on one seed: the write only fills
    an empty seed, and the second reads what the first wrote.
    """
    if reset:
        repository.replace_seed(session, user_id, kind, secrets.token_urlsafe(12))
        after_commit(session, auth_cache.revoke_all)
        event_service.revoked(session, user_id)
    else:
        repository.fill_seed(session, user_id, kind, secrets.token_urlsafe(12))
    username, seed = repository.seed_of(session, user_id, kind)
    return encode(secret, username, kind, seed)


def check_password(
    session: Session, username: str, password: str, totp_code: str | None = None, address: str = ""
) -> int:
    """The id of the active account with these credentials, and a current code when it has two-factor
    sign-in on (TimeTagger answers 403, not 401). ``address``: the client's, for the audit log."""
    try:
        return auth_service.check_sign_in(session, username, password, totp_code, None, address=address).id
    except Unauthorized as exc:
        raise Forbidden(exc.message, code=exc.code) from exc


def active_user(session: Session, username: str, why: str) -> int:
    """The id of an active account named ``username`` (for localhost and proxy sign-in)."""
    user = user_service.get_by_username(session, username) if username else None
    if user is None or not user.is_active:
        raise Forbidden(f"{why}: no active account named {username[:64]!r}")
    return user.id
