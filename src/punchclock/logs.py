"""Logging for every process: one JSON object per line (or plain text), set up in each worker.

Notes:
``punchclock serve --workers N`` starts its workers as fresh interpreters (spawn), which inherit no
logging setup from the parent, so each worker calls ``configure`` itself when it builds its app.
Every record becomes one line, a traceback included (as the ``exc`` field), so a log shipper never
has to stitch lines back together. The access log's records are JSON already and pass through.
"""

from __future__ import annotations

import logging
import sys
import time

import orjson

ACCESS = "punchclock.access"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.name == ACCESS and message.startswith("{"):
            return message
        entry: dict[str, object] = {
            "ts": round(record.created, 3),
            "level": record.levelname.lower(),
            "logger": record.name,
            "pid": record.process,
            "message": message,
        }
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = record.stack_info
        return orjson.dumps(entry, default=str).decode()


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")
        self.converter = time.gmtime


def configure(level: str = "info", fmt: str = "json") -> None:
    """Route every logger (uvicorn's included) to standard error in ``fmt``; idempotent."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        named = logging.getLogger(name)
        named.handlers.clear()
        named.propagate = True
    # uvicorn's own access log is off (punchclock.access writes one line per request instead).
    logging.getLogger("uvicorn.access").disabled = True
