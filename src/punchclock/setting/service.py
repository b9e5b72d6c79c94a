"""Read and write the ``pc_*`` settings through the sync service, so each write gets a sync stamp
(``st``) and a modification time (``mt``) exactly as a TimeTagger client's push would."""

from __future__ import annotations

import time
from typing import Any

import orjson
from sqlalchemy.orm import Session

from punchclock.errors import ValidationFailed
from punchclock.sync import service as sync_service

PREFIX = "pc_"


def get_settings(session: Session, user_id: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in sync_service.get_settings(session, user_id):
        if item["key"].startswith(PREFIX):
            out[item["key"]] = orjson.loads(orjson.dumps(item["value"]))  # a Fragment: raw JSON
    return out


def put_settings(session: Session, user_id: int, changes: dict[str, Any]) -> dict[str, Any]:
    mt = float(int(time.time()))  # whole seconds, as TimeTagger keeps mt
    items = [{"key": key, "value": value, "mt": mt} for key, value in changes.items()]
    result = sync_service.push_settings(session, user_id, items)
    if result["failed"]:
        raise ValidationFailed(f"settings: {result['errors'][0]}", code="invalid_setting")
    return get_settings(session, user_id)
