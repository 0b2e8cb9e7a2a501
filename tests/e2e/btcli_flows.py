"""Conformance flows of the pinned CLI (`bittensor-cli==9.23.2`) against a node.

Run by run.sh inside the SDK venv (for chain.py); btcli itself runs from its own venv:
    python btcli_flows.py --url ws://127.0.0.1:PORT --workdir DIR --btcli PATH/TO/btcli [--no-effects]

Accounts: //Dave owns the subnet (hotkey //Clihotowner), //Eve validates (hotkey //Clihotvalidator),
//Ferdie mines (hotkey //Clihotminer); transfers go to a fresh //Clitransferdest. btcli's `--uri` only
takes one alphanumeric word (it becomes `//Word`), hence these names.

How btcli is driven: every command gets `--wallet-path`, `--network ws://…`, `--no-prompt` where
offered, `--no-mev-protection` where offered, `--json-output --verbose` where offered (with
`--json-output` alone btcli swallows its error messages), stdin from /dev/null (a forgotten prompt
aborts instead of hanging), HOME in the scratch dir (its config and debug log) and a huge COLUMNS
(rich would otherwise wrap the JSON). btcli exits 0 even when a command fails, so success is read from
its JSON (or its success line) and, above all, from the chain.
"""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Any, Optional

from common import (Chain, FlowFailure, Role, Runner, base_args, check, claim_stdout, close_to, commit_hash,
                    ensure_rate_limit_passed, log, result_line, tao, uri_address, wait_until)

TRANSFER_RAO = 1_500_000_000
STAKE_POOL_FRACTION = 0.01  # of the pool TAO: moves the price ~2 %; safe staking refuses > 5 %
MIN_STAKE_RAO = 2_000_000  # above the chain's minimum stake (500 000 rao) after the staking fee
SALT = [11, 22, 33]
IDENTITY = {  # all eight fields: btcli prompts for any identity field that is missing, even with --no-prompt
    "--subnet-name": "e2ecli",
    "--github-repo": "https://github.com/dtao/e2e",
    "--subnet-contact": "e2e@example.com",
    "--subnet-url": "https://example.com/e2e",
    "--discord-handle": "e2e",
    "--description": "dtao e2e subnet",
    "--logo-url": "https://example.com/logo.png",
    "--additional-info": "none",
}


@dataclass
class Result:
    cmd: list
    rc: int
    out: str
    err: str
    data: Any  # the last JSON value printed on stdout, or None

    def error_line(self) -> str:
        """Best one-line diagnosis: the last exception line or ❌ line btcli printed."""
        lines = [ln.strip() for ln in (self.out + "\n" + self.err).splitlines() if ln.strip()]
        for ln in reversed(lines):
            if "❌" in ln or re.match(r"^[\w.]+(Error|Exception|NotFound)\b.*:", ln):
                return ln.replace("❌", "").strip()
        return ""


def last_json(text: str) -> Any:
    """The last complete JSON object/array in `text` that starts a line (btcli may print other lines,
    e.g. --verbose messages or a traceback, around it)."""
    decoder = json.JSONDecoder()
    found = None
    end = 0
    for m in re.finditer(r"(?m)^[ \t]*([\[{])", text):
        if m.start(1) < end:
            continue  # inside the value decoded last (e.g. an object inside a top-level array)
        try:
            value, end = decoder.raw_decode(text, m.start(1))
        except json.JSONDecodeError:
            continue
        found = value
    return found


class BtcliFlows:
    def __init__(self, args):
        self.args = args
        self.effects = not args.no_effects
        self.runner = Runner("btcli", self.effects, args.flow_timeout, args.ignore_needs)
        self.chain: Optional[Chain] = Chain(args.url) if self.effects else None
        self.dev = self.chain or Chain(args.url)
        self.btcli_bin = args.btcli
        self.wallet_path = os.path.join(args.workdir, "wallets")
        self.home = os.path.join(args.workdir, "home")
        os.makedirs(self.home, exist_ok=True)
        self.owner = Role("dave", "//Dave", "owner", "//Clihotowner")
        self.validator = Role("eve", "//Eve", "validator", "//Clihotvalidator")
        self.miner = Role("ferdie", "//Ferdie", "miner", "//Clihotminer")
        self.dest = uri_address("//Clitransferdest")
        self.netuid: int = args.dry_netuid
        self.validator_uid: int = 1
        self.miner_uid: int = 2
        self.version_key = self._btcli_version_key()

    # -- running btcli ------------------------------------------------------------------------------

    def _btcli_version_key(self) -> int:
        python = os.path.join(os.path.dirname(self.btcli_bin), "python")
        out = subprocess.run([python, "-c", "from bittensor_cli.version import __version_as_int__ as v; print(v)"],
                             capture_output=True, text=True, timeout=60, check=True)
        return int(out.stdout.strip())

    def env(self) -> dict:
        env = dict(os.environ)
        env.update({"HOME": self.home, "COLUMNS": "100000", "LINES": "10000", "NO_COLOR": "1", "TERM": "dumb",
                    "PYTHONWARNINGS": "ignore"})
        env.pop("BT_MEV_PROTECTION", None)
        return env

    def argv(self, *args: str, wallet: Optional[Role] = None, hotkey: bool = True, network: bool = True) -> list:
        cmd = [self.btcli_bin, *args]
        if wallet is not None:
            cmd += ["--wallet-path", self.wallet_path, "--wallet-name", wallet.wallet_name]
            if hotkey:
                cmd += ["--hotkey", wallet.hotkey_name]
        if network:
            cmd += ["--network", self.args.url]
        return cmd

    def run(self, cmd: list, timeout_s: int = 240) -> Result:
        log("     $ " + " ".join(cmd))
        try:
            p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                               timeout=timeout_s, env=self.env())
        except subprocess.TimeoutExpired as err:
            raise FlowFailure(f"`btcli {' '.join(cmd[1:3])}` ran over {timeout_s}s") from err
        res = Result(cmd, p.returncode, p.stdout, p.stderr, last_json(p.stdout))
        log(f"     rc={p.returncode}\n     stdout: {p.stdout.strip()[-3000:]}\n     stderr: {p.stderr.strip()[-2000:]}")
        return res

    def ok_json(self, res: Result, key: str = "success") -> Any:
        """The command's JSON must exist and have a true `key`."""
        what = f"`btcli {' '.join(res.cmd[1:3])}`"
        if not isinstance(res.data, dict):
            raise FlowFailure(f"{what} printed no JSON result: {res.error_line() or 'no error message'}")
        if key and not res.data.get(key):
            diagnosis = res.error_line()
            raise FlowFailure(f"{what} reports failure: {json.dumps(res.data)[:300]}" + (f" / {diagnosis}" if diagnosis else ""))
        return res.data

    # -- flows ------------------------------------------------------------------------------------

    def wallets(self) -> None:
        """`wallet new-coldkey --uri` / `wallet new-hotkey --uri` (unencrypted)."""
        for role in (self.owner, self.validator, self.miner):
            cold_word, hot_word = role.cold_uri.strip("/").lower(), role.hot_uri.strip("/").lower()
            data = self.ok_json(self.run(self.argv("wallet", "new-coldkey", "--uri", cold_word, "--no-use-password",
                                                   "--overwrite", "--json-output", wallet=role, hotkey=False,
                                                   network=False)))
            role.coldkey = data["data"]["coldkey_ss58"]
            data = self.ok_json(self.run(self.argv("wallet", "new-hotkey", "--uri", hot_word, "--no-use-password",
                                                   "--overwrite", "--json-output", wallet=role, network=False)))
            role.hotkey = data["data"]["hotkey_ss58"]
            check(role.coldkey == uri_address(role.cold_uri), f"btcli coldkey of {role.cold_uri} is {role.coldkey}")
            check(role.hotkey == uri_address(role.hot_uri), f"btcli hotkey of {role.hot_uri} is {role.hotkey}")

    def balance(self) -> None:
        data = self.ok_json(self.run(self.argv("wallet", "balance", "--json-output", "--verbose",
                                               wallet=self.owner, hotkey=False)), key="balances")
        free = data["balances"][self.owner.wallet_name]["free"]
        log(f"     btcli free = {free}")
        check(data["balances"][self.owner.wallet_name]["coldkey"] == self.owner.coldkey, "balance of the wrong coldkey")
        check(free > 0, "btcli shows a zero balance for //Dave: the dev genesis must fund //Dave")
        if self.effects:
            raw = self.chain.free_balance(self.owner.coldkey)
            check(abs(round(free * 1e9) - raw) <= 1000, f"btcli free {free} TAO != System.Account {raw} rao")

    def transfer(self) -> None:
        if self.effects:
            src0, dst0 = self.chain.free_balance(self.owner.coldkey), self.chain.free_balance(self.dest)
        self.ok_json(self.run(self.argv("wallet", "transfer", "--dest", self.dest, "--amount", str(TRANSFER_RAO / 1e9),
                                        "--no-prompt", "--json-output", "--verbose", wallet=self.owner, hotkey=False)))
        if self.effects:
            src1, dst1 = self.chain.free_balance(self.owner.coldkey), self.chain.free_balance(self.dest)
            check(dst1 - dst0 == TRANSFER_RAO, f"destination gained {dst1 - dst0} rao, expected {TRANSFER_RAO}")
            check(TRANSFER_RAO <= src0 - src1 < TRANSFER_RAO + 10**9, f"source lost {src0 - src1} rao")

    def create_subnet(self) -> None:
        if self.effects:
            before = set(self.chain.netuids())
        args = ["subnets", "create"]
        for flag, value in IDENTITY.items():
            args += [flag, value]
        data = self.ok_json(self.run(self.argv(*args, "--no-mev-protection", "--no-prompt", "--json-output",
                                               "--verbose", wallet=self.owner)))
        netuid = data.get("netuid")
        check(isinstance(netuid, int), f"btcli printed no netuid: {data}")
        self.netuid = netuid
        if self.effects:
            new = sorted(set(self.chain.netuids()) - before)
            check(new == [netuid], f"btcli says netuid {netuid}, NetworksAdded gained {new}")
            check(self.chain.subnet_owner(netuid) == self.owner.coldkey, "SubnetOwner is not //Dave")
            check(self.chain.subnet_owner_hotkey(netuid) == self.owner.hotkey, "SubnetOwnerHotkey is not //Clihotowner")
            name = self.chain.subnet_identity_name(netuid)
            check(name == IDENTITY["--subnet-name"].encode(), f"SubnetIdentitiesV3 name is {name!r}")

    def start_subnet(self) -> None:
        res = self.run(self.argv("subnets", "start", "--netuid", str(self.netuid), "--no-prompt", "--verbose",
                                 wallet=self.owner))
        check("Successfully started subnet" in res.out or "already has an emission schedule" in res.out,
              f"`btcli subnets start` did not report success: {res.error_line()}")
        if self.effects:
            check(self.chain.first_emission_block(self.netuid) is not None, "FirstEmissionBlockNumber not set")

    def _register(self, role: Role, safe: bool) -> None:
        if self.effects:
            check(self.chain.uid(self.netuid, role.hotkey) is None, f"{role.hot_uri} already registered")
            bal0 = self.chain.free_balance(role.coldkey)
        extra = [] if safe else ["--unsafe"]
        self.ok_json(self.run(self.argv("subnets", "register", "--netuid", str(self.netuid), *extra, "--no-prompt",
                                        "--json-output", "--verbose", wallet=role)))
        if self.effects:
            uid = self.chain.uid(self.netuid, role.hotkey)
            check(uid is not None, f"Uids({self.netuid}, {role.hot_uri}) not set")
            check(self.chain.free_balance(role.coldkey) < bal0, "registration burned nothing")
            if role is self.validator:
                self.validator_uid = uid
            else:
                self.miner_uid = uid

    def burned_register(self) -> None:
        """`subnets register --unsafe` = SubtensorModule.burned_register (the validator)."""
        self._register(self.validator, safe=False)

    def register_limit(self) -> None:
        """Default `subnets register` = safe registration = SubtensorModule.register_limit (the miner)."""
        self._register(self.miner, safe=True)

    def quiet_period(self) -> None:
        """Start a fresh tempo so that no epoch moves stake while a flow compares values (see sdk_flows)."""
        self.dev.next_epoch(self.netuid)

    def stake_alpha_rao(self, hotkey: str, coldkey: str) -> int:
        """Current alpha of a position: from the chain, or a nominal 1 000 alpha in the dry run."""
        return self.chain.stake(hotkey, coldkey, self.netuid) if self.effects else 1000 * 10**9

    def add_stake(self) -> None:
        """Default `stake add` = safe staking = add_stake_limit (tolerance 5 %), of 1 % of the pool's TAO."""
        v = self.validator
        pool_rao = self.chain.subnet_tao(self.netuid) if self.effects else 10**9
        amount_rao = max(MIN_STAKE_RAO, int(pool_rao * STAKE_POOL_FRACTION))
        log(f"     pool {tao(pool_rao)}: staking {tao(amount_rao)}")
        if self.effects:
            s0, b0 = self.chain.stake(v.hotkey, v.coldkey, self.netuid), self.chain.free_balance(v.coldkey)
        data = self.ok_json(self.run(self.argv("stake", "add", "--netuid", str(self.netuid), "--amount",
                                               f"{amount_rao / 1e9:.9f}", "--include-hotkeys", v.hotkey,
                                               "--rate-tolerance", "0.05", "--no-mev-protection", "--no-prompt", "--json-output", "--verbose",
                                               wallet=v)), key="staking_success")
        per_netuid = data["staking_success"] if isinstance(data["staking_success"], dict) else {}
        check(per_netuid.get(str(self.netuid), {}).get(v.hotkey) is True,
              f"`btcli stake add` reports {json.dumps(data)[:300]}")
        if self.effects:
            s1, b1 = self.chain.stake(v.hotkey, v.coldkey, self.netuid), self.chain.free_balance(v.coldkey)
            check(s1 > s0, f"stake did not grow ({s0} -> {s1})")
            check(b0 - b1 >= amount_rao, f"coldkey paid only {tao(b0 - b1)} for {tao(amount_rao)}")

    def remove_stake(self) -> None:
        """Default `stake remove` = remove_stake_limit of a small amount: 2 % of the validator's alpha,
        at most 1 % of the pool's alpha (a larger sale would move a young dev pool's price beyond
        the 5 % tolerance and be refused, as on chain).
        btcli 9.23 needs StakeInfoRuntimeApi.get_coldkey_lock here."""
        v = self.validator
        self.quiet_period()
        s0 = self.stake_alpha_rao(v.hotkey, v.coldkey)
        amount_rao = s0 // 50
        if self.effects:
            amount_rao = min(amount_rao, self.chain.subnet_alpha_in(self.netuid) // 100)
            b0 = self.chain.free_balance(v.coldkey)
        res = self.run(self.argv("stake", "remove", "--netuid", str(self.netuid), "--amount", f"{amount_rao / 1e9:.9f}",
                                 "--include-hotkeys", v.hotkey, "--rate-tolerance", "0.05", "--no-mev-protection", "--no-prompt", "--json-output",
                                 "--verbose", wallet=v))
        ops = res.data if isinstance(res.data, list) else None
        check(ops, f"`btcli stake remove` printed no operations: {res.error_line() or 'no error message'}")
        check(all(op.get("success") for op in ops), f"`btcli stake remove` reports {json.dumps(ops)[:300]}")
        if self.effects:
            s1, b1 = self.chain.stake(v.hotkey, v.coldkey, self.netuid), self.chain.free_balance(v.coldkey)
            check(close_to(s0 - s1, amount_rao, rel=0.01), f"removed {s0 - s1} rao alpha, asked {amount_rao}")
            check(b1 > b0, f"free balance did not grow ({b0} -> {b1})")

    def move_stake(self) -> None:
        """`stake move` of a quarter of the validator's alpha to the owner hotkey, same subnet."""
        v, o = self.validator, self.owner
        self.quiet_period()
        src0 = self.stake_alpha_rao(v.hotkey, v.coldkey)
        amount_rao = src0 // 4
        if self.effects:
            dst0 = self.chain.stake(o.hotkey, v.coldkey, self.netuid)
        self.ok_json(self.run(self.argv("stake", "move", "--from", v.hotkey, "--to", o.hotkey, "--origin-netuid",
                                        str(self.netuid), "--dest-netuid", str(self.netuid), "--amount",
                                        f"{amount_rao / 1e9:.9f}", "--no-mev-protection", "--no-prompt",
                                        "--json-output", "--verbose", wallet=v, hotkey=False)))
        if self.effects:
            src1, dst1 = self.chain.stake(v.hotkey, v.coldkey, self.netuid), self.chain.stake(o.hotkey, v.coldkey, self.netuid)
            check(close_to(src0 - src1, amount_rao, rel=0.01), f"origin lost {src0 - src1} rao alpha, asked {amount_rao}")
            check(dst1 > dst0, f"destination stake did not grow ({dst0} -> {dst1})")
            check(close_to(dst1 - dst0, amount_rao, rel=0.05), f"destination gained {dst1 - dst0} rao alpha of {amount_rao}")

    def set_weights(self) -> None:
        """`weights commit` with commit-reveal OFF sends a plain SubtensorModule.set_weights. btcli first reads
        a storage item literally named `get_commit_reveal_weights_enabled` (a btcli bug the node must absorb)."""
        self.dev.next_epoch(self.netuid)  # validator permit for the staked validator
        ensure_rate_limit_passed(self.chain, self.netuid, self.validator_uid)
        if self.effects:
            check(not self.chain.commit_reveal_enabled(self.netuid), "commit-reveal is on for a new subnet")
        self.ok_json(self.run(self.argv("weights", "commit", "--netuid", str(self.netuid), "--uids", str(self.miner_uid),
                                        "--weights", "1.0", "--salt", ",".join(map(str, SALT)), "--no-prompt",
                                        "--json-output", "--verbose", wallet=self.validator)))
        if self.effects:
            want = [(self.miner_uid, 65535)]
            wait_until(f"Weights({self.netuid}, {self.validator_uid}) == {want}",
                       lambda: self.chain.weights(self.netuid, self.validator_uid) == want)

    def metagraph(self) -> None:
        """`subnets show` after an epoch: the subnet's neurons with stake, incentive and dividends."""
        # The owner holds most of the stake (owner cut) and validates with a forced permit: it
        # weights the miner too, or consensus on the miner's column (a stake-weighted median) is 0.
        ensure_rate_limit_passed(self.chain, self.netuid, 0)
        self.ok_json(self.run(self.argv("weights", "commit", "--netuid", str(self.netuid), "--uids", str(self.miner_uid),
                                        "--weights", "1.0", "--salt", ",".join(map(str, SALT)), "--no-prompt",
                                        "--json-output", "--verbose", wallet=self.owner)))
        self.dev.next_epoch(self.netuid)
        data = self.ok_json(self.run(self.argv("subnets", "show", "--netuid", str(self.netuid), "--no-prompt",
                                               "--json-output", "--verbose")), key="uids")
        rows = {row["hotkey"]: row for row in data["uids"]}
        if self.effects:
            for role in (self.owner, self.validator, self.miner):
                check(role.hotkey in rows, f"`subnets show` lacks {role.hot_uri}")
            check(sorted(rows) == sorted(self.chain.hotkeys(self.netuid)), "`subnets show` hotkeys != Keys on chain")
            v, m = rows[self.validator.hotkey], rows[self.miner.hotkey]
            chain_inc, chain_div = self.chain.incentive(self.netuid), self.chain.dividends(self.netuid)
            inc = chain_inc[m["uid"]] if m["uid"] < len(chain_inc) else 0
            div = chain_div[v["uid"]] if v["uid"] < len(chain_div) else 0
            check(inc > 0 and m["incentive"] > 0, f"miner incentive: btcli {m['incentive']}, chain {chain_inc}")
            check(div > 0 and v["dividends"] > 0, f"validator dividends: btcli {v['dividends']}, chain {chain_div}")
            check(close_to(m["incentive"], inc / 65535, abs_=0.01), "incentive disagrees with chain")
            check(close_to(v["dividends"], div / 65535, abs_=0.01), "dividends disagree with chain")
            chain_alpha = self.chain.total_hotkey_alpha(self.validator.hotkey, self.netuid) / 1e9
            check(v["alpha_stake"] > 0 and close_to(v["alpha_stake"], chain_alpha, rel=0.05),
                  f"validator alpha stake: btcli {v['alpha_stake']}, TotalHotkeyAlpha {chain_alpha}")

    def commit_reveal(self) -> None:
        """Owner enables commit-reveal (`sudo set`), `weights commit` commits a hash and then sleeps until its
        reveal time (12 s per block, hard-coded); we stop it once the commit is on chain, move to the next
        epoch and reveal with `weights reveal`, as btcli itself tells the user to do."""
        self.dev.next_epoch(self.netuid)  # start of a tempo: outside the owner's admin freeze window
        self.ok_json(self.run(self.argv("sudo", "set", "--netuid", str(self.netuid), "--param",
                                        "commit_reveal_weights_enabled", "--value", "true", "--no-prompt",
                                        "--json-output", "--verbose", wallet=self.owner)))
        if self.effects:
            check(self.chain.commit_reveal_enabled(self.netuid), "CommitRevealWeightsEnabled not set on chain")
        ensure_rate_limit_passed(self.chain, self.netuid, self.validator_uid)
        uids, weights, values = [0, self.miner_uid], ["1.0", "1.0"], [65535, 65535]
        salt = ",".join(map(str, SALT))
        commit = self.argv("weights", "commit", "--netuid", str(self.netuid), "--uids", ",".join(map(str, uids)),
                           "--weights", ",".join(weights), "--salt", salt, "--no-prompt", "--json-output",
                           "--verbose", wallet=self.validator)
        self._commit_in_background(commit, uids, values)
        self.dev.next_epoch(self.netuid)  # reveal period 1: revealable in the next epoch
        self.ok_json(self.run(self.argv("weights", "reveal", "--netuid", str(self.netuid), "--uids",
                                        ",".join(map(str, uids)), "--weights", ",".join(weights), "--salt", salt,
                                        "--no-prompt", "--json-output", "--verbose", wallet=self.validator)))
        if self.effects:
            want = sorted(zip(uids, values))
            wait_until("the revealed weights on chain",
                       lambda: sorted(self.chain.weights(self.netuid, self.validator_uid)) == want)
            check(self.chain.weight_commits(self.netuid, self.validator.hotkey) == [], "commit still queued after reveal")

    def _commit_in_background(self, cmd: list, uids: list, values: list) -> None:
        log("     $ " + " ".join(cmd) + "   (background)")
        out_path = os.path.join(self.args.workdir, "weights-commit.out")
        with open(out_path, "w") as out_file:
            p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out_file, stderr=subprocess.STDOUT,
                                 text=True, env=self.env(), start_new_session=True)

        def output() -> str:
            with open(out_path, errors="replace") as f:
                return f.read()

        try:
            if self.effects:
                want = commit_hash(self.validator.hotkey, self.netuid, uids, values, SALT, self.version_key)

                def committed() -> bool:
                    if any(c[0] == want for c in self.chain.weight_commits(self.netuid, self.validator.hotkey)):
                        return True
                    if p.poll() is not None:
                        raise FlowFailure(f"`btcli weights commit` exited before committing {want}: "
                                          f"{Result(cmd, p.returncode, output(), '', None).error_line()}")
                    return False

                wait_until(f"commit {want} in WeightCommits", committed, timeout_s=120)
            else:
                time.sleep(8)  # the fake node stores nothing: btcli must still be alive (sleeping until reveal)
                if p.poll() is not None:
                    raise FlowFailure(f"`btcli weights commit` exited: "
                                      f"{Result(cmd, p.returncode, output(), '', None).error_line()}")
        finally:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(p.pid, signal.SIGKILL)
                    p.wait()
            log(f"     background commit output: {output().strip()[-2000:]}")

    def subnets(self) -> None:
        self.quiet_period()
        data = self.ok_json(self.run(self.argv("subnets", "list", "--json-output", "--verbose")), key="subnets")
        subnets = data["subnets"]
        check(str(self.netuid) in subnets, f"`subnets list` lacks netuid {self.netuid}")
        price = subnets[str(self.netuid)]["price"]
        log(f"     price of {self.netuid}: {price}")
        if self.effects:
            check(sorted(int(k) for k in subnets) == self.chain.netuids(), "`subnets list` netuids != NetworksAdded")
            chain_price = self.chain.alpha_price_rao(self.netuid) / 1e9
            check(price > 0 and close_to(price, chain_price, rel=0.02), f"price {price} vs SwapRuntimeApi {chain_price}")

    def hyperparameters(self) -> None:
        """`subnets hyperparameters`: needs SubnetInfoRuntimeApi.get_subnet_hyperparams_v3."""
        res = self.run(self.argv("subnets", "hyperparameters", "--netuid", str(self.netuid), "--json-output",
                                 "--verbose"))
        if isinstance(res.data, dict) and "error" in res.data:
            raise FlowFailure(f"`btcli subnets hyperparameters`: {res.data['error']}")
        check(isinstance(res.data, list) and res.data, f"`btcli subnets hyperparameters` printed no list: {res.error_line()}")
        params = {row["hyperparameter"]: row["value"] for row in res.data}
        log(f"     {params}")
        if self.effects:
            check(int(params["tempo"]) == self.chain.tempo(self.netuid), f"tempo {params['tempo']} != chain")
            check(str(params["commit_reveal_weights_enabled"]).lower() == str(self.chain.commit_reveal_enabled(self.netuid)).lower(),
                  f"commit_reveal_weights_enabled {params['commit_reveal_weights_enabled']} disagrees with chain")

    def delegate_take(self) -> None:
        """btcli 9.23 has no delegate list; `sudo get-take` reads SubtensorModule.Delegates of a hotkey."""
        data = self.ok_json(self.run(self.argv("sudo", "get-take", "--json-output", "--verbose", wallet=self.owner)),
                            key="")
        take = data.get("current_take")
        check(isinstance(take, (int, float)), f"`sudo get-take` printed {data}")
        if self.effects:
            chain_take = self.chain.delegate_take(self.owner.hotkey)
            expected = (chain_take if chain_take is not None else 11_796) / 65535  # 11 796 = the default take
            check(close_to(take, expected, abs_=1e-6), f"take {take} vs chain {expected}")

    def stake_list(self) -> None:
        v, o = self.validator, self.owner
        self.quiet_period()
        data = self.ok_json(self.run(self.argv("stake", "list", "--no-prompt", "--json-output", "--verbose",
                                               wallet=v, hotkey=False)), key="stake_info")
        got = {(hk, int(row["netuid"])): row["stake_value"] for hk, rows in data["stake_info"].items() for row in rows}
        log(f"     {got}")
        if self.effects:
            for hk in (v.hotkey, o.hotkey):
                check((hk, self.netuid) in got, f"`stake list` of //Eve lacks ({hk}, {self.netuid})")
                chain_stake = self.chain.stake(hk, v.coldkey, self.netuid) / 1e9
                check(close_to(got[(hk, self.netuid)], chain_stake, rel=0.02), f"stake on {hk}: {got[(hk, self.netuid)]} vs chain {chain_stake}")

    # -- order --------------------------------------------------------------------------------------

    def run_all(self) -> int:
        r = self.runner
        if not r.run("wallets", self.wallets):
            return r.exit_code()
        r.run("balance", self.balance)
        r.run("transfer", self.transfer)
        r.run("create_subnet", self.create_subnet)
        r.run("start_subnet", self.start_subnet, needs=("create_subnet",))
        r.run("burned_register", self.burned_register, needs=("start_subnet",))
        r.run("register_limit", self.register_limit, needs=("start_subnet",))
        r.run("add_stake", self.add_stake, needs=("burned_register",))
        r.run("remove_stake", self.remove_stake, needs=("add_stake",))
        r.run("move_stake", self.move_stake, needs=("add_stake",))
        r.run("set_weights", self.set_weights, needs=("add_stake", "register_limit"))
        r.run("metagraph", self.metagraph, needs=("set_weights",))
        r.run("commit_reveal", self.commit_reveal, needs=("add_stake", "register_limit"))
        r.run("subnets", self.subnets, needs=("start_subnet",))
        r.run("hyperparameters", self.hyperparameters, needs=("create_subnet",))
        r.run("delegate_take", self.delegate_take, needs=("create_subnet",))
        r.run("stake_list", self.stake_list, needs=("move_stake",))
        return r.exit_code()


def main() -> int:
    p = base_args("bittensor-cli 9.23.2 conformance flows")
    p.add_argument("--btcli", required=True, help="path of the btcli entry point in its own venv")
    args = p.parse_args()
    claim_stdout()
    try:
        flows = BtcliFlows(args)
    except Exception as err:
        import traceback

        traceback.print_exc()
        result_line(f"FAIL btcli.setup: {' '.join(f'{type(err).__name__}: {err}'.split())[:400]}")
        return 1
    return flows.run_all()


if __name__ == "__main__":
    sys.exit(main())
