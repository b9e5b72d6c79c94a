"""Shared list parameters: per_page above 100 is clamped on every paginated list (seed 003, TimeTracker)."""

from __future__ import annotations

import pytest

from tests.checks import assert_error

LISTS = [
    "/api/v1/projects",
    "/api/v1/clients",
    "/api/v1/tasks",
    "/api/v1/time-entries",
    "/api/v1/users",
    "/api/v1/tokens",
    "/api/v1/webhooks",
    "/api/v1/webhooks/{hook_id}/deliveries",
]


@pytest.fixture
def admin(api):
    headers = api.headers(api.user("admin"))
    api.post("/api/v1/projects", json={"name": "One"}, headers=headers)
    hook = api.post("/api/v1/webhooks", json={"url": "https://hooks.invalid/pc"}, headers=headers)
    assert hook.status_code == 201, hook.text
    return headers, hook.json()["webhook"]["id"]


def test_per_page_above_100_is_clamped_on_every_list(api, admin):
    headers, hook_id = admin
    for url in LISTS:
        for per_page in ("101", "500", "1000000"):
            res = api.get(url.format(hook_id=hook_id), params={"per_page": per_page}, headers=headers)
            assert res.status_code == 200, (url, per_page, res.text)
            assert res.json()["pagination"]["per_page"] == 100, (url, per_page)


def test_a_clamped_per_page_pages_by_100(api, admin):
    headers, _ = admin
    res = api.get("/api/v1/projects", params={"per_page": 250, "page": 2}, headers=headers)
    pagination = res.json()["pagination"]
    assert (pagination["page"], pagination["per_page"], pagination["total"]) == (2, 100, 1)
    assert (pagination["pages"], pagination["prev_page"]) == (1, 1)


@pytest.mark.parametrize("per_page", ["0", "-1", "abc", "1.5", ""])
def test_per_page_below_1_or_not_a_number_stays_400(api, admin, per_page):
    headers, hook_id = admin
    for url in LISTS:
        res = api.get(url.format(hook_id=hook_id), params={"per_page": per_page}, headers=headers)
        body = assert_error(res, 400, "validation_error")
        assert body["details"][0]["field"] == "per_page"
