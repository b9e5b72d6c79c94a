from __future__ import annotations

from pydantic import BaseModel

from punchclock.kit.types import Id, Input


class FavoriteCreate(Input):
    project_id: Id


class FavoriteRead(BaseModel):
    id: int
    user_id: int
    project_id: int
    created_at: str


class FavoriteList(BaseModel):
    favorites: list[FavoriteRead]


class FavoriteMessage(BaseModel):
    message: str
    favorite: FavoriteRead
