//! Staking calls (dtao-spec §8.1–§8.2, §8.6–§8.7, §9.1–§9.5, R1 economics): `add_stake`,
//! `remove_stake`, their `_limit` variants, `remove_stake_full_limit`, `move_stake`,
//! `swap_stake`, `swap_stake_limit`, `transfer_stake`, `unstake_all`, `unstake_all_alpha`,
//! `increase_take`, `decrease_take` and `try_associate_hotkey`, plus the read-only quotes the CLI
//! shows before sending one of them.
//!
//! Economics (R1): a dynamic subnet trades TAO for alpha on its constant-product pool with a flat
//! staking fee that stays in the pool (`dtao_swap` computes every amount); root (netuid 0) is 1:1
//! with no fee and its `tao_reserve` is the total root stake. Every move — another hotkey, another
//! subnet or another coldkey, even within one subnet — is an unstake leg and a stake leg through
//! the pools, each paying half the fee. Cross-subnet moves go through TAO.
//!
//! How a call runs: a [`Plan`] first simulates the whole call against scratch copies of the
//! pools and share pools it touches (every quote, every share-pool update, every balance check);
//! only when all of it succeeds are the resulting writes applied to the state, in the same order,
//! with the same helpers. A rejected call therefore changes nothing.
//!
//! Invariants kept by every successful call:
//! - TAO: a stake moves TAO from the coldkey's free balance into `tao_reserve`; an unstake moves
//!   it back; TAO that cannot be paid out (a deposit too small to open an account) is recycled.
//!   So `total_issuance == balances_issuance + Σ tao_reserve + Σ pending.root_divs_tao` is kept,
//!   and `total_stake` moves by exactly the change of the reserves.
//! - Alpha, per subnet (root included, where alpha is TAO 1:1): `alpha_out` moves by exactly the
//!   alpha credited to or debited from the share pools; alpha cleared as dust without a swap is
//!   recycled (`alpha_out` lowered). So `alpha_out == Σ pool values + pending + alpha_burned`.
//! - Root's `alpha_in` is never touched (the stable mechanism has no alpha reserve).

use crate::call::SubtensorCall;
use crate::error::Error;
use crate::event::Event;
use crate::state::{Mechanism, State, Subnet};
use dtao_primitives::fixed::{safe_div, U64F64};
use dtao_primitives::{AccountId, AlphaRao, NetUid, TaoRao, RAO_PER_TAO};
use dtao_swap::{
    limit_order_amount, MoveQuote, Pool, StakeQuote, SwapError, SwapParams, UnstakeQuote,
    DEFAULT_MINIMUM_POOL_LIQUIDITY,
};
use std::collections::{BTreeMap, BTreeSet};

/// A price limit on a stake, unstake or swap (`limit_price` in rao per alpha).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    /// Worst accepted average price, in rao per alpha (for swaps: origin price in destination
    /// units × 10^9).
    pub limit_price: u64,
    /// Execute what fits under the limit instead of failing.
    pub allow_partial: bool,
}

/// Dispatch a staking call signed by the coldkey `who`.
pub fn dispatch(
    state: &mut State,
    who: AccountId,
    call: SubtensorCall,
    events: &mut Vec<Event>,
) -> Result<(), Error> {
    use SubtensorCall as C;
    match call {
        C::AddStake {
            hotkey,
            netuid,
            amount_staked,
        } => add_stake(state, who, hotkey, netuid, amount_staked, None, events),
        C::AddStakeLimit {
            hotkey,
            netuid,
            amount_staked,
            limit_price,
            allow_partial,
        } => {
            let limit = Limit {
                limit_price,
                allow_partial,
            };
            add_stake(
                state,
                who,
                hotkey,
                netuid,
                amount_staked,
                Some(limit),
                events,
            )
        }
        C::RemoveStake {
            hotkey,
            netuid,
            amount_unstaked,
        } => remove_stake(state, who, hotkey, netuid, amount_unstaked, None, events),
        C::RemoveStakeLimit {
            hotkey,
            netuid,
            amount_unstaked,
            limit_price,
            allow_partial,
        } => {
            let limit = Limit {
                limit_price,
                allow_partial,
            };
            remove_stake(
                state,
                who,
                hotkey,
                netuid,
                amount_unstaked,
                Some(limit),
                events,
            )
        }
        C::RemoveStakeFullLimit {
            hotkey,
            netuid,
            limit_price,
        } => {
            let alpha = state.stake_of(&hotkey, &who, netuid);
            let limit = limit_price.map(|limit_price| Limit {
                limit_price,
                allow_partial: false,
            });
            remove_stake(state, who, hotkey, netuid, alpha, limit, events)
        }
        C::MoveStake {
            origin_hotkey,
            destination_hotkey,
            origin_netuid,
            destination_netuid,
            alpha_amount,
        } => {
            let transition = Transition {
                kind: TransitionKind::Move,
                origin_coldkey: who,
                destination_coldkey: who,
                origin_hotkey,
                destination_hotkey,
                origin_netuid,
                destination_netuid,
                alpha_amount,
                limit: None,
            };
            transition_stake(state, &transition, events)
        }
        C::TransferStake {
            destination_coldkey,
            hotkey,
            origin_netuid,
            destination_netuid,
            alpha_amount,
        } => {
            let transition = Transition {
                kind: TransitionKind::Transfer,
                origin_coldkey: who,
                destination_coldkey,
                origin_hotkey: hotkey,
                destination_hotkey: hotkey,
                origin_netuid,
                destination_netuid,
                alpha_amount,
                limit: None,
            };
            transition_stake(state, &transition, events)
        }
        C::SwapStake {
            hotkey,
            origin_netuid,
            destination_netuid,
            alpha_amount,
        } => {
            let transition = Transition::swap(who, hotkey, origin_netuid, destination_netuid)
                .with_amount(alpha_amount, None);
            transition_stake(state, &transition, events)
        }
        C::SwapStakeLimit {
            hotkey,
            origin_netuid,
            destination_netuid,
            alpha_amount,
            limit_price,
            allow_partial,
        } => {
            let limit = Limit {
                limit_price,
                allow_partial,
            };
            let transition = Transition::swap(who, hotkey, origin_netuid, destination_netuid)
                .with_amount(alpha_amount, Some(limit));
            transition_stake(state, &transition, events)
        }
        C::UnstakeAll { hotkey } => unstake_all(state, who, hotkey, false, events),
        C::UnstakeAllAlpha { hotkey } => unstake_all(state, who, hotkey, true, events),
        C::IncreaseTake { hotkey, take } => increase_take(state, who, hotkey, take, events),
        C::DecreaseTake { hotkey, take } => decrease_take(state, who, hotkey, take, events),
        C::TryAssociateHotkey { hotkey } => try_associate_hotkey(state, who, hotkey),
        _ => Err(Error::CallDisabled),
    }
}

// ---- calls ------------------------------------------------------------------------------

/// `add_stake` / `add_stake_limit`: stake `amount_rao` TAO of `coldkey` to `hotkey` on
/// `netuid`.
///
/// Validation order (R1): subnet exists, subtoken enabled, `amount ≥ min_stake + fee`
/// (`AmountTooLow`), limit (`SlippageTooHigh`, or `ZeroMaxStakeAmount` for a partial order that
/// fits nothing), the coldkey can pay the requested amount and stay alive
/// (`NotEnoughBalanceToStake`), the hotkey has an owner (`HotKeyAccountNotExists`), the swap and
/// the share pool can take the executed amount (`InsufficientLiquidity`, `AmountTooLow`).
pub fn add_stake(
    state: &mut State,
    coldkey: AccountId,
    hotkey: AccountId,
    netuid: NetUid,
    amount_rao: u64,
    limit: Option<Limit>,
    events: &mut Vec<Event>,
) -> Result<(), Error> {
    let writes = plan_add_stake(state, coldkey, hotkey, netuid, amount_rao, limit)?;
    apply(state, writes, events)
}

/// `remove_stake` / `remove_stake_limit` / `remove_stake_full_limit`: unstake `alpha_rao` of
/// `coldkey`'s stake on `hotkey` to TAO, paid to `coldkey`.
///
/// Validation order (R1): subnet exists, subtoken enabled, the simulated TAO output of the
/// requested alpha exceeds the minimum stake (`AmountTooLow`; `InsufficientLiquidity` if the pool
/// cannot pay it), limit (`SlippageTooHigh` / `ZeroMaxStakeAmount`), the hotkey has an owner,
/// the position holds the requested alpha (`NotEnoughStakeToWithdraw`), the executed amount
/// passes the same swap rules. A nominator left with less than the nominator minimum is swept
/// (dtao-spec §9.4).
pub fn remove_stake(
    state: &mut State,
    coldkey: AccountId,
    hotkey: AccountId,
    netuid: NetUid,
    alpha_rao: u64,
    limit: Option<Limit>,
    events: &mut Vec<Event>,
) -> Result<(), Error> {
    let writes = plan_remove_stake(state, coldkey, hotkey, netuid, alpha_rao, limit)?;
    apply(state, writes, events)
}

/// Which call a stake transition comes from (decides the event).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransitionKind {
    /// `move_stake`: `StakeMoved`.
    Move,
    /// `swap_stake` / `swap_stake_limit`: `StakeSwapped`.
    Swap,
    /// `transfer_stake`: `StakeTransferred`, and both subnets must allow transfers.
    Transfer,
}

/// A stake transition: unstake from one (coldkey, hotkey, subnet) position and restake the TAO
/// into another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Transition {
    /// The call it comes from.
    pub kind: TransitionKind,
    /// Signer, owner of the origin position.
    pub origin_coldkey: AccountId,
    /// Owner of the destination position.
    pub destination_coldkey: AccountId,
    /// Hotkey of the origin position.
    pub origin_hotkey: AccountId,
    /// Hotkey of the destination position.
    pub destination_hotkey: AccountId,
    /// Subnet of the origin position.
    pub origin_netuid: NetUid,
    /// Subnet of the destination position.
    pub destination_netuid: NetUid,
    /// Alpha rao taken from the origin position.
    pub alpha_amount: u64,
    /// Price limit (origin price in destination units × 10^9), `swap_stake_limit` only.
    pub limit: Option<Limit>,
}

impl Transition {
    /// A `swap_stake` of `coldkey`'s stake on `hotkey` between two subnets (amount unset).
    fn swap(coldkey: AccountId, hotkey: AccountId, origin: NetUid, destination: NetUid) -> Self {
        Transition {
            kind: TransitionKind::Swap,
            origin_coldkey: coldkey,
            destination_coldkey: coldkey,
            origin_hotkey: hotkey,
            destination_hotkey: hotkey,
            origin_netuid: origin,
            destination_netuid: destination,
            alpha_amount: 0,
            limit: None,
        }
    }

    /// The same transition for `alpha_amount` with an optional limit.
    fn with_amount(self, alpha_amount: u64, limit: Option<Limit>) -> Self {
        Transition {
            alpha_amount,
            limit,
            ..self
        }
    }

    /// The call's event for `tao_moved`.
    fn event(&self, tao_moved: u64) -> Event {
        match self.kind {
            TransitionKind::Move => Event::StakeMoved(
                self.origin_coldkey,
                self.origin_hotkey,
                self.origin_netuid,
                self.destination_hotkey,
                self.destination_netuid,
                tao_moved,
            ),
            TransitionKind::Swap => Event::StakeSwapped(
                self.origin_coldkey,
                self.origin_hotkey,
                self.origin_netuid,
                self.destination_netuid,
                tao_moved,
            ),
            TransitionKind::Transfer => Event::StakeTransferred(
                self.origin_coldkey,
                self.destination_coldkey,
                self.origin_hotkey,
                self.origin_netuid,
                self.destination_netuid,
                tao_moved,
            ),
        }
    }
}

/// `move_stake` / `swap_stake` / `swap_stake_limit` / `transfer_stake` (R1: unstake + restake
/// through the pools with `fee / 2` per leg, even within one subnet).
///
/// Validation order: something must change (`SameNetuid`), both subnets exist, both have
/// subtoken enabled, both hotkeys have owners, the origin position holds the alpha
/// (`NotEnoughStakeToWithdraw`), its simulated TAO exceeds the minimum stake (`AmountTooLow`),
/// limit (`SlippageTooHigh` / `ZeroMaxStakeAmount`), transfers allowed on both subnets
/// (`TransferDisallowed`, transfer only), both legs and the destination share pool can execute.
/// Events: `StakeRemoved`, `StakeAdded`, then the call's event with the TAO moved between the
/// legs.
pub fn transition_stake(
    state: &mut State,
    transition: &Transition,
    events: &mut Vec<Event>,
) -> Result<(), Error> {
    let writes = plan_transition(state, transition)?;
    apply(state, writes, events)
}

/// `unstake_all` (`restake_on_root = false`): unstake every position of `coldkey` on `hotkey`,
/// root included, to TAO. `unstake_all_alpha` (`true`): unstake every non-root position and
/// stake the TAO obtained on root to the same hotkey (no fee). Positions that cannot be unstaked
/// (subtoken disabled, below the minimum, pool too shallow) are skipped. Fails only if the hotkey
/// has no owner.
pub fn unstake_all(
    state: &mut State,
    coldkey: AccountId,
    hotkey: AccountId,
    restake_on_root: bool,
    events: &mut Vec<Event>,
) -> Result<(), Error> {
    let writes = plan_unstake_all(state, coldkey, hotkey, restake_on_root)?;
    apply(state, writes, events)
}

/// `increase_take`: the owner raises `hotkey`'s delegate take to `take`. Needs the hotkey to
/// exist and be owned by `coldkey`, `take` strictly above the current take
/// (`DelegateTakeTooLow`) and at most the maximum (`DelegateTakeTooHigh`), and no take change
/// within the last `tx_delegate_take_rate_limit` blocks (`DelegateTxRateLimitExceeded`).
pub fn increase_take(
    state: &mut State,
    coldkey: AccountId,
    hotkey: AccountId,
    take: u16,
    events: &mut Vec<Event>,
) -> Result<(), Error> {
    ensure_owns_hotkey(state, &coldkey, &hotkey)?;
    if take <= state.take_of(&hotkey) {
        return Err(Error::DelegateTakeTooLow);
    }
    if take > state.params.max_delegate_take {
        return Err(Error::DelegateTakeTooHigh);
    }
    if take_change_rate_limited(state, &hotkey) {
        return Err(Error::DelegateTxRateLimitExceeded);
    }
    set_take(state, hotkey, take);
    events.push(Event::TakeIncreased(coldkey, hotkey, take));
    Ok(())
}

/// `decrease_take`: the owner lowers `hotkey`'s delegate take to `take`: strictly below the
/// current take and at least the minimum (`DelegateTakeTooLow` otherwise). No rate limit, but it
/// restarts the clock of the next increase.
pub fn decrease_take(
    state: &mut State,
    coldkey: AccountId,
    hotkey: AccountId,
    take: u16,
    events: &mut Vec<Event>,
) -> Result<(), Error> {
    ensure_owns_hotkey(state, &coldkey, &hotkey)?;
    if take >= state.take_of(&hotkey) || take < state.params.min_delegate_take {
        return Err(Error::DelegateTakeTooLow);
    }
    set_take(state, hotkey, take);
    events.push(Event::TakeDecreased(coldkey, hotkey, take));
    Ok(())
}

/// `try_associate_hotkey`: claim an unowned hotkey for `coldkey`. A hotkey that already has an
/// owner (this coldkey or another) is left as it is and the call still succeeds, as on chain.
pub fn try_associate_hotkey(
    state: &mut State,
    coldkey: AccountId,
    hotkey: AccountId,
) -> Result<(), Error> {
    if state.owner_of(&hotkey).is_none() {
        state.associate_hotkey(&coldkey, &hotkey)?;
    }
    Ok(())
}

// ---- quotes and read helpers (no state change) --------------------------------------------

/// The swap parameters of this chain: R1's flat fee and minimum stake from the network
/// parameters and the 10 000 000 rao minimum pool liquidity.
pub fn swap_params(state: &State) -> SwapParams {
    SwapParams {
        staking_fee: TaoRao(state.params.staking_fee),
        min_stake: TaoRao(state.params.min_stake),
        min_pool_liquidity: DEFAULT_MINIMUM_POOL_LIQUIDITY,
    }
}

/// What `add_stake(amount_rao)` on `netuid` would do now (pool rules only: no balance, hotkey
/// or subtoken checks).
pub fn quote_add_stake(
    state: &State,
    netuid: NetUid,
    amount_rao: u64,
) -> Result<StakeQuote, Error> {
    let pool = state.subnet(netuid)?.pool();
    dtao_swap::quote_add_stake(&pool, TaoRao(amount_rao), &swap_params(state)).map_err(swap_error)
}

/// What `add_stake_limit` on `netuid` would do now (pool rules only).
pub fn quote_add_stake_limit(
    state: &State,
    netuid: NetUid,
    amount_rao: u64,
    limit: Limit,
) -> Result<StakeQuote, Error> {
    let pool = state.subnet(netuid)?.pool();
    let params = swap_params(state);
    let amount = TaoRao(amount_rao);
    dtao_swap::quote_add_stake_limit(
        &pool,
        amount,
        limit.limit_price,
        limit.allow_partial,
        &params,
    )
    .map_err(swap_error)
}

/// What `remove_stake(alpha_rao)` on `netuid` would do now (pool rules only).
pub fn quote_remove_stake(
    state: &State,
    netuid: NetUid,
    alpha_rao: u64,
) -> Result<UnstakeQuote, Error> {
    let pool = state.subnet(netuid)?.pool();
    dtao_swap::quote_remove_stake(&pool, AlphaRao(alpha_rao), &swap_params(state))
        .map_err(swap_error)
}

/// What `remove_stake_limit` on `netuid` would do now (pool rules only).
pub fn quote_remove_stake_limit(
    state: &State,
    netuid: NetUid,
    alpha_rao: u64,
    limit: Limit,
) -> Result<UnstakeQuote, Error> {
    let pool = state.subnet(netuid)?.pool();
    let params = swap_params(state);
    let alpha = AlphaRao(alpha_rao);
    dtao_swap::quote_remove_stake_limit(
        &pool,
        alpha,
        limit.limit_price,
        limit.allow_partial,
        &params,
    )
    .map_err(swap_error)
}

/// What a move / swap / transfer of `alpha_rao` from `origin_netuid` to `destination_netuid`
/// would do now (both legs; within one subnet the second leg sees the pool the first left).
pub fn quote_move_stake(
    state: &State,
    origin_netuid: NetUid,
    destination_netuid: NetUid,
    alpha_rao: u64,
) -> Result<MoveQuote, Error> {
    let origin = state.subnet(origin_netuid)?.pool();
    let destination = state.subnet(destination_netuid)?.pool();
    move_quote(
        &origin,
        &destination,
        origin_netuid == destination_netuid,
        alpha_rao,
        &swap_params(state),
    )
}

/// Largest TAO amount `add_stake_limit` on `netuid` executes at `limit_price` (dtao-spec §8.2).
pub fn max_amount_add(state: &State, netuid: NetUid, limit_price: u64) -> Result<u64, Error> {
    Ok(state.subnet(netuid)?.pool().max_add(limit_price).rao())
}

/// Largest alpha amount `remove_stake_limit` on `netuid` executes at `limit_price`.
pub fn max_amount_remove(state: &State, netuid: NetUid, limit_price: u64) -> Result<u64, Error> {
    Ok(state.subnet(netuid)?.pool().max_remove(limit_price).rao())
}

/// Largest alpha amount `swap_stake_limit` executes at `limit_price` (origin price in units of
/// the destination price × 10^9).
pub fn max_amount_move(
    state: &State,
    origin_netuid: NetUid,
    destination_netuid: NetUid,
    limit_price: u64,
) -> Result<u64, Error> {
    let origin = state.subnet(origin_netuid)?.pool();
    let destination = state.subnet(destination_netuid)?.pool();
    Ok(max_move_between(&origin, &destination, limit_price))
}

/// R1's `get_max_amount_move` over two pools, `limit_price` being the origin price in units of
/// the destination price × 10^9:
/// - both stable: `u64::MAX` if `limit ≤ 10^9`, else 0;
/// - stable → dynamic: `u64::MAX` if `limit = 0`, else `max_add(destination, 10^18 / limit)`;
/// - dynamic → stable: `max_remove(origin, limit)`;
/// - both dynamic: 0 if a reserve is 0 or the limit is above the current relative price,
///   `u64::MAX` if `limit = 0`, else `x₂·T₁/(T₁+T₂) / (limit/10^9) − x₁·T₂/(T₁+T₂)` (a
///   constant-product approximation, in `U64F64` with saturating steps).
pub fn max_move_between(origin: &Pool, destination: &Pool, limit_price: u64) -> u64 {
    let one = U64F64::from_num(RAO_PER_TAO);
    match (origin.is_stable(), destination.is_stable()) {
        (true, true) => {
            if limit_price > RAO_PER_TAO {
                0
            } else {
                u64::MAX
            }
        }
        (true, false) => {
            if limit_price == 0 {
                return u64::MAX;
            }
            let destination_price = safe_div(one, U64F64::from_num(limit_price))
                .saturating_mul(one)
                .saturating_to_num::<u64>();
            destination.max_add(destination_price).rao()
        }
        (false, true) => origin.max_remove(limit_price).rao(),
        (false, false) => max_move_dynamic(origin, destination, limit_price),
    }
}

/// The both-dynamic case of [`max_move_between`].
fn max_move_dynamic(origin: &Pool, destination: &Pool, limit_price: u64) -> u64 {
    let (t1, x1) = (origin.tao_reserve.rao(), origin.alpha_reserve.rao());
    let (t2, x2) = (
        destination.tao_reserve.rao(),
        destination.alpha_reserve.rao(),
    );
    if t1 == 0 || t2 == 0 || x1 == 0 || x2 == 0 {
        return 0;
    }
    let one = U64F64::from_num(RAO_PER_TAO);
    let limit = safe_div(U64F64::from_num(limit_price), one);
    let current = U64F64::saturating_from_num(safe_div(origin.price(), destination.price()));
    if limit > current {
        return 0;
    }
    if limit_price == 0 {
        return u64::MAX;
    }
    let (t1, t2) = (U64F64::from_num(t1), U64F64::from_num(t2));
    let sum = t1.saturating_add(t2);
    let destination_part = U64F64::from_num(x2).saturating_mul(safe_div(t1, sum));
    let origin_part = U64F64::from_num(x1).saturating_mul(safe_div(t2, sum));
    safe_div(destination_part, limit)
        .saturating_sub(origin_part)
        .saturating_to_num::<u64>()
}

/// One stake position: alpha of a coldkey on a hotkey on a subnet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StakePosition {
    /// Hotkey staked to.
    pub hotkey: AccountId,
    /// Subnet.
    pub netuid: NetUid,
    /// Alpha rao (TAO rao on root).
    pub alpha: u64,
    /// Value at the spot price in TAO rao, `floor(alpha × y / x)` (1:1 on root).
    pub tao_value: u64,
}

/// Every non-empty position of `coldkey`, by hotkey (in `StakingHotkeys` order) then netuid.
pub fn positions_of(state: &State, coldkey: &AccountId) -> Vec<StakePosition> {
    let Some(hotkeys) = state.staking_hotkeys.get(coldkey) else {
        return Vec::new();
    };
    let mut positions = Vec::new();
    for hotkey in hotkeys {
        for (&netuid, subnet) in &state.subnets {
            let alpha = state.stake_of(hotkey, coldkey, netuid);
            if alpha > 0 {
                positions.push(StakePosition {
                    hotkey: *hotkey,
                    netuid,
                    alpha,
                    tao_value: spot_value_in_tao(subnet, alpha),
                });
            }
        }
    }
    positions
}

/// Total value of `coldkey`'s stake at spot prices, in TAO rao (what the wallets show; an
/// actual unstake yields less because of slippage and fees).
pub fn stake_value_in_tao(state: &State, coldkey: &AccountId) -> u64 {
    positions_of(state, coldkey)
        .iter()
        .fold(0_u64, |total, position| {
            total.saturating_add(position.tao_value)
        })
}

/// `floor(alpha × y / x)` on a dynamic subnet (0 if `x` is 0), `alpha` on a stable one.
fn spot_value_in_tao(subnet: &Subnet, alpha: u64) -> u64 {
    match subnet.mechanism {
        Mechanism::Stable => alpha,
        Mechanism::Dynamic => {
            let value = (u128::from(alpha) * u128::from(subnet.tao_reserve))
                .checked_div(u128::from(subnet.alpha_in))
                .unwrap_or(0);
            u64::try_from(value).unwrap_or(u64::MAX)
        }
    }
}

// ---- validation helpers -------------------------------------------------------------------

/// The runtime error for a swap-crate refusal.
fn swap_error(error: SwapError) -> Error {
    match error {
        SwapError::ZeroAmount | SwapError::AmountTooLow => Error::AmountTooLow,
        SwapError::InsufficientLiquidity => Error::InsufficientLiquidity,
        SwapError::SlippageTooHigh => Error::SlippageTooHigh,
        SwapError::PriceLimitExceeded => Error::ZeroMaxStakeAmount,
        SwapError::ReserveOverflow => Error::Overflow,
    }
}

/// Staking is open on root always, elsewhere after `start_call` (`SubtokenDisabled`).
fn ensure_subtoken_enabled(subnet: &Subnet) -> Result<(), Error> {
    if subnet.netuid.is_root() || subnet.subtoken_enabled {
        Ok(())
    } else {
        Err(Error::SubtokenDisabled)
    }
}

/// The hotkey has an owner (`HotKeyAccountNotExists`): all staking needs (dtao-spec §9.5).
fn ensure_hotkey_exists(state: &State, hotkey: &AccountId) -> Result<(), Error> {
    match state.owner_of(hotkey) {
        Some(_) => Ok(()),
        None => Err(Error::HotKeyAccountNotExists),
    }
}

/// The hotkey exists and `coldkey` owns it (`NonAssociatedColdKey`).
fn ensure_owns_hotkey(state: &State, coldkey: &AccountId, hotkey: &AccountId) -> Result<(), Error> {
    match state.owner_of(hotkey) {
        None => Err(Error::HotKeyAccountNotExists),
        Some(owner) if owner != *coldkey => Err(Error::NonAssociatedColdKey),
        Some(_) => Ok(()),
    }
}

/// The amount a possibly limited order executes: `requested` without a limit, else
/// [`limit_order_amount`] against `max`.
fn limited_amount(requested: u64, limit: Option<(u64, bool)>) -> Result<u64, Error> {
    match limit {
        None => Ok(requested),
        Some((max, allow_partial)) => {
            limit_order_amount(requested, max, allow_partial).map_err(swap_error)
        }
    }
}

/// The unstake minimum (R1): selling `alpha_rao` must be possible and yield more than the
/// minimum stake in TAO (before the fee).
fn ensure_unstake_minimum(pool: &Pool, alpha_rao: u64, params: &SwapParams) -> Result<(), Error> {
    if alpha_rao == 0 {
        return Err(Error::AmountTooLow);
    }
    let swap = pool
        .swap_alpha_for_tao(AlphaRao(alpha_rao), params.min_pool_liquidity)
        .map_err(swap_error)?;
    if swap.amount_out <= params.min_stake {
        return Err(Error::AmountTooLow);
    }
    Ok(())
}

/// Both legs of a move of `alpha_rao` (within one pool when `same_pool`).
fn move_quote(
    origin: &Pool,
    destination: &Pool,
    same_pool: bool,
    alpha_rao: u64,
    params: &SwapParams,
) -> Result<MoveQuote, Error> {
    let alpha = AlphaRao(alpha_rao);
    let quote = if same_pool {
        dtao_swap::quote_move_stake_within(origin, alpha, params)
    } else {
        dtao_swap::quote_move_stake(origin, destination, alpha, params)
    };
    quote.map_err(swap_error)
}

/// Whether a take increase of `hotkey` now falls within the rate limit of its last change.
fn take_change_rate_limited(state: &State, hotkey: &AccountId) -> bool {
    let limit = state.params.tx_delegate_take_rate_limit;
    limit != 0
        && state
            .last_take_change
            .get(hotkey)
            .is_some_and(|last| state.block.saturating_sub(*last) <= limit)
}

/// Store a take and restart its rate-limit clock.
fn set_take(state: &mut State, hotkey: AccountId, take: u16) {
    state.delegate_take.insert(hotkey, take);
    state.last_take_change.insert(hotkey, state.block);
}

/// The nominator minimum in TAO rao: `min_stake × factor / 10^6` (0 disables the sweep).
fn nominator_min_stake_rao(state: &State) -> u64 {
    let product = u128::from(state.params.min_stake)
        * u128::from(state.params.nominator_min_required_stake)
        / 1_000_000;
    u64::try_from(product).unwrap_or(u64::MAX)
}

// ---- planning -----------------------------------------------------------------------------

/// One side of a pool trade as executed: the position, the alpha credited or debited, the TAO
/// reported in the event, the fee, the volume and the pool afterwards.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Leg {
    coldkey: AccountId,
    hotkey: AccountId,
    netuid: NetUid,
    /// Alpha credited (buy) or debited (sell).
    alpha: u64,
    /// TAO in the event: gross TAO in for a buy, TAO paid to the user for a sell.
    tao: u64,
    /// Fee kept by the pool.
    fee: u64,
    /// TAO that went through the curve (`SubnetVolume`).
    volume: u64,
    /// Reserves afterwards.
    pool_after: Pool,
}

impl Leg {
    /// The buy side of a stake quote.
    fn stake(coldkey: AccountId, hotkey: AccountId, netuid: NetUid, quote: &StakeQuote) -> Leg {
        Leg {
            coldkey,
            hotkey,
            netuid,
            alpha: quote.amount_out.rao(),
            tao: quote.amount_in.rao(),
            fee: quote.fee.rao(),
            volume: quote.amount_swapped.rao(),
            pool_after: quote.pool_after,
        }
    }

    /// The sell side of an unstake quote.
    fn unstake(coldkey: AccountId, hotkey: AccountId, netuid: NetUid, quote: &UnstakeQuote) -> Leg {
        Leg {
            coldkey,
            hotkey,
            netuid,
            alpha: quote.amount_in.rao(),
            tao: quote.amount_out.rao(),
            fee: quote.fee.rao(),
            volume: quote.swap_output.rao(),
            pool_after: quote.pool_after,
        }
    }
}

/// A write to apply, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Step {
    /// TAO into the pool, alpha credited to the position.
    Buy(Leg),
    /// Alpha debited from the position into the pool, TAO out of the pool.
    Sell(Leg),
    /// Alpha debited from the position and recycled (dust that could not be swapped).
    Forfeit {
        coldkey: AccountId,
        hotkey: AccountId,
        netuid: NetUid,
        alpha: u64,
    },
}

/// Everything a validated call writes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Writes {
    /// TAO taken from a coldkey (keep-alive) before the steps.
    withdraw: Option<(AccountId, u64)>,
    /// Pool and share-pool steps.
    steps: Vec<Step>,
    /// TAO paid to coldkeys after the steps.
    deposits: BTreeMap<AccountId, u64>,
    /// TAO recycled (payouts too small to open an account).
    recycled: u64,
    /// Events of the call.
    events: Vec<Event>,
}

/// A call being validated: scratch copies of the pools and stake entries it touches, updated
/// step by step exactly as the state will be, and the writes collected so far.
struct Plan<'a> {
    state: &'a State,
    /// Pools as the steps so far leave them.
    pools: BTreeMap<NetUid, Pool>,
    /// Share pools of the touched (hotkey, netuid) entries, run through the state's own
    /// `credit_stake` / `debit_stake` so the simulation cannot drift from the real writes.
    scratch: State,
    /// Entries already copied into `scratch` (present or absent in the state).
    loaded: BTreeSet<(AccountId, NetUid)>,
    writes: Writes,
}

impl<'a> Plan<'a> {
    fn new(state: &'a State) -> Self {
        let mut scratch = State::new(state.params.clone());
        scratch.subnets.clear();
        Plan {
            state,
            pools: BTreeMap::new(),
            scratch,
            loaded: BTreeSet::new(),
            writes: Writes::default(),
        }
    }

    /// The pool of `netuid` as the planned steps leave it.
    fn pool(&self, netuid: NetUid) -> Result<Pool, Error> {
        match self.pools.get(&netuid) {
            Some(pool) => Ok(*pool),
            None => Ok(self.state.subnet(netuid)?.pool()),
        }
    }

    /// Copy the stake entry of `(hotkey, netuid)` into the scratch state once.
    fn load(&mut self, hotkey: &AccountId, netuid: NetUid) {
        let key = (*hotkey, netuid);
        if self.loaded.insert(key) {
            if let Some(entry) = self.state.stake.get(&key) {
                self.scratch.stake.insert(key, entry.clone());
            }
        }
    }

    /// Alpha of a position as the planned steps leave it.
    fn stake_of(&mut self, hotkey: &AccountId, coldkey: &AccountId, netuid: NetUid) -> u64 {
        self.load(hotkey, netuid);
        self.scratch.stake_of(hotkey, coldkey, netuid)
    }

    /// Plan a buy: credit the alpha (fails, changing nothing, if the share pool cannot take
    /// it), move the pool, record the step and its `StakeAdded`.
    fn buy(&mut self, leg: Leg) -> Result<(), Error> {
        self.load(&leg.hotkey, leg.netuid);
        self.scratch
            .credit_stake(&leg.hotkey, &leg.coldkey, leg.netuid, leg.alpha)?;
        self.pools.insert(leg.netuid, leg.pool_after);
        self.writes.events.push(Event::StakeAdded(
            leg.coldkey,
            leg.hotkey,
            leg.tao,
            leg.alpha,
            leg.netuid,
            leg.fee,
        ));
        self.writes.steps.push(Step::Buy(leg));
        Ok(())
    }

    /// Plan a sell: debit the alpha (fails, changing nothing, if the position holds less),
    /// move the pool, record the step and its `StakeRemoved`.
    fn sell(&mut self, leg: Leg) -> Result<(), Error> {
        self.load(&leg.hotkey, leg.netuid);
        self.scratch
            .debit_stake(&leg.hotkey, &leg.coldkey, leg.netuid, leg.alpha)?;
        self.pools.insert(leg.netuid, leg.pool_after);
        self.writes.events.push(Event::StakeRemoved(
            leg.coldkey,
            leg.hotkey,
            leg.tao,
            leg.alpha,
            leg.netuid,
            leg.fee,
        ));
        self.writes.steps.push(Step::Sell(leg));
        Ok(())
    }

    /// Plan a keep-alive withdrawal of `amount_rao` (checked by the caller).
    fn withdraw(&mut self, coldkey: AccountId, amount_rao: u64) {
        self.writes.withdraw = Some((coldkey, amount_rao));
    }

    /// Plan a payment of `amount_rao` TAO to `coldkey`.
    fn deposit(&mut self, coldkey: AccountId, amount_rao: u64) {
        if amount_rao > 0 {
            let total = self.writes.deposits.entry(coldkey).or_default();
            *total = total.saturating_add(amount_rao);
        }
    }

    /// Clear a nominator's remainder below the nominator minimum (dtao-spec §9.4): sell it
    /// fee-free to the coldkey, or, if the pool refuses, recycle the alpha.
    fn sweep_small_nomination(
        &mut self,
        coldkey: AccountId,
        hotkey: AccountId,
        netuid: NetUid,
    ) -> Result<(), Error> {
        let min_tao = nominator_min_stake_rao(self.state);
        if min_tao == 0 || self.state.owner_of(&hotkey) == Some(coldkey) {
            return Ok(());
        }
        let rest = self.stake_of(&hotkey, &coldkey, netuid);
        let pool = self.pool(netuid)?;
        let price = U64F64::saturating_from_num(pool.price());
        let min_alpha = safe_div(U64F64::from_num(min_tao), price).saturating_to_num::<u64>();
        if rest == 0 || rest >= min_alpha {
            return Ok(());
        }
        let liquidity = DEFAULT_MINIMUM_POOL_LIQUIDITY;
        match pool.swap_alpha_for_tao(AlphaRao(rest), liquidity) {
            Ok(swap) => {
                let leg = Leg {
                    coldkey,
                    hotkey,
                    netuid,
                    alpha: rest,
                    tao: swap.amount_out.rao(),
                    fee: 0,
                    volume: swap.amount_out.rao(),
                    pool_after: swap.pool_after,
                };
                self.sell(leg)?;
                self.deposit(coldkey, swap.amount_out.rao());
            }
            Err(_) => {
                self.scratch.debit_stake(&hotkey, &coldkey, netuid, rest)?;
                self.writes.steps.push(Step::Forfeit {
                    coldkey,
                    hotkey,
                    netuid,
                    alpha: rest,
                });
            }
        }
        Ok(())
    }

    /// Check the balance writes and hand over the validated writes. A payment that is too
    /// small to open an account (below the existential deposit, to an empty account) is
    /// recycled instead, as the Balances pallet drops it.
    fn finish(mut self) -> Result<Writes, Error> {
        if let Some((coldkey, amount)) = self.writes.withdraw {
            if !self.state.can_withdraw_keep_alive(&coldkey, amount) {
                return Err(Error::NotEnoughBalanceToStake);
            }
        }
        let ed = self.state.params.existential_deposit;
        let mut paid_total = 0_u64;
        let mut dropped = Vec::new();
        for (coldkey, amount) in &self.writes.deposits {
            let free = self.state.free_balance(coldkey);
            if free == 0 && *amount < ed {
                dropped.push(*coldkey);
                continue;
            }
            free.checked_add(*amount).ok_or(Error::BalanceOverflow)?;
            paid_total = paid_total
                .checked_add(*amount)
                .ok_or(Error::BalanceOverflow)?;
        }
        self.state
            .balances_issuance
            .checked_add(paid_total)
            .ok_or(Error::BalanceOverflow)?;
        for coldkey in dropped {
            if let Some(amount) = self.writes.deposits.remove(&coldkey) {
                self.writes.recycled = self.writes.recycled.saturating_add(amount);
                self.writes.events.push(Event::DustLost {
                    account: coldkey,
                    amount,
                });
            }
        }
        Ok(self.writes)
    }
}

/// Validate `add_stake(_limit)` and plan its writes.
fn plan_add_stake(
    state: &State,
    coldkey: AccountId,
    hotkey: AccountId,
    netuid: NetUid,
    amount_rao: u64,
    limit: Option<Limit>,
) -> Result<Writes, Error> {
    let subnet = state.subnet(netuid)?;
    ensure_subtoken_enabled(subnet)?;
    let params = swap_params(state);
    let pool = subnet.pool();
    let fee = if pool.is_stable() {
        0
    } else {
        params.staking_fee.rao()
    };
    if amount_rao == 0 || amount_rao < params.min_stake.rao().saturating_add(fee) {
        return Err(Error::AmountTooLow);
    }
    let max = limit.map(|l| (pool.max_add(l.limit_price).rao(), l.allow_partial));
    let executed = limited_amount(amount_rao, max)?;
    if !state.can_withdraw_keep_alive(&coldkey, amount_rao) {
        return Err(Error::NotEnoughBalanceToStake);
    }
    ensure_hotkey_exists(state, &hotkey)?;
    let quote = dtao_swap::quote_add_stake(&pool, TaoRao(executed), &params).map_err(swap_error)?;
    let mut plan = Plan::new(state);
    plan.withdraw(coldkey, executed);
    plan.buy(Leg::stake(coldkey, hotkey, netuid, &quote))?;
    plan.finish()
}

/// Validate `remove_stake(_limit)` and plan its writes.
fn plan_remove_stake(
    state: &State,
    coldkey: AccountId,
    hotkey: AccountId,
    netuid: NetUid,
    alpha_rao: u64,
    limit: Option<Limit>,
) -> Result<Writes, Error> {
    let subnet = state.subnet(netuid)?;
    ensure_subtoken_enabled(subnet)?;
    let params = swap_params(state);
    let pool = subnet.pool();
    ensure_unstake_minimum(&pool, alpha_rao, &params)?;
    let max = limit.map(|l| (pool.max_remove(l.limit_price).rao(), l.allow_partial));
    let executed = limited_amount(alpha_rao, max)?;
    ensure_hotkey_exists(state, &hotkey)?;
    if state.stake_of(&hotkey, &coldkey, netuid) < alpha_rao {
        return Err(Error::NotEnoughStakeToWithdraw);
    }
    let quote =
        dtao_swap::quote_remove_stake(&pool, AlphaRao(executed), &params).map_err(swap_error)?;
    let mut plan = Plan::new(state);
    plan.sell(Leg::unstake(coldkey, hotkey, netuid, &quote))?;
    plan.deposit(coldkey, quote.amount_out.rao());
    plan.sweep_small_nomination(coldkey, hotkey, netuid)?;
    plan.finish()
}

/// Validate a stake transition and plan its writes.
fn plan_transition(state: &State, t: &Transition) -> Result<Writes, Error> {
    let same_position =
        t.origin_coldkey == t.destination_coldkey && t.origin_hotkey == t.destination_hotkey;
    if same_position && t.origin_netuid == t.destination_netuid {
        return Err(Error::SameNetuid);
    }
    let origin = state.subnet(t.origin_netuid)?;
    let destination = state.subnet(t.destination_netuid)?;
    ensure_subtoken_enabled(origin)?;
    ensure_subtoken_enabled(destination)?;
    ensure_hotkey_exists(state, &t.origin_hotkey)?;
    ensure_hotkey_exists(state, &t.destination_hotkey)?;
    let held = state.stake_of(&t.origin_hotkey, &t.origin_coldkey, t.origin_netuid);
    if t.alpha_amount > held {
        return Err(Error::NotEnoughStakeToWithdraw);
    }
    let params = swap_params(state);
    let (origin_pool, destination_pool) = (origin.pool(), destination.pool());
    ensure_unstake_minimum(&origin_pool, t.alpha_amount, &params)?;
    let max = t.limit.map(|l| {
        let max = max_move_between(&origin_pool, &destination_pool, l.limit_price);
        (max, l.allow_partial)
    });
    let executed = limited_amount(t.alpha_amount, max)?;
    if t.kind == TransitionKind::Transfer
        && !(origin.hyperparams.transfer_allowed && destination.hyperparams.transfer_allowed)
    {
        return Err(Error::TransferDisallowed);
    }
    let same_pool = t.origin_netuid == t.destination_netuid;
    let quote = move_quote(
        &origin_pool,
        &destination_pool,
        same_pool,
        executed,
        &params,
    )?;
    let mut plan = Plan::new(state);
    plan.sell(Leg::unstake(
        t.origin_coldkey,
        t.origin_hotkey,
        t.origin_netuid,
        &quote.unstake,
    ))?;
    plan.buy(Leg::stake(
        t.destination_coldkey,
        t.destination_hotkey,
        t.destination_netuid,
        &quote.stake,
    ))?;
    plan.writes
        .events
        .push(t.event(quote.unstake.amount_out.rao()));
    plan.finish()
}

/// Validate `unstake_all(_alpha)` and plan its writes.
fn plan_unstake_all(
    state: &State,
    coldkey: AccountId,
    hotkey: AccountId,
    restake_on_root: bool,
) -> Result<Writes, Error> {
    ensure_hotkey_exists(state, &hotkey)?;
    let params = swap_params(state);
    let mut plan = Plan::new(state);
    let mut total_tao = 0_u64;
    for (&netuid, subnet) in &state.subnets {
        if (restake_on_root && netuid.is_root()) || ensure_subtoken_enabled(subnet).is_err() {
            continue;
        }
        let alpha = state.stake_of(&hotkey, &coldkey, netuid);
        if alpha == 0 {
            continue;
        }
        let Ok(quote) = dtao_swap::quote_remove_stake(&subnet.pool(), AlphaRao(alpha), &params)
        else {
            continue;
        };
        // A failed sell leaves the plan as it was: skip the position.
        if plan
            .sell(Leg::unstake(coldkey, hotkey, netuid, &quote))
            .is_ok()
        {
            total_tao = total_tao.saturating_add(quote.amount_out.rao());
        }
    }
    if restake_on_root {
        restake_on_root_or_pay(&mut plan, coldkey, hotkey, total_tao)?;
    } else {
        plan.deposit(coldkey, total_tao);
    }
    plan.finish()
}

/// Stake `tao_rao` on root to `hotkey` without fee or minimum; if root's share pool cannot take
/// it, pay it to the coldkey instead.
fn restake_on_root_or_pay(
    plan: &mut Plan<'_>,
    coldkey: AccountId,
    hotkey: AccountId,
    tao_rao: u64,
) -> Result<(), Error> {
    if tao_rao == 0 {
        return Ok(());
    }
    let root = plan.pool(NetUid::ROOT)?;
    let bought = root.swap_tao_for_alpha(TaoRao(tao_rao), 0);
    let staked = match bought {
        Ok(swap) => {
            let leg = Leg {
                coldkey,
                hotkey,
                netuid: NetUid::ROOT,
                alpha: swap.amount_out.rao(),
                tao: tao_rao,
                fee: 0,
                volume: tao_rao,
                pool_after: swap.pool_after,
            };
            plan.buy(leg).is_ok()
        }
        Err(_) => false,
    };
    if !staked {
        plan.deposit(coldkey, tao_rao);
    }
    Ok(())
}

// ---- applying -----------------------------------------------------------------------------

/// Apply validated writes and append the call's events. Every write here was simulated by the
/// plan in the same order, so none of the fallible helpers can fail; their errors are still
/// propagated rather than ignored.
fn apply(state: &mut State, writes: Writes, events: &mut Vec<Event>) -> Result<(), Error> {
    if let Some((coldkey, amount)) = writes.withdraw {
        // Keep-alive never reaps, so there is no dust to account for.
        let dust = state.withdraw(&coldkey, amount, true)?;
        state.recycle_tao(dust);
    }
    for step in writes.steps {
        apply_step(state, step)?;
    }
    for (coldkey, amount) in writes.deposits {
        state.deposit(&coldkey, amount)?;
    }
    state.recycle_tao(writes.recycled);
    events.extend(writes.events);
    Ok(())
}

fn apply_step(state: &mut State, step: Step) -> Result<(), Error> {
    match step {
        Step::Buy(leg) => {
            let subnet = state.subnet_mut(leg.netuid)?;
            let tao_in = move_pool(subnet, &leg.pool_after);
            subnet.alpha_out = subnet.alpha_out.saturating_add(leg.alpha);
            subnet.volume = subnet.volume.saturating_add(u128::from(leg.volume));
            state.total_stake = state.total_stake.saturating_add(tao_in);
            state.credit_stake(&leg.hotkey, &leg.coldkey, leg.netuid, leg.alpha)
        }
        Step::Sell(leg) => {
            let subnet = state.subnet_mut(leg.netuid)?;
            let tao_before = subnet.tao_reserve;
            move_pool(subnet, &leg.pool_after);
            let tao_out = tao_before.saturating_sub(subnet.tao_reserve);
            subnet.alpha_out = subnet.alpha_out.saturating_sub(leg.alpha);
            subnet.volume = subnet.volume.saturating_add(u128::from(leg.volume));
            state.total_stake = state.total_stake.saturating_sub(tao_out);
            state.debit_stake(&leg.hotkey, &leg.coldkey, leg.netuid, leg.alpha)
        }
        Step::Forfeit {
            coldkey,
            hotkey,
            netuid,
            alpha,
        } => {
            let subnet = state.subnet_mut(netuid)?;
            subnet.alpha_out = subnet.alpha_out.saturating_sub(alpha);
            state.debit_stake(&hotkey, &coldkey, netuid, alpha)
        }
    }
}

/// Store a pool's new reserves in its subnet (root keeps its `alpha_in`); returns the TAO
/// reserve's increase (0 if it fell).
fn move_pool(subnet: &mut Subnet, pool_after: &Pool) -> u64 {
    let tao_before = subnet.tao_reserve;
    subnet.tao_reserve = pool_after.tao_reserve.rao();
    if subnet.mechanism == Mechanism::Dynamic {
        subnet.alpha_in = pool_after.alpha_reserve.rao();
    }
    subnet.tao_reserve.saturating_sub(tao_before)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::hyperparams::NetworkParams;

    const TAO: u64 = RAO_PER_TAO;
    const ALICE: AccountId = AccountId([1; 32]);
    const BOB: AccountId = AccountId([2; 32]);
    const CAROL: AccountId = AccountId([3; 32]);
    const OWNER: AccountId = AccountId([10; 32]);
    const VALI: AccountId = AccountId([11; 32]);
    const OTHER_OWNER: AccountId = AccountId([12; 32]);
    const OTHER_HK: AccountId = AccountId([13; 32]);
    const UNKNOWN_HK: AccountId = AccountId([99; 32]);
    const SN1: NetUid = NetUid(1);
    const SN2: NetUid = NetUid(2);
    const SN3: NetUid = NetUid(3);
    const ROOT: NetUid = NetUid::ROOT;

    /// Add a dynamic subnet with the given reserves, keeping TAO conservation.
    fn add_subnet(state: &mut State, netuid: NetUid, tao: u64, alpha: u64, enabled: bool) {
        let mut subnet = Subnet::new(netuid, OWNER, VALI, 0);
        subnet.tao_reserve = tao;
        subnet.alpha_in = alpha;
        subnet.subtoken_enabled = enabled;
        state.subnets.insert(netuid, subnet);
        state.total_issuance += tao;
        state.total_stake += tao;
    }

    /// Give `coldkey` free TAO, keeping TAO conservation.
    fn fund(state: &mut State, coldkey: &AccountId, amount: u64) {
        state.deposit(coldkey, amount).unwrap();
        state.total_issuance += amount;
    }

    /// Give `coldkey` a position of `alpha` on `hotkey` without trading (as emission would),
    /// keeping alpha conservation (and TAO conservation on root).
    fn seed_stake(
        state: &mut State,
        hotkey: &AccountId,
        coldkey: &AccountId,
        netuid: NetUid,
        alpha: u64,
    ) {
        state.credit_stake(hotkey, coldkey, netuid, alpha).unwrap();
        let subnet = state.subnet_mut(netuid).unwrap();
        subnet.alpha_out += alpha;
        if netuid.is_root() {
            subnet.tao_reserve += alpha;
            state.total_issuance += alpha;
            state.total_stake += alpha;
        }
    }

    /// Subnets 1 (1000/1000), 2 (500 TAO / 1000 alpha), 3 (disabled); Alice and Bob with
    /// 1000 TAO each; VALI owned by OWNER, OTHER_HK by OTHER_OWNER.
    fn fixture() -> State {
        let mut state = State::new(NetworkParams::default());
        state.block = 1;
        add_subnet(&mut state, SN1, 1000 * TAO, 1000 * TAO, true);
        add_subnet(&mut state, SN2, 500 * TAO, 1000 * TAO, true);
        add_subnet(&mut state, SN3, 1000 * TAO, 1000 * TAO, false);
        state.associate_hotkey(&OWNER, &VALI).unwrap();
        state.associate_hotkey(&OTHER_OWNER, &OTHER_HK).unwrap();
        fund(&mut state, &ALICE, 1000 * TAO);
        fund(&mut state, &BOB, 1000 * TAO);
        check_conservation(&state);
        state
    }

    fn check_conservation(state: &State) {
        let reserves: u128 = state
            .subnets
            .values()
            .map(|s| u128::from(s.tao_reserve) + u128::from(s.pending.root_divs_tao))
            .sum();
        assert_eq!(
            u128::from(state.total_issuance),
            u128::from(state.balances_issuance) + reserves,
            "TAO conservation"
        );
        let free: u128 = state.accounts.values().map(|a| u128::from(a.free)).sum();
        assert_eq!(u128::from(state.balances_issuance), free);
        for (netuid, subnet) in &state.subnets {
            let staked: u128 = state
                .stake
                .iter()
                .filter(|((_, n), _)| n == netuid)
                .map(|(_, s)| u128::from(s.pool.value))
                .sum();
            let pending = &subnet.pending;
            let expected = staked
                + u128::from(pending.server)
                + u128::from(pending.validator)
                + u128::from(pending.owner_cut)
                + u128::from(subnet.alpha_burned);
            assert_eq!(u128::from(subnet.alpha_out), expected, "alpha on {netuid}");
        }
    }

    fn call(state: &mut State, who: AccountId, call: SubtensorCall) -> Result<Vec<Event>, Error> {
        let mut events = Vec::new();
        dispatch(state, who, call, &mut events).map(|()| events)
    }

    /// The call fails with `expected` and changes nothing.
    fn assert_rejected(state: &mut State, who: AccountId, c: SubtensorCall, expected: Error) {
        let before = state.clone();
        let mut events = Vec::new();
        assert_eq!(dispatch(state, who, c, &mut events), Err(expected));
        assert_eq!(*state, before);
        assert!(events.is_empty());
    }

    fn add(hotkey: AccountId, netuid: NetUid, amount: u64) -> SubtensorCall {
        SubtensorCall::AddStake {
            hotkey,
            netuid,
            amount_staked: amount,
        }
    }

    fn add_limit(
        netuid: NetUid,
        amount: u64,
        limit_price: u64,
        allow_partial: bool,
    ) -> SubtensorCall {
        SubtensorCall::AddStakeLimit {
            hotkey: VALI,
            netuid,
            amount_staked: amount,
            limit_price,
            allow_partial,
        }
    }

    fn remove(hotkey: AccountId, netuid: NetUid, alpha: u64) -> SubtensorCall {
        SubtensorCall::RemoveStake {
            hotkey,
            netuid,
            amount_unstaked: alpha,
        }
    }

    fn remove_limit(
        netuid: NetUid,
        alpha: u64,
        limit_price: u64,
        allow_partial: bool,
    ) -> SubtensorCall {
        SubtensorCall::RemoveStakeLimit {
            hotkey: VALI,
            netuid,
            amount_unstaked: alpha,
            limit_price,
            allow_partial,
        }
    }

    // ---- add_stake --------------------------------------------------------------------

    #[test]
    fn add_stake_matches_v3_vector() {
        let mut state = fixture();
        let events = call(&mut state, ALICE, add(VALI, SN1, 10 * TAO)).unwrap();
        assert_eq!(
            events,
            vec![Event::StakeAdded(
                ALICE,
                VALI,
                10 * TAO,
                9_900_941_084,
                SN1,
                50_000
            )]
        );
        assert_eq!(state.stake_of(&VALI, &ALICE, SN1), 9_900_941_084);
        let subnet = state.subnet(SN1).unwrap();
        assert_eq!(subnet.tao_reserve, 1_010_000_000_000);
        assert_eq!(subnet.alpha_in, 990_099_058_916);
        assert_eq!(subnet.alpha_out, 9_900_941_084);
        assert_eq!(subnet.volume, 9_999_950_000);
        assert_eq!(state.free_balance(&ALICE), 990 * TAO);
        assert_eq!(state.total_stake, 2510 * TAO);
        assert_eq!(state.staking_hotkeys[&ALICE], vec![VALI]);
        check_conservation(&state);
    }

    #[test]
    fn add_stake_to_hotkey_without_uid_needs_only_an_owner() {
        let mut state = fixture();
        call(&mut state, ALICE, add(OTHER_HK, SN2, TAO)).unwrap();
        assert!(state.stake_of(&OTHER_HK, &ALICE, SN2) > 0);
        assert_rejected(
            &mut state,
            ALICE,
            add(UNKNOWN_HK, SN2, TAO),
            Error::HotKeyAccountNotExists,
        );
    }

    #[test]
    fn add_stake_rejections_change_nothing() {
        let mut state = fixture();
        add_subnet(&mut state, NetUid(4), 20_000_000, 20_000_000, true);
        let cases = [
            (add(VALI, NetUid(9), TAO), Error::SubnetNotExists),
            (add(VALI, SN3, TAO), Error::SubtokenDisabled),
            (add(VALI, SN1, 0), Error::AmountTooLow),
            (add(VALI, SN1, 549_999), Error::AmountTooLow),
            (add(VALI, SN1, 1000 * TAO), Error::NotEnoughBalanceToStake),
            (add(VALI, SN1, 2000 * TAO), Error::NotEnoughBalanceToStake),
            (add(UNKNOWN_HK, SN1, TAO), Error::HotKeyAccountNotExists),
            (add(VALI, NetUid(4), 10 * TAO), Error::InsufficientLiquidity),
            (
                add_limit(SN1, 200 * TAO, 1_100_000_000, false),
                Error::SlippageTooHigh,
            ),
            (
                add_limit(SN1, TAO, 900_000_000, true),
                Error::ZeroMaxStakeAmount,
            ),
            (
                add_limit(SN1, TAO, 900_000_000, false),
                Error::SlippageTooHigh,
            ),
        ];
        for (c, expected) in cases {
            assert_rejected(&mut state, ALICE, c, expected);
        }
        // The minimum exactly passes: min_stake + fee.
        call(&mut state, ALICE, add(VALI, SN1, 550_000)).unwrap();
        check_conservation(&state);
    }

    #[test]
    fn add_stake_limit_partial_executes_what_fits() {
        let mut state = fixture();
        let events = call(
            &mut state,
            ALICE,
            add_limit(SN1, 200 * TAO, 1_100_000_000, true),
        )
        .unwrap();
        let expected = quote_add_stake(&fixture(), SN1, 100 * TAO).unwrap();
        assert_eq!(
            events,
            vec![Event::StakeAdded(
                ALICE,
                VALI,
                100 * TAO,
                expected.amount_out.rao(),
                SN1,
                50_000
            )]
        );
        assert_eq!(state.free_balance(&ALICE), 900 * TAO);
        assert_eq!(state.subnet(SN1).unwrap().tao_reserve, 1100 * TAO);
        // Within the limit, a strict order executes in full.
        call(&mut state, BOB, add_limit(SN1, TAO, 2_000_000_000, false)).unwrap();
        assert_eq!(state.free_balance(&BOB), 999 * TAO);
        check_conservation(&state);
    }

    // ---- remove_stake -----------------------------------------------------------------

    #[test]
    fn remove_stake_matches_v3_vector() {
        let mut state = fixture();
        seed_stake(&mut state, &VALI, &ALICE, SN1, 10 * TAO);
        let events = call(&mut state, ALICE, remove(VALI, SN1, 10 * TAO)).unwrap();
        assert_eq!(
            events,
            vec![Event::StakeRemoved(
                ALICE,
                VALI,
                9_900_940_099,
                10 * TAO,
                SN1,
                50_000
            )]
        );
        assert_eq!(state.free_balance(&ALICE), 1000 * TAO + 9_900_940_099);
        let subnet = state.subnet(SN1).unwrap();
        assert_eq!(subnet.tao_reserve, 990_099_059_901);
        assert_eq!(subnet.alpha_in, 1010 * TAO);
        assert_eq!(subnet.alpha_out, 0);
        assert_eq!(subnet.volume, 9_900_990_099);
        assert_eq!(state.stake_of(&VALI, &ALICE, SN1), 0);
        assert!(!state.stake.contains_key(&(VALI, SN1)));
        check_conservation(&state);
    }

    #[test]
    fn remove_stake_rejections_change_nothing() {
        let mut state = fixture();
        seed_stake(&mut state, &VALI, &ALICE, SN1, 10 * TAO);
        seed_stake(&mut state, &VALI, &ALICE, SN3, 10 * TAO);
        let cases = [
            (remove(VALI, NetUid(9), TAO), Error::SubnetNotExists),
            (remove(VALI, SN3, TAO), Error::SubtokenDisabled),
            (remove(VALI, SN1, 0), Error::AmountTooLow),
            // 500 001 alpha at price 1 yields 500 000 rao: not more than the minimum.
            (remove(VALI, SN1, 500_001), Error::AmountTooLow),
            (remove(VALI, SN1, 11 * TAO), Error::NotEnoughStakeToWithdraw),
            (remove(OTHER_HK, SN1, TAO), Error::NotEnoughStakeToWithdraw),
            (remove(UNKNOWN_HK, SN1, TAO), Error::HotKeyAccountNotExists),
            (
                remove(VALI, SN1, u64::MAX / 2),
                Error::InsufficientLiquidity,
            ),
            (
                remove_limit(SN1, 10 * TAO, 999_000_000, false),
                Error::SlippageTooHigh,
            ),
            (remove_limit(SN1, TAO, TAO, true), Error::ZeroMaxStakeAmount),
        ];
        for (c, expected) in cases {
            assert_rejected(&mut state, ALICE, c, expected);
        }
        assert_rejected(
            &mut state,
            BOB,
            remove(VALI, SN1, TAO),
            Error::NotEnoughStakeToWithdraw,
        );
    }

    #[test]
    fn remove_stake_limit_partial_executes_what_fits() {
        let mut state = fixture();
        seed_stake(&mut state, &VALI, &ALICE, SN1, 500 * TAO);
        let events = call(
            &mut state,
            ALICE,
            remove_limit(SN1, 500 * TAO, 900_000_000, true),
        )
        .unwrap();
        let Event::StakeRemoved(_, _, tao, alpha, _, fee) = events[0] else {
            panic!("expected StakeRemoved, got {events:?}");
        };
        assert_eq!(alpha, 111_111_111_111);
        assert_eq!(fee, 50_000);
        assert_eq!(
            state.stake_of(&VALI, &ALICE, SN1),
            500 * TAO - 111_111_111_111
        );
        assert_eq!(state.free_balance(&ALICE), 1000 * TAO + tao);
        // Average price of the executed part (before the fee) stays at or above the limit.
        assert!(u128::from(tao + fee) * u128::from(TAO) / u128::from(alpha) >= 899_999_999);
        check_conservation(&state);
    }

    #[test]
    fn remove_stake_full_limit_empties_the_position() {
        let mut state = fixture();
        seed_stake(&mut state, &VALI, &ALICE, SN1, 7 * TAO);
        let strict = SubtensorCall::RemoveStakeFullLimit {
            hotkey: VALI,
            netuid: SN1,
            limit_price: Some(999_000_000),
        };
        assert_rejected(&mut state, ALICE, strict, Error::SlippageTooHigh);
        let loose = SubtensorCall::RemoveStakeFullLimit {
            hotkey: VALI,
            netuid: SN1,
            limit_price: Some(900_000_000),
        };
        call(&mut state, ALICE, loose).unwrap();
        assert_eq!(state.stake_of(&VALI, &ALICE, SN1), 0);
        seed_stake(&mut state, &VALI, &ALICE, SN2, 3 * TAO);
        let unlimited = SubtensorCall::RemoveStakeFullLimit {
            hotkey: VALI,
            netuid: SN2,
            limit_price: None,
        };
        call(&mut state, ALICE, unlimited.clone()).unwrap();
        assert_eq!(state.stake_of(&VALI, &ALICE, SN2), 0);
        // Nothing left: the empty position is below the minimum.
        assert_rejected(&mut state, ALICE, unlimited, Error::AmountTooLow);
        check_conservation(&state);
    }

    #[test]
    fn payout_below_existential_deposit_to_an_empty_account_is_recycled() {
        let mut state = fixture();
        state.params.min_stake = 0;
        state.params.staking_fee = 0;
        seed_stake(&mut state, &VALI, &CAROL, SN1, 400);
        let issuance = state.total_issuance;
        let events = call(&mut state, CAROL, remove(VALI, SN1, 400)).unwrap();
        assert_eq!(state.free_balance(&CAROL), 0);
        assert!(events.contains(&Event::DustLost {
            account: CAROL,
            amount: 400
        }));
        assert_eq!(state.total_issuance, issuance - 400);
        check_conservation(&state);
    }

    // ---- nominators, dust ---------------------------------------------------------------

    #[test]
    fn nominators_gain_pro_rata_from_dividends() {
        let mut state = fixture();
        call(&mut state, ALICE, add(VALI, SN1, 30 * TAO)).unwrap();
        call(&mut state, BOB, add(VALI, SN1, 10 * TAO)).unwrap();
        let alice = state.stake_of(&VALI, &ALICE, SN1);
        let bob = state.stake_of(&VALI, &BOB, SN1);
        let dividend = 4 * TAO;
        state.distribute_to_hotkey(&VALI, SN1, dividend).unwrap();
        state.subnet_mut(SN1).unwrap().alpha_out += dividend;
        check_conservation(&state);
        let total = u128::from(alice + bob);
        let alice_gain = state.stake_of(&VALI, &ALICE, SN1) - alice;
        let bob_gain = state.stake_of(&VALI, &BOB, SN1) - bob;
        let alice_expected = (u128::from(dividend) * u128::from(alice) / total) as u64;
        let bob_expected = (u128::from(dividend) * u128::from(bob) / total) as u64;
        assert!(
            alice_gain.abs_diff(alice_expected) <= 1,
            "{alice_gain} vs {alice_expected}"
        );
        assert!(
            bob_gain.abs_diff(bob_expected) <= 1,
            "{bob_gain} vs {bob_expected}"
        );
        assert!(alice_gain + bob_gain <= dividend);
        // A later staker does not share in past dividends.
        fund(&mut state, &CAROL, 10 * TAO);
        let bought = quote_add_stake(&state, SN1, TAO).unwrap().amount_out.rao();
        call(&mut state, CAROL, add(VALI, SN1, TAO)).unwrap();
        let carol = state.stake_of(&VALI, &CAROL, SN1);
        assert!(
            carol <= bought && carol + 1 >= bought,
            "{carol} vs {bought}"
        );
        check_conservation(&state);
    }

    #[test]
    fn small_nomination_is_swept_after_unstake() {
        let mut state = fixture();
        // Nominator minimum: 10 × min stake = 0.005 TAO.
        state.params.nominator_min_required_stake = 10_000_000;
        seed_stake(&mut state, &VALI, &ALICE, SN1, TAO);
        seed_stake(&mut state, &VALI, &OWNER, SN1, TAO);
        let events = call(&mut state, ALICE, remove(VALI, SN1, TAO - 1_000_000)).unwrap();
        assert_eq!(state.stake_of(&VALI, &ALICE, SN1), 0);
        assert_eq!(events.len(), 2);
        assert!(matches!(
            events[1],
            Event::StakeRemoved(ALICE, VALI, _, 1_000_000, SN1, 0)
        ));
        check_conservation(&state);
        // The owner is never swept.
        fund(&mut state, &OWNER, TAO);
        call(&mut state, OWNER, remove(VALI, SN1, TAO - 1_000_000)).unwrap();
        assert_eq!(state.stake_of(&VALI, &OWNER, SN1), 1_000_000);
        check_conservation(&state);
    }

    // ---- root ---------------------------------------------------------------------------

    #[test]
    fn root_is_one_to_one_without_fee() {
        let mut state = fixture();
        let events = call(&mut state, ALICE, add(VALI, ROOT, 5 * TAO)).unwrap();
        assert_eq!(
            events,
            vec![Event::StakeAdded(ALICE, VALI, 5 * TAO, 5 * TAO, ROOT, 0)]
        );
        assert_eq!(state.stake_of(&VALI, &ALICE, ROOT), 5 * TAO);
        let root = state.subnet(ROOT).unwrap();
        assert_eq!(
            (root.tao_reserve, root.alpha_in, root.alpha_out),
            (5 * TAO, 0, 5 * TAO)
        );
        check_conservation(&state);
        // The minimum on root is the minimum stake alone (no fee).
        call(&mut state, ALICE, add(VALI, ROOT, 500_000)).unwrap();
        assert_rejected(
            &mut state,
            ALICE,
            add(VALI, ROOT, 499_999),
            Error::AmountTooLow,
        );
        let events = call(&mut state, ALICE, remove(VALI, ROOT, 2 * TAO)).unwrap();
        assert_eq!(
            events,
            vec![Event::StakeRemoved(ALICE, VALI, 2 * TAO, 2 * TAO, ROOT, 0)]
        );
        assert_eq!(state.free_balance(&ALICE), 997 * TAO - 500_000);
        assert_eq!(state.subnet(ROOT).unwrap().tao_reserve, 3 * TAO + 500_000);
        // Root staking is open even if the flag were off.
        state.subnet_mut(ROOT).unwrap().subtoken_enabled = false;
        call(&mut state, ALICE, add(VALI, ROOT, TAO)).unwrap();
        check_conservation(&state);
    }

    // ---- moves --------------------------------------------------------------------------

    #[test]
    fn move_stake_across_subnets_pays_half_fee_per_leg() {
        let mut state = fixture();
        seed_stake(&mut state, &VALI, &ALICE, SN1, 10 * TAO);
        let events = call(
            &mut state,
            ALICE,
            SubtensorCall::MoveStake {
                origin_hotkey: VALI,
                destination_hotkey: OTHER_HK,
                origin_netuid: SN1,
                destination_netuid: SN2,
                alpha_amount: 10 * TAO,
            },
        )
        .unwrap();
        // Same numbers as the swap crate's move quote: Δy = 9 900 990 099, 25 000 per leg.
        let quote = dtao_swap::quote_move_stake(
            &Pool::dynamic(TaoRao(1000 * TAO), AlphaRao(1000 * TAO)),
            &Pool::dynamic(TaoRao(500 * TAO), AlphaRao(1000 * TAO)),
            AlphaRao(10 * TAO),
            &SwapParams::default(),
        )
        .unwrap();
        let alpha_in = quote.stake.amount_out.rao();
        assert_eq!(
            events,
            vec![
                Event::StakeRemoved(ALICE, VALI, 9_900_965_099, 10 * TAO, SN1, 25_000),
                Event::StakeAdded(ALICE, OTHER_HK, 9_900_965_099, alpha_in, SN2, 25_000),
                Event::StakeMoved(ALICE, VALI, SN1, OTHER_HK, SN2, 9_900_965_099),
            ]
        );
        assert_eq!(state.stake_of(&VALI, &ALICE, SN1), 0);
        assert_eq!(state.stake_of(&OTHER_HK, &ALICE, SN2), alpha_in);
        assert_eq!(
            state.subnet(SN1).unwrap().tao_reserve,
            1000 * TAO - 9_900_965_099
        );
        assert_eq!(
            state.subnet(SN2).unwrap().tao_reserve,
            500 * TAO + 9_900_965_099
        );
        assert_eq!(state.total_stake, 2500 * TAO);
        check_conservation(&state);
    }

    #[test]
    fn move_within_a_subnet_goes_through_the_pool() {
        let mut state = fixture();
        seed_stake(&mut state, &VALI, &ALICE, SN1, 10 * TAO);
        let before = state.clone();
        call(
            &mut state,
            ALICE,
            SubtensorCall::MoveStake {
                origin_hotkey: VALI,
                destination_hotkey: OTHER_HK,
                origin_netuid: SN1,
                destination_netuid: SN1,
                alpha_amount: 4 * TAO,
            },
        )
        .unwrap();
        let quote = quote_move_stake(&before, SN1, SN1, 4 * TAO).unwrap();
        let received = state.stake_of(&OTHER_HK, &ALICE, SN1);
        assert_eq!(received, quote.stake.amount_out.rao());
        assert!(
            received < 4 * TAO,
            "a round trip through the pool loses to fees"
        );
        assert_eq!(state.stake_of(&VALI, &ALICE, SN1), 6 * TAO);
        let subnet = state.subnet(SN1).unwrap();
        // Both half fees stay in the pool: its TAO ends where it started.
        assert_eq!(subnet.tao_reserve, 1000 * TAO);
        assert_eq!(subnet.alpha_out, 6 * TAO + received);
        check_conservation(&state);
    }

    #[test]
    fn moves_that_change_nothing_are_rejected() {
        let mut state = fixture();
        seed_stake(&mut state, &VALI, &ALICE, SN1, 10 * TAO);
        let same = SubtensorCall::MoveStake {
            origin_hotkey: VALI,
            destination_hotkey: VALI,
            origin_netuid: SN1,
            destination_netuid: SN1,
            alpha_amount: TAO,
        };
        assert_rejected(&mut state, ALICE, same, Error::SameNetuid);
        let swap = SubtensorCall::SwapStake {
            hotkey: VALI,
            origin_netuid: SN1,
            destination_netuid: SN1,
            alpha_amount: TAO,
        };
        assert_rejected(&mut state, ALICE, swap, Error::SameNetuid);
        let to_self = SubtensorCall::TransferStake {
            destination_coldkey: ALICE,
            hotkey: VALI,
            origin_netuid: SN1,
            destination_netuid: SN1,
            alpha_amount: TAO,
        };
        assert_rejected(&mut state, ALICE, to_self, Error::SameNetuid);
    }

    #[test]
    fn move_rejections_change_nothing() {
        let mut state = fixture();
        seed_stake(&mut state, &VALI, &ALICE, SN1, 10 * TAO);
        let mv = |destination_hotkey, origin_netuid, destination_netuid, alpha_amount| {
            SubtensorCall::MoveStake {
                origin_hotkey: VALI,
                destination_hotkey,
                origin_netuid,
                destination_netuid,
                alpha_amount,
            }
        };
        let cases = [
            (mv(VALI, NetUid(9), SN2, TAO), Error::SubnetNotExists),
            (mv(VALI, SN1, NetUid(9), TAO), Error::SubnetNotExists),
            (mv(VALI, SN1, SN3, TAO), Error::SubtokenDisabled),
            (mv(UNKNOWN_HK, SN1, SN2, TAO), Error::HotKeyAccountNotExists),
            (
                mv(VALI, SN1, SN2, 11 * TAO),
                Error::NotEnoughStakeToWithdraw,
            ),
            (mv(VALI, SN1, SN2, 0), Error::AmountTooLow),
            (mv(VALI, SN1, SN2, 500_001), Error::AmountTooLow),
        ];
        for (c, expected) in cases {
            assert_rejected(&mut state, ALICE, c, expected);
        }
    }

    #[test]
    fn swap_stake_to_and_from_root() {
        let mut state = fixture();
        seed_stake(&mut state, &VALI, &ALICE, SN1, 10 * TAO);
        let events = call(
            &mut state,
            ALICE,
            SubtensorCall::SwapStake {
                hotkey: VALI,
                origin_netuid: SN1,
                destination_netuid: ROOT,
                alpha_amount: 10 * TAO,
            },
        )
        .unwrap();
        // Origin leg pays 25 000; the root leg is 1:1 without fee.
        let tao = 9_900_990_099 - 25_000;
        assert_eq!(events[2], Event::StakeSwapped(ALICE, VALI, SN1, ROOT, tao));
        assert_eq!(state.stake_of(&VALI, &ALICE, ROOT), tao);
        check_conservation(&state);
        call(
            &mut state,
            ALICE,
            SubtensorCall::SwapStake {
                hotkey: VALI,
                origin_netuid: ROOT,
                destination_netuid: SN2,
                alpha_amount: tao,
            },
        )
        .unwrap();
        assert_eq!(state.stake_of(&VALI, &ALICE, ROOT), 0);
        assert_eq!(state.subnet(ROOT).unwrap().tao_reserve, 0);
        check_conservation(&state);
    }

    #[test]
    fn swap_stake_limit_strict_and_partial() {
        let mut state = fixture();
        seed_stake(&mut state, &VALI, &ALICE, SN1, 400 * TAO);
        // Relative price SN1/SN2 is 1 / 0.5 = 2; a limit of 1.9 lets only part through.
        let limit_price = 1_900_000_000;
        let max = max_amount_move(&state, SN1, SN2, limit_price).unwrap();
        assert!(max > 0 && max < 400 * TAO, "max {max}");
        let strict = SubtensorCall::SwapStakeLimit {
            hotkey: VALI,
            origin_netuid: SN1,
            destination_netuid: SN2,
            alpha_amount: 400 * TAO,
            limit_price,
            allow_partial: false,
        };
        assert_rejected(&mut state, ALICE, strict, Error::SlippageTooHigh);
        let above = SubtensorCall::SwapStakeLimit {
            hotkey: VALI,
            origin_netuid: SN1,
            destination_netuid: SN2,
            alpha_amount: 400 * TAO,
            limit_price: 2_100_000_000,
            allow_partial: true,
        };
        assert_rejected(&mut state, ALICE, above, Error::ZeroMaxStakeAmount);
        let partial = SubtensorCall::SwapStakeLimit {
            hotkey: VALI,
            origin_netuid: SN1,
            destination_netuid: SN2,
            alpha_amount: 400 * TAO,
            limit_price,
            allow_partial: true,
        };
        call(&mut state, ALICE, partial).unwrap();
        assert_eq!(state.stake_of(&VALI, &ALICE, SN1), 400 * TAO - max);
        check_conservation(&state);
    }

    #[test]
    fn max_move_between_corner_cases() {
        let stable = Pool::stable(TaoRao(10 * TAO));
        let dynamic = Pool::dynamic(TaoRao(1000 * TAO), AlphaRao(1000 * TAO));
        assert_eq!(max_move_between(&stable, &stable, TAO), u64::MAX);
        assert_eq!(max_move_between(&stable, &stable, TAO + 1), 0);
        assert_eq!(max_move_between(&stable, &dynamic, 0), u64::MAX);
        // Root → subnet at limit 1/1.1: as max_add at 1.1 (up to fixed-point truncation).
        let add = max_move_between(&stable, &dynamic, 909_090_909);
        assert!(add.abs_diff(100 * TAO) < TAO / 1000, "{add}");
        assert_eq!(
            max_move_between(&dynamic, &stable, 900_000_000),
            dynamic.max_remove(900_000_000).rao()
        );
        let empty = Pool::dynamic(TaoRao(0), AlphaRao(1000 * TAO));
        assert_eq!(max_move_between(&dynamic, &empty, 1), 0);
        assert_eq!(max_move_between(&dynamic, &dynamic, 0), u64::MAX);
        assert_eq!(max_move_between(&dynamic, &dynamic, TAO + 1), 0);
        // Equal pools at limit 0.9: x·½ / 0.9 − x·½ = 1000·(0.5/0.9 − 0.5) TAO ≈ 55.5 TAO.
        let both = max_move_between(&dynamic, &dynamic, 900_000_000);
        assert!(both.abs_diff(55_555_555_555) < 1000, "{both}");
    }

    #[test]
    fn transfer_stake_gives_stake_to_another_coldkey() {
        let mut state = fixture();
        seed_stake(&mut state, &VALI, &ALICE, SN1, 10 * TAO);
        let transfer = |origin_netuid, destination_netuid| SubtensorCall::TransferStake {
            destination_coldkey: BOB,
            hotkey: VALI,
            origin_netuid,
            destination_netuid,
            alpha_amount: 5 * TAO,
        };
        let events = call(&mut state, ALICE, transfer(SN1, SN1)).unwrap();
        let Event::StakeTransferred(from, to, hotkey, o, d, _) = events[2] else {
            panic!("{events:?}");
        };
        assert_eq!((from, to, hotkey, o, d), (ALICE, BOB, VALI, SN1, SN1));
        assert_eq!(state.stake_of(&VALI, &ALICE, SN1), 5 * TAO);
        assert!(state.stake_of(&VALI, &BOB, SN1) > 0);
        assert!(state.staking_hotkeys[&BOB].contains(&VALI));
        check_conservation(&state);
        state.subnet_mut(SN2).unwrap().hyperparams.transfer_allowed = false;
        assert_rejected(
            &mut state,
            ALICE,
            transfer(SN1, SN2),
            Error::TransferDisallowed,
        );
        state.subnet_mut(SN2).unwrap().hyperparams.transfer_allowed = true;
        state.subnet_mut(SN1).unwrap().hyperparams.transfer_allowed = false;
        assert_rejected(
            &mut state,
            ALICE,
            transfer(SN1, SN2),
            Error::TransferDisallowed,
        );
        assert_rejected(
            &mut state,
            ALICE,
            transfer(SN1, SN1),
            Error::TransferDisallowed,
        );
        // move_stake is not a transfer: still allowed.
        call(
            &mut state,
            ALICE,
            SubtensorCall::MoveStake {
                origin_hotkey: VALI,
                destination_hotkey: OTHER_HK,
                origin_netuid: SN1,
                destination_netuid: SN2,
                alpha_amount: TAO,
            },
        )
        .unwrap();
        check_conservation(&state);
    }

    // ---- unstake_all ----------------------------------------------------------------------

    #[test]
    fn unstake_all_pays_every_position_it_can() {
        let mut state = fixture();
        seed_stake(&mut state, &VALI, &ALICE, SN1, 10 * TAO);
        seed_stake(&mut state, &VALI, &ALICE, SN2, 20 * TAO);
        seed_stake(&mut state, &VALI, &ALICE, SN3, 5 * TAO);
        seed_stake(&mut state, &VALI, &ALICE, ROOT, 3 * TAO);
        seed_stake(&mut state, &OTHER_HK, &ALICE, SN1, 10 * TAO);
        add_subnet(&mut state, NetUid(4), 1000 * TAO, 1000 * TAO, true);
        seed_stake(&mut state, &VALI, &ALICE, NetUid(4), 1000);
        let expected = quote_remove_stake(&state, SN1, 10 * TAO)
            .unwrap()
            .amount_out
            .rao()
            + quote_remove_stake(&state, SN2, 20 * TAO)
                .unwrap()
                .amount_out
                .rao()
            + 3 * TAO;
        let events = call(
            &mut state,
            ALICE,
            SubtensorCall::UnstakeAll { hotkey: VALI },
        )
        .unwrap();
        assert_eq!(events.len(), 3);
        assert_eq!(state.free_balance(&ALICE), 1000 * TAO + expected);
        assert_eq!(state.stake_of(&VALI, &ALICE, SN1), 0);
        assert_eq!(state.stake_of(&VALI, &ALICE, SN2), 0);
        assert_eq!(state.stake_of(&VALI, &ALICE, ROOT), 0);
        // Disabled subnet, dust below the minimum and other hotkeys are left alone.
        assert_eq!(state.stake_of(&VALI, &ALICE, SN3), 5 * TAO);
        assert_eq!(state.stake_of(&VALI, &ALICE, NetUid(4)), 1000);
        assert_eq!(state.stake_of(&OTHER_HK, &ALICE, SN1), 10 * TAO);
        check_conservation(&state);
        // Nothing left to unstake is not an error.
        assert_eq!(
            call(&mut state, BOB, SubtensorCall::UnstakeAll { hotkey: VALI }),
            Ok(vec![])
        );
        assert_rejected(
            &mut state,
            ALICE,
            SubtensorCall::UnstakeAll { hotkey: UNKNOWN_HK },
            Error::HotKeyAccountNotExists,
        );
        assert_rejected(
            &mut state,
            ALICE,
            SubtensorCall::UnstakeAllAlpha { hotkey: UNKNOWN_HK },
            Error::HotKeyAccountNotExists,
        );
    }

    #[test]
    fn unstake_all_alpha_restakes_on_root() {
        let mut state = fixture();
        seed_stake(&mut state, &VALI, &ALICE, SN1, 10 * TAO);
        seed_stake(&mut state, &VALI, &ALICE, SN2, 20 * TAO);
        seed_stake(&mut state, &VALI, &ALICE, ROOT, 3 * TAO);
        let tao = quote_remove_stake(&state, SN1, 10 * TAO)
            .unwrap()
            .amount_out
            .rao()
            + quote_remove_stake(&state, SN2, 20 * TAO)
                .unwrap()
                .amount_out
                .rao();
        let events = call(
            &mut state,
            ALICE,
            SubtensorCall::UnstakeAllAlpha { hotkey: VALI },
        )
        .unwrap();
        assert_eq!(events[2], Event::StakeAdded(ALICE, VALI, tao, tao, ROOT, 0));
        assert_eq!(state.free_balance(&ALICE), 1000 * TAO);
        assert_eq!(state.stake_of(&VALI, &ALICE, ROOT), 3 * TAO + tao);
        assert_eq!(state.stake_of(&VALI, &ALICE, SN1), 0);
        assert_eq!(state.subnet(ROOT).unwrap().tao_reserve, 3 * TAO + tao);
        check_conservation(&state);
        // With no alpha left, nothing happens.
        assert_eq!(
            call(
                &mut state,
                ALICE,
                SubtensorCall::UnstakeAllAlpha { hotkey: VALI }
            ),
            Ok(vec![])
        );
    }

    // ---- take ---------------------------------------------------------------------------

    #[test]
    fn take_rules_and_rate_limit() {
        let mut state = fixture();
        let inc = |take| SubtensorCall::IncreaseTake { hotkey: VALI, take };
        let dec = |take| SubtensorCall::DecreaseTake { hotkey: VALI, take };
        // The default take (18 %) is also the maximum.
        assert_eq!(state.take_of(&VALI), 11_796);
        assert_rejected(&mut state, OWNER, inc(11_796), Error::DelegateTakeTooLow);
        assert_rejected(&mut state, OWNER, dec(11_796), Error::DelegateTakeTooLow);
        assert_rejected(&mut state, ALICE, dec(5_000), Error::NonAssociatedColdKey);
        assert_rejected(
            &mut state,
            OWNER,
            SubtensorCall::DecreaseTake {
                hotkey: UNKNOWN_HK,
                take: 1,
            },
            Error::HotKeyAccountNotExists,
        );
        let events = call(&mut state, OWNER, dec(5_000)).unwrap();
        assert_eq!(events, vec![Event::TakeDecreased(OWNER, VALI, 5_000)]);
        assert_eq!(state.take_of(&VALI), 5_000);
        // Decreases need no wait; they restart the increase clock.
        state.block = 2;
        call(&mut state, OWNER, dec(4_000)).unwrap();
        assert_rejected(
            &mut state,
            OWNER,
            inc(6_000),
            Error::DelegateTxRateLimitExceeded,
        );
        state.block = 2 + 216_000;
        assert_rejected(
            &mut state,
            OWNER,
            inc(6_000),
            Error::DelegateTxRateLimitExceeded,
        );
        state.block = 2 + 216_001;
        assert_rejected(&mut state, OWNER, inc(11_797), Error::DelegateTakeTooHigh);
        assert_rejected(&mut state, OWNER, inc(4_000), Error::DelegateTakeTooLow);
        let events = call(&mut state, OWNER, inc(6_000)).unwrap();
        assert_eq!(events, vec![Event::TakeIncreased(OWNER, VALI, 6_000)]);
        assert_eq!(state.last_take_change[&VALI], 2 + 216_001);
        assert_rejected(
            &mut state,
            OWNER,
            inc(7_000),
            Error::DelegateTxRateLimitExceeded,
        );
        // The minimum take bounds decreases.
        state.params.min_delegate_take = 1_000;
        assert_rejected(&mut state, OWNER, dec(999), Error::DelegateTakeTooLow);
        call(&mut state, OWNER, dec(1_000)).unwrap();
        // A zero rate limit disables the wait.
        state.params.tx_delegate_take_rate_limit = 0;
        call(&mut state, OWNER, inc(2_000)).unwrap();
        assert_eq!(state.take_of(&VALI), 2_000);
    }

    #[test]
    fn try_associate_hotkey_claims_only_unowned_hotkeys() {
        let mut state = fixture();
        let new_hotkey = AccountId([50; 32]);
        call(
            &mut state,
            ALICE,
            SubtensorCall::TryAssociateHotkey { hotkey: new_hotkey },
        )
        .unwrap();
        assert_eq!(state.owner_of(&new_hotkey), Some(ALICE));
        assert!(state.owned_hotkeys[&ALICE].contains(&new_hotkey));
        let before = state.clone();
        call(
            &mut state,
            BOB,
            SubtensorCall::TryAssociateHotkey { hotkey: new_hotkey },
        )
        .unwrap();
        call(
            &mut state,
            ALICE,
            SubtensorCall::TryAssociateHotkey { hotkey: new_hotkey },
        )
        .unwrap();
        assert_eq!(state, before);
        // The new hotkey can now receive stake.
        call(&mut state, BOB, add(new_hotkey, SN1, TAO)).unwrap();
    }

    #[test]
    fn other_calls_are_not_staking_calls() {
        let mut state = fixture();
        let c = SubtensorCall::StartCall { netuid: SN1 };
        assert_rejected(&mut state, ALICE, c, Error::CallDisabled);
    }

    // ---- quotes and reads -----------------------------------------------------------------

    #[test]
    fn quotes_match_execution_and_reads_sum_positions() {
        let mut state = fixture();
        let quote = quote_add_stake(&state, SN1, 10 * TAO).unwrap();
        assert_eq!(quote.amount_out.rao(), 9_900_941_084);
        let limited = quote_add_stake_limit(
            &state,
            SN1,
            200 * TAO,
            Limit {
                limit_price: 1_100_000_000,
                allow_partial: true,
            },
        )
        .unwrap();
        assert_eq!(limited.amount_in.rao(), 100 * TAO);
        assert_eq!(max_amount_add(&state, SN1, 1_100_000_000), Ok(100 * TAO));
        assert_eq!(
            max_amount_remove(&state, SN1, 900_000_000),
            Ok(111_111_111_111)
        );
        assert_eq!(
            quote_add_stake(&state, NetUid(9), TAO),
            Err(Error::SubnetNotExists)
        );
        call(&mut state, ALICE, add(VALI, SN1, 10 * TAO)).unwrap();
        call(&mut state, ALICE, add(VALI, ROOT, 2 * TAO)).unwrap();
        let positions = positions_of(&state, &ALICE);
        assert_eq!(positions.len(), 2);
        assert_eq!(positions[0].netuid, ROOT);
        assert_eq!(positions[0].tao_value, 2 * TAO);
        let spot = u128::from(9_900_941_084_u64) * 1_010_000_000_000 / 990_099_058_916;
        assert_eq!(positions[1].tao_value, spot as u64);
        assert_eq!(stake_value_in_tao(&state, &ALICE), 2 * TAO + spot as u64);
        let unstake = quote_remove_stake(&state, SN1, 9_900_941_084).unwrap();
        let limited = quote_remove_stake_limit(
            &state,
            SN1,
            9_900_941_084,
            Limit {
                limit_price: 0,
                allow_partial: false,
            },
        )
        .unwrap();
        assert_eq!(unstake, limited);
        let balance = state.free_balance(&ALICE);
        call(&mut state, ALICE, remove(VALI, SN1, 9_900_941_084)).unwrap();
        assert_eq!(
            state.free_balance(&ALICE),
            balance + unstake.amount_out.rao()
        );
        // Stake then unstake lost exactly the two fees plus rounding.
        assert!(state.free_balance(&ALICE) < 1000 * TAO - 2 * TAO);
        assert_eq!(stake_value_in_tao(&state, &BOB), 0);
    }
}
