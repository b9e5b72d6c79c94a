"""Making teams through the API, for the tests of teams and of whom a manager sees."""

from __future__ import annotations

from typing import Any

TEAMS = "/api/v1/teams"


def make_team(api: Any, headers: dict[str, str], name: str, leads: tuple = (), members: tuple = ()) -> int:
    """A team with these leads and members (users), made with an admin's ``headers``; its id."""
    res = api.post(TEAMS, json={"name": name}, headers=headers)
    assert res.status_code == 201, res.text
    team_id = int(res.json()["team"]["id"])
    for user, is_lead in [*((u, True) for u in leads), *((u, False) for u in members)]:
        res = api.put(f"{TEAMS}/{team_id}/members/{user.id}", json={"is_lead": is_lead}, headers=headers)
        assert res.status_code == 200, res.text
    return team_id
