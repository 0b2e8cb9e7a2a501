//! Scenario tests of neuron registration, pruning, the registration price and serving
//! (yuma-spec §7, dtao-spec §10.6, §11).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use dtao_primitives::{AccountId, AlphaRao, NetUid, TaoRao};
use dtao_runtime::dispatch::{dispatch, Origin};
use dtao_runtime::hyperparams::NetworkParams;
use dtao_runtime::neurons::{self, decay_burns};
use dtao_runtime::state::{AxonInfo, PrometheusInfo, Subnet};
use dtao_runtime::units::Perbill64;
use dtao_runtime::{Error, Event, RuntimeCall, State, SubtensorCall};

const NET: NetUid = NetUid(1);
const TAO: u64 = 1_000_000_000;

fn acct(seed: u8) -> AccountId {
    AccountId::from_seed_byte(seed)
}

fn owner_cold() -> AccountId {
    acct(200)
}

fn owner_hot() -> AccountId {
    acct(201)
}

/// A chain with subnet 1 (pool 100 TAO / 100 alpha, owner stake 50 alpha outside the pool) and
/// funded coldkeys 1..=20 (1 000 TAO each). Block 10.
fn setup() -> State {
    let mut state = State::new(NetworkParams::default());
    state.block = 10;
    let mut subnet = Subnet::new(NET, owner_cold(), owner_hot(), 1);
    subnet.tao_reserve = 100 * TAO;
    subnet.alpha_in = 100 * TAO;
    subnet.alpha_out = 50 * TAO;
    subnet.subtoken_enabled = true;
    state.subnets.insert(NET, subnet);
    state.associate_hotkey(&owner_cold(), &owner_hot()).unwrap();
    state
        .credit_stake(&owner_hot(), &owner_cold(), NET, 50 * TAO)
        .unwrap();
    state.total_stake = 100 * TAO;
    for seed in 1..=20 {
        state.deposit(&acct(seed), 1_000 * TAO).unwrap();
    }
    state.total_issuance = state.balances_issuance + 100 * TAO;
    assert_conserved(&state);
    state
}

/// The PREAMBLE conservation equalities.
fn assert_conserved(state: &State) {
    let reserves: u64 = state.subnets.values().map(|s| s.tao_reserve).sum();
    let root_divs: u64 = state
        .subnets
        .values()
        .map(|s| s.pending.root_divs_tao)
        .sum();
    assert_eq!(
        state.total_issuance,
        state.balances_issuance + reserves + root_divs,
        "TAO conservation"
    );
    for (netuid, subnet) in &state.subnets {
        if netuid.is_root() {
            continue;
        }
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
            "alpha conservation on {netuid}"
        );
    }
}

fn register(state: &mut State, coldkey: AccountId, hotkey: AccountId) -> Result<u16, Error> {
    neurons::burned_register(state, coldkey, NET, hotkey, &mut Vec::new())
}

fn call(state: &mut State, who: AccountId, call: SubtensorCall) -> Result<Vec<Event>, Error> {
    let mut events = Vec::new();
    dispatch(
        state,
        Origin::Signed(who),
        RuntimeCall::Subtensor(call),
        &mut events,
    )?;
    Ok(events)
}

/// Assert `f` fails with `expected` and leaves the state exactly as it was.
fn assert_rejected(
    state: &mut State,
    expected: Error,
    f: impl FnOnce(&mut State) -> Result<(), Error>,
) {
    let before = state.clone();
    assert_eq!(f(state), Err(expected));
    assert_eq!(*state, before);
}

// ---- burned registration ----------------------------------------------------------------------

#[test]
fn registration_happy_path() {
    let mut state = setup();
    let (cold, hot) = (acct(1), acct(101));
    let before = state.clone();
    let burn = before.subnets[&NET].hyperparams.burn;
    assert_eq!(burn, TAO);
    let fee = state.params.staking_fee;
    let expected_alpha = dtao_swap::Pool::dynamic(TaoRao(100 * TAO), AlphaRao(100 * TAO))
        .swap_tao_for_alpha(
            TaoRao(burn - fee),
            dtao_swap::DEFAULT_MINIMUM_POOL_LIQUIDITY,
        )
        .unwrap()
        .amount_out
        .rao();
    assert!(expected_alpha > 0);

    let events = call(
        &mut state,
        cold,
        SubtensorCall::BurnedRegister {
            netuid: NET,
            hotkey: hot,
        },
    )
    .unwrap();
    assert_eq!(events, vec![Event::NeuronRegistered(NET, 0, hot)]);

    let subnet = &state.subnets[&NET];
    assert_eq!(state.free_balance(&cold), 1_000 * TAO - burn);
    assert_eq!(subnet.tao_reserve, 100 * TAO + burn);
    assert_eq!(subnet.alpha_in, 100 * TAO - expected_alpha);
    assert_eq!(subnet.alpha_out, before.subnets[&NET].alpha_out);
    assert_eq!(state.total_stake, before.total_stake + burn);
    assert_eq!(state.total_issuance, before.total_issuance);
    assert_eq!(subnet.rao_recycled_for_registration, burn);
    assert_eq!(subnet.registrations_this_block, 1);
    assert_eq!(subnet.hyperparams.burn, 1_260_000_000);
    assert_eq!(subnet.volume, u128::from(burn - fee));
    assert_eq!(state.owner_of(&hot), Some(cold));
    assert_eq!(subnet.uids.get(&hot), Some(&0));
    let neuron = &subnet.neurons[0];
    assert_eq!(neuron.hotkey, hot);
    assert_eq!(neuron.block_at_registration, 10);
    assert_eq!(neuron.last_update, 10);
    assert!(neuron.active);
    assert!(!neuron.validator_permit);
    assert_conserved(&state);

    // A second registration in the same block pays the bumped price and appends uid 1.
    assert_eq!(register(&mut state, acct(2), acct(102)), Ok(1));
    assert_eq!(state.free_balance(&acct(2)), 1_000 * TAO - 1_260_000_000);
    let subnet = &state.subnets[&NET];
    assert_eq!(subnet.hyperparams.burn, 1_587_600_000);
    assert_eq!(subnet.registrations_this_block, 2);
    assert_eq!(subnet.rao_recycled_for_registration, burn + 1_260_000_000);
    assert_conserved(&state);

    // The next block resets the counter and decays the price.
    state.block += 1;
    decay_burns(&mut state);
    let subnet = &state.subnets[&NET];
    assert_eq!(subnet.registrations_this_block, 0);
    assert!(subnet.hyperparams.burn < 1_587_600_000);
}

#[test]
fn register_call_ignores_pow_and_coldkey_arguments() {
    let mut state = setup();
    let events = call(
        &mut state,
        acct(1),
        SubtensorCall::Register {
            netuid: NET,
            block_number: 999,
            nonce: 7,
            work: vec![1, 2, 3],
            hotkey: acct(101),
            coldkey: acct(55),
        },
    )
    .unwrap();
    assert_eq!(events, vec![Event::NeuronRegistered(NET, 0, acct(101))]);
    assert_eq!(state.owner_of(&acct(101)), Some(acct(1)));
    assert_eq!(state.free_balance(&acct(1)), 999 * TAO);
}

#[test]
fn registration_errors_leave_state_unchanged() {
    let mut state = setup();
    register(&mut state, acct(1), acct(101)).unwrap();

    assert_rejected(
        &mut state,
        Error::RegistrationNotPermittedOnRootSubnet,
        |s| {
            neurons::burned_register(s, acct(2), NetUid::ROOT, acct(102), &mut Vec::new())
                .map(|_| ())
        },
    );
    assert_rejected(&mut state, Error::SubnetNotExists, |s| {
        neurons::burned_register(s, acct(2), NetUid(9), acct(102), &mut Vec::new()).map(|_| ())
    });
    assert_rejected(&mut state, Error::HotKeyAlreadyRegisteredInSubNet, |s| {
        register(s, acct(1), acct(101)).map(|_| ())
    });
    // Someone else's hotkey.
    assert_rejected(&mut state, Error::NonAssociatedColdKey, |s| {
        register(s, acct(2), owner_hot()).map(|_| ())
    });
    // Unfunded coldkey, and a coldkey that could pay but not stay above the deposit.
    assert_rejected(&mut state, Error::NotEnoughBalanceToStake, |s| {
        register(s, acct(99), acct(102)).map(|_| ())
    });
    let burn = state.subnets[&NET].hyperparams.burn;
    state.deposit(&acct(98), burn).unwrap();
    state.total_issuance += burn;
    assert_rejected(&mut state, Error::NotEnoughBalanceToStake, |s| {
        register(s, acct(98), acct(102)).map(|_| ())
    });
    // The balance check comes before the ownership check.
    assert_rejected(&mut state, Error::NotEnoughBalanceToStake, |s| {
        register(s, acct(99), owner_hot()).map(|_| ())
    });

    state
        .subnets
        .get_mut(&NET)
        .unwrap()
        .hyperparams
        .registration_allowed = false;
    assert_rejected(&mut state, Error::SubNetRegistrationDisabled, |s| {
        register(s, acct(2), acct(102)).map(|_| ())
    });
    // Registration checks come before the "already registered" one.
    assert_rejected(&mut state, Error::SubNetRegistrationDisabled, |s| {
        register(s, acct(1), acct(101)).map(|_| ())
    });
    state
        .subnets
        .get_mut(&NET)
        .unwrap()
        .hyperparams
        .registration_allowed = true;

    state
        .subnets
        .get_mut(&NET)
        .unwrap()
        .hyperparams
        .max_allowed_uids = 0;
    assert_rejected(&mut state, Error::NoNeuronIdAvailable, |s| {
        register(s, acct(2), acct(102)).map(|_| ())
    });
    state
        .subnets
        .get_mut(&NET)
        .unwrap()
        .hyperparams
        .max_allowed_uids = 256;

    // A pool that cannot sell the alpha refuses the registration.
    state.subnets.get_mut(&NET).unwrap().alpha_in = 10_000_000;
    assert_rejected(&mut state, Error::InsufficientLiquidity, |s| {
        register(s, acct(2), acct(102)).map(|_| ())
    });
    assert_conserved(&state);
}

#[test]
fn burn_below_fee_goes_entirely_to_the_pool() {
    let mut state = setup();
    {
        let hp = &mut state.subnets.get_mut(&NET).unwrap().hyperparams;
        hp.min_burn = 0;
        hp.burn = 40_000;
    }
    let before = state.subnets[&NET].clone();
    register(&mut state, acct(1), acct(101)).unwrap();
    let subnet = &state.subnets[&NET];
    assert_eq!(subnet.tao_reserve, before.tao_reserve + 40_000);
    assert_eq!(subnet.alpha_in, before.alpha_in);
    assert_eq!(subnet.hyperparams.burn, 50_400);
    assert_conserved(&state);

    // A free registration needs no balance at all.
    state.subnets.get_mut(&NET).unwrap().hyperparams.burn = 0;
    assert_eq!(register(&mut state, acct(99), acct(102)), Ok(1));
    assert_eq!(state.subnets[&NET].hyperparams.burn, 0);
    assert_conserved(&state);
}

// ---- replacement and pruning (§7.3, §7.4) -------------------------------------------------------

/// Subnet 1 filled directly with `n` neurons (hotkeys 101..), registered at `blocks[i]` with
/// emission `emissions[i]`; the owner hotkey takes uid `owner_uid` if given.
fn full_subnet(blocks: &[u64], emissions: &[u64], owner_uid: Option<usize>) -> State {
    let mut state = setup();
    let n = blocks.len();
    for i in 0..n {
        let hotkey = if owner_uid == Some(i) {
            owner_hot()
        } else {
            acct(101 + i as u8)
        };
        if hotkey != owner_hot() {
            state.associate_hotkey(&acct(150), &hotkey).unwrap();
        }
        let subnet = state.subnets.get_mut(&NET).unwrap();
        let uid = neurons::append_neuron(subnet, hotkey, blocks[i]);
        subnet.neurons[usize::from(uid)].emission = emissions[i];
    }
    let hp = &mut state.subnets.get_mut(&NET).unwrap().hyperparams;
    hp.max_allowed_uids = n as u16;
    hp.immunity_period = 100;
    hp.min_non_immune_uids = 2;
    state.block = 1_000;
    state
}

#[test]
fn full_subnet_replaces_lowest_emission_non_immune() {
    // uids 0..5: blocks 10, 20, 30, 950 (immune), 960 (immune); emissions tie on 0 and 1.
    let mut state = full_subnet(&[10, 20, 30, 950, 960], &[5, 3, 3, 0, 0], None);
    state.subnets.get_mut(&NET).unwrap().neurons[0].weights = vec![(1, 100), (2, 50)];
    state.subnets.get_mut(&NET).unwrap().neurons[1].weights = vec![(0, 10)];
    state.subnets.get_mut(&NET).unwrap().neurons[1].axon = Some(AxonInfo {
        block: 5,
        ip: 1,
        port: 8091,
        ip_type: 4,
        ..AxonInfo::default()
    });
    assert_eq!(
        neurons::neuron_to_prune(&state, &state.subnets[&NET]),
        Some(1)
    );
    let uid = register(&mut state, acct(1), acct(50)).unwrap();
    assert_eq!(uid, 1, "emission 3 tie broken by earlier registration");
    let subnet = &state.subnets[&NET];
    assert_eq!(subnet.n(), 5);
    assert_eq!(subnet.neurons[1].hotkey, acct(50));
    assert_eq!(subnet.neurons[1].block_at_registration, 1_000);
    assert!(subnet.neurons[1].weights.is_empty());
    assert!(subnet.neurons[1].axon.is_none());
    assert_eq!(subnet.neurons[0].weights, vec![(1, 0), (2, 50)]);
    assert!(!subnet.uids.contains_key(&acct(102)));
    assert_eq!(subnet.uids.len(), 5);
    assert_conserved(&state);
}

#[test]
fn equal_emission_and_block_prunes_lowest_uid() {
    let state = full_subnet(&[10, 10, 10, 10], &[1, 1, 1, 1], None);
    assert_eq!(
        neurons::neuron_to_prune(&state, &state.subnets[&NET]),
        Some(0)
    );
}

#[test]
fn few_non_immune_uids_prune_an_immune_one() {
    // Two non-immune (not more than MinNonImmuneUids = 2): the immune pick is used.
    let mut state = full_subnet(&[10, 20, 950, 960, 990], &[0, 0, 7, 4, 9], None);
    assert_eq!(register(&mut state, acct(1), acct(50)), Ok(3));
    // With MinNonImmuneUids = 1 the non-immune minimum is used again.
    let mut state = full_subnet(&[10, 20, 950, 960, 990], &[0, 0, 7, 4, 9], None);
    state
        .subnets
        .get_mut(&NET)
        .unwrap()
        .hyperparams
        .min_non_immune_uids = 1;
    assert_eq!(register(&mut state, acct(1), acct(50)), Ok(0));
}

#[test]
fn no_immune_and_too_few_non_immune_refuses() {
    let mut state = full_subnet(&[10, 20], &[0, 0], None);
    assert_eq!(neurons::neuron_to_prune(&state, &state.subnets[&NET]), None);
    assert_rejected(&mut state, Error::NoNeuronIdAvailable, |s| {
        register(s, acct(1), acct(50)).map(|_| ())
    });
}

#[test]
fn owner_hotkeys_are_immortal() {
    // The owner hotkey has the lowest emission and is old: never pruned.
    let mut state = full_subnet(&[5, 10, 20, 30, 40], &[0, 1, 2, 3, 4], Some(0));
    assert_eq!(
        neurons::immune_owner_uids(&state, &state.subnets[&NET]),
        vec![0]
    );
    assert_eq!(register(&mut state, acct(1), acct(50)), Ok(1));
    assert_eq!(state.subnets[&NET].neurons[0].hotkey, owner_hot());

    // A second owner-coldkey hotkey is immortal only while ImmuneOwnerUidsLimit allows it.
    let mut state = full_subnet(&[5, 10, 20, 30, 40], &[9, 1, 2, 3, 4], Some(0));
    let owner_second = acct(102);
    state.hotkey_owner.insert(owner_second, owner_cold());
    state
        .owned_hotkeys
        .entry(owner_cold())
        .or_default()
        .push(owner_second);
    assert_eq!(
        neurons::neuron_to_prune(&state, &state.subnets[&NET]),
        Some(1)
    );
    state
        .subnets
        .get_mut(&NET)
        .unwrap()
        .hyperparams
        .immune_owner_uids_limit = 2;
    assert_eq!(
        neurons::immune_owner_uids(&state, &state.subnets[&NET]),
        vec![0, 1]
    );
    assert_eq!(
        neurons::neuron_to_prune(&state, &state.subnets[&NET]),
        Some(2)
    );
}

#[test]
fn owner_hotkey_first_then_oldest_owner_hotkeys() {
    // Owner coldkey owns uids 1 (block 10) and 3 (block 5) besides the owner hotkey at uid 4.
    let mut state = full_subnet(&[50, 10, 20, 5, 60], &[0, 0, 0, 0, 0], Some(4));
    for uid in [1_usize, 3] {
        let hotkey = state.subnets[&NET].neurons[uid].hotkey;
        state.hotkey_owner.insert(hotkey, owner_cold());
        state
            .owned_hotkeys
            .entry(owner_cold())
            .or_default()
            .push(hotkey);
    }
    let hp = &mut state.subnets.get_mut(&NET).unwrap().hyperparams;
    hp.immune_owner_uids_limit = 2;
    // Oldest two owned: uid 3 (block 5), uid 1 (block 10); the owner hotkey is inserted first
    // and the list truncated back to two.
    assert_eq!(
        neurons::immune_owner_uids(&state, &state.subnets[&NET]),
        vec![4, 3]
    );
    state
        .subnets
        .get_mut(&NET)
        .unwrap()
        .hyperparams
        .immune_owner_uids_limit = 3;
    assert_eq!(
        neurons::immune_owner_uids(&state, &state.subnets[&NET]),
        vec![3, 1, 4]
    );
}

// ---- registration price (§7.2 vectors) ------------------------------------------------------

fn set_price(state: &mut State, burn: u64, half_life: u16, mult_parts: u64, min: u64, max: u64) {
    let hp = &mut state.subnets.get_mut(&NET).unwrap().hyperparams;
    hp.burn = burn;
    hp.burn_half_life = half_life;
    hp.burn_increase_mult = Perbill64::from_parts(mult_parts);
    hp.min_burn = min;
    hp.max_burn = max;
}

fn next_block(state: &mut State) {
    state.block += 1;
    decay_burns(state);
}

fn burn(state: &State) -> u64 {
    state.subnets[&NET].hyperparams.burn
}

#[test]
fn vector_half_life_1000_mult_2() {
    let mut state = setup();
    set_price(&mut state, 1_000, 1_000, 2_000_000_000, 1, 100 * TAO);
    register(&mut state, acct(1), acct(101)).unwrap();
    assert_eq!(burn(&state), 2_000);
    next_block(&mut state);
    assert_eq!(burn(&state), 1_998);
    assert_conserved(&state);
}

#[test]
fn vector_half_life_2() {
    let mut state = setup();
    set_price(&mut state, 1_024, 2, 1_000_000_000, 1, 100 * TAO);
    next_block(&mut state);
    next_block(&mut state);
    assert_eq!(burn(&state), 511);
    next_block(&mut state);
    next_block(&mut state);
    assert_eq!(burn(&state), 255);
}

#[test]
fn vector_min_max_clamps() {
    let mut state = setup();
    set_price(&mut state, 1, 1, 2_000_000_000, 100_000, 150_000);
    next_block(&mut state);
    assert_eq!(burn(&state), 100_000);
    register(&mut state, acct(1), acct(101)).unwrap();
    assert_eq!(burn(&state), 150_000);
    next_block(&mut state);
    assert_eq!(burn(&state), 100_000);
    assert_conserved(&state);
}

#[test]
fn vector_default_halves_in_360_blocks() {
    let mut state = setup();
    assert_eq!(burn(&state), TAO);
    for _ in 0..360 {
        next_block(&mut state);
    }
    assert_eq!(burn(&state), 499_999_865);
}

#[test]
fn no_decay_at_genesis_blocks_but_clamp_applies() {
    let mut state = setup();
    state.block = 0;
    set_price(&mut state, 10, 1, 1_000_000_000, 100, 1_000);
    next_block(&mut state); // block 1: no decay, clamp to the minimum
    assert_eq!(burn(&state), 100);
    set_price(&mut state, 5_000, 0, 1_000_000_000, 100, 10_000);
    next_block(&mut state); // half-life 0: unchanged
    assert_eq!(burn(&state), 5_000);
}

// ---- serving -------------------------------------------------------------------------------

fn axon_call(ip: u128, port: u16, ip_type: u8) -> SubtensorCall {
    SubtensorCall::ServeAxon {
        netuid: NET,
        version: 7,
        ip,
        port,
        ip_type,
        protocol: 4,
        placeholder1: 1,
        placeholder2: 2,
    }
}

fn prometheus_call(ip: u128, port: u16, ip_type: u8) -> SubtensorCall {
    SubtensorCall::ServePrometheus {
        netuid: NET,
        version: 3,
        ip,
        port,
        ip_type,
    }
}

#[test]
fn serve_axon_checks_and_rate_limit() {
    let mut state = setup();
    let hot = acct(101);
    register(&mut state, acct(1), hot).unwrap();
    let ip = 0x0a00_0001;

    // Signed by a hotkey that is not registered (e.g. the coldkey).
    assert_rejected(&mut state, Error::HotKeyNotRegisteredInNetwork, |s| {
        call(s, acct(1), axon_call(ip, 8091, 4)).map(|_| ())
    });
    assert_rejected(&mut state, Error::InvalidIpType, |s| {
        call(s, hot, axon_call(ip, 8091, 5)).map(|_| ())
    });
    assert_rejected(&mut state, Error::InvalidIpAddress, |s| {
        call(s, hot, axon_call(u128::from(u32::MAX), 8091, 4)).map(|_| ())
    });
    assert_rejected(&mut state, Error::InvalidIpAddress, |s| {
        call(s, hot, axon_call(0x7f00_0001, 8091, 4)).map(|_| ())
    });
    assert_rejected(&mut state, Error::InvalidPort, |s| {
        call(s, hot, axon_call(ip, 0, 4)).map(|_| ())
    });

    state.block = 100;
    let events = call(&mut state, hot, axon_call(ip, 8091, 4)).unwrap();
    assert_eq!(events, vec![Event::AxonServed(NET, hot)]);
    assert_eq!(
        state.subnets[&NET].neurons[0].axon,
        Some(AxonInfo {
            block: 100,
            version: 7,
            ip,
            port: 8091,
            ip_type: 4,
            protocol: 4,
            placeholder1: 1,
            placeholder2: 2,
        })
    );

    state.block = 149;
    assert_rejected(&mut state, Error::ServingRateLimitExceeded, |s| {
        call(s, hot, axon_call(ip, 9000, 4)).map(|_| ())
    });
    state.block = 150;
    // Zero address accepted for axons; IPv6 too.
    call(&mut state, hot, axon_call(0, 9000, 4)).unwrap();
    state
        .subnets
        .get_mut(&NET)
        .unwrap()
        .hyperparams
        .serving_rate_limit = 0;
    call(&mut state, hot, axon_call(1 << 100, 9001, 6)).unwrap();
    let axon = state.subnets[&NET].neurons[0].axon.clone().unwrap();
    assert_eq!((axon.block, axon.ip_type, axon.port), (150, 6, 9001));
}

#[test]
fn serve_prometheus_checks_and_rate_limit() {
    let mut state = setup();
    let hot = acct(101);
    register(&mut state, acct(1), hot).unwrap();
    let ip = 0x0a00_0001;

    assert_rejected(&mut state, Error::InvalidIpType, |s| {
        call(s, hot, prometheus_call(ip, 9100, 0)).map(|_| ())
    });
    assert_rejected(&mut state, Error::InvalidIpAddress, |s| {
        call(s, hot, prometheus_call(0, 9100, 4)).map(|_| ())
    });
    assert_rejected(&mut state, Error::InvalidIpAddress, |s| {
        call(s, hot, prometheus_call(1, 9100, 6)).map(|_| ())
    });
    // IP checks come before the registration check.
    assert_rejected(&mut state, Error::InvalidIpType, |s| {
        call(s, acct(77), prometheus_call(ip, 9100, 3)).map(|_| ())
    });
    assert_rejected(&mut state, Error::HotKeyNotRegisteredInNetwork, |s| {
        call(s, acct(77), prometheus_call(ip, 9100, 4)).map(|_| ())
    });
    assert_rejected(&mut state, Error::InvalidPort, |s| {
        call(s, hot, prometheus_call(ip, 0, 4)).map(|_| ())
    });

    state.block = 20;
    let events = call(&mut state, hot, prometheus_call(ip, 9100, 4)).unwrap();
    assert_eq!(events, vec![Event::PrometheusServed(NET, hot)]);
    assert_eq!(
        state.subnets[&NET].neurons[0].prometheus,
        Some(PrometheusInfo {
            block: 20,
            version: 3,
            ip,
            port: 9100,
            ip_type: 4,
        })
    );
    state.block = 69;
    assert_rejected(&mut state, Error::ServingRateLimitExceeded, |s| {
        call(s, hot, prometheus_call(ip, 9101, 4)).map(|_| ())
    });
    // The axon rate limit is separate.
    call(&mut state, hot, axon_call(ip, 8091, 4)).unwrap();
    state.block = 70;
    call(&mut state, hot, prometheus_call(ip, 9101, 4)).unwrap();
}

// ---- root registration (dtao-spec §11) -----------------------------------------------------------

fn stake_root(state: &mut State, hotkey: AccountId, coldkey: AccountId, amount: u64) {
    if state.owner_of(&hotkey).is_none() {
        state.associate_hotkey(&coldkey, &hotkey).unwrap();
    }
    state
        .credit_stake(&hotkey, &coldkey, NetUid::ROOT, amount)
        .unwrap();
    state.subnets.get_mut(&NetUid::ROOT).unwrap().tao_reserve += amount;
    state.total_stake += amount;
    state.total_issuance += amount;
}

fn root_register(state: &mut State, coldkey: AccountId, hotkey: AccountId) -> Result<u16, Error> {
    let mut events = Vec::new();
    dispatch(
        state,
        Origin::Signed(coldkey),
        RuntimeCall::Subtensor(SubtensorCall::RootRegister { hotkey }),
        &mut events,
    )?;
    let uid = state.subnets[&NetUid::ROOT].uids[&hotkey];
    assert_eq!(
        events,
        vec![Event::NeuronRegistered(NetUid::ROOT, uid, hotkey)]
    );
    Ok(uid)
}

#[test]
fn root_register_appends_then_replaces_lowest_stake() {
    let mut state = setup();
    state
        .subnets
        .get_mut(&NetUid::ROOT)
        .unwrap()
        .hyperparams
        .max_allowed_uids = 2;
    stake_root(&mut state, acct(101), acct(1), 10 * TAO);
    stake_root(&mut state, acct(102), acct(2), 5 * TAO);
    stake_root(&mut state, acct(103), acct(3), 7 * TAO);
    state.delegate_take.insert(acct(102), 1_000);
    let balances = state.balances_issuance;

    assert_eq!(root_register(&mut state, acct(1), acct(101)), Ok(0));
    // One root registration per block.
    assert_rejected(&mut state, Error::TooManyRegistrationsThisBlock, |s| {
        root_register(s, acct(2), acct(102)).map(|_| ())
    });
    next_block(&mut state);
    assert_eq!(root_register(&mut state, acct(2), acct(102)), Ok(1));
    assert_eq!(state.take_of(&acct(101)), state.params.default_take);
    assert!(state.delegate_take.contains_key(&acct(101)));
    assert_eq!(state.take_of(&acct(102)), 1_000, "an existing take is kept");
    next_block(&mut state);

    assert_rejected(&mut state, Error::HotKeyAlreadyRegisteredInSubNet, |s| {
        root_register(s, acct(1), acct(101)).map(|_| ())
    });
    // Full: a newcomer with no more stake than the lowest (5 TAO) is refused.
    stake_root(&mut state, acct(104), acct(4), 5 * TAO);
    assert_rejected(&mut state, Error::StakeTooLowForRoot, |s| {
        root_register(s, acct(4), acct(104)).map(|_| ())
    });
    // 7 TAO beats 5 TAO: uid 1 is replaced.
    state.subnets.get_mut(&NetUid::ROOT).unwrap().neurons[1].emission = 3;
    assert_eq!(root_register(&mut state, acct(3), acct(103)), Ok(1));
    let root = &state.subnets[&NetUid::ROOT];
    assert_eq!(root.neurons[1].hotkey, acct(103));
    assert_eq!(root.neurons[1].emission, 0);
    assert!(!root.uids.contains_key(&acct(102)));
    // No TAO moved.
    assert_eq!(state.balances_issuance, balances);
    assert_conserved(&state);
}

#[test]
fn root_register_creates_unowned_hotkey_without_requiring_ownership() {
    let mut state = setup();
    assert_eq!(root_register(&mut state, acct(1), acct(120)), Ok(0));
    assert_eq!(state.owner_of(&acct(120)), Some(acct(1)));
    next_block(&mut state);
    // Root registration of a hotkey owned by someone else succeeds and keeps its owner.
    assert_eq!(root_register(&mut state, acct(2), owner_hot()), Ok(1));
    assert_eq!(state.owner_of(&owner_hot()), Some(owner_cold()));
    // No stake anywhere and root full: the newcomer's 0 is not above the lowest 0.
    next_block(&mut state);
    state
        .subnets
        .get_mut(&NetUid::ROOT)
        .unwrap()
        .hyperparams
        .max_allowed_uids = 2;
    assert_rejected(&mut state, Error::StakeTooLowForRoot, |s| {
        root_register(s, acct(3), acct(121)).map(|_| ())
    });
}

// ---- random sequences --------------------------------------------------------------------------

mod random {
    use super::*;
    use proptest::prelude::*;

    #[derive(Clone, Debug)]
    enum Op {
        Register { coldkey: u8, hotkey: u8 },
        SetEmission { uid: u16, emission: u64 },
        NextBlocks(u8),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            4 => (1_u8..=6, 100_u8..=130)
                .prop_map(|(coldkey, hotkey)| Op::Register { coldkey, hotkey }),
            2 => (0_u16..8, 0_u64..5).prop_map(|(uid, emission)| Op::SetEmission { uid, emission }),
            2 => (1_u8..=4).prop_map(Op::NextBlocks),
        ]
    }

    fn check_invariants(state: &State) {
        assert_conserved(state);
        let subnet = &state.subnets[&NET];
        let hp = &subnet.hyperparams;
        assert!(subnet.n() <= hp.max_allowed_uids);
        assert_eq!(subnet.uids.len(), subnet.neurons.len());
        for (hotkey, uid) in &subnet.uids {
            assert_eq!(subnet.neurons[usize::from(*uid)].hotkey, *hotkey);
        }
        assert!(hp.burn >= hp.min_burn && hp.burn <= hp.max_burn);
        assert_eq!(
            subnet.owner_uid(),
            Some(0),
            "the owner hotkey is never pruned"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn registrations_keep_invariants(ops in proptest::collection::vec(op(), 1..60)) {
            let mut state = setup();
            {
                let subnet = state.subnets.get_mut(&NET).unwrap();
                neurons::append_neuron(subnet, owner_hot(), 1);
                let hp = &mut subnet.hyperparams;
                hp.max_allowed_uids = 6;
                hp.immunity_period = 3;
                hp.min_non_immune_uids = 1;
                hp.burn_half_life = 5;
                hp.burn = 100_000_000;
                hp.max_burn = 2 * TAO;
            }
            for op in ops {
                match op {
                    Op::Register { coldkey, hotkey } => {
                        let before = state.clone();
                        let result = register(&mut state, acct(coldkey), acct(hotkey));
                        match result {
                            Ok(uid) => {
                                prop_assert_eq!(state.subnets[&NET].uids[&acct(hotkey)], uid);
                                prop_assert_eq!(
                                    state.free_balance(&acct(coldkey)),
                                    before.free_balance(&acct(coldkey))
                                        - before.subnets[&NET].hyperparams.burn
                                );
                            }
                            Err(_) => prop_assert_eq!(&state, &before),
                        }
                    }
                    Op::SetEmission { uid, emission } => {
                        let subnet = state.subnets.get_mut(&NET).unwrap();
                        if let Some(neuron) = subnet.neurons.get_mut(usize::from(uid)) {
                            neuron.emission = emission;
                        }
                    }
                    Op::NextBlocks(count) => {
                        for _ in 0..count {
                            next_block(&mut state);
                        }
                    }
                }
                check_invariants(&state);
            }
        }
    }
}
