//! The chain state: accounts, subnets with their pools and neurons, and stake share pools.
//!
//! Invariants (checked by `invariants.rs` after every block in tests):
//! - every collection is a `BTreeMap`/`Vec`, so iteration order is deterministic;
//! - balances and pool reserves are u64 rao and never go negative (all helpers check or saturate);
//! - `Subnet::neurons[uid]` is dense in `0..n` and `Subnet::uids` is its inverse;
//! - the value of a hotkey's share pool on a subnet (`HotkeyStake::pool.value`) is the alpha
//!   staked to that hotkey there; root (netuid 0) stake is TAO 1:1.
//!
//! Mutating helpers here either succeed completely or return an error before changing anything,
//! which is what lets every call validate first and then apply without partial writes.

use crate::error::Error;
use crate::hyperparams::{NetworkParams, SubnetHyperparams};
use dtao_primitives::fixed::{I64F64, I96F32, U64F64};
use dtao_primitives::{AccountId, NetUid};
use dtao_swap::SharePool;
use parity_scale_codec::{Decode, Encode};
use std::collections::{BTreeMap, VecDeque};

/// Per-account data (Substrate's `System.Account` with `Balances.Account` folded in).
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub struct AccountInfo {
    /// Number of transactions sent (the next valid nonce).
    pub nonce: u32,
    /// Free TAO balance in rao.
    pub free: u64,
}

/// Whether a subnet trades through a pool or 1:1 (root).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode)]
pub enum Mechanism {
    /// 1:1 TAO/alpha, no fee (root, netuid 0).
    Stable,
    /// Constant-product TAO/alpha pool.
    Dynamic,
}

/// Axon endpoint served by a neuron.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub struct AxonInfo {
    /// Block of the last update.
    pub block: u64,
    /// Software version.
    pub version: u32,
    /// IPv4 or IPv6 address as an integer.
    pub ip: u128,
    /// Port.
    pub port: u16,
    /// 4 or 6.
    pub ip_type: u8,
    /// Protocol number.
    pub protocol: u8,
    /// Reserved.
    pub placeholder1: u8,
    /// Reserved.
    pub placeholder2: u8,
}

/// Prometheus endpoint served by a neuron.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub struct PrometheusInfo {
    /// Block of the last update.
    pub block: u64,
    /// Software version.
    pub version: u32,
    /// Address as an integer.
    pub ip: u128,
    /// Port.
    pub port: u16,
    /// 4 or 6.
    pub ip_type: u8,
}

/// One uid of a subnet and what the last epoch wrote for it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub struct Neuron {
    /// Hotkey occupying the uid.
    pub hotkey: AccountId,
    /// Block at which this hotkey registered.
    pub block_at_registration: u64,
    /// Block of the last weights update (or commit under commit-reveal).
    pub last_update: u64,
    /// Active at the last epoch.
    pub active: bool,
    /// Validator permit written by the last epoch.
    pub validator_permit: bool,
    /// Stake weight (u16 proportion) at the last epoch.
    pub stake_weight: u16,
    /// Consensus (u16).
    pub consensus: u16,
    /// Incentive (u16).
    pub incentive: u16,
    /// Dividends (u16).
    pub dividends: u16,
    /// Validator trust (u16).
    pub validator_trust: u16,
    /// Alpha rao emitted to this uid by the last epoch.
    pub emission: u64,
    /// Stored weight row `(uid, u16)` in the caller's order.
    pub weights: Vec<(u16, u16)>,
    /// Stored bond row.
    pub bonds: Vec<(u16, u16)>,
    /// Served axon, if any.
    pub axon: Option<AxonInfo>,
    /// Served prometheus endpoint, if any.
    pub prometheus: Option<PrometheusInfo>,
}

/// A pending hash commit of weights (commit-reveal v2).
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub struct WeightCommit {
    /// BlakeTwo256 of the SCALE-encoded reveal payload.
    pub hash: [u8; 32],
    /// Epoch index at commit time.
    pub epoch: u64,
    /// Block of the commit.
    pub block: u64,
}

/// Emission accumulated between epochs (alpha rao, except `root_divs_tao`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub struct PendingEmission {
    /// Miners' half.
    pub server: u64,
    /// Validators' half minus the root share.
    pub validator: u64,
    /// Owner cut.
    pub owner_cut: u64,
    /// Root share of validator emission, sold to TAO each block (R1), in TAO rao.
    pub root_divs_tao: u64,
    /// Alpha sold for `root_divs_tao` (reported like subtensor's `PendingAlphaSwapped`).
    pub alpha_swapped: u64,
}

/// Subnet identity as set by its owner.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub struct SubnetIdentity {
    /// Display name.
    pub subnet_name: Vec<u8>,
    /// Source repository.
    pub github_repo: Vec<u8>,
    /// Contact.
    pub subnet_contact: Vec<u8>,
    /// Web site.
    pub subnet_url: Vec<u8>,
    /// Discord handle.
    pub discord: Vec<u8>,
    /// Description.
    pub description: Vec<u8>,
    /// Logo address.
    pub logo_url: Vec<u8>,
    /// Anything else.
    pub additional: Vec<u8>,
}

/// A subnet (netuid 0 is root).
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub struct Subnet {
    /// Its netuid.
    pub netuid: NetUid,
    /// Owner coldkey.
    pub owner_coldkey: AccountId,
    /// Owner hotkey.
    pub owner_hotkey: AccountId,
    /// Pool or 1:1.
    pub mechanism: Mechanism,
    /// Hyperparameters.
    pub hyperparams: SubnetHyperparams,
    /// TAO in the pool (`SubnetTAO`).
    pub tao_reserve: u64,
    /// Alpha in the pool (`SubnetAlphaIn`).
    pub alpha_in: u64,
    /// Alpha outside the pool, held by stakers and the protocol (`SubnetAlphaOut`).
    pub alpha_out: u64,
    /// Alpha destroyed without lowering `alpha_out` (burned owner incentive, `burn_alpha`).
    pub alpha_burned: u64,
    /// EMA of the spot price, capped at 1.0 per update (`SubnetMovingPrice`).
    pub moving_price: I96F32,
    /// TAO locked at registration (`SubnetLocked`).
    pub locked: u64,
    /// Block of `register_network`.
    pub registered_at: u64,
    /// First block with emission (set by `start_call`).
    pub first_emission_block: Option<u64>,
    /// Staking and emission enabled (set by `start_call`).
    pub subtoken_enabled: bool,
    /// Accumulated emission until the next epoch.
    pub pending: PendingEmission,
    /// Block of the last epoch (`LastMechansimStepBlock`).
    pub last_epoch_block: u64,
    /// Blocks since the last epoch.
    pub blocks_since_last_step: u64,
    /// Number of epochs run (`SubnetEpochIndex`).
    pub epoch_index: u64,
    /// Neurons by uid.
    pub neurons: Vec<Neuron>,
    /// Hotkey → uid.
    pub uids: BTreeMap<AccountId, u16>,
    /// Pending weight commits per hotkey, oldest first.
    pub weight_commits: BTreeMap<AccountId, VecDeque<WeightCommit>>,
    /// Neuron registrations in the current block.
    pub registrations_this_block: u16,
    /// TAO recycled through neuron registration (`RAORecycledForRegistration`).
    pub rao_recycled_for_registration: u64,
    /// Owner-set identity.
    pub identity: Option<SubnetIdentity>,
    /// Token symbol.
    pub token_symbol: Vec<u8>,
    /// TAO volume traded through the pool.
    pub volume: u128,
    /// Alpha injected into the pool in the last block.
    pub alpha_in_emission: u64,
    /// Alpha emitted to participants in the last block.
    pub alpha_out_emission: u64,
    /// TAO injected into the pool in the last block.
    pub tao_in_emission: u64,
    /// Blocks of the last hyperparameter change by the owner, per parameter name.
    pub owner_param_last_set: BTreeMap<String, u64>,
    /// Block of the last tempo change by the owner (cooldown).
    pub last_tempo_change: u64,
}

impl Subnet {
    /// A new subnet with default hyperparameters and empty pools.
    pub fn new(
        netuid: NetUid,
        owner_coldkey: AccountId,
        owner_hotkey: AccountId,
        block: u64,
    ) -> Self {
        Subnet {
            netuid,
            owner_coldkey,
            owner_hotkey,
            mechanism: if netuid.is_root() {
                Mechanism::Stable
            } else {
                Mechanism::Dynamic
            },
            hyperparams: SubnetHyperparams::default(),
            tao_reserve: 0,
            alpha_in: 0,
            alpha_out: 0,
            alpha_burned: 0,
            moving_price: I96F32::from_num(0),
            locked: 0,
            registered_at: block,
            first_emission_block: None,
            subtoken_enabled: false,
            pending: PendingEmission::default(),
            last_epoch_block: 0,
            blocks_since_last_step: 0,
            epoch_index: 0,
            neurons: Vec::new(),
            uids: BTreeMap::new(),
            weight_commits: BTreeMap::new(),
            registrations_this_block: 0,
            rao_recycled_for_registration: 0,
            identity: None,
            token_symbol: Vec::new(),
            volume: 0,
            alpha_in_emission: 0,
            alpha_out_emission: 0,
            tao_in_emission: 0,
            owner_param_last_set: BTreeMap::new(),
            last_tempo_change: 0,
        }
    }

    /// Number of registered uids.
    pub fn n(&self) -> u16 {
        u16::try_from(self.neurons.len()).unwrap_or(u16::MAX)
    }

    /// Uid of the owner hotkey, if it is registered.
    pub fn owner_uid(&self) -> Option<u16> {
        self.uids.get(&self.owner_hotkey).copied()
    }

    /// The pool as the swap crate sees it.
    pub fn pool(&self) -> dtao_swap::Pool {
        match self.mechanism {
            Mechanism::Stable => dtao_swap::Pool::stable(dtao_primitives::TaoRao(self.tao_reserve)),
            Mechanism::Dynamic => dtao_swap::Pool::dynamic(
                dtao_primitives::TaoRao(self.tao_reserve),
                dtao_primitives::AlphaRao(self.alpha_in),
            ),
        }
    }

    /// Alpha issued so far: pool alpha plus alpha held outside it.
    pub fn alpha_issuance(&self) -> u64 {
        self.alpha_in.saturating_add(self.alpha_out)
    }
}

/// Stake delegated to one hotkey on one subnet: a share pool over its nominators (coldkeys).
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub struct HotkeyStake {
    /// Total value (alpha rao; TAO rao on root) and share denominator.
    pub pool: SharePool,
    /// Shares of each coldkey.
    pub shares: BTreeMap<AccountId, U64F64>,
}

impl HotkeyStake {
    /// Value of one coldkey's shares.
    pub fn value_of(&self, coldkey: &AccountId) -> u64 {
        self.shares
            .get(coldkey)
            .map_or(0, |share| self.pool.value_of(*share))
    }
}

/// The whole chain state.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub struct State {
    /// Current block number.
    pub block: u64,
    /// Accounts with a balance or a nonce.
    pub accounts: BTreeMap<AccountId, AccountInfo>,
    /// Sum of all free balances (Balances' total issuance).
    pub balances_issuance: u64,
    /// TAO issued (subtensor's `TotalIssuance`): drives the halving; recycling lowers it.
    pub total_issuance: u64,
    /// TAO held in pools, root stake included (`TotalStake`).
    pub total_stake: u64,
    /// TAO recycled (removed from issuance) so far, for accounting.
    pub total_recycled: u64,
    /// TAO paid as transaction fees so far (recycled in R1).
    pub total_fees: u64,
    /// Sudo key.
    pub sudo_key: Option<AccountId>,
    /// Network-wide parameters.
    pub params: NetworkParams,
    /// Hotkey → owning coldkey (`Owner`).
    pub hotkey_owner: BTreeMap<AccountId, AccountId>,
    /// Coldkey → hotkeys it owns (`OwnedHotkeys`).
    pub owned_hotkeys: BTreeMap<AccountId, Vec<AccountId>>,
    /// Coldkey → hotkeys it has staked to (`StakingHotkeys`).
    pub staking_hotkeys: BTreeMap<AccountId, Vec<AccountId>>,
    /// Delegate take per hotkey (`Delegates`); absent ⇒ default take.
    pub delegate_take: BTreeMap<AccountId, u16>,
    /// Block of the last take change per hotkey.
    pub last_take_change: BTreeMap<AccountId, u64>,
    /// Subnets by netuid, root included.
    pub subnets: BTreeMap<NetUid, Subnet>,
    /// Stake share pools per (hotkey, netuid).
    pub stake: BTreeMap<(AccountId, NetUid), HotkeyStake>,
    /// Lock cost paid by the last subnet registration (`NetworkLastLockCost`).
    pub network_last_lock_cost: u64,
    /// Block of the last subnet registration (0 = none yet).
    pub network_last_registered_block: u64,
    /// Block emission of the last block (`BlockEmission`, informational).
    pub block_emission: u64,
}

impl State {
    /// An empty chain at block 0 with default parameters and a root subnet owned by nobody.
    pub fn new(params: NetworkParams) -> Self {
        let mut subnets = BTreeMap::new();
        let mut root = Subnet::new(NetUid::ROOT, AccountId::default(), AccountId::default(), 0);
        root.hyperparams.tempo = 100;
        root.hyperparams.max_allowed_uids = 64;
        root.hyperparams.max_allowed_validators = 64;
        root.hyperparams.min_allowed_weights = 0;
        root.subtoken_enabled = true;
        root.moving_price = I96F32::from_num(1);
        subnets.insert(NetUid::ROOT, root);
        State {
            block: 0,
            accounts: BTreeMap::new(),
            balances_issuance: 0,
            total_issuance: 0,
            total_stake: 0,
            total_recycled: 0,
            total_fees: 0,
            sudo_key: None,
            params,
            hotkey_owner: BTreeMap::new(),
            owned_hotkeys: BTreeMap::new(),
            staking_hotkeys: BTreeMap::new(),
            delegate_take: BTreeMap::new(),
            last_take_change: BTreeMap::new(),
            subnets,
            stake: BTreeMap::new(),
            network_last_lock_cost: 0,
            network_last_registered_block: 0,
            block_emission: 0,
        }
    }

    // ---- balances -----------------------------------------------------------------------

    /// Free balance of an account.
    pub fn free_balance(&self, account: &AccountId) -> u64 {
        self.accounts.get(account).map_or(0, |info| info.free)
    }

    /// Next nonce of an account.
    pub fn nonce(&self, account: &AccountId) -> u32 {
        self.accounts.get(account).map_or(0, |info| info.nonce)
    }

    /// Add `amount` to an account's free balance (new TAO or TAO moved from elsewhere the
    /// caller accounts for). Fails, changing nothing, if the balance would overflow.
    pub fn deposit(&mut self, account: &AccountId, amount: u64) -> Result<(), Error> {
        let current = self.free_balance(account);
        let updated = current.checked_add(amount).ok_or(Error::BalanceOverflow)?;
        let issuance = self
            .balances_issuance
            .checked_add(amount)
            .ok_or(Error::BalanceOverflow)?;
        self.accounts.entry(*account).or_default().free = updated;
        self.balances_issuance = issuance;
        Ok(())
    }

    /// Remove `amount` from an account's free balance. With `keep_alive` the account must keep
    /// at least the existential deposit; otherwise a remainder below it is reaped (and returned
    /// as dust, which the caller must account for). Fails, changing nothing, if funds are short.
    pub fn withdraw(
        &mut self,
        account: &AccountId,
        amount: u64,
        keep_alive: bool,
    ) -> Result<u64, Error> {
        let current = self.free_balance(account);
        let remaining = current
            .checked_sub(amount)
            .ok_or(Error::InsufficientBalance)?;
        let ed = self.params.existential_deposit;
        if keep_alive && remaining < ed && amount > 0 {
            return Err(Error::KeepAlive);
        }
        let dust = if remaining < ed { remaining } else { 0 };
        let info = self.accounts.entry(*account).or_default();
        info.free = remaining - dust;
        self.balances_issuance = self
            .balances_issuance
            .saturating_sub(amount.saturating_add(dust));
        if info.free == 0 && info.nonce == 0 {
            self.accounts.remove(account);
        }
        Ok(dust)
    }

    /// Whether `account` can pay `amount` and stay above the existential deposit.
    pub fn can_withdraw_keep_alive(&self, account: &AccountId, amount: u64) -> bool {
        self.free_balance(account)
            .checked_sub(amount)
            .is_some_and(|rest| rest >= self.params.existential_deposit)
    }

    /// Remove `amount` from `TotalIssuance` (recycling delays the halving).
    pub fn recycle_tao(&mut self, amount: u64) {
        self.total_issuance = self.total_issuance.saturating_sub(amount);
        self.total_recycled = self.total_recycled.saturating_add(amount);
    }

    // ---- subnets ------------------------------------------------------------------------

    /// A subnet, or `SubnetNotExists`.
    pub fn subnet(&self, netuid: NetUid) -> Result<&Subnet, Error> {
        self.subnets.get(&netuid).ok_or(Error::SubnetNotExists)
    }

    /// A subnet for writing, or `SubnetNotExists`.
    pub fn subnet_mut(&mut self, netuid: NetUid) -> Result<&mut Subnet, Error> {
        self.subnets.get_mut(&netuid).ok_or(Error::SubnetNotExists)
    }

    /// Netuids of the non-root subnets, ascending.
    pub fn user_netuids(&self) -> Vec<NetUid> {
        self.subnets
            .keys()
            .copied()
            .filter(|netuid| !netuid.is_root())
            .collect()
    }

    // ---- hotkeys ------------------------------------------------------------------------

    /// Coldkey that owns `hotkey`, if any.
    pub fn owner_of(&self, hotkey: &AccountId) -> Option<AccountId> {
        self.hotkey_owner.get(hotkey).copied()
    }

    /// Record `coldkey` as the owner of a new `hotkey` (no-op if it already owns it). Fails if
    /// another coldkey owns it.
    pub fn associate_hotkey(
        &mut self,
        coldkey: &AccountId,
        hotkey: &AccountId,
    ) -> Result<(), Error> {
        match self.hotkey_owner.get(hotkey) {
            Some(owner) if owner == coldkey => Ok(()),
            Some(_) => Err(Error::NonAssociatedColdKey),
            None => {
                self.hotkey_owner.insert(*hotkey, *coldkey);
                let owned = self.owned_hotkeys.entry(*coldkey).or_default();
                if !owned.contains(hotkey) {
                    owned.push(*hotkey);
                }
                Ok(())
            }
        }
    }

    /// Delegate take of a hotkey as u16 proportion.
    pub fn take_of(&self, hotkey: &AccountId) -> u16 {
        self.delegate_take
            .get(hotkey)
            .copied()
            .unwrap_or(self.params.default_take)
    }

    // ---- stake --------------------------------------------------------------------------

    /// Total alpha staked to `hotkey` on `netuid` (`TotalHotkeyAlpha`).
    pub fn hotkey_alpha(&self, hotkey: &AccountId, netuid: NetUid) -> u64 {
        self.stake
            .get(&(*hotkey, netuid))
            .map_or(0, |stake| stake.pool.value)
    }

    /// Alpha of `coldkey` staked to `hotkey` on `netuid`.
    pub fn stake_of(&self, hotkey: &AccountId, coldkey: &AccountId, netuid: NetUid) -> u64 {
        self.stake
            .get(&(*hotkey, netuid))
            .map_or(0, |stake| stake.value_of(coldkey))
    }

    /// Credit `alpha` to `(hotkey, coldkey)` on `netuid` at the current share price. Fails,
    /// changing nothing, if the share pool cannot represent it.
    pub fn credit_stake(
        &mut self,
        hotkey: &AccountId,
        coldkey: &AccountId,
        netuid: NetUid,
        alpha: u64,
    ) -> Result<(), Error> {
        if alpha == 0 {
            return Ok(());
        }
        let entry = self.stake.entry((*hotkey, netuid)).or_default();
        let mut pool = entry.pool;
        let mut share = entry
            .shares
            .get(coldkey)
            .copied()
            .unwrap_or_else(|| U64F64::from_num(0));
        pool.add_to_one(&mut share, alpha)
            .map_err(|_| Error::InsufficientLiquidity)?;
        entry.pool = pool;
        entry.shares.insert(*coldkey, share);
        let hotkeys = self.staking_hotkeys.entry(*coldkey).or_default();
        if !hotkeys.contains(hotkey) {
            hotkeys.push(*hotkey);
        }
        Ok(())
    }

    /// Debit `alpha` from `(hotkey, coldkey)` on `netuid`. Fails, changing nothing, if the
    /// position holds less.
    pub fn debit_stake(
        &mut self,
        hotkey: &AccountId,
        coldkey: &AccountId,
        netuid: NetUid,
        alpha: u64,
    ) -> Result<(), Error> {
        if alpha == 0 {
            return Ok(());
        }
        let entry = self
            .stake
            .get_mut(&(*hotkey, netuid))
            .ok_or(Error::NotEnoughStakeToWithdraw)?;
        let mut share = entry
            .shares
            .get(coldkey)
            .copied()
            .ok_or(Error::NotEnoughStakeToWithdraw)?;
        let mut pool = entry.pool;
        if pool.value_of(share) == alpha {
            // Emptying the position also burns its dust shares.
            pool.remove_all(&mut share)
                .map_err(|_| Error::NotEnoughStakeToWithdraw)?;
        } else {
            pool.remove_from_one(&mut share, alpha)
                .map_err(|_| Error::NotEnoughStakeToWithdraw)?;
        }
        entry.pool = pool;
        if share == U64F64::from_num(0) {
            entry.shares.remove(coldkey);
        } else {
            entry.shares.insert(*coldkey, share);
        }
        if entry.shares.is_empty() && entry.pool.value == 0 {
            self.stake.remove(&(*hotkey, netuid));
        }
        Ok(())
    }

    /// Add `alpha` to every nominator of `hotkey` on `netuid` pro rata (dividends). With no
    /// nominators yet, it is credited to the hotkey's owner.
    pub fn distribute_to_hotkey(
        &mut self,
        hotkey: &AccountId,
        netuid: NetUid,
        alpha: u64,
    ) -> Result<(), Error> {
        if alpha == 0 {
            return Ok(());
        }
        let has_holders = self
            .stake
            .get(&(*hotkey, netuid))
            .is_some_and(|s| !s.shares.is_empty());
        if !has_holders {
            let owner = self.owner_of(hotkey).unwrap_or(*hotkey);
            return self.credit_stake(hotkey, &owner, netuid, alpha);
        }
        let entry = self.stake.entry((*hotkey, netuid)).or_default();
        let mut pool = entry.pool;
        pool.add_to_all(alpha)
            .map_err(|_| Error::InsufficientLiquidity)?;
        entry.pool = pool;
        Ok(())
    }

    /// Stake weight of `hotkey` on `netuid` for the epoch: alpha + TaoWeight × root stake.
    pub fn stake_weight(&self, hotkey: &AccountId, netuid: NetUid) -> I64F64 {
        let alpha = I64F64::saturating_from_num(self.hotkey_alpha(hotkey, netuid));
        let root = I64F64::saturating_from_num(self.hotkey_alpha(hotkey, NetUid::ROOT));
        // The ratio is taken in U96F32 (as subtensor's `get_tao_weight`): u64::MAX does not fit
        // I64F64, whose saturation would double the weight.
        let tao_weight =
            I64F64::saturating_from_num(crate::units::u64_ratio(self.params.tao_weight));
        alpha.saturating_add(root.saturating_mul(tao_weight))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn stake_weight_counts_root_at_tao_weight() {
        let mut state = State::new(NetworkParams::default());
        let hotkey = AccountId::from_seed_byte(1);
        let coldkey = AccountId::from_seed_byte(2);
        state
            .credit_stake(&hotkey, &coldkey, NetUid::ROOT, 1_000_000)
            .unwrap();
        state
            .credit_stake(&hotkey, &coldkey, NetUid(1), 500)
            .unwrap();
        let weight = state.stake_weight(&hotkey, NetUid(1)).to_num::<f64>();
        assert!((weight - (500.0 + 180_000.0)).abs() < 1e-3, "{weight}");
        state.params.tao_weight = u64::MAX;
        assert!(
            (state.stake_weight(&hotkey, NetUid(1)).to_num::<f64>() - 1_000_500.0).abs() < 1e-6
        );
    }
}
