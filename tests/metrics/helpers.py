"""Reading a Prometheus text exposition back, and an app with metrics switched on."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi.testclient import TestClient

from punchclock.config import Settings
from punchclock.db import Database
from tests.auth.helpers import build_app
from tests.conftest import Api

TOKEN = "metrics-" + "t" * 32
SCRAPE = {"Authorization": f"Bearer {TOKEN}"}
_LABEL = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')


def parse(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Every sample: (name, its labels) -> value."""
    found = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        series, value = line.rsplit(" ", 1)
        name, _, labels = series.partition("{")
        found[(name, frozenset(_LABEL.findall(labels)))] = float(value)
    return found


def value(text: str, name: str, **labels: str) -> float | None:
    return parse(text).get((name, frozenset(labels.items())))


@contextmanager
def metered(settings: Settings, db: Database, **overrides: Any) -> Iterator[Api]:
    """An app with PUNCHCLOCK_METRICS_TOKEN set (and no webhook sender, so deliveries stay put)."""
    app = build_app(settings, db, metrics_token=TOKEN, webhook_sender=False, **overrides)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Api(client, db)


def scrape(api: Api) -> str:
    res = api.get("/metrics", headers=SCRAPE)
    assert res.status_code == 200, res.text
    assert res.headers["content-type"].startswith("text/plain; version=0.0.4")
    return str(res.text)
