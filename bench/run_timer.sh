#!/usr/bin/env bash
# The timer pair, pause + resume and status, this build against an earlier one: see bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PUNCHCLOCK_PYTHON:-.venv/bin/python}
exec "$PY" -m bench.timerbench "$@"
