#!/usr/bin/env bash
# Working-time balances at 1,000,000 entries, on SQLite and PostgreSQL (reportyear's data):
# bench/run_worktime.sh [sqlite|postgresql|both] [--entries N] [--runs N] [--data DIR]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${PUNCHCLOCK_PYTHON:-$here/../.venv/bin/python}"
cd "$here/.."
PYTHONPATH="$here${PYTHONPATH:+:$PYTHONPATH}" exec "$python" -u -m worktimebench "$@"
