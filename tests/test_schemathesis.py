"""Schemathesis against the live OpenAPI schema: generated requests, every check, both databases,
an admin's and a member's token. Fails on any 5xx or any answer the schema does not describe."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from punchclock.auth.scopes import ROLE_SCOPES
from punchclock.token import service as token_service
from punchclock.user import service as user_service
from tests.live import running

pytestmark = pytest.mark.slow

CONFIG = Path(__file__).with_name("schemathesis.toml")
SEED = "20261205"
EXAMPLES = "8"
# Operations that would sign the test's own credential out from under it (generated ids hit the
# test's own user and token, which are number 1): each has tests of its own.
SELF_DESTRUCTIVE = [
    "DELETE /api/v1/tokens/{token_id}",
    "POST /api/v1/auth/logout-all",
    "POST /api/v1/users/me/password",
    "PUT /api/v1/users/{user_id}",
    "PATCH /api/v1/users/{user_id}",
    "DELETE /api/v1/users/{user_id}",
]


def _st() -> str:
    found = Path(sys.executable).with_name("st")
    if not found.exists():
        pytest.fail("schemathesis is not installed (pip install -e '.[dev]')")
    return str(found)


@pytest.mark.parametrize("role", ["admin", "member"])
def test_generated_requests_get_no_5xx_and_only_documented_answers(settings, db, role, tmp_path):
    live = settings.model_copy(update={"rate_limit_per_minute": 10**6, "rate_limit_per_hour": 10**7})
    user = db.call(user_service.create, f"fuzz-{role}", "password123", role)
    scopes = "admin:all" if role == "admin" else " ".join(sorted(ROLE_SCOPES[role]))
    _, token = db.call(token_service.create, user, "schemathesis", scopes, "", None)
    with running(live, db) as base:
        command = [_st(), "--config-file", str(CONFIG), "run", f"{base}/api/openapi.json"]
        command += ["--checks", "all", "--seed", SEED, "--max-examples", EXAMPLES, "--workers", "1"]
        command += ["--header", f"Authorization: Bearer {token}", "--no-color"]
        for name in SELF_DESTRUCTIVE:
            command += ["--exclude-name", name]
        done = subprocess.run(command, capture_output=True, text=True, timeout=900, cwd=tmp_path)
    assert done.returncode == 0, done.stdout[-12000:] + done.stderr[-2000:]
