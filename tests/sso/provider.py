"""A real OpenID Connect provider for the tests: tests/sso/provider/server.js (panva's oidc-provider)
run by Node.js on loopback, and a person's browser at it, driven with httpx.

Notes:
``Provider`` starts the node process and stops it (terminate, then kill), so no test leaves one
behind. Its packages are installed with ``npm ci`` when node_modules is missing (scripts/test does
the same up front).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx
import pytest

from tests.cli.test_serve import free_port
from tests.conftest import IN_CI

HERE = Path(__file__).parent / "provider"
CLIENT_ID = "punchclock"
POST_CLIENT_ID = "punchclock-post"
CLIENT_SECRET = "test-client-secret"
PASSWORD = "provider-password"
USERS = {
    "alice": {"email": "alice@example.org", "name": "Alice Liddell", "groups": ["staff"]},
    "boss": {"email": "boss@example.org", "name": "Big Boss", "groups": ["staff", "pc-admins"]},
    "manny": {"email": "manny@example.org", "name": "Manny", "groups": ["pc-managers"]},
    "carol": {"email": "carol@example.org", "groups": []},
    # Same e-mail address and name as a local account in the tests: must never be joined to it.
    "member1": {"email": "member1@example.org", "groups": []},
}


def node() -> str:
    found = shutil.which("node")
    if found:
        return found
    if IN_CI:
        pytest.fail("node is missing: scripts/test installs it with apt-get")
    pytest.skip("node is not installed (apt-get install nodejs)")


def install() -> None:
    if (HERE / "node_modules" / "oidc-provider").exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed")
    subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--prefix", str(HERE)], check=True, timeout=300)


class Provider:
    """One provider process on 127.0.0.1; ``restart()`` keeps the port (and issuer) and rotates the key."""

    def __init__(self, redirect_uris: list[str], post_logout_uris: list[str], log: Path) -> None:
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.redirect_uris = redirect_uris
        self.post_logout_uris = post_logout_uris
        self.log = log
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> Provider:
        install()
        users = {name: {**user, "password": PASSWORD} for name, user in USERS.items()}
        env = {
            "PATH": os.environ.get("PATH", ""),
            "PORT": str(self.port),
            "CLIENT_ID": CLIENT_ID,
            "POST_CLIENT_ID": POST_CLIENT_ID,
            "CLIENT_SECRET": CLIENT_SECRET,
            "REDIRECT_URIS": ",".join(self.redirect_uris),
            "POST_LOGOUT_REDIRECT_URIS": ",".join(self.post_logout_uris),
            "USERS": json.dumps(users),
        }
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [node(), str(HERE / "server.js")], cwd=HERE, env=env, stdout=out, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 20
        while True:
            if self.proc.poll() is not None:
                pytest.fail(f"the provider exited with {self.proc.returncode}:\n{self.log.read_text()}")
            try:
                if httpx.get(f"{self.issuer}/.well-known/openid-configuration", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                pytest.fail(f"the provider did not start:\n{self.log.read_text()}")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def tamper(
        self, claims: dict[str, Any] | None = None, sign: str = "own", userinfo_down: bool = False
    ) -> None:
        """Change the next ID token the token endpoint sends, or fail the next user info (server.js)."""
        body = {"claims": claims or {}, "sign": sign, "userinfo_down": userinfo_down}
        res = httpx.post(f"{self.issuer}/__test/tamper", json=body)
        assert res.status_code == 204


class Person:
    """Someone at the provider's pages in their browser (its cookies: their provider session)."""

    def __init__(self, username: str, password: str = PASSWORD) -> None:
        self.username = username
        self.password = password
        self.http = httpx.Client(follow_redirects=False, timeout=10)

    def authorize(self, authorization_url: str, redirect_uri: str) -> str:
        """Follow the provider's pages, signing in when asked, to the redirect back to us."""
        url = authorization_url
        for _ in range(10):
            if url.startswith(redirect_uri):
                return url
            res = self.http.get(url)
            if res.status_code in (302, 303):
                url = urljoin(url, res.headers["location"])
                continue
            form = re.search(r'<form method="post" action="([^"]+)"', res.text)
            assert res.status_code == 200, f"{res.status_code} {res.text[:500]}"
            assert form, res.text[:500]
            res = self.http.post(
                urljoin(url, form.group(1)), data={"username": self.username, "password": self.password}
            )
            assert res.status_code == 303, res.text[:500]
            url = urljoin(url, res.headers["location"])
        raise AssertionError("the provider never redirected back")


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def fragment(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).fragment).items()}
