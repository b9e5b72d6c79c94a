"""Presets: read with read:time_entries, written with write:time_entries, one's own only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request

from punchclock.auth.deps import require
from punchclock.auth.scopes import Principal
from punchclock.params import put_and_patch
from punchclock.preset import service
from punchclock.preset.schemas import PresetCreate, PresetEnvelope, PresetList, PresetMessage, PresetUpdate
from punchclock.responses import JSONResp

router = APIRouter(prefix="/presets", tags=["presets"])

Reader = Annotated[Principal, require("read:time_entries")]
Writer = Annotated[Principal, require("write:time_entries")]
PresetId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("", response_model=PresetList)
async def list_presets(request: Request, principal: Reader) -> JSONResp:
    """The caller's presets, by name."""
    return JSONResp({"presets": await request.app.state.db.read(service.list_dicts, principal)})


@router.post("", status_code=201, response_model=PresetMessage)
async def create_preset(request: Request, principal: Writer, body: PresetCreate) -> JSONResp:
    """Save a preset (409 preset_exists for a name already used, preset_limit past 50)."""
    preset = await request.app.state.db.write(service.create, principal, body.model_dump())
    return JSONResp({"message": "Preset created successfully", "preset": preset}, status_code=201)


@router.get("/{preset_id}", response_model=PresetEnvelope)
async def get_preset(request: Request, principal: Reader, preset_id: PresetId) -> JSONResp:
    """Get one preset."""
    return JSONResp({"preset": await request.app.state.db.read(service.get_dict, principal, preset_id)})


@put_and_patch(router, "/{preset_id}", response_model=PresetMessage)
async def update_preset(
    request: Request, principal: Writer, preset_id: PresetId, body: PresetUpdate
) -> JSONResp:
    """Change a preset; only the fields sent change."""
    changes = body.model_dump(exclude_unset=True)
    preset = await request.app.state.db.write(service.update, principal, preset_id, changes)
    return JSONResp({"message": "Preset updated successfully", "preset": preset})


@router.delete("/{preset_id}")
async def delete_preset(request: Request, principal: Writer, preset_id: PresetId) -> JSONResp:
    """Delete a preset."""
    await request.app.state.db.write(service.delete, principal, preset_id)
    return JSONResp({"message": "Preset deleted successfully"})
