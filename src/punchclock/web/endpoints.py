"""Serves the web app: the page at ``/``, the service worker, and the hashed assets."""

from __future__ import annotations

from functools import cache
from urllib.parse import urlsplit

from fastapi import APIRouter, Request, Response

from punchclock.errors import NotFound
from punchclock.web import assets

router = APIRouter(include_in_schema=False)

YEAR = "public, max-age=31536000, immutable"
NO_CACHE = "no-cache"
# Stricter than the other pages': no inline style or script at all. Styles set from scripts through
# the CSSOM (element.style.top = ...) are not inline styles and stay allowed.
WEB_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; manifest-src 'self'; worker-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"
)


@cache
def bundle() -> assets.Bundle:
    return assets.load()


def _send(request: Request, asset: assets.Asset, cache_control: str, etag: str) -> Response:
    headers = {"Cache-Control": cache_control, "ETag": etag, "Vary": "Accept-Encoding"}
    headers["Content-Security-Policy"] = WEB_CSP
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    body = asset.body
    if asset.gzipped is not None and "gzip" in request.headers.get("accept-encoding", ""):
        body = asset.gzipped
        headers["Content-Encoding"] = "gzip"
    return Response(body, media_type=asset.media_type, headers=headers)


def _page(request: Request, name: str) -> Response:
    b = bundle()
    return _send(request, b.pages[name], NO_CACHE, f'"{b.version}"')


def _base(request: Request) -> str:
    """The path the app is reached at, "/" or "/time/" under a prefix (public_url, else root_path)."""
    public_url = request.app.state.settings.public_url
    path = urlsplit(public_url).path if public_url else request.scope.get("root_path", "")
    return path.rstrip("/") + "/"


@router.api_route("/", methods=["GET", "HEAD"])
async def index(request: Request) -> Response:
    b = bundle()
    base = _base(request)
    return _send(request, b.index(base), NO_CACHE, f'"{b.version}{base}"')


@router.api_route("/sw.js", methods=["GET", "HEAD"])
async def service_worker(request: Request) -> Response:
    return _page(request, "sw.js")


@router.api_route("/manifest.webmanifest", methods=["GET", "HEAD"])
async def manifest(request: Request) -> Response:
    return _page(request, "manifest.webmanifest")


@router.api_route("/assets/{version}/{path:path}", methods=["GET", "HEAD"])
async def asset(request: Request, version: str, path: str) -> Response:
    b = bundle()
    found = b.files.get(path)
    if found is None:
        raise NotFound("No such file")
    # An old page may still ask for the previous version's files: answer with today's, uncached.
    cache_control = YEAR if version == b.version else NO_CACHE
    return _send(request, found, cache_control, f'"{b.version}-{path}"')
