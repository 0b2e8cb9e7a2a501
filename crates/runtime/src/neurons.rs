//! Neuron registration and serving: `burned_register` / `register` (yuma-spec §7.1, PoW arguments
//! ignored as at HEAD), `root_register` (dtao-spec §11), `serve_axon` and `serve_prometheus`, the
//! per-block registration price decay (§7.2, [`decay_burns`]) and uid assignment and pruning
//! (§7.3, §7.4).
//!
//! Invariants:
//! - every call validates everything first (in subtensor's check order, so the first failing
//!   check names the error) and only then writes: an `Err` leaves the state unchanged;
//! - a registration moves `Burn` TAO from the coldkey (kept alive) into the subnet pool, so
//!   `total_issuance == balances_issuance + Σ tao_reserve + Σ root_divs_tao` still holds; the
//!   alpha it buys leaves circulation (it never reaches `alpha_out`), so the per-subnet alpha
//!   equality `alpha_out == Σ stake + pending + alpha_burned` still holds and alpha issuance
//!   (`alpha_in + alpha_out`) drops by the alpha bought;
//! - `Subnet::neurons` stays dense in `0..n` with `Subnet::uids` its inverse; a replaced uid is
//!   cleared exactly as `clear_neuron` does on chain (outputs zeroed, own weight and bond rows
//!   removed, weights pointing at it zeroed in place);
//! - the subnet owner hotkey (and up to `ImmuneOwnerUidsLimit` owner hotkeys) is never pruned;
//! - prices stay in `[min_burn, max_burn]` after every decay and bump.

use crate::call::SubtensorCall;
use crate::error::Error;
use crate::event::Event;
use crate::hyperparams::SubnetHyperparams;
use crate::state::{AxonInfo, Mechanism, Neuron, PrometheusInfo, State, Subnet};
use dtao_primitives::{AccountId, NetUid, TaoRao};
use dtao_swap::DEFAULT_MINIMUM_POOL_LIQUIDITY;

/// 1.0 in Q32 fixed point.
const Q32_ONE: u64 = 1 << 32;

/// 0.5 in Q32 fixed point.
const Q32_HALF: u64 = 1 << 31;

/// `MaxRegistrationsPerBlock` as it applies to root registration (subnets do not enforce it at
/// HEAD; the counter is reset every block by [`decay_burns`]).
pub const ROOT_MAX_REGISTRATIONS_PER_BLOCK: u16 = 1;

/// Dispatch a neurons call signed by `who`: the paying coldkey for registrations, the serving
/// hotkey for `serve_axon` / `serve_prometheus`.
pub fn dispatch(
    state: &mut State,
    who: AccountId,
    call: SubtensorCall,
    events: &mut Vec<Event>,
) -> Result<(), Error> {
    use SubtensorCall as C;
    match call {
        // `register`'s PoW fields and its `coldkey` argument are ignored: at HEAD it is the same
        // burned registration, paid by the signer.
        C::BurnedRegister { netuid, hotkey } | C::Register { netuid, hotkey, .. } => {
            burned_register(state, who, netuid, hotkey, events).map(|_| ())
        }
        C::RegisterLimit {
            netuid,
            hotkey,
            limit_price,
        } => {
            let burn = state.subnet(netuid)?.hyperparams.burn;
            if burn > limit_price {
                return Err(Error::SlippageTooHigh);
            }
            burned_register(state, who, netuid, hotkey, events).map(|_| ())
        }
        C::RootRegister { hotkey } => root_register(state, who, hotkey, events).map(|_| ()),
        C::ServeAxon {
            netuid,
            version,
            ip,
            port,
            ip_type,
            protocol,
            placeholder1,
            placeholder2,
        } => {
            let axon = AxonInfo {
                block: 0,
                version,
                ip,
                port,
                ip_type,
                protocol,
                placeholder1,
                placeholder2,
            };
            serve_axon(state, who, netuid, axon, events)
        }
        C::ServePrometheus {
            netuid,
            version,
            ip,
            port,
            ip_type,
        } => {
            let prometheus = PrometheusInfo {
                block: 0,
                version,
                ip,
                port,
                ip_type,
            };
            serve_prometheus(state, who, netuid, prometheus, events)
        }
        _ => Err(Error::CallDisabled),
    }
}

// ---- registration -------------------------------------------------------------------------

/// Where a new neuron goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    /// A new uid `n`.
    Append,
    /// Replace this uid.
    Replace(u16),
}

/// Everything a validated burned registration will write.
#[derive(Clone, Copy, Debug)]
struct RegistrationPlan {
    burn_rao: u64,
    swapped_rao: u64,
    tao_reserve_after: u64,
    alpha_in_after: u64,
    next_burn_rao: u64,
    slot: Slot,
}

/// `burned_register(netuid, hotkey)` paid by `coldkey` (yuma-spec §7.1). Returns the uid.
///
/// Checks, in order: not root (`RegistrationNotPermittedOnRootSubnet`); subnet exists
/// (`SubnetNotExists`); registration allowed (`SubNetRegistrationDisabled`); hotkey not yet on
/// the subnet (`HotKeyAlreadyRegisteredInSubNet`); the coldkey can pay `Burn` and stay alive
/// (`NotEnoughBalanceToStake`); the hotkey is unowned or owned by the coldkey
/// (`NonAssociatedColdKey`); `MaxAllowedUids != 0` and, if full, a uid can be pruned
/// (`NoNeuronIdAvailable`); the pool can sell the alpha (`InsufficientLiquidity`).
///
/// Then: the burn leaves the coldkey and enters `SubnetTAO`; `burn − fee` is swapped for alpha
/// (the flat staking fee stays in the pool, as for a stake) and the alpha bought is recycled;
/// the neuron takes its uid; the price is bumped; counters and `NeuronRegistered` follow.
pub fn burned_register(
    state: &mut State,
    coldkey: AccountId,
    netuid: NetUid,
    hotkey: AccountId,
    events: &mut Vec<Event>,
) -> Result<u16, Error> {
    let plan = plan_registration(state, &coldkey, netuid, &hotkey)?;
    // Validated above: none of the writes below can fail.
    state.withdraw(&coldkey, plan.burn_rao, true)?;
    state.associate_hotkey(&coldkey, &hotkey)?;
    state.total_stake = state.total_stake.saturating_add(plan.burn_rao);
    let block = state.block;
    let subnet = state.subnet_mut(netuid)?;
    subnet.tao_reserve = plan.tao_reserve_after;
    subnet.alpha_in = plan.alpha_in_after;
    subnet.volume = subnet.volume.saturating_add(u128::from(plan.swapped_rao));
    let uid = match plan.slot {
        Slot::Append => append_neuron(subnet, hotkey, block),
        Slot::Replace(uid) => {
            replace_neuron(subnet, uid, hotkey, block);
            uid
        }
    };
    subnet.hyperparams.burn = plan.next_burn_rao;
    subnet.registrations_this_block = subnet.registrations_this_block.saturating_add(1);
    subnet.rao_recycled_for_registration = subnet
        .rao_recycled_for_registration
        .saturating_add(plan.burn_rao);
    events.push(Event::NeuronRegistered(netuid, uid, hotkey));
    Ok(uid)
}

/// Validate a burned registration and compute what it writes, without changing anything.
fn plan_registration(
    state: &State,
    coldkey: &AccountId,
    netuid: NetUid,
    hotkey: &AccountId,
) -> Result<RegistrationPlan, Error> {
    if netuid.is_root() {
        return Err(Error::RegistrationNotPermittedOnRootSubnet);
    }
    let subnet = state.subnet(netuid)?;
    if !subnet.hyperparams.registration_allowed {
        return Err(Error::SubNetRegistrationDisabled);
    }
    if subnet.uids.contains_key(hotkey) {
        return Err(Error::HotKeyAlreadyRegisteredInSubNet);
    }
    let burn_rao = subnet.hyperparams.burn;
    if burn_rao > 0 && !state.can_withdraw_keep_alive(coldkey, burn_rao) {
        return Err(Error::NotEnoughBalanceToStake);
    }
    if state
        .owner_of(hotkey)
        .is_some_and(|owner| owner != *coldkey)
    {
        return Err(Error::NonAssociatedColdKey);
    }
    let slot = choose_slot(state, subnet)?;
    let (swapped_rao, tao_reserve_after, alpha_in_after) =
        buy_alpha_to_recycle(state, subnet, burn_rao)?;
    Ok(RegistrationPlan {
        burn_rao,
        swapped_rao,
        tao_reserve_after,
        alpha_in_after,
        next_burn_rao: bumped_burn(&subnet.hyperparams),
        slot,
    })
}

/// Append if there is room, else the uid §7.4 prunes; `NoNeuronIdAvailable` if neither.
fn choose_slot(state: &State, subnet: &Subnet) -> Result<Slot, Error> {
    let max_uids = subnet.hyperparams.max_allowed_uids;
    if max_uids == 0 {
        return Err(Error::NoNeuronIdAvailable);
    }
    if subnet.n() < max_uids {
        return Ok(Slot::Append);
    }
    neuron_to_prune(state, subnet)
        .map(Slot::Replace)
        .ok_or(Error::NoNeuronIdAvailable)
}

/// Swap `burn_rao` TAO into the pool as a stake would (flat fee kept in `SubnetTAO`, the rest
/// through the curve). Returns `(TAO swapped, SubnetTAO after, SubnetAlphaIn after)`. A burn not
/// above the fee buys nothing and is all kept by the pool.
fn buy_alpha_to_recycle(
    state: &State,
    subnet: &Subnet,
    burn_rao: u64,
) -> Result<(u64, u64, u64), Error> {
    let fee_rao = match subnet.mechanism {
        Mechanism::Stable => 0,
        Mechanism::Dynamic => state.params.staking_fee.min(burn_rao),
    };
    let swapped_rao = burn_rao - fee_rao;
    if swapped_rao == 0 {
        let tao_after = subnet
            .tao_reserve
            .checked_add(burn_rao)
            .ok_or(Error::Overflow)?;
        return Ok((0, tao_after, subnet.alpha_in));
    }
    let swap = subnet
        .pool()
        .swap_tao_for_alpha(TaoRao(swapped_rao), DEFAULT_MINIMUM_POOL_LIQUIDITY)
        .map_err(|err| match err {
            dtao_swap::SwapError::ReserveOverflow => Error::Overflow,
            _ => Error::InsufficientLiquidity,
        })?;
    let tao_after = swap
        .pool_after
        .tao_reserve
        .rao()
        .checked_add(fee_rao)
        .ok_or(Error::Overflow)?;
    let alpha_in_after = match subnet.mechanism {
        Mechanism::Stable => subnet.alpha_in,
        Mechanism::Dynamic => swap.pool_after.alpha_reserve.rao(),
    };
    Ok((swapped_rao, tao_after, alpha_in_after))
}

/// `root_register(hotkey)` signed by `coldkey` (dtao-spec §11). Returns the root uid.
///
/// Checks: root exists (`RootNetworkDoesNotExist`); fewer than
/// [`ROOT_MAX_REGISTRATIONS_PER_BLOCK`] root registrations this block
/// (`TooManyRegistrationsThisBlock`); hotkey not on root (`HotKeyAlreadyRegisteredInSubNet`).
/// With room the hotkey is appended; otherwise it replaces the uid with the least root stake
/// (lowest uid on ties) only if its own root stake is strictly higher (`StakeTooLowForRoot`).
/// No burn. As on chain the hotkey is created for the coldkey if it has no owner, but ownership
/// is not required. A hotkey without a take becomes a delegate at the default take.
pub fn root_register(
    state: &mut State,
    coldkey: AccountId,
    hotkey: AccountId,
    events: &mut Vec<Event>,
) -> Result<u16, Error> {
    let root = state
        .subnet(NetUid::ROOT)
        .map_err(|_| Error::RootNetworkDoesNotExist)?;
    if root.registrations_this_block >= ROOT_MAX_REGISTRATIONS_PER_BLOCK {
        return Err(Error::TooManyRegistrationsThisBlock);
    }
    if root.uids.contains_key(&hotkey) {
        return Err(Error::HotKeyAlreadyRegisteredInSubNet);
    }
    let slot = if root.n() < root.hyperparams.max_allowed_uids {
        Slot::Append
    } else {
        let (lowest_uid, lowest_stake) =
            lowest_root_stake(state, root).ok_or(Error::HotKeyNotRegisteredInSubNet)?;
        if lowest_stake >= state.hotkey_alpha(&hotkey, NetUid::ROOT) {
            return Err(Error::StakeTooLowForRoot);
        }
        Slot::Replace(lowest_uid)
    };
    // Validated: from here nothing can fail.
    if state.owner_of(&hotkey).is_none() {
        state.associate_hotkey(&coldkey, &hotkey)?;
    }
    let default_take = state.params.default_take;
    state.delegate_take.entry(hotkey).or_insert(default_take);
    let block = state.block;
    let root = state.subnet_mut(NetUid::ROOT)?;
    let uid = match slot {
        Slot::Append => append_neuron(root, hotkey, block),
        Slot::Replace(uid) => {
            replace_neuron(root, uid, hotkey, block);
            uid
        }
    };
    root.registrations_this_block = root.registrations_this_block.saturating_add(1);
    events.push(Event::NeuronRegistered(NetUid::ROOT, uid, hotkey));
    Ok(uid)
}

/// The root uid with the least root stake (lowest uid on ties) and that stake.
fn lowest_root_stake(state: &State, root: &Subnet) -> Option<(u16, u64)> {
    root.neurons
        .iter()
        .enumerate()
        .filter_map(|(index, neuron)| {
            let uid = u16::try_from(index).ok()?;
            Some((uid, state.hotkey_alpha(&neuron.hotkey, NetUid::ROOT)))
        })
        .min_by_key(|&(uid, stake)| (stake, uid))
}

// ---- uid assignment (§7.3) ------------------------------------------------------------------

/// Append `hotkey` as uid `n` registered at `block` (`append_neuron`). Returns the uid.
pub fn append_neuron(subnet: &mut Subnet, hotkey: AccountId, block: u64) -> u16 {
    let uid = subnet.n();
    subnet.neurons.push(Neuron {
        hotkey,
        block_at_registration: block,
        last_update: block,
        active: true,
        ..Neuron::default()
    });
    subnet.uids.insert(hotkey, uid);
    uid
}

/// Give `uid` to `hotkey` registered at `block` (`replace_neuron`): the old hotkey loses its uid,
/// axon and prometheus info, and the slot is cleared ([`clear_neuron`]). Stake is untouched. A
/// uid out of range is ignored.
pub fn replace_neuron(subnet: &mut Subnet, uid: u16, hotkey: AccountId, block: u64) {
    let Some(neuron) = subnet.neurons.get_mut(usize::from(uid)) else {
        return;
    };
    let old_hotkey = neuron.hotkey;
    neuron.hotkey = hotkey;
    neuron.block_at_registration = block;
    neuron.axon = None;
    neuron.prometheus = None;
    subnet.uids.remove(&old_hotkey);
    subnet.uids.insert(hotkey, uid);
    clear_neuron(subnet, uid, block);
}

/// Reset a uid's epoch outputs (`clear_neuron` plus the replace-time resets): emission,
/// consensus, incentive, dividends, stake weight and validator trust to 0, permit off, active,
/// `last_update = block`; its own weight and bond rows removed; every other row's weight **to**
/// it set to 0 with the entry kept.
pub fn clear_neuron(subnet: &mut Subnet, uid: u16, block: u64) {
    if let Some(neuron) = subnet.neurons.get_mut(usize::from(uid)) {
        neuron.emission = 0;
        neuron.consensus = 0;
        neuron.incentive = 0;
        neuron.dividends = 0;
        neuron.stake_weight = 0;
        neuron.validator_trust = 0;
        neuron.validator_permit = false;
        neuron.active = true;
        neuron.last_update = block;
        neuron.weights.clear();
        neuron.bonds.clear();
    }
    for neuron in &mut subnet.neurons {
        for (target, weight) in &mut neuron.weights {
            if *target == uid {
                *weight = 0;
            }
        }
    }
}

// ---- pruning (§7.4) -------------------------------------------------------------------------

/// Whether `uid` is still in its immunity period at `block`.
pub fn is_immune(subnet: &Subnet, uid: u16, block: u64) -> bool {
    subnet.neurons.get(usize::from(uid)).is_some_and(|neuron| {
        block.saturating_sub(neuron.block_at_registration)
            < u64::from(subnet.hyperparams.immunity_period)
    })
}

/// Uids that can never be pruned: the subnet owner hotkey first, then the owner coldkey's other
/// registered hotkeys by (registration block, uid), `ImmuneOwnerUidsLimit` in all.
pub fn immune_owner_uids(state: &State, subnet: &Subnet) -> Vec<u16> {
    let limit = usize::from(subnet.hyperparams.immune_owner_uids_limit);
    let mut owned: Vec<(u64, u16)> = state
        .owned_hotkeys
        .get(&subnet.owner_coldkey)
        .into_iter()
        .flatten()
        .filter_map(|hotkey| {
            let uid = *subnet.uids.get(hotkey)?;
            let neuron = subnet.neurons.get(usize::from(uid))?;
            Some((neuron.block_at_registration, uid))
        })
        .collect();
    owned.sort_unstable();
    owned.truncate(limit);
    let mut uids: Vec<u16> = owned.into_iter().map(|(_, uid)| uid).collect();
    if let Some(owner_uid) = subnet.owner_uid() {
        if !uids.contains(&owner_uid) {
            uids.insert(0, owner_uid);
            uids.truncate(limit);
        }
    }
    uids
}

/// The uid a registration into a full subnet replaces (`get_neuron_to_prune`), or `None`.
///
/// Owner-immortal uids are skipped. Among non-immune and among immune uids separately the
/// minimum by (emission, registration block, uid) is taken; the non-immune pick is used only if
/// there are more than `MinNonImmuneUids` non-immune uids, otherwise the immune pick.
pub fn neuron_to_prune(state: &State, subnet: &Subnet) -> Option<u16> {
    let immortal = immune_owner_uids(state, subnet);
    let mut non_immune_count: u64 = 0;
    let mut best_non_immune: Option<(u64, u64, u16)> = None;
    let mut best_immune: Option<(u64, u64, u16)> = None;
    for (index, neuron) in subnet.neurons.iter().enumerate() {
        let Ok(uid) = u16::try_from(index) else {
            break;
        };
        if immortal.contains(&uid) {
            continue;
        }
        let key = (neuron.emission, neuron.block_at_registration, uid);
        let best = if is_immune(subnet, uid, state.block) {
            &mut best_immune
        } else {
            non_immune_count += 1;
            &mut best_non_immune
        };
        if best.is_none_or(|current| key < current) {
            *best = Some(key);
        }
    }
    if non_immune_count > u64::from(subnet.hyperparams.min_non_immune_uids) {
        if let Some((_, _, uid)) = best_non_immune {
            return Some(uid);
        }
    }
    best_immune.map(|(_, _, uid)| uid)
}

// ---- registration price (§7.2) --------------------------------------------------------------

/// `floor(value × factor / 2^32)`, saturating at `u64::MAX`.
pub fn mul_q32(value: u64, factor_q32: u64) -> u64 {
    let product = u128::from(value) * u128::from(factor_q32);
    u64::try_from(product >> 32).unwrap_or(u64::MAX)
}

/// `base^exp` in Q32 by square-and-multiply (least significant bit first), every product
/// floor-truncated by [`mul_q32`].
pub fn pow_q32(base_q32: u64, exp: u16) -> u64 {
    let mut result = Q32_ONE;
    let mut factor = base_q32;
    let mut power = exp;
    while power > 0 {
        if power & 1 == 1 {
            result = mul_q32(result, factor);
        }
        power >>= 1;
        if power > 0 {
            factor = mul_q32(factor, factor);
        }
    }
    result
}

/// Per-block decay factor in Q32: the largest `f` with `pow_q32(f, half_life) ≤ 0.5`, by binary
/// search over `[0, 1)`; 1.0 for a zero half-life.
pub fn decay_factor_q32(half_life: u16) -> u64 {
    if half_life == 0 {
        return Q32_ONE;
    }
    let (mut low, mut high) = (0_u64, Q32_ONE);
    while low + 1 < high {
        let mid = low + (high - low) / 2;
        if pow_q32(mid, half_life) > Q32_HALF {
            high = mid;
        } else {
            low = mid;
        }
    }
    low
}

/// `value` clamped to `[min_burn, max_burn]` (the minimum wins if the bounds cross, as on chain).
fn clamp_burn(value: u64, hyperparams: &SubnetHyperparams) -> u64 {
    let capped = value.min(hyperparams.max_burn);
    capped.max(hyperparams.min_burn)
}

/// The price after one registration: `floor(burn × max(1, BurnIncreaseMult))`, clamped.
pub fn bumped_burn(hyperparams: &SubnetHyperparams) -> u64 {
    let parts = hyperparams.burn_increase_mult.0.max(1_000_000_000);
    let product = u128::from(hyperparams.burn) * u128::from(parts) / 1_000_000_000;
    clamp_burn(u64::try_from(product).unwrap_or(u64::MAX), hyperparams)
}

/// The price after one block of decay at `block`: `floor(burn × f / 2^32)` when
/// `BurnHalfLife > 0` and `block > 1`, then clamped (the clamp applies in any case).
pub fn decayed_burn(hyperparams: &SubnetHyperparams, block: u64) -> u64 {
    let half_life = hyperparams.burn_half_life;
    let decayed = if half_life > 0 && block > 1 {
        mul_q32(hyperparams.burn, decay_factor_q32(half_life))
    } else {
        hyperparams.burn
    };
    clamp_burn(decayed, hyperparams)
}

/// Block-step part 1 for every subnet, root included (HEAD
/// `update_registration_prices_for_networks`): decay and clamp the registration price, and reset
/// `registrations_this_block`. Call once per block after the block number has advanced.
pub fn decay_burns(state: &mut State) {
    let block = state.block;
    for subnet in state.subnets.values_mut() {
        subnet.hyperparams.burn = decayed_burn(&subnet.hyperparams, block);
        subnet.registrations_this_block = 0;
    }
}

// ---- serving ----------------------------------------------------------------------------------

/// Whether `ip_type` is 4 or 6.
pub fn is_valid_ip_type(ip_type: u8) -> bool {
    ip_type == 4 || ip_type == 6
}

/// Address check of subtensor: 0 only if `allow_zero`; IPv4 below `u32::MAX` and not 127.0.0.1;
/// IPv6 not `u128::MAX` and not `::1`.
pub fn is_valid_ip_address(ip_type: u8, ip: u128, allow_zero: bool) -> bool {
    if ip == 0 {
        return allow_zero;
    }
    match ip_type {
        4 => ip < u128::from(u32::MAX) && ip != 0x7f00_0001,
        6 => ip != u128::MAX && ip != 1,
        _ => true,
    }
}

/// Serving rate limit: passes if the limit is 0, nothing was served yet (block 0) or at least
/// `ServingRateLimit` blocks have passed.
fn passes_serving_rate_limit(rate_limit: u64, last_block: u64, block: u64) -> bool {
    rate_limit == 0 || last_block == 0 || block.saturating_sub(last_block) >= rate_limit
}

/// `serve_axon` signed by `hotkey`: checks registration on `netuid`
/// (`HotKeyNotRegisteredInNetwork`), ip type (`InvalidIpType`), address (`InvalidIpAddress`; 0 is
/// accepted for axons), rate limit (`ServingRateLimitExceeded`), port (`InvalidPort`); stores the
/// axon stamped with the current block. `axon.block` is ignored.
pub fn serve_axon(
    state: &mut State,
    hotkey: AccountId,
    netuid: NetUid,
    axon: AxonInfo,
    events: &mut Vec<Event>,
) -> Result<(), Error> {
    let block = state.block;
    let subnet = state
        .subnets
        .get_mut(&netuid)
        .ok_or(Error::HotKeyNotRegisteredInNetwork)?;
    let rate_limit = subnet.hyperparams.serving_rate_limit;
    let neuron = registered_neuron(subnet, &hotkey)?;
    if !is_valid_ip_type(axon.ip_type) {
        return Err(Error::InvalidIpType);
    }
    if !is_valid_ip_address(axon.ip_type, axon.ip, true) {
        return Err(Error::InvalidIpAddress);
    }
    let last_block = neuron.axon.as_ref().map_or(0, |prev| prev.block);
    if !passes_serving_rate_limit(rate_limit, last_block, block) {
        return Err(Error::ServingRateLimitExceeded);
    }
    if axon.port == 0 {
        return Err(Error::InvalidPort);
    }
    neuron.axon = Some(AxonInfo { block, ..axon });
    events.push(Event::AxonServed(netuid, hotkey));
    Ok(())
}

/// `serve_prometheus` signed by `hotkey`: checks ip type (`InvalidIpType`), address
/// (`InvalidIpAddress`; 0 refused), registration on `netuid` (`HotKeyNotRegisteredInNetwork`),
/// rate limit (`ServingRateLimitExceeded`), port (`InvalidPort`); stores the endpoint stamped
/// with the current block. `prometheus.block` is ignored.
pub fn serve_prometheus(
    state: &mut State,
    hotkey: AccountId,
    netuid: NetUid,
    prometheus: PrometheusInfo,
    events: &mut Vec<Event>,
) -> Result<(), Error> {
    if !is_valid_ip_type(prometheus.ip_type) {
        return Err(Error::InvalidIpType);
    }
    if !is_valid_ip_address(prometheus.ip_type, prometheus.ip, false) {
        return Err(Error::InvalidIpAddress);
    }
    let block = state.block;
    let subnet = state
        .subnets
        .get_mut(&netuid)
        .ok_or(Error::HotKeyNotRegisteredInNetwork)?;
    let rate_limit = subnet.hyperparams.serving_rate_limit;
    let neuron = registered_neuron(subnet, &hotkey)?;
    let last_block = neuron.prometheus.as_ref().map_or(0, |prev| prev.block);
    if !passes_serving_rate_limit(rate_limit, last_block, block) {
        return Err(Error::ServingRateLimitExceeded);
    }
    if prometheus.port == 0 {
        return Err(Error::InvalidPort);
    }
    neuron.prometheus = Some(PrometheusInfo {
        block,
        ..prometheus
    });
    events.push(Event::PrometheusServed(netuid, hotkey));
    Ok(())
}

/// The neuron of `hotkey` on `subnet`, or `HotKeyNotRegisteredInNetwork`.
fn registered_neuron<'a>(
    subnet: &'a mut Subnet,
    hotkey: &AccountId,
) -> Result<&'a mut Neuron, Error> {
    let uid = *subnet
        .uids
        .get(hotkey)
        .ok_or(Error::HotKeyNotRegisteredInNetwork)?;
    subnet
        .neurons
        .get_mut(usize::from(uid))
        .ok_or(Error::HotKeyNotRegisteredInNetwork)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::units::Perbill64;

    fn params(burn: u64, half_life: u16, mult: u64) -> SubnetHyperparams {
        SubnetHyperparams {
            burn,
            burn_half_life: half_life,
            burn_increase_mult: Perbill64::from_parts(mult),
            min_burn: 0,
            max_burn: u64::MAX,
            ..SubnetHyperparams::default()
        }
    }

    #[test]
    fn q32_primitives() {
        assert_eq!(mul_q32(1_000, Q32_HALF), 500);
        assert_eq!(mul_q32(u64::MAX, u64::MAX), u64::MAX);
        assert_eq!(pow_q32(Q32_HALF, 2), 1 << 30);
        assert_eq!(pow_q32(12_345, 0), Q32_ONE);
        assert_eq!(decay_factor_q32(0), Q32_ONE);
        assert_eq!(decay_factor_q32(1), Q32_HALF);
        for half_life in [2_u16, 7, 360, 1_000, 36_100] {
            let f = decay_factor_q32(half_life);
            assert!(pow_q32(f, half_life) <= Q32_HALF);
            assert!(pow_q32(f + 1, half_life) > Q32_HALF);
        }
    }

    #[test]
    fn decay_skips_early_blocks_and_zero_half_life() {
        assert_eq!(decayed_burn(&params(1_000, 1, 1_000_000_000), 1), 1_000);
        assert_eq!(decayed_burn(&params(1_000, 0, 1_000_000_000), 5), 1_000);
        assert_eq!(decayed_burn(&params(1_000, 1, 1_000_000_000), 2), 500);
    }

    #[test]
    fn bump_uses_at_least_one_and_exact_multiplier() {
        assert_eq!(bumped_burn(&params(1_000, 0, 500_000_000)), 1_000);
        assert_eq!(
            bumped_burn(&params(1_000_000_000, 0, 1_260_000_000)),
            1_260_000_000
        );
        assert_eq!(bumped_burn(&params(u64::MAX, 0, 3_000_000_000)), u64::MAX);
    }

    #[test]
    fn ip_checks() {
        assert!(is_valid_ip_address(4, 0, true));
        assert!(!is_valid_ip_address(4, 0, false));
        assert!(!is_valid_ip_address(4, 0x7f00_0001, true));
        assert!(!is_valid_ip_address(4, u128::from(u32::MAX), true));
        assert!(is_valid_ip_address(4, 0x0a00_0001, true));
        assert!(!is_valid_ip_address(6, 1, true));
        assert!(!is_valid_ip_address(6, u128::MAX, true));
        assert!(is_valid_ip_address(6, 1 << 100, true));
    }

    #[test]
    fn clear_neuron_zeroes_incoming_weights_keeping_entries() {
        let mut subnet = Subnet::new(NetUid(1), AccountId::default(), AccountId::default(), 0);
        for seed in 1..=3 {
            append_neuron(&mut subnet, AccountId::from_seed_byte(seed), 0);
        }
        subnet.neurons[0].weights = vec![(1, 10), (2, 20)];
        subnet.neurons[1].weights = vec![(0, 5), (1, 7)];
        subnet.neurons[1].bonds = vec![(0, 9)];
        subnet.neurons[2].bonds = vec![(1, 3)];
        subnet.neurons[1].emission = 42;
        subnet.neurons[1].validator_permit = true;
        replace_neuron(&mut subnet, 1, AccountId::from_seed_byte(9), 77);
        assert_eq!(subnet.neurons[0].weights, vec![(1, 0), (2, 20)]);
        assert!(subnet.neurons[1].weights.is_empty());
        assert!(subnet.neurons[1].bonds.is_empty());
        assert_eq!(subnet.neurons[2].bonds, vec![(1, 3)]);
        assert_eq!(subnet.neurons[1].emission, 0);
        assert!(!subnet.neurons[1].validator_permit);
        assert_eq!(subnet.neurons[1].last_update, 77);
        assert_eq!(subnet.neurons[1].block_at_registration, 77);
        assert_eq!(subnet.uids.get(&AccountId::from_seed_byte(9)), Some(&1));
        assert!(!subnet.uids.contains_key(&AccountId::from_seed_byte(2)));
    }
}
