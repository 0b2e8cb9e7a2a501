"""Shared pieces of the two e2e drivers (sdk_flows.py, btcli_flows.py): the flow runner, the dev
accounts, wallet creation and small assertion helpers.

Output contract (run.sh relies on it): each flow prints exactly one line on stdout, `PASS <name>` or
`FAIL <name>: <one-line reason>`; everything else (client output, tracebacks, details) goes to stderr.
A flow whose prerequisite failed is reported as `FAIL <name>: needs <flow>` so that every flow is
accounted for in every run.

Effect checks (reading the chain back through chain.py) run only when `Runner.effects` is true; the
dry run against the fake node (`--no-effects`) exercises the client calls alone.
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
import time
import traceback
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from chain import Chain, ChainError

# Dev accounts: the node's `--dev` genesis funds these coldkeys (1 000 000 TAO each; //Alice is sudo).
DEV_NAMES = ("Alice", "Bob", "Charlie", "Dave", "Eve", "Ferdie")


class FlowFailure(Exception):
    """A flow's check failed; the message is the one-line reason."""


class FlowTimeout(Exception):
    """A flow ran past its time budget."""


_RESULTS = sys.stdout


def claim_stdout() -> None:
    """Keep the real stdout for PASS/FAIL lines only; route everything else written to stdout
    (client logging, prints, from any thread) to stderr so it cannot interleave with a result line.
    Also turn SIGTERM (run.sh's `timeout`) into SystemExit, so that `finally` blocks stop child
    processes (the background `btcli weights commit`)."""
    global _RESULTS
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(143))
    sys.stdout.flush()
    _RESULTS = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr


def result_line(line: str) -> None:
    _RESULTS.write(line + "\n")  # one write call: a line is never split
    _RESULTS.flush()


def log(*parts: Any) -> None:
    print(*parts, file=sys.stderr, flush=True)


def check(condition: Any, reason: str) -> None:
    if not condition:
        raise FlowFailure(reason)


def close_to(a: float, b: float, rel: float = 0.02, abs_: float = 0.0) -> bool:
    return abs(a - b) <= max(abs_, rel * max(abs(a), abs(b)))


def tao(rao: int) -> str:
    return f"{rao / 1e9:.9f} TAO"


@dataclass
class Runner:
    """Runs flows in order and prints one PASS/FAIL line per flow."""

    prefix: str
    effects: bool
    flow_timeout_s: int = 300
    ignore_needs: bool = False
    passed: list = field(default_factory=list)
    failed: list = field(default_factory=list)

    def run(self, name: str, fn: Callable[[], Any], needs: tuple = ()) -> bool:
        full = f"{self.prefix}.{name}"
        # In the dry run (no effects) every flow runs: failures there are mostly the fake node's.
        enforce = self.effects and not self.ignore_needs
        missing = [n for n in needs if f"{self.prefix}.{n}" not in self.passed] if enforce else []
        if missing:
            return self._fail(full, f"needs {', '.join(self.prefix + '.' + m for m in missing)}")
        log(f"---- {full} @{time.time():.6f}")
        started = time.monotonic()

        def on_alarm(_signum: int, _frame: Any) -> None:
            raise FlowTimeout(f"timed out after {self.flow_timeout_s}s")

        previous = signal.signal(signal.SIGALRM, on_alarm)
        signal.alarm(self.flow_timeout_s)
        try:
            fn()
        except (FlowFailure, FlowTimeout, ChainError) as err:
            return self._fail(full, str(err))
        except Exception as err:  # a client raised: report it, keep going with the next flow
            traceback.print_exc(file=sys.stderr)
            return self._fail(full, f"{type(err).__name__}: {err}")
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)
        log(f"     {full} ok in {time.monotonic() - started:.1f}s")
        self.passed.append(full)
        result_line(f"PASS {full}")
        return True

    def _fail(self, full: str, reason: str) -> bool:
        one_line = " ".join(str(reason).split())[:400] or "failed"
        self.failed.append(full)
        log(f"     {full} FAILED: {one_line}")
        result_line(f"FAIL {full}: {one_line}")
        return False

    def exit_code(self) -> int:
        return 1 if self.failed else 0


def base_args(description: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--url", required=True, help="node websocket, e.g. ws://127.0.0.1:9944")
    p.add_argument("--workdir", required=True, help="scratch dir for wallets and client config")
    p.add_argument("--no-effects", action="store_true",
                   help="dry run (fake node): skip every check that reads the chain back")
    p.add_argument("--dry-netuid", type=int, default=1,
                   help="with --no-effects: the subnet the flows use (the fake node serves subnet 1)")
    p.add_argument("--flow-timeout", type=int, default=int(os.environ.get("DTAO_E2E_FLOW_TIMEOUT", "300")))
    p.add_argument("--ignore-needs", action="store_true",
                   help="debugging: run every flow even if a flow it depends on failed")
    return p


# ------------------------------------------------------------------------------------------ wallets


@dataclass
class Role:
    """A wallet: coldkey from a dev URI, one hotkey from a derived URI."""

    wallet_name: str
    cold_uri: str
    hotkey_name: str
    hot_uri: str
    coldkey: str = ""  # ss58, filled by make_wallet
    hotkey: str = ""


def uri_address(uri: str) -> str:
    from bittensor_wallet import Keypair

    return Keypair.create_from_uri(uri).ss58_address


def make_wallet(path: str, role: Role):
    """Create (overwrite) the wallet files with bittensor-wallet; returns the Wallet object."""
    from bittensor_wallet import Wallet

    w = Wallet(name=role.wallet_name, hotkey=role.hotkey_name, path=path)
    w.create_coldkey_from_uri(role.cold_uri, use_password=False, overwrite=True, suppress=True)
    w.create_hotkey_from_uri(role.hot_uri, use_password=False, overwrite=True, suppress=True)
    role.coldkey = w.coldkeypub.ss58_address
    role.hotkey = w.hotkey.ss58_address
    check(role.coldkey == uri_address(role.cold_uri), f"{role.wallet_name}: coldkey file does not match {role.cold_uri}")
    return w


def wait_until(what: str, predicate: Callable[[], Any], timeout_s: float = 30.0, every_s: float = 0.25) -> Any:
    """Poll `predicate` until it returns a truthy value; FlowFailure after `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise FlowFailure(f"timed out after {timeout_s:.0f}s waiting for {what}")
        time.sleep(every_s)


def ensure_rate_limit_passed(chain: Optional[Chain], netuid: int, uid: int, slack: int = 1) -> None:
    """Seal enough blocks that `uid` may set weights again (WeightsSetRateLimit since LastUpdate)."""
    if chain is None:
        return
    limit = chain.weights_rate_limit(netuid)
    last = chain.last_update(netuid)
    since = chain.block_number() - (last[uid] if uid < len(last) else 0)
    if since <= limit:
        chain.seal_blocks(limit - since + slack)


def commit_hash(hotkey: str, netuid_index: int, uids: list, values: list, salt: list, version_key: int) -> str:
    """Hash commit-reveal (v2) commitment, computed independently of the clients:
    blake2_256(SCALE((AccountId32, u16, Vec<u16>, Vec<u16>, Vec<u16>, u64)))."""
    from chain import account, blake2_256, compact

    def vec_u16(xs: list) -> bytes:
        return compact(len(xs)) + b"".join(int(x).to_bytes(2, "little") for x in xs)

    data = (account(hotkey) + int(netuid_index).to_bytes(2, "little") + vec_u16(uids) + vec_u16(values)
            + vec_u16(salt) + int(version_key).to_bytes(8, "little"))
    return "0x" + blake2_256(data).hex()
