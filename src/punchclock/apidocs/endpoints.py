"""Swagger UI at /api/docs, served from files inside the package (no CDN: many servers are offline)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, HTMLResponse

from punchclock.errors import NotFound

router = APIRouter(include_in_schema=False)

STATIC = Path(__file__).parent / "static"
_FILES = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "init.js": "text/javascript",
    "favicon-32x32.png": "image/png",
}

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Punchclock API</title>
<link rel="stylesheet" href="/api/docs/static/swagger-ui.css">
<link rel="icon" type="image/png" href="/api/docs/static/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/api/docs/static/swagger-ui-bundle.js"></script>
<script src="/api/docs/static/init.js"></script>
</body>
</html>
"""


@router.get("/api/docs")
async def docs() -> HTMLResponse:
    return HTMLResponse(PAGE)


@router.get("/api/docs/static/{name}")
async def docs_static(name: str) -> FileResponse:
    if name not in _FILES:
        raise NotFound("No such file")
    return FileResponse(
        STATIC / name, media_type=_FILES[name], headers={"Cache-Control": "public, max-age=86400"}
    )
