"""``/api/v1/auth/2fa``: one's own second factor (a signed-in web session only), and for admins the
workspace policy and resetting someone's factor."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request

from punchclock.auth.deps import EnrollingPrincipal, client_address, require
from punchclock.auth.schemas import Message
from punchclock.auth.scopes import Principal
from punchclock.errors import Forbidden
from punchclock.responses import JSONResp
from punchclock.twofactor import service
from punchclock.twofactor.schemas import (
    CodeBody,
    DisableBody,
    Enrolment,
    PolicyBody,
    PolicyRead,
    RecoveryCodes,
    TwoFactorStatus,
)

router = APIRouter(tags=["auth"])

Admin = Annotated[Principal, require("admin:all")]
UserId = Annotated[int, Path(ge=1, le=2**31 - 1)]


async def _own_session(principal: EnrollingPrincipal) -> Principal:
    # Like a password change: a person at a browser, not a token, manages their second factor.
    # A session that must first set one up passes (it may do nothing else).
    if principal.kind != "web":
        raise Forbidden("Two-factor sign-in is managed from a signed-in session", code="web_only")
    return principal


Own = Annotated[Principal, Depends(_own_session)]


async def _checked(request: Request, principal: Principal, *work: Any) -> Any:
    """Run work that checks a code under the login throttle: guessing codes from a session is
    counted like guessing passwords."""
    state, address = request.app.state, client_address(request)
    await state.login_throttle.attempt(principal.username, address)
    result = await state.db.write(*work)
    await state.login_throttle.succeeded(principal.username, address)
    return result


@router.get("/auth/2fa", response_model=TwoFactorStatus)
async def get_status(request: Request, principal: Own) -> JSONResp:
    """Whether two-factor sign-in is on for the caller, recovery codes left, and the workspace policy."""
    return JSONResp(await request.app.state.db.read(service.status, principal.user_id))


@router.post("/auth/2fa/enrol", response_model=Enrolment)
async def enrol(request: Request, principal: Own) -> JSONResp:
    """Start setting up an authenticator app: a new secret, its otpauth URI and QR code (SVG).
    It counts once confirmed with a code."""
    return JSONResp(await request.app.state.db.write(service.begin, principal.user_id))


@router.post("/auth/2fa/confirm", response_model=RecoveryCodes)
async def confirm(request: Request, principal: Own, body: CodeBody) -> JSONResp:
    """Turn two-factor sign-in on with a code from the app; returns the recovery codes, shown once."""
    address = client_address(request)
    return JSONResp(
        await _checked(request, principal, service.confirm, principal.user_id, body.code, address)
    )


@router.post("/auth/2fa/recovery-codes", response_model=RecoveryCodes)
async def recovery_codes(request: Request, principal: Own, body: CodeBody) -> JSONResp:
    """Replace the recovery codes (the old ones stop working); needs a current code."""
    work = (service.regenerate_codes, principal.user_id, body.code, client_address(request))
    return JSONResp(await _checked(request, principal, *work))


@router.delete("/auth/2fa", response_model=Message)
async def disable(request: Request, principal: Own, body: DisableBody) -> JSONResp:
    """Turn two-factor sign-in off: needs the password and a current code (or a recovery code)."""
    work = (service.disable, principal.user_id, body.password, body.code, client_address(request))
    await _checked(request, principal, *work)
    return JSONResp({"message": "Two-factor sign-in is off"})


@router.get("/auth/2fa/policy", response_model=PolicyRead)
async def get_policy(request: Request, _: Admin) -> JSONResp:
    """The workspace policy (off, admins, everyone) and who has two-factor sign-in on (admins)."""
    return JSONResp(await request.app.state.db.read(service.policy_dict))


@router.put("/auth/2fa/policy", response_model=PolicyRead)
async def put_policy(request: Request, principal: Admin, body: PolicyBody) -> JSONResp:
    """Require two-factor sign-in of nobody, of admins or of everyone (admins). Those it covers who
    have not set it up can only set it up once signed in."""
    work = (service.set_policy, body.policy, principal.user_id, client_address(request))
    return JSONResp(await request.app.state.db.write(*work))


@router.delete("/users/{user_id}/2fa", response_model=Message, tags=["users"])
async def reset(request: Request, principal: Admin, user_id: UserId) -> JSONResp:
    """Turn someone's two-factor sign-in off, e.g. after a lost phone (admins; audited)."""
    work = (service.reset, user_id, principal.user_id, client_address(request), "api")
    removed = await request.app.state.db.write(*work)
    return JSONResp({"message": "Two-factor sign-in reset" if removed else "Two-factor sign-in was not on"})
