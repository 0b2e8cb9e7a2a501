//! Dispatch errors. Variant names are subtensor's (`SubtensorModule`, `Balances`, `AdminUtils`,
//! `Sudo` error enums and the generic `DispatchError` cases), so the node can map each to the
//! module error the clients decode from metadata.

use std::fmt;

/// Why a call was rejected. A rejected call changes no state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Error {
    // ---- generic DispatchError cases ----
    /// The origin may not make this call (e.g. not sudo, not the subnet owner).
    BadOrigin,
    /// Arithmetic overflow in a balance or counter.
    Overflow,
    // ---- Balances ----
    /// Balance too low to send value.
    InsufficientBalance,
    /// Value too low to create an account (below the existential deposit).
    ExistentialDeposit,
    /// Transfer would kill an account that must be kept alive.
    KeepAlive,
    /// A balance would exceed `u64::MAX`.
    BalanceOverflow,
    // ---- Sudo ----
    /// Sender must be the sudo key.
    RequireSudo,
    // ---- SubtensorModule ----
    /// The root network does not exist.
    RootNetworkDoesNotExist,
    /// IP type is not 4 or 6.
    InvalidIpType,
    /// IP address is not valid for its type.
    InvalidIpAddress,
    /// Port is zero.
    InvalidPort,
    /// The hotkey is not registered on the subnet.
    HotKeyNotRegisteredInSubNet,
    /// The hotkey has no owner.
    HotKeyAccountNotExists,
    /// The hotkey is not registered on any subnet.
    HotKeyNotRegisteredInNetwork,
    /// The coldkey does not own the hotkey.
    NonAssociatedColdKey,
    /// Not enough stake to withdraw.
    NotEnoughStakeToWithdraw,
    /// Not enough stake to set weights.
    NotEnoughStakeToSetWeights,
    /// Not enough balance to stake.
    NotEnoughBalanceToStake,
    /// Caller has no validator permit.
    NeuronNoValidatorPermit,
    /// Uids and values differ in length.
    WeightVecNotEqualSize,
    /// A uid appears twice.
    DuplicateUids,
    /// A uid does not exist.
    UidVecContainInvalidOne,
    /// Fewer weights than the subnet's minimum.
    WeightVecLengthIsLow,
    /// Too many registrations in this block.
    TooManyRegistrationsThisBlock,
    /// The hotkey is already registered on the subnet.
    HotKeyAlreadyRegisteredInSubNet,
    /// Weights set too soon after the last update.
    SettingWeightsTooFast,
    /// The weights version key is below the subnet's.
    IncorrectWeightVersionKey,
    /// Axon or prometheus updated too often.
    ServingRateLimitExceeded,
    /// More uids than the subnet holds.
    UidsLengthExceedUidsInSubNet,
    /// Subnet registrations too close together.
    NetworkTxRateLimitExceeded,
    /// Take increased too soon.
    DelegateTxRateLimitExceeded,
    /// Registration is disabled on the subnet.
    SubNetRegistrationDisabled,
    /// The caller is not the subnet owner.
    NotSubnetOwner,
    /// Registration on the root subnet is not allowed through this call.
    RegistrationNotPermittedOnRootSubnet,
    /// Root stake too low to take a root uid.
    StakeTooLowForRoot,
    /// Every subnet is immune; none can be pruned.
    AllNetworksInImmunity,
    /// No uid can be replaced.
    NoNeuronIdAvailable,
    /// Take below the minimum or not lower than the current one.
    DelegateTakeTooLow,
    /// Take above the maximum or not higher than the current one.
    DelegateTakeTooHigh,
    /// No commit matches the reveal.
    NoWeightsCommitFound,
    /// The revealed data does not hash to the commit.
    InvalidRevealCommitHashNotMatch,
    /// set_weights is refused while commit-reveal is enabled.
    CommitRevealEnabled,
    /// commit/reveal is refused while commit-reveal is disabled.
    CommitRevealDisabled,
    /// Liquid alpha is disabled on the subnet.
    LiquidAlphaDisabled,
    /// alpha_high is too low.
    AlphaHighTooLow,
    /// alpha_low is out of range.
    AlphaLowOutOfRange,
    /// The subnet does not exist.
    SubnetNotExists,
    /// Too many unrevealed commits.
    TooManyUnrevealedCommits,
    /// The commit has expired.
    ExpiredWeightCommit,
    /// The reveal window has not opened.
    RevealTooEarly,
    /// Batch inputs have different lengths.
    InputLengthsUnequal,
    /// Commits too close together.
    CommittingWeightsTooFast,
    /// Weights cannot be set, committed or revealed on the root network (netuid 0).
    CanNotSetRootNetworkWeights,
    /// Amount below the minimum.
    AmountTooLow,
    /// The pool cannot serve the swap.
    InsufficientLiquidity,
    /// Execution price beyond the limit.
    SlippageTooHigh,
    /// The subnet disallows stake transfers.
    TransferDisallowed,
    /// Activity cutoff below the minimum.
    ActivityCutoffTooLow,
    /// start_call was already made.
    FirstEmissionBlockNumberAlreadySet,
    /// start_call is too early.
    NeedWaitingMoreBlocksToStarCall,
    /// Not enough alpha out to recycle.
    NotEnoughAlphaOutToRecycle,
    /// Alpha cannot be burned or recycled on root.
    CannotBurnOrRecycleOnRootSubnet,
    /// Staking and swaps are disabled until start_call.
    SubtokenDisabled,
    /// The limit admits no amount.
    ZeroMaxStakeAmount,
    /// Origin and destination subnets are the same.
    SameNetuid,
    /// Not enough free balance.
    InsufficientBalanceForOperation,
    /// Owners may not change hyperparameters right before an epoch.
    AdminActionProhibitedDuringWeightsWindow,
    /// Reveal period too large.
    RevealPeriodTooLarge,
    /// Reveal period too small.
    RevealPeriodTooSmall,
    /// A parameter value is out of range.
    InvalidValue,
    /// The subnet limit is reached and no subnet can be pruned.
    SubnetLimitReached,
    /// The coldkey cannot afford the lock cost.
    CannotAffordLockCost,
    /// A transaction rate limit was exceeded (owner hyperparameter changes and the like).
    TxRateLimitExceeded,
    /// The call is not supported by this chain.
    CallDisabled,
    /// The hotkey is the same as before.
    NewHotKeyIsSameWithOld,
    /// The hotkey is already a delegate.
    HotKeyAlreadyDelegate,
    /// The subnet mechanism does not exist.
    MechanismDoesNotExist,
    /// A subnet identity field is longer than allowed.
    InvalidIdentity,
}

impl Error {
    /// Pallet whose error enum holds this variant (`None` for generic dispatch errors).
    pub fn pallet(self) -> Option<&'static str> {
        match self {
            Error::BadOrigin | Error::Overflow => None,
            Error::InsufficientBalance
            | Error::ExistentialDeposit
            | Error::KeepAlive
            | Error::BalanceOverflow => Some("Balances"),
            Error::RequireSudo => Some("Sudo"),
            _ => Some("SubtensorModule"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.pallet() {
            Some(pallet) => write!(f, "{pallet}::{self:?}"),
            None => write!(f, "{self:?}"),
        }
    }
}

impl std::error::Error for Error {}
