"""Shared pieces of the browser tests: a real server, Debian's Chromium, accounts and API calls."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.cli.test_serve import free_port, server
from tests.conftest import IN_CI

ADMIN_PASSWORD = "web-admin-password"
PASSWORD = "web-user-password"
CHROMIUM = "/usr/bin/chromium"
# The window sizes pages are looked at in: a laptop's and a small phone's.
SIZES = {"wide": {"width": 1366, "height": 900}, "phone": {"width": 360, "height": 740}}
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# Records CSP violations so every test can check that the strict policy blocked nothing.
WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI));
"""


def chromium_path() -> str:
    found = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if found:
        return found
    if IN_CI:
        pytest.fail("chromium is missing: scripts/test installs it with apt-get")
    pytest.skip("chromium is not installed (apt-get install chromium)")


def server_env(database_url: str) -> dict[str, str]:
    return {
        "PUNCHCLOCK_DATABASE_URL": database_url,
        "PUNCHCLOCK_ADMIN_PASSWORD": ADMIN_PASSWORD,
        "PUNCHCLOCK_ACCESS_LOG": "false",
        "PUNCHCLOCK_RATE_LIMIT_PER_MINUTE": "100000",
        "PUNCHCLOCK_RATE_LIMIT_PER_HOUR": "1000000",
    }


@contextmanager
def serving(root: Path, extra_env: dict[str, str] | None = None, port: int | None = None) -> Iterator[str]:
    """`punchclock serve` on a fresh SQLite database under ``root`` (the admin's password is
    ADMIN_PASSWORD); its address."""
    port = port or free_port()
    env = {**server_env(f"sqlite:///{root / 'punchclock.db'}"), **(extra_env or {})}
    with server(["--port", str(port), "--data-dir", str(root / "data")], root, port, env) as url:
        yield url


class Api:
    """The REST API as one user, to set things up and to check what the browser did."""

    def __init__(self, base: str, username: str, password: str) -> None:
        res = httpx.post(f"{base}/api/v1/auth/session", json={"username": username, "password": password})
        assert res.status_code == 200, res.text
        self.http = httpx.Client(
            base_url=f"{base}/api/v1", headers={"Authorization": f"Bearer {res.json()['token']}"}
        )
        self.user = res.json()["user"]

    def call(self, method: str, path: str, status: int = 200, **kwargs: Any) -> Any:
        res = self.http.request(method, path, **kwargs)
        assert res.status_code == status, res.text
        return res.json()

    def entries(self) -> list[dict[str, Any]]:
        data = self.call("GET", "/time-entries", params={"per_page": 100, "include_active": "true"})
        return sorted(data["time_entries"], key=lambda e: e["start_time"])

    def timer(self) -> dict[str, Any]:
        return dict(self.call("GET", "/timer/status"))


def new_user(base: str, admin: Api, role: str = "member") -> tuple[str, Api]:
    name = f"u{uuid.uuid4().hex[:8]}"
    admin.call("POST", "/users", 201, json={"username": name, "password": PASSWORD, "role": role})
    return name, Api(base, name, PASSWORD)


def open_app(browser: Any, base: str, username: str, poll_ms: int = 1000, **context: Any) -> tuple[Any, Any]:
    """A fresh browser context signed in as ``username`` (password PASSWORD) through the form."""
    from playwright.sync_api import expect

    ctx = browser.new_context(base_url=base, accept_downloads=True, **context)
    ctx.add_init_script(f"localStorage.setItem('pc_poll_ms', '{poll_ms}');" + WATCH_CSP)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors
    page.goto("/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("main#main .timer, main#main .page-head").first).to_be_visible()
    return ctx, page


def evaluate_across_reloads(page: Any, expression: str) -> Any:
    """page.evaluate, retried while a navigation replaces the page's script context."""
    from playwright.sync_api import Error

    for _ in range(50):
        try:
            return page.evaluate(expression)
        except Error as exc:
            if "context was destroyed" not in str(exc):
                raise
            page.wait_for_load_state()
    raise AssertionError(f"the page kept navigating while evaluating {expression!r}")


def close(ctx: Any, page: Any) -> None:
    """Check that the page raised nothing and the CSP blocked nothing, then close it."""
    assert evaluate_across_reloads(page, "window.__csp") == [], "the CSP blocked something"
    assert page.errors == []
    ctx.close()
