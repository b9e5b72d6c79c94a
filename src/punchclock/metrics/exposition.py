"""Prometheus's text exposition format (version 0.0.4), written out by hand: a few lines per family."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

Labels = Mapping[str, str]


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def number(value: float) -> str:
    if isinstance(value, int):
        return str(value)
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if math.isnan(value):
        return "NaN"
    return repr(value)


class Text:
    """Families in the order they are added; ``render()`` joins them into one exposition."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def family(self, name: str, kind: str, help_text: str) -> Text:
        self.lines.append(f"# HELP {name} {help_text}")
        self.lines.append(f"# TYPE {name} {kind}")
        return self

    def sample(self, name: str, value: float, labels: Labels | None = None) -> Text:
        if labels:
            inner = ",".join(f'{key}="{_escape(text)}"' for key, text in labels.items())
            self.lines.append(f"{name}{{{inner}}} {number(value)}")
        else:
            self.lines.append(f"{name} {number(value)}")
        return self

    def gauge(self, name: str, help_text: str, value: float) -> Text:
        return self.family(name, "gauge", help_text).sample(name, value)

    def samples(self, name: str, rows: Iterable[tuple[Labels, float]]) -> Text:
        for labels, value in rows:
            self.sample(name, value, labels)
        return self

    def render(self) -> str:
        return "\n".join(self.lines) + "\n"
