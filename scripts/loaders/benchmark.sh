#!/usr/bin/env bash
# Loader throughput and peak memory on large files (issue #3's note).
#
# Builds, in a temporary folder, a ~SIZE_MB e-SNLI CSV (the real dev set converted with
# esnli_reference_to_csv.py, rows repeated) and a ~SIZE_MB ANLI R1 JSON-lines file (the real
# dev set, lines repeated) both plain and inside anli_v1.0.tar.zst, then runs
# `stepwise debug-load --count-only` (parse + format every record, no output) and a run that
# writes every record as JSON lines to /dev/null, each under /usr/bin/time -v.
#
# Needs: a release build (swift build -c release --product stepwise), python3, tar with zstd,
# GNU time at /usr/bin/time, ../shared/corpora. Run from the repository root:
#   SIZE_MB=1024 scripts/loaders/benchmark.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CORPORA="${CORPORA:-$ROOT/../shared/corpora}"
BIN="${STEPWISE:-$ROOT/.build/release/stepwise}"
SIZE_MB="${SIZE_MB:-1024}"
WORK="${WORK:-$(mktemp -d)}"
trap 'rm -rf "$WORK"' EXIT

python3 "$ROOT/scripts/loaders/esnli_reference_to_csv.py" "$CORPORA/reference/esnli" "$WORK/seed" valid > /dev/null
python3 - "$WORK" "$SIZE_MB" "$CORPORA/reference/anli1/anli1_valid.json" <<'PY'
import json, os, sys
work, size = sys.argv[1], int(sys.argv[2]) << 20
with open(os.path.join(work, "seed", "esnli_dev.csv"), "rb") as f:
    header, body = f.readline(), f.read()
os.makedirs(os.path.join(work, "csv"))
with open(os.path.join(work, "csv", "esnli_dev.csv"), "wb") as out:
    out.write(header)
    written = len(header)
    while written < size:
        out.write(body)
        written += len(body)
letters = "enc"
lines = []
with open(sys.argv[3], encoding="utf-8") as f:
    for line in f:
        r = json.loads(line)
        lines.append(json.dumps({"uid": r["uid"], "context": r["premise"], "hypothesis": r["hypothesis"],
                                 "label": letters[r["label"]], "reason": r["reason"]}) + "\n")
block = "".join(lines).encode()
os.makedirs(os.path.join(work, "anli", "anli_v1.0", "R1"))
with open(os.path.join(work, "anli", "anli_v1.0", "R1", "dev.jsonl"), "wb") as out:
    written = 0
    while written < size:
        out.write(block)
        written += len(block)
PY
(cd "$WORK/anli" && tar --zstd -cf ../anli_v1.0.tar.zst anli_v1.0)

run() {  # run LABEL FILE_BYTES ARGS...
  local label="$1" bytes="$2"; shift 2
  /usr/bin/time -v "$BIN" debug-load "$@" 2> "$WORK/time.txt" > /dev/null || { cat "$WORK/time.txt"; exit 1; }
  local summary records seconds rss
  summary=$(grep '^records ' "$WORK/time.txt")
  records=$(echo "$summary" | sed -E 's/^records ([0-9]+),.*/\1/')
  seconds=$(echo "$summary" | sed -E 's/.*, ([0-9.]+) s,.*/\1/')
  rss=$(grep 'Maximum resident set size' "$WORK/time.txt" | awk '{print $NF}')
  python3 -c "import sys; r,b,s,k=int(sys.argv[1]),int(sys.argv[2]),float(sys.argv[3]),int(sys.argv[4]); \
print(f'{sys.argv[5]:<48} {r:>10} records {s:7.2f} s {r/s:>11,.0f} rec/s {b/s/1e6:8.1f} MB/s  peak RSS {k/1024:6.1f} MiB')" \
    "$records" "$bytes" "$seconds" "$rss" "$label"
}

csv="$WORK/csv/esnli_dev.csv"
jsonl="$WORK/anli/anli_v1.0/R1/dev.jsonl"
csv_bytes=$(stat -c %s "$csv"); jsonl_bytes=$(stat -c %s "$jsonl")
echo "files: e-SNLI CSV $((csv_bytes >> 20)) MiB, ANLI JSONL $((jsonl_bytes >> 20)) MiB (tar.zst $(( $(stat -c %s "$WORK/anli_v1.0.tar.zst") >> 20 )) MiB)"
run "e-SNLI CSV, count only"                 "$csv_bytes"   --dataset esnli --source "$WORK/csv" --split valid --count-only
run "e-SNLI CSV, JSON lines to /dev/null"    "$csv_bytes"   --dataset esnli --source "$WORK/csv" --split valid
run "ANLI JSONL, count only"                 "$jsonl_bytes" --dataset anli --source "$WORK/anli" --split valid --count-only
run "ANLI JSONL in tar.zst, count only"      "$jsonl_bytes" --dataset anli --source "$WORK/anli_v1.0.tar.zst" --split valid --count-only
