//! `pallet_subtensor` mirrors (pallet index 7): the calls the runtime implements, with the
//! fixture's call indices and plain/compact argument types (sdk-compat §7), and the full event
//! and error lists of runtime 331.

/// `pallet_subtensor::pallet`.
#[allow(missing_docs)]
pub mod pallet {
    use parity_scale_codec::{Compact, Decode, Encode};
    use scale_info::TypeInfo;

    use crate::wire::convert::{wire_calls, ConvertError};
    use crate::wire::upstream::node_subtensor_runtime::RuntimeCall as WireRuntimeCall;
    use crate::wire::upstream::primitive_types::{H160, H256};
    use crate::wire::upstream::sp_core::crypto::AccountId32;
    use crate::wire::upstream::sp_runtime::DispatchError;
    use dtao_primitives::NetUid;
    use dtao_runtime::admin::AdminCall;
    use dtao_runtime::state::SubnetIdentity;
    use dtao_runtime::{RuntimeCall, SubtensorCall};

    /// `pallet_subtensor::pallet::SubnetIdentityV3`.
    #[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode, TypeInfo)]
    pub struct SubnetIdentityV3 {
        pub subnet_name: Vec<u8>,
        pub github_repo: Vec<u8>,
        pub subnet_contact: Vec<u8>,
        pub subnet_url: Vec<u8>,
        pub discord: Vec<u8>,
        pub description: Vec<u8>,
        pub logo_url: Vec<u8>,
        pub additional: Vec<u8>,
    }

    /// `pallet_subtensor::pallet::RecycleOrBurnEnum`.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
    pub enum RecycleOrBurnEnum {
        Burn,
        Recycle,
    }

    /// `pallet_subtensor::pallet::RootClaimTypeEnum` (declared by an event we never emit).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
    pub enum RootClaimTypeEnum {
        Swap,
        Keep,
    }

    wire_calls! {
        /// `pallet_subtensor::pallet::Call`: the calls the runtime implements. The mechanism
        /// variants (`*_mechanism_weights`) are accepted for mechanism 0 only and become the
        /// plain weight calls; `set_tempo` and `set_activity_cutoff_factor` (HEAD indices 139
        /// and 140) are `AdminCall`s in the runtime.
        pub enum Call: WireRuntimeCall::SubtensorModule <=> RuntimeCall::Subtensor(SubtensorCall) {
            0 => set_weights / SetWeights { netuid: u16, dests: Vec<u16>, weights: Vec<u16>, version_key: u64 },
            2 => add_stake / AddStake { hotkey: AccountId32, netuid: u16, amount_staked: u64 },
            3 => remove_stake / RemoveStake { hotkey: AccountId32, netuid: u16, amount_unstaked: u64 },
            4 => serve_axon / ServeAxon { netuid: u16, version: u32, ip: u128, port: u16, ip_type: u8, protocol: u8, placeholder1: u8, placeholder2: u8 },
            5 => serve_prometheus / ServePrometheus { netuid: u16, version: u32, ip: u128, port: u16, ip_type: u8 },
            6 => register / Register { netuid: u16, block_number: u64, nonce: u64, work: Vec<u8>, hotkey: AccountId32, coldkey: AccountId32 },
            7 => burned_register / BurnedRegister { netuid: u16, hotkey: AccountId32 },
            59 => register_network / RegisterNetwork { hotkey: AccountId32 },
            61 => dissolve_network / DissolveNetwork { coldkey: AccountId32, netuid: u16 },
            62 => root_register / RootRegister { hotkey: AccountId32 },
            65 => decrease_take / DecreaseTake { hotkey: AccountId32, take: u16 },
            66 => increase_take / IncreaseTake { hotkey: AccountId32, take: u16 },
            79 => register_network_with_identity / RegisterNetworkWithIdentity { hotkey: AccountId32, identity: Option<SubnetIdentityV3> },
            83 => unstake_all / UnstakeAll { hotkey: AccountId32 },
            84 => unstake_all_alpha / UnstakeAllAlpha { hotkey: AccountId32 },
            85 => move_stake / MoveStake { origin_hotkey: AccountId32, destination_hotkey: AccountId32, origin_netuid: u16, destination_netuid: u16, alpha_amount: u64 },
            86 => transfer_stake / TransferStake { destination_coldkey: AccountId32, hotkey: AccountId32, origin_netuid: u16, destination_netuid: u16, alpha_amount: u64 },
            87 => swap_stake / SwapStake { hotkey: AccountId32, origin_netuid: u16, destination_netuid: u16, alpha_amount: u64 },
            88 => add_stake_limit / AddStakeLimit { hotkey: AccountId32, netuid: u16, amount_staked: u64, limit_price: u64, allow_partial: bool },
            89 => remove_stake_limit / RemoveStakeLimit { hotkey: AccountId32, netuid: u16, amount_unstaked: u64, limit_price: u64, allow_partial: bool },
            90 => swap_stake_limit / SwapStakeLimit { hotkey: AccountId32, origin_netuid: u16, destination_netuid: u16, alpha_amount: u64, limit_price: u64, allow_partial: bool },
            91 => try_associate_hotkey / TryAssociateHotkey { hotkey: AccountId32 },
            92 => start_call / StartCall { netuid: u16 },
            96 => commit_weights / CommitWeights { netuid: u16, commit_hash: H256 },
            97 => reveal_weights / RevealWeights { netuid: u16, uids: Vec<u16>, values: Vec<u16>, salt: Vec<u16>, version_key: u64 },
            98 => batch_reveal_weights / BatchRevealWeights { netuid: u16, uids_list: Vec<Vec<u16>>, values_list: Vec<Vec<u16>>, salts_list: Vec<Vec<u16>>, version_keys: Vec<u64> },
            100 => batch_commit_weights / BatchCommitWeights { netuids: Vec<Compact<u16>>, commit_hashes: Vec<H256> },
            103 => remove_stake_full_limit / RemoveStakeFullLimit { hotkey: AccountId32, netuid: u16, limit_price: Option<u64> },
            134 => register_limit / RegisterLimit { netuid: u16, hotkey: AccountId32, limit_price: u64 },
        }
        extra {
            78 => set_subnet_identity { netuid: u16, subnet_name: Vec<u8>, github_repo: Vec<u8>, subnet_contact: Vec<u8>, subnet_url: Vec<u8>, discord: Vec<u8>, description: Vec<u8>, logo_url: Vec<u8>, additional: Vec<u8> },
            115 => commit_mechanism_weights { netuid: u16, mecid: u8, commit_hash: H256 },
            116 => reveal_mechanism_weights { netuid: u16, mecid: u8, uids: Vec<u16>, values: Vec<u16>, salt: Vec<u16>, version_key: u64 },
            119 => set_mechanism_weights { netuid: u16, mecid: u8, dests: Vec<u16>, weights: Vec<u16>, version_key: u64 },
            139 => set_tempo { netuid: u16, tempo: u16 },
            140 => set_activity_cutoff_factor { netuid: u16, factor_milli: u32 },
        }
        from_wire {
            Call::set_subnet_identity {
                netuid,
                subnet_name,
                github_repo,
                subnet_contact,
                subnet_url,
                discord,
                description,
                logo_url,
                additional,
            } => Ok(RuntimeCall::Subtensor(SubtensorCall::SetSubnetIdentity {
                netuid: NetUid(netuid),
                identity: SubnetIdentity {
                    subnet_name,
                    github_repo,
                    subnet_contact,
                    subnet_url,
                    discord,
                    description,
                    logo_url,
                    additional,
                },
            })),
            Call::commit_mechanism_weights { netuid, mecid, commit_hash } => {
                ensure_main_mechanism(mecid)?;
                Ok(RuntimeCall::Subtensor(SubtensorCall::CommitWeights {
                    netuid: NetUid(netuid),
                    commit_hash: commit_hash.0,
                }))
            },
            Call::reveal_mechanism_weights { netuid, mecid, uids, values, salt, version_key } => {
                ensure_main_mechanism(mecid)?;
                Ok(RuntimeCall::Subtensor(SubtensorCall::RevealWeights {
                    netuid: NetUid(netuid),
                    uids,
                    values,
                    salt,
                    version_key,
                }))
            },
            Call::set_mechanism_weights { netuid, mecid, dests, weights, version_key } => {
                ensure_main_mechanism(mecid)?;
                Ok(RuntimeCall::Subtensor(SubtensorCall::SetWeights {
                    netuid: NetUid(netuid),
                    dests,
                    weights,
                    version_key,
                }))
            },
            Call::set_tempo { netuid, tempo } => Ok(RuntimeCall::AdminUtils(AdminCall::SetTempo {
                netuid: NetUid(netuid),
                tempo,
            })),
            Call::set_activity_cutoff_factor { netuid, factor_milli } => {
                Ok(RuntimeCall::AdminUtils(AdminCall::SetActivityCutoffFactor {
                    netuid: NetUid(netuid),
                    factor_milli,
                }))
            },
        }
        into_wire {
            SubtensorCall::SetSubnetIdentity { netuid, identity } => {
                WireRuntimeCall::SubtensorModule(Call::set_subnet_identity {
                    netuid: netuid.0,
                    subnet_name: identity.subnet_name,
                    github_repo: identity.github_repo,
                    subnet_contact: identity.subnet_contact,
                    subnet_url: identity.subnet_url,
                    discord: identity.discord,
                    description: identity.description,
                    logo_url: identity.logo_url,
                    additional: identity.additional,
                })
            },
        }
    }

    /// Only mechanism 0 exists on this chain.
    fn ensure_main_mechanism(mecid: u8) -> Result<(), ConvertError> {
        if mecid == 0 {
            Ok(())
        } else {
            Err(ConvertError::UnknownMechanism)
        }
    }

    /// `pallet_subtensor::pallet::Event` (all variants of runtime 331, in order).
    #[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
    pub enum Event {
        NetworkAdded(u16, u16),
        NetworkRemoved(u16),
        StakeAdded(AccountId32, AccountId32, u64, u64, u16, u64),
        StakeRemoved(AccountId32, AccountId32, u64, u64, u16, u64),
        StakeMoved(AccountId32, AccountId32, u16, AccountId32, u16, u64),
        WeightsSet(u16, u16),
        NeuronRegistered(u16, u16, AccountId32),
        BulkNeuronsRegistered(u16, u16),
        BulkBalancesSet(u16, u16),
        MaxAllowedUidsSet(u16, u16),
        MaxWeightLimitSet(u16, u16),
        DifficultySet(u16, u64),
        AdjustmentIntervalSet(u16, u16),
        RegistrationPerIntervalSet(u16, u16),
        MaxRegistrationsPerBlockSet(u16, u16),
        ActivityCutoffSet(u16, u16),
        RhoSet(u16, u16),
        AlphaSigmoidSteepnessSet(u16, i16),
        KappaSet(u16, u16),
        MinAllowedWeightSet(u16, u16),
        ValidatorPruneLenSet(u16, u64),
        ScalingLawPowerSet(u16, u16),
        WeightsSetRateLimitSet(u16, u64),
        ImmunityPeriodSet(u16, u16),
        BondsMovingAverageSet(u16, u64),
        BondsPenaltySet(u16, u16),
        BondsResetOnSet(u16, bool),
        MaxAllowedValidatorsSet(u16, u16),
        AxonServed(u16, AccountId32),
        PrometheusServed(u16, AccountId32),
        DelegateAdded(AccountId32, AccountId32, u16),
        DefaultTakeSet(u16),
        WeightsVersionKeySet(u16, u64),
        MinDifficultySet(u16, u64),
        MaxDifficultySet(u16, u64),
        ServingRateLimitSet(u16, u64),
        BurnSet(u16, u64),
        MaxBurnSet(u16, u64),
        MinBurnSet(u16, u64),
        TxRateLimitSet(u64),
        TxDelegateTakeRateLimitSet(u64),
        TxChildKeyTakeRateLimitSet(u64),
        AdminFreezeWindowSet(u16),
        OwnerHyperparamRateLimitSet(u16),
        MinChildKeyTakeSet(u16),
        MaxChildKeyTakeSet(u16),
        ChildKeyTakeSet(AccountId32, u16),
        Sudid(Result<(), DispatchError>),
        RegistrationAllowed(u16, bool),
        PowRegistrationAllowed(u16, bool),
        TempoSet(u16, u16),
        RAORecycledForRegistrationSet(u16, u64),
        StakeThresholdSet(u64),
        AdjustmentAlphaSet(u16, u64),
        Faucet(AccountId32, u64),
        SubnetOwnerCutSet(u16),
        NetworkRateLimitSet(u64),
        NetworkImmunityPeriodSet(u64),
        NetworkMinLockCostSet(u64),
        SubnetLimitSet(u16),
        NetworkLockCostReductionIntervalSet(u64),
        TakeDecreased(AccountId32, AccountId32, u16),
        TakeIncreased(AccountId32, AccountId32, u16),
        HotkeySwapped {
            coldkey: AccountId32,
            old_hotkey: AccountId32,
            new_hotkey: AccountId32,
        },
        MaxDelegateTakeSet(u16),
        MinDelegateTakeSet(u16),
        ColdkeySwapped {
            old_coldkey: AccountId32,
            new_coldkey: AccountId32,
            swap_cost: u64,
        },
        AllBalanceUnstakedAndTransferredToNewColdkey {
            current_coldkey: AccountId32,
            new_coldkey: AccountId32,
            total_balance: u64,
        },
        ColdkeySwapScheduled {
            old_coldkey: AccountId32,
            new_coldkey: AccountId32,
            execution_block: u32,
            swap_cost: u64,
        },
        ArbitrationPeriodExtended {
            coldkey: AccountId32,
        },
        SetChildrenScheduled(AccountId32, u16, u64, Vec<(u64, AccountId32)>),
        SetChildren(AccountId32, u16, Vec<(u64, AccountId32)>),
        ChainIdentitySet(AccountId32),
        SubnetIdentitySet(u16),
        SubnetIdentityRemoved(u16),
        DissolveNetworkScheduled {
            account: AccountId32,
            netuid: u16,
            execution_block: u32,
        },
        ColdkeySwapScheduleDurationSet(u32),
        DissolveNetworkScheduleDurationSet(u32),
        CRV3WeightsCommitted(AccountId32, u16, H256),
        WeightsCommitted(AccountId32, u16, H256),
        WeightsRevealed(AccountId32, u16, H256),
        WeightsBatchRevealed(AccountId32, u16, Vec<H256>),
        BatchWeightsCompleted(Vec<Compact<u16>>, AccountId32),
        BatchCompletedWithErrors,
        BatchWeightItemFailed(DispatchError),
        StakeTransferred(AccountId32, AccountId32, AccountId32, u16, u16, u64),
        StakeSwapped(AccountId32, AccountId32, u16, u16, u64),
        TransferToggle(u16, bool),
        SubnetOwnerHotkeySet(u16, AccountId32),
        FirstEmissionBlockNumberSet(u16, u64),
        AlphaRecycled(AccountId32, AccountId32, u64, u16),
        AlphaBurned(AccountId32, AccountId32, u64, u16),
        EvmKeyAssociated {
            netuid: u16,
            hotkey: AccountId32,
            evm_key: H160,
            block_associated: u64,
        },
        CRV3WeightsRevealed(u16, AccountId32),
        CommitRevealPeriodsSet(u16, u64),
        CommitRevealEnabled(u16, bool),
        HotkeySwappedOnSubnet {
            coldkey: AccountId32,
            old_hotkey: AccountId32,
            new_hotkey: AccountId32,
            netuid: u16,
        },
        SubnetLeaseCreated {
            beneficiary: AccountId32,
            lease_id: u32,
            netuid: u16,
            end_block: Option<u32>,
        },
        SubnetLeaseTerminated {
            beneficiary: AccountId32,
            netuid: u16,
        },
        SymbolUpdated {
            netuid: u16,
            symbol: Vec<u8>,
        },
        CommitRevealVersionSet(u16),
        TimelockedWeightsCommitted(AccountId32, u16, H256, u64),
        TimelockedWeightsRevealed(u16, AccountId32),
        AutoStakeAdded {
            netuid: u16,
            destination: AccountId32,
            hotkey: AccountId32,
            owner: AccountId32,
            incentive: u64,
        },
        IncentiveAlphaEmittedToMiners {
            netuid: u16,
            emissions: Vec<u64>,
        },
        MinAllowedUidsSet(u16, u16),
        AutoStakeDestinationSet {
            coldkey: AccountId32,
            netuid: u16,
            hotkey: AccountId32,
        },
        RootClaimed {
            coldkey: AccountId32,
        },
        RootClaimTypeSet {
            coldkey: AccountId32,
            root_claim_type: RootClaimTypeEnum,
        },
    }

    /// `pallet_subtensor::pallet::Error` (all variants of runtime 331, in order).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
    pub enum Error {
        RootNetworkDoesNotExist,
        InvalidIpType,
        InvalidIpAddress,
        InvalidPort,
        HotKeyNotRegisteredInSubNet,
        HotKeyAccountNotExists,
        HotKeyNotRegisteredInNetwork,
        NonAssociatedColdKey,
        NotEnoughStake,
        NotEnoughStakeToWithdraw,
        NotEnoughStakeToSetWeights,
        NotEnoughStakeToSetChildkeys,
        NotEnoughBalanceToStake,
        BalanceWithdrawalError,
        ZeroBalanceAfterWithdrawn,
        NeuronNoValidatorPermit,
        WeightVecNotEqualSize,
        DuplicateUids,
        UidVecContainInvalidOne,
        WeightVecLengthIsLow,
        TooManyRegistrationsThisBlock,
        HotKeyAlreadyRegisteredInSubNet,
        NewHotKeyIsSameWithOld,
        InvalidWorkBlock,
        InvalidDifficulty,
        InvalidSeal,
        MaxWeightExceeded,
        HotKeyAlreadyDelegate,
        SettingWeightsTooFast,
        IncorrectWeightVersionKey,
        ServingRateLimitExceeded,
        UidsLengthExceedUidsInSubNet,
        NetworkTxRateLimitExceeded,
        DelegateTxRateLimitExceeded,
        HotKeySetTxRateLimitExceeded,
        StakingRateLimitExceeded,
        SubNetRegistrationDisabled,
        TooManyRegistrationsThisInterval,
        TransactorAccountShouldBeHotKey,
        FaucetDisabled,
        NotSubnetOwner,
        RegistrationNotPermittedOnRootSubnet,
        StakeTooLowForRoot,
        AllNetworksInImmunity,
        NotEnoughBalanceToPaySwapHotKey,
        NotRootSubnet,
        CanNotSetRootNetworkWeights,
        NoNeuronIdAvailable,
        DelegateTakeTooLow,
        DelegateTakeTooHigh,
        NoWeightsCommitFound,
        InvalidRevealCommitHashNotMatch,
        CommitRevealEnabled,
        CommitRevealDisabled,
        LiquidAlphaDisabled,
        AlphaHighTooLow,
        AlphaLowOutOfRange,
        ColdKeyAlreadyAssociated,
        NotEnoughBalanceToPaySwapColdKey,
        ColdkeyIsInArbitration,
        InvalidChild,
        DuplicateChild,
        ProportionOverflow,
        TooManyChildren,
        TxRateLimitExceeded,
        SwapAlreadyScheduled,
        FailedToSchedule,
        NewColdKeyIsHotkey,
        InvalidChildkeyTake,
        TxChildkeyTakeRateLimitExceeded,
        InvalidIdentity,
        MechanismDoesNotExist,
        CannotUnstakeLock,
        SubnetNotExists,
        TooManyUnrevealedCommits,
        ExpiredWeightCommit,
        RevealTooEarly,
        InputLengthsUnequal,
        CommittingWeightsTooFast,
        AmountTooLow,
        InsufficientLiquidity,
        SlippageTooHigh,
        TransferDisallowed,
        ActivityCutoffTooLow,
        CallDisabled,
        FirstEmissionBlockNumberAlreadySet,
        NeedWaitingMoreBlocksToStarCall,
        NotEnoughAlphaOutToRecycle,
        CannotBurnOrRecycleOnRootSubnet,
        UnableToRecoverPublicKey,
        InvalidRecoveredPublicKey,
        SubtokenDisabled,
        HotKeySwapOnSubnetIntervalNotPassed,
        ZeroMaxStakeAmount,
        SameNetuid,
        InsufficientBalance,
        StakingOperationRateLimitExceeded,
        InvalidLeaseBeneficiary,
        LeaseCannotEndInThePast,
        LeaseNetuidNotFound,
        LeaseDoesNotExist,
        LeaseHasNoEndBlock,
        LeaseHasNotEnded,
        Overflow,
        BeneficiaryDoesNotOwnHotkey,
        ExpectedBeneficiaryOrigin,
        AdminActionProhibitedDuringWeightsWindow,
        SymbolDoesNotExist,
        SymbolAlreadyInUse,
        IncorrectCommitRevealVersion,
        RevealPeriodTooLarge,
        RevealPeriodTooSmall,
        InvalidValue,
        SubnetLimitReached,
        CannotAffordLockCost,
        EvmKeyAssociateRateLimitExceeded,
        SameAutoStakeHotkeyAlreadySet,
        UidMapCouldNotBeCleared,
        TrimmingWouldExceedMaxImmunePercentage,
        ChildParentInconsistency,
        InvalidNumRootClaim,
        InvalidRootClaimThreshold,
        InvalidSubnetNumber,
    }
}

/// `pallet_subtensor::transaction_extension`.
pub mod transaction_extension {
    /// `SubtensorTransactionExtension` (zero-sized).
    #[derive(Clone, Copy, Debug, scale_info::TypeInfo)]
    pub struct SubtensorTransactionExtension;
}
