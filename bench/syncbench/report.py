"""The aims of issue 3, the Markdown tables (one pair per Punchclock backend) and the JSON record."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from apibench.report import RESULTS_DIR

TIMETAGGER = "timetagger"


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    measure: str  # key in the results
    field: tuple[str, ...]  # path to the figure inside one server's result
    unit: str  # s, ms, MiB or MB
    aim: float | None  # least TimeTagger / Punchclock ratio; None: shown for context
    timetagger_measure: str | None = None  # when TimeTagger's figure comes from another measure
    per: str = ""  # what the CPU time is counted per (empty: no CPU row)

    def _measure(self, server: str) -> str:
        return self.timetagger_measure if server == TIMETAGGER and self.timetagger_measure else self.measure

    def value(self, results: dict, server: str) -> float:
        value: Any = results[self._measure(server)][server]
        for part in self.field:
            value = value[part]
        return float(value)

    def cpu(self, results: dict, server: str) -> float | None:
        return results[self._measure(server)][server]["cpu_ms_per_request"]

    def met(self, ratio: float) -> bool | None:
        if self.aim is None:
            return None
        return ratio > self.aim if self.unit == "MiB" else ratio >= self.aim  # memory: strictly lower

    @property
    def aim_text(self) -> str:
        if self.aim is None:
            return ""
        if self.unit == "MiB":
            return "lower"
        return "no slower" if self.aim == 1.0 else f">= {self.aim:g}x faster"


def rows(push: int, total: int, batch: int) -> tuple[Row, ...]:
    puts = push // batch
    small, large, pushes = f"{push:,}", f"{total:,}", f"{puts} PUT{'s' * (puts != 1)} of {batch:,}"
    memory, hwm, median = ("memory", "rss_growth_mib"), ("memory", "vmhwm_mib"), ("median_ms",)
    full_pull = "Full pull `updates?since=0`"
    return (
        Row(f"Push {small} records ({pushes}), total", "push", ("seconds",), "s", 3.0, per="PUT"),
        Row(f"{full_pull}, {small} records", "pull_small", median, "ms", 3.0, per="pull"),
        Row(f"  peak RSS growth during it, {small}", "pull_small", memory, "MiB", 1.0),
        Row(f"  VmHWM after it, {small}", "pull_small", hwm, "MiB", None),
        Row(f"{full_pull}, {large} records", "pull_large", median, "ms", 3.0, per="pull"),
        Row(f"  peak RSS growth during it, {large}", "pull_large", memory, "MiB", 1.0),
        Row(f"  VmHWM after it, {large}", "pull_large", hwm, "MiB", None),
        Row(f"  response size, {large}", "pull_large", ("bytes",), "MB", None),
        Row("No-change poll `updates?since=<server_time>`, median", "poll", median, "ms", 1.0, per="poll"),
        Row(
            "  the same, Punchclock signed in with a `pc_` API token",
            "poll_api_token",
            median,
            "ms",
            None,
            timetagger_measure="poll",
            per="poll",
        ),
        Row(f"`records?timerange=<last week>` at {large}", "last_week", median, "ms", 10.0, per="query"),
        Row(f"Load the other {total - push:,} records, total", "load", ("seconds",), "s", None, per="PUT"),
    )


def _figure(value: float, unit: str) -> str:
    if unit == "MB":
        return f"{value / 1e6:.1f} MB"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "MiB":
        return f"{value:.1f} MiB"
    return f"{value:.2f} ms" if value < 100 else f"{value:,.0f} ms"


def _ratio(tt: float | None, pc: float | None) -> float | None:
    if tt is None or pc is None:
        return None
    return tt / pc if pc else float("inf")


def _label(row: Row, cpu: bool = False) -> str:
    label = row.label.removesuffix(", total").removesuffix(", median") if cpu else row.label
    return "&nbsp;&nbsp;" + label.strip() if label.startswith("  ") else label


def verdicts(results: dict, table: tuple[Row, ...], server: str) -> dict[str, dict]:
    found = {}
    for row in table:
        tt, pc = row.value(results, TIMETAGGER), row.value(results, server)
        ratio = _ratio(tt, pc)
        assert ratio is not None
        found[row.label.strip()] = {
            "timetagger": tt,
            "punchclock": pc,
            "unit": row.unit,
            "ratio": round(ratio, 2),
            "aim": row.aim_text or None,
            "met": row.met(ratio),
        }
        if row.per:
            tt_cpu, pc_cpu = row.cpu(results, TIMETAGGER), row.cpu(results, server)
            cpu_ratio = _ratio(tt_cpu, pc_cpu)
            found[row.label.strip()] |= {
                "cpu_ms_per_" + row.per: {"timetagger": tt_cpu, "punchclock": pc_cpu},
                "cpu_ratio": None if cpu_ratio is None else round(cpu_ratio, 2),
            }
    return found


def markdown(results: dict, table: tuple[Row, ...], server: str, label: str) -> str:
    lines = [
        f"### TimeTagger 26.1.3 vs {label}",
        "",
        "| Measure | TimeTagger | Punchclock | Ratio TT/PC | Aim | Met |",
        "|---|---:|---:|---:|---|---|",
    ]
    for row in table:
        tt, pc = row.value(results, TIMETAGGER), row.value(results, server)
        ratio = _ratio(tt, pc)
        assert ratio is not None
        met = {None: "", True: "yes", False: "NO"}[row.met(ratio)]
        lines.append(
            f"| {_label(row)} | {_figure(tt, row.unit)} | {_figure(pc, row.unit)} | {ratio:.2f} "
            f"| {row.aim_text} | {met} |"
        )
    database = " + PostgreSQL" if server.endswith("postgresql") else ""
    lines += [
        "",
        "Server CPU time (from /proc; Punchclock's includes its PostgreSQL backends), which other load "
        "on the machine disturbs less than the times above:",
        "",
        f"| Measure | TimeTagger CPU ms | Punchclock{database} CPU ms | Ratio TT/PC |",
        "|---|---:|---:|---:|",
    ]
    for row in table:
        if not row.per:
            continue
        tt_cpu, pc_cpu = row.cpu(results, TIMETAGGER), row.cpu(results, server)
        cpu_ratio = _ratio(tt_cpu, pc_cpu)
        shown = "-" if cpu_ratio is None else f"{cpu_ratio:.2f}"
        tt_text, pc_text = _figure(tt_cpu or 0, "ms"), _figure(pc_cpu or 0, "ms")
        lines.append(f"| {_label(row, cpu=True)}, per {row.per} | {tt_text} | {pc_text} | {shown} |")
    return "\n".join(lines)


def write_json(record: dict, started: datetime) -> Path:
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"sync-{started.astimezone(UTC):%Y%m%d-%H%M%S}.json"
    path.write_text(json.dumps(record, indent=2, default=str) + "\n")
    return path
