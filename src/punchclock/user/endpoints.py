from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel

from punchclock.auth.deps import CurrentPrincipal, client_address, require
from punchclock.auth.scopes import Principal
from punchclock.errors import Forbidden, NotFound
from punchclock.identity import service as identity_service
from punchclock.kit.pagination import PaginationRead, pagination
from punchclock.params import PageDep, put_and_patch
from punchclock.responses import JSONResp
from punchclock.user import service
from punchclock.user.schemas import (
    MeUpdate,
    PasswordChange,
    UserCreate,
    UserEnvelope,
    UserMessage,
    UserRead,
    UserUpdate,
)

router = APIRouter(prefix="/users", tags=["users"])

Reader = Annotated[Principal, require("read:users")]
ProfileWriter = Annotated[Principal, require("write:users")]
Admin = Annotated[Principal, require("admin:all")]
UserId = Annotated[int, Path(ge=1, le=2**31 - 1)]


class UserList(BaseModel):
    users: list[UserRead]
    pagination: PaginationRead


@router.get("/me", response_model=UserEnvelope)
async def get_me(request: Request, principal: Reader) -> JSONResp:
    """The authenticated user."""
    return JSONResp({"user": await request.app.state.db.read(service.get_dict, principal.user_id)})


@router.patch("/me", response_model=UserMessage)
async def update_me(request: Request, principal: ProfileWriter, body: MeUpdate) -> JSONResp:
    """Change one's own display name, email, time zone or week start."""
    changes = body.model_dump(exclude_unset=True)
    work = (service.update_dict, principal.user_id, changes, principal.user_id, client_address(request))
    user = await request.app.state.db.write(*work)
    return JSONResp({"message": "User updated successfully", "user": user})


@router.post("/me/password")
async def change_password(request: Request, principal: CurrentPrincipal, body: PasswordChange) -> JSONResp:
    """Change one's own password: every other session and device is signed out; this session goes
    on with the fresh token in the answer."""
    if principal.kind != "web":
        raise Forbidden("Passwords can only be changed from a signed-in session", code="web_only")
    state = request.app.state
    ttl = state.settings.web_token_ttl_seconds
    work = (principal, body.current_password, body.new_password, state.secret, ttl, client_address(request))
    result = await state.db.write(identity_service.change_password, *work)
    return JSONResp({"message": "Password changed; other sessions were signed out", **result})


@router.get("", response_model=UserList)
async def list_users(
    request: Request,
    principal: Reader,
    page: PageDep,
    active: bool | None = None,
    role: Annotated[Literal["admin", "manager", "member"] | None, Query()] = None,
) -> JSONResp:
    """List users (managers and admins; a team lead the members of their teams, and themselves)."""
    if not principal.sees_everyone:
        raise Forbidden("Only managers and admins can list users", code="access_denied")
    work = (page, active, role, principal.reach)
    items, total = await request.app.state.db.read(service.list_dicts, *work)
    return JSONResp({"users": items, "pagination": pagination(page, total)})


@router.get("/{user_id:int}", response_model=UserEnvelope)
async def get_user(request: Request, principal: Reader, user_id: UserId) -> JSONResp:
    """Get a user: oneself, or (managers and admins) anyone whose time one sees."""
    if not principal.sees(user_id):
        raise NotFound("User not found")
    return JSONResp({"user": await request.app.state.db.read(service.get_dict, user_id)})


@router.post("", status_code=201, response_model=UserMessage)
async def create_user(request: Request, principal: Admin, body: UserCreate) -> JSONResp:
    """Create an account (admins)."""
    work = (service.create_dict, body.model_dump(), principal.user_id, client_address(request))
    user = await request.app.state.db.write(*work)
    return JSONResp({"message": "User created successfully", "user": user}, status_code=201)


@put_and_patch(router, "/{user_id:int}", response_model=UserMessage)
async def update_user(request: Request, principal: Admin, user_id: UserId, body: UserUpdate) -> JSONResp:
    """Change an account: role, active flag, password, profile (admins)."""
    changes = body.model_dump(exclude_unset=True)
    work = (service.update_dict, user_id, changes, principal.user_id, client_address(request))
    user = await request.app.state.db.write(*work)
    return JSONResp({"message": "User updated successfully", "user": user})


@router.delete("/{user_id:int}", response_model=UserMessage)
async def disable_user(request: Request, principal: Admin, user_id: UserId) -> JSONResp:
    """Disable an account (admins); its data is kept and its tokens stop working."""
    work = (service.update_dict, user_id, {"is_active": False}, principal.user_id, client_address(request))
    user = await request.app.state.db.write(*work)
    return JSONResp({"message": "User disabled", "user": user})
