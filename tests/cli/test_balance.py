"""`punchclock balance`: the balance and a month, from the terminal, over a real server."""

from __future__ import annotations

import httpx

from tests.cli.conftest import ADMIN_PASSWORD
from tests.cli.test_tracking import Cli


def test_balance_and_a_month_from_the_terminal(base, tmp_path):
    res = httpx.post(f"{base}/api/v1/auth/session", json={"username": "admin", "password": ADMIN_PASSWORD})
    admin = {"Authorization": f"Bearer {res.json()['token']}"}
    alice = next(
        u
        for u in httpx.get(f"{base}/api/v1/users", headers=admin).json()["users"]
        if u["username"] == "alice"
    )
    run = Cli(tmp_path / "home" / "cli.json")
    run("login", base, "--username", "alice", "--password-stdin", stdin="alice-password\n")
    assert "No work model yet" in run("balance").stdout
    model = {"valid_from": "2026-06-01", "weekday_seconds": [28800] * 5 + [0, 0]}
    res = httpx.post(f"{base}/api/v1/work-models", params={"user_id": alice["id"]}, json=model, headers=admin)
    assert res.status_code == 201, res.text
    run("add", "2026-06-01T08:00", "2026-06-01T18:00", "long day")
    month = run("balance", "--month", "2026-06")
    assert "Mon 01" in month.stdout
    assert "+2:00" in month.stdout
    data = run.json("balance", "--month", "2026-06")
    assert data["days"][0]["worked"] == 36000
    summary = run.json("balance")
    assert summary["since"] == "2026-06-01"
    assert "Running balance" in run("balance").stdout
    # Someone else's balance: only managers and admins, and a name nobody has is an error.
    assert run("balance", "--user", "admin", code=1).stderr
