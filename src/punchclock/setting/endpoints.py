from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request

from punchclock.auth.deps import SessionOrAdmin, require
from punchclock.auth.scopes import Principal
from punchclock.responses import JSONResp
from punchclock.setting import service
from punchclock.setting.schemas import SettingsRead, SettingsUpdate

router = APIRouter(prefix="/settings", tags=["settings"])

Reader = Annotated[Principal, require("read:users")]


@router.get("", response_model=SettingsRead)
async def get_settings(request: Request, principal: Reader) -> JSONResp:
    """The caller's web app preferences (pc_* keys)."""
    data = await request.app.state.db.read(service.get_settings, principal.user_id)
    return JSONResp({"settings": data})


@router.put("", response_model=SettingsRead)
async def put_settings(request: Request, principal: SessionOrAdmin, body: SettingsUpdate) -> JSONResp:
    """Set some of the caller's web app preferences (web session or admin:all); others stay."""
    data = await request.app.state.db.write(service.put_settings, principal.user_id, body.settings)
    return JSONResp({"settings": data})
