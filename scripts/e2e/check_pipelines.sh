#!/usr/bin/env bash
# Runs EVERY pipeline file in Pipelines/ on a small slice of its data and checks the output:
# `stepwise validate` on all files, then for each file `stepwise run --limit N` into a temp
# directory, `stepwise verify`, and a read through mosaicml-streaming's StreamingDataset
# (scripts/shards/check_streaming.sh, which prints SKIP when its venv cannot be had).
# Prints one table row per file — with a digest of its shards and index.json files, to show
# that a change kept every pipeline's output byte-identical — and exits non-zero when any
# file fails.
#
#   scripts/e2e/check_pipelines.sh [FILE.yaml ...]      # default: Pipelines/*.yaml
#
# Environment: STEPWISE_BIN (default .build/debug/stepwise, built when missing);
# STEPWISE_SHARED (default ../shared beside the checkout); LIMIT (records per split,
# default 200); AUGMENT_LIMIT (files with dataset.augment, whose added records come after
# the main train split's: default 1000, so SVAMP's 800 train problems are followed by 200
# ASDiv ones); STREAMING_JOBS (StreamingDataset reads at once in the background, default 2);
# KEEP=1 keeps the temp directory.
# Needs: bash, python3 (standard library), the Swift toolchain when the binary is missing.
#
# How each file is run. Every file runs from a copy in a temp tree laid out like the
# checkout (TMP/repo/Pipelines/F.yaml, TMP/repo/{data,Pipelines/prompts} and TMP/shared are
# links to the real ones), so its relative paths mean what they mean in the repository:
#   - replay files: as they are (a recordings folder of released outputs is imported by the
#     run itself);
#   - openai files: run against the local fake server (scripts/teacher/fake_openai_server.py,
#     a deterministic answer in the dataset's answer format); the copy's base_url is
#     rewritten to it and the file's api_key_env is set to a dummy value;
#   - inputs/ the user must provide (e-SNLI and ANLI train inputs are not in ../shared):
#     the repository's own inputs/ when present there, else the data/ samples stand in
#     (reference-jsonl train file of data/, real valid/test from ../shared; the official
#     CSV / zip samples of data/), and the row's note says so;
#   - files that need ../shared when it is absent are skipped with the reason.
set -u
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HERE="$ROOT/scripts/e2e/pipelines"
BIN="${STEPWISE_BIN:-$ROOT/.build/debug/stepwise}"
LIMIT="${LIMIT:-200}"
AUGMENT_LIMIT="${AUGMENT_LIMIT:-1000}"
SHARED="${STEPWISE_SHARED:-$(cd "$ROOT/.." && pwd)/shared}"

if [ ! -x "$BIN" ]; then
    echo "building stepwise (debug) …" >&2
    (cd "$ROOT" && swift build --product stepwise >&2) || { echo "FAIL: swift build failed" >&2; exit 1; }
fi

if [ "$#" -gt 0 ]; then FILES=("$@"); else FILES=("$ROOT"/Pipelines/*.yaml); fi

TMP="$(mktemp -d "${TMPDIR:-/tmp}/check-pipelines.XXXXXX")"
SERVER_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; fi
    if [ "${KEEP:-0}" = "1" ]; then echo "kept $TMP" >&2; else rm -rf "$TMP"; fi
}
trap cleanup EXIT

START=$(date +%s)
FAILED=0

echo "== stepwise validate (${#FILES[@]} files)"
if ! "$BIN" validate --no-inputs "${FILES[@]}"; then
    echo "FAIL: stepwise validate"
    FAILED=1
fi

# The temp tree: TMP/repo mirrors the checkout, TMP/shared is the real ../shared.
mkdir -p "$TMP/repo/Pipelines" "$TMP/repo/inputs" "$TMP/runs"
ln -s "$ROOT/Pipelines/prompts" "$TMP/repo/Pipelines/prompts"
ln -s "$ROOT/data" "$TMP/repo/data"
HAVE_SHARED=0
if [ -d "$SHARED/corpora" ] && [ -d "$SHARED/tokenizers" ]; then
    ln -s "$SHARED" "$TMP/shared"
    HAVE_SHARED=1
fi

# inputs/: the user's when the checkout has them, else the data/ samples (noted per file).
declare -A INPUT_NOTE
link_input() {  # NAME SAMPLE... : link ROOT/inputs/NAME, or build it from samples
    local name="$1"; shift
    if [ -e "$ROOT/inputs/$name" ]; then
        ln -s "$ROOT/inputs/$name" "$TMP/repo/inputs/$name"
        INPUT_NOTE[$name]=""
    else
        "$@"
    fi
}
reference_inputs() {  # NAME DATASETFILE-PREFIX DATA-SAMPLE-DIR SHARED-REFERENCE-DIR
    local name="$1" prefix="$2" sample="$3" ref="$4"
    mkdir -p "$TMP/repo/inputs/$name"
    ln -s "$ROOT/data/$sample/${prefix}_train.json" "$TMP/repo/inputs/$name/${prefix}_train.json"
    for s in valid test; do
        if [ "$HAVE_SHARED" = 1 ]; then
            ln -s "$SHARED/corpora/reference/$ref/${prefix}_$s.json" "$TMP/repo/inputs/$name/${prefix}_$s.json"
        else
            ln -s "$ROOT/data/$sample/${prefix}_$s.json" "$TMP/repo/inputs/$name/${prefix}_$s.json"
        fi
    done
    INPUT_NOTE[$name]="train inputs: data/$sample sample"
}
sample_input() {  # NAME PATH-IN-DATA
    ln -s "$ROOT/data/$2" "$TMP/repo/inputs/$1"
    INPUT_NOTE[$1]="inputs: data/$2 sample"
}
link_input esnli reference_inputs esnli esnli esnli esnli
link_input anli1 reference_inputs anli1 anli1 anli anli1
link_input esnli-csv sample_input esnli-csv esnli
link_input anli_v1.0.zip sample_input anli_v1.0.zip anli/anli_v1.0.zip

# One fake OpenAI-compatible server per reply format, started on demand.
start_server() {  # REPLY → sets PORT
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; SERVER_PID=""; fi
    local portfile="$TMP/server.port"
    rm -f "$portfile"
    python3 "$ROOT/scripts/teacher/fake_openai_server.py" --port 0 --reply "$1" \
        --log "$TMP/server-requests.jsonl" >"$portfile" 2>"$TMP/server.log" &
    SERVER_PID=$!
    for _ in $(seq 1 100); do
        [ -s "$portfile" ] && break
        sleep 0.05
    done
    PORT="$(head -n1 "$portfile" 2>/dev/null)"
    [ -n "$PORT" ]
}
reply_for() {  # DATASET → a completion in that dataset's answer format
    case "$1" in
        esnli) printf 'Fake rationale {hash}.\nAnswer: neutral' ;;
        anli) printf 'Fake rationale {hash}. So the answer is neutral.' ;;
        cqa) printf 'Fake rationale {hash}. So the answer is (a).' ;;
        svamp|asdiv) printf 'Fake rationale {hash}. The answer is (3 + 4).' ;;
        reviews) printf 'Fake rationale {hash}. So the answer is positive.' ;;
        word-problems) printf 'Fake rationale {hash}. The answer is 42.' ;;
        *) printf 'Fake rationale {hash}. So the answer is 1.' ;;
    esac
}

ROWS=()
NAMES=()
declare -A ROW STREAMING_PIDS
row() { ROW[${1%.yaml}]="$(printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s' "$@")"; }
# sha256 (16 digits) over the sorted "sha256  path" lines of every index.json and shard file.
output_digest() {
    (cd "$1" && find . -path ./recordings -prune -o \( -name index.json -o -name 'shard.*' \) -type f -print \
        | sort | xargs -r sha256sum) | sha256sum | cut -c1-16
}

for file in "${FILES[@]}"; do
    base="$(basename "$file")"
    name="${base%.yaml}"
    echo
    echo "== $base"
    copy="$TMP/repo/Pipelines/$base"
    cp "$file" "$copy"
    note=""
    if grep -q '\.\./\.\./shared/' "$file" && [ "$HAVE_SHARED" = 0 ]; then
        echo "SKIP: needs $SHARED, which is absent"
        row "$base" - - - SKIP SKIP - "needs ../shared (absent)"
        NAMES+=("$name")
        continue
    fi
    for input in "${!INPUT_NOTE[@]}"; do
        if grep -q "source: \.\./inputs/$input\$" "$file" && [ -n "${INPUT_NOTE[$input]}" ]; then
            note="${INPUT_NOTE[$input]}"
        fi
    done
    kind="$("$BIN" config "$file" teacher.kind)"
    dataset="$("$BIN" config "$file" dataset.name)"
    envs=()
    ok=1
    case "$kind" in
        replay) ;;
        openai)
            if start_server "$(reply_for "$dataset")"; then
                sed -i -E "s#^(  base_url:).*#\\1 http://127.0.0.1:$PORT/v1#" "$copy"
                keyvar="$("$BIN" config "$file" teacher.api_key_env)"
                [ "$keyvar" = null ] && keyvar=OPENAI_API_KEY
                envs+=("$keyvar=check-pipelines")
                note="${note:+$note; }fake server"
            else
                echo "FAIL: the fake server did not start: $(cat "$TMP/server.log")"
                note="fake server FAILED"
                ok=0
            fi
            ;;
    esac
    limit="$LIMIT"
    if grep -q '^  augment:' "$file"; then
        limit="$AUGMENT_LIMIT"
        note="${note:+$note; }limit $limit (reaches the augment records)"
    fi
    out="$TMP/runs/$name"
    run_status=FAIL verify=- streaming=- records=- samples=- filtered=- digest=-
    if [ "$ok" = 1 ]; then
        t0=$(date +%s)
        if env "${envs[@]}" "$BIN" run "$copy" --out "$out" --limit "$limit" --quiet; then
            run_status=ok
            echo "run: $(( $(date +%s) - t0 )) s"
        else
            echo "FAIL: stepwise run $base"
            note="run FAILED${note:+; $note}"
        fi
    fi
    if [ "$run_status" = ok ]; then
        if "$BIN" verify "$out"; then verify=ok; else verify=FAIL; fi
        # The StreamingDataset read runs in the background (it spends most of its time
        # starting Python and importing torch) while the next file runs; collected below.
        # At most STREAMING_JOBS (default 2) of them at once.
        while :; do
            running=0
            for pid in "${STREAMING_PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && running=$((running + 1)); done
            [ "$running" -lt "${STREAMING_JOBS:-2}" ] && break
            sleep 0.5
        done
        "$ROOT/scripts/shards/check_streaming.sh" "$out" >"$TMP/runs/$name.streaming.log" 2>&1 &
        STREAMING_PIDS[$name]=$!
        streaming=pending
        IFS=$'\t' read -r records samples filtered < <("$BIN" stats "$out" --json | python3 "$HERE/summary.py" "$out")
        digest="$(output_digest "$out")"
    fi
    if [ "$run_status" != ok ] || [ "$verify" = FAIL ] || [ "$records" = - ]; then
        FAILED=1
    fi
    row "$base" "$records" "$samples" "$filtered" "$verify" "$streaming" "$digest" "$note"
    NAMES+=("$name")
done

# Collect the StreamingDataset reads.
for name in "${NAMES[@]}"; do
    pid="${STREAMING_PIDS[$name]:-}"
    [ -n "$pid" ] || continue
    if wait "$pid"; then
        if grep -q '^SKIP' "$TMP/runs/$name.streaming.log"; then s=SKIP; else s=ok; fi
    else
        s=FAIL
        FAILED=1
    fi
    echo
    echo "== $name.yaml: StreamingDataset"
    grep -v -e 'resource_tracker' -e "warnings.warn" "$TMP/runs/$name.streaming.log" | tail -n 6
    ROW[$name]="$(printf '%s' "${ROW[$name]}" | awk -F'\t' -v s="$s" 'BEGIN{OFS="\t"} {$6=s; print}')"
done

echo
{
    printf 'file\trecords\tsamples per split\tfiltered\tverify\tstreaming\tshards sha256\tnote\n'
    for name in "${NAMES[@]}"; do printf '%s\n' "${ROW[$name]}"; done
} | column -t -s $'\t'
echo
echo "limit $LIMIT records per split; $(( $(date +%s) - START )) s in all"
if [ "$FAILED" != 0 ]; then
    echo "FAILED"
    exit 1
fi
echo "OK"
