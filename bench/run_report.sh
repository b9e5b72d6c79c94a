#!/usr/bin/env bash
# The grouped-report benchmark: bench/run_report.sh [sqlite|postgresql|both] [--entries N] [--runs N]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${PUNCHCLOCK_PYTHON:-$here/../.venv/bin/python}"
cd "$here/.."
PYTHONPATH="$here${PYTHONPATH:+:$PYTHONPATH}" exec "$python" -m reportbench "$@"
