"""The web app's JavaScript unit tests (time math, offline queue, tags, report grouping), run by node."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import IN_CI

JS_TESTS = Path(__file__).parent / "js"


def test_javascript_unit_tests_pass():
    node = shutil.which("node")
    if node is None:
        if IN_CI:
            pytest.fail("node is needed for the web app's unit tests")
        pytest.skip("node is not installed")
    proc = subprocess.run(
        [node, "--experimental-detect-module", "--test", str(JS_TESTS)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "# fail 0" in proc.stdout
