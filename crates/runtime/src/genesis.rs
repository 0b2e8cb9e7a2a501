//! Genesis: the state a chain starts from, described by a [`GenesisConfig`] built in Rust (a
//! small builder API) or read from JSON, and checked by [`GenesisConfig::build`].
//!
//! What a genesis holds:
//! - free balances (each at least the existential deposit, no account twice);
//! - the sudo key;
//! - network parameters ([`NetworkParams`], defaults unless overridden, by value or by name);
//! - subnets, created as if registered at block 0: owner coldkey and hotkey (uid 0), the lock
//!   recorded as `SubnetLocked` (default `network_min_lock_cost`), the pool (default
//!   `y = x = network_min_lock_cost`, price 1.0), optionally already started (`start_call`),
//!   hyperparameters (default `params.new_subnet_hyperparams`) with overrides by name, and an
//!   identity. Netuids are explicit or the lowest free ones ≥ 1. `network_last_lock_cost` is
//!   the last genesis subnet's lock; with the last-registration block 0 the next lock cost
//!   starts from it undoubled and decays (dtao-spec §10.1);
//! - stakes: alpha rao staked by a coldkey to a hotkey on a subnet (TAO rao on root). A hotkey
//!   owned by no one becomes the staking coldkey's; staking to another coldkey's hotkey is
//!   nomination, as on chain.
//!
//! Genesis mints: pool TAO (subnet pools and root stake) is issued alongside the balances, so
//! the built state satisfies `total_issuance == balances_issuance + Σ tao_reserve` and
//! `total_stake == Σ tao_reserve`; subnet stakes are alpha outside the pools (`alpha_out`), so
//! `alpha_out == Σ stake values` on every subnet. Nothing is recycled at genesis.
//!
//! JSON schema (amounts are JSON integers in rao, or strings: `"1500000000"`, `"1.5 TAO"`;
//! accounts are 32-byte hex strings, `0x` optional; unknown keys are errors):
//!
//! ```text
//! {
//!   "sudo": "0x…",                                              optional
//!   "balances": [ ["0x…", amount], {"account": "0x…", "free": amount}, … ],
//!   "params": { "<NetworkParams field>": value, …,              optional
//!               "new_subnet_hyperparams": { "<SubnetHyperparams field>": value, … } },
//!   "subnets": [ {
//!       "netuid": 1,                                            optional (lowest free)
//!       "owner_coldkey": "0x…", "owner_hotkey": "0x…",
//!       "lock": amount,                                         optional
//!       "pool": { "tao": amount, "alpha": amount },             optional
//!       "start_call": true,                                     optional (false)
//!       "hyperparams": { "<SubnetHyperparams field>": value },  optional
//!       "identity": { "subnet_name": "…", "github_repo": "…", "subnet_contact": "…",
//!                     "subnet_url": "…", "discord": "…", "description": "…",
//!                     "logo_url": "…", "additional": "…" }      optional, any subset
//!   }, … ],
//!   "stakes": [ { "coldkey": "0x…", "hotkey": "0x…", "netuid": 1, "amount": amount }, … ]
//! }
//! ```
//!
//! Parameter values: integers (or integer strings); rao amounts also as `"… TAO"`; ratios
//! (`subnet_moving_alpha`, `burn_increase_mult`) as parts per 10^9 or decimal strings
//! (`"1.26"`); booleans as `true`/`false` or 0/1; `alpha_values` as `[low, high]`;
//! `recycle_or_burn` as `"burn"` or `"recycle"`.

use crate::hyperparams::{NetworkParams, RecycleOrBurn, SubnetHyperparams};
use crate::state::{State, SubnetIdentity};
use crate::subnets::{insert_subnet, is_valid_identity, NewSubnet};
use crate::units::Perbill64;
use dtao_primitives::{AccountId, NetUid, RAO_PER_TAO};
use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::fmt;

/// Free balance given to each account by the dev presets: 1 000 000 TAO.
pub const DEV_ACCOUNT_BALANCE: u64 = 1_000_000 * RAO_PER_TAO;

/// Lock cost floor of the dev presets: 1 TAO.
pub const DEV_MIN_LOCK_COST: u64 = RAO_PER_TAO;

/// Neuron registration burn (start and minimum) of new subnets in the dev presets: 0.0005 TAO.
pub const DEV_NEURON_BURN: u64 = 500_000;

/// A parameter value given by name (from JSON or [`GenesisConfig::set_param`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamValue {
    /// An integer.
    Int(i128),
    /// A boolean.
    Bool(bool),
    /// Text: an integer, an amount such as `"1.5 TAO"`, a decimal ratio or a keyword.
    Text(String),
    /// Two integers (`alpha_values`).
    Pair(i128, i128),
}

impl From<u64> for ParamValue {
    fn from(value: u64) -> Self {
        ParamValue::Int(i128::from(value))
    }
}

impl From<u16> for ParamValue {
    fn from(value: u16) -> Self {
        ParamValue::Int(i128::from(value))
    }
}

impl From<i64> for ParamValue {
    fn from(value: i64) -> Self {
        ParamValue::Int(i128::from(value))
    }
}

impl From<bool> for ParamValue {
    fn from(value: bool) -> Self {
        ParamValue::Bool(value)
    }
}

impl From<&str> for ParamValue {
    fn from(value: &str) -> Self {
        ParamValue::Text(value.to_string())
    }
}

impl From<(u16, u16)> for ParamValue {
    fn from((low, high): (u16, u16)) -> Self {
        ParamValue::Pair(i128::from(low), i128::from(high))
    }
}

/// Why a genesis was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GenesisError {
    /// An account appears twice in the balances.
    DuplicateAccount(AccountId),
    /// A balance is below the existential deposit.
    BelowExistentialDeposit {
        /// The account.
        account: AccountId,
        /// Its balance in rao.
        amount: u64,
        /// The existential deposit in rao.
        existential_deposit: u64,
    },
    /// Balances and pools together exceed `u64::MAX` rao (or a pool or stake overflows).
    IssuanceOverflow,
    /// A subnet was given netuid 0 (root exists already).
    RootNetuid,
    /// Two subnets share a netuid.
    DuplicateNetuid(NetUid),
    /// More subnets than `subnet_limit`.
    TooManySubnets {
        /// Subnets in the genesis.
        count: usize,
        /// The limit.
        limit: u16,
    },
    /// No netuid is left to assign.
    NoFreeNetuid,
    /// A hotkey is claimed by two coldkeys.
    HotkeyOwnedByOther {
        /// The hotkey.
        hotkey: AccountId,
        /// The coldkey that owns it.
        owner: AccountId,
    },
    /// A pool with TAO but no alpha, or alpha but no TAO.
    InvalidPool(NetUid),
    /// An identity field is too long.
    InvalidIdentity(NetUid),
    /// A stake names a subnet that the genesis does not create.
    UnknownSubnet(NetUid),
    /// A stake of zero.
    ZeroStake {
        /// Coldkey.
        coldkey: AccountId,
        /// Hotkey.
        hotkey: AccountId,
    },
    /// A parameter name that does not exist.
    UnknownParameter(String),
    /// A parameter value of the wrong type or out of range.
    InvalidParameter {
        /// Parameter name.
        name: String,
        /// What is wrong.
        reason: String,
    },
    /// Malformed JSON, or JSON that does not follow the schema.
    Json {
        /// Where in the document (e.g. `subnets[1].owner_hotkey`).
        path: String,
        /// What is wrong.
        message: String,
    },
}

impl fmt::Display for GenesisError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GenesisError::DuplicateAccount(account) => {
                write!(f, "account {account} appears twice in the balances")
            }
            GenesisError::BelowExistentialDeposit {
                account,
                amount,
                existential_deposit,
            } => write!(
                f,
                "balance of {account} is {amount} rao, below the existential deposit of \
                 {existential_deposit} rao"
            ),
            GenesisError::IssuanceOverflow => {
                write!(f, "balances and pools add up to more than u64::MAX rao")
            }
            GenesisError::RootNetuid => {
                write!(
                    f,
                    "netuid 0 is the root network and cannot be a genesis subnet"
                )
            }
            GenesisError::DuplicateNetuid(netuid) => {
                write!(f, "netuid {netuid} is used by two genesis subnets")
            }
            GenesisError::TooManySubnets { count, limit } => {
                write!(
                    f,
                    "{count} genesis subnets exceed the subnet limit of {limit}"
                )
            }
            GenesisError::NoFreeNetuid => write!(f, "no free netuid is left"),
            GenesisError::HotkeyOwnedByOther { hotkey, owner } => {
                write!(f, "hotkey {hotkey} is already owned by coldkey {owner}")
            }
            GenesisError::InvalidPool(netuid) => write!(
                f,
                "pool of subnet {netuid} must have both TAO and alpha, or neither"
            ),
            GenesisError::InvalidIdentity(netuid) => {
                write!(
                    f,
                    "identity of subnet {netuid} has a field that is too long"
                )
            }
            GenesisError::UnknownSubnet(netuid) => {
                write!(
                    f,
                    "stake on subnet {netuid}, which the genesis does not create"
                )
            }
            GenesisError::ZeroStake { coldkey, hotkey } => {
                write!(f, "stake of 0 from {coldkey} to {hotkey}")
            }
            GenesisError::UnknownParameter(name) => write!(f, "unknown parameter `{name}`"),
            GenesisError::InvalidParameter { name, reason } => {
                write!(f, "parameter `{name}`: {reason}")
            }
            GenesisError::Json { path, message } => {
                if path.is_empty() {
                    write!(f, "genesis JSON: {message}")
                } else {
                    write!(f, "genesis JSON at `{path}`: {message}")
                }
            }
        }
    }
}

impl std::error::Error for GenesisError {}

/// A subnet that exists from block 0.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenesisSubnet {
    /// Netuid; `None` takes the lowest free one ≥ 1 (after explicit netuids are reserved).
    pub netuid: Option<NetUid>,
    /// Owner coldkey.
    pub owner_coldkey: AccountId,
    /// Owner hotkey (uid 0).
    pub owner_hotkey: AccountId,
    /// `SubnetLocked` in rao; `None` = `network_min_lock_cost`.
    pub lock_rao: Option<u64>,
    /// Pool reserves `(tao, alpha)` in rao; `None` = both `network_min_lock_cost`.
    pub pool: Option<(u64, u64)>,
    /// Already started: first emission at block 1, staking enabled.
    pub start_call: bool,
    /// Full hyperparameters; `None` = the network's `new_subnet_hyperparams`.
    pub hyperparams: Option<SubnetHyperparams>,
    /// Hyperparameter overrides by name, applied in order on top of `hyperparams`.
    pub hyperparam_overrides: Vec<(String, ParamValue)>,
    /// Identity.
    pub identity: Option<SubnetIdentity>,
}

impl GenesisSubnet {
    /// A subnet owned by `owner_coldkey` with `owner_hotkey` at uid 0, all else default.
    pub fn new(owner_coldkey: AccountId, owner_hotkey: AccountId) -> Self {
        GenesisSubnet {
            netuid: None,
            owner_coldkey,
            owner_hotkey,
            lock_rao: None,
            pool: None,
            start_call: false,
            hyperparams: None,
            hyperparam_overrides: Vec::new(),
            identity: None,
        }
    }

    /// Use this netuid.
    pub fn netuid(mut self, netuid: u16) -> Self {
        self.netuid = Some(NetUid(netuid));
        self
    }

    /// Record this lock (rao).
    pub fn lock(mut self, lock_rao: u64) -> Self {
        self.lock_rao = Some(lock_rao);
        self
    }

    /// Start with these pool reserves (rao).
    pub fn pool(mut self, tao_rao: u64, alpha_rao: u64) -> Self {
        self.pool = Some((tao_rao, alpha_rao));
        self
    }

    /// Start already started (`start_call` made at genesis).
    pub fn started(mut self) -> Self {
        self.start_call = true;
        self
    }

    /// Use these hyperparameters (overrides still apply on top).
    pub fn hyperparams(mut self, hyperparams: SubnetHyperparams) -> Self {
        self.hyperparams = Some(hyperparams);
        self
    }

    /// Override one hyperparameter by its field name (e.g. `"tempo"`).
    pub fn set(mut self, name: &str, value: impl Into<ParamValue>) -> Self {
        self.hyperparam_overrides
            .push((name.to_string(), value.into()));
        self
    }

    /// Override the tempo.
    pub fn tempo(self, tempo: u16) -> Self {
        self.set("tempo", tempo)
    }

    /// Set the identity.
    pub fn identity(mut self, identity: SubnetIdentity) -> Self {
        self.identity = Some(identity);
        self
    }
}

/// Stake that exists from block 0.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenesisStake {
    /// Nominator coldkey.
    pub coldkey: AccountId,
    /// Hotkey staked to.
    pub hotkey: AccountId,
    /// Subnet (root allowed).
    pub netuid: NetUid,
    /// Alpha rao on a subnet, TAO rao on root.
    pub amount_rao: u64,
}

/// The whole genesis description.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GenesisConfig {
    /// Free balances in rao.
    pub balances: Vec<(AccountId, u64)>,
    /// Sudo key.
    pub sudo_key: Option<AccountId>,
    /// Network parameters.
    pub params: NetworkParams,
    /// Network parameter overrides by name, applied in order on top of `params`
    /// (`new_subnet_hyperparams.<field>` reaches the new-subnet template).
    pub param_overrides: Vec<(String, ParamValue)>,
    /// Subnets.
    pub subnets: Vec<GenesisSubnet>,
    /// Stakes.
    pub stakes: Vec<GenesisStake>,
}

impl GenesisConfig {
    /// An empty genesis with default parameters.
    pub fn new() -> Self {
        GenesisConfig::default()
    }

    /// The development chain: each of `accounts` holds 1 000 000 TAO, the first is sudo,
    /// registration is cheap (lock floor 1 TAO, no network rate limit, new subnets' neuron burn
    /// 0.0005 TAO) and new subnets use the default tempo.
    pub fn dev(accounts: &[AccountId]) -> Self {
        GenesisConfig::dev_with_tempo(accounts, SubnetHyperparams::default().tempo)
    }

    /// [`GenesisConfig::dev`] with new subnets created at `tempo`.
    pub fn dev_with_tempo(accounts: &[AccountId], tempo: u16) -> Self {
        let mut params = NetworkParams {
            network_min_lock_cost: DEV_MIN_LOCK_COST,
            network_rate_limit: 0,
            ..NetworkParams::default()
        };
        let template = &mut params.new_subnet_hyperparams;
        template.burn = DEV_NEURON_BURN;
        template.min_burn = DEV_NEURON_BURN;
        template.tempo = tempo;
        GenesisConfig {
            balances: accounts
                .iter()
                .map(|account| (*account, DEV_ACCOUNT_BALANCE))
                .collect(),
            sudo_key: accounts.first().copied(),
            params,
            ..GenesisConfig::default()
        }
    }

    /// Give `account` a free balance of `amount_rao`.
    pub fn balance(mut self, account: AccountId, amount_rao: u64) -> Self {
        self.balances.push((account, amount_rao));
        self
    }

    /// Set the sudo key.
    pub fn sudo(mut self, account: AccountId) -> Self {
        self.sudo_key = Some(account);
        self
    }

    /// Replace the network parameters.
    pub fn params(mut self, params: NetworkParams) -> Self {
        self.params = params;
        self
    }

    /// Override one network parameter by its field name (e.g. `"subnet_limit"`, or
    /// `"new_subnet_hyperparams.tempo"`).
    pub fn set_param(mut self, name: &str, value: impl Into<ParamValue>) -> Self {
        self.param_overrides.push((name.to_string(), value.into()));
        self
    }

    /// Add a subnet.
    pub fn subnet(mut self, subnet: GenesisSubnet) -> Self {
        self.subnets.push(subnet);
        self
    }

    /// Stake `amount_rao` (alpha; TAO on root) from `coldkey` to `hotkey` on `netuid`.
    pub fn stake(
        mut self,
        coldkey: AccountId,
        hotkey: AccountId,
        netuid: u16,
        amount_rao: u64,
    ) -> Self {
        self.stakes.push(GenesisStake {
            coldkey,
            hotkey,
            netuid: NetUid(netuid),
            amount_rao,
        });
        self
    }

    /// Check the genesis and build the state at block 0.
    pub fn build(&self) -> Result<State, GenesisError> {
        let params = self.effective_params()?;
        let mut state = State::new(params);
        state.sudo_key = self.sudo_key;
        self.add_balances(&mut state)?;
        let netuids = self.assign_netuids(&state.params)?;
        for (subnet, netuid) in self.subnets.iter().zip(netuids) {
            add_subnet(&mut state, subnet, netuid)?;
        }
        for stake in &self.stakes {
            add_stake(&mut state, stake)?;
        }
        state.total_issuance = state
            .subnets
            .values()
            .try_fold(state.balances_issuance, |acc, subnet| {
                acc.checked_add(subnet.tao_reserve)
            })
            .ok_or(GenesisError::IssuanceOverflow)?;
        Ok(state)
    }

    /// `params` with the named overrides applied.
    fn effective_params(&self) -> Result<NetworkParams, GenesisError> {
        let mut params = self.params.clone();
        for (name, value) in &self.param_overrides {
            apply_network_param(&mut params, name, value)?;
        }
        Ok(params)
    }

    fn add_balances(&self, state: &mut State) -> Result<(), GenesisError> {
        let existential_deposit = state.params.existential_deposit;
        let mut seen = BTreeSet::new();
        for (account, amount) in &self.balances {
            if !seen.insert(*account) {
                return Err(GenesisError::DuplicateAccount(*account));
            }
            if *amount < existential_deposit || *amount == 0 {
                return Err(GenesisError::BelowExistentialDeposit {
                    account: *account,
                    amount: *amount,
                    existential_deposit,
                });
            }
            state
                .deposit(account, *amount)
                .map_err(|_| GenesisError::IssuanceOverflow)?;
        }
        Ok(())
    }

    /// Netuid of each subnet, in order: explicit ones first, then the lowest free ones.
    fn assign_netuids(&self, params: &NetworkParams) -> Result<Vec<NetUid>, GenesisError> {
        if self.subnets.len() > usize::from(params.subnet_limit) {
            return Err(GenesisError::TooManySubnets {
                count: self.subnets.len(),
                limit: params.subnet_limit,
            });
        }
        let mut taken = BTreeSet::new();
        for netuid in self.subnets.iter().filter_map(|subnet| subnet.netuid) {
            if netuid.is_root() {
                return Err(GenesisError::RootNetuid);
            }
            if !taken.insert(netuid) {
                return Err(GenesisError::DuplicateNetuid(netuid));
            }
        }
        let mut netuids = Vec::with_capacity(self.subnets.len());
        for subnet in &self.subnets {
            let netuid = match subnet.netuid {
                Some(netuid) => netuid,
                None => {
                    let free = (1..=u16::MAX)
                        .map(NetUid)
                        .find(|netuid| !taken.contains(netuid))
                        .ok_or(GenesisError::NoFreeNetuid)?;
                    taken.insert(free);
                    free
                }
            };
            netuids.push(netuid);
        }
        Ok(netuids)
    }

    /// Parse a genesis from JSON text (schema in the module documentation).
    pub fn from_json_str(text: &str) -> Result<Self, GenesisError> {
        let value: Value = serde_json::from_str(text).map_err(|err| GenesisError::Json {
            path: String::new(),
            message: err.to_string(),
        })?;
        GenesisConfig::from_json_value(&value)
    }

    /// Read a genesis from a parsed JSON document (schema in the module documentation).
    /// Parameter names and values are checked by [`GenesisConfig::build`].
    pub fn from_json_value(value: &Value) -> Result<Self, GenesisError> {
        let root = json_object(value, "")?;
        ensure_known_keys(
            root,
            "",
            &["sudo", "balances", "params", "subnets", "stakes"],
        )?;
        let mut config = GenesisConfig::new();
        if let Some(sudo) = root.get("sudo") {
            config.sudo_key = Some(json_account(sudo, "sudo")?);
        }
        if let Some(balances) = root.get("balances") {
            for (index, entry) in json_array(balances, "balances")?.iter().enumerate() {
                let path = format!("balances[{index}]");
                config.balances.push(json_balance(entry, &path)?);
            }
        }
        if let Some(params) = root.get("params") {
            config.param_overrides = json_network_params(params, "params")?;
        }
        if let Some(subnets) = root.get("subnets") {
            for (index, entry) in json_array(subnets, "subnets")?.iter().enumerate() {
                let path = format!("subnets[{index}]");
                config.subnets.push(json_subnet(entry, &path)?);
            }
        }
        if let Some(stakes) = root.get("stakes") {
            for (index, entry) in json_array(stakes, "stakes")?.iter().enumerate() {
                let path = format!("stakes[{index}]");
                config.stakes.push(json_stake(entry, &path)?);
            }
        }
        Ok(config)
    }
}

// ---- building ------------------------------------------------------------------------------

/// Associate `hotkey` with `coldkey` unless another coldkey owns it.
fn claim_hotkey(
    state: &mut State,
    coldkey: &AccountId,
    hotkey: &AccountId,
) -> Result<(), GenesisError> {
    state
        .associate_hotkey(coldkey, hotkey)
        .map_err(|_| GenesisError::HotkeyOwnedByOther {
            hotkey: *hotkey,
            owner: state.owner_of(hotkey).unwrap_or_default(),
        })
}

fn add_subnet(
    state: &mut State,
    subnet: &GenesisSubnet,
    netuid: NetUid,
) -> Result<(), GenesisError> {
    let min_lock = state.params.network_min_lock_cost;
    let mut hyperparams = subnet
        .hyperparams
        .clone()
        .unwrap_or_else(|| state.params.new_subnet_hyperparams.clone());
    for (name, value) in &subnet.hyperparam_overrides {
        apply_hyperparam(&mut hyperparams, name, value)?;
    }
    check_hyperparams(&hyperparams)?;
    if subnet
        .identity
        .as_ref()
        .is_some_and(|identity| !is_valid_identity(identity))
    {
        return Err(GenesisError::InvalidIdentity(netuid));
    }
    let (pool_tao, pool_alpha) = subnet.pool.unwrap_or((min_lock, min_lock));
    if (pool_tao == 0) != (pool_alpha == 0) {
        return Err(GenesisError::InvalidPool(netuid));
    }
    let lock = subnet.lock_rao.unwrap_or(min_lock);
    claim_hotkey(state, &subnet.owner_coldkey, &subnet.owner_hotkey)?;
    insert_subnet(
        state,
        NewSubnet {
            netuid,
            owner_coldkey: subnet.owner_coldkey,
            owner_hotkey: subnet.owner_hotkey,
            locked_rao: lock,
            pool_tao_rao: pool_tao,
            pool_alpha_rao: pool_alpha,
            hyperparams,
            identity: subnet.identity.clone(),
        },
    );
    if subnet.start_call {
        if let Some(created) = state.subnets.get_mut(&netuid) {
            created.first_emission_block = Some(state.block.saturating_add(1));
            created.subtoken_enabled = true;
        }
    }
    state.network_last_lock_cost = lock;
    Ok(())
}

/// Sanity checks a genesis subnet's hyperparameters must pass.
fn check_hyperparams(hyperparams: &SubnetHyperparams) -> Result<(), GenesisError> {
    let invalid = |name: &str, reason: &str| GenesisError::InvalidParameter {
        name: name.to_string(),
        reason: reason.to_string(),
    };
    if hyperparams.max_allowed_uids == 0 {
        return Err(invalid("max_allowed_uids", "must hold the owner's uid 0"));
    }
    if hyperparams.min_burn > hyperparams.max_burn {
        return Err(invalid("min_burn", "must not exceed max_burn"));
    }
    if hyperparams.alpha_values.0 > hyperparams.alpha_values.1 {
        return Err(invalid("alpha_values", "low must not exceed high"));
    }
    Ok(())
}

fn add_stake(state: &mut State, stake: &GenesisStake) -> Result<(), GenesisError> {
    if stake.amount_rao == 0 {
        return Err(GenesisError::ZeroStake {
            coldkey: stake.coldkey,
            hotkey: stake.hotkey,
        });
    }
    let subnet = state
        .subnets
        .get(&stake.netuid)
        .ok_or(GenesisError::UnknownSubnet(stake.netuid))?;
    let alpha_out = subnet
        .alpha_out
        .checked_add(stake.amount_rao)
        .ok_or(GenesisError::IssuanceOverflow)?;
    let is_root = stake.netuid.is_root();
    let tao_reserve = if is_root {
        subnet.tao_reserve.checked_add(stake.amount_rao)
    } else {
        Some(subnet.tao_reserve)
    }
    .ok_or(GenesisError::IssuanceOverflow)?;
    if state.owner_of(&stake.hotkey).is_none() {
        claim_hotkey(state, &stake.coldkey, &stake.hotkey)?;
    }
    state
        .credit_stake(
            &stake.hotkey,
            &stake.coldkey,
            stake.netuid,
            stake.amount_rao,
        )
        .map_err(|_| GenesisError::IssuanceOverflow)?;
    if let Some(subnet) = state.subnets.get_mut(&stake.netuid) {
        subnet.alpha_out = alpha_out;
        subnet.tao_reserve = tao_reserve;
    }
    if is_root {
        state.total_stake = state.total_stake.saturating_add(stake.amount_rao);
    }
    Ok(())
}

// ---- parameters by name --------------------------------------------------------------------

fn invalid_param(name: &str, reason: impl Into<String>) -> GenesisError {
    GenesisError::InvalidParameter {
        name: name.to_string(),
        reason: reason.into(),
    }
}

/// Digits with optional `_` separators.
fn parse_integer(text: &str) -> Option<i128> {
    let cleaned: String = text.trim().chars().filter(|c| *c != '_').collect();
    if cleaned.is_empty() || !cleaned.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    cleaned.parse().ok()
}

/// A non-negative decimal with at most 9 fractional digits, times 10^9.
fn parse_decimal_9(text: &str) -> Option<u64> {
    let text = text.trim();
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if fraction.len() > 9 || !fraction.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let whole = u64::try_from(parse_integer(whole)?).ok()?;
    let fraction_parts = if fraction.is_empty() {
        0
    } else {
        format!("{fraction:0<9}").parse::<u64>().ok()?
    };
    whole.checked_mul(RAO_PER_TAO)?.checked_add(fraction_parts)
}

/// An amount in rao: an integer, or a decimal followed by `TAO`.
pub fn parse_rao(text: &str) -> Option<u64> {
    let text = text.trim();
    let lower = text.to_ascii_lowercase();
    match lower.strip_suffix("tao") {
        Some(amount) => parse_decimal_9(amount),
        None => u64::try_from(parse_integer(text)?).ok(),
    }
}

/// An integer parameter of type `T`.
fn int_param<T: TryFrom<i128>>(name: &str, value: &ParamValue) -> Result<T, GenesisError> {
    let number = match value {
        ParamValue::Int(number) => *number,
        ParamValue::Text(text) => {
            parse_integer(text).ok_or_else(|| invalid_param(name, "expected an integer"))?
        }
        _ => return Err(invalid_param(name, "expected an integer")),
    };
    T::try_from(number).map_err(|_| invalid_param(name, format!("{number} is out of range")))
}

/// A rao amount: an integer or `"… TAO"`.
fn rao_param(name: &str, value: &ParamValue) -> Result<u64, GenesisError> {
    match value {
        ParamValue::Text(text) => parse_rao(text)
            .ok_or_else(|| invalid_param(name, "expected rao or an amount such as \"1.5 TAO\"")),
        _ => int_param(name, value),
    }
}

/// A ratio in parts per 10^9, or a decimal string.
fn ratio_param(name: &str, value: &ParamValue) -> Result<Perbill64, GenesisError> {
    match value {
        ParamValue::Text(text) => parse_decimal_9(text)
            .map(Perbill64::from_parts)
            .ok_or_else(|| invalid_param(name, "expected a decimal such as \"1.26\"")),
        _ => int_param(name, value).map(Perbill64::from_parts),
    }
}

fn bool_param(name: &str, value: &ParamValue) -> Result<bool, GenesisError> {
    match value {
        ParamValue::Bool(flag) => Ok(*flag),
        ParamValue::Int(0) => Ok(false),
        ParamValue::Int(1) => Ok(true),
        _ => Err(invalid_param(name, "expected true or false")),
    }
}

fn pair_param(name: &str, value: &ParamValue) -> Result<(u16, u16), GenesisError> {
    match value {
        ParamValue::Pair(low, high) => {
            let low = u16::try_from(*low).map_err(|_| invalid_param(name, "low out of range"))?;
            let high =
                u16::try_from(*high).map_err(|_| invalid_param(name, "high out of range"))?;
            Ok((low, high))
        }
        _ => Err(invalid_param(name, "expected [low, high]")),
    }
}

fn recycle_or_burn_param(name: &str, value: &ParamValue) -> Result<RecycleOrBurn, GenesisError> {
    match value {
        ParamValue::Text(text) if text.eq_ignore_ascii_case("burn") => Ok(RecycleOrBurn::Burn),
        ParamValue::Text(text) if text.eq_ignore_ascii_case("recycle") => {
            Ok(RecycleOrBurn::Recycle)
        }
        _ => Err(invalid_param(name, "expected \"burn\" or \"recycle\"")),
    }
}

/// Set one network parameter by field name (`new_subnet_hyperparams.<field>` for the template).
pub fn apply_network_param(
    params: &mut NetworkParams,
    name: &str,
    value: &ParamValue,
) -> Result<(), GenesisError> {
    if let Some(field) = name.strip_prefix("new_subnet_hyperparams.") {
        return apply_hyperparam(&mut params.new_subnet_hyperparams, field, value);
    }
    let p = params;
    match name {
        "existential_deposit" => p.existential_deposit = rao_param(name, value)?,
        "tao_weight" => p.tao_weight = int_param(name, value)?,
        "stake_threshold" => p.stake_threshold = rao_param(name, value)?,
        "subnet_owner_cut" => p.subnet_owner_cut = int_param(name, value)?,
        "subnet_limit" => p.subnet_limit = int_param(name, value)?,
        "network_min_lock_cost" => p.network_min_lock_cost = rao_param(name, value)?,
        "network_lock_reduction_interval" => {
            p.network_lock_reduction_interval = int_param(name, value)?
        }
        "network_rate_limit" => p.network_rate_limit = int_param(name, value)?,
        "network_immunity_period" => p.network_immunity_period = int_param(name, value)?,
        "default_take" => p.default_take = int_param(name, value)?,
        "min_delegate_take" => p.min_delegate_take = int_param(name, value)?,
        "max_delegate_take" => p.max_delegate_take = int_param(name, value)?,
        "tx_delegate_take_rate_limit" => p.tx_delegate_take_rate_limit = int_param(name, value)?,
        "staking_fee" => p.staking_fee = rao_param(name, value)?,
        "min_stake" => p.min_stake = rao_param(name, value)?,
        "nominator_min_required_stake" => p.nominator_min_required_stake = int_param(name, value)?,
        "subnet_moving_alpha" => p.subnet_moving_alpha = ratio_param(name, value)?,
        "start_call_delay" => p.start_call_delay = int_param(name, value)?,
        "max_epochs_per_block" => p.max_epochs_per_block = int_param(name, value)?,
        "admin_freeze_window" => p.admin_freeze_window = int_param(name, value)?,
        "owner_hyperparam_rate_limit" => p.owner_hyperparam_rate_limit = int_param(name, value)?,
        _ => return Err(GenesisError::UnknownParameter(name.to_string())),
    }
    Ok(())
}

/// Set one subnet hyperparameter by field name.
pub fn apply_hyperparam(
    h: &mut SubnetHyperparams,
    name: &str,
    value: &ParamValue,
) -> Result<(), GenesisError> {
    match name {
        "tempo" => h.tempo = int_param(name, value)?,
        "kappa" => h.kappa = int_param(name, value)?,
        "rho" => h.rho = int_param(name, value)?,
        "activity_cutoff_factor_milli" => h.activity_cutoff_factor_milli = int_param(name, value)?,
        "activity_cutoff" => h.activity_cutoff = int_param(name, value)?,
        "immunity_period" => h.immunity_period = int_param(name, value)?,
        "max_allowed_uids" => h.max_allowed_uids = int_param(name, value)?,
        "min_allowed_uids" => h.min_allowed_uids = int_param(name, value)?,
        "max_allowed_validators" => h.max_allowed_validators = int_param(name, value)?,
        "min_allowed_weights" => h.min_allowed_weights = int_param(name, value)?,
        "max_weights_limit" => h.max_weights_limit = int_param(name, value)?,
        "weights_set_rate_limit" => h.weights_set_rate_limit = int_param(name, value)?,
        "weights_version_key" => h.weights_version_key = int_param(name, value)?,
        "bonds_moving_average" => h.bonds_moving_average = int_param(name, value)?,
        "bonds_penalty" => h.bonds_penalty = int_param(name, value)?,
        "bonds_reset_on" => h.bonds_reset_on = bool_param(name, value)?,
        "yuma3_on" => h.yuma3_on = bool_param(name, value)?,
        "liquid_alpha_on" => h.liquid_alpha_on = bool_param(name, value)?,
        "alpha_values" => h.alpha_values = pair_param(name, value)?,
        "alpha_sigmoid_steepness" => h.alpha_sigmoid_steepness = int_param(name, value)?,
        "commit_reveal_weights_enabled" => {
            h.commit_reveal_weights_enabled = bool_param(name, value)?
        }
        "reveal_period_epochs" => h.reveal_period_epochs = int_param(name, value)?,
        "burn" => h.burn = rao_param(name, value)?,
        "min_burn" => h.min_burn = rao_param(name, value)?,
        "max_burn" => h.max_burn = rao_param(name, value)?,
        "burn_half_life" => h.burn_half_life = int_param(name, value)?,
        "burn_increase_mult" => h.burn_increase_mult = ratio_param(name, value)?,
        "registration_allowed" => h.registration_allowed = bool_param(name, value)?,
        "serving_rate_limit" => h.serving_rate_limit = int_param(name, value)?,
        "immune_owner_uids_limit" => h.immune_owner_uids_limit = int_param(name, value)?,
        "min_non_immune_uids" => h.min_non_immune_uids = int_param(name, value)?,
        "recycle_or_burn" => h.recycle_or_burn = recycle_or_burn_param(name, value)?,
        "transfer_allowed" => h.transfer_allowed = bool_param(name, value)?,
        "adjustment_interval" => h.adjustment_interval = int_param(name, value)?,
        "target_registrations_per_interval" => {
            h.target_registrations_per_interval = int_param(name, value)?
        }
        "adjustment_alpha" => h.adjustment_alpha = int_param(name, value)?,
        "difficulty" => h.difficulty = int_param(name, value)?,
        "ema_price_halving_blocks" => h.ema_price_halving_blocks = int_param(name, value)?,
        _ => return Err(GenesisError::UnknownParameter(name.to_string())),
    }
    Ok(())
}

// ---- JSON ----------------------------------------------------------------------------------

fn json_error(path: &str, message: impl Into<String>) -> GenesisError {
    GenesisError::Json {
        path: path.to_string(),
        message: message.into(),
    }
}

fn json_object<'a>(value: &'a Value, path: &str) -> Result<&'a Map<String, Value>, GenesisError> {
    value
        .as_object()
        .ok_or_else(|| json_error(path, "expected an object"))
}

fn json_array<'a>(value: &'a Value, path: &str) -> Result<&'a Vec<Value>, GenesisError> {
    value
        .as_array()
        .ok_or_else(|| json_error(path, "expected an array"))
}

fn ensure_known_keys(
    object: &Map<String, Value>,
    path: &str,
    known: &[&str],
) -> Result<(), GenesisError> {
    match object.keys().find(|key| !known.contains(&key.as_str())) {
        Some(key) => Err(json_error(
            path,
            format!(
                "unknown key `{key}` (expected one of: {})",
                known.join(", ")
            ),
        )),
        None => Ok(()),
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn json_required<'a>(
    object: &'a Map<String, Value>,
    path: &str,
    key: &str,
) -> Result<&'a Value, GenesisError> {
    object
        .get(key)
        .ok_or_else(|| json_error(path, format!("missing key `{key}`")))
}

/// A 32-byte account as hex, `0x` optional.
fn parse_account_hex(text: &str) -> Option<AccountId> {
    let hex = text.strip_prefix("0x").unwrap_or(text);
    if hex.len() != 64 || !hex.is_ascii() {
        return None;
    }
    let mut bytes = [0_u8; 32];
    for (index, byte) in bytes.iter_mut().enumerate() {
        let pair = hex.get(index * 2..index * 2 + 2)?;
        *byte = u8::from_str_radix(pair, 16).ok()?;
    }
    Some(AccountId(bytes))
}

fn json_account(value: &Value, path: &str) -> Result<AccountId, GenesisError> {
    value
        .as_str()
        .and_then(parse_account_hex)
        .ok_or_else(|| json_error(path, "expected a 32-byte account as 64 hex digits (0x…)"))
}

fn json_amount(value: &Value, path: &str) -> Result<u64, GenesisError> {
    match value {
        Value::Number(number) => number
            .as_u64()
            .ok_or_else(|| json_error(path, "expected a whole non-negative number of rao")),
        Value::String(text) => parse_rao(text)
            .ok_or_else(|| json_error(path, "expected rao or an amount such as \"1.5 TAO\"")),
        _ => Err(json_error(path, "expected an amount")),
    }
}

fn json_u16(value: &Value, path: &str) -> Result<u16, GenesisError> {
    value
        .as_u64()
        .and_then(|number| u16::try_from(number).ok())
        .ok_or_else(|| json_error(path, "expected an integer in 0..=65535"))
}

fn json_bool(value: &Value, path: &str) -> Result<bool, GenesisError> {
    value
        .as_bool()
        .ok_or_else(|| json_error(path, "expected true or false"))
}

fn json_balance(value: &Value, path: &str) -> Result<(AccountId, u64), GenesisError> {
    match value {
        Value::Array(pair) if pair.len() == 2 => Ok((
            json_account(&pair[0], &format!("{path}[0]"))?,
            json_amount(&pair[1], &format!("{path}[1]"))?,
        )),
        Value::Object(object) => {
            ensure_known_keys(object, path, &["account", "free"])?;
            Ok((
                json_account(
                    json_required(object, path, "account")?,
                    &join(path, "account"),
                )?,
                json_amount(json_required(object, path, "free")?, &join(path, "free"))?,
            ))
        }
        _ => Err(json_error(
            path,
            "expected [account, amount] or {\"account\": …, \"free\": …}",
        )),
    }
}

fn json_param_value(value: &Value, path: &str) -> Result<ParamValue, GenesisError> {
    match value {
        Value::Bool(flag) => Ok(ParamValue::Bool(*flag)),
        Value::String(text) => Ok(ParamValue::Text(text.clone())),
        Value::Number(number) => number
            .as_i64()
            .map(i128::from)
            .or_else(|| number.as_u64().map(i128::from))
            .map(ParamValue::Int)
            .ok_or_else(|| json_error(path, "expected an integer")),
        Value::Array(pair) if pair.len() == 2 => {
            let low = pair[0].as_u64().map(i128::from);
            let high = pair[1].as_u64().map(i128::from);
            match (low, high) {
                (Some(low), Some(high)) => Ok(ParamValue::Pair(low, high)),
                _ => Err(json_error(path, "expected two integers")),
            }
        }
        _ => Err(json_error(
            path,
            "expected a number, boolean, string or pair",
        )),
    }
}

fn json_named_values(
    value: &Value,
    path: &str,
    prefix: &str,
) -> Result<Vec<(String, ParamValue)>, GenesisError> {
    let object = json_object(value, path)?;
    object
        .iter()
        .map(|(key, value)| {
            Ok((
                format!("{prefix}{key}"),
                json_param_value(value, &join(path, key))?,
            ))
        })
        .collect()
}

fn json_network_params(
    value: &Value,
    path: &str,
) -> Result<Vec<(String, ParamValue)>, GenesisError> {
    let object = json_object(value, path)?;
    let mut overrides = Vec::new();
    for (key, value) in object {
        let key_path = join(path, key);
        if key == "new_subnet_hyperparams" {
            overrides.extend(json_named_values(
                value,
                &key_path,
                "new_subnet_hyperparams.",
            )?);
        } else {
            overrides.push((key.clone(), json_param_value(value, &key_path)?));
        }
    }
    Ok(overrides)
}

fn json_identity(value: &Value, path: &str) -> Result<SubnetIdentity, GenesisError> {
    let object = json_object(value, path)?;
    let mut identity = SubnetIdentity::default();
    for (key, value) in object {
        let text = value
            .as_str()
            .ok_or_else(|| json_error(&join(path, key), "expected a string"))?
            .as_bytes()
            .to_vec();
        let field = match key.as_str() {
            "subnet_name" => &mut identity.subnet_name,
            "github_repo" => &mut identity.github_repo,
            "subnet_contact" => &mut identity.subnet_contact,
            "subnet_url" => &mut identity.subnet_url,
            "discord" => &mut identity.discord,
            "description" => &mut identity.description,
            "logo_url" => &mut identity.logo_url,
            "additional" => &mut identity.additional,
            _ => return Err(json_error(path, format!("unknown identity field `{key}`"))),
        };
        *field = text;
    }
    Ok(identity)
}

fn json_subnet(value: &Value, path: &str) -> Result<GenesisSubnet, GenesisError> {
    let object = json_object(value, path)?;
    ensure_known_keys(
        object,
        path,
        &[
            "netuid",
            "owner_coldkey",
            "owner_hotkey",
            "lock",
            "pool",
            "start_call",
            "hyperparams",
            "identity",
        ],
    )?;
    let coldkey = json_account(
        json_required(object, path, "owner_coldkey")?,
        &join(path, "owner_coldkey"),
    )?;
    let hotkey = json_account(
        json_required(object, path, "owner_hotkey")?,
        &join(path, "owner_hotkey"),
    )?;
    let mut subnet = GenesisSubnet::new(coldkey, hotkey);
    if let Some(netuid) = object.get("netuid") {
        subnet.netuid = Some(NetUid(json_u16(netuid, &join(path, "netuid"))?));
    }
    if let Some(lock) = object.get("lock") {
        subnet.lock_rao = Some(json_amount(lock, &join(path, "lock"))?);
    }
    if let Some(pool) = object.get("pool") {
        let pool_path = join(path, "pool");
        let pool = json_object(pool, &pool_path)?;
        ensure_known_keys(pool, &pool_path, &["tao", "alpha"])?;
        let tao = json_amount(
            json_required(pool, &pool_path, "tao")?,
            &join(&pool_path, "tao"),
        )?;
        let alpha = json_amount(
            json_required(pool, &pool_path, "alpha")?,
            &join(&pool_path, "alpha"),
        )?;
        subnet.pool = Some((tao, alpha));
    }
    if let Some(start_call) = object.get("start_call") {
        subnet.start_call = json_bool(start_call, &join(path, "start_call"))?;
    }
    if let Some(hyperparams) = object.get("hyperparams") {
        subnet.hyperparam_overrides =
            json_named_values(hyperparams, &join(path, "hyperparams"), "")?;
    }
    if let Some(identity) = object.get("identity") {
        subnet.identity = Some(json_identity(identity, &join(path, "identity"))?);
    }
    Ok(subnet)
}

fn json_stake(value: &Value, path: &str) -> Result<GenesisStake, GenesisError> {
    let object = json_object(value, path)?;
    ensure_known_keys(object, path, &["coldkey", "hotkey", "netuid", "amount"])?;
    Ok(GenesisStake {
        coldkey: json_account(
            json_required(object, path, "coldkey")?,
            &join(path, "coldkey"),
        )?,
        hotkey: json_account(
            json_required(object, path, "hotkey")?,
            &join(path, "hotkey"),
        )?,
        netuid: NetUid(json_u16(
            json_required(object, path, "netuid")?,
            &join(path, "netuid"),
        )?),
        amount_rao: json_amount(
            json_required(object, path, "amount")?,
            &join(path, "amount"),
        )?,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn amounts_parse() {
        assert_eq!(parse_rao("1500"), Some(1_500));
        assert_eq!(parse_rao("1_000"), Some(1_000));
        assert_eq!(parse_rao("1.5 TAO"), Some(1_500_000_000));
        assert_eq!(parse_rao("0.000000001tao"), Some(1));
        assert_eq!(parse_rao("1.0000000001 TAO"), None);
        assert_eq!(parse_rao("1.5"), None);
        assert_eq!(parse_rao("-1"), None);
        assert_eq!(parse_rao(""), None);
        assert_eq!(parse_rao("18446744073.709551616 TAO"), None);
        assert_eq!(parse_decimal_9("1.26"), Some(1_260_000_000));
    }

    #[test]
    fn accounts_parse() {
        let hex = "0x".to_string() + &"ab".repeat(32);
        assert_eq!(
            parse_account_hex(&hex),
            Some(AccountId::from_seed_byte(0xab))
        );
        assert_eq!(
            parse_account_hex(&"ab".repeat(32)),
            Some(AccountId([0xab; 32]))
        );
        assert_eq!(parse_account_hex("0x1234"), None);
        assert_eq!(parse_account_hex(&"zz".repeat(32)), None);
        assert_eq!(parse_account_hex(&"é".repeat(32)), None);
    }

    #[test]
    fn named_parameters() {
        let mut params = NetworkParams::default();
        apply_network_param(&mut params, "subnet_limit", &ParamValue::Int(3)).unwrap();
        apply_network_param(
            &mut params,
            "network_min_lock_cost",
            &ParamValue::Text("2 TAO".into()),
        )
        .unwrap();
        apply_network_param(
            &mut params,
            "new_subnet_hyperparams.burn_increase_mult",
            &ParamValue::Text("1.5".into()),
        )
        .unwrap();
        assert_eq!(params.subnet_limit, 3);
        assert_eq!(params.network_min_lock_cost, 2_000_000_000);
        assert_eq!(
            params.new_subnet_hyperparams.burn_increase_mult,
            Perbill64::from_parts(1_500_000_000)
        );
        assert_eq!(
            apply_network_param(&mut params, "subnet_limit", &ParamValue::Int(70_000)),
            Err(GenesisError::InvalidParameter {
                name: "subnet_limit".into(),
                reason: "70000 is out of range".into()
            })
        );
        assert_eq!(
            apply_network_param(&mut params, "nope", &ParamValue::Int(1)),
            Err(GenesisError::UnknownParameter("nope".into()))
        );
        let mut h = SubnetHyperparams::default();
        apply_hyperparam(&mut h, "alpha_values", &ParamValue::Pair(1_000, 2_000)).unwrap();
        apply_hyperparam(
            &mut h,
            "recycle_or_burn",
            &ParamValue::Text("recycle".into()),
        )
        .unwrap();
        apply_hyperparam(&mut h, "yuma3_on", &ParamValue::Int(0)).unwrap();
        assert_eq!(h.alpha_values, (1_000, 2_000));
        assert_eq!(h.recycle_or_burn, RecycleOrBurn::Recycle);
        assert!(!h.yuma3_on);
        assert!(apply_hyperparam(&mut h, "yuma3_on", &ParamValue::Int(2)).is_err());
    }
}
