"""Conformance flows of the pinned SDK (`bittensor==10.5.0`, sync `Subtensor`) against a node.

Run by run.sh inside the SDK venv:
    python sdk_flows.py --url ws://127.0.0.1:PORT --workdir DIR [--no-effects]

Accounts: //Alice owns the subnet (and is sudo), //Bob validates (hotkey //Bob//sdk-validator),
//Charlie mines (hotkey //Charlie//sdk-miner); transfers go to a fresh account //sdk-transfer-dest.
Every extrinsic is sent with `mev_protection=False` (the SDK default unless BT_MEV_PROTECTION is set)
and waits for finalization, so the chain state is final when the flow reads it back.

Each flow first drives the client, checks the client's own answer, then (unless --no-effects) reads
the chain back through chain.py, which decodes storage and runtime-API bytes independently.
"""
from __future__ import annotations

import sys
import traceback
from typing import Optional

from common import (Chain, FlowFailure, Role, Runner, base_args, check, claim_stdout, close_to, commit_hash,
                    ensure_rate_limit_passed, log, make_wallet, result_line, tao, uri_address)

TRANSFER_RAO = 1_500_000_000
# Stake 1 % of the subnet pool's TAO (moves its price ~2 %): a dev subnet starts with a tiny pool (the
# 1 TAO lock floor), and a fixed amount would move the price far (btcli's safe staking refuses > 5 %).
STAKE_POOL_FRACTION = 0.01
MIN_STAKE_RAO = 2_000_000  # above the chain's minimum stake (500 000 rao) after the staking fee
SALT = [11, 22, 33]


class SdkFlows:
    def __init__(self, args):
        from bittensor.core.subtensor import Subtensor  # imported late: slow, only in the SDK venv

        self.args = args
        self.effects = not args.no_effects
        self.runner = Runner("sdk", self.effects, args.flow_timeout, args.ignore_needs)
        self.chain: Optional[Chain] = Chain(args.url) if self.effects else None
        # Dev RPCs are also answered by the fake node's harness, so they are always available.
        self.dev = self.chain or Chain(args.url)
        self.sub = Subtensor(network=args.url)
        path = f"{args.workdir}/wallets"
        self.owner = Role("sdk-owner", "//Alice", "owner", "//Alice//sdk-owner")
        self.validator = Role("sdk-validator", "//Bob", "validator", "//Bob//sdk-validator")
        self.miner = Role("sdk-miner", "//Charlie", "miner", "//Charlie//sdk-miner")
        self.w_owner = make_wallet(path, self.owner)
        self.w_validator = make_wallet(path, self.validator)
        self.w_miner = make_wallet(path, self.miner)
        self.dest = uri_address("//sdk-transfer-dest")
        self.netuid: int = args.dry_netuid
        self.validator_uid: int = 1
        self.miner_uid: int = 2

    # -- helpers ------------------------------------------------------------------------------------

    @staticmethod
    def ok(response, what: str) -> None:
        """The client's own verdict: ExtrinsicResponse.success."""
        log(f"     {what}: {response}")
        error = getattr(response, "error", None)
        if isinstance(error, BaseException) and error.__traceback__ is not None:
            log("".join(traceback.format_exception(error)))
        if not getattr(response, "success", False):
            raise FlowFailure(f"{what}: client reports failure: {getattr(response, 'message', response)}")

    def balance(self, b) -> int:
        return int(b.rao)

    # -- flows ------------------------------------------------------------------------------------

    def balance_flow(self) -> None:
        got = self.balance(self.sub.get_balance(self.owner.coldkey))
        log(f"     get_balance(Alice) = {tao(got)}")
        check(got > 0, "get_balance(//Alice) is zero: the dev genesis must fund //Alice")
        if self.effects:
            raw = self.chain.free_balance(self.owner.coldkey)
            check(got == raw, f"SDK balance {got} != System.Account free {raw}")

    def transfer(self) -> None:
        from bittensor.utils.balance import Balance

        if self.effects:
            src0, dst0 = self.chain.free_balance(self.owner.coldkey), self.chain.free_balance(self.dest)
        r = self.sub.transfer(self.w_owner, self.dest, Balance.from_rao(TRANSFER_RAO),
                              mev_protection=False, wait_for_finalization=True)
        self.ok(r, "transfer")
        if self.effects:
            src1, dst1 = self.chain.free_balance(self.owner.coldkey), self.chain.free_balance(self.dest)
            check(dst1 - dst0 == TRANSFER_RAO, f"destination gained {dst1 - dst0} rao, expected {TRANSFER_RAO}")
            check(src0 - src1 >= TRANSFER_RAO, f"source lost only {src0 - src1} rao")
            check(src0 - src1 < TRANSFER_RAO + 10**9, f"source lost {src0 - src1} rao: fee above 1 TAO?")

    def create_subnet(self) -> None:
        if self.effects:
            before = set(self.chain.netuids())
            cost = self.chain.network_registration_cost()
            bal0 = self.chain.free_balance(self.owner.coldkey)
        r = self.sub.register_subnet(self.w_owner, mev_protection=False, wait_for_finalization=True)
        self.ok(r, "register_subnet")
        if self.effects:
            new = sorted(set(self.chain.netuids()) - before)
            check(len(new) == 1, f"expected one new netuid, NetworksAdded gained {new}")
            self.netuid = new[0]
            log(f"     new subnet: netuid {self.netuid}")
            check(self.chain.subnet_owner(self.netuid) == self.owner.coldkey, "SubnetOwner is not //Alice")
            check(self.chain.subnet_owner_hotkey(self.netuid) == self.owner.hotkey, "SubnetOwnerHotkey is not the owner hotkey")
            check(self.chain.uid(self.netuid, self.owner.hotkey) == 0, "owner hotkey is not uid 0 of the new subnet")
            spent = bal0 - self.chain.free_balance(self.owner.coldkey)
            check(spent >= cost, f"owner spent {tao(spent)}, less than the registration cost {tao(cost)}")
            check(self.sub.subnet_exists(self.netuid), "SDK subnet_exists() is false for the new subnet")

    def start_subnet(self) -> None:
        if self.effects:
            check(self.chain.first_emission_block(self.netuid) is None, "subnet already started before start_call")
        r = self.sub.start_call(self.w_owner, self.netuid, mev_protection=False, wait_for_finalization=True)
        self.ok(r, "start_call")
        if self.effects:
            check(self.chain.first_emission_block(self.netuid) is not None,
                  "FirstEmissionBlockNumber not set after start_call")

    def burned_register(self) -> None:
        for role, wallet in ((self.validator, self.w_validator), (self.miner, self.w_miner)):
            if self.effects:
                bal0 = self.chain.free_balance(role.coldkey)
                check(self.chain.uid(self.netuid, role.hotkey) is None, f"{role.hot_uri} already registered")
            r = self.sub.burned_register(wallet, self.netuid, mev_protection=False, wait_for_finalization=True)
            self.ok(r, f"burned_register({role.hot_uri})")
            uid = self.sub.get_uid_for_hotkey_on_subnet(role.hotkey, self.netuid)
            if self.effects:
                check(self.sub.is_hotkey_registered(role.hotkey, self.netuid), "SDK is_hotkey_registered() is false")
                chain_uid = self.chain.uid(self.netuid, role.hotkey)
                check(chain_uid is not None, f"Uids({self.netuid}, {role.hot_uri}) not set")
                check(uid == chain_uid, f"SDK uid {uid} != chain uid {chain_uid}")
                check(self.chain.free_balance(role.coldkey) < bal0, "registration burned nothing")
            if role is self.validator:
                self.validator_uid = uid if uid is not None else self.validator_uid
            else:
                self.miner_uid = uid if uid is not None else self.miner_uid
        log(f"     validator uid {self.validator_uid}, miner uid {self.miner_uid}")

    def quiet_period(self) -> None:
        """Start a fresh tempo, so that no epoch pays dividends (and moves stake) while a flow compares
        before/after values or the client's view with the chain. Assumes a tempo well above the few
        blocks a flow lasts (the dev preset's is 360)."""
        self.dev.next_epoch(self.netuid)

    def add_stake(self) -> None:
        """Plain add_stake (safe_staking=False) of STAKE_POOL_FRACTION of the pool's TAO."""
        from bittensor.utils.balance import Balance

        v = self.validator
        pool_rao = int(self.sub.subnet(self.netuid).tao_in.rao)
        amount_rao = max(MIN_STAKE_RAO, int(pool_rao * STAKE_POOL_FRACTION))
        log(f"     pool {tao(pool_rao)}: staking {tao(amount_rao)}")
        if self.effects:
            s0, b0 = self.chain.stake(v.hotkey, v.coldkey, self.netuid), self.chain.free_balance(v.coldkey)
        r = self.sub.add_stake(self.w_validator, self.netuid, v.hotkey, Balance.from_rao(amount_rao),
                               mev_protection=False, wait_for_finalization=True)
        self.ok(r, "add_stake")
        got = self.sub.get_stake(v.coldkey, v.hotkey, self.netuid)
        log(f"     SDK get_stake = {got}")
        if self.effects:
            s1, b1 = self.chain.stake(v.hotkey, v.coldkey, self.netuid), self.chain.free_balance(v.coldkey)
            check(s1 > s0, f"stake did not grow ({s0} -> {s1})")
            check(b0 - b1 >= amount_rao, f"coldkey paid only {tao(b0 - b1)} for {tao(amount_rao)}")
            check(close_to(int(got.rao), s1, rel=0.01), f"SDK get_stake {got.rao} != chain {s1}")

    def remove_stake(self) -> None:
        """Plain remove_stake of a quarter of the validator's alpha."""
        from bittensor.utils.balance import Balance

        v = self.validator
        self.quiet_period()
        current = int(self.sub.get_stake(v.coldkey, v.hotkey, self.netuid).rao)
        amount_rao = current // 4
        if self.effects:
            s0, b0 = self.chain.stake(v.hotkey, v.coldkey, self.netuid), self.chain.free_balance(v.coldkey)
        r = self.sub.unstake(self.w_validator, self.netuid, v.hotkey, Balance.from_rao(amount_rao).set_unit(self.netuid),
                             mev_protection=False, wait_for_finalization=True)
        self.ok(r, "unstake")
        if self.effects:
            s1, b1 = self.chain.stake(v.hotkey, v.coldkey, self.netuid), self.chain.free_balance(v.coldkey)
            check(close_to(s0 - s1, amount_rao, rel=0.01), f"removed {s0 - s1} rao alpha, asked {amount_rao}")
            check(b1 > b0, f"free balance did not grow ({b0} -> {b1})")

    def move_stake(self) -> None:
        """move_stake of a quarter of the validator's alpha to the owner hotkey, same subnet."""
        from bittensor.utils.balance import Balance

        v, o = self.validator, self.owner
        self.quiet_period()
        amount_rao = int(self.sub.get_stake(v.coldkey, v.hotkey, self.netuid).rao) // 4
        if self.effects:
            src0 = self.chain.stake(v.hotkey, v.coldkey, self.netuid)
            dst0 = self.chain.stake(o.hotkey, v.coldkey, self.netuid)
        r = self.sub.move_stake(self.w_validator, origin_netuid=self.netuid, origin_hotkey_ss58=v.hotkey,
                                destination_netuid=self.netuid, destination_hotkey_ss58=o.hotkey,
                                amount=Balance.from_rao(amount_rao).set_unit(self.netuid),
                                mev_protection=False, wait_for_finalization=True)
        self.ok(r, "move_stake")
        if self.effects:
            src1 = self.chain.stake(v.hotkey, v.coldkey, self.netuid)
            dst1 = self.chain.stake(o.hotkey, v.coldkey, self.netuid)
            check(close_to(src0 - src1, amount_rao, rel=0.01), f"origin lost {src0 - src1} rao alpha, asked {amount_rao}")
            check(dst1 > dst0, f"destination stake did not grow ({dst0} -> {dst1})")
            check(close_to(dst1 - dst0, amount_rao, rel=0.05), f"destination gained {dst1 - dst0} rao alpha of {amount_rao}")

    def set_weights(self) -> None:
        # An epoch gives the staked validator its permit; then wait out the weights rate limit.
        self.dev.next_epoch(self.netuid)
        ensure_rate_limit_passed(self.chain, self.netuid, self.validator_uid)
        if self.effects:
            check(not self.chain.commit_reveal_enabled(self.netuid),
                  "commit-reveal is on for a new subnet: set_weights would take the timelocked (drand) path")
        r = self.sub.set_weights(self.w_validator, self.netuid, uids=[self.miner_uid], weights=[1.0],
                                 mev_protection=False, wait_for_finalization=True)
        self.ok(r, "set_weights")
        if self.effects:
            row = self.chain.weights(self.netuid, self.validator_uid)
            check(row == [(self.miner_uid, 65535)], f"Weights({self.netuid}, {self.validator_uid}) = {row}")

    def metagraph(self) -> None:
        # The owner holds most of the subnet's stake (the owner cut) and is a validator with a
        # forced permit: unless it weights the miner too, the stake-weighted median (consensus)
        # of the miner's column is 0 and so is its incentive — exactly as on subtensor.
        ensure_rate_limit_passed(self.chain, self.netuid, 0)
        r = self.sub.set_weights(self.w_owner, self.netuid, uids=[self.miner_uid], weights=[1.0],
                                 mev_protection=False, wait_for_finalization=True)
        self.ok(r, "owner set_weights")
        self.dev.next_epoch(self.netuid)
        mg = self.sub.metagraph(self.netuid)
        log(f"     {mg}")
        hotkeys = list(mg.hotkeys)
        log(f"     hotkeys {hotkeys}, incentive {list(mg.incentive)}, dividends {list(mg.dividends)}")
        if self.effects:
            for role in (self.owner, self.validator, self.miner):
                check(role.hotkey in hotkeys, f"metagraph lacks {role.hot_uri}")
            vi, mi = hotkeys.index(self.validator.hotkey), hotkeys.index(self.miner.hotkey)
            incentive, dividends, stake = float(mg.incentive[mi]), float(mg.dividends[vi]), float(mg.alpha_stake[vi])
            check(hotkeys == self.chain.hotkeys(self.netuid), "metagraph hotkeys != Keys on chain")
            chain_inc, chain_div = self.chain.incentive(self.netuid), self.chain.dividends(self.netuid)
            check(mi < len(chain_inc) and chain_inc[mi] > 0, f"chain Incentive of the miner is zero: {chain_inc}")
            check(vi < len(chain_div) and chain_div[vi] > 0, f"chain Dividends of the validator is zero: {chain_div}")
            check(incentive > 0, "metagraph incentive of the miner is zero")
            check(dividends > 0, "metagraph dividends of the validator is zero")
            check(close_to(incentive, chain_inc[mi] / 65535, abs_=0.01), f"incentive {incentive} vs chain {chain_inc[mi]}")
            check(close_to(dividends, chain_div[vi] / 65535, abs_=0.01), f"dividends {dividends} vs chain {chain_div[vi]}")
            check(stake > 0, "metagraph stake of the validator is zero")
            chain_stake = self.chain.total_hotkey_alpha(self.validator.hotkey, self.netuid) / 1e9
            check(close_to(stake, chain_stake, rel=0.05), f"metagraph stake {stake} vs TotalHotkeyAlpha {chain_stake}")

    def commit_reveal(self) -> None:
        from bittensor.core.extrinsics.pallets import AdminUtils, Sudo
        from bittensor.core.settings import version_as_int

        # Alice is the subnet owner AND sudo: enable hash commit-reveal through Sudo.sudo (root origin).
        inner = AdminUtils(self.sub).sudo_set_commit_reveal_weights_enabled(netuid=self.netuid, enabled=True)
        r = self.sub.sign_and_send_extrinsic(Sudo(self.sub).sudo(inner), self.w_owner, wait_for_finalization=True)
        self.ok(r, "sudo(sudo_set_commit_reveal_weights_enabled)")
        if self.effects:
            check(self.sub.commit_reveal_enabled(self.netuid), "SDK commit_reveal_enabled() is false after enabling")
            check(self.chain.commit_reveal_enabled(self.netuid), "CommitRevealWeightsEnabled not set on chain")
        ensure_rate_limit_passed(self.chain, self.netuid, self.validator_uid)
        # bittensor 10.5 hashes the values as given (no normalisation) but normalises them on reveal,
        # so pass u16 values that are already max-upscaled.
        uids, values = [0, self.miner_uid], [65535, 65535]
        r = self.sub.commit_weights(self.w_validator, self.netuid, salt=SALT, uids=uids, weights=values,
                                    mev_protection=False, wait_for_inclusion=True, wait_for_finalization=True)
        self.ok(r, "commit_weights")
        if self.effects:
            commits = self.chain.weight_commits(self.netuid, self.validator.hotkey)
            want = commit_hash(self.validator.hotkey, self.netuid, uids, values, SALT, version_as_int)
            check(any(c[0] == want for c in commits), f"WeightCommits lacks {want}: {commits}")
        self.dev.next_epoch(self.netuid)  # reveal period 1: the commit is revealable in the next epoch
        r = self.sub.reveal_weights(self.w_validator, self.netuid, uids=uids, weights=values, salt=SALT,
                                    mev_protection=False, wait_for_finalization=True)
        self.ok(r, "reveal_weights")
        if self.effects:
            check(self.chain.weight_commits(self.netuid, self.validator.hotkey) == [], "commit still queued after reveal")
            row = self.chain.weights(self.netuid, self.validator_uid)
            check(sorted(row) == sorted(zip(uids, values)), f"Weights after reveal = {row}")

    def subnets(self) -> None:
        infos = self.sub.all_subnets()
        prices = self.sub.get_subnet_prices()
        log(f"     all_subnets {infos}, get_subnet_prices {prices}")
        by_netuid = {i.netuid: i for i in infos or []}
        check(self.netuid in by_netuid, f"all_subnets() lacks netuid {self.netuid}")
        price = float(by_netuid[self.netuid].price.tao)
        check(self.netuid in prices, "get_subnet_prices() lacks the subnet")
        if self.effects:
            check(price > 0, "subnet price is zero")
            check(sorted(by_netuid) == self.chain.netuids(), f"all_subnets() netuids {sorted(by_netuid)} != NetworksAdded")
            chain_price = self.chain.alpha_price_rao(self.netuid) / 1e9
            check(close_to(price, chain_price, rel=0.02), f"price {price} vs SwapRuntimeApi {chain_price}")
            check(close_to(float(prices[self.netuid].tao), chain_price, rel=0.02), "get_subnet_prices disagrees with chain")

    def hyperparameters(self) -> None:
        hp = self.sub.get_subnet_hyperparameters(self.netuid)
        log(f"     {hp}")
        check(hp is not None, "get_subnet_hyperparameters() returned None")
        if self.effects:
            check(hp.tempo == self.chain.tempo(self.netuid), f"tempo {hp.tempo} != chain {self.chain.tempo(self.netuid)}")
            check(bool(hp.commit_reveal_weights_enabled) == self.chain.commit_reveal_enabled(self.netuid),
                  "commit_reveal_weights_enabled disagrees with chain")
            check(hp.weights_rate_limit == self.chain.weights_rate_limit(self.netuid), "weights_rate_limit disagrees")

    def delegates(self) -> None:
        self.quiet_period()
        block = self.sub.get_current_block()
        delegates = self.sub.get_delegates(block=block)
        log(f"     {delegates}")
        if self.effects:
            check(delegates, "get_delegates() is empty")
            by_hotkey = {d.hotkey_ss58: d for d in delegates}
            o, v = self.owner, self.validator
            check(o.hotkey in by_hotkey, "the owner hotkey (holding moved stake) is not a delegate")
            d = by_hotkey[o.hotkey]
            check(d.owner_ss58 == o.coldkey, f"delegate owner {d.owner_ss58} != //Alice")
            nominated = d.nominators.get(v.coldkey, {}).get(self.netuid)
            check(nominated is not None and nominated.rao > 0, "//Bob is not a nominator of the owner hotkey on the subnet")
            chain_stake = self.chain.stake(o.hotkey, v.coldkey, self.netuid)
            check(close_to(int(nominated.rao), chain_stake, rel=0.02), f"nominator stake {nominated.rao} vs chain {chain_stake}")

    def stake_list(self) -> None:
        v, o = self.validator, self.owner
        self.quiet_period()
        infos = self.sub.get_stake_info_for_coldkey(v.coldkey)
        log(f"     {infos}")
        got = {(i.hotkey_ss58, i.netuid): int(i.stake.rao) for i in infos}
        if self.effects:
            for hk in (v.hotkey, o.hotkey):
                check((hk, self.netuid) in got, f"stake list of //Bob lacks ({hk}, {self.netuid})")
                chain_stake = self.chain.stake(hk, v.coldkey, self.netuid)
                check(close_to(got[(hk, self.netuid)], chain_stake, rel=0.02), f"stake on {hk}: {got[(hk, self.netuid)]} vs chain {chain_stake}")

    # -- order --------------------------------------------------------------------------------------

    def run_all(self) -> int:
        r = self.runner
        r.run("balance", self.balance_flow)
        r.run("transfer", self.transfer)
        r.run("create_subnet", self.create_subnet)
        r.run("start_subnet", self.start_subnet, needs=("create_subnet",))
        r.run("burned_register", self.burned_register, needs=("start_subnet",))
        r.run("add_stake", self.add_stake, needs=("burned_register",))
        r.run("remove_stake", self.remove_stake, needs=("add_stake",))
        r.run("move_stake", self.move_stake, needs=("add_stake",))
        r.run("set_weights", self.set_weights, needs=("add_stake",))
        r.run("metagraph", self.metagraph, needs=("set_weights",))
        r.run("commit_reveal", self.commit_reveal, needs=("add_stake",))
        r.run("subnets", self.subnets, needs=("start_subnet",))
        r.run("hyperparameters", self.hyperparameters, needs=("create_subnet",))
        r.run("delegates", self.delegates, needs=("move_stake",))
        r.run("stake_list", self.stake_list, needs=("move_stake",))
        return r.exit_code()


def main() -> int:
    args = base_args("bittensor 10.5.0 SDK conformance flows").parse_args()
    claim_stdout()
    try:
        flows = SdkFlows(args)
    except Exception as err:  # setup failed: report it as one flow so run.sh counts it
        import traceback

        traceback.print_exc()
        result_line(f"FAIL sdk.setup: {' '.join(f'{type(err).__name__}: {err}'.split())[:400]}")
        return 1
    try:
        return flows.run_all()
    finally:
        flows.sub.close()


if __name__ == "__main__":
    sys.exit(main())
