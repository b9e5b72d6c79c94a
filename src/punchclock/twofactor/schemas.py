from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from punchclock.kit.types import Input

Policy = Literal["off", "admins", "everyone"]
Code = Field(min_length=1, max_length=64, description="A current code of the app, or a recovery code")


class TwoFactorStatus(BaseModel):
    enrolled: bool
    enrolling: bool = Field(description="Set-up started but not confirmed with a code yet")
    enrolled_at: str | None
    recovery_codes_left: int
    policy: Policy
    required: bool = Field(description="Whether the workspace policy requires it of this user")


class Enrolment(BaseModel):
    secret: str = Field(description="The shared secret, base32, for typing into an app by hand")
    otpauth_uri: str
    svg: str = Field(description="The otpauth URI as a QR code, an SVG document")


class CodeBody(Input):
    code: str = Code


class RecoveryCodes(BaseModel):
    recovery_codes: list[str] = Field(description="Single-use codes, shown only this once")


class DisableBody(Input):
    password: str = Field(min_length=1, max_length=1024)
    code: str = Code


class PolicyBody(Input):
    policy: Policy


class PolicyRead(BaseModel):
    policy: Policy
    enrolled_user_ids: list[int] = Field(description="Who has two-factor sign-in on")
