#!/usr/bin/env bash
# The REST API benchmark: bench/run_api.sh [sqlite|postgresql|both] [--help for options]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${PUNCHCLOCK_PYTHON:-$here/../.venv/bin/python}"

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing wrk ..." >&2
    (apt-get install -y -qq wrk || (apt-get update -qq && apt-get install -y -qq wrk)) >/dev/null \
      || echo "wrk could not be installed; using the Python load generator" >&2
  else
    echo "wrk not found; using the Python load generator (install wrk for steadier figures)" >&2
  fi
fi

cd "$here/.."
PYTHONPATH="$here${PYTHONPATH:+:$PYTHONPATH}" exec "$python" -m apibench "$@"
