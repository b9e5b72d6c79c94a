#!/usr/bin/env bash
# Instructions per request under callgrind: bench/run_instructions.sh list|timer|status|info [--backend ...]
# Needs valgrind (apt-get install valgrind). Repeatable on a noisy machine; about two minutes a measure.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${PUNCHCLOCK_PYTHON:-$here/../.venv/bin/python}"
command -v valgrind >/dev/null || { echo "valgrind not found (apt-get install valgrind)" >&2; exit 1; }
cd "$here/.."
PYTHONPATH="$here${PYTHONPATH:+:$PYTHONPATH}" exec "$python" -m apibench.instructions "$@"
