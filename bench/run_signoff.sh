#!/usr/bin/env bash
# Sign-off at 1,000,000 entries: approving a month for 50 users, an entry's history, the lock check.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PUNCHCLOCK_PYTHON:-.venv/bin/python}
PYTHONPATH="bench${PYTHONPATH:+:$PYTHONPATH}" exec "$PY" -m signoffbench "$@"
