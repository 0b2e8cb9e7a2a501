#!/usr/bin/env bash
# tests/e2e/run.sh — conformance run: the pinned Python clients (bittensor 10.5.0 SDK and
# bittensor-cli 9.23.2) drive a real dtao node; every flow reads its effect back from the chain.
#
#   bash tests/e2e/run.sh                 # against $DTAO_BIN (default target/release/dtao)
#   bash tests/e2e/run.sh --mock          # dry run against shared/tools/sdk-compat-mock.py (no effects)
#   bash tests/e2e/run.sh --only sdk      # one client only (sdk | btcli)
#   bash tests/e2e/run.sh --keep          # keep the scratch dir (wallets, logs) even when all pass
#
# This script builds nothing: it needs the dtao binary and the client venvs (it runs
# tests/e2e/setup.sh, which is idempotent and fast once the venvs exist).
#
# The node CLI it expects (the contract with crates/cli; the node does not exist yet):
#
#   dtao node --dev --tmp --rpc-port PORT --block-time-ms 250
#     --dev               development genesis: //Alice //Bob //Charlie //Dave //Eve //Ferdie hold
#                         1 000 000 TAO each, //Alice is the sudo key; cheap subnet registration
#     --tmp               state in a temporary directory, deleted when the node exits
#     --rpc-port PORT     Substrate JSON-RPC over WebSocket on 127.0.0.1:PORT
#     --block-time-ms MS  author (and instantly finalize) a block every MS milliseconds
#   and two dev JSON-RPC methods, on the same port, enabled by --dev:
#     dev_sealBlocks(n: u32)      produce n blocks now (returns the new head hash)
#     dev_nextEpoch(netuid: u16)  produce blocks until netuid's next epoch has run, i.e. the last
#                                 produced block ran the epoch (returns the new head hash)
#
# Output: one line per flow, `PASS <name>` or `FAIL <name>: <reason>`, then `N passed, M failed`.
# Exit status 0 only if every flow passed (and at least one ran). Client and node logs are kept
# in the scratch dir printed on failure.
#
# Env: DTAO_BIN, DTAO_E2E_CACHE (venvs, default .venv-e2e), DTAO_E2E_SHARED (default ../shared),
#      DTAO_E2E_FLOW_TIMEOUT (seconds per flow, default 300), DTAO_E2E_BLOCK_TIME_MS (default 250),
#      DTAO_E2E_NODE_ARGS (extra node arguments), DTAO_E2E_DRIVER_TIMEOUT (per driver, default 1800 s).
set -uo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HERE="$ROOT/tests/e2e"
CACHE="${DTAO_E2E_CACHE:-$ROOT/.venv-e2e}"
SHARED="${DTAO_E2E_SHARED:-$ROOT/../shared}"
DTAO_BIN="${DTAO_BIN:-$ROOT/target/release/dtao}"
BLOCK_TIME_MS="${DTAO_E2E_BLOCK_TIME_MS:-250}"
DRIVER_TIMEOUT="${DTAO_E2E_DRIVER_TIMEOUT:-1800}"

MOCK=0
ONLY=""
KEEP=0
while [ $# -gt 0 ]; do
  case "$1" in
    --mock) MOCK=1 ;;
    --only) ONLY="${2:-}"; shift ;;
    --keep) KEEP=1 ;;
    -h|--help) sed -n '2,35p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
case "$ONLY" in ""|sdk|btcli) ;; *) echo "run.sh: --only takes sdk or btcli" >&2; exit 2 ;; esac

die() { echo "run.sh: error: $*" >&2; exit 2; }

if [ "$MOCK" = 0 ] && [ ! -x "$DTAO_BIN" ]; then
  die "no dtao binary at $DTAO_BIN (cargo build --release, or set DTAO_BIN)"
fi
bash "$HERE/setup.sh" >&2 || die "client venvs could not be set up"
PY="$CACHE/sdk/bin/python"
BTCLI="$CACHE/btcli/bin/btcli"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/dtao-e2e.XXXXXX")"
RESULTS="$WORK/results.txt"
: >"$RESULTS"
NODE_PID=""

# The node runs and has not exited (an exited child is a zombie until reaped: kill -0 still succeeds).
node_alive() {
  [ -n "$NODE_PID" ] && kill -0 "$NODE_PID" 2>/dev/null \
    && ! grep -q ') Z ' "/proc/$NODE_PID/stat" 2>/dev/null
}

cleanup() {
  local status=$?
  if [ -n "$NODE_PID" ] && kill -0 "$NODE_PID" 2>/dev/null; then
    kill "$NODE_PID" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$NODE_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$NODE_PID" 2>/dev/null
    wait "$NODE_PID" 2>/dev/null
  fi
  if [ "$KEEP" = 1 ] || [ "$status" != 0 ]; then
    echo "run.sh: logs and wallets kept in $WORK" >&2
  else
    rm -rf "$WORK"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PORT="$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')" \
  || die "could not pick a free port"
URL="ws://127.0.0.1:$PORT"

# ---- start the node (or the fake node) ----------------------------------------------------------
if [ "$MOCK" = 1 ]; then
  MOCK_PY="$SHARED/tools/sdk-compat-mock.py"
  METADATA="$SHARED/fixtures/subtensor-runtime-331/metadata-v15.hex"
  [ -f "$MOCK_PY" ] && [ -f "$METADATA" ] || die "fake node or metadata missing under $SHARED"
  # The fake node wants wallets w1 (subnet 1 owner, hotkey h1 = uid 0) and w2 before it starts.
  MOCK_WALLETS="$WORK/mock-wallets"
  "$PY" - "$MOCK_WALLETS" <<'EOF' || die "could not create the fake node's wallets"
import sys
from bittensor_wallet import Wallet
path = sys.argv[1]
# w1 = the btcli flows' subnet owner, so that btcli's ownership checks (subnets start) pass.
for name, cold, hot in (("w1", "//Dave", "//Clihotowner"), ("w2", "//Eve", "//Clihotvalidator")):
    w = Wallet(name=name, hotkey="h1", path=path)
    w.create_coldkey_from_uri(cold, use_password=False, overwrite=True, suppress=True)
    w.create_hotkey_from_uri(hot, use_password=False, overwrite=True, suppress=True)
EOF
  MOCK_WALLETS="$MOCK_WALLETS" MOCK_LOG="$WORK/mock-requests.jsonl" \
    MOCK_BLOCK_TIME="${MOCK_BLOCK_TIME:-0.5}" \
    "$PY" "$HERE/mock_node.py" "$MOCK_PY" "$METADATA" "$PORT" >"$WORK/node.log" 2>&1 &
  NODE_PID=$!
  EFFECTS=(--no-effects)
else
  # shellcheck disable=SC2086
  "$DTAO_BIN" node --dev --tmp --rpc-port "$PORT" --block-time-ms "$BLOCK_TIME_MS" ${DTAO_E2E_NODE_ARGS:-} \
    >"$WORK/node.log" 2>&1 &
  NODE_PID=$!
  EFFECTS=()
fi

# ---- wait until it answers JSON-RPC (bounded) ---------------------------------------------------
if ! "$PY" - "$URL" "$NODE_PID" <<'EOF'
import os, sys, time
url, pid = sys.argv[1], int(sys.argv[2])


def alive(pid):
    try:  # an exited child stays a zombie until bash reaps it: kill(pid, 0) would still succeed
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False
    except OSError:
        try:
            os.kill(pid, 0)
            return True
        except OSError:
            return False


deadline = time.monotonic() + 60
while True:
    if not alive(pid):
        sys.exit("run.sh: the node process exited")
    try:
        from websockets.sync.client import connect
        import json
        with connect(url, open_timeout=2) as ws:
            ws.send(json.dumps({"jsonrpc": "2.0", "id": 1, "method": "chain_getHeader", "params": []}))
            if "result" in json.loads(ws.recv(timeout=5)):
                break
    except Exception:
        pass
    if time.monotonic() > deadline:
        sys.exit("run.sh: timeout waiting for the node")
    time.sleep(0.25)
EOF
then
  tail -n 30 "$WORK/node.log" >&2
  echo "FAIL node.start: no JSON-RPC answer on $URL (node exited or 60 s passed; see $WORK/node.log)"
  echo "0 passed, 1 failed"
  exit 1
fi
echo "run.sh: node up on $URL (scratch $WORK)" >&2

# ---- run the drivers ----------------------------------------------------------------------------
# run_driver NAME SCRIPT ARGS...: PASS/FAIL lines go to the terminal and $RESULTS, the rest to a log.
run_driver() {
  local name="$1" script="$2"; shift 2
  local log="$WORK/$name.log" before after rc
  before=$(wc -l <"$RESULTS")
  (cd "$HERE" && timeout --kill-after=10 "$DRIVER_TIMEOUT" "$PY" -u "$script" --url "$URL" \
      --workdir "$WORK/$name" "${EFFECTS[@]}" "$@" 2>>"$log") \
    | while IFS= read -r line; do
        case "$line" in
          "PASS "*|"FAIL "*) echo "$line"; echo "$line" >>"$RESULTS" ;;
          *) echo "$line" >>"$log" ;;
        esac
      done
  rc=${PIPESTATUS[0]}
  after=$(wc -l <"$RESULTS")
  if [ "$rc" != 0 ] && [ "$rc" != 1 ]; then
    echo "FAIL $name.driver: exited with status $rc (see $log)" | tee -a "$RESULTS"
  elif [ "$after" = "$before" ]; then
    echo "FAIL $name.driver: reported no flows (see $log)" | tee -a "$RESULTS"
  fi
}

mkdir -p "$WORK/sdk" "$WORK/btcli"
if [ -z "$ONLY" ] || [ "$ONLY" = sdk ]; then
  run_driver sdk sdk_flows.py
fi
if [ -z "$ONLY" ] || [ "$ONLY" = btcli ]; then
  run_driver btcli btcli_flows.py --btcli "$BTCLI"
fi

if ! node_alive; then
  echo "FAIL node.alive: the node exited during the run (see $WORK/node.log)" | tee -a "$RESULTS"
fi

PASSED=$(grep -c '^PASS ' "$RESULTS")
FAILED=$(grep -c '^FAIL ' "$RESULTS")
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ] && [ "$PASSED" -gt 0 ]
