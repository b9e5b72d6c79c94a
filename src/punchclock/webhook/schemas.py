from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from punchclock.kit.pagination import PaginationRead
from punchclock.kit.types import Flag, Id, Input, LongText, NoNul

Url = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000), NoNul]
Pattern = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64), NoNul]
Events = Annotated[list[Pattern], Field(min_length=1, max_length=50)]


class WebhookCreate(Input):
    url: Url = Field(description="http(s) URL that receives POSTs")
    events: Events = Field(default_factory=lambda: ["*"], description="Event names, 'group.*' or '*'")
    description: LongText = ""
    scope: Literal["own", "team"] = Field("own", description="'team': everyone's events (managers, admins)")
    active: Flag = True
    user_id: Id | None = Field(None, description="Admins may create webhooks for other users")


class WebhookUpdate(Input):
    url: Url | None = None
    events: Events | None = None
    description: LongText | None = None
    scope: Literal["own", "team"] | None = None
    active: Flag | None = Field(None, description="true re-enables a hook that was disabled after failures")
    rotate_secret: Flag = Field(False, description="Make a new signing secret (returned once)")


class WebhookRead(BaseModel):
    id: int
    user_id: int
    url: str
    description: str
    events: list[str]
    scope: str
    active: bool
    failure_count: int
    disabled_reason: str | None
    created_at: str
    updated_at: str


class WebhookWithSecret(WebhookRead):
    secret: str = Field(description="Signing secret, shown only when created or rotated")


class WebhookCreated(BaseModel):
    message: str
    webhook: WebhookWithSecret


class WebhookMessage(BaseModel):
    message: str
    webhook: WebhookRead


class WebhookList(BaseModel):
    webhooks: list[WebhookRead]
    pagination: PaginationRead


class DeliveryRead(BaseModel):
    id: int
    webhook_id: int
    event_id: str
    event: str
    status: str
    attempts: int
    response_status: int | None
    error: str | None
    duration_ms: int | None
    created_at: str
    last_attempt_at: str | None
    next_attempt_at: str | None


class DeliveryList(BaseModel):
    deliveries: list[DeliveryRead]
    pagination: PaginationRead


class PingResult(BaseModel):
    message: str
    delivery: DeliveryRead


class SendingState(BaseModel):
    paused: bool = Field(description="true: nothing is sent; deliveries stay pending until resumed")
    reason: str | None = None
    since: str | None = None
    pending_deliveries: int
