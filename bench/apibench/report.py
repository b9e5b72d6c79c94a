"""The aims of the issue, a Markdown table per backend, and the JSON record in bench/results/."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent.parent / "results"

LATENCY_ROWS = (
    # key, label, aim for the client median in ms (None: shown for context)
    ("week_list", "Week list, 50 per page", 5.0),
    ("timer_pair", "Timer start + stop (pair)", 5.0),
    ("timer_start", "Timer start alone", None),
    ("timer_stop", "Timer stop alone", None),
    ("year_summary_member", "Year summary, one member", 100.0),
    ("year_summary_team", "Year summary, whole team (admin)", 100.0),
)
LOAD_ROWS = (
    # key, label, aim in requests per second (None: only 0 errors)
    ("timer_status", "Timer status", None),
    ("week_list", "Week list, 50 per page", 2000.0),
)


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}" if value < 100 else f"{value:.0f}"


def _latency_met(row: dict, aim: float) -> bool:
    return row["client"] is not None and row["client"]["median_ms"] < aim and row["errors"] == 0


def _load_met(row: dict, aim: float | None) -> bool:
    return row["errors"] == 0 and (aim is None or row["rps"] >= aim)


def _latency_aim(aim: float) -> str:
    return f"median < {aim:g} ms, 0 errors"


def _load_aim(aim: float | None) -> str:
    return f">= {aim:,.0f} req/s, 0 errors" if aim else "0 errors"


def verdicts(result: dict) -> dict[str, bool]:
    """Each aim of the issue, met or not."""
    checks = {}
    for key, _, aim in LATENCY_ROWS:
        if aim is not None:
            checks[f"{key}: {_latency_aim(aim)}"] = _latency_met(result["latency"][key], aim)
    for key, _, aim in LOAD_ROWS:
        checks[f"{key} under load: {_load_aim(aim)}"] = _load_met(result["load"][key], aim)
    return checks


def markdown(backend: str, result: dict) -> str:
    seed = result["seed"]
    conns = result["settings"]["connections"]
    lines = [
        f"### {backend}: {seed['entries']:,} entries, {seed['users']} users "
        f"(seeded in {seed['seconds']:.1f} s)",
        "",
        "| Measure | Median ms | p99 ms | Server median ms | CPU ms/req app + db | req/s | Errors | Aim "
        "| Met | Other CPU |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|---:|",
    ]
    for key, label, aim in LATENCY_ROWS:
        row = result["latency"][key]
        client, server = row["client"] or {}, row["server"] or {}
        wanted, met = ("", "-") if aim is None else (_latency_aim(aim), _yes(_latency_met(row, aim)))
        lines.append(
            f"| {label} | {_ms(client.get('median_ms'))} | {_ms(client.get('p99_ms'))} "
            f"| {_ms(server.get('median_ms'))} | {_cpu(row)} | | {row['errors']} "
            f"| {wanted} | {met} | {_share(row)} |"
        )
    for key, label, aim in LOAD_ROWS:
        row = result["load"][key]
        lines.append(
            f"| {label}, {conns} connections ({row['tool']}) | {_ms(row['p50_ms'])} | {_ms(row['p99_ms'])} "
            f"| | {_cpu(row)} | {row['rps']:,.0f} | {row['errors']} "
            f"| {_load_aim(aim)} | {_yes(_load_met(row, aim))} "
            f"| {_share(row)} |"
        )
    return "\n".join(lines)


def _cpu(row: dict) -> str:
    app, db = row["server_cpu_ms_per_request"], row["database_cpu_ms_per_request"]
    return _ms(app) if db is None else f"{_ms(app)} + {_ms(db)}"


def _share(row: dict) -> str:
    other = row.get("other_cpu")
    return "-" if other is None else f"{other:.0%}"


def _yes(ok: bool) -> str:
    return "yes" if ok else "NO"


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def environment() -> dict:
    return {
        "commit": _git("rev-parse", "HEAD"),
        "dirty": bool(_git("status", "--porcelain", "--", "src")),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
    }


def write_json(record: dict, started: datetime) -> Path:
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"api-{started.astimezone(UTC):%Y%m%d-%H%M%S}.json"
    path.write_text(json.dumps(record, indent=2, default=str) + "\n")
    return path
