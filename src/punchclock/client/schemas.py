from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from punchclock.kit.pagination import PaginationRead
from punchclock.kit.types import Email, Input, LongText, Money, Name, Phone, ShortText

ClientStatus = Literal["active", "archived"]


class ClientCreate(Input):
    name: Name
    email: Email | None = None
    company: ShortText | None = None
    phone: Phone | None = None
    address: LongText | None = None
    default_hourly_rate: Money | None = None
    status: ClientStatus = "active"


class ClientUpdate(Input):
    name: Name | None = None
    email: Email | None = None
    company: ShortText | None = None
    phone: Phone | None = None
    address: LongText | None = None
    default_hourly_rate: Money | None = None
    status: ClientStatus | None = None


class ClientRead(BaseModel):
    id: int
    name: str
    email: str | None
    company: str | None
    phone: str | None
    address: str | None
    default_hourly_rate: float | None
    status: ClientStatus
    created_at: str
    updated_at: str


class ClientEnvelope(BaseModel):
    client: ClientRead


class ClientMessage(BaseModel):
    message: str
    client: ClientRead


class ClientList(BaseModel):
    clients: list[ClientRead]
    pagination: PaginationRead
