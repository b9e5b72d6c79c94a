from __future__ import annotations

from pydantic import BaseModel, Field

from punchclock.kit.types import Input


class SignInMethods(BaseModel):
    password: bool = Field(description="The password form is offered to everyone")
    break_glass: bool = Field(
        description="Password sign-in is off, but one administrator account may still use its password"
    )
    oidc: bool = Field(description="Single sign-on (OpenID Connect) is configured")
    oidc_label: str | None = Field(description='The sign-in button reads "Sign in with <label>"')


class StartAnswer(BaseModel):
    authorization_url: str = Field(description="Where the browser goes next: the provider's sign-in page")


class HandoffRequest(Input):
    code: str = Field(
        min_length=20, max_length=100, description="The one-time code from the redirect's fragment"
    )
