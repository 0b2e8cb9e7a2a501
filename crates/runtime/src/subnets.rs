//! Subnet lifecycle (dtao-spec §10, R1 economics with the later lifecycle rules):
//! `register_network` / `register_network_with_identity`, `start_call`, `set_subnet_identity`
//! and `dissolve_network` (root), plus the lock cost, the prune pick and the liquidation of a
//! subnet's pool to its alpha holders.
//!
//! Registration, in order of checks: the hotkey is free or already the caller's
//! (`NonAssociatedColdKey`); the identity, if any, is within its field limits
//! (`InvalidIdentity`); the network rate limit has passed (`NetworkTxRateLimitExceeded`); at the
//! subnet limit a non-immune subnet must exist to prune (`SubnetLimitReached`); the caller pays
//! the lock cost and stays alive (`CannotAffordLockCost`). Then the victim (if any) is dissolved
//! and its netuid reused, else the lowest free netuid ≥ 1 is taken.
//!
//! R1 pool initialisation: the pool starts with `y = x = NetworkMinLockCost` (price 1.0); the rest
//! of the lock is recycled (lowers `TotalIssuance`); `SubnetLocked` = the lock paid; the owner
//! receives nothing else. The owner hotkey takes uid 0.
//!
//! Invariants kept by every call: a rejected call changes nothing; TAO is conserved
//! (`total_issuance == balances_issuance + Σ tao_reserve + Σ pending.root_divs_tao`): the lock
//! leaves the balances and either enters the pool or is recycled, and a dissolved pool is paid
//! out to free balances or recycled; `total_stake` follows the pool TAO.

use crate::call::SubtensorCall;
use crate::dispatch::Origin;
use crate::error::Error;
use crate::event::Event;
use crate::hyperparams::SubnetHyperparams;
use crate::state::{Neuron, State, Subnet, SubnetIdentity};
use dtao_primitives::{AccountId, NetUid, RAO_PER_TAO};
use std::collections::BTreeMap;

/// Mechanism id of a dynamic (pool) subnet, as reported by `NetworkAdded`.
pub const DYNAMIC_MECHANISM_ID: u16 = 1;

/// Longest subnet name and discord handle, in bytes.
pub const MAX_IDENTITY_SHORT_FIELD_LEN: usize = 256;

/// Longest other identity field, in bytes.
pub const MAX_IDENTITY_LONG_FIELD_LEN: usize = 1024;

/// Dispatch a subnet lifecycle call. `DissolveNetwork` needs root; the others a signed coldkey.
pub fn dispatch(
    state: &mut State,
    origin: Origin,
    call: SubtensorCall,
    events: &mut Vec<Event>,
) -> Result<(), Error> {
    match call {
        SubtensorCall::RegisterNetwork { hotkey } => {
            register_network(state, origin.signer()?, hotkey, None, events).map(|_| ())
        }
        SubtensorCall::RegisterNetworkWithIdentity { hotkey, identity } => {
            register_network(state, origin.signer()?, hotkey, identity, events).map(|_| ())
        }
        SubtensorCall::StartCall { netuid } => start_call(state, origin.signer()?, netuid, events),
        SubtensorCall::SetSubnetIdentity { netuid, identity } => {
            set_subnet_identity(state, origin.signer()?, netuid, identity, events)
        }
        SubtensorCall::DissolveNetwork { coldkey, netuid } => {
            origin.ensure_root()?;
            dissolve_network(state, coldkey, netuid, events)
        }
        _ => Err(Error::CallDisabled),
    }
}

// ---- lock cost ----------------------------------------------------------------------------

/// The lock cost a `register_network` would pay now (dtao-spec §10.1), in rao.
pub fn network_lock_cost(state: &State) -> u64 {
    lock_cost_at(
        state.network_last_lock_cost,
        state.network_last_registered_block,
        state.block,
        lock_reduction_interval(
            state.params.network_lock_reduction_interval,
            state.block_emission,
        ),
        state.params.network_min_lock_cost,
    )
}

/// Blocks for the doubled lock to decay by `L0`: `floor(base_interval × emission / 10^9)`, with
/// the emission taken as 1 TAO while `block_emission_rao` is 0 (so it halves after a halving).
pub fn lock_reduction_interval(base_interval_blocks: u64, block_emission_rao: u64) -> u64 {
    let emission = if block_emission_rao == 0 {
        RAO_PER_TAO
    } else {
        block_emission_rao
    };
    let scaled = u128::from(base_interval_blocks) * u128::from(emission) / u128::from(RAO_PER_TAO);
    u64::try_from(scaled).unwrap_or(u64::MAX)
}

/// `max(mult × L0 − floor(L0 / interval) × (now − B0), floor)` with `mult = 1` if `B0 == 0`
/// (never registered) else 2, saturating at 0; a zero interval means no decay (`safe_div`).
pub fn lock_cost_at(
    last_lock_rao: u64,
    last_registered_block: u64,
    now: u64,
    interval_blocks: u64,
    min_lock_rao: u64,
) -> u64 {
    let mult = if last_registered_block == 0 { 1 } else { 2 };
    let per_block = last_lock_rao.checked_div(interval_blocks).unwrap_or(0);
    let decay = per_block.saturating_mul(now.saturating_sub(last_registered_block));
    last_lock_rao
        .saturating_mul(mult)
        .saturating_sub(decay)
        .max(min_lock_rao)
}

// ---- register_network ---------------------------------------------------------------------

/// Create a subnet owned by `coldkey` with `hotkey` at uid 0, paying the lock cost; returns its
/// netuid. At the subnet limit the lowest-priced non-immune subnet is dissolved first.
pub fn register_network(
    state: &mut State,
    coldkey: AccountId,
    hotkey: AccountId,
    identity: Option<SubnetIdentity>,
    events: &mut Vec<Event>,
) -> Result<NetUid, Error> {
    if state
        .owner_of(&hotkey)
        .is_some_and(|owner| owner != coldkey)
    {
        return Err(Error::NonAssociatedColdKey);
    }
    if identity.as_ref().is_some_and(|id| !is_valid_identity(id)) {
        return Err(Error::InvalidIdentity);
    }
    ensure_network_rate_limit(state)?;
    let victim = if subnet_count(state) >= usize::from(state.params.subnet_limit) {
        Some(network_to_prune(state).ok_or(Error::SubnetLimitReached)?)
    } else {
        None
    };
    let lock_rao = network_lock_cost(state);
    if !state.can_withdraw_keep_alive(&coldkey, lock_rao) {
        return Err(Error::CannotAffordLockCost);
    }
    let liquidation = victim
        .map(|netuid| plan_liquidation(state, netuid))
        .transpose()?;
    let netuid = match victim {
        Some(netuid) => netuid,
        None => lowest_free_netuid(state).ok_or(Error::SubnetLimitReached)?,
    };

    // Validated: the writes below cannot fail.
    if let Some(plan) = liquidation {
        apply_liquidation(state, &plan, events)?;
    }
    state.withdraw(&coldkey, lock_rao, true)?;
    let pool_rao = lock_rao.min(state.params.network_min_lock_cost);
    state.recycle_tao(lock_rao - pool_rao);
    state.associate_hotkey(&coldkey, &hotkey)?;
    let hyperparams = state.params.new_subnet_hyperparams.clone();
    let has_identity = identity.is_some();
    insert_subnet(
        state,
        NewSubnet {
            netuid,
            owner_coldkey: coldkey,
            owner_hotkey: hotkey,
            locked_rao: lock_rao,
            pool_tao_rao: pool_rao,
            pool_alpha_rao: pool_rao,
            hyperparams,
            identity,
        },
    );
    state.network_last_lock_cost = lock_rao;
    state.network_last_registered_block = state.block;
    if has_identity {
        events.push(Event::SubnetIdentitySet(netuid));
    }
    events.push(Event::NetworkAdded(netuid, DYNAMIC_MECHANISM_ID));
    Ok(netuid)
}

/// `NetworkRateLimit` (dtao-spec §10.5): passes when no subnet was ever registered.
fn ensure_network_rate_limit(state: &State) -> Result<(), Error> {
    let last = state.network_last_registered_block;
    if last == 0 || state.block.saturating_sub(last) >= state.params.network_rate_limit {
        Ok(())
    } else {
        Err(Error::NetworkTxRateLimitExceeded)
    }
}

/// Number of non-root subnets.
fn subnet_count(state: &State) -> usize {
    state
        .subnets
        .keys()
        .filter(|netuid| !netuid.is_root())
        .count()
}

/// The lowest netuid ≥ 1 not in use.
pub fn lowest_free_netuid(state: &State) -> Option<NetUid> {
    (1..=u16::MAX)
        .map(NetUid)
        .find(|netuid| !state.subnets.contains_key(netuid))
}

/// Whether a subnet is still inside `NetworkImmunityPeriod` at the current block (it becomes
/// prunable once `now ≥ registered_at + period`).
pub fn is_immune(state: &State, subnet: &Subnet) -> bool {
    let immune_until = subnet
        .registered_at
        .saturating_add(state.params.network_immunity_period);
    state.block < immune_until
}

/// The subnet a registration at the limit would replace (dtao-spec §10.4): among non-root,
/// non-immune subnets the lowest moving (EMA) price; ties go to the earliest registration, then
/// the lowest netuid.
pub fn network_to_prune(state: &State) -> Option<NetUid> {
    state
        .subnets
        .values()
        .filter(|subnet| !subnet.netuid.is_root() && !is_immune(state, subnet))
        .min_by(|a, b| {
            a.moving_price
                .cmp(&b.moving_price)
                .then(a.registered_at.cmp(&b.registered_at))
                .then(a.netuid.cmp(&b.netuid))
        })
        .map(|subnet| subnet.netuid)
}

/// What a new subnet starts with (registration and genesis).
#[derive(Clone, Debug)]
pub(crate) struct NewSubnet {
    pub(crate) netuid: NetUid,
    pub(crate) owner_coldkey: AccountId,
    pub(crate) owner_hotkey: AccountId,
    pub(crate) locked_rao: u64,
    pub(crate) pool_tao_rao: u64,
    pub(crate) pool_alpha_rao: u64,
    pub(crate) hyperparams: SubnetHyperparams,
    pub(crate) identity: Option<SubnetIdentity>,
}

/// Insert a subnet with its pool, the owner hotkey at uid 0 and a staggered epoch start, and
/// add the pool TAO to `total_stake`. The caller has accounted for the pool TAO (moved from
/// balances, or minted at genesis) and associated the hotkey with the coldkey.
pub(crate) fn insert_subnet(state: &mut State, new: NewSubnet) {
    let now = state.block;
    let mut subnet = Subnet::new(new.netuid, new.owner_coldkey, new.owner_hotkey, now);
    subnet.hyperparams = new.hyperparams;
    subnet.tao_reserve = new.pool_tao_rao;
    subnet.alpha_in = new.pool_alpha_rao;
    subnet.locked = new.locked_rao;
    subnet.identity = new.identity;
    let stagger = u64::from(new.netuid.0)
        .checked_rem(u64::from(subnet.hyperparams.tempo))
        .unwrap_or(0);
    subnet.last_epoch_block = now.saturating_sub(stagger);
    subnet.neurons.push(Neuron {
        hotkey: new.owner_hotkey,
        block_at_registration: now,
        last_update: now,
        active: true,
        ..Neuron::default()
    });
    subnet.uids.insert(new.owner_hotkey, 0);
    state.total_stake = state.total_stake.saturating_add(new.pool_tao_rao);
    state.subnets.insert(new.netuid, subnet);
}

// ---- start_call / identity ----------------------------------------------------------------

/// A non-root subnet owned by `coldkey`: `SubnetNotExists` or `NotSubnetOwner` otherwise.
fn owned_subnet<'a>(
    state: &'a State,
    coldkey: &AccountId,
    netuid: NetUid,
) -> Result<&'a Subnet, Error> {
    if netuid.is_root() {
        return Err(Error::SubnetNotExists);
    }
    let subnet = state.subnet(netuid)?;
    if subnet.owner_coldkey != *coldkey {
        return Err(Error::NotSubnetOwner);
    }
    Ok(subnet)
}

/// `start_call` (dtao-spec §10.3): the owner, once, no earlier than `registered_at +
/// StartCallDelay`, starts emission at the next block and enables staking.
pub fn start_call(
    state: &mut State,
    coldkey: AccountId,
    netuid: NetUid,
    events: &mut Vec<Event>,
) -> Result<(), Error> {
    let now = state.block;
    let delay = state.params.start_call_delay;
    let subnet = owned_subnet(state, &coldkey, netuid)?;
    if subnet.first_emission_block.is_some() {
        return Err(Error::FirstEmissionBlockNumberAlreadySet);
    }
    if now < subnet.registered_at.saturating_add(delay) {
        return Err(Error::NeedWaitingMoreBlocksToStarCall);
    }
    let first_block = now.saturating_add(1);
    let subnet = state.subnet_mut(netuid)?;
    subnet.first_emission_block = Some(first_block);
    subnet.subtoken_enabled = true;
    events.push(Event::FirstEmissionBlockNumberSet(netuid, first_block));
    Ok(())
}

/// Whether every identity field is within subtensor's byte limits (name and discord 256, the
/// others 1 024).
pub fn is_valid_identity(identity: &SubnetIdentity) -> bool {
    let short = [&identity.subnet_name, &identity.discord];
    let long = [
        &identity.github_repo,
        &identity.subnet_contact,
        &identity.subnet_url,
        &identity.description,
        &identity.logo_url,
        &identity.additional,
    ];
    short
        .iter()
        .all(|field| field.len() <= MAX_IDENTITY_SHORT_FIELD_LEN)
        && long
            .iter()
            .all(|field| field.len() <= MAX_IDENTITY_LONG_FIELD_LEN)
}

/// `set_subnet_identity`: the owner replaces the subnet's identity.
pub fn set_subnet_identity(
    state: &mut State,
    coldkey: AccountId,
    netuid: NetUid,
    identity: SubnetIdentity,
    events: &mut Vec<Event>,
) -> Result<(), Error> {
    owned_subnet(state, &coldkey, netuid)?;
    if !is_valid_identity(&identity) {
        return Err(Error::InvalidIdentity);
    }
    state.subnet_mut(netuid)?.identity = Some(identity);
    events.push(Event::SubnetIdentitySet(netuid));
    Ok(())
}

// ---- dissolution --------------------------------------------------------------------------

/// `dissolve_network` (root origin, checked by [`dispatch`]): remove the subnet owned by
/// `coldkey`, liquidating its pool to its alpha holders.
pub fn dissolve_network(
    state: &mut State,
    coldkey: AccountId,
    netuid: NetUid,
    events: &mut Vec<Event>,
) -> Result<(), Error> {
    owned_subnet(state, &coldkey, netuid)?;
    let plan = plan_liquidation(state, netuid)?;
    apply_liquidation(state, &plan, events)
}

/// How a dissolved subnet's pool TAO is shared out (dtao-spec §10.4).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Liquidation {
    /// The subnet.
    pub netuid: NetUid,
    /// The pool's TAO (`SubnetTAO`), in rao.
    pub pot_rao: u64,
    /// TAO credited to each coldkey's free balance, in rao.
    pub payouts: BTreeMap<AccountId, u64>,
    /// Sum of the payouts.
    pub paid_rao: u64,
    /// TAO recycled: the protocol alpha's share of the pot, plus pending root dividends.
    pub recycled_rao: u64,
}

/// One staker's claim on the pot.
struct Portion {
    coldkey: AccountId,
    share_rao: u64,
    remainder: u128,
}

/// Compute the liquidation of `netuid` without changing anything.
///
/// Weights are every `(hotkey, coldkey)` alpha value on the subnet plus the protocol alpha
/// (`SubnetAlphaIn`). Each staker gets `floor(pot × v / Σ)`; the stakers' leftover rao
/// (`floor(Σ remainders / Σ)`) go one each to the largest remainders (ties in (hotkey, coldkey)
/// order); the protocol share is not paid and is recycled. Fails with `BalanceOverflow` if a
/// payout could not be credited.
pub fn plan_liquidation(state: &State, netuid: NetUid) -> Result<Liquidation, Error> {
    let subnet = state.subnet(netuid)?;
    let pot = subnet.tao_reserve;
    let stakers: Vec<(AccountId, u128)> = state
        .stake
        .iter()
        .filter(|((_, stake_netuid), _)| *stake_netuid == netuid)
        .flat_map(|(_, stake)| {
            stake
                .shares
                .iter()
                .map(|(coldkey, share)| (*coldkey, u128::from(stake.pool.value_of(*share))))
        })
        .filter(|(_, value)| *value > 0)
        .collect();
    let total: u128 = stakers
        .iter()
        .fold(u128::from(subnet.alpha_in), |acc, (_, value)| {
            acc.saturating_add(*value)
        });
    let mut portions: Vec<Portion> = Vec::with_capacity(stakers.len());
    let mut remainders: u128 = 0;
    if pot > 0 && total > 0 {
        for (coldkey, value) in stakers {
            let product = u128::from(pot).saturating_mul(value);
            // `value ≤ total`, so each share is at most `pot` and fits a u64.
            let share_rao = u64::try_from(product / total).unwrap_or(pot);
            let remainder = product % total;
            remainders = remainders.saturating_add(remainder);
            portions.push(Portion {
                coldkey,
                share_rao,
                remainder,
            });
        }
    }
    let leftover = usize::try_from(remainders / total.max(1)).unwrap_or(usize::MAX);
    // Stable sort: equal remainders keep (hotkey, coldkey) order.
    portions.sort_by_key(|portion| std::cmp::Reverse(portion.remainder));
    for portion in portions.iter_mut().take(leftover) {
        portion.share_rao = portion.share_rao.saturating_add(1);
    }
    let mut payouts: BTreeMap<AccountId, u64> = BTreeMap::new();
    for portion in portions.into_iter().filter(|p| p.share_rao > 0) {
        let entry = payouts.entry(portion.coldkey).or_default();
        *entry = entry.saturating_add(portion.share_rao);
    }
    let paid_rao = payouts
        .values()
        .try_fold(0_u64, |acc, amount| acc.checked_add(*amount))
        .filter(|paid| *paid <= pot)
        .ok_or(Error::Overflow)?;
    state
        .balances_issuance
        .checked_add(paid_rao)
        .ok_or(Error::BalanceOverflow)?;
    for (coldkey, amount) in &payouts {
        state
            .free_balance(coldkey)
            .checked_add(*amount)
            .ok_or(Error::BalanceOverflow)?;
    }
    Ok(Liquidation {
        netuid,
        pot_rao: pot,
        payouts,
        paid_rao,
        recycled_rao: (pot - paid_rao).saturating_add(subnet.pending.root_divs_tao),
    })
}

/// Execute a liquidation computed by [`plan_liquidation`] on the current state: credit the
/// payouts (even below the existential deposit, so no rao is lost), recycle the rest, drop the
/// subnet's stake pools and the subnet itself (its neurons, pending emission and lock).
fn apply_liquidation(
    state: &mut State,
    plan: &Liquidation,
    events: &mut Vec<Event>,
) -> Result<(), Error> {
    for (coldkey, amount) in &plan.payouts {
        state.deposit(coldkey, *amount)?;
    }
    state.recycle_tao(plan.recycled_rao);
    state.total_stake = state.total_stake.saturating_sub(plan.pot_rao);
    state
        .stake
        .retain(|(_, stake_netuid), _| *stake_netuid != plan.netuid);
    state.subnets.remove(&plan.netuid);
    events.push(Event::SubnetLiquidated(plan.netuid, plan.paid_rao));
    events.push(Event::NetworkRemoved(plan.netuid));
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    const TAO: u64 = RAO_PER_TAO;

    #[test]
    fn lock_cost_v2_table() {
        let l0 = 1_250 * TAO;
        let rows: [(u64, u64, u64); 5] = [
            (0, 2_500_000_000_000, 2_500_000_000_000),
            (7_200, 2_343_750_006_400, 2_187_500_005_600),
            (28_800, 1_875_000_025_600, 1_250_000_022_400),
            (57_600, 1_250_000_051_200, TAO),
            (86_400, 625_000_076_800, TAO),
        ];
        for (elapsed, full, half) in rows {
            let now = 1_000 + elapsed;
            let interval_full = lock_reduction_interval(57_600, TAO);
            let interval_half = lock_reduction_interval(57_600, TAO / 2);
            assert_eq!(lock_cost_at(l0, 1_000, now, interval_full, TAO), full);
            assert_eq!(lock_cost_at(l0, 1_000, now, interval_half, TAO), half);
        }
        assert_eq!(l0 / lock_reduction_interval(57_600, 0), 21_701_388);
        assert_eq!(l0 / lock_reduction_interval(57_600, TAO / 2), 43_402_777);
    }

    #[test]
    fn never_registered_uses_single_lock_and_floor() {
        assert_eq!(lock_cost_at(0, 0, 10, 57_600, TAO), TAO);
        assert_eq!(lock_cost_at(5 * TAO, 0, 0, 57_600, TAO), 5 * TAO);
        // A zero interval does not decay (safe division yields 0).
        assert_eq!(lock_cost_at(5 * TAO, 3, 1_000, 0, TAO), 10 * TAO);
    }

    #[test]
    fn identity_limits() {
        let mut identity = SubnetIdentity {
            subnet_name: vec![b'a'; 256],
            description: vec![b'd'; 1_024],
            ..SubnetIdentity::default()
        };
        assert!(is_valid_identity(&identity));
        identity.discord = vec![b'x'; 257];
        assert!(!is_valid_identity(&identity));
    }
}
