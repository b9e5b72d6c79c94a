"""The tracking commands' connection: the saved server and token, and HTTP calls with clear errors.

Notes:
``punchclock login`` saves ``{"server", "token", "username", "timezone"}`` as JSON in the user's
config folder (click's get_app_dir: ``~/.config/punchclock/cli.json`` on Linux), created with mode
0600 from the start so the token is never readable by others, not even briefly.
``PUNCHCLOCK_CLI_CONFIG`` names another file; ``PUNCHCLOCK_URL`` and ``PUNCHCLOCK_TOKEN`` override
the saved values (for scripts and CI). Exit codes: 1 the server refused (its message is shown),
3 not signed in or the server cannot be reached; click uses 2 for bad usage.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import click
import httpx
import orjson

EXIT_API, EXIT_CONNECT = 1, 3
TIMEOUT = httpx.Timeout(30.0, connect=10.0)


def config_path() -> Path:
    custom = os.environ.get("PUNCHCLOCK_CLI_CONFIG")
    return Path(custom) if custom else Path(click.get_app_dir("punchclock")) / "cli.json"


def load() -> dict[str, Any]:
    path = config_path()
    try:
        data = orjson.loads(path.read_bytes())
    except FileNotFoundError:
        data = {}
    except (OSError, orjson.JSONDecodeError) as exc:
        fail(f"cannot read {path}: {exc}", EXIT_CONNECT)
    if os.environ.get("PUNCHCLOCK_URL"):
        data["server"] = os.environ["PUNCHCLOCK_URL"]
    if os.environ.get("PUNCHCLOCK_TOKEN"):
        data["token"] = os.environ["PUNCHCLOCK_TOKEN"]
    return data if isinstance(data, dict) else {}


def save(data: dict[str, Any]) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(orjson.dumps(data, option=orjson.OPT_INDENT_2))
    os.chmod(path, 0o600)  # an older file keeps its mode on O_TRUNC
    return path


def fail(message: str, code: int = EXIT_API) -> NoReturn:
    click.secho(f"error: {message}", fg="red", err=True)
    sys.exit(code)


class Api:
    """A signed-in connection to a Punchclock server."""

    def __init__(self, server: str, token: str | None) -> None:
        self.server = server.rstrip("/")
        headers = {"User-Agent": "punchclock-cli"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self.http = httpx.Client(base_url=self.server + "/api/v1", headers=headers, timeout=TIMEOUT)

    @classmethod
    def from_config(cls) -> tuple[Api, dict[str, Any]]:
        config = load()
        if not config.get("server") or not config.get("token"):
            fail("not signed in: run `punchclock login URL` first", EXIT_CONNECT)
        return cls(config["server"], config["token"]), config

    def call(self, method: str, path: str, **kw: Any) -> Any:
        return self.result(self.send(method, path, **kw))

    def send(self, method: str, path: str, **kw: Any) -> httpx.Response:
        """The server's answer, whatever it is (a failure to reach it exits)."""
        try:
            return self.http.request(method, path, **kw)
        except httpx.HTTPError as exc:
            fail(f"cannot reach {self.server}: {exc}", EXIT_CONNECT)

    def result(self, res: httpx.Response) -> Any:
        """The JSON of a successful answer; a refusal exits with the server's message."""
        if res.status_code >= 400:
            fail(self.problem(res), EXIT_CONNECT if res.status_code == 401 else EXIT_API)
        try:
            return res.json() if res.content else None
        except ValueError:
            fail(f"{self.server} did not answer like a Punchclock server (HTTP {res.status_code})")

    @staticmethod
    def problem(res: httpx.Response) -> str:
        code = None
        try:
            body = res.json()
            code = body.get("code")
            message = f"{body.get('message') or body.get('error')} ({code}, HTTP {res.status_code})"
        except ValueError:
            message = f"HTTP {res.status_code}: {res.text[:200]}"
        # A token that stopped working calls for a new sign-in; wrong credentials at sign-in do not.
        if res.status_code == 401 and code in (None, "invalid_token", "unauthorized"):
            message += "; sign in again with `punchclock login`"
        return message

    def get(self, path: str, **params: Any) -> Any:
        return self.call("GET", path, params={k: v for k, v in params.items() if v is not None})

    def post(self, path: str, body: Any = None) -> Any:
        return self.call("POST", path, json=body)

    def patch(self, path: str, body: Any) -> Any:
        return self.call("PATCH", path, json=body)

    def delete(self, path: str) -> Any:
        return self.call("DELETE", path)

    @contextmanager
    def stream(self, path: str, **params: Any) -> Iterator[httpx.Response]:
        try:
            with self.http.stream(
                "GET", path, params={k: v for k, v in params.items() if v is not None}
            ) as res:
                if res.status_code >= 400:
                    res.read()
                    fail(self.problem(res))
                yield res
        except httpx.HTTPError as exc:
            fail(f"cannot reach {self.server}: {exc}", EXIT_CONNECT)
