"""TimeTracker's three clients as HTTP callers, and an administrator who sets the stage for them.

Notes: each caller sends the headers its client's code sends. The extension's fetch() sends
``Accept`` always and ``Content-Type`` only with a body; the desktop's axios instance does the same
(axios drops the JSON Content-Type when there is no data); the mobile app's Dio sends
``Content-Type: application/json`` on every request, GETs and empty POSTs included, and no ``Accept``.
None of them keeps cookies for the API, so neither do these callers.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx

NO_BODY = object()
PASSWORD = "correct-horse-battery"


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    password: str


class Caller:
    """One client's way of calling the API, signed in with ``token`` or anonymous."""

    always: dict[str, str] = {}
    user_agent = ""
    json_without_body = False  # a JSON Content-Type on body-less requests too

    def __init__(self, base: str, token: str | None = None) -> None:
        self.base = base
        self.token = token
        self.http = httpx.Client(base_url=base, timeout=15)
        del self.http.headers["accept"]  # httpx's */* default: each client decides for itself
        self.http.headers["user-agent"] = self.user_agent

    def request(
        self, method: str, path: str, body: Any = NO_BODY, headers: dict[str, str] | None = None
    ) -> httpx.Response:
        headers = {**self.always, **(headers or {})}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        content = None
        if body is not NO_BODY:
            headers["Content-Type"] = "application/json"
            content = json.dumps(body, separators=(",", ":")).encode()
        elif self.json_without_body:
            headers["Content-Type"] = "application/json"
        self.http.cookies.clear()
        return self.http.request(method, path, headers=headers, content=content)

    def get(self, path: str) -> httpx.Response:
        return self.request("GET", path)

    def post(self, path: str, body: Any = NO_BODY, headers: dict[str, str] | None = None) -> httpx.Response:
        return self.request("POST", path, body, headers)

    def patch(self, path: str, body: Any) -> httpx.Response:
        return self.request("PATCH", path, body)

    def put(self, path: str, body: Any) -> httpx.Response:
        return self.request("PUT", path, body)

    def delete(self, path: str) -> httpx.Response:
        return self.request("DELETE", path)

    def close(self) -> None:
        self.http.close()


class Extension(Caller):
    """browser-extension/lib/api.js: fetch() from the extension's own origin."""

    always = {"Accept": "application/json", "Origin": "chrome-extension://ttextensionid"}
    user_agent = (
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
    )


class Desktop(Caller):
    """desktop/src/renderer-react/src/services/api.js: axios in the Electron renderer."""

    always = {"Accept": "application/json"}
    user_agent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 TimeTracker/5.10.0 Electron/31.0"


class MobileProbe(Caller):
    """mobile/lib/utils/network/server_info.dart: the Dio that checks a server before sign-in."""

    always = {"Accept": "application/json"}
    user_agent = "Dart/3.4 (dart:io)"


class Mobile(Caller):
    """mobile/lib/data/api/api_client.dart: Dio with a JSON Content-Type on every request."""

    user_agent = "Dart/3.4 (dart:io)"
    json_without_body = True


class Admin:
    """The server's administrator (web session from PUNCHCLOCK_ADMIN_PASSWORD) making users and data."""

    _n = itertools.count(1)

    def __init__(self, base: str, password: str) -> None:
        res = httpx.post(f"{base}/api/v1/auth/session", json={"username": "admin", "password": password})
        assert res.status_code == 200, res.text
        self.http = httpx.Client(
            base_url=f"{base}/api/v1", headers={"Authorization": f"Bearer {res.json()['token']}"}, timeout=15
        )

    def _create(self, path: str, body: dict[str, Any], key: str) -> dict[str, Any]:
        res = self.http.post(path, json=body)
        assert res.status_code == 201, res.text
        return res.json()[key]

    def user(self, role: str = "member", timezone: str = "UTC") -> Account:
        """A new account, in ``timezone``."""
        name = f"{role}.{next(self._n)}"
        body = {"username": name, "password": PASSWORD, "role": role}
        user = self._create("/users", body, "user")
        if timezone != "UTC":
            res = self.http.put(f"/users/{user['id']}", json={"timezone": timezone})
            assert res.status_code == 200, res.text
        return Account(user["id"], name, PASSWORD)

    def token(self, account: Account, scopes: str) -> str:
        """An API token for ``account`` with only ``scopes``, as a user pastes one into a client."""
        body = {"name": "pasted", "scopes": scopes, "user_id": account.id}
        res = self.http.post("/tokens", json=body)
        assert res.status_code == 201, res.text
        return str(res.json()["token"])

    def client(self, name: str) -> int:
        return int(self._create("/clients", {"name": name}, "client")["id"])

    def project(self, name: str, **fields: Any) -> int:
        return int(self._create("/projects", {"name": name, **fields}, "project")["id"])

    def task(self, project_id: int, name: str, status: str = "todo") -> int:
        body = {"project_id": project_id, "name": name, "status": status}
        return int(self._create("/tasks", body, "task")["id"])

    def close(self) -> None:
        self.http.close()


def is_int(value: Any) -> bool:
    """A JSON integer: what Dart's ``as num`` and JavaScript's Set.has against other ids need."""
    return type(value) is int


def instant(value: Any) -> datetime:
    """A date-time as JavaScript's Date.parse and Dart's DateTime.tryParse read it (an offset or Z)."""
    assert isinstance(value, str), value
    parsed = datetime.fromisoformat(value)
    assert parsed.tzinfo is not None, f"{value!r} has no offset: clients would read it in their own zone"
    return parsed


def elapsed(timer: dict[str, Any], now: datetime) -> float:
    """The clients' running figure, (paused_at or now) - start_time - break_seconds, before they clamp it
    at 0 (so that a negative one shows)."""
    end = instant(timer["paused_at"]) if timer["paused_at"] else now
    return (end - instant(timer["start_time"])).total_seconds() - timer["break_seconds"]


def error_code(res: httpx.Response, status: int) -> str:
    """The status, a JSON body with the text a client shows (``error``), and the code it branches on."""
    assert res.status_code == status, res.text
    assert res.headers["content-type"].startswith("application/json"), res.headers
    body = res.json()
    assert isinstance(body.get("error"), str), body
    assert body["error"], body
    return str(body.get("error_code"))
