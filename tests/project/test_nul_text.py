"""Text with NUL characters is refused with 400 on both backends (PostgreSQL cannot store it)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/api/v1/projects", {"name": "a\x00b"}),
        ("/api/v1/projects", {"name": "ok", "description": "a\x00b"}),
        ("/api/v1/clients", {"name": "a\x00b"}),
        ("/api/v1/clients", {"name": "ok", "phone": "1\x002"}),
    ],
)
def test_nul_in_text_is_a_400(api, url, body):
    admin = api.user("admin")
    h = api.headers(admin)
    res = api.post(url, json=body, headers=h)
    assert res.status_code == 400, res.text
    assert res.json()["code"] == "validation_error"
    assert api.get(url, headers=h).json()["pagination"]["total"] == 0
