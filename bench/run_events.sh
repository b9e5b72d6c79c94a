#!/usr/bin/env bash
# Live-update benchmark: bench/run_events.sh [--sockets 1,1000] [--events 200] [--scenarios sqlite,two-instances]
# Needs PostgreSQL and Redis on 127.0.0.1 for the two-instance scenario.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${PUNCHCLOCK_PYTHON:-$here/../.venv/bin/python}"
ulimit -n 65536 2>/dev/null || true
cd "$here/.."
PYTHONPATH="$here${PYTHONPATH:+:$PYTHONPATH}" exec "$python" -m eventbench "$@"
