#!/usr/bin/env bash
# Mixed-load soak, plotting the server's resident memory: see bench/README.md. Default 30 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PUNCHCLOCK_PYTHON:-.venv/bin/python}
exec "$PY" -m bench.soakbench "$@"
