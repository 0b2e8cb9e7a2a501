//! End-to-end scenarios driven only through signed calls and block steps, as the node will drive
//! the runtime: subnet creation, registration, staking, weights, epochs and payouts. Every block
//! and every call is followed by the invariant check (TAO and alpha conservation, structure).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use dtao_primitives::{AccountId, NetUid, RAO_PER_TAO};
use dtao_runtime::genesis::{GenesisConfig, GenesisSubnet};
use dtao_runtime::{invariants, Error, Event, Runtime, RuntimeCall, SubtensorCall};

const TAO: u64 = RAO_PER_TAO;

/// A runtime with helpers that check invariants after every step.
struct Chain {
    runtime: Runtime,
    events: Vec<Event>,
}

impl Chain {
    fn new(genesis: GenesisConfig) -> Chain {
        let state = genesis.build().expect("valid genesis");
        invariants::check(&state).unwrap();
        Chain {
            runtime: Runtime::new(state),
            events: Vec::new(),
        }
    }

    /// Apply `call` signed by `who`; panics if the transaction is refused before dispatch.
    fn call(&mut self, who: AccountId, call: SubtensorCall) -> Result<(), Error> {
        let before = self.runtime.state.clone();
        let applied = self
            .runtime
            .apply_extrinsic(who, RuntimeCall::Subtensor(call), 120)
            .expect("fee payable");
        if let Err(error) = applied.result {
            // Only the fee and the nonce may have changed.
            let mut expected = before;
            expected.accounts = self.runtime.state.accounts.clone();
            expected.balances_issuance = self.runtime.state.balances_issuance;
            expected.total_issuance = self.runtime.state.total_issuance;
            expected.total_recycled = self.runtime.state.total_recycled;
            expected.total_fees = self.runtime.state.total_fees;
            assert_eq!(
                self.runtime.state, expected,
                "rejected call {error} changed state"
            );
        }
        invariants::check(&self.runtime.state).unwrap();
        self.events.extend(applied.events);
        applied.result
    }

    fn ok(&mut self, who: AccountId, call: SubtensorCall) {
        let description = format!("{call:?}");
        if let Err(error) = self.call(who, call) {
            panic!("{description} failed: {error}");
        }
    }

    fn blocks(&mut self, count: u64) {
        for _ in 0..count {
            let events = self.runtime.initialize_block();
            if let Err(violation) = invariants::check(&self.runtime.state) {
                panic!("block {}: {violation}", self.runtime.state.block);
            }
            self.events.extend(events);
        }
    }

    fn stake(&self, hotkey: AccountId, netuid: NetUid) -> u64 {
        self.runtime.state.hotkey_alpha(&hotkey, netuid)
    }
}

fn key(seed: u8) -> AccountId {
    AccountId::from_seed_byte(seed)
}

/// The seed example: an owner locks TAO and creates a subnet; three validators (one staking
/// 1 000 TAO) and five miners register; the validators weight the miners; emission flows for
/// several tempos and every payout adds up.
#[test]
fn seed_example_owner_validators_miners() {
    let owner = key(1);
    let owner_hot = key(2);
    let validators: Vec<(AccountId, AccountId)> =
        (0..3).map(|i| (key(10 + i), key(20 + i))).collect();
    let miners: Vec<(AccountId, AccountId)> = (0..5).map(|i| (key(30 + i), key(40 + i))).collect();
    let mut accounts = vec![owner];
    accounts.extend(validators.iter().map(|(cold, _)| *cold));
    accounts.extend(miners.iter().map(|(cold, _)| *cold));
    let genesis = GenesisConfig::dev_with_tempo(&accounts, 10)
        .set_param("network_min_lock_cost", 1_000 * TAO)
        .set_param("new_subnet_hyperparams.weights_set_rate_limit", 0_u64);
    let mut chain = Chain::new(genesis);
    chain.blocks(1);

    let owner_free = chain.runtime.state.free_balance(&owner);
    chain.ok(owner, SubtensorCall::RegisterNetwork { hotkey: owner_hot });
    let netuid = NetUid(1);
    let subnet = chain.runtime.state.subnet(netuid).unwrap();
    assert_eq!(subnet.owner_hotkey, owner_hot);
    assert_eq!(
        subnet.tao_reserve,
        1_000 * TAO,
        "R1 pool holds the lock floor"
    );
    assert!(chain.runtime.state.free_balance(&owner) <= owner_free - 1_000 * TAO);
    chain.ok(owner, SubtensorCall::StartCall { netuid });
    chain.blocks(1);

    for (cold, hot) in validators.iter().chain(&miners) {
        chain.ok(
            *cold,
            SubtensorCall::BurnedRegister {
                netuid,
                hotkey: *hot,
            },
        );
    }
    assert_eq!(chain.runtime.state.subnet(netuid).unwrap().n(), 9);
    for ((cold, hot), tao) in validators.iter().zip([1_000, 300, 100]) {
        chain.ok(
            *cold,
            SubtensorCall::AddStake {
                hotkey: *hot,
                netuid,
                amount_staked: tao * TAO,
            },
        );
    }
    assert!(chain.stake(validators[0].1, netuid) > chain.stake(validators[1].1, netuid));

    // First epoch hands out permits by stake; then validators weight the miners.
    chain.blocks(11);
    let subnet = chain.runtime.state.subnet(netuid).unwrap();
    for (_, hot) in &validators {
        let uid = subnet.uids[hot];
        assert!(
            subnet.neurons[usize::from(uid)].validator_permit,
            "validator {uid} has a permit"
        );
    }
    let miner_uids: Vec<u16> = miners.iter().map(|(_, hot)| subnet.uids[hot]).collect();
    for (_, hot) in &validators {
        let weights: Vec<u16> = (1..=5).map(|w| w * 1_000).collect();
        chain.ok(
            *hot,
            SubtensorCall::SetWeights {
                netuid,
                dests: miner_uids.clone(),
                weights,
                version_key: 0,
            },
        );
    }
    let validator_stake_before: Vec<u64> = validators
        .iter()
        .map(|(_, hot)| chain.stake(*hot, netuid))
        .collect();
    chain.events.clear();
    chain.blocks(40);

    // Miners earned incentive in proportion to their weights.
    let subnet = chain.runtime.state.subnet(netuid).unwrap();
    let incentives: Vec<u16> = miner_uids
        .iter()
        .map(|uid| subnet.neurons[usize::from(*uid)].incentive)
        .collect();
    assert!(
        incentives.windows(2).all(|pair| pair[0] < pair[1]),
        "incentive follows weights: {incentives:?}"
    );
    for (cold, hot) in &miners {
        assert!(
            chain.runtime.state.stake_of(hot, cold, netuid) > 0,
            "miner earned stake"
        );
    }
    // Validators earned dividends; the largest stake earned the most.
    let gains: Vec<u64> = validators
        .iter()
        .zip(&validator_stake_before)
        .map(|((_, hot), before)| chain.stake(*hot, netuid) - before)
        .collect();
    assert!(
        gains.iter().all(|gain| *gain > 0),
        "validators earned: {gains:?}"
    );
    assert!(
        gains[0] > gains[1] && gains[1] > gains[2],
        "dividends follow stake: {gains:?}"
    );
    // The owner received the owner cut.
    assert!(chain.stake(owner_hot, netuid) > 0);
    let epochs = chain
        .events
        .iter()
        .filter(|e| matches!(e, Event::EpochRun(n, _) if *n == netuid))
        .count();
    assert!(epochs >= 3, "several epochs ran ({epochs})");
}

/// A full subnet replaces the non-immune uid with the lowest emission.
#[test]
fn registration_when_full_replaces_lowest_emission() {
    let owner = key(1);
    let coldkeys: Vec<AccountId> = (0..6).map(|i| key(60 + i)).collect();
    let mut accounts = vec![owner];
    accounts.extend(&coldkeys);
    let genesis = GenesisConfig::dev_with_tempo(&accounts, 10)
        .set_param("network_min_lock_cost", 100 * TAO)
        .set_param("new_subnet_hyperparams.max_allowed_uids", 4_u64)
        .set_param("new_subnet_hyperparams.immunity_period", 0_u64)
        .set_param("new_subnet_hyperparams.min_non_immune_uids", 0_u64);
    let mut chain = Chain::new(genesis);
    chain.blocks(1);
    chain.ok(owner, SubtensorCall::RegisterNetwork { hotkey: key(2) });
    let netuid = NetUid(1);
    chain.ok(owner, SubtensorCall::StartCall { netuid });
    for (i, cold) in coldkeys.iter().take(3).enumerate() {
        chain.ok(
            *cold,
            SubtensorCall::BurnedRegister {
                netuid,
                hotkey: key(70 + i as u8),
            },
        );
        chain.blocks(1);
    }
    assert_eq!(chain.runtime.state.subnet(netuid).unwrap().n(), 4);
    chain.ok(
        coldkeys[3],
        SubtensorCall::BurnedRegister {
            netuid,
            hotkey: key(80),
        },
    );
    let subnet = chain.runtime.state.subnet(netuid).unwrap();
    assert_eq!(subnet.n(), 4, "still full");
    assert!(subnet.uids.contains_key(&key(80)), "newcomer took a uid");
    assert!(
        subnet.uids.contains_key(&key(2)),
        "the owner hotkey is never replaced"
    );
    assert!(
        !subnet.uids.contains_key(&key(70)),
        "the earliest zero-emission uid was replaced"
    );
    // Registering the same hotkey again is refused and changes nothing.
    assert_eq!(
        chain.call(
            coldkeys[3],
            SubtensorCall::BurnedRegister {
                netuid,
                hotkey: key(80)
            }
        ),
        Err(Error::HotKeyAlreadyRegisteredInSubNet)
    );
}

/// Staking into one subnet raises its price, its EMA follows, and its share of TAO emission
/// grows; unstaking brings it back down.
#[test]
fn pumped_subnet_gains_emission_share_and_loses_it_when_sold() {
    let owner = key(1);
    let whale = key(3);
    // Pools priced at 0.1 TAO/alpha (the EMA caps the spot price at 1.0), a responsive EMA.
    let subnet = |hotkey| {
        GenesisSubnet::new(owner, hotkey)
            .pool(100 * TAO, 1_000 * TAO)
            .started()
            .set("ema_price_halving_blocks", 1_u64)
    };
    let genesis = GenesisConfig::dev_with_tempo(&[owner, whale], 100)
        .set_param("subnet_moving_alpha", "0.05")
        .subnet(subnet(key(11)))
        .subnet(subnet(key(12)));
    let mut chain = Chain::new(genesis);
    chain.blocks(300);
    let share = |chain: &Chain| {
        let a = chain
            .runtime
            .state
            .subnet(NetUid(1))
            .unwrap()
            .tao_in_emission as f64;
        let b = chain
            .runtime
            .state
            .subnet(NetUid(2))
            .unwrap()
            .tao_in_emission as f64;
        b / (a + b)
    };
    let balanced = share(&chain);
    assert!(
        (balanced - 0.5).abs() < 0.05,
        "equal subnets share equally: {balanced}"
    );

    chain.ok(
        whale,
        SubtensorCall::AddStake {
            hotkey: key(12),
            netuid: NetUid(2),
            amount_staked: 100 * TAO,
        },
    );
    chain.blocks(300);
    let pumped = share(&chain);
    assert!(
        pumped > balanced + 0.1,
        "pumped subnet gains share: {balanced} -> {pumped}"
    );

    let alpha = chain.runtime.state.stake_of(&key(12), &whale, NetUid(2));
    chain.ok(
        whale,
        SubtensorCall::RemoveStake {
            hotkey: key(12),
            netuid: NetUid(2),
            amount_unstaked: alpha,
        },
    );
    chain.blocks(600);
    let dumped = share(&chain);
    assert!(
        dumped < pumped - 0.1,
        "sold subnet loses share: {pumped} -> {dumped}"
    );
}

/// dtao-spec §13 V11: a 1 000 alpha dividend to a hotkey with the default take pays
/// 179.995422 alpha to its owner as new shares, then raises the pool by the rest so every
/// holder (the owner's new shares included) gains pro rata.
#[test]
fn v11_take_then_nominators_pro_rata() {
    use dtao_runtime::economics::take_of_amount;
    let mut state = GenesisConfig::new().build().unwrap();
    let (hotkey, owner, nominator) = (key(1), key(2), key(3));
    let netuid = NetUid(1);
    state.associate_hotkey(&owner, &hotkey).unwrap();
    state
        .credit_stake(&hotkey, &owner, netuid, 1_000 * TAO)
        .unwrap();
    state
        .credit_stake(&hotkey, &nominator, netuid, 1_000 * TAO)
        .unwrap();

    let dividend = 1_000 * TAO;
    let take = take_of_amount(dividend, state.take_of(&hotkey));
    // The spec's 179.995422 alpha; the exact rao follow the chain's U96F32 ratio 11 796 / 65 535
    // (truncated to 32 fractional bits), 42 rao below the real quotient.
    assert_eq!(take, 179_995_422_251);
    state.credit_stake(&hotkey, &owner, netuid, take).unwrap();
    state
        .distribute_to_hotkey(&hotkey, netuid, dividend - take)
        .unwrap();

    assert_eq!(state.hotkey_alpha(&hotkey, netuid), 3_000 * TAO);
    let owner_value = state.stake_of(&hotkey, &owner, netuid);
    let nominator_value = state.stake_of(&hotkey, &nominator, netuid);
    // The nominator holds 1 000 / 2 179.995 of the pool after the take: 1 376.149… alpha.
    let expected_nominator = 3_000.0 * 1_000.0 / (2_000.0 + take as f64 / TAO as f64);
    assert!((nominator_value as f64 / TAO as f64 - expected_nominator).abs() < 1e-6);
    assert!(owner_value + nominator_value <= 3_000 * TAO);
    assert!(
        3_000 * TAO - (owner_value + nominator_value) <= 2,
        "rounding dust only"
    );
}

/// `register_limit` registers only when the burn is at or below the caller's limit.
#[test]
fn register_limit_refuses_a_burn_above_the_limit() {
    let owner = key(1);
    let miner = key(5);
    let genesis = GenesisConfig::dev_with_tempo(&[owner, miner], 10);
    let mut chain = Chain::new(genesis);
    chain.blocks(1);
    chain.ok(owner, SubtensorCall::RegisterNetwork { hotkey: key(2) });
    let netuid = NetUid(1);
    chain.ok(owner, SubtensorCall::StartCall { netuid });
    let burn = chain.runtime.state.subnet(netuid).unwrap().hyperparams.burn;
    assert_eq!(
        chain.call(
            miner,
            SubtensorCall::RegisterLimit {
                netuid,
                hotkey: key(6),
                limit_price: burn - 1
            }
        ),
        Err(Error::SlippageTooHigh)
    );
    chain.ok(
        miner,
        SubtensorCall::RegisterLimit {
            netuid,
            hotkey: key(6),
            limit_price: burn,
        },
    );
    assert!(chain
        .runtime
        .state
        .subnet(netuid)
        .unwrap()
        .uids
        .contains_key(&key(6)));
}
