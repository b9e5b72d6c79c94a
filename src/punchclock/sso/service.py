"""Single sign-on's rules: who a provider's word signs in, with which role, and the single-use steps.

Notes:
A person is known by the provider's issuer and their ``sub`` there (``user_identities``), never by
e-mail address or username alone: an address can be re-assigned or unverified at the provider, and
a provider account named like a local one is not the same person. So an identity reaches an
existing account only when an administrator linked the two (``punchclock user link-sso``); with
``oidc_create_users`` a new identity gets a new account of its own, under a free username.

Every refusal of a person (no linked account, account disabled) is the same ``oidc_denied`` with
the same message, so a sign-in attempt reveals nothing about which accounts exist.

The sign-in answer (the web token) reaches the web app through a one-time code in the redirect's
fragment, which the app exchanges with a POST (``redeem``) within ``HANDOFF_SECONDS``. Fragments are
not sent to servers, not logged by proxies and not leaked in Referer headers; the stored answer is
encrypted with a key only the code gives, so a database row alone is no token.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import secrets
from dataclasses import dataclass
from typing import Any

import orjson
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy.orm import Session

from punchclock.audit import service as audit_service
from punchclock.errors import Conflict
from punchclock.identity import service as identity_service
from punchclock.kit.secret import sha256_hex
from punchclock.kit.timeutil import now_ts
from punchclock.models import SsoFlow, User, UserIdentity
from punchclock.sso import repository
from punchclock.sso.errors import BadHandoff, SignInDenied, SignInFailed
from punchclock.user import service as user_service

HANDOFF_SECONDS = 60
DENIED = "Single sign-on worked, but it gives no access to Punchclock. Ask your administrator."
_NOT_NAME = re.compile(r"[^a-z0-9_.@-]+")


@dataclass(frozen=True)
class Rules:
    create_users: bool
    default_role: str
    role_claim: str | None
    admin_groups: frozenset[str]
    manager_groups: frozenset[str]
    username_claim: str
    keep_role_of: str | None = None  # the break-glass administrator keeps their role


@dataclass(frozen=True)
class Sign:
    """Where the session begins: what identity.service.start needs besides the user."""

    client: str
    address: str
    secret: str
    ttl: int


def groups(settings_value: str | None) -> frozenset[str]:
    return frozenset(g.strip() for g in (settings_value or "").split(",") if g.strip())


def use_state(session: Session, state: str, expires_at: int) -> None:
    """Mark a flow's state used (until its cookie expires); refused when it was used before.

    Nothing is stored when a flow begins: starting one costs no write, however often it is asked
    for. The state is remembered once used, for as long as its flow cookie could still be valid.
    """
    now = now_ts()
    repository.purge_flows(session, now)
    row = SsoFlow(kind="state", key_hash=sha256_hex(f"state:{state}"), expires_at=max(expires_at, now + 1))
    if not repository.add_flow(session, row):
        raise SignInFailed("This sign-in was already used; please start again")


def role_for(claims: dict[str, Any], rules: Rules) -> str | None:
    """The role the claim gives (None: roles are not taken from the provider)."""
    if not rules.role_claim:
        return None
    value = claims.get(rules.role_claim)
    values = {value} if isinstance(value, str) else {v for v in value or [] if isinstance(v, str)}
    if values & rules.admin_groups:
        return "admin"
    if values & rules.manager_groups:
        return "manager"
    return rules.default_role


def sign_in(
    session: Session, issuer: str, claims: dict[str, Any], id_token: str, rules: Rules, where: Sign
) -> str | None:
    """Sign the provider's user in: a web session and the one-time handoff code for it.

    None when the person may not sign in (the refusal is audited, so it must commit: no raise).
    """
    subject = claims["sub"]
    now = now_ts()
    link = repository.identity(session, issuer, subject)
    user = user_service.find(session, link.user_id) if link else None
    if user is None and rules.create_users:
        user = _create(session, claims, rules, where.address)
        link = repository.add_identity(
            session, UserIdentity(user_id=user.id, issuer=issuer, subject=subject, created_at=now)
        )
    if user is None or link is None or not user.is_active:
        reason = "disabled" if user is not None else "no_account"
        claimed = claims.get(rules.username_claim) or claims.get("email")
        name = user.username if user is not None else claimed if isinstance(claimed, str) else ""
        audit_service.sign_in_failed(
            session, name, kind="session", reason=reason, address=where.address,
            method="oidc", issuer=issuer, subject=subject,
        )  # fmt: skip
        return None
    role = role_for(claims, rules)
    if role is not None and role != user.role and user.username != rules.keep_role_of:
        detail = {"from": user.role, "to": role, "claim": rules.role_claim}
        user_service.update(session, user, {"role": role})
        audit_service.record(
            session,
            "sso.role_changed",
            actor_id=None,
            target_user_id=user.id,
            address=where.address,
            detail=detail,
        )
    email = claims.get("email")
    link.email = email[:254] if isinstance(email, str) else None
    link.last_login_at = now
    answer = identity_service.start(
        session,
        user,
        method="oidc",
        client=where.client,
        address=where.address,
        secret=where.secret,
        ttl=where.ttl,
        id_token=id_token,
    )
    return _hand_off(session, answer, now)


def denied() -> SignInDenied:
    return SignInDenied(DENIED)


def _create(session: Session, claims: dict[str, Any], rules: Rules, address: str) -> User:
    email = claims.get("email") if claims.get("email_verified", True) is not False else None
    name = claims.get("name")
    user = user_service.create(
        session,
        _free_username(session, claims, rules.username_claim),
        secrets.token_urlsafe(32),  # nobody knows it: the account signs in with single sign-on
        role=role_for(claims, rules) or rules.default_role,
        display_name=name[:200] if isinstance(name, str) else "",
        email=email[:254] if isinstance(email, str) else None,
    )
    audit_service.record(
        session,
        "sso.user_created",
        actor_id=None,
        target_user_id=user.id,
        address=address,
        detail={"username": user.username, "role": user.role},
    )
    return user


def _free_username(session: Session, claims: dict[str, Any], claim: str) -> str:
    """A username from the claim (or the e-mail address) that no account has yet."""
    wanted = next((v for v in (claims.get(claim), claims.get("email")) if isinstance(v, str) and v), "user")
    base = _NOT_NAME.sub("-", wanted.strip().lower()).strip("-_.@")[:56] or "user"
    for n in range(1, 100):
        name = base if n == 1 else f"{base}-{n}"
        if user_service.get_by_username(session, name) is None:
            return name
    return f"{base}-{secrets.token_hex(3)}"


def _cipher(code: str) -> AESGCM:
    return AESGCM(hashlib.sha256(f"sso-handoff-key:{code}".encode()).digest())


def _hand_off(session: Session, answer: dict[str, Any], now: int) -> str:
    code = secrets.token_urlsafe(32)
    nonce = os.urandom(12)
    sealed = nonce + _cipher(code).encrypt(nonce, orjson.dumps(answer), None)
    repository.add_flow(
        session,
        SsoFlow(
            kind="handoff",
            key_hash=sha256_hex(f"handoff:{code}"),
            payload=base64.b64encode(sealed).decode("ascii"),
            expires_at=now + HANDOFF_SECONDS,
        ),
    )
    return code


def redeem(session: Session, code: str) -> dict[str, Any]:
    """The sign-in answer a handoff code stands for; the code works once, for HANDOFF_SECONDS."""
    taken = repository.take_flow(session, "handoff", sha256_hex(f"handoff:{code}"), now_ts())
    if taken is None or taken[0] is None:
        raise BadHandoff("This sign-in link was already used or has expired; please sign in again")
    sealed = base64.b64decode(taken[0])
    try:
        answer: dict[str, Any] = orjson.loads(_cipher(code).decrypt(sealed[:12], sealed[12:], None))
    except InvalidTag as exc:
        raise BadHandoff("This sign-in link is not valid") from exc
    return answer


def link(session: Session, username: str, issuer: str, subject: str) -> UserIdentity:
    """Link an account to a provider identity (an administrator's decision)."""
    user = user_service.require_by_username(session, username)
    existing = repository.identity(session, issuer, subject)
    if existing is not None:
        if existing.user_id == user.id:
            return existing
        owner = user_service.get(session, existing.user_id)
        raise Conflict(f"That identity is linked to the account '{owner.username}'", code="sso_linked")
    row = UserIdentity(user_id=user.id, issuer=issuer, subject=subject, created_at=now_ts())
    audit_service.record(
        session,
        "sso.linked",
        actor_id=None,
        target_user_id=user.id,
        detail={"issuer": issuer, "subject": subject},
    )
    return repository.add_identity(session, row)


def unlink(session: Session, username: str, issuer: str, subject: str) -> bool:
    user = user_service.require_by_username(session, username)
    removed = repository.remove_identity(session, user.id, issuer, subject) > 0
    if removed:
        detail = {"issuer": issuer, "subject": subject}
        audit_service.record(session, "sso.unlinked", actor_id=None, target_user_id=user.id, detail=detail)
    return removed


def identities(session: Session, username: str) -> list[dict[str, Any]]:
    user = user_service.require_by_username(session, username)
    return [
        {"issuer": r.issuer, "subject": r.subject, "email": r.email, "last_login_at": r.last_login_at}
        for r in repository.identities_of(session, user.id)
    ]
