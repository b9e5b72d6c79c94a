from __future__ import annotations

from pydantic import BaseModel, Field

from punchclock.auth.schemas import LoginResponse


class SessionRead(BaseModel):
    id: str = Field(description="s<number> for a browser session, d<number> for a signed-in device")
    kind: str = Field(description="session (a browser) or device (an app holding a device token)")
    method: str = Field(description="How it signed in: password, totp, recovery, oidc, proxy")
    client: str
    address: str
    created_at: str | None
    last_seen_at: str | None
    expires_at: str | None
    current: bool = Field(description="The session making this request")


class SessionList(BaseModel):
    sessions: list[SessionRead]


class ProxySignIn(LoginResponse):
    logout_url: str | None = Field(description="The proxy's own sign-out page, when configured")


class LogoutAnswer(BaseModel):
    message: str
    end_session_url: str | None = Field(
        description="For a single sign-on session: the provider's sign-out address (with id_token_hint and "
        "post_logout_redirect_uri), for the browser to go to next; else null"
    )
