"""An entry's history over HTTP: its versions, and putting one back."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request

from punchclock.auth.deps import require
from punchclock.auth.scopes import Principal
from punchclock.history import service
from punchclock.history.schemas import Restored, VersionList
from punchclock.responses import JSONResp

router = APIRouter(prefix="/time-entries", tags=["time entries"])

Reader = Annotated[Principal, require("read:time_entries")]
Writer = Annotated[Principal, require("write:time_entries")]
EntryId = Annotated[int, Path(ge=1, le=2**31 - 1)]
VersionId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("/{entry_id}/history", response_model=VersionList)
async def entry_history(request: Request, principal: Reader, entry_id: EntryId) -> JSONResp:
    """Every change to the entry, newest first: who, when, through which path, and the entry after it."""
    return JSONResp({"versions": await request.app.state.db.read(service.versions, principal, entry_id)})


@router.post("/{entry_id}/history/{version_id}/restore", response_model=Restored)
async def restore_version(
    request: Request, principal: Writer, entry_id: EntryId, version_id: VersionId
) -> JSONResp:
    """Make the entry as it was in that version (itself a change, kept in the history)."""
    entry = await request.app.state.db.write(service.restore_version, principal, entry_id, version_id)
    return JSONResp({"message": "Version restored", "time_entry": entry})
