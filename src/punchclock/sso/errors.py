"""Single sign-on's errors. Their codes reach the sign-in page (in the redirect's fragment) and
say nothing about whether an account exists: every refusal of a person is ``oidc_denied``."""

from __future__ import annotations

from punchclock.errors import BadRequest, Forbidden, NotFound, ServiceUnavailable, Unauthorized


class ProviderUnavailable(ServiceUnavailable):
    code = "oidc_unavailable"


class SignInFailed(Unauthorized):
    """The answer from the provider (or the browser's part of the flow) does not hold up."""

    code = "oidc_failed"
    title = "Single sign-on failed"


class SignInDenied(Forbidden):
    """The provider vouched for someone who may not sign in here (no account, or a disabled one)."""

    code = "oidc_denied"


class SsoOff(NotFound):
    code = "oidc_not_configured"


class BadHandoff(BadRequest):
    code = "oidc_handoff_invalid"
