"""punchclock start --preset NAME: a timer from one of your presets, over the HTTP API."""

from __future__ import annotations

import httpx
import pytest

from tests.cli.test_tracking import Cli

pytestmark = pytest.mark.slow


def test_start_from_a_preset(base, tmp_path):
    run = Cli(tmp_path / "home" / "cli.json")
    run("login", base, "--username", "alice", "--password-stdin", stdin="alice-password\n")
    session = httpx.post(
        f"{base}/api/v1/auth/session", json={"username": "alice", "password": "alice-password"}
    )
    h = {"Authorization": f"Bearer {session.json()['token']}"}
    website = httpx.get(f"{base}/api/v1/projects", headers=h).json()["projects"][0]["id"]
    body = {"name": "Standup", "notes": "Daily standup", "project_id": website, "tags": ["team"]}
    assert httpx.post(f"{base}/api/v1/presets", json=body, headers=h).status_code == 201

    missing = run("start", "--preset", "nope", code=1)
    assert "no preset named 'nope'" in missing.stderr
    assert "Standup" in missing.stderr
    timer = run.json("start", "--preset", "standup")
    assert (timer["notes"], timer["project"], timer["tag_list"]) == ("Daily standup", "Website", ["team"])
    run("stop")
    # A description given replaces the preset's; its project stays.
    timer = run.json("start", "--preset", "Standup", "planning #plan")
    assert (timer["notes"], timer["project"], timer["tag_list"]) == ("planning #plan", "Website", ["plan"])
