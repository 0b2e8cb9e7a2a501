//! Subnet lifecycle and genesis scenarios: lock cost (dtao-spec §13 V2), registration with the R1
//! pool, rate limit, netuid reuse, subnet limit with pruning and liquidation (V15), immunity,
//! start_call, identities, rejected calls leaving the state unchanged, and genesis building.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use dtao_primitives::fixed::I96F32;
use dtao_primitives::{AccountId, NetUid};
use dtao_runtime::dispatch::{dispatch, Origin};
use dtao_runtime::genesis::{GenesisConfig, GenesisError, GenesisSubnet, ParamValue};
use dtao_runtime::state::SubnetIdentity;
use dtao_runtime::subnets::{self, network_lock_cost, plan_liquidation};
use dtao_runtime::{Error, Event, Runtime, RuntimeCall, State, SubtensorCall, SudoCall};

const TAO: u64 = 1_000_000_000;

fn acct(seed: u8) -> AccountId {
    AccountId::from_seed_byte(seed)
}

const ALICE: u8 = 1;
const BOB: u8 = 2;
const CHARLIE: u8 = 3;

/// TAO and alpha conservation and `total_stake`.
fn assert_conserved(state: &State) {
    let pools: u64 = state
        .subnets
        .values()
        .map(|s| s.tao_reserve + s.pending.root_divs_tao)
        .sum();
    assert_eq!(state.total_issuance, state.balances_issuance + pools);
    let free: u64 = state.accounts.values().map(|a| a.free).sum();
    assert_eq!(free, state.balances_issuance);
    let reserves: u64 = state.subnets.values().map(|s| s.tao_reserve).sum();
    assert_eq!(state.total_stake, reserves);
    for (netuid, subnet) in &state.subnets {
        let staked: u64 = state
            .stake
            .iter()
            .filter(|((_, n), _)| n == netuid)
            .map(|(_, s)| s.pool.value)
            .sum();
        let pending = subnet.pending.server + subnet.pending.validator + subnet.pending.owner_cut;
        assert_eq!(
            subnet.alpha_out,
            staked + pending + subnet.alpha_burned,
            "alpha on {netuid}"
        );
    }
}

/// A dev chain with Alice, Bob and Charlie at block 1.
fn dev_state() -> State {
    let mut state = GenesisConfig::dev(&[acct(ALICE), acct(BOB), acct(CHARLIE)])
        .build()
        .unwrap();
    state.block = 1;
    state
}

fn register_call(hotkey: AccountId) -> RuntimeCall {
    RuntimeCall::Subtensor(SubtensorCall::RegisterNetwork { hotkey })
}

fn register(state: &mut State, coldkey: u8, hotkey: u8) -> Result<Vec<Event>, Error> {
    let mut events = Vec::new();
    dispatch(
        state,
        Origin::Signed(acct(coldkey)),
        register_call(acct(hotkey)),
        &mut events,
    )?;
    Ok(events)
}

/// Dispatch `call` as `origin`, expect `error`, and check nothing changed.
fn assert_rejected(state: &mut State, origin: Origin, call: RuntimeCall, error: Error) {
    let before = state.clone();
    let mut events = Vec::new();
    assert_eq!(dispatch(state, origin, call, &mut events), Err(error));
    assert_eq!(*state, before);
}

fn sudo_dissolve(state: &mut State, coldkey: AccountId, netuid: u16) -> Vec<Event> {
    let call = RuntimeCall::Sudo(SudoCall::Sudo {
        call: Box::new(RuntimeCall::Subtensor(SubtensorCall::DissolveNetwork {
            coldkey,
            netuid: NetUid(netuid),
        })),
    });
    let mut events = Vec::new();
    dispatch(state, Origin::Signed(acct(ALICE)), call, &mut events).unwrap();
    events
}

// ---- lock cost --------------------------------------------------------------------------------

#[test]
fn lock_cost_matches_v2_vectors() {
    let mut state = dev_state();
    state.network_last_lock_cost = 1_250 * TAO;
    state.network_last_registered_block = 1_000;
    let table: [(u64, u64, u64); 5] = [
        (0, 2_500_000_000_000, 2_500_000_000_000),
        (7_200, 2_343_750_006_400, 2_187_500_005_600),
        (28_800, 1_875_000_025_600, 1_250_000_022_400),
        (57_600, 1_250_000_051_200, TAO),
        (86_400, 625_000_076_800, TAO),
    ];
    for (elapsed, emission_one, emission_half) in table {
        state.block = 1_000 + elapsed;
        state.block_emission = 0; // treated as 1 TAO
        assert_eq!(network_lock_cost(&state), emission_one, "elapsed {elapsed}");
        state.block_emission = TAO;
        assert_eq!(network_lock_cost(&state), emission_one, "elapsed {elapsed}");
        state.block_emission = TAO / 2;
        assert_eq!(
            network_lock_cost(&state),
            emission_half,
            "elapsed {elapsed}"
        );
    }
}

#[test]
fn lock_doubles_after_each_registration_and_decays() {
    let mut state = dev_state();
    assert_eq!(network_lock_cost(&state), TAO);
    register(&mut state, ALICE, 11).unwrap();
    assert_eq!(state.network_last_lock_cost, TAO);
    assert_eq!(state.network_last_registered_block, 1);
    assert_eq!(network_lock_cost(&state), 2 * TAO);
    register(&mut state, BOB, 12).unwrap();
    assert_eq!(state.network_last_lock_cost, 2 * TAO);
    assert_eq!(network_lock_cost(&state), 4 * TAO);
    // One interval later the price is back at L0; two intervals later at the floor.
    state.block += 57_600;
    assert_eq!(
        network_lock_cost(&state),
        4 * TAO - (2 * TAO / 57_600) * 57_600
    );
    assert_eq!(network_lock_cost(&state), 2_000_012_800);
    state.block += 57_600;
    assert_eq!(network_lock_cost(&state), TAO);
}

// ---- registration -----------------------------------------------------------------------------

#[test]
fn registration_initialises_r1_pool_and_recycles_the_rest_of_the_lock() {
    let mut state = dev_state();
    state.block = 1_000;
    state.network_last_lock_cost = 50 * TAO;
    state.network_last_registered_block = 400;
    let lock = network_lock_cost(&state);
    assert_eq!(lock, 100 * TAO - (50 * TAO / 57_600) * 600);
    let alice_before = state.free_balance(&acct(ALICE));
    let issuance_before = state.total_issuance;

    let events = register(&mut state, ALICE, 11).unwrap();

    let netuid = NetUid(1);
    assert_eq!(events, vec![Event::NetworkAdded(netuid, 1)]);
    let subnet = state.subnet(netuid).unwrap();
    assert_eq!(subnet.tao_reserve, TAO);
    assert_eq!(subnet.alpha_in, TAO);
    assert_eq!(subnet.alpha_out, 0);
    assert_eq!(subnet.pool().price(), I96F32::from_num(1));
    assert_eq!(subnet.locked, lock);
    assert_eq!(subnet.owner_coldkey, acct(ALICE));
    assert_eq!(subnet.owner_hotkey, acct(11));
    assert_eq!(subnet.registered_at, 1_000);
    assert_eq!(subnet.first_emission_block, None);
    assert!(!subnet.subtoken_enabled);
    assert_eq!(subnet.hyperparams.tempo, 360);
    assert_eq!(subnet.hyperparams.burn, 500_000);
    // Staggered epoch start: now − (netuid mod tempo).
    assert_eq!(subnet.last_epoch_block, 999);
    assert_eq!(subnet.n(), 1);
    assert_eq!(subnet.neurons[0].hotkey, acct(11));
    assert_eq!(subnet.neurons[0].block_at_registration, 1_000);
    assert_eq!(subnet.neurons[0].last_update, 1_000);
    assert_eq!(subnet.uids.get(&acct(11)), Some(&0));
    assert_eq!(subnet.owner_uid(), Some(0));
    // The owner gets nothing else: no stake.
    assert!(state.stake.is_empty());
    assert_eq!(state.owner_of(&acct(11)), Some(acct(ALICE)));
    assert_eq!(state.free_balance(&acct(ALICE)), alice_before - lock);
    assert_eq!(state.total_issuance, issuance_before - (lock - TAO));
    assert_eq!(state.total_recycled, lock - TAO);
    assert_eq!(state.network_last_lock_cost, lock);
    assert_eq!(state.network_last_registered_block, 1_000);
    assert_conserved(&state);
}

#[test]
fn registration_with_identity_and_through_the_runtime_with_fees() {
    let mut runtime = Runtime::new(dev_state());
    let identity = SubnetIdentity {
        subnet_name: b"apex".to_vec(),
        github_repo: b"https://example.invalid/apex".to_vec(),
        ..SubnetIdentity::default()
    };
    let call = RuntimeCall::Subtensor(SubtensorCall::RegisterNetworkWithIdentity {
        hotkey: acct(11),
        identity: Some(identity.clone()),
    });
    let applied = runtime.apply_extrinsic(acct(BOB), call, 120).unwrap();
    assert_eq!(applied.result, Ok(()));
    assert!(applied.fee > 0);
    assert_eq!(
        &applied.events[..2],
        &[
            Event::SubnetIdentitySet(NetUid(1)),
            Event::NetworkAdded(NetUid(1), 1)
        ]
    );
    let state = &runtime.state;
    assert_eq!(state.subnet(NetUid(1)).unwrap().identity, Some(identity));
    assert_conserved(state);

    // An identity field that is too long is refused before anything is written.
    let mut state = runtime.state.clone();
    let bad = SubnetIdentity {
        subnet_name: vec![b'x'; 257],
        ..SubnetIdentity::default()
    };
    assert_rejected(
        &mut state,
        Origin::Signed(acct(CHARLIE)),
        RuntimeCall::Subtensor(SubtensorCall::RegisterNetworkWithIdentity {
            hotkey: acct(12),
            identity: Some(bad),
        }),
        Error::InvalidIdentity,
    );
}

#[test]
fn registration_rejections_leave_state_unchanged() {
    let mut state = dev_state();
    register(&mut state, ALICE, 11).unwrap();
    // Hotkey owned by someone else.
    assert_rejected(
        &mut state,
        Origin::Signed(acct(BOB)),
        register_call(acct(11)),
        Error::NonAssociatedColdKey,
    );
    // Root origin.
    assert_rejected(
        &mut state,
        Origin::Root,
        register_call(acct(12)),
        Error::BadOrigin,
    );
    // Cannot afford: a poor coldkey (lock 2 TAO, balance 2 TAO cannot stay alive).
    state.deposit(&acct(40), 2 * TAO).unwrap();
    state.total_issuance += 2 * TAO;
    assert_eq!(network_lock_cost(&state), 2 * TAO);
    assert_rejected(
        &mut state,
        Origin::Signed(acct(40)),
        register_call(acct(41)),
        Error::CannotAffordLockCost,
    );
    // Enough plus the existential deposit: accepted.
    state.deposit(&acct(40), 500).unwrap();
    state.total_issuance += 500;
    register(&mut state, 40, 41).unwrap();
    assert_eq!(state.free_balance(&acct(40)), 500);
    // The owner may register a second subnet with the same hotkey.
    register(&mut state, ALICE, 11).unwrap();
    assert_eq!(state.user_netuids(), vec![NetUid(1), NetUid(2), NetUid(3)]);
    assert_conserved(&state);
}

#[test]
fn network_rate_limit() {
    let mut state = GenesisConfig::dev(&[acct(ALICE), acct(BOB)])
        .set_param("network_rate_limit", 100_u64)
        .build()
        .unwrap();
    state.block = 10;
    // Never registered: passes.
    register(&mut state, ALICE, 11).unwrap();
    state.block = 109;
    assert_rejected(
        &mut state,
        Origin::Signed(acct(BOB)),
        register_call(acct(12)),
        Error::NetworkTxRateLimitExceeded,
    );
    state.block = 110;
    register(&mut state, BOB, 12).unwrap();
    assert_conserved(&state);
}

#[test]
fn lowest_free_netuid_is_reused_after_dissolve() {
    let mut state = dev_state();
    for (cold, hot) in [(ALICE, 11), (BOB, 12), (CHARLIE, 13)] {
        register(&mut state, cold, hot).unwrap();
    }
    assert_eq!(state.user_netuids(), vec![NetUid(1), NetUid(2), NetUid(3)]);
    let issuance_before = state.total_issuance;
    let events = sudo_dissolve(&mut state, acct(BOB), 2);
    assert_eq!(
        events,
        vec![
            Event::SubnetLiquidated(NetUid(2), 0),
            Event::NetworkRemoved(NetUid(2)),
            Event::Sudid {
                sudo_result: Ok(())
            }
        ]
    );
    // No stakers: the whole pool (1 TAO, all protocol alpha) is recycled.
    assert_eq!(state.total_issuance, issuance_before - TAO);
    assert_eq!(state.user_netuids(), vec![NetUid(1), NetUid(3)]);
    assert_conserved(&state);
    register(&mut state, CHARLIE, 14).unwrap();
    assert_eq!(state.subnet(NetUid(2)).unwrap().owner_hotkey, acct(14));
    register(&mut state, CHARLIE, 15).unwrap();
    assert_eq!(
        state.user_netuids(),
        vec![NetUid(1), NetUid(2), NetUid(3), NetUid(4)]
    );
    assert_conserved(&state);
}

#[test]
fn dissolve_rejections() {
    let mut state = dev_state();
    register(&mut state, BOB, 12).unwrap();
    let call = |coldkey: u8, netuid: u16| {
        RuntimeCall::Subtensor(SubtensorCall::DissolveNetwork {
            coldkey: acct(coldkey),
            netuid: NetUid(netuid),
        })
    };
    assert_rejected(
        &mut state,
        Origin::Signed(acct(BOB)),
        call(BOB, 1),
        Error::BadOrigin,
    );
    assert_rejected(
        &mut state,
        Origin::Root,
        call(ALICE, 1),
        Error::NotSubnetOwner,
    );
    assert_rejected(
        &mut state,
        Origin::Root,
        call(BOB, 7),
        Error::SubnetNotExists,
    );
    assert_rejected(&mut state, Origin::Root, call(0, 0), Error::SubnetNotExists);
    // A non-sudo signer cannot reach it through sudo either.
    let sudo = RuntimeCall::Sudo(SudoCall::Sudo {
        call: Box::new(call(BOB, 1)),
    });
    assert_rejected(
        &mut state,
        Origin::Signed(acct(BOB)),
        sudo,
        Error::RequireSudo,
    );
}

// ---- subnet limit, pruning, liquidation -------------------------------------------------------

/// Two subnets at the limit of 2: netuid 1 (Bob) with the V15 pool and stakers, netuid 2
/// (Charlie) with a default pool; immunity 100 blocks.
fn v15_state() -> State {
    let config = GenesisConfig::dev(&[acct(ALICE), acct(BOB), acct(CHARLIE)])
        .set_param("subnet_limit", 2_u16)
        .set_param("network_immunity_period", 100_u64)
        .subnet(
            GenesisSubnet::new(acct(BOB), acct(12))
                .netuid(1)
                .pool(1_000 * TAO, TAO)
                .started(),
        )
        .subnet(
            GenesisSubnet::new(acct(CHARLIE), acct(13))
                .netuid(2)
                .started(),
        )
        .stake(acct(21), acct(31), 1, 333 * TAO)
        .stake(acct(22), acct(31), 1, 333 * TAO)
        .stake(acct(23), acct(32), 1, 333 * TAO);
    let mut state = config.build().unwrap();
    state.subnets.get_mut(&NetUid(1)).unwrap().moving_price = I96F32::from_num(0.25);
    state.subnets.get_mut(&NetUid(2)).unwrap().moving_price = I96F32::from_num(0.5);
    state
}

#[test]
fn v15_liquidation_plan() {
    let state = v15_state();
    let plan = plan_liquidation(&state, NetUid(1)).unwrap();
    assert_eq!(plan.pot_rao, 1_000 * TAO);
    assert_eq!(plan.paid_rao, 999 * TAO);
    assert_eq!(plan.recycled_rao, TAO);
    for staker in [21, 22, 23] {
        assert_eq!(plan.payouts.get(&acct(staker)), Some(&(333 * TAO)));
    }
}

#[test]
fn subnet_limit_prunes_lowest_moving_price_and_liquidates() {
    let mut state = v15_state();
    assert_conserved(&state);
    // Both subnets are immune until block 100.
    state.block = 99;
    assert_rejected(
        &mut state,
        Origin::Signed(acct(ALICE)),
        register_call(acct(11)),
        Error::SubnetLimitReached,
    );
    state.block = 100;
    let issuance_before = state.total_issuance;
    let alice_before = state.free_balance(&acct(ALICE));
    let lock = network_lock_cost(&state);
    let events = register(&mut state, ALICE, 11).unwrap();
    assert_eq!(
        events,
        vec![
            Event::SubnetLiquidated(NetUid(1), 999 * TAO),
            Event::NetworkRemoved(NetUid(1)),
            Event::NetworkAdded(NetUid(1), 1),
        ]
    );
    for staker in [21, 22, 23] {
        assert_eq!(state.free_balance(&acct(staker)), 333 * TAO);
    }
    // Protocol share (1 TAO) and the lock above the pool are recycled.
    assert_eq!(state.total_issuance, issuance_before - TAO - (lock - TAO));
    assert_eq!(state.free_balance(&acct(ALICE)), alice_before - lock);
    // The netuid is reused for the new subnet, with nothing left of the old one.
    let subnet = state.subnet(NetUid(1)).unwrap();
    assert_eq!(subnet.owner_coldkey, acct(ALICE));
    assert_eq!(
        (subnet.tao_reserve, subnet.alpha_in, subnet.alpha_out),
        (TAO, TAO, 0)
    );
    assert_eq!(subnet.n(), 1);
    assert!(state.stake.keys().all(|(_, netuid)| *netuid != NetUid(1)));
    assert_eq!(state.user_netuids(), vec![NetUid(1), NetUid(2)]);
    assert_conserved(&state);
}

#[test]
fn pruning_ties_go_to_the_earliest_registration() {
    let mut state = GenesisConfig::dev(&[acct(ALICE), acct(BOB), acct(CHARLIE)])
        .set_param("subnet_limit", 2_u16)
        .set_param("network_immunity_period", 10_u64)
        .build()
        .unwrap();
    state.block = 5;
    register(&mut state, BOB, 12).unwrap(); // netuid 1 at block 5
    state.block = 3;
    register(&mut state, CHARLIE, 13).unwrap(); // netuid 2 at block 3 (earlier)
    state.block = 20;
    assert_eq!(subnets::network_to_prune(&state), Some(NetUid(2)));
    register(&mut state, ALICE, 11).unwrap();
    assert_eq!(state.subnet(NetUid(2)).unwrap().owner_coldkey, acct(ALICE));
    assert_eq!(state.subnet(NetUid(1)).unwrap().owner_coldkey, acct(BOB));
    assert_conserved(&state);
}

#[test]
fn immunity_blocks_pruning_of_any_subnet() {
    let mut state = GenesisConfig::dev(&[acct(ALICE), acct(BOB), acct(CHARLIE)])
        .set_param("subnet_limit", 2_u16)
        .set_param("network_immunity_period", 1_000_u64)
        .build()
        .unwrap();
    state.block = 10;
    register(&mut state, BOB, 12).unwrap();
    state.block = 500;
    register(&mut state, CHARLIE, 13).unwrap();
    state.block = 1_009;
    assert_rejected(
        &mut state,
        Origin::Signed(acct(ALICE)),
        register_call(acct(11)),
        Error::SubnetLimitReached,
    );
    // Netuid 1 leaves immunity at block 1 010; netuid 2 is still immune.
    state.block = 1_010;
    assert_eq!(subnets::network_to_prune(&state), Some(NetUid(1)));
    // The limit is checked before the lock: a coldkey that cannot pay gets CannotAffordLockCost
    // only once a victim exists, and the victim survives the refused call.
    assert_rejected(
        &mut state,
        Origin::Signed(acct(77)),
        register_call(acct(78)),
        Error::CannotAffordLockCost,
    );
    register(&mut state, ALICE, 11).unwrap();
    assert_eq!(state.subnet(NetUid(1)).unwrap().owner_coldkey, acct(ALICE));
    assert_conserved(&state);
}

#[test]
fn largest_remainder_and_protocol_share() {
    // pot 10 rao, three equal stakers, no protocol alpha: 3 each, one leftover rao to the
    // first in (hotkey, coldkey) order.
    let mut state = GenesisConfig::new()
        .balance(acct(BOB), 10 * TAO)
        .subnet(
            GenesisSubnet::new(acct(BOB), acct(12))
                .netuid(1)
                .pool(10, 1),
        )
        .stake(acct(21), acct(31), 1, 5)
        .stake(acct(22), acct(31), 1, 5)
        .stake(acct(23), acct(32), 1, 5)
        .build()
        .unwrap();
    state.subnets.get_mut(&NetUid(1)).unwrap().alpha_in = 0;
    let plan = plan_liquidation(&state, NetUid(1)).unwrap();
    assert_eq!(plan.payouts.get(&acct(21)), Some(&4));
    assert_eq!(plan.payouts.get(&acct(22)), Some(&3));
    assert_eq!(plan.payouts.get(&acct(23)), Some(&3));
    assert_eq!((plan.paid_rao, plan.recycled_rao), (10, 0));

    // pot 100, stakers 1, 1, protocol 1: 33 each (Σ remainders 2 < 3 ⇒ no leftover), protocol
    // keeps 34.
    let mut state = GenesisConfig::new()
        .balance(acct(BOB), 10 * TAO)
        .subnet(
            GenesisSubnet::new(acct(BOB), acct(12))
                .netuid(1)
                .pool(100, 1),
        )
        .stake(acct(21), acct(31), 1, 1)
        .stake(acct(22), acct(32), 1, 1)
        .build()
        .unwrap();
    let plan = plan_liquidation(&state, NetUid(1)).unwrap();
    assert_eq!(plan.payouts.get(&acct(21)), Some(&33));
    assert_eq!(plan.payouts.get(&acct(22)), Some(&33));
    assert_eq!((plan.paid_rao, plan.recycled_rao), (66, 34));

    // pot 100, stakers 2 and 2, protocol 3 (Σ = 7): 28.57… each, Σ remainders 8 ≥ 7 ⇒ one
    // leftover rao to the larger remainder (equal ⇒ first).
    state.subnets.get_mut(&NetUid(1)).unwrap().alpha_in = 3;
    state.subnets.get_mut(&NetUid(1)).unwrap().alpha_out = 4;
    state.stake.clear();
    state
        .credit_stake(&acct(31), &acct(21), NetUid(1), 2)
        .unwrap();
    state
        .credit_stake(&acct(32), &acct(22), NetUid(1), 2)
        .unwrap();
    let plan = plan_liquidation(&state, NetUid(1)).unwrap();
    assert_eq!(plan.payouts.get(&acct(21)), Some(&29));
    assert_eq!(plan.payouts.get(&acct(22)), Some(&28));
    assert_eq!((plan.paid_rao, plan.recycled_rao), (57, 43));
}

#[test]
fn pending_root_dividends_are_recycled_on_dissolve() {
    let mut state = v15_state();
    // Pending root dividends are TAO outside the pool; moving them from balances keeps the
    // books balanced for this test.
    state.withdraw(&acct(CHARLIE), 5 * TAO, true).unwrap();
    state
        .subnets
        .get_mut(&NetUid(1))
        .unwrap()
        .pending
        .root_divs_tao = 5 * TAO;
    assert_conserved(&state);
    let before = state.total_issuance;
    sudo_dissolve(&mut state, acct(BOB), 1);
    assert_eq!(state.total_issuance, before - TAO - 5 * TAO);
    assert_conserved(&state);
}

// ---- start_call and identity ------------------------------------------------------------------

#[test]
fn start_call_rules() {
    let mut state = GenesisConfig::dev(&[acct(ALICE), acct(BOB)])
        .set_param("start_call_delay", 50_u64)
        .build()
        .unwrap();
    state.block = 10;
    register(&mut state, BOB, 12).unwrap();
    let start = RuntimeCall::Subtensor(SubtensorCall::StartCall { netuid: NetUid(1) });
    assert_rejected(
        &mut state,
        Origin::Signed(acct(ALICE)),
        start.clone(),
        Error::NotSubnetOwner,
    );
    assert_rejected(&mut state, Origin::Root, start.clone(), Error::BadOrigin);
    assert_rejected(
        &mut state,
        Origin::Signed(acct(BOB)),
        RuntimeCall::Subtensor(SubtensorCall::StartCall { netuid: NetUid(9) }),
        Error::SubnetNotExists,
    );
    state.block = 59;
    assert_rejected(
        &mut state,
        Origin::Signed(acct(BOB)),
        start.clone(),
        Error::NeedWaitingMoreBlocksToStarCall,
    );
    state.block = 60;
    let mut events = Vec::new();
    dispatch(
        &mut state,
        Origin::Signed(acct(BOB)),
        start.clone(),
        &mut events,
    )
    .unwrap();
    assert_eq!(
        events,
        vec![Event::FirstEmissionBlockNumberSet(NetUid(1), 61)]
    );
    let subnet = state.subnet(NetUid(1)).unwrap();
    assert_eq!(subnet.first_emission_block, Some(61));
    assert!(subnet.subtoken_enabled);
    state.block = 100;
    assert_rejected(
        &mut state,
        Origin::Signed(acct(BOB)),
        start,
        Error::FirstEmissionBlockNumberAlreadySet,
    );
}

#[test]
fn set_subnet_identity_rules() {
    let mut state = dev_state();
    register(&mut state, BOB, 12).unwrap();
    let identity = SubnetIdentity {
        subnet_name: b"beta".to_vec(),
        discord: b"beta#1".to_vec(),
        ..SubnetIdentity::default()
    };
    let call = |identity: SubnetIdentity| {
        RuntimeCall::Subtensor(SubtensorCall::SetSubnetIdentity {
            netuid: NetUid(1),
            identity,
        })
    };
    assert_rejected(
        &mut state,
        Origin::Signed(acct(ALICE)),
        call(identity.clone()),
        Error::NotSubnetOwner,
    );
    let too_long = SubnetIdentity {
        description: vec![b'd'; 1_025],
        ..SubnetIdentity::default()
    };
    assert_rejected(
        &mut state,
        Origin::Signed(acct(BOB)),
        call(too_long),
        Error::InvalidIdentity,
    );
    let mut events = Vec::new();
    dispatch(
        &mut state,
        Origin::Signed(acct(BOB)),
        call(identity.clone()),
        &mut events,
    )
    .unwrap();
    assert_eq!(events, vec![Event::SubnetIdentitySet(NetUid(1))]);
    assert_eq!(state.subnet(NetUid(1)).unwrap().identity, Some(identity));
}

// ---- genesis ----------------------------------------------------------------------------------

#[test]
fn dev_preset() {
    let accounts = [acct(ALICE), acct(BOB), acct(CHARLIE)];
    let state = GenesisConfig::dev(&accounts).build().unwrap();
    for account in &accounts {
        assert_eq!(state.free_balance(account), 1_000_000 * TAO);
    }
    assert_eq!(state.sudo_key, Some(acct(ALICE)));
    assert_eq!(state.total_issuance, 3_000_000 * TAO);
    assert_eq!(state.params.network_min_lock_cost, TAO);
    assert_eq!(state.params.network_rate_limit, 0);
    assert_eq!(state.params.new_subnet_hyperparams.min_burn, 500_000);
    assert_eq!(state.params.new_subnet_hyperparams.burn, 500_000);
    assert_eq!(state.params.new_subnet_hyperparams.tempo, 360);
    assert_eq!(state.user_netuids(), Vec::<NetUid>::new());
    assert_conserved(&state);

    let mut state = GenesisConfig::dev_with_tempo(&accounts, 10)
        .build()
        .unwrap();
    state.block = 7;
    register(&mut state, BOB, 12).unwrap();
    register(&mut state, BOB, 12).unwrap();
    let subnet = state.subnet(NetUid(2)).unwrap();
    assert_eq!(subnet.hyperparams.tempo, 10);
    assert_eq!(subnet.last_epoch_block, 5);
    assert!(GenesisConfig::dev(&[]).build().unwrap().sudo_key.is_none());
}

#[test]
fn genesis_with_subnets_and_stakes_is_conserved() {
    let identity = SubnetIdentity {
        subnet_name: b"one".to_vec(),
        ..SubnetIdentity::default()
    };
    let state = GenesisConfig::new()
        .balance(acct(ALICE), 100 * TAO)
        .balance(acct(BOB), 50 * TAO)
        .sudo(acct(ALICE))
        .set_param("new_subnet_hyperparams.tempo", 99_u16)
        .subnet(
            GenesisSubnet::new(acct(BOB), acct(12))
                .lock(7 * TAO)
                .started()
                .tempo(20)
                .set("commit_reveal_weights_enabled", true)
                .identity(identity.clone()),
        )
        .subnet(
            GenesisSubnet::new(acct(ALICE), acct(11))
                .netuid(1)
                .pool(40 * TAO, 20 * TAO),
        )
        .stake(acct(ALICE), acct(11), 1, 5 * TAO)
        .stake(acct(CHARLIE), acct(13), 0, 9 * TAO)
        .stake(acct(BOB), acct(11), 2, 3 * TAO)
        .build()
        .unwrap();
    // Explicit netuid 1 is reserved first; the other subnet takes 2.
    let one = state.subnet(NetUid(1)).unwrap();
    assert_eq!(one.owner_coldkey, acct(ALICE));
    assert_eq!(
        (one.tao_reserve, one.alpha_in, one.alpha_out),
        (40 * TAO, 20 * TAO, 5 * TAO)
    );
    assert_eq!(one.hyperparams.tempo, 99);
    assert_eq!(one.first_emission_block, None);
    let two = state.subnet(NetUid(2)).unwrap();
    assert_eq!(two.owner_coldkey, acct(BOB));
    assert_eq!(
        (two.tao_reserve, two.alpha_in, two.alpha_out),
        (TAO, TAO, 3 * TAO)
    );
    assert_eq!(two.locked, 7 * TAO);
    assert_eq!(two.hyperparams.tempo, 20);
    assert!(two.hyperparams.commit_reveal_weights_enabled);
    assert_eq!(two.first_emission_block, Some(1));
    assert!(two.subtoken_enabled);
    assert_eq!(two.identity, Some(identity));
    assert_eq!(two.neurons[0].hotkey, acct(12));
    let root = state.subnet(NetUid::ROOT).unwrap();
    assert_eq!((root.tao_reserve, root.alpha_out), (9 * TAO, 9 * TAO));
    assert_eq!(
        state.stake_of(&acct(13), &acct(CHARLIE), NetUid::ROOT),
        9 * TAO
    );
    assert_eq!(state.stake_of(&acct(11), &acct(BOB), NetUid(2)), 3 * TAO);
    // Unowned staked hotkeys become the staking coldkey's.
    assert_eq!(state.owner_of(&acct(13)), Some(acct(CHARLIE)));
    assert_eq!(state.owner_of(&acct(11)), Some(acct(ALICE)));
    assert_eq!(state.total_issuance, 150 * TAO + 40 * TAO + TAO + 9 * TAO);
    assert_eq!(state.network_last_lock_cost, TAO);
    assert_eq!(state.total_recycled, 0);
    assert_conserved(&state);
}

#[test]
fn genesis_validation_errors() {
    let base = || GenesisConfig::new().balance(acct(ALICE), TAO);
    assert_eq!(
        base().balance(acct(ALICE), TAO).build(),
        Err(GenesisError::DuplicateAccount(acct(ALICE)))
    );
    assert_eq!(
        base().balance(acct(BOB), 499).build(),
        Err(GenesisError::BelowExistentialDeposit {
            account: acct(BOB),
            amount: 499,
            existential_deposit: 500
        })
    );
    assert_eq!(
        base().balance(acct(BOB), u64::MAX).build(),
        Err(GenesisError::IssuanceOverflow)
    );
    assert_eq!(
        GenesisConfig::new()
            .balance(acct(ALICE), u64::MAX - 10)
            .subnet(GenesisSubnet::new(acct(ALICE), acct(11)))
            .build(),
        Err(GenesisError::IssuanceOverflow)
    );
    assert_eq!(
        base()
            .subnet(GenesisSubnet::new(acct(ALICE), acct(11)).netuid(0))
            .build(),
        Err(GenesisError::RootNetuid)
    );
    assert_eq!(
        base()
            .subnet(GenesisSubnet::new(acct(ALICE), acct(11)).netuid(3))
            .subnet(GenesisSubnet::new(acct(BOB), acct(12)).netuid(3))
            .build(),
        Err(GenesisError::DuplicateNetuid(NetUid(3)))
    );
    assert_eq!(
        base()
            .set_param("subnet_limit", 1_u16)
            .subnet(GenesisSubnet::new(acct(ALICE), acct(11)))
            .subnet(GenesisSubnet::new(acct(BOB), acct(12)))
            .build(),
        Err(GenesisError::TooManySubnets { count: 2, limit: 1 })
    );
    assert_eq!(
        base()
            .subnet(GenesisSubnet::new(acct(ALICE), acct(11)))
            .subnet(GenesisSubnet::new(acct(BOB), acct(11)))
            .build(),
        Err(GenesisError::HotkeyOwnedByOther {
            hotkey: acct(11),
            owner: acct(ALICE)
        })
    );
    assert_eq!(
        base()
            .subnet(GenesisSubnet::new(acct(ALICE), acct(11)).pool(TAO, 0))
            .build(),
        Err(GenesisError::InvalidPool(NetUid(1)))
    );
    assert_eq!(
        base()
            .subnet(
                GenesisSubnet::new(acct(ALICE), acct(11)).identity(SubnetIdentity {
                    discord: vec![0; 300],
                    ..SubnetIdentity::default()
                })
            )
            .build(),
        Err(GenesisError::InvalidIdentity(NetUid(1)))
    );
    assert_eq!(
        base().stake(acct(ALICE), acct(11), 4, TAO).build(),
        Err(GenesisError::UnknownSubnet(NetUid(4)))
    );
    assert_eq!(
        base().stake(acct(ALICE), acct(11), 0, 0).build(),
        Err(GenesisError::ZeroStake {
            coldkey: acct(ALICE),
            hotkey: acct(11)
        })
    );
    assert_eq!(
        base().set_param("tempo", 10_u16).build(),
        Err(GenesisError::UnknownParameter("tempo".into()))
    );
    assert_eq!(
        base()
            .subnet(GenesisSubnet::new(acct(ALICE), acct(11)).set("tempo", true))
            .build(),
        Err(GenesisError::InvalidParameter {
            name: "tempo".into(),
            reason: "expected an integer".into()
        })
    );
    assert_eq!(
        base()
            .subnet(GenesisSubnet::new(acct(ALICE), acct(11)).set("max_allowed_uids", 0_u16))
            .build(),
        Err(GenesisError::InvalidParameter {
            name: "max_allowed_uids".into(),
            reason: "must hold the owner's uid 0".into()
        })
    );
    assert!(base()
        .set_param("network_min_lock_cost", ParamValue::Text("lots".into()))
        .build()
        .is_err());
}

fn hex(seed: u8) -> String {
    format!("0x{}", format!("{seed:02x}").repeat(32))
}

#[test]
fn genesis_from_json() {
    let text = format!(
        r#"{{
          "sudo": "{alice}",
          "balances": [["{alice}", "1000 TAO"], {{"account": "{bob}", "free": 5000000000}}],
          "params": {{
            "subnet_limit": 8,
            "network_rate_limit": 0,
            "subnet_moving_alpha": "0.000003",
            "new_subnet_hyperparams": {{ "tempo": 12, "min_burn": "0.0005 TAO" }}
          }},
          "subnets": [{{
            "owner_coldkey": "{bob}", "owner_hotkey": "{bob_hot}",
            "lock": "2 TAO", "pool": {{"tao": "10 TAO", "alpha": "20 TAO"}},
            "start_call": true,
            "hyperparams": {{ "kappa": 30000, "alpha_values": [40000, 50000],
                              "recycle_or_burn": "recycle", "yuma3_on": false }},
            "identity": {{ "subnet_name": "json net" }}
          }}],
          "stakes": [{{"coldkey": "{alice}", "hotkey": "{bob_hot}", "netuid": 1, "amount": 777}}]
        }}"#,
        alice = hex(ALICE),
        bob = hex(BOB),
        bob_hot = hex(12)
    );
    let config = GenesisConfig::from_json_str(&text).unwrap();
    let state = config.build().unwrap();
    assert_eq!(state.sudo_key, Some(acct(ALICE)));
    assert_eq!(state.free_balance(&acct(ALICE)), 1_000 * TAO);
    assert_eq!(state.free_balance(&acct(BOB)), 5 * TAO);
    assert_eq!(state.params.subnet_limit, 8);
    assert_eq!(state.params.subnet_moving_alpha.0, 3_000);
    assert_eq!(state.params.new_subnet_hyperparams.tempo, 12);
    let subnet = state.subnet(NetUid(1)).unwrap();
    assert_eq!((subnet.tao_reserve, subnet.alpha_in), (10 * TAO, 20 * TAO));
    assert_eq!(subnet.locked, 2 * TAO);
    assert_eq!(subnet.hyperparams.tempo, 12);
    assert_eq!(subnet.hyperparams.min_burn, 500_000);
    assert_eq!(subnet.hyperparams.kappa, 30_000);
    assert_eq!(subnet.hyperparams.alpha_values, (40_000, 50_000));
    assert!(!subnet.hyperparams.yuma3_on);
    assert!(subnet.subtoken_enabled);
    assert_eq!(
        subnet.identity.as_ref().unwrap().subnet_name,
        b"json net".to_vec()
    );
    assert_eq!(state.stake_of(&acct(12), &acct(ALICE), NetUid(1)), 777);
    assert_conserved(&state);
}

#[test]
fn genesis_json_errors_name_the_place() {
    let err = |text: &str| GenesisConfig::from_json_str(text).unwrap_err().to_string();
    assert!(err("{").starts_with("genesis JSON: "));
    assert_eq!(
        err(r#"{"balance": []}"#),
        "genesis JSON: unknown key `balance` (expected one of: sudo, balances, params, subnets, stakes)"
    );
    assert_eq!(
        err(r#"{"balances": [["0x12", 5]]}"#),
        "genesis JSON at `balances[0][0]`: expected a 32-byte account as 64 hex digits (0x…)"
    );
    let alice = hex(ALICE);
    assert_eq!(
        err(&format!(r#"{{"balances": [["{alice}", -5]]}}"#)),
        "genesis JSON at `balances[0][1]`: expected a whole non-negative number of rao"
    );
    assert_eq!(
        err(&format!(
            r#"{{"subnets": [{{"owner_coldkey": "{alice}"}}]}}"#
        )),
        "genesis JSON at `subnets[0]`: missing key `owner_hotkey`"
    );
    assert_eq!(
        err(&format!(
            r#"{{"subnets": [{{"owner_coldkey": "{alice}", "owner_hotkey": "{alice}", "netuid": 70000}}]}}"#
        )),
        "genesis JSON at `subnets[0].netuid`: expected an integer in 0..=65535"
    );
    assert_eq!(
        err(r#"{"params": {"subnet_limit": 1.5}}"#),
        "genesis JSON at `params.subnet_limit`: expected an integer"
    );
    // Unknown parameter names are reported by build.
    let config =
        GenesisConfig::from_json_str(r#"{"params": {"new_subnet_hyperparams": {"tempoo": 1}}}"#)
            .unwrap();
    assert_eq!(
        config.build().unwrap_err().to_string(),
        "unknown parameter `tempoo`"
    );
}
