"""A device's sign-in from the terminal, with the second factor when the account has one."""

from __future__ import annotations

from typing import Any

import click

from punchclock.cli.remote import Api

PROMPT = "Code from your authenticator app (or a recovery code)"


def code_field(code: str) -> dict[str, str]:
    """Six digits are the app's code; anything else is taken for a recovery code."""
    typed = code.strip().replace(" ", "")
    return {"totp_code": typed} if len(typed) == 6 and typed.isdigit() else {"recovery_code": code.strip()}


def device_token(api: Api, body: dict[str, Any], code: str | None) -> str:
    """Sign this device in (POST /auth/login): its new API token. The code is asked for when the
    server answers that the account needs one and none was given."""
    res = api.send("POST", "/auth/login", json={**body, **(code_field(code) if code else {})})
    if res.status_code == 401 and not code and _code_of(res) == "totp_required":
        typed = str(click.prompt(PROMPT, err=True))
        res = api.send("POST", "/auth/login", json={**body, **code_field(typed)})
    return str(api.result(res)["token"])


def _code_of(res: Any) -> str | None:
    try:
        return res.json().get("code")
    except ValueError:
        return None
