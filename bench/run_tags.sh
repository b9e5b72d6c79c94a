#!/usr/bin/env bash
# Migration 0015 (tags from notes) on a million entries: bench/run_tags.sh [sqlite|postgresql|both] [--entries N]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${PUNCHCLOCK_PYTHON:-$here/../.venv/bin/python}"
cd "$here/.."
PYTHONPATH="$here${PYTHONPATH:+:$PYTHONPATH}" exec "$python" -m tagbench "$@"
