"""Two-factor sign-in: enrolment, recovery codes, the workspace policy and the check at sign-in.

Notes:
A user enrols by scanning a fresh secret and typing a code from it; only then does the factor count,
and ten recovery codes are shown, once (only their digests are kept). From then on every password
sign-in (the web app, devices, TimeTagger's clients) needs a current code or an unused recovery code;
API tokens are the machine path and need none. Each code is good once (see repository).

The policy (``off``, ``admins``, ``everyone``) is a server setting. A person it covers who has not
enrolled still signs in to the web app, but that session may only enrol (``must_enrol`` marks its
principal; auth.deps refuses everything else); devices and TimeTagger's clients are refused until
then, since they cannot show a QR code.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from typing import Any

import orjson
from sqlalchemy.orm import Session

from punchclock.audit import service as audit_service
from punchclock.auth import cache as auth_cache
from punchclock.auth.passwords import verify_password
from punchclock.db import after_commit
from punchclock.errors import BadRequest, Conflict, Forbidden, Unauthorized, ValidationFailed
from punchclock.event import service as event_service
from punchclock.kit.timeutil import iso, now_ts
from punchclock.models import User, UserTotp
from punchclock.setting import server as server_settings
from punchclock.twofactor import qr, repository, totp
from punchclock.user import service as user_service

POLICY_KEY = "twofactor.policy"  # a server setting (setting.service)

POLICIES = ("off", "admins", "everyone")
ISSUER = "Punchclock"
RECOVERY_COUNT = 10
# No 0/o, 1/l/i: recovery codes are read off paper. 31 symbols, 10 of them: about 50 bits.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
TOTP_REQUIRED = "totp_required"
BAD_CODE = "bad_totp_code"
ENROLMENT_REQUIRED = "totp_enrolment_required"
# Refusals that come only after a right password: the sign-in throttle does not count them as failures.
AFTER_THE_PASSWORD = (TOTP_REQUIRED, ENROLMENT_REQUIRED)
ENROL_IN_THE_WEB_APP = (
    "This account must use two-factor sign-in: sign in to the web app and set it up under Settings first"
)


def _digest(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def _normalize_recovery(code: str) -> str:
    return totp.normalize(code).lower()


def new_recovery_codes() -> list[str]:
    codes = ["".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10)) for _ in range(RECOVERY_COUNT)]
    return [f"{c[:5]}-{c[5:]}" for c in codes]


# The policy


def policy(session: Session) -> str:
    raw = server_settings.value(session, POLICY_KEY)
    value = orjson.loads(raw).get("policy") if raw else None
    return value if value in POLICIES else "off"


def set_policy(session: Session, value: str, actor_id: int | None, address: str) -> dict[str, Any]:
    """Set the policy. An admin who would be covered sets up their own second factor first, so that
    the change does not hold their own session on the set-up screen (``actor_id`` None: the CLI)."""
    if value not in POLICIES:
        raise ValidationFailed(f"The policy must be one of: {', '.join(POLICIES)}")
    actor = user_service.get(session, actor_id) if actor_id is not None else None
    covered = value == "everyone" or (value == "admins" and actor is not None and actor.role == "admin")
    if actor is not None and covered and repository.confirmed(session, actor.id) is None:
        raise Conflict("Set up two-factor sign-in for yourself first (Settings)", code="totp_enrol_first")
    before = policy(session)
    server_settings.put(session, POLICY_KEY, orjson.dumps({"policy": value}).decode())
    if before != value:
        detail = {"from": before, "to": value}
        audit_service.record(session, "totp.policy", actor_id=actor_id, address=address, detail=detail)
        after_commit(session, auth_cache.revoke_all)  # cached principals carry the old answer
    return policy_dict(session)


def policy_dict(session: Session) -> dict[str, Any]:
    return {"policy": policy(session), "enrolled_user_ids": repository.enrolled_ids(session)}


def required(session: Session, user: User) -> bool:
    """Whether the workspace policy requires a second factor of this user."""
    rule = policy(session)
    return rule == "everyone" or (rule == "admins" and user.role == "admin")


def must_enrol(session: Session, user: User) -> bool:
    """Whether the policy requires a second factor that the user has not set up yet."""
    return required(session, user) and repository.confirmed(session, user.id) is None


# One's own factor


def status(session: Session, user_id: int) -> dict[str, Any]:
    user = user_service.get(session, user_id)
    row = repository.get(session, user_id)
    enrolled = row is not None and row.confirmed_at is not None
    return {
        "enrolled": enrolled,
        "enrolling": row is not None and not enrolled,
        "enrolled_at": iso(row.confirmed_at) if row and row.confirmed_at else None,
        "recovery_codes_left": repository.codes_left(session, user_id) if enrolled else 0,
        "policy": policy(session),
        "required": required(session, user),
    }


def begin(session: Session, user_id: int) -> dict[str, Any]:
    """Start (or restart) enrolment: a new secret, its otpauth URI and the QR code of it."""
    user = user_service.get(session, user_id)
    if repository.confirmed(session, user_id) is not None:
        raise Conflict("Two-factor sign-in is already on; turn it off first", code="totp_already_enrolled")
    secret = totp.new_secret()
    repository.start(session, user_id, secret, now_ts())
    link = totp.uri(secret, user.username, ISSUER)
    return {"secret": secret, "otpauth_uri": link, "svg": qr.svg(link)}


def confirm(session: Session, user_id: int, code: str, address: str) -> dict[str, Any]:
    """Turn the factor on with a first code from the new secret; the recovery codes, shown once."""
    row = repository.get(session, user_id)
    if row is None or row.confirmed_at is not None:
        raise Conflict("Start the set-up first (POST /auth/2fa/enrol)", code="totp_not_enrolling")
    now = time.time()
    step = totp.matching_step(row.secret, totp.normalize(code), now, row.last_step)
    if step is None or not repository.use_step(session, user_id, step, confirm_at=int(now)):
        raise BadRequest("The code is not right; type the newest code your app shows", code=BAD_CODE)
    codes = _replace_codes(session, user_id)
    audit_service.record(session, "totp.enrol", actor_id=user_id, target_user_id=user_id, address=address)
    _changed(session, user_id)
    return {"recovery_codes": codes}


def regenerate_codes(session: Session, user_id: int, code: str, address: str) -> dict[str, Any]:
    """New recovery codes for a current code (the old ones stop working)."""
    row = _enrolled(session, user_id)
    if _use(session, row, code) is None:
        raise BadRequest("The code is not right", code=BAD_CODE)
    codes = _replace_codes(session, user_id)
    audit_service.record(
        session, "totp.recovery_codes", actor_id=user_id, target_user_id=user_id, address=address
    )
    return {"recovery_codes": codes}


def disable(session: Session, user_id: int, password: str, code: str, address: str) -> None:
    """Turn the factor off: the password and a current code (or a recovery code) prove it is the owner."""
    user = user_service.get(session, user_id)
    row = _enrolled(session, user_id)
    if not verify_password(user.password_hash, password):
        raise BadRequest("The password is not correct", code="wrong_password")
    if _use(session, row, code) is None:
        raise BadRequest("The code is not right", code=BAD_CODE)
    repository.remove(session, user_id)
    audit_service.record(session, "totp.disable", actor_id=user_id, target_user_id=user_id, address=address)
    _changed(session, user_id)


def reset(session: Session, user_id: int, actor_id: int | None, address: str, via: str) -> bool:
    """An admin turns someone's factor off (a lost phone); whether there was one to turn off."""
    user_service.get(session, user_id)
    removed = repository.remove(session, user_id)
    if removed:
        audit_service.record(
            session, "totp.reset", actor_id=actor_id, target_user_id=user_id, address=address,
            detail={"via": via},
        )  # fmt: skip
        _changed(session, user_id)
    return removed


# At sign-in


def second_factor(
    session: Session, user: User, totp_code: str | None, recovery_code: str | None, *, web: bool
) -> str:
    """Check the second factor of a user whose password was right: the sign-in method it makes.

    Raises 401 ``totp_required`` when a code is needed and none came (only someone who knows the
    password learns that), 401 ``bad_totp_code`` for a wrong or used code, and, for a device or
    TimeTagger's clients (``web`` false), 403 when the policy requires a factor not yet set up.
    """
    row = repository.confirmed(session, user.id)
    if row is None:
        if not web and required(session, user):
            raise Forbidden(ENROL_IN_THE_WEB_APP, code=ENROLMENT_REQUIRED)
        return "password"
    if not totp_code and not recovery_code:
        raise Unauthorized("Enter the code from your authenticator app", code=TOTP_REQUIRED)
    method = _use(session, row, totp_code, digits_only=True) if totp_code else None
    if method is None and recovery_code:
        method = _use(session, row, recovery_code, digits_only=False)
    if method is None:
        raise Unauthorized("The code is not right, or was used already", code=BAD_CODE)
    return method


# Helpers


def _enrolled(session: Session, user_id: int) -> UserTotp:
    row = repository.confirmed(session, user_id)
    if row is None:
        raise Conflict("Two-factor sign-in is not on", code="totp_not_enrolled")
    return row


def _use(session: Session, row: UserTotp, code: str, digits_only: bool | None = None) -> str | None:
    """Use ``code`` (a current TOTP code, or a recovery code) once: "totp", "recovery" or None.

    ``digits_only`` says which kind it is; None: six digits are a TOTP code, anything else not.
    """
    typed = totp.normalize(code)
    if digits_only is None:
        digits_only = len(typed) == totp.DIGITS and typed.isdigit()
    if digits_only:
        step = totp.matching_step(row.secret, typed, time.time(), row.last_step)
        return "totp" if step is not None and repository.use_step(session, row.user_id, step) else None
    if not repository.use_code(session, row.user_id, _digest(_normalize_recovery(typed)), now_ts()):
        return None
    left = repository.codes_left(session, row.user_id)
    audit_service.record(
        session, "totp.recovery_used", actor_id=row.user_id, target_user_id=row.user_id,
        detail={"codes_left": left},
    )  # fmt: skip
    return "recovery"


def _replace_codes(session: Session, user_id: int) -> list[str]:
    codes = new_recovery_codes()
    repository.replace_codes(session, user_id, [_digest(_normalize_recovery(c)) for c in codes], now_ts())
    return codes


def _changed(session: Session, user_id: int) -> None:
    # A session may turn enrolment-only or stop being so: cached principals and sockets re-check.
    after_commit(session, auth_cache.revoke_all)
    event_service.revoked(session, user_id)
