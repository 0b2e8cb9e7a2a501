//! The block step (dtao-spec §3, R1 order, with the later lifecycle and scheduling rules):
//! per-block emission into the pools, the split of each subnet's alpha into pending buckets,
//! moving-price updates, and the epochs with their payouts.
//!
//! Order of [`on_initialize`], every block, after the block number advanced:
//! 1. registration prices decay and the per-block registration counters reset
//!    (`neurons::decay_burns`);
//! 2. block emission from `TotalIssuance` (halving curve, recorded in `state.block_emission`);
//! 3. for every emitting subnet (non-root, `start_call` done, subtoken enabled, at or after its
//!    first emission block), in netuid order: TAO share by EMA price, pool injection
//!    (`tao_in`, `alpha_in`), mint and split `alpha_out` into the owner / server / validator
//!    buckets and sell the root part to TAO through the pool (fee-free) into
//!    `pending.root_divs_tao`;
//! 4. update the moving prices of the emitting subnets (after they were used);
//! 5. epochs: a non-root subnet with `tempo > 0` is due when `block − last_epoch_block ≥ tempo`
//!    (or more than [`MAX_TEMPO`] blocks passed since its last step); at most
//!    `params.max_epochs_per_block` run per block, the others get `EpochDeferred` and are still
//!    due next block. A run drains the pending buckets, runs `dtao_yuma::epoch_sparse` on
//!    `server + validator + alpha_swapped` (R1) and pays out.
//!
//! Payout rules (dtao-spec §7.3–§7.6, R1, made exact):
//! - owner cut → staked to `(owner_hotkey, owner_coldkey)`;
//! - the server pot is split pro rata to the epoch's `server_emission` (largest remainder, so
//!   the parts sum to the pot exactly); incentive of hotkeys owned by the subnet owner's coldkey,
//!   or of the owner hotkey, is withheld (burned or recycled per `recycle_or_burn`); if no
//!   incentive was earned the server pot joins the validator pot;
//! - each validator's `validator_emission` `d` splits into a root part `d × r/(a + r)` (`a` its
//!   alpha on the subnet, `r` its root stake × TaoWeight) and an alpha part; the validator pot is
//!   split pro rata to the alpha parts (to `d` if they are all 0), the root TAO pot pro rata to
//!   the root parts; the delegate take goes to `(hotkey, owner)` and the rest to the hotkey's
//!   nominators (on the subnet for alpha, on root for TAO).
//!
//! Invariants kept exactly (each block): TAO — `total_issuance == balances_issuance +
//! Σ tao_reserve + Σ pending.root_divs_tao`, `total_stake == Σ tao_reserve`; alpha per subnet —
//! `alpha_out == Σ stake pool values + pending.{server, validator, owner_cut} + alpha_burned`.
//! Only placed TAO is minted (`total_issuance += tao_in`); only the floored split parts of the
//! alpha emission are minted. Amounts that no one can receive (no uid with weight, a share pool
//! refusing a credit) are recycled: alpha by lowering `alpha_out`, TAO by lowering
//! `total_issuance`. Root is a stable pool: root stake is TAO 1:1 and root payouts raise both its
//! `tao_reserve` and its `alpha_out`.

use crate::economics::{self, AlphaSplit};
use crate::event::Event;
use crate::hyperparams::RecycleOrBurn;
use crate::neurons;
use crate::state::{Neuron, State, Subnet};
use dtao_primitives::fixed::{I96F32, U96F32};
use dtao_primitives::{AccountId, AlphaRao, NetUid};
use dtao_swap::DEFAULT_MINIMUM_POOL_LIQUIDITY;
use dtao_yuma::{BondsModel, EpochInput, EpochOutput, EpochParams, LiquidAlpha};

/// Safety net of the scheduler: an epoch is due once more than this many blocks passed since
/// the last one, whatever the tempo (yuma-spec §3.2).
pub const MAX_TEMPO: u64 = 50_400;

/// Hooks run at the start of every block, before its extrinsics.
pub fn on_initialize(state: &mut State, events: &mut Vec<Event>) {
    neurons::decay_burns(state);
    let emission = economics::block_emission(state.total_issuance);
    state.block_emission = emission;
    let emitting = emitting_subnets(state);
    emit_to_subnets(state, emission, &emitting);
    update_moving_prices(state, &emitting);
    run_due_epochs(state, events);
}

/// Whether `subnet` receives emission at `block`: not root, `start_call` done (first emission
/// block set and reached) and subtoken enabled.
pub fn is_emitting(subnet: &Subnet, block: u64) -> bool {
    !subnet.netuid.is_root()
        && subnet.subtoken_enabled
        && subnet
            .first_emission_block
            .is_some_and(|first| block >= first)
}

/// Netuids receiving emission this block, ascending.
pub fn emitting_subnets(state: &State) -> Vec<NetUid> {
    state
        .subnets
        .values()
        .filter(|subnet| is_emitting(subnet, state.block))
        .map(|subnet| subnet.netuid)
        .collect()
}

// ---- emission ---------------------------------------------------------------------------

fn emit_to_subnets(state: &mut State, block_emission_rao: u64, emitting: &[NetUid]) {
    for subnet in state.subnets.values_mut() {
        subnet.alpha_in_emission = 0;
        subnet.alpha_out_emission = 0;
        subnet.tao_in_emission = 0;
    }
    let emas: Vec<(NetUid, I96F32)> = emitting
        .iter()
        .filter_map(|netuid| state.subnets.get(netuid).map(|s| (*netuid, s.moving_price)))
        .collect();
    let root_tao = state
        .subnets
        .get(&NetUid::ROOT)
        .map_or(0, |root| root.tao_reserve);
    let tao_weight = state.params.tao_weight;
    let owner_cut = state.params.subnet_owner_cut;
    for (netuid, tao_emission) in economics::tao_emission_per_subnet(block_emission_rao, &emas) {
        let Some(subnet) = state.subnets.get_mut(&netuid) else {
            continue;
        };
        // One alpha emission per block, from the issuance before this block's injection.
        let alpha_emission = economics::alpha_block_emission(subnet.alpha_issuance());
        let tao_in = inject(subnet, tao_emission, alpha_emission);
        state.total_issuance = state.total_issuance.saturating_add(tao_in);
        state.total_stake = state.total_stake.saturating_add(tao_in);
        let split = emit_alpha_out(subnet, alpha_emission, root_tao, tao_weight, owner_cut);
        let sold_tao = sell_root_alpha(subnet, split.root);
        state.total_stake = state.total_stake.saturating_sub(sold_tao);
    }
}

/// Add this block's R1 injection to the pool (dtao-spec §5.1); returns the TAO added.
fn inject(subnet: &mut Subnet, tao_emission_rao: u64, alpha_emission: u64) -> u64 {
    let (tao_in, alpha_in) =
        economics::injection_r1(tao_emission_rao, subnet.pool().price(), alpha_emission);
    subnet.tao_reserve = subnet.tao_reserve.saturating_add(tao_in);
    subnet.alpha_in = subnet.alpha_in.saturating_add(alpha_in);
    subnet.tao_in_emission = tao_in;
    subnet.alpha_in_emission = alpha_in;
    tao_in
}

/// Mint the split alpha emission (dtao-spec §6) into `alpha_out` and the pending buckets. The
/// root part is minted too; [`sell_root_alpha`] moves it into the pool.
fn emit_alpha_out(
    subnet: &mut Subnet,
    alpha_emission: u64,
    root_tao: u64,
    tao_weight: u64,
    owner_cut: u16,
) -> AlphaSplit {
    let issuance_after = subnet.alpha_issuance().saturating_add(alpha_emission);
    let root_proportion = economics::root_proportion(tao_weight, root_tao, issuance_after);
    let split = economics::split_alpha_out(alpha_emission, owner_cut, root_proportion);
    let minted = split.total();
    subnet.alpha_out = subnet.alpha_out.saturating_add(minted);
    subnet.alpha_out_emission = minted;
    let pending = &mut subnet.pending;
    pending.owner_cut = pending.owner_cut.saturating_add(split.owner);
    pending.server = pending.server.saturating_add(split.server);
    pending.validator = pending.validator.saturating_add(split.validator);
    split
}

/// R1: sell the root part of this block's alpha for TAO through the pool, fee-free, into
/// `pending.root_divs_tao`. If the pool is too shallow to sell (the TAO side would fall below
/// the minimum liquidity) the alpha goes to the validators' bucket instead. Returns the TAO
/// taken out of the pool.
fn sell_root_alpha(subnet: &mut Subnet, root_alpha: u64) -> u64 {
    if root_alpha == 0 {
        return 0;
    }
    match subnet
        .pool()
        .swap_alpha_for_tao(AlphaRao(root_alpha), DEFAULT_MINIMUM_POOL_LIQUIDITY)
    {
        Ok(swap) => {
            let tao = swap.amount_out.rao();
            subnet.alpha_out = subnet.alpha_out.saturating_sub(root_alpha);
            subnet.alpha_in = swap.pool_after.alpha_reserve.rao();
            subnet.tao_reserve = swap.pool_after.tao_reserve.rao();
            subnet.volume = subnet.volume.saturating_add(u128::from(tao));
            subnet.pending.root_divs_tao = subnet.pending.root_divs_tao.saturating_add(tao);
            subnet.pending.alpha_swapped = subnet.pending.alpha_swapped.saturating_add(root_alpha);
            tao
        }
        Err(_) => {
            subnet.pending.validator = subnet.pending.validator.saturating_add(root_alpha);
            0
        }
    }
}

fn update_moving_prices(state: &mut State, emitting: &[NetUid]) {
    let base_alpha = economics::perbill_to_u96f32_nearest(state.params.subnet_moving_alpha);
    let block = state.block;
    for netuid in emitting {
        let Some(subnet) = state.subnets.get_mut(netuid) else {
            continue;
        };
        let first = subnet.first_emission_block.unwrap_or(0);
        let blocks_since_start = block.saturating_sub(first.saturating_sub(1));
        subnet.moving_price = economics::update_moving_price(
            subnet.moving_price,
            subnet.pool().price(),
            base_alpha,
            blocks_since_start,
            subnet.hyperparams.ema_price_halving_blocks,
        );
    }
}

// ---- epochs -----------------------------------------------------------------------------

/// Whether `subnet`'s epoch is due at `block` (yuma-spec §3.2, dynamic tempo): `tempo > 0` and
/// `block − last_epoch_block ≥ tempo`, or more than [`MAX_TEMPO`] blocks since the last step.
pub fn epoch_due(subnet: &Subnet, block: u64) -> bool {
    let tempo = u64::from(subnet.hyperparams.tempo);
    tempo > 0
        && (block.saturating_sub(subnet.last_epoch_block) >= tempo
            || subnet.blocks_since_last_step > MAX_TEMPO)
}

fn run_due_epochs(state: &mut State, events: &mut Vec<Event>) {
    let block = state.block;
    let limit = usize::from(state.params.max_epochs_per_block);
    let mut run = 0usize;
    for netuid in state.user_netuids() {
        let Some(subnet) = state.subnets.get_mut(&netuid) else {
            continue;
        };
        subnet.blocks_since_last_step = subnet.blocks_since_last_step.saturating_add(1);
        if !epoch_due(subnet, block) {
            continue;
        }
        if run >= limit {
            events.push(Event::EpochDeferred(netuid));
            continue;
        }
        run += 1;
        run_epoch(state, netuid, events);
    }
}

/// Run `netuid`'s epoch now: drain its pending emission, run Yuma, write the results back to
/// its neurons and pay out. If the epoch refuses its input (inconsistent state) the slot is
/// consumed but the pending emission keeps accumulating.
pub fn run_epoch(state: &mut State, netuid: NetUid, events: &mut Vec<Event>) {
    let block = state.block;
    let Some((params, input)) = epoch_arguments(state, netuid) else {
        return;
    };
    let output = dtao_yuma::epoch_sparse(&params, &input);
    let Some(subnet) = state.subnets.get_mut(&netuid) else {
        return;
    };
    subnet.last_epoch_block = block;
    subnet.epoch_index = subnet.epoch_index.saturating_add(1);
    let Ok(output) = output else {
        return;
    };
    write_back(&mut subnet.neurons, &output);
    subnet.blocks_since_last_step = 0;
    let pots = std::mem::take(&mut subnet.pending);
    let hotkeys: Vec<AccountId> = subnet.neurons.iter().map(|n| n.hotkey).collect();
    // Stakes as they stood at the epoch decide the alpha/root split, before any payout.
    let dividends = dividend_parts(state, netuid, &hotkeys, &output.validator_emission);
    pay_owner_cut(state, netuid, pots.owner_cut, events);
    let mut validator_pot = pots.validator;
    if output.server_emission.iter().all(|x| *x == 0) {
        validator_pot = validator_pot.saturating_add(pots.server);
    } else {
        pay_incentives(
            state,
            netuid,
            &hotkeys,
            &output.server_emission,
            pots.server,
            events,
        );
    }
    pay_dividends(
        state,
        netuid,
        &hotkeys,
        &dividends,
        validator_pot,
        pots.root_divs_tao,
        events,
    );
    events.push(Event::EpochRun(netuid, params.emission_rao));
}

/// The epoch's parameters and input for `netuid` as the subnet stands now (yuma-spec §2).
/// The emission is R1's `pending server + validator + alpha_swapped`.
pub fn epoch_arguments(state: &State, netuid: NetUid) -> Option<(EpochParams, EpochInput)> {
    let subnet = state.subnets.get(&netuid)?;
    let hp = &subnet.hyperparams;
    let bonds_model = if hp.yuma3_on {
        BondsModel::Yuma3 {
            liquid_alpha: hp.liquid_alpha_on.then_some(LiquidAlpha {
                alpha_low: hp.alpha_values.0,
                alpha_high: hp.alpha_values.1,
                steepness: hp.alpha_sigmoid_steepness,
            }),
        }
    } else {
        BondsModel::Classic
    };
    let pending = &subnet.pending;
    let params = EpochParams {
        block: state.block,
        tempo: hp.tempo,
        activity_cutoff_factor_milli: hp.activity_cutoff_factor_milli,
        kappa: hp.kappa,
        max_allowed_validators: hp.max_allowed_validators,
        bonds_moving_average: hp.bonds_moving_average,
        bonds_penalty: hp.bonds_penalty,
        bonds_model,
        stake_threshold: state.params.stake_threshold,
        owner_uid: subnet.owner_uid(),
        last_mechanism_step_block: subnet.last_epoch_block,
        emission_rao: pending
            .server
            .saturating_add(pending.validator)
            .saturating_add(pending.alpha_swapped),
    };
    let neurons = &subnet.neurons;
    let commit_blocks = hp.commit_reveal_weights_enabled.then(|| {
        neurons
            .iter()
            .map(|neuron| {
                subnet
                    .weight_commits
                    .get(&neuron.hotkey)
                    .and_then(|commits| commits.iter().map(|c| c.block).min())
                    .unwrap_or(u64::MAX)
            })
            .collect()
    });
    let input = EpochInput {
        stake: neurons
            .iter()
            .map(|n| state.stake_weight(&n.hotkey, netuid))
            .collect(),
        validator_permit: neurons.iter().map(|n| n.validator_permit).collect(),
        last_update: neurons.iter().map(|n| n.last_update).collect(),
        block_at_registration: neurons.iter().map(|n| n.block_at_registration).collect(),
        weights: neurons.iter().map(|n| n.weights.clone()).collect(),
        bonds: neurons.iter().map(|n| n.bonds.clone()).collect(),
        commit_blocks,
    };
    Some((params, input))
}

fn write_back(neurons: &mut [Neuron], output: &EpochOutput) {
    for (uid, neuron) in neurons.iter_mut().enumerate() {
        neuron.active = output.active.get(uid).copied().unwrap_or(false);
        neuron.validator_permit = output.validator_permit.get(uid).copied().unwrap_or(false);
        neuron.stake_weight = output.stake_weight.get(uid).copied().unwrap_or(0);
        neuron.consensus = output.consensus.get(uid).copied().unwrap_or(0);
        neuron.incentive = output.incentive.get(uid).copied().unwrap_or(0);
        neuron.dividends = output.dividends.get(uid).copied().unwrap_or(0);
        neuron.validator_trust = output.validator_trust.get(uid).copied().unwrap_or(0);
        neuron.emission = output.emission.get(uid).copied().unwrap_or(0);
        neuron.bonds = output.bonds.get(uid).cloned().unwrap_or_default();
    }
}

// ---- payouts ----------------------------------------------------------------------------

fn coldkey_of(state: &State, hotkey: &AccountId) -> AccountId {
    state.owner_of(hotkey).unwrap_or(*hotkey)
}

/// Remove `alpha` from circulation on `netuid` (lower `alpha_out`).
fn recycle_alpha(state: &mut State, netuid: NetUid, alpha: u64) {
    if let Some(subnet) = state.subnets.get_mut(&netuid) {
        subnet.alpha_out = subnet.alpha_out.saturating_sub(alpha);
    }
}

/// Stake `alpha` to `(hotkey, coldkey)` on `netuid`; recycled if the share pool refuses it.
fn stake_alpha(
    state: &mut State,
    hotkey: &AccountId,
    coldkey: &AccountId,
    netuid: NetUid,
    alpha: u64,
) {
    if state.credit_stake(hotkey, coldkey, netuid, alpha).is_err() {
        recycle_alpha(state, netuid, alpha);
    }
}

/// Add `alpha` to every nominator of `hotkey` on `netuid`; recycled if refused.
fn distribute_alpha(state: &mut State, hotkey: &AccountId, netuid: NetUid, alpha: u64) {
    if state.distribute_to_hotkey(hotkey, netuid, alpha).is_err() {
        recycle_alpha(state, netuid, alpha);
    }
}

/// Record `tao` that was just added to a root share pool as root stake (root pool reserve,
/// root alpha, `TotalStake`), or recycle it if the credit failed.
fn settle_root_tao(state: &mut State, credited: bool, tao: u64) {
    if !credited {
        state.recycle_tao(tao);
        return;
    }
    if let Some(root) = state.subnets.get_mut(&NetUid::ROOT) {
        root.tao_reserve = root.tao_reserve.saturating_add(tao);
        root.alpha_out = root.alpha_out.saturating_add(tao);
    }
    state.total_stake = state.total_stake.saturating_add(tao);
}

fn pay_owner_cut(state: &mut State, netuid: NetUid, amount: u64, events: &mut Vec<Event>) {
    if amount == 0 {
        return;
    }
    let Some(subnet) = state.subnets.get(&netuid) else {
        return;
    };
    let (hotkey, coldkey) = (subnet.owner_hotkey, subnet.owner_coldkey);
    stake_alpha(state, &hotkey, &coldkey, netuid, amount);
    events.push(Event::EmissionPaid(hotkey, netuid, amount));
}

/// Whether `hotkey` counts as the subnet owner's: the owner hotkey or any hotkey owned by the
/// owner's coldkey.
fn is_owner_hotkey(state: &State, owner: (AccountId, AccountId), hotkey: &AccountId) -> bool {
    *hotkey == owner.0 || state.owner_of(hotkey) == Some(owner.1)
}

fn pay_incentives(
    state: &mut State,
    netuid: NetUid,
    hotkeys: &[AccountId],
    server_emission: &[u64],
    pot: u64,
    events: &mut Vec<Event>,
) {
    let Some(subnet) = state.subnets.get(&netuid) else {
        return;
    };
    let owner = (subnet.owner_hotkey, subnet.owner_coldkey);
    let mode = subnet.hyperparams.recycle_or_burn;
    let mut withheld = 0u64;
    let amounts = economics::split_pro_rata(pot, server_emission);
    for (hotkey, amount) in hotkeys.iter().zip(amounts) {
        if amount == 0 {
            continue;
        }
        if is_owner_hotkey(state, owner, hotkey) {
            withheld = withheld.saturating_add(amount);
            continue;
        }
        let coldkey = coldkey_of(state, hotkey);
        stake_alpha(state, hotkey, &coldkey, netuid, amount);
        events.push(Event::EmissionPaid(*hotkey, netuid, amount));
    }
    if withheld > 0 {
        withhold(state, netuid, mode, withheld);
        events.push(Event::OwnerIncentiveWithheld(netuid, withheld));
    }
}

fn withhold(state: &mut State, netuid: NetUid, mode: RecycleOrBurn, alpha: u64) {
    match mode {
        RecycleOrBurn::Recycle => recycle_alpha(state, netuid, alpha),
        RecycleOrBurn::Burn => {
            if let Some(subnet) = state.subnets.get_mut(&netuid) {
                subnet.alpha_burned = subnet.alpha_burned.saturating_add(alpha);
            }
        }
    }
}

/// Each validator's epoch dividend and its split into an alpha part and a root part.
struct DividendParts {
    /// `validator_emission` per uid.
    total: Vec<u64>,
    /// `d − root part` per uid.
    alpha: Vec<u64>,
    /// `floor(d × r / (a + r))` per uid.
    root: Vec<u64>,
}

/// Split each dividend `d` by the validator's stakes (dtao-spec §7.5): root part
/// `floor(d × r / (a + r))` with `a` its alpha on the subnet and `r` its root stake × TaoWeight
/// (0 if both are 0), alpha part the rest.
fn dividend_parts(
    state: &State,
    netuid: NetUid,
    hotkeys: &[AccountId],
    dividends: &[u64],
) -> DividendParts {
    let tao_weight = crate::units::u64_ratio(state.params.tao_weight);
    let (alpha, root) = hotkeys
        .iter()
        .zip(dividends)
        .map(|(hotkey, dividend)| {
            let alpha = U96F32::from_num(state.hotkey_alpha(hotkey, netuid));
            let root = U96F32::from_num(state.hotkey_alpha(hotkey, NetUid::ROOT))
                .saturating_mul(tao_weight);
            let root_fraction = root
                .checked_div(alpha.saturating_add(root))
                .unwrap_or_else(|| U96F32::from_num(0));
            let root_part = crate::units::mul_floor(*dividend, root_fraction).min(*dividend);
            (dividend - root_part, root_part)
        })
        .unzip();
    DividendParts {
        total: dividends.to_vec(),
        alpha,
        root,
    }
}

/// Pay the validator pot (alpha) pro rata to the alpha parts — to the whole dividends if every
/// alpha part is 0, recycled if there is no dividend at all — and the root TAO pot pro rata to
/// the root parts (recycled if they are all 0).
fn pay_dividends(
    state: &mut State,
    netuid: NetUid,
    hotkeys: &[AccountId],
    parts: &DividendParts,
    alpha_pot: u64,
    root_tao_pot: u64,
    events: &mut Vec<Event>,
) {
    let alpha_weights = if parts.alpha.iter().any(|x| *x > 0) {
        &parts.alpha
    } else {
        &parts.total
    };
    if alpha_weights.iter().all(|x| *x == 0) {
        recycle_alpha(state, netuid, alpha_pot);
    } else {
        let amounts = economics::split_pro_rata(alpha_pot, alpha_weights);
        for (hotkey, amount) in hotkeys.iter().zip(amounts) {
            pay_alpha_dividend(state, netuid, hotkey, amount, events);
        }
    }
    if root_tao_pot == 0 {
        return;
    }
    if parts.root.iter().all(|x| *x == 0) {
        state.recycle_tao(root_tao_pot);
        return;
    }
    let amounts = economics::split_pro_rata(root_tao_pot, &parts.root);
    for (hotkey, amount) in hotkeys.iter().zip(amounts) {
        pay_root_dividend(state, hotkey, amount, events);
    }
}

/// Delegate take to `(hotkey, owner)`, the rest to the hotkey's nominators on `netuid`.
fn pay_alpha_dividend(
    state: &mut State,
    netuid: NetUid,
    hotkey: &AccountId,
    amount: u64,
    events: &mut Vec<Event>,
) {
    if amount == 0 {
        return;
    }
    let take = economics::take_of_amount(amount, state.take_of(hotkey));
    let coldkey = coldkey_of(state, hotkey);
    stake_alpha(state, hotkey, &coldkey, netuid, take);
    distribute_alpha(state, hotkey, netuid, amount - take);
    events.push(Event::EmissionPaid(*hotkey, netuid, amount));
}

/// R1 root dividend in TAO: take staked on root to `(hotkey, owner)`, the rest added to the
/// hotkey's root pool (root nominators earn pro rata).
fn pay_root_dividend(state: &mut State, hotkey: &AccountId, amount: u64, events: &mut Vec<Event>) {
    if amount == 0 {
        return;
    }
    let take = economics::take_of_amount(amount, state.take_of(hotkey));
    let coldkey = coldkey_of(state, hotkey);
    let credited = state
        .credit_stake(hotkey, &coldkey, NetUid::ROOT, take)
        .is_ok();
    settle_root_tao(state, credited, take);
    let rest = amount - take;
    let distributed = state
        .distribute_to_hotkey(hotkey, NetUid::ROOT, rest)
        .is_ok();
    settle_root_tao(state, distributed, rest);
    events.push(Event::EmissionPaid(*hotkey, NetUid::ROOT, amount));
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::hyperparams::NetworkParams;
    use crate::state::WeightCommit;
    use std::collections::VecDeque;

    fn subnet_with_neurons() -> (State, NetUid) {
        let mut state = State::new(NetworkParams::default());
        let netuid = NetUid(3);
        let mut subnet = Subnet::new(
            netuid,
            AccountId::from_seed_byte(1),
            AccountId::from_seed_byte(2),
            0,
        );
        for seed in [2u8, 7] {
            let hotkey = AccountId::from_seed_byte(seed);
            let uid = subnet.n();
            subnet.neurons.push(Neuron {
                hotkey,
                ..Neuron::default()
            });
            subnet.uids.insert(hotkey, uid);
        }
        state.subnets.insert(netuid, subnet);
        (state, netuid)
    }

    #[test]
    fn schedule_follows_dynamic_tempo() {
        let (state, netuid) = subnet_with_neurons();
        let mut subnet = state.subnet(netuid).unwrap().clone();
        subnet.hyperparams.tempo = 10;
        subnet.last_epoch_block = 100;
        assert!(!epoch_due(&subnet, 109));
        assert!(epoch_due(&subnet, 110));
        assert!(!epoch_due(&subnet, 50));
        subnet.blocks_since_last_step = MAX_TEMPO + 1;
        assert!(epoch_due(&subnet, 101));
        subnet.hyperparams.tempo = 0;
        assert!(!epoch_due(&subnet, 1_000_000));
    }

    #[test]
    fn emission_needs_start_call_and_subtoken() {
        let (mut state, netuid) = subnet_with_neurons();
        assert!(!is_emitting(state.subnet(netuid).unwrap(), 10));
        let subnet = state.subnet_mut(netuid).unwrap();
        subnet.first_emission_block = Some(10);
        assert!(!is_emitting(subnet, 10));
        subnet.subtoken_enabled = true;
        assert!(!is_emitting(subnet, 9));
        assert!(is_emitting(subnet, 10));
        assert!(!is_emitting(state.subnet(NetUid::ROOT).unwrap(), 10));
    }

    #[test]
    fn epoch_arguments_map_hyperparameters_and_commits() {
        let (mut state, netuid) = subnet_with_neurons();
        state.block = 500;
        let subnet = state.subnet_mut(netuid).unwrap();
        subnet.hyperparams.liquid_alpha_on = true;
        subnet.hyperparams.commit_reveal_weights_enabled = true;
        subnet.last_epoch_block = 140;
        subnet.pending.server = 5;
        subnet.pending.validator = 3;
        subnet.pending.alpha_swapped = 2;
        subnet.pending.owner_cut = 100;
        let commits = VecDeque::from(vec![
            WeightCommit {
                hash: [0; 32],
                epoch: 1,
                block: 480,
            },
            WeightCommit {
                hash: [1; 32],
                epoch: 1,
                block: 490,
            },
        ]);
        subnet
            .weight_commits
            .insert(AccountId::from_seed_byte(7), commits);
        let (params, input) = epoch_arguments(&state, netuid).unwrap();
        assert_eq!(params.emission_rao, 10);
        assert_eq!(params.owner_uid, Some(0));
        assert_eq!(params.last_mechanism_step_block, 140);
        assert_eq!(params.block, 500);
        assert_eq!(
            params.bonds_model,
            BondsModel::Yuma3 {
                liquid_alpha: Some(LiquidAlpha::default())
            }
        );
        assert_eq!(input.commit_blocks, Some(vec![u64::MAX, 480]));
        assert!(input.validate().is_ok());
        state.subnet_mut(netuid).unwrap().hyperparams.yuma3_on = false;
        let (params, _) = epoch_arguments(&state, netuid).unwrap();
        assert_eq!(params.bonds_model, BondsModel::Classic);
    }

    #[test]
    fn root_only_validators_still_share_the_alpha_pot() {
        let (mut state, netuid) = subnet_with_neurons();
        let hotkeys = [AccountId::from_seed_byte(2), AccountId::from_seed_byte(7)];
        state
            .credit_stake(&hotkeys[0], &hotkeys[0], NetUid::ROOT, 1_000)
            .unwrap();
        let parts = dividend_parts(&state, netuid, &hotkeys, &[300, 100]);
        assert_eq!(parts.alpha, vec![0, 100]);
        assert_eq!(parts.root, vec![300, 0]);
        let parts = dividend_parts(&state, netuid, &hotkeys[..1], &[300]);
        let mut events = Vec::new();
        state.subnet_mut(netuid).unwrap().alpha_out = 1_000;
        pay_dividends(
            &mut state,
            netuid,
            &hotkeys[..1],
            &parts,
            1_000,
            0,
            &mut events,
        );
        assert_eq!(state.hotkey_alpha(&hotkeys[0], netuid), 1_000);
        assert_eq!(events, vec![Event::EmissionPaid(hotkeys[0], netuid, 1_000)]);
    }
}
