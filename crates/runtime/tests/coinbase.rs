//! Scenario tests of the block step: emission, pool injection, pending buckets, epochs and
//! payouts, checked for exact TAO and alpha conservation after every block.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use dtao_primitives::fixed::I96F32;
use dtao_primitives::{AccountId, AlphaRao, NetUid, TaoRao};
use dtao_runtime::economics;
use dtao_runtime::hyperparams::{NetworkParams, RecycleOrBurn};
use dtao_runtime::state::{Neuron, Subnet};
use dtao_runtime::units::Perbill64;
use dtao_runtime::{Event, Runtime, State};

const TAO: u64 = 1_000_000_000;

/// Check the conservation equalities of the runtime (PREAMBLE): TAO network-wide and alpha per
/// subnet, plus the bookkeeping totals they rely on.
fn check_conservation(state: &State) {
    if let Err(violation) = dtao_runtime::invariants::check(state) {
        panic!("at block {}: {violation}", state.block);
    }
}

fn account(seed: u8) -> AccountId {
    AccountId::from_seed_byte(seed)
}

/// Mint `amount` free TAO to `who` (test setup: issuance follows).
fn fund(state: &mut State, who: &AccountId, amount: u64) {
    state.deposit(who, amount).unwrap();
    state.total_issuance += amount;
}

/// Stake `amount` TAO on root for `(hotkey, coldkey)` (minted; root is 1:1).
fn stake_root(state: &mut State, hotkey: &AccountId, coldkey: &AccountId, amount: u64) {
    state.associate_hotkey(coldkey, hotkey).unwrap();
    state
        .credit_stake(hotkey, coldkey, NetUid::ROOT, amount)
        .unwrap();
    let root = state.subnet_mut(NetUid::ROOT).unwrap();
    root.tao_reserve += amount;
    root.alpha_out += amount;
    state.total_stake += amount;
    state.total_issuance += amount;
}

/// Add a started subnet with a pool of `tao` TAO rao and `alpha` alpha rao (the TAO is minted).
fn add_subnet(state: &mut State, netuid: u16, owner_seed: u8, tao: u64, alpha: u64) -> NetUid {
    let netuid = NetUid(netuid);
    let owner_cold = account(owner_seed);
    let owner_hot = account(owner_seed.wrapping_add(100));
    state.associate_hotkey(&owner_cold, &owner_hot).unwrap();
    let mut subnet = Subnet::new(netuid, owner_cold, owner_hot, 0);
    subnet.tao_reserve = tao;
    subnet.alpha_in = alpha;
    subnet.first_emission_block = Some(1);
    subnet.subtoken_enabled = true;
    subnet.moving_price = I96F32::from_num(tao) / I96F32::from_num(alpha);
    subnet.hyperparams.tempo = 20;
    state.subnets.insert(netuid, subnet);
    state.total_stake += tao;
    state.total_issuance += tao;
    netuid
}

/// Register `hotkey` (owned by `coldkey`) on `netuid` and stake `alpha` to it (minted as
/// alpha_out). Returns its uid.
fn add_neuron(
    state: &mut State,
    netuid: NetUid,
    hotkey: AccountId,
    coldkey: AccountId,
    alpha: u64,
    permit: bool,
) -> u16 {
    state.associate_hotkey(&coldkey, &hotkey).unwrap();
    state
        .credit_stake(&hotkey, &coldkey, netuid, alpha)
        .unwrap();
    let subnet = state.subnet_mut(netuid).unwrap();
    subnet.alpha_out += alpha;
    let uid = subnet.n();
    subnet.neurons.push(Neuron {
        hotkey,
        block_at_registration: 0,
        last_update: 1,
        validator_permit: permit,
        ..Neuron::default()
    });
    subnet.uids.insert(hotkey, uid);
    uid
}

fn set_weights(state: &mut State, netuid: NetUid, uid: u16, weights: Vec<(u16, u16)>) {
    let neuron = &mut state.subnet_mut(netuid).unwrap().neurons[usize::from(uid)];
    neuron.weights = weights;
    neuron.last_update = 1;
}

fn base_state() -> State {
    let params = NetworkParams {
        max_epochs_per_block: 8,
        ..NetworkParams::default()
    };
    let mut state = State::new(params);
    state.block = 0;
    fund(&mut state, &account(200), 1_000 * TAO);
    state
}

/// Run one block and check conservation; returns its events.
fn step(runtime: &mut Runtime) -> Vec<Event> {
    let issuance_before = runtime.state.total_issuance;
    let events = runtime.initialize_block();
    check_conservation(&runtime.state);
    assert_eq!(
        runtime.state.block_emission,
        economics::block_emission(issuance_before)
    );
    let placed: u64 = runtime
        .state
        .subnets
        .values()
        .map(|s| s.tao_in_emission)
        .sum();
    assert!(placed <= runtime.state.block_emission);
    events
}

/// 3 validators (different stakes, one with root stake and a nominator) and 5 miners, the
/// last miner owned by the subnet owner's coldkey.
struct Example {
    runtime: Runtime,
    netuid: NetUid,
    validators: Vec<AccountId>,
    miners: Vec<AccountId>,
}

fn example() -> Example {
    let mut state = base_state();
    let netuid = add_subnet(&mut state, 1, 1, 10_000 * TAO, 20_000 * TAO);
    let owner_cold = account(1);
    let validators: Vec<AccountId> = (10..13).map(account).collect();
    let stakes = [3_000 * TAO, 2_000 * TAO, 1_000 * TAO];
    for (i, (hotkey, stake)) in validators.iter().zip(stakes).enumerate() {
        add_neuron(
            &mut state,
            netuid,
            *hotkey,
            account(20 + i as u8),
            stake,
            true,
        );
    }
    // A nominator on validator 0 and root stake on validator 2.
    state
        .credit_stake(&validators[0], &account(30), netuid, 500 * TAO)
        .unwrap();
    state.subnet_mut(netuid).unwrap().alpha_out += 500 * TAO;
    stake_root(&mut state, &validators[2], &account(22), 50_000 * TAO);
    stake_root(&mut state, &account(40), &account(41), 10_000 * TAO);
    let mut miners = Vec::new();
    for i in 0..5u8 {
        let hotkey = account(50 + i);
        let coldkey = if i == 4 { owner_cold } else { account(60 + i) };
        add_neuron(&mut state, netuid, hotkey, coldkey, 0, false);
        miners.push(hotkey);
    }
    // Validators weight the miners (uids 3..8) unevenly; all agree.
    let weights: Vec<(u16, u16)> = vec![
        (3, 65_535),
        (4, 40_000),
        (5, 20_000),
        (6, 10_000),
        (7, 30_000),
    ];
    for uid in 0..3 {
        set_weights(&mut state, netuid, uid, weights.clone());
    }
    check_conservation(&state);
    Example {
        runtime: Runtime::new(state),
        netuid,
        validators,
        miners,
    }
}

fn paid(events: &[Event], hotkey: &AccountId, netuid: NetUid) -> u64 {
    events
        .iter()
        .filter_map(|e| match e {
            Event::EmissionPaid(h, n, x) if h == hotkey && *n == netuid => Some(*x),
            _ => None,
        })
        .sum()
}

#[test]
fn conservation_and_halving_curve_over_many_blocks() {
    let mut ex = example();
    add_subnet(&mut ex.runtime.state, 2, 2, 500 * TAO, 4_000 * TAO);
    check_conservation(&ex.runtime.state);
    let mut epochs = 0;
    for _ in 0..200 {
        let issuance = ex.runtime.state.total_issuance;
        let recycled = ex.runtime.state.total_recycled;
        let events = step(&mut ex.runtime);
        let state = &ex.runtime.state;
        let placed: u64 = state.subnets.values().map(|s| s.tao_in_emission).sum();
        // Subnet 2 has no validators: its root TAO dividends are recycled at its epochs.
        assert_eq!(
            state.total_issuance + (state.total_recycled - recycled),
            issuance + placed
        );
        // Both prices are positive, so nearly the whole block emission is placed.
        assert!(placed + 4 >= TAO, "placed {placed}");
        for subnet in state.subnets.values().filter(|s| !s.netuid.is_root()) {
            // Before the subnet's alpha halving: 1 alpha minted, minus at most 3 rao of flooring.
            assert!(subnet.alpha_out_emission <= TAO && subnet.alpha_out_emission + 3 >= TAO);
            assert!(subnet.alpha_in_emission <= TAO);
        }
        epochs += events
            .iter()
            .filter(|e| matches!(e, Event::EpochRun(..)))
            .count();
    }
    // Two subnets with tempo 20 over 200 blocks.
    assert_eq!(epochs, 20);
    let subnet = ex.runtime.state.subnet(ex.netuid).unwrap();
    assert_eq!(subnet.epoch_index, 10);
    assert_eq!(subnet.last_epoch_block, 200);
}

#[test]
fn shares_follow_ema_prices() {
    let mut state = base_state();
    state.params.subnet_moving_alpha = Perbill64::from_parts(0); // freeze the EMAs
    let a = add_subnet(&mut state, 1, 1, 1_000 * TAO, 5_000 * TAO); // 0.2
    let b = add_subnet(&mut state, 2, 2, 3_000 * TAO, 5_000 * TAO); // 0.6
    let mut runtime = Runtime::new(state);
    for _ in 0..5 {
        step(&mut runtime);
        let s = &runtime.state;
        let (ta, tb) = (
            s.subnet(a).unwrap().tao_in_emission,
            s.subnet(b).unwrap().tao_in_emission,
        );
        assert!(tb.abs_diff(3 * ta) <= 4, "{ta} vs {tb}");
        assert!(ta + tb + 2 >= TAO && ta + tb <= TAO);
        // R1 injection: alpha_in = tao_in / price (below the 1-alpha cap here).
        let pa = s.subnet(a).unwrap();
        assert!(pa.alpha_in_emission <= TAO);
    }
}

#[test]
fn all_zero_ema_places_nothing() {
    let mut state = base_state();
    state.params.subnet_moving_alpha = Perbill64::from_parts(500_000_000);
    let netuid = add_subnet(&mut state, 1, 1, 1_000 * TAO, 5_000 * TAO);
    let subnet = state.subnet_mut(netuid).unwrap();
    subnet.moving_price = I96F32::from_num(0);
    subnet.hyperparams.ema_price_halving_blocks = 0;
    let mut runtime = Runtime::new(state);
    let issuance = runtime.state.total_issuance;
    step(&mut runtime);
    let subnet = runtime.state.subnet(netuid).unwrap();
    assert_eq!(subnet.tao_in_emission, 0);
    assert_eq!(runtime.state.total_issuance, issuance);
    // Alpha is still emitted (R1: alpha_out every block regardless of the TAO share).
    assert!(subnet.alpha_out_emission > 0);
    // The EMA moved after use (0.5 × spot ≈ 0.2), so the next block places TAO.
    assert!(subnet.moving_price > I96F32::from_num(0.09));
    step(&mut runtime);
    assert!(runtime.state.subnet(netuid).unwrap().tao_in_emission > 0);
}

#[test]
fn non_started_subnets_do_not_emit() {
    let mut state = base_state();
    let started = add_subnet(&mut state, 1, 1, 1_000 * TAO, 5_000 * TAO);
    let idle = add_subnet(&mut state, 2, 2, 1_000 * TAO, 5_000 * TAO);
    state.subnet_mut(idle).unwrap().first_emission_block = None;
    let later = add_subnet(&mut state, 3, 3, 1_000 * TAO, 5_000 * TAO);
    state.subnet_mut(later).unwrap().first_emission_block = Some(3);
    let mut runtime = Runtime::new(state);
    step(&mut runtime);
    let s = &runtime.state;
    assert!(s.subnet(started).unwrap().tao_in_emission > 0);
    assert_eq!(s.subnet(idle).unwrap().alpha_out_emission, 0);
    assert_eq!(s.subnet(later).unwrap().alpha_out_emission, 0);
    step(&mut runtime);
    step(&mut runtime);
    assert!(runtime.state.subnet(later).unwrap().alpha_out_emission > 0);
}

/// Move TAO from `whale`'s balance into `netuid`'s pool as a (fee-free) stake.
fn pump(state: &mut State, netuid: NetUid, whale: &AccountId, tao: u64) {
    let pool = state.subnet(netuid).unwrap().pool();
    let swap = pool.swap_tao_for_alpha(TaoRao(tao), 0).unwrap();
    state.withdraw(whale, tao, true).unwrap();
    state.associate_hotkey(whale, whale).unwrap();
    state
        .credit_stake(whale, whale, netuid, swap.amount_out.rao())
        .unwrap();
    let subnet = state.subnet_mut(netuid).unwrap();
    subnet.tao_reserve = swap.pool_after.tao_reserve.rao();
    subnet.alpha_in = swap.pool_after.alpha_reserve.rao();
    subnet.alpha_out += swap.amount_out.rao();
    state.total_stake += tao;
}

/// Sell all of `whale`'s alpha on `netuid` back to the pool.
fn dump(state: &mut State, netuid: NetUid, whale: &AccountId) {
    let alpha = state.stake_of(whale, whale, netuid);
    let pool = state.subnet(netuid).unwrap().pool();
    let swap = pool.swap_alpha_for_tao(AlphaRao(alpha), 0).unwrap();
    state.debit_stake(whale, whale, netuid, alpha).unwrap();
    state.deposit(whale, swap.amount_out.rao()).unwrap();
    let subnet = state.subnet_mut(netuid).unwrap();
    subnet.tao_reserve = swap.pool_after.tao_reserve.rao();
    subnet.alpha_in = swap.pool_after.alpha_reserve.rao();
    subnet.alpha_out -= alpha;
    state.total_stake -= swap.amount_out.rao();
}

#[test]
fn pumped_subnet_gains_share_then_loses_it() {
    let mut state = base_state();
    state.params.subnet_moving_alpha = Perbill64::from_parts(200_000_000); // 0.2 per block
    let a = add_subnet(&mut state, 1, 1, 1_000 * TAO, 4_000 * TAO); // 0.25
    let b = add_subnet(&mut state, 2, 2, 1_000 * TAO, 4_000 * TAO);
    for netuid in [a, b] {
        state
            .subnet_mut(netuid)
            .unwrap()
            .hyperparams
            .ema_price_halving_blocks = 0;
    }
    let whale = account(99);
    fund(&mut state, &whale, 2_000 * TAO);
    let mut runtime = Runtime::new(state);
    let share_b = |rt: &Runtime| {
        let s = &rt.state;
        let (ta, tb) = (
            s.subnet(a).unwrap().tao_in_emission,
            s.subnet(b).unwrap().tao_in_emission,
        );
        tb as f64 / (ta + tb) as f64
    };
    step(&mut runtime);
    let even = share_b(&runtime);
    assert!((even - 0.5).abs() < 0.01, "{even}");
    pump(&mut runtime.state, b, &whale, 1_000 * TAO); // price ×4 → 1.0
    check_conservation(&runtime.state);
    let mut last = even;
    for _ in 0..20 {
        step(&mut runtime);
        let share = share_b(&runtime);
        assert!(
            share >= last - 1e-9,
            "share fell while pumped: {last} → {share}"
        );
        last = share;
    }
    assert!(last > 0.75, "pumped share {last}");
    dump(&mut runtime.state, b, &whale);
    check_conservation(&runtime.state);
    // This block still uses the EMA updated before the dump.
    step(&mut runtime);
    last = share_b(&runtime);
    for _ in 0..30 {
        step(&mut runtime);
        let share = share_b(&runtime);
        assert!(
            share <= last + 1e-9,
            "share rose while dumped: {last} → {share}"
        );
        last = share;
    }
    assert!(last < 0.6, "dumped share {last}");
}

#[test]
fn epoch_payouts_add_up_to_pending() {
    let mut ex = example();
    let netuid = ex.netuid;
    for _ in 0..19 {
        let events = step(&mut ex.runtime);
        assert!(!events.iter().any(|e| matches!(e, Event::EpochRun(..))));
    }
    // Freeze emission for the epoch block so the drained amounts are exactly what is pending.
    ex.runtime
        .state
        .subnet_mut(netuid)
        .unwrap()
        .subtoken_enabled = false;
    let before = ex.runtime.state.clone();
    let pending = before.subnet(netuid).unwrap().pending.clone();
    assert!(pending.server > 0 && pending.validator > 0 && pending.owner_cut > 0);
    assert!(pending.root_divs_tao > 0 && pending.alpha_swapped > 0);
    let events = step(&mut ex.runtime);
    let state = &ex.runtime.state;
    let subnet = state.subnet(netuid).unwrap();
    assert_eq!(subnet.pending, Default::default());
    assert_eq!(subnet.epoch_index, 1);
    assert!(events.contains(&Event::EpochRun(
        netuid,
        pending.server + pending.validator + pending.alpha_swapped
    )));

    // Owner cut to the owner hotkey.
    let owner_hot = subnet.owner_hotkey;
    assert_eq!(paid(&events, &owner_hot, netuid), pending.owner_cut);
    assert_eq!(
        state.stake_of(&owner_hot, &subnet.owner_coldkey, netuid),
        pending.owner_cut
    );

    // Miners: the server pot exactly, the owner's miner withheld (burned).
    let miner_paid: u64 = ex.miners.iter().map(|m| paid(&events, m, netuid)).sum();
    let withheld: u64 = events
        .iter()
        .filter_map(|e| match e {
            Event::OwnerIncentiveWithheld(n, x) if *n == netuid => Some(*x),
            _ => None,
        })
        .sum();
    assert!(withheld > 0);
    assert_eq!(miner_paid + withheld, pending.server);
    assert_eq!(subnet.alpha_burned, withheld);
    assert_eq!(paid(&events, &ex.miners[4], netuid), 0);
    // Miner payouts follow the weights (uid 3 gets the most) and land on the miner's coldkey.
    let m0 = paid(&events, &ex.miners[0], netuid);
    assert!(m0 > paid(&events, &ex.miners[1], netuid));
    assert_eq!(state.stake_of(&ex.miners[0], &account(60), netuid), m0);
    for (uid, miner) in ex.miners.iter().enumerate() {
        let neuron = &subnet.neurons[3 + uid];
        assert_eq!(neuron.hotkey, *miner);
        assert!(neuron.incentive > 0);
    }

    // Validators: alpha dividends sum to the validator pot, root TAO to the root pot.
    let alpha_divs: u64 = ex.validators.iter().map(|v| paid(&events, v, netuid)).sum();
    assert_eq!(alpha_divs, pending.validator);
    let root_divs: u64 = ex
        .validators
        .iter()
        .map(|v| paid(&events, v, NetUid::ROOT))
        .sum();
    assert_eq!(root_divs, pending.root_divs_tao);
    // Only validator 2 has root stake: it receives all root TAO.
    assert_eq!(
        paid(&events, &ex.validators[2], NetUid::ROOT),
        pending.root_divs_tao
    );
    let root_before = before.subnet(NetUid::ROOT).unwrap().tao_reserve;
    assert_eq!(
        state.subnet(NetUid::ROOT).unwrap().tao_reserve,
        root_before + pending.root_divs_tao
    );

    // Take: validator 0's owner gets its take as new stake; the nominator gains pro rata.
    let v0 = ex.validators[0];
    let d0 = paid(&events, &v0, netuid);
    assert!(d0 > 0);
    let take = economics::take_of_amount(d0, state.take_of(&v0));
    let owner_gain =
        state.stake_of(&v0, &account(20), netuid) - before.stake_of(&v0, &account(20), netuid);
    let nominator_gain =
        state.stake_of(&v0, &account(30), netuid) - before.stake_of(&v0, &account(30), netuid);
    assert!(owner_gain + nominator_gain <= d0 && owner_gain + nominator_gain + 2 >= d0);
    // Take buys shares at the current price, then the rest raises every share's value.
    let (own, nominated) = (3_000.0 * TAO as f64, 500.0 * TAO as f64);
    let with_take = own + nominated + take as f64;
    let total = with_take + (d0 - take) as f64;
    let expected_owner = (own + take as f64) * total / with_take - own;
    let expected_nominator = nominated * total / with_take - nominated;
    assert!((owner_gain as f64 - expected_owner).abs() <= 2.0);
    assert!((nominator_gain as f64 - expected_nominator).abs() <= 2.0);
    assert!(take > 0 && owner_gain > take);
    assert_eq!(
        state.hotkey_alpha(&v0, netuid),
        before.hotkey_alpha(&v0, netuid) + d0
    );
}

#[test]
fn owner_incentive_recycled_when_configured() {
    let mut ex = example();
    let netuid = ex.netuid;
    ex.runtime
        .state
        .subnet_mut(netuid)
        .unwrap()
        .hyperparams
        .recycle_or_burn = RecycleOrBurn::Recycle;
    let mut withheld = 0;
    for _ in 0..20 {
        for event in step(&mut ex.runtime) {
            if let Event::OwnerIncentiveWithheld(_, x) = event {
                withheld += x;
            }
        }
    }
    assert!(withheld > 0);
    assert_eq!(ex.runtime.state.subnet(netuid).unwrap().alpha_burned, 0);
}

#[test]
fn no_incentive_sends_server_pot_to_validators() {
    let mut ex = example();
    let netuid = ex.netuid;
    for uid in 0..3 {
        set_weights(&mut ex.runtime.state, netuid, uid, Vec::new());
    }
    for _ in 0..19 {
        step(&mut ex.runtime);
    }
    ex.runtime
        .state
        .subnet_mut(netuid)
        .unwrap()
        .subtoken_enabled = false;
    let pending = ex.runtime.state.subnet(netuid).unwrap().pending.clone();
    let events = step(&mut ex.runtime);
    let divs: u64 = ex.validators.iter().map(|v| paid(&events, v, netuid)).sum();
    assert_eq!(divs, pending.server + pending.validator);
    assert!(ex.miners.iter().all(|m| paid(&events, m, netuid) == 0));
}

#[test]
fn subnet_without_neurons_recycles_its_pending_alpha() {
    let mut state = base_state();
    let netuid = add_subnet(&mut state, 1, 1, 1_000 * TAO, 5_000 * TAO);
    stake_root(&mut state, &account(40), &account(41), 10_000 * TAO);
    let mut runtime = Runtime::new(state);
    for _ in 0..20 {
        step(&mut runtime);
    }
    let subnet = runtime.state.subnet(netuid).unwrap();
    assert_eq!(subnet.pending, Default::default());
    // Only the owner cut stayed in circulation outside the pool.
    assert_eq!(
        subnet.alpha_out,
        runtime.state.hotkey_alpha(&subnet.owner_hotkey, netuid)
    );
}

#[test]
fn epochs_beyond_the_block_limit_are_deferred() {
    let mut state = base_state();
    state.params.max_epochs_per_block = 2;
    for netuid in 1..=3 {
        add_subnet(&mut state, netuid, netuid as u8, 1_000 * TAO, 5_000 * TAO);
    }
    let idle = add_subnet(&mut state, 4, 4, 1_000 * TAO, 5_000 * TAO);
    state.subnet_mut(idle).unwrap().hyperparams.tempo = 0;
    let mut runtime = Runtime::new(state);
    for _ in 0..19 {
        step(&mut runtime);
    }
    let events = step(&mut runtime);
    let ran: Vec<NetUid> = events
        .iter()
        .filter_map(|e| match e {
            Event::EpochRun(n, _) => Some(*n),
            _ => None,
        })
        .collect();
    assert_eq!(ran, vec![NetUid(1), NetUid(2)]);
    assert!(events.contains(&Event::EpochDeferred(NetUid(3))));
    let events = step(&mut runtime);
    assert!(events
        .iter()
        .any(|e| matches!(e, Event::EpochRun(n, _) if *n == NetUid(3))));
    assert_eq!(
        runtime.state.subnet(NetUid(3)).unwrap().last_epoch_block,
        21
    );
    for _ in 0..100 {
        step(&mut runtime);
    }
    let idle = runtime.state.subnet(idle).unwrap();
    assert_eq!(idle.epoch_index, 0);
    assert!(idle.pending.server > 0);
}

#[test]
fn crossing_the_first_halving() {
    let mut ex = example();
    add_subnet(&mut ex.runtime.state, 2, 2, 500 * TAO, 4_000 * TAO);
    // Put the issuance 2.5 TAO below the first halving.
    let gap = 10_500_000 * TAO - 5 * TAO / 2 - ex.runtime.state.total_issuance;
    fund(&mut ex.runtime.state, &account(201), gap);
    check_conservation(&ex.runtime.state);
    let mut emissions = Vec::new();
    for _ in 0..6 {
        step(&mut ex.runtime);
        emissions.push(ex.runtime.state.block_emission);
    }
    assert_eq!(
        emissions,
        vec![TAO, TAO, TAO, TAO / 2, TAO / 2, TAO / 2],
        "issuance {}",
        ex.runtime.state.total_issuance
    );
    let placed: u64 = ex
        .runtime
        .state
        .subnets
        .values()
        .map(|s| s.tao_in_emission)
        .sum();
    assert!(placed <= TAO / 2 && placed + 4 >= TAO / 2);
}

#[test]
fn registration_counters_reset_each_block() {
    let mut state = base_state();
    let netuid = add_subnet(&mut state, 1, 1, 1_000 * TAO, 5_000 * TAO);
    state.subnet_mut(netuid).unwrap().registrations_this_block = 3;
    let mut runtime = Runtime::new(state);
    step(&mut runtime);
    assert_eq!(
        runtime
            .state
            .subnet(netuid)
            .unwrap()
            .registrations_this_block,
        0
    );
}

mod random_networks {
    use super::*;
    use proptest::prelude::*;

    #[derive(Debug, Clone)]
    struct Setup {
        tempo: u16,
        validator_stakes: Vec<u64>,
        miners: usize,
        owner_mines: bool,
        recycle: bool,
        root_stake: u64,
        weights: Vec<u16>,
        pool_tao: u64,
        second_subnet: bool,
    }

    fn setup() -> impl Strategy<Value = Setup> {
        (
            0u16..12,
            proptest::collection::vec(0u64..5_000, 1..4),
            0usize..5,
            any::<bool>(),
            any::<bool>(),
            0u64..100_000,
            proptest::collection::vec(any::<u16>(), 5),
            1u64..20_000,
            any::<bool>(),
        )
            .prop_map(
                |(
                    tempo,
                    validator_stakes,
                    miners,
                    owner_mines,
                    recycle,
                    root_stake,
                    weights,
                    pool_tao,
                    second_subnet,
                )| Setup {
                    tempo,
                    validator_stakes,
                    miners,
                    owner_mines,
                    recycle,
                    root_stake,
                    weights,
                    pool_tao,
                    second_subnet,
                },
            )
    }

    fn build(setup: &Setup) -> Runtime {
        let mut state = base_state();
        let netuid = add_subnet(&mut state, 1, 1, setup.pool_tao * TAO / 10, 2_000 * TAO);
        if setup.second_subnet {
            add_subnet(&mut state, 2, 2, 700 * TAO, 900 * TAO);
        }
        let subnet = state.subnet_mut(netuid).unwrap();
        subnet.hyperparams.tempo = setup.tempo;
        if setup.recycle {
            subnet.hyperparams.recycle_or_burn = RecycleOrBurn::Recycle;
        }
        let validators = setup.validator_stakes.len() as u16;
        for (i, stake) in setup.validator_stakes.iter().enumerate() {
            let hotkey = account(10 + i as u8);
            add_neuron(
                &mut state,
                netuid,
                hotkey,
                account(20 + i as u8),
                stake * TAO,
                true,
            );
            if i == 0 && setup.root_stake > 0 {
                stake_root(&mut state, &hotkey, &account(20), setup.root_stake * TAO);
            }
        }
        for i in 0..setup.miners {
            let coldkey = if setup.owner_mines && i == 0 {
                account(1)
            } else {
                account(60 + i as u8)
            };
            add_neuron(&mut state, netuid, account(50 + i as u8), coldkey, 0, false);
        }
        let row: Vec<(u16, u16)> = (0..setup.miners as u16)
            .map(|m| (validators + m, setup.weights[usize::from(m)]))
            .collect();
        for uid in 0..validators {
            set_weights(&mut state, netuid, uid, row.clone());
        }
        Runtime::new(state)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        #[test]
        fn conservation_holds_every_block(setup in setup()) {
            let mut runtime = build(&setup);
            check_conservation(&runtime.state);
            for _ in 0..40 {
                // `step` checks conservation and the halving curve after each block.
                let events = step(&mut runtime);
                for event in &events {
                    if let Event::EpochRun(netuid, _) = event {
                        let subnet = runtime.state.subnet(*netuid).unwrap();
                        prop_assert_eq!(&subnet.pending, &Default::default());
                        prop_assert_eq!(subnet.last_epoch_block, runtime.state.block);
                    }
                }
            }
            let subnet = runtime.state.subnet(NetUid(1)).unwrap();
            if setup.tempo == 0 {
                prop_assert_eq!(subnet.epoch_index, 0);
            } else {
                prop_assert_eq!(subnet.epoch_index, 40 / u64::from(setup.tempo));
            }
        }
    }
}
