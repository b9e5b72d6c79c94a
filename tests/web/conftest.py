"""Fixtures of every browser test module: one Chromium per module, a server per module (`base`, which
a module overrides to configure its server for what it tests), and the server's admin."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.web.browser import ADMIN_PASSWORD, CHROMIUM_ARGS, Api, chromium_path, serving


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(tmp_path_factory.mktemp("web-e2e")) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    executable = chromium_path()
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def admin(base: str) -> Api:
    return Api(base, "admin", ADMIN_PASSWORD)
