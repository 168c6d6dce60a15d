#!/usr/bin/env bash
# Regenerates the golden Parquet file of the Swift tests,
# Tests/StepwiseParquetTests/Fixtures/golden/golden_small.{parquet,case.json,rows.jsonl}:
# the `golden_small` case of Tests/StepwiseParquetTests/Support/ParquetCases.swift (every
# column kind, nulls, several pages and row groups, key-value metadata; uncompressed, so the
# bytes do not depend on the libzstd version).
#
#   scripts/parquet/make_golden.sh        # PYTHON=... to name an interpreter with pyarrow + datasets
#
# It exports every case with `swift test --filter PyarrowCaseExportTests`, checks them all with
# scripts/parquet/check_pyarrow.py --require (pyarrow, datasets; it stops on any difference),
# and only then copies the golden case into the fixtures. Run it after a deliberate change of
# the file format; never edit the outputs by hand. GoldenFileTests compares the writer's bytes
# with the committed file.
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON="${PYTHON:-${STEPWISE_VENV:-$HOME/.cache/stepwise/venv}/bin/python}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
STEPWISE_PARQUET_CASES_DIR="$work" swift test --filter PyarrowCaseExportTests >/dev/null
"$PYTHON" scripts/parquet/check_pyarrow.py --cases "$work" --no-golden --require
dest=Tests/StepwiseParquetTests/Fixtures/golden
mkdir -p "$dest"
cp "$work"/golden_small.parquet "$work"/golden_small.case.json "$work"/golden_small.rows.jsonl "$dest"/
echo "wrote $dest/golden_small.* ($(wc -c < "$dest/golden_small.parquet") bytes)"
