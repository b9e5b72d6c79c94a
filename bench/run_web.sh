#!/usr/bin/env bash
# The web app benchmark: bench/run_web.sh [--entries N]; prints JSON figures (see bench/README.md).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${PUNCHCLOCK_PYTHON:-$here/../.venv/bin/python}"
if ! command -v chromium >/dev/null; then
  echo "Installing chromium ..." >&2
  apt-get install -y -qq chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)
fi
cd "$here/.."
PYTHONPATH="$here${PYTHONPATH:+:$PYTHONPATH}" exec "$python" -m webbench "$@"
