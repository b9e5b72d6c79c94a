#!/usr/bin/env bash
# Fault scenarios (Redis and PostgreSQL cut and stalled) against two real instances: see bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PUNCHCLOCK_PYTHON:-.venv/bin/python}
exec "$PY" -m bench.faultbench "$@"
