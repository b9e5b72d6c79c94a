from __future__ import annotations

from pydantic import BaseModel, Field

from punchclock.kit.types import Input
from punchclock.token.schemas import TokenRead
from punchclock.user.schemas import UserRead


class LoginRequest(Input):
    username: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1, max_length=1024)
    totp_code: str | None = Field(
        None, min_length=1, max_length=16, description="When the account has two-factor sign-in on"
    )
    recovery_code: str | None = Field(None, min_length=1, max_length=64, description="Instead of a totp_code")


class DeviceLoginRequest(LoginRequest):
    device_name: str | None = Field(
        None,
        min_length=1,
        max_length=100,
        description="Names the device's token in the token list; default: read from the User-Agent",
    )
    scopes: list[str] | None = Field(
        None, max_length=50, description="Fewer scopes than the user's role holds; default: all of them"
    )


class TokenResponse(BaseModel):
    token: str
    token_type: str = "bearer"
    expires_at: int


class LoginResponse(TokenResponse):
    user: UserRead


class DeviceLoginResponse(BaseModel):
    token: str = Field(description="A tt_ API token for this device, shown only here")
    token_type: str = "bearer"
    expires_at: int | None = Field(description="Unix seconds; null: until revoked or signed out")
    user: UserRead
    api_token: TokenRead


class Message(BaseModel):
    message: str
