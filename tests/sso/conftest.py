"""Fixtures of the single sign-on tests: the real provider, and Punchclock apps configured for it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from punchclock.config import Settings
from punchclock.db import Database
from punchclock.sso import flowcookie
from tests.auth.helpers import build_app
from tests.sso.provider import CLIENT_ID, CLIENT_SECRET, Person, Provider, fragment

BASE = "http://testserver"
CALLBACK = "/api/v1/auth/oidc/callback"
REDIRECT_URIS = [
    f"{BASE}{CALLBACK}",
    f"{BASE}/time{CALLBACK}",
    f"https://time.example.com/sub{CALLBACK}",
]
POST_LOGOUT = [f"{BASE}/", f"{BASE}/time/"]


@pytest.fixture(scope="session")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    """One provider for the session's tests; those that stop or restart one start their own."""
    p = Provider(REDIRECT_URIS, POST_LOGOUT, tmp_path_factory.mktemp("oidc") / "provider.log").start()
    yield p
    p.stop()


@pytest.fixture
def own_provider(tmp_path: Any) -> Iterator[Provider]:
    p = Provider(REDIRECT_URIS, POST_LOGOUT, tmp_path / "provider.log").start()
    yield p
    p.stop()


def oidc_settings(provider: Provider, **overrides: Any) -> dict[str, Any]:
    return {
        "oidc_issuer": provider.issuer,
        "oidc_client_id": CLIENT_ID,
        "oidc_client_secret": CLIENT_SECRET,
        "oidc_scopes": "openid email profile groups",
        **overrides,
    }


class Sso:
    """A Punchclock app configured for the provider, and the steps of a sign-in through it."""

    def __init__(self, settings: Settings, db: Database, provider: Provider, **overrides: Any) -> None:
        self.root = overrides.pop("root_path", "")
        self.app = build_app(settings, db, **oidc_settings(provider, **overrides))
        self.db = db
        self.provider = provider
        self.client = TestClient(self.app, raise_server_exceptions=False, root_path=self.root)

    def start(self) -> str:
        res = self.client.post(f"{self.root}/api/v1/auth/oidc/start")
        assert res.status_code == 200, res.text
        return str(res.json()["authorization_url"])

    def at_provider(self, person: Person | str, url: str | None = None) -> str:
        """The callback URL the provider sends the person's browser back to."""
        person = Person(person) if isinstance(person, str) else person
        return person.authorize(url or self.start(), f"{BASE}{self.root}{CALLBACK}")

    def callback(self, url: str) -> dict[str, str]:
        """Punchclock's answer to the provider's redirect: the fragment of its redirect to the app."""
        res = self.client.get(url.removeprefix(BASE), follow_redirects=False)
        assert res.status_code == 303, res.text
        location = res.headers["location"]
        assert location.startswith(f"{BASE}{self.root}/#"), location
        return fragment(location)

    @property
    def flow_cookie(self) -> str | None:
        return self.client.cookies.get(flowcookie.NAME)

    @flow_cookie.setter
    def flow_cookie(self, value: str) -> None:
        """Put a flow cookie in the browser in place of the one it holds."""
        jar = self.client.cookies.jar
        for cookie in list(jar):
            if cookie.name == flowcookie.NAME:
                jar.clear(cookie.domain, cookie.path, cookie.name)
        self.client.cookies.set(
            flowcookie.NAME, value, domain="testserver.local", path=f"{self.root}{CALLBACK}"
        )

    def redeem(self, code: str) -> Any:
        return self.client.post(f"{self.root}/api/v1/auth/oidc/handoff", json={"code": code})

    def sign_in(self, person: Person | str) -> dict[str, Any]:
        """The whole flow as a person's browser goes through it; the web app's sign-in answer."""
        answer = self.callback(self.at_provider(person))
        assert "sso" in answer, answer
        res = self.redeem(answer["sso"])
        assert res.status_code == 200, res.text
        return dict(res.json())

    def fails(self, person: Person | str = "alice") -> str:
        """The error code a sign-in ends with."""
        answer = self.callback(self.at_provider(person))
        assert "sso_error" in answer, answer
        return answer["sso_error"]


@pytest.fixture
def make_sso(settings: Settings, db: Database, provider: Provider) -> Any:
    def make(target: Provider | None = None, **overrides: Any) -> Sso:
        return Sso(settings, db, target or provider, **overrides)

    return make
