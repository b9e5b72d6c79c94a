from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, model_validator

from punchclock.kit.types import Input

Secret = Field(
    min_length=16, max_length=128, description="The secret from the link (after /reset/ or /invite/)"
)


class ResetRequest(Input):
    username: str | None = Field(None, min_length=1, max_length=254, description="The account's username")
    email: str | None = Field(None, min_length=3, max_length=254, description="or its e-mail address")

    @model_validator(mode="after")
    def _one_of_them(self) -> ResetRequest:
        if not (self.username or self.email):
            raise ValueError("give a username or an e-mail address")
        return self

    @property
    def login(self) -> str:
        return (self.username or self.email or "").strip()


class ResetComplete(Input):
    token: str = Secret
    new_password: str = Field(min_length=1, max_length=1024)


class InvitationCreate(Input):
    email: str = Field(min_length=3, max_length=254)
    role: Literal["admin", "manager", "member"] = "member"
    name: str | None = Field(
        None,
        max_length=200,
        description="How the mail greets the invitee; their display name unless they choose another",
    )


class InvitationRead(BaseModel):
    id: int
    email: str
    role: str
    name: str | None
    invited_by: str | None = Field(description="Username of the admin who sent it")
    created_at: str
    expires_at: str


class InvitationEnvelope(BaseModel):
    message: str
    invitation: InvitationRead


class InvitationList(BaseModel):
    invitations: list[InvitationRead]


class InvitationAccept(Input):
    token: str = Secret
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)
    display_name: str | None = Field(None, max_length=200)
