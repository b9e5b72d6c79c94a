"""The web app's files, read once at start: content-hashed URLs, precompressed bodies.

Every file under ``app/`` is served at ``/assets/<version>/<path>``, where ``version`` is a hash of
all the files together. One version for the whole set (rather than one hash per file) keeps the ES
modules' relative imports working without a build step, and any change gives every URL a new name,
so assets can be cached for a year. ``index.html`` and ``sw.js`` are templates filled with that
version; they are served with ``no-cache`` so a new release is picked up on the next load.

Under a path prefix (``https://example.com/time/``) the page's links carry the prefix: ``index``
fills the page for a base path. Everything else finds its way relative to itself: the manifest's
links are relative to the manifest, the service worker's to its scope, and the modules reach the API
relative to their own URL (js/api.js).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

APP_DIR = Path(__file__).parent / "app"
TEMPLATES = ("index.html", "sw.js", "manifest.webmanifest")
TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".html": "text/html; charset=utf-8",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
}
COMPRESSIBLE = (".js", ".css", ".svg", ".html", ".json", ".webmanifest")


@dataclass(frozen=True, slots=True)
class Asset:
    body: bytes
    gzipped: bytes | None
    media_type: str


@dataclass
class Bundle:
    version: str
    files: dict[str, Asset] = field(default_factory=dict)  # hashed assets by relative path
    pages: dict[str, Asset] = field(default_factory=dict)  # no-cache templates by name
    index_template: str = ""
    _indexes: dict[str, Asset] = field(default_factory=dict)

    @property
    def prefix(self) -> str:
        return f"/assets/{self.version}"

    def index(self, base: str = "/") -> Asset:
        """The page for a deployment at ``base`` ("/", or "/time/" under a prefix)."""
        found = self._indexes.get(base)
        if found is None:
            if len(self._indexes) > 8:
                self._indexes.clear()
            found = self._indexes[base] = _asset("index.html", _fill(self.index_template, self._values(base)))
        return found

    def _values(self, base: str) -> dict[str, str]:
        assets = f"{base}assets/{self.version}"
        modules = sorted(n for n in self.files if n.startswith("js/") and not n.endswith(".test.js"))
        return {
            "{{BASE}}": base,
            "{{ASSETS}}": assets,
            "{{VERSION}}": self.version,
            "{{PRELOAD}}": "\n".join(f'<link rel="modulepreload" href="{assets}/{n}">' for n in modules),
            # Relative to the service worker's scope and to the manifest, wherever those are.
            "{{ASSET_LIST}}": json.dumps([f"assets/{self.version}/{n}" for n in self.files]),
            "{{RELATIVE_ASSETS}}": f"assets/{self.version}",
        }


def _fill(text: str, values: dict[str, str]) -> bytes:
    for key, value in values.items():
        text = text.replace(key, value)
    return text.encode()


def _asset(name: str, body: bytes) -> Asset:
    suffix = Path(name).suffix
    packed = gzip.compress(body, 9, mtime=0) if suffix in COMPRESSIBLE else None
    if packed is not None and len(packed) >= len(body):
        packed = None
    return Asset(body, packed, TYPES.get(suffix, "application/octet-stream"))


def load(app_dir: Path = APP_DIR) -> Bundle:
    raw: dict[str, bytes] = {}
    for path in sorted(app_dir.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            raw[path.relative_to(app_dir).as_posix()] = path.read_bytes()
    digest = hashlib.sha256()
    for name, body in raw.items():
        digest.update(name.encode() + b"\0" + body + b"\0")
    bundle = Bundle(digest.hexdigest()[:12], index_template=raw["index.html"].decode())
    for name, body in raw.items():
        if name not in TEMPLATES:
            bundle.files[name] = _asset(name, body)
    for name in TEMPLATES:
        bundle.pages[name] = _asset(name, _fill(raw[name].decode(), bundle._values("/")))
    return bundle
