from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request

from punchclock.auth.deps import SessionOrAdmin, client_address, require
from punchclock.auth.scopes import Principal
from punchclock.responses import JSONResp
from punchclock.setting import service
from punchclock.setting.schemas import SettingsRead, SettingsUpdate, WorkspaceEnvelope, WorkspaceUpdate

router = APIRouter(prefix="/settings", tags=["settings"])

Reader = Annotated[Principal, require("read:users")]
Admin = Annotated[Principal, require("admin:all")]


@router.get("", response_model=SettingsRead)
async def get_settings(request: Request, principal: Reader) -> JSONResp:
    """The caller's web app preferences (pc_* keys) and the workspace's settings (its currency)."""
    return JSONResp(await request.app.state.db.read(service.with_workspace, principal.user_id))


@router.put("", response_model=SettingsRead)
async def put_settings(request: Request, principal: SessionOrAdmin, body: SettingsUpdate) -> JSONResp:
    """Set some of the caller's web app preferences (web session or admin:all); others stay."""
    return JSONResp(await request.app.state.db.write(service.put_settings, principal.user_id, body.settings))


@router.get("/workspace", response_model=WorkspaceEnvelope)
async def get_workspace(request: Request, _: Reader) -> JSONResp:
    """The workspace's settings, the same for everybody: the currency of every amount."""
    return JSONResp({"workspace": await request.app.state.db.read(service.workspace)})


@router.put("/workspace", response_model=WorkspaceEnvelope)
async def put_workspace(request: Request, principal: Admin, body: WorkspaceUpdate) -> JSONResp:
    """Change the workspace's settings (admins); the change is in the audit log."""
    changes = body.model_dump(exclude_unset=True)
    work = (service.update_workspace, changes, principal.user_id, client_address(request))
    return JSONResp({"workspace": await request.app.state.db.write(*work)})
