from __future__ import annotations

import pytest


@pytest.fixture
def h(api):
    """Headers of a manager's API token: every scope that projects, clients and tasks need."""
    return api.headers(api.user("manager"))
