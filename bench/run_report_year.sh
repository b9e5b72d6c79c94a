#!/usr/bin/env bash
# A year's filtered report with its entry list, at 1,000,000 entries, on SQLite and PostgreSQL:
# bench/run_report_year.sh [sqlite|postgresql|both] [--entries N] [--runs N] [--data DIR]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${PUNCHCLOCK_PYTHON:-$here/../.venv/bin/python}"
cd "$here/.."
PYTHONPATH="$here${PYTHONPATH:+:$PYTHONPATH}" exec "$python" -u -m reportyear "$@"
