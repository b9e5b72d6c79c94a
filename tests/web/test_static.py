"""The web app's files: served at / from the package, hashed URLs, cache headers, gzip, strict CSP."""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from punchclock.app import create_app
from punchclock.config import Settings
from punchclock.web import assets
from punchclock.web import endpoints as web_endpoints


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """Static files touch no database: one app for the module."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("web"), secret_key="s" * 40, access_log=False)
    with TestClient(create_app(settings)) as client:
        yield client


def asset_urls(html: str) -> list[str]:
    return re.findall(r"""(?:src|href)="(/assets/[^"]+)\"""", html)


def test_the_page_is_served_at_the_root_and_never_cached_stale(client):
    res = client.get("/")
    assert res.status_code == 200
    assert res.headers["content-type"].startswith("text/html")
    assert res.headers["cache-control"] == "no-cache"
    assert '<div id="app">' in res.text
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", res.text), "no CDN, no external fonts"


def test_the_page_has_a_strict_csp_and_no_inline_script_or_style(client):
    res = client.get("/")
    csp = res.headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    html = res.text
    assert all(re.search(r"\bsrc=", tag) for tag in re.findall(r"<script[^>]*>", html)), "inline script"
    assert "<style" not in html
    assert " style=" not in html


def test_assets_have_content_hashed_urls_and_a_year_of_cache(client):
    urls = asset_urls(client.get("/").text)
    version = assets.load().version
    assert urls
    assert all(u.startswith(f"/assets/{version}/") for u in urls)
    for url in urls:
        res = client.get(url)
        assert res.status_code == 200, url
        assert res.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert res.headers["x-content-type-options"] == "nosniff"


def test_the_version_changes_when_any_file_changes(tmp_path):
    for name in ("index.html", "sw.js", "manifest.webmanifest"):
        (tmp_path / name).write_text("{{ASSETS}} {{VERSION}} {{ASSET_LIST}} {{PRELOAD}}")
    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "a.js").write_text("export const a = 1;")
    before = assets.load(tmp_path)
    (tmp_path / "js" / "a.js").write_text("export const a = 2;")
    after = assets.load(tmp_path)
    assert before.version != after.version
    assert after.prefix in after.pages["index.html"].body.decode()
    assert f'"assets/{after.version}/js/a.js"' in after.pages["sw.js"].body.decode()


def test_text_assets_are_sent_gzipped_to_clients_that_accept_it(client):
    url = next(u for u in asset_urls(client.get("/").text) if u.endswith("/js/app.js"))
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    packed = client.get(url, headers={"Accept-Encoding": "gzip, br"})
    assert packed.headers["content-encoding"] == "gzip"
    assert packed.headers["vary"] == "Accept-Encoding"
    assert packed.content == plain.content  # the test client decodes it again
    raw = assets.load().files["js/app.js"]
    assert raw.gzipped is not None
    assert len(raw.gzipped) < len(raw.body) / 2
    assert gzip.decompress(raw.gzipped) == raw.body


def test_an_unchanged_page_answers_304(client):
    first = client.get("/")
    again = client.get("/", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert again.content == b""


def test_the_service_worker_and_manifest(client):
    sw = client.get("/sw.js")
    assert sw.status_code == 200
    assert sw.headers["content-type"].startswith("text/javascript")
    assert sw.headers["cache-control"] == "no-cache"
    assert "{{" not in sw.text
    assert assets.load().version in sw.text
    manifest = client.get("/manifest.webmanifest")
    assert manifest.headers["content-type"].startswith("application/manifest+json")
    data = manifest.json()
    assert data["start_url"] == "./"
    assert data["display"] == "standalone"
    for icon in data["icons"]:  # relative to the manifest, so they work under a path prefix too
        assert client.get(f"/{icon['src']}").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/assets/x/nope.js",
        "/assets/x/../endpoints.py",
        "/assets/x/%2e%2e/assets.py",
        "/assets/x/index.html",
        "/assets/x/",
    ],
)
def test_only_the_apps_files_are_served(client, path):
    res = client.get(path)
    assert res.status_code == 404
    assert res.json()["code"] == "not_found"


def test_an_old_version_gets_todays_file_uncached(client):
    res = client.get("/assets/000000000000/css/app.css")
    assert res.status_code == 200
    assert res.headers["cache-control"] == "no-cache"


def test_head_requests_work(client):
    assert client.head("/").status_code == 200


def test_the_api_keeps_its_own_csp_and_json_404(client):
    res = client.get("/api/v1/nope")
    assert res.status_code == 404
    assert res.headers["content-security-policy"].startswith("default-src 'none'")


def test_the_files_are_package_data():
    """pyproject's package-data must carry every file of the app into the wheel."""
    import tomllib
    from pathlib import Path

    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    patterns = pyproject["tool"]["setuptools"]["package-data"]["punchclock"]
    assert "web/**/*" in patterns


def test_the_files_are_read_when_the_app_is_made_so_a_reinstall_cannot_take_them_away(tmp_path, monkeypatch):
    # scripts/test reinstalls the package in the checkout scripts/serve runs from; a server that read
    # the files at its first visit then found none and answered 500 until restarted.
    reads = []
    real = assets.load
    monkeypatch.setattr(assets, "load", lambda *args: reads.append(1) or real(*args))
    web_endpoints.bundle.cache_clear()
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'pc.db'}", _env_file=None))
    assert reads == [1]
    monkeypatch.setattr(assets, "load", lambda *args: {}["index.html"])  # the files are gone
    with TestClient(app) as client:
        assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    ("public_url", "root_path", "base"),
    [
        ("https://example.com/time", "", "/time/"),
        (None, "/time", "/time/"),  # an ASGI server's root path (uvicorn --root-path)
        (None, "", "/"),
    ],
)
def test_under_a_path_prefix_the_page_links_carry_it(tmp_path, public_url, root_path, base):
    settings = Settings(data_dir=tmp_path, secret_key="s" * 40, access_log=False, public_url=public_url)
    client = TestClient(create_app(settings), root_path=root_path)
    html = client.get(f"{root_path}/").text
    links = re.findall(r"""(?:src|href)="([^"]+)\"""", html)
    assert links
    assert all(link.startswith(f"{base}assets/") or link == f"{base}manifest.webmanifest" for link in links)
    for link in links:
        # A proxy strips the prefix; an ASGI server's root path stays in the path it passes on.
        path = link if root_path else "/" + link.removeprefix(base)
        assert client.get(path).status_code == 200, path
