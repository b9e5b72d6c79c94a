from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, Field, Strict, StringConstraints

from punchclock.audit.service import MAX_RETENTION_DAYS
from punchclock.kit.types import Input

# Only the web app's own keys: TimeTagger's settings (first_day_of_week, taginfo ...) belong to its
# clients and travel through the sync API, which stamps them the same way.
SettingKey = Annotated[str, StringConstraints(pattern=r"^pc_[a-z0-9_]{1,40}$")]


class SettingsUpdate(Input):
    settings: dict[SettingKey, Any] = Field(max_length=50, description="pc_* keys to JSON values")


class WorkspaceRead(BaseModel):
    currency: str = Field(description="ISO 4217 code of every amount (USD until an admin sets one)")
    currency_decimals: int = Field(description="How many decimals the currency's amounts are written with")
    audit_retention_days: int | None = Field(
        description="How many days the audit log keeps its events (null: for ever)"
    )


class WorkspaceUpdate(Input):
    currency: str | None = Field(
        None, min_length=3, max_length=3, description="An ISO 4217 code: EUR, USD ..."
    )
    audit_retention_days: Annotated[int, Strict()] | None = Field(
        None,
        ge=1,
        le=MAX_RETENTION_DAYS,
        description="Keep audit events this many days, then delete them (null: keep them for ever)",
    )


class WorkspaceEnvelope(BaseModel):
    workspace: WorkspaceRead


class SettingsRead(BaseModel):
    settings: dict[str, Any]
    workspace: WorkspaceRead = Field(description="The workspace's settings, the same for everybody")
