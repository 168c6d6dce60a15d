#!/usr/bin/env bash
# Reads a Stepwise output directory through real mosaicml-streaming and compares every value
# (see check_streaming.py). Used by CI and by StepwiseShardsTests.StreamingReadTests.
#
#   scripts/shards/check_streaming.sh OUT [--expected FILE.jsonl] [--validate-hash sha1]
#
# The venv lives outside the clone so repeated runs reuse it:
#   ${STEPWISE_VENV:-$HOME/.cache/stepwise/venv}
# If it lacks mosaicml-streaming, this script creates/installs it (pulls torch, ~3 GB, a few
# minutes) unless STEPWISE_NO_INSTALL=1. When the venv cannot be had (no PyPI), it prints
# "SKIP: <reason>" and exits 0. Other engineers' packages in the venv are left alone.
set -u
HERE="$(cd "$(dirname "$0")" && pwd)"
VENV="${STEPWISE_VENV:-$HOME/.cache/stepwise/venv}"
PY="$VENV/bin/python"

have_streaming() { [ -x "$PY" ] && "$PY" -c 'import streaming' >/dev/null 2>&1; }

if ! have_streaming; then
    if [ "${STEPWISE_NO_INSTALL:-0}" = "1" ]; then
        echo "SKIP: no mosaicml-streaming in $VENV and STEPWISE_NO_INSTALL=1"
        exit 0
    fi
    if ! command -v python3 >/dev/null 2>&1; then
        echo "SKIP: python3 is not installed"
        exit 0
    fi
    echo "installing mosaicml-streaming into $VENV (once; takes minutes)" >&2
    if ! { [ -x "$PY" ] || python3 -m venv "$VENV"; } \
        || ! timeout 1800 "$VENV/bin/pip" install --quiet mosaicml-streaming >&2; then
        echo "SKIP: could not install mosaicml-streaming into $VENV (PyPI unreachable?)"
        exit 0
    fi
fi
exec "$PY" "$HERE/check_streaming.py" "$@"
