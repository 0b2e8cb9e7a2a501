#!/usr/bin/env bash
# tests/e2e/setup.sh — create the two pinned Python client virtualenvs for the e2e suite.
#
#   bash tests/e2e/setup.sh            # venvs under .venv-e2e/ in the repository root
#   DTAO_E2E_CACHE=/some/dir bash tests/e2e/setup.sh
#
# Creates (idempotently):
#   $DTAO_E2E_CACHE/sdk    bittensor==10.5.0          (the SDK; also runs our drivers and chain.py)
#   $DTAO_E2E_CACHE/btcli  bittensor-cli==9.23.2      (the legacy btcli; its own venv, see
#                                                      sdk-compat.md §1: the two fight over `btcli`)
# Both bring bittensor-wallet (keyfiles, Keypair) as a dependency; we check it imports.
# A venv is reused when its stamp file records the same pinned requirement; otherwise it is
# rebuilt from scratch. Output is quiet; on failure the pip log is printed and the exit is 1.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CACHE="${DTAO_E2E_CACHE:-$ROOT/.venv-e2e}"
PYTHON="${PYTHON:-python3}"

SDK_REQ="bittensor==10.5.0"
BTCLI_REQ="bittensor-cli==9.23.2"

die() { echo "e2e setup: error: $*" >&2; exit 1; }

command -v "$PYTHON" >/dev/null 2>&1 || die "no '$PYTHON' on PATH (set PYTHON=...)"
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)' \
  || die "$PYTHON is older than 3.9 ($("$PYTHON" --version 2>&1))"
"$PYTHON" -c 'import venv' 2>/dev/null || die "$PYTHON lacks the venv module"

mkdir -p "$CACHE"

# make_venv NAME "REQUIREMENTS..." "IMPORT CHECK"
make_venv() {
  local name="$1" reqs="$2" check="$3"
  local dir="$CACHE/$name" stamp="$CACHE/$name/.dtao-e2e-stamp" log="$CACHE/$name.pip.log"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$reqs" ] && "$dir/bin/python" -c "$check" >/dev/null 2>&1; then
    echo "e2e setup: $name venv up to date ($reqs)"
    return 0
  fi
  echo "e2e setup: creating $name venv ($reqs) in $dir"
  rm -rf "$dir"
  "$PYTHON" -m venv "$dir" || die "could not create venv $dir"
  # shellcheck disable=SC2086
  if ! "$dir/bin/python" -m pip install --quiet --disable-pip-version-check $reqs >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    die "pip install $reqs failed (full log: $log)"
  fi
  "$dir/bin/python" -c "$check" >>"$log" 2>&1 || { tail -n 20 "$log" >&2; die "$name venv does not import ($check)"; }
  echo "$reqs" >"$stamp"
}

make_venv sdk "$SDK_REQ" \
  'import bittensor, bittensor_wallet, websockets, sys; assert bittensor.__version__ == "10.5.0", bittensor.__version__'
make_venv btcli "$BTCLI_REQ" \
  'import bittensor_cli, bittensor_wallet; from importlib.metadata import version; assert version("bittensor-cli") == "9.23.2"'

[ -x "$CACHE/btcli/bin/btcli" ] || die "btcli entry point missing in $CACHE/btcli/bin"
echo "e2e setup: ok ($CACHE/sdk, $CACHE/btcli)"
