"""Fixtures of every browser test module: one Chromium per module, a server per module (`base`, which
a module overrides to configure its server for what it tests), the server's admin, and a folder for
screenshots."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.browser import ADMIN_PASSWORD, CHROMIUM_ARGS, Api, chromium_path, serving


@pytest.fixture(scope="module", autouse=True)
def _patient_expect() -> None:
    """Playwright's expect() waits 15 s instead of 5: the suite runs on two workers of a two-core
    machine, where a page that answers in 50 ms alone may take seconds while the other worker's
    browser and servers have the CPU. A page that never shows what it should still fails."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    playwright_api.expect.set_options(timeout=15_000)


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


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go to be looked at: $PUNCHCLOCK_SHOTS (or $PUNCHCLOCK_SCREENSHOTS), else a
    temporary folder."""
    named = os.environ.get("PUNCHCLOCK_SHOTS") or os.environ.get("PUNCHCLOCK_SCREENSHOTS")
    folder = Path(named) if named else tmp_path_factory.mktemp("shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
