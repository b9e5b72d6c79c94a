#!/usr/bin/env bash
# Search over 1,000,000 entries and suggestions over 100,000, on SQLite and PostgreSQL:
# bench/run_search.sh [sqlite|postgresql|both] [--data DIR] [--fresh] [--runs N] (see bench/README.md).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${PUNCHCLOCK_PYTHON:-$here/../.venv/bin/python}"
cd "$here/.."
PYTHONPATH="$here${PYTHONPATH:+:$PYTHONPATH}" exec "$python" -m searchbench "$@"
