"""Measure the web app in real headless Chromium against a real server with 10,000 entries in a year.

Figures: navigation to an interactive week view (cold and warm cache), switching week (to a week
prefetched while idle, and to one fetched on demand), and bytes transferred on first and repeat
load (encoded, i.e. compressed, as the network carries them).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from apibench.dataset import year_plan
from apibench.seed import seed
from playwright.sync_api import sync_playwright

PASSWORD = "bench-password-1234"  # apibench's seed gives every account this password
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# Timed inside the page, so the figures carry no DevTools round trips: from the key press to the
# first animation frame after the new week's entries are in the DOM (that frame paints them).
SWITCH = """(label) => new Promise((resolve) => {
  const started = performance.now();
  document.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowLeft", bubbles: true }));
  const ready = () => {
    const shown = document.querySelector(".period-label");
    return shown && shown.textContent !== label && document.querySelectorAll(".tl-entry").length > 0;
  };
  const check = () => (ready() ? requestAnimationFrame(() => resolve(performance.now() - started))
                                : requestAnimationFrame(check));
  check();
})"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(url: str, folder: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PUNCHCLOCK_")}
    env.update(
        PUNCHCLOCK_DATABASE_URL=url,
        PUNCHCLOCK_ACCESS_LOG="false",
        PUNCHCLOCK_RATE_LIMIT_PER_MINUTE="100000",
        PUNCHCLOCK_RATE_LIMIT_PER_HOUR="1000000",
    )
    command = [str(Path(sys.executable).with_name("punchclock")), "serve", "--port", str(port)]
    proc = subprocess.Popen([*command, "--data-dir", str(folder / "data")], env=env, cwd=folder)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                return proc, base
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    proc.kill()
    raise SystemExit("server did not start")


def measure_load(page, cdp_bytes: list[int], calls: list[str], base: str) -> tuple[float, int, int, int]:
    """Interactive time, bytes, and API requests until interactive and until the network is idle
    (the idle figure includes the previous week fetched ahead)."""
    cdp_bytes.clear()
    calls.clear()
    page.goto(base)
    page.wait_for_selector(".tl-entry")
    interactive = page.evaluate("performance.now()")
    before = len(calls)
    page.wait_for_load_state("networkidle")
    return interactive, sum(cdp_bytes), before, len(calls)


def measure_switches(page, count: int, pause_ms: int, calls: list[str]) -> tuple[list[float], list[int]]:
    """Each switch's time and the API requests it made (the one fetched ahead meanwhile included)."""
    times, requests = [], []
    for _ in range(count):
        label = page.text_content(".period-label")
        page.wait_for_timeout(pause_ms)
        calls.clear()
        times.append(page.evaluate(SWITCH, label))
        page.wait_for_timeout(max(pause_ms, 300))
        requests.append(len(calls))
    return times, requests


def run(browser, base: str, token: dict, prefetch: bool) -> dict:
    ctx = browser.new_context(base_url=base, viewport={"width": 1280, "height": 800})
    init = f"localStorage.setItem('pc_token', {json.dumps(token['token'])});"
    init += f"localStorage.setItem('pc_token_exp', '{token['expires_at']}');"
    init += f"localStorage.setItem('pc_prefetch', '{1 if prefetch else 0}');"
    ctx.add_init_script(init)
    page = ctx.new_page()
    cdp = ctx.new_cdp_session(page)
    cdp.send("Network.enable")
    got: list[int] = []
    cdp.on("Network.loadingFinished", lambda e: got.append(int(e["encodedDataLength"])))
    calls: list[str] = []
    page.on("request", lambda r: "/api/v1/" in r.url and calls.append(f"{r.method} {r.url}"))
    first_ms, first_bytes, first_calls, first_idle = measure_load(page, got, calls, base)
    repeat_ms, repeat_bytes, repeat_calls, _ = measure_load(page, got, calls, base)
    switches, per_switch = measure_switches(page, 8, 400 if prefetch else 0, calls)
    ctx.close()
    return {
        "first_load_ms": round(first_ms),
        "first_load_bytes": first_bytes,
        "first_load_api_requests": first_calls,
        "first_load_api_requests_until_idle": first_idle,
        "repeat_load_ms": round(repeat_ms),
        "repeat_load_bytes": repeat_bytes,
        "repeat_load_api_requests": repeat_calls,
        "week_switch_ms_median": round(statistics.median(switches), 1),
        "week_switch_ms_max": round(max(switches), 1),
        "week_switch_api_requests_max": max(per_switch),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url = f"sqlite:///{folder / 'bench.db'}"
        seeded = seed(url, year_plan(1, opts.entries))
        print(f"seeded {seeded.entries} entries for one user in {seeded.seconds:.1f} s", file=sys.stderr)
        proc, base = start_server(url, folder)
        try:
            res = httpx.post(f"{base}/api/v1/auth/login", json={"username": "user01", "password": PASSWORD})
            token = res.json()
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=opts.chromium, args=ARGS)
                run(browser, base, token, True)  # warm-up: the browser's own first start, disk cache
                results = {
                    "entries": seeded.entries,
                    "prefetch": run(browser, base, token, True),
                    "no_prefetch": run(browser, base, token, False),
                }
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=15)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
