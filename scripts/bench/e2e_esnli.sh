#!/usr/bin/env bash
# End-to-end speed and memory benchmark on an e-SNLI-scale input (issue #8, "Speed and memory").
#
# Needs:
#   - ../shared beside the repository (override: STEPWISE_SHARED=DIR) with
#       corpora/palm/esnli/train_CoT_*.json          the paper's released PaLM train completions
#       corpora/reference/esnli/esnli_{valid,test}.json  e-SNLI dev/test inputs (stand-ins, see below)
#       tokenizers/t5-spiece.model, tokenizers/t5-tokenizer.json
#   - a Python with datasets, tokenizers, numpy: the project's venv (scripts/python-env makes it
#     at ~/.cache/stepwise/venv), or BENCH_PYTHON=.../bin/python
#   - swift (the script builds `stepwise` in release mode; override: STEPWISE_BIN=path/to/stepwise)
#   - GNU time at /usr/bin/time (apt-get install time)
#   - about 6 GB free under the work folder (default: a new /tmp/stepwise-bench.XXXXXX)
#
# Run:  scripts/bench/e2e_esnli.sh [--keep] [--work DIR] [--skip-python] [--skip-flat] [--workers N] [--formats F]
#                                  [--parquet-too]
#   --keep         keep the work folder (inputs, outputs, time reports, stderr logs)
#   --work DIR     use DIR as the work folder (created; emptied of earlier results)
#   --skip-python  skip (a), the Python path (no ratio then)
#   --skip-flat    skip the 4x run (no flatness check then)
#   --workers N    pass --workers N to `stepwise run` (default: the pipeline's, i.e. the CPU count)
#   --formats F    output.formats of the run (default "mds"; "mds, parquet" adds the Parquet copy)
#   --parquet-too  also run (b) at 1x with "mds, parquet", for the cost of the Parquet copy
#
# Without the e-SNLI dev/test inputs in ../shared, scripts/bench/make_standin_reference.py
# builds a stand-in shared folder (synthetic inputs, the real completions and tokenizers).
#
# What it measures, on this machine in one go:
#   input  549,367 e-SNLI train records. The released completions are real; their inputs are
#          not in ../shared, so the inputs are the e-SNLI valid+test records repeated in order
#          with new ids (esnli-train-<i>), paired with completion i (scripts/bench/make_input.py).
#   (a)    the paper's code path in Python: HF datasets map(batched=True) + HF tokenizers
#          (t5-tokenizer.json), parse of the completions, save_to_disk (scripts/bench/paper_path.py).
#   (b)    `stepwise teacher import --format paper` of the completions, then `stepwise run`
#          with the replay teacher to zstd shards (train split only); the time of both counts.
#   flat   (b) again on 4x the input (2,197,468 records; the released completion files are
#          repeated under new file numbers, so completion k is reused at k + r*549,367).
# Bars (issue 18): (b) >= 20x the records/s of (a); peak RSS of (b) < 300 MB at 1x and 4x, and
# at 4x at most 30% or 50 MB above 1x (whichever allows more); with --parquet-too, the run
# with Parquet at most 15% slower. Exit status 1 when a bar is missed.
# Also printed: busy seconds per stage (from the final progress line) and the sha1 of the 1x
# output (every shard and index.json), to show that a change left the bytes alone.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
shared=${STEPWISE_SHARED:-$repo/../shared}
py=${BENCH_PYTHON:-$HOME/.cache/stepwise/venv/bin/python}
keep=0 work="" skip_python=0 skip_flat=0 workers="" formats="mds" parquet_too=0

while [ $# -gt 0 ]; do
    case "$1" in
        --keep) keep=1 ;;
        --work) work=${2:?--work needs a folder}; shift ;;
        --skip-python) skip_python=1 ;;
        --skip-flat) skip_flat=1 ;;
        --workers) workers=${2:?--workers needs a number}; shift ;;
        --formats) formats=${2:?--formats needs a list such as "mds, parquet"}; shift ;;
        --parquet-too) parquet_too=1 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "e2e_esnli: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
    shift
done

fail_setup() { echo "e2e_esnli: $*" >&2; exit 2; }

# --- what the benchmark needs ------------------------------------------------------------
if [ ! -d "$shared" ]; then
    fail_setup "no shared data folder at $shared.
  The benchmark needs the real e-SNLI data and T5 tokenizer beside the repository
  (or STEPWISE_SHARED=DIR pointing at a folder laid out the same way):
    corpora/palm/esnli/train_CoT_0.json … train_CoT_99.json   (the paper's released PaLM completions)
    corpora/reference/esnli/esnli_valid.json, esnli_test.json  (e-SNLI dev/test, JSON lines)
    tokenizers/t5-spiece.model, tokenizers/t5-tokenizer.json"
fi
palm=$shared/corpora/palm/esnli
for f in "$palm/train_CoT_0.json" "$shared/corpora/reference/esnli/esnli_valid.json" \
         "$shared/corpora/reference/esnli/esnli_test.json" "$shared/tokenizers/t5-spiece.model" \
         "$shared/tokenizers/t5-tokenizer.json"; do
    [ -f "$f" ] || fail_setup "missing $f (see the header of $0 for what the benchmark needs)"
done
[ -x /usr/bin/time ] || fail_setup "GNU time is needed at /usr/bin/time (apt-get install time)"
if [ "$skip_python" = 0 ]; then
    "$py" -c 'import datasets, tokenizers, numpy' 2>/dev/null || fail_setup "side (a) needs a Python with datasets, tokenizers and numpy at $py:
    scripts/python-env   (makes ~/.cache/stepwise/venv)
  (or BENCH_PYTHON=path/to/python, or --skip-python)"
fi

if [ -n "${STEPWISE_BIN:-}" ]; then
    bin=$STEPWISE_BIN
else
    echo "== building stepwise (release)"
    (cd "$repo" && swift build -c release --product stepwise) >&2
    bin=$(cd "$repo" && swift build -c release --show-bin-path)/stepwise
fi
[ -x "$bin" ] || fail_setup "no stepwise binary at $bin"

if [ -z "$work" ]; then
    work=$(mktemp -d /tmp/stepwise-bench.XXXXXX)
else
    mkdir -p "$work"
    rm -rf "${work:?}/x1" "${work:?}/x4"
fi
cleanup() {
    if [ "$keep" = 1 ]; then echo "work folder kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

load() { cut -d' ' -f1-3 /proc/loadavg; }
timev() { python3 "$here/timev.py" "$@"; }
echo "== machine: $(nproc) CPUs, load average $(load); stepwise: $bin; work: $work"

# --- input ------------------------------------------------------------------------------
scales=(1)
[ "$skip_flat" = 0 ] && scales+=(4)
for s in "${scales[@]}"; do
    echo "== building the ${s}x input"
    mkdir -p "$work/x$s"
    python3 "$here/make_input.py" --corpora "$shared/corpora" --out "$work/x$s" --scale "$s" > "$work/x$s/input.json"
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("   %d records; NOTE: %s" % (d["records"], d["note"]))' "$work/x$s/input.json"
done

# --- (a) the paper's path in Python -----------------------------------------------------
if [ "$skip_python" = 0 ]; then
    # Each measured phase starts with no writeback pending from the one before it.
    sync
    echo "== (a) Python: datasets map(batched=True) + tokenizers + save_to_disk   [load before: $(load)]"
    rm -rf "$work/x1/paper-out" "$work/x1/hf-cache"
    /usr/bin/time -v -o "$work/a.time" "$py" "$here/paper_path.py" \
        --input "$work/x1/source/esnli_train.json" --completions "$palm" \
        --tokenizer "$shared/tokenizers/t5-tokenizer.json" \
        --out "$work/x1/paper-out" --cache "$work/x1/hf-cache" > "$work/a.json" 2> "$work/a.stderr" \
        || { cat "$work/a.stderr" >&2; echo "e2e_esnli: (a) failed" >&2; exit 1; }
    echo "   $(cat "$work/a.json")   [load after: $(load)]"
    rm -rf "$work/x1/paper-out" "$work/x1/hf-cache"
fi

# --- (b) stepwise: import + run ---------------------------------------------------------
run_stepwise() {
    local s=$1 d=$work/x$1 formats=${2:-$formats} tag=${3:-}
    cat > "$d/pipeline.yaml" <<YAML
# Generated by scripts/bench/e2e_esnli.sh: ${s}x e-SNLI-scale input (stand-in inputs, real completions).
name: bench-esnli-x$s
dataset: {name: esnli, format: reference-jsonl, source: "$d/source", splits: [train]}
prompt: {exemplars: "$repo/Pipelines/prompts/esnli.yaml", style: completion}
teacher: {kind: replay, recordings: "$d/recordings.sqlite"}
parse: {mode: paper, rationale_too_long: truncate}
tokenizer: {path: "$shared/tokenizers/t5-spiece.model", max_input_tokens: 1024, max_target_tokens: 256}
output: {dir: "$d/out", compression: zstd, formats: [$formats]}
YAML
    local files
    if [ "$s" = 1 ]; then files=("$palm"/train_CoT_*.json); else files=("$d"/palm/train_CoT_*.json); fi
    rm -rf "$d/out"
    sync
    echo "== (b) ${s}x${tag:+ $tag}: stepwise teacher import + stepwise run, formats [$formats]   [load before: $(load)]"
    /usr/bin/time -v -o "$d/import$tag.time" "$bin" teacher import --format paper --dataset esnli --split train \
        --out "$d/recordings.sqlite" "${files[@]}" > "$d/import.stdout" 2> "$d/import.stderr" \
        || { cat "$d/import.stderr" >&2; echo "e2e_esnli: teacher import failed" >&2; exit 1; }
    local extra=()
    [ -n "$workers" ] && extra=(--workers "$workers")
    /usr/bin/time -v -o "$d/run$tag.time" "$bin" run "$d/pipeline.yaml" "${extra[@]}" > "$d/run.stdout" 2> "$d/run$tag.stderr" \
        || { tail -20 "$d/run$tag.stderr" >&2; echo "e2e_esnli: stepwise run failed" >&2; exit 1; }
    echo "   import $(timev "$d/import$tag.time")"
    echo "   run    $(timev "$d/run$tag.time")   [load after: $(load)]"
    echo "   final progress line: $(tr '\r' '\n' < "$d/run$tag.stderr" | grep '\] done ' | tail -1)"
    echo "   run summary: $(tr '\r' '\n' < "$d/run$tag.stderr" | grep -E '^  [a-z]+: [0-9]+ samples' | tail -1)"
    echo "   output: $(du -sh "$d/out" | cut -f1) ($(du -sh "$d/out/train" | cut -f1) MDS$([ -d "$d/out/parquet" ] && echo ", $(du -sh "$d/out/parquet" | cut -f1) Parquet"))"
    echo "   output sha1 (shards + index.json): $(cd "$d/out/train" && sha1sum index.json shard.* | sha1sum | cut -c1-16)"
    # With --keep the output stays for checks (scripts/parquet/check_output.py OUT).
    [ "$keep" = 1 ] || rm -rf "$d/out"
    rm -rf "$d/recordings.sqlite"
}
for s in "${scales[@]}"; do run_stepwise "$s"; done
[ "$parquet_too" = 1 ] && run_stepwise 1 "mds, parquet" "-parquet"

# --- summary ----------------------------------------------------------------------------
a_args=()
[ "$skip_python" = 0 ] && a_args=(--a-time "$work/a.time" --a-json "$work/a.json")
b4_args=()
[ "$skip_flat" = 0 ] && b4_args=(--b4 "$work/x4/import.time" "$work/x4/run.time" --n4 "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["records"])' "$work/x4/input.json")")
[ "$parquet_too" = 1 ] && a_args+=(--b1-parquet "$work/x1/import-parquet.time" "$work/x1/run-parquet.time")
python3 "$here/summary.py" --busy1 "$work/x1/run.stderr" $([ "$skip_flat" = 0 ] && echo --busy4 "$work/x4/run.stderr") --n1 "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["records"])' "$work/x1/input.json")" \
    --b1 "$work/x1/import.time" "$work/x1/run.time" "${a_args[@]}" "${b4_args[@]}" --load "$(load)"
