"""A JSON response rendered by orjson: the hot paths return these directly, skipping re-validation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson
from starlette.responses import Response, StreamingResponse

from punchclock.kit.tabular import MEDIA_TYPES


class JSONResp(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content, option=orjson.OPT_NON_STR_KEYS)


def download(chunks: Iterator[bytes], fmt: str, filename: str) -> StreamingResponse:
    """A streamed file download (CSV, XLSX, JSON, iCalendar) that the browser saves as ``filename``."""
    media = MEDIA_TYPES.get(fmt, "application/octet-stream")
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return StreamingResponse(chunks, media_type=media, headers=headers)
