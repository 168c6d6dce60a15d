#!/usr/bin/env bash
# Benchmark of the shard writer and of the Parquet writer with compression on, on 2 cores:
# prints MB/s (raw MDS bytes of the samples, the same volume for both formats) and samples/s.
#
#   scripts/shards/bench_writer.sh [SAMPLES=200000]
#
# Needs: the Swift toolchain and libzstd-dev (as the package). It builds the StepwiseShards
# and StepwiseParquet targets in release (`swift build -c release --target ...`, scratch path
# $STEPWISE_BENCH_BUILD or .build), compiles scripts/shards/bench_writer.swift against them with
# swiftc, and runs it pinned to 2 CPUs (taskset): MDS with 1 and 2 compression workers; MDS
# plus its Parquet copy (output.formats: [mds, parquet]: each shard's compression task also
# decodes it and writes the Parquet file) with 1 and 2 workers; then the Parquet writer alone
# (one file per 64 MiB raw, as the shards roll over; pages compressed inline), zstd level 3,
# the same samples. Files go to the system temp dir and are removed afterwards.
set -euo pipefail
cd "$(dirname "$0")/../.."
SAMPLES="${1:-200000}"
BUILD="${STEPWISE_BENCH_BUILD:-.build}"
swift build -c release --target StepwiseShards --scratch-path "$BUILD" >&2
swift build -c release --target StepwiseParquet --scratch-path "$BUILD" >&2
REL="$BUILD/release"
# The library targets StepwiseShards and StepwiseParquet link (its own, StepwiseCore's, swift-crypto's and the
# collections/algorithms/logging/mustache packages StepwiseCore uses).
TARGETS="StepwiseShards StepwiseParquet StepwiseCore Crypto CCryptoBoringSSL CCryptoBoringSSLShims CryptoBoringWrapper
    AsyncAlgorithms _AsyncAlgorithmsShims DequeModule OrderedCollections InternalCollectionsUtilities Logging Mustache"
OBJS=()
MAPS=(-Xcc -fmodule-map-file=Sources/CZstd/module.modulemap)
for t in $TARGETS; do
    [ -d "$REL/$t.build" ] || continue
    while IFS= read -r -d '' f; do OBJS+=("$f"); done < <(find "$REL/$t.build/" -name '*.o' -print0)
    while IFS= read -r -d '' m; do MAPS+=(-Xcc "-fmodule-map-file=$m"); done < <(find "$REL/$t.build/" -name module.modulemap -print0)
done
while IFS= read -r -d '' m; do MAPS+=(-Xcc "-fmodule-map-file=$m"); done \
    < <(find "$BUILD/checkouts/swift-crypto" "$BUILD/checkouts/swift-async-algorithms" -name module.modulemap -print0 2>/dev/null)
swiftc -O -parse-as-library scripts/shards/bench_writer.swift -I "$REL/Modules" "${MAPS[@]}" "${OBJS[@]}" -lzstd -lstdc++ \
    -o "$REL/bench-shard-writer" >&2
PIN=""
command -v taskset >/dev/null && PIN="taskset -c 0,1"
echo "libzstd $(pkg-config --modversion libzstd 2>/dev/null || echo '?'), $(nproc) CPUs visible, pinned: ${PIN:-no}"
for workers in 1 2; do
    $PIN "$REL/bench-shard-writer" "$SAMPLES" "$workers" zstd mds
done
for workers in 1 2; do
    $PIN "$REL/bench-shard-writer" "$SAMPLES" "$workers" zstd mds+parquet
done
$PIN "$REL/bench-shard-writer" "$SAMPLES" 1 zstd parquet
