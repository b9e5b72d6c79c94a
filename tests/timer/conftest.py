"""The timer tests' caller: a member and an admin:all-style token of theirs."""

from __future__ import annotations

import pytest


@pytest.fixture
def user(api):
    return api.user("member")


@pytest.fixture
def h(api, user):
    return api.headers(user)
