"""Favourite projects: listed with read:projects; marked and unmarked with write:users (a personal
preference, like the profile), by any role."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request

from punchclock.auth.deps import require
from punchclock.auth.scopes import Principal
from punchclock.favorite import service
from punchclock.favorite.schemas import FavoriteCreate, FavoriteList, FavoriteMessage
from punchclock.responses import JSONResp

router = APIRouter(prefix="/users/me/favorites/projects", tags=["favorites"])

Reader = Annotated[Principal, require("read:projects")]
Writer = Annotated[Principal, require("write:users")]


@router.get("", response_model=FavoriteList)
async def list_favorites(request: Request, principal: Reader) -> JSONResp:
    """The caller's favourite projects."""
    return JSONResp({"favorites": await request.app.state.db.read(service.list_dicts, principal.user_id)})


@router.post("", status_code=201, response_model=FavoriteMessage, responses={200: {"model": FavoriteMessage}})
async def add_favorite(request: Request, principal: Writer, body: FavoriteCreate) -> JSONResp:
    """Mark a project as a favourite (201; 200 if it already was)."""
    favorite, added = await request.app.state.db.write(service.add, principal.user_id, body.project_id)
    if added:
        return JSONResp({"message": "Project favorited successfully", "favorite": favorite}, status_code=201)
    return JSONResp({"message": "Already favorited", "favorite": favorite})


@router.delete("/{project_id}")
async def remove_favorite(
    request: Request, principal: Writer, project_id: Annotated[int, Path(ge=1, le=2**31 - 1)]
) -> JSONResp:
    """Unmark a favourite project (404 if it was not one)."""
    await request.app.state.db.write(service.remove, principal.user_id, project_id)
    return JSONResp({"message": "Favorite removed successfully"})
