from __future__ import annotations

from pydantic import BaseModel


class VersionList(BaseModel):
    versions: list[dict[str, object]]


class Restored(BaseModel):
    message: str
    time_entry: dict[str, object] | None
