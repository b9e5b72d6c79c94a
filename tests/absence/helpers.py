"""Shared steps of the absence tests: people, and absences made through the API."""

from __future__ import annotations

from typing import Any

ABSENCES = "/api/v1/absences"
TYPES = "/api/v1/absence-types"
FULL = [28800, 28800, 28800, 28800, 28800, 0, 0]


def type_id(api: Any, headers: dict[str, str], code: str) -> int:
    found = api.get(TYPES, headers=headers).json()["absence_types"]
    return int(next(t["id"] for t in found if t["code"] == code))


def absence(
    api: Any,
    headers: dict[str, str],
    start: str,
    end: str | None = None,
    code: str = "vacation",
    **extra: Any,
) -> dict[str, Any]:
    body = {"type_id": type_id(api, headers, code), "start_date": start, "end_date": end or start, **extra}
    res = api.post(ABSENCES, headers=headers, json=body)
    assert res.status_code == 201, res.text
    return dict(res.json()["absence"])


def step(api: Any, headers: dict[str, str], absence_id: int, action: str, **body: Any) -> Any:
    return api.post(f"{ABSENCES}/{absence_id}/{action}", headers=headers, json=body or None)


def model(api: Any, admin: dict[str, str], user: Any, valid_from: str, **body: Any) -> None:
    data = {"valid_from": valid_from, "weekday_seconds": FULL, **body}
    res = api.post("/api/v1/work-models", params={"user_id": user.id}, json=data, headers=admin)
    assert res.status_code == 201, res.text
