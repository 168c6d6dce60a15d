#!/usr/bin/env bash
# Benchmark of the shard writer with compression on, on 2 cores: prints MB/s (raw shard
# bytes) and samples/s.
#
#   scripts/shards/bench_writer.sh [SAMPLES=200000]
#
# Needs: the Swift toolchain and libzstd-dev (as the package). It builds the StepwiseShards
# target in release (`swift build -c release --target StepwiseShards`, scratch path
# $STEPWISE_BENCH_BUILD or .build), compiles scripts/shards/bench_writer.swift against it with
# swiftc, and runs it pinned to 2 CPUs (taskset) with 1 and 2 compression workers, zstd level 3.
# Shards go to the system temp dir and are removed afterwards.
set -euo pipefail
cd "$(dirname "$0")/../.."
SAMPLES="${1:-200000}"
BUILD="${STEPWISE_BENCH_BUILD:-.build}"
swift build -c release --target StepwiseShards --scratch-path "$BUILD" >&2
REL="$BUILD/release"
OBJS=$(find "$REL" -name '*.o' \( -path '*/StepwiseShards.build/*' -o -path '*/StepwiseCore.build/*' \
    -o -path '*/Crypto.build/*' -o -path '*/CCryptoBoringSSL.build/*' -o -path '*/CCryptoBoringSSLShims.build/*' \
    -o -path '*/CryptoBoringWrapper.build/*' -o -path '*/AsyncAlgorithms.build/*' -o -path '*/DequeModule.build/*' \
    -o -path '*/InternalCollectionsUtilities.build/*' -o -path '*/Logging.build/*' -o -path '*/_RopeModule.build/*' \
    -o -path '*/OrderedCollections.build/*' -o -path '*/_AsyncAlgorithmsShims.build/*' \))
MAPS=""
for m in $(find "$REL" Sources "$BUILD/checkouts" -name module.modulemap 2>/dev/null); do MAPS="$MAPS -Xcc -fmodule-map-file=$m"; done
swiftc -O -parse-as-library scripts/shards/bench_writer.swift -I "$REL/Modules" $MAPS $OBJS -lzstd -lstdc++ \
    -o "$REL/bench-shard-writer" >&2
PIN=""
command -v taskset >/dev/null && PIN="taskset -c 0,1"
echo "libzstd $(pkg-config --modversion libzstd 2>/dev/null || echo '?'), $(nproc) CPUs visible, pinned: ${PIN:-no}"
for workers in 1 2; do
    $PIN "$REL/bench-shard-writer" "$SAMPLES" "$workers" zstd
done
