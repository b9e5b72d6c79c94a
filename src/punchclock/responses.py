"""A JSON response rendered by orjson: the hot paths return these directly, skipping re-validation."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import Response


class JSONResp(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content, option=orjson.OPT_NON_STR_KEYS)
