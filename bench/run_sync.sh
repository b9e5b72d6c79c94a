#!/usr/bin/env bash
# The sync benchmark, TimeTagger 26.1.3 vs Punchclock: bench/run_sync.sh [--backend sqlite|postgresql|both]
# [--help for options]. Makes bench/.venv-timetagger (TimeTagger from PyPI) when it is missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${PUNCHCLOCK_PYTHON:-$here/../.venv/bin/python}"
tt_version="26.1.3"
tt_venv="$here/.venv-timetagger"
tt_python="${TIMETAGGER_PYTHON:-$tt_venv/bin/python}"

has_timetagger() {
  "$tt_python" -c "import sys, timetagger; sys.exit(timetagger.__version__ != '$tt_version')" 2>/dev/null
}

if ! has_timetagger; then
  if [ -n "${TIMETAGGER_PYTHON:-}" ]; then
    echo "TIMETAGGER_PYTHON=$TIMETAGGER_PYTHON has no timetagger $tt_version" >&2
    exit 1
  fi
  echo "Installing timetagger==$tt_version into $tt_venv ..." >&2
  "$python" -m venv --clear "$tt_venv"
  # uvloop and httptools as in TimeTagger's own Docker image ("make uvicorn faster").
  "$tt_venv/bin/pip" install -q --disable-pip-version-check "timetagger==$tt_version" uvloop httptools
  has_timetagger || { echo "timetagger $tt_version did not install" >&2; exit 1; }
fi

cd "$here/.."
TIMETAGGER_PYTHON="$tt_python" PYTHONPATH="$here${PYTHONPATH:+:$PYTHONPATH}" exec "$python" -m syncbench "$@"
