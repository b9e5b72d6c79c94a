"""Fixtures of every browser test module: one Chromium per module, and the server's admin (each
module's `base` fixture starts its own server, configured for what it tests)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.web.browser import ADMIN_PASSWORD, CHROMIUM_ARGS, Api, chromium_path


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
