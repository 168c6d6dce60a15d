#!/usr/bin/env bash
# Acceptance checks of the dataset loaders (issue #3) against ../shared/corpora and data/.
#
# Needs: a built `stepwise` (swift build --product stepwise, or -c release), python3
# (standard library), zip/unzip, tar with zstd. Run from the repository root:
#   scripts/loaders/acceptance.sh            # uses $(swift build --show-bin-path)/stepwise
#   STEPWISE=.build/release/stepwise CORPORA=/path/to/corpora scripts/loaders/acceptance.sh
# Prints the record counts the issue lists and the equality checks; exits non-zero on failure.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CORPORA="${CORPORA:-$ROOT/../shared/corpora}"
BIN="${STEPWISE:-$(cd "$ROOT" && swift build --show-bin-path)/stepwise}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
REF="$CORPORA/reference"
RAW="$CORPORA/raw"
COMPARE="python3 $ROOT/scripts/loaders/compare_records.py"
failures=0

load() {  # load OUT ARGS... : runs debug-load, writes records to OUT, prints the count
  local out="$1"; shift
  "$BIN" debug-load "$@" > "$out" 2> "$out.err" || { cat "$out.err"; return 1; }
  wc -l < "$out" | tr -d ' '
}

expect_count() {  # expect_count LABEL EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then echo "ok    $1: $3"; else echo "FAIL  $1: $3 (expected $2)"; failures=$((failures + 1)); fi
}

compare() {  # compare LABEL A B FIELDS
  if out=$($COMPARE "$2" "$3" "$4"); then echo "ok    $1: $out"; else echo "FAIL  $1: $out"; failures=$((failures + 1)); fi
}

echo "== reference exports ($REF)"
for spec in esnli:esnli:valid:9842 esnli:esnli:test:9824 anli:anli1:valid:1000 anli:anli1:test:1000 \
            cqa:cqa:train:9741 cqa:cqa:test:1221 svamp:svamp:train:800 svamp:svamp:test:200; do
  IFS=: read -r dataset folder split expected <<< "$spec"
  n=$(load "$WORK/ref-$folder-$split.jsonl" --dataset "$dataset" --format reference-jsonl --source "$REF/$folder" --split "$split")
  expect_count "$folder $split (reference-jsonl)" "$expected" "$n"
done

echo "== SVAMP official ($RAW/svamp/SVAMP.json): numpy RandomState(0).permutation(1000) split"
for split in train test; do
  n=$(load "$WORK/svamp-$split.jsonl" --dataset svamp --source "$RAW/svamp/SVAMP.json" --split "$split")
  expect_count "svamp $split (official)" "$([ $split = train ] && echo 800 || echo 200)" "$n"
  compare "svamp $split official == reference" "$WORK/svamp-$split.jsonl" "$WORK/ref-svamp-$split.jsonl" input,label
done

echo "== ASDiv official"
n=$(load "$WORK/asdiv.jsonl" --dataset asdiv --source "$RAW/asdiv/ASDiv.xml" --split train)
expect_count "asdiv train (official)" 2305 "$n"

echo "== CommonsenseQA v1.11 official joined with CoS-E v1.11"
for split in train test; do
  n=$(load "$WORK/cqa-$split.jsonl" --dataset cqa --source "$RAW/cqa-v1.11" --explanations "$RAW/cose-v1.11" --split "$split")
  expect_count "cqa $split (official join)" "$([ $split = train ] && echo 9741 || echo 1221)" "$n"
  compare "cqa $split official == reference" "$WORK/cqa-$split.jsonl" "$WORK/ref-cqa-$split.jsonl" id,input,label,choices
  # The export's abstractive_explanation is a processed copy of CoS-E (lower-cased in train,
  # answer-letter markers such as "A. " cut); the official loader keeps CoS-E as it is.
  python3 -c 'import json,sys; a=[json.loads(l) for l in open(sys.argv[1])]; b=[json.loads(l) for l in open(sys.argv[2])]; \
n=sum(x["explanation"]!=y["explanation"] for x,y in zip(a,b)); print(f"info  cqa {sys.argv[3]}: {n} of {len(a)} explanations differ from the export (raw CoS-E kept)")' \
    "$WORK/cqa-$split.jsonl" "$WORK/ref-cqa-$split.jsonl" "$split"
done

echo "== e-SNLI: reference JSON -> official CSV (scripts/loaders/esnli_reference_to_csv.py)"
python3 "$ROOT/scripts/loaders/esnli_reference_to_csv.py" "$REF/esnli" "$WORK/esnli-csv" valid test > /dev/null
for split in valid test; do
  n=$(load "$WORK/esnli-$split.jsonl" --dataset esnli --source "$WORK/esnli-csv" --split "$split")
  expect_count "esnli $split (official CSV)" "$([ $split = valid ] && echo 9842 || echo 9824)" "$n"
  compare "esnli $split CSV == reference" "$WORK/esnli-$split.jsonl" "$WORK/ref-esnli-$split.jsonl" id,input,label,explanation
done

echo "== ANLI: reference JSON -> anli_v1.0.zip (scripts/loaders/anli_reference_to_zip.py), and as tar.zst"
python3 "$ROOT/scripts/loaders/anli_reference_to_zip.py" "$REF/anli1" "$WORK/anli_v1.0.zip" 1 > /dev/null
(cd "$WORK" && mkdir unpacked && cd unpacked && unzip -q ../anli_v1.0.zip && tar --zstd -cf ../anli_v1.0.tar.zst anli_v1.0)
for split in valid test; do
  for archive in anli_v1.0.zip anli_v1.0.tar.zst unpacked; do
    n=$(load "$WORK/anli-$split-$archive.jsonl" --dataset anli --source "$WORK/$archive" --split "$split")
    expect_count "anli1 $split (official, $archive)" 1000 "$n"
    compare "anli1 $split $archive == reference" "$WORK/anli-$split-$archive.jsonl" "$WORK/ref-anli1-$split.jsonl" id,input,label,explanation
  done
done

echo "== data/ samples: every dataset, split and format"
for dataset in esnli anli cqa svamp asdiv; do
  for format in official reference-jsonl; do
    source="$ROOT/data/$dataset"
    [ "$dataset:$format" = "anli:official" ] && source="$ROOT/data/anli/anli_v1.0.zip"
    "$BIN" debug-load --dataset "$dataset" --format "$format" --source "$source" > "$WORK/sample.jsonl" 2> "$WORK/sample.err" \
      || { echo "FAIL  data/$dataset $format"; cat "$WORK/sample.err"; failures=$((failures + 1)); continue; }
    echo "ok    data/$dataset $format: $(grep '^split' "$WORK/sample.err" | tr '\n' ' ')"
  done
done

if [ "$failures" -gt 0 ]; then echo "$failures check(s) failed"; exit 1; fi
echo "all acceptance checks passed"
