//! Runtime events and dispatch errors on the wire: the runtime's [`Event`]s become the declared
//! upstream variants (`node_subtensor_runtime::RuntimeEvent`), its [`Error`]s become
//! `DispatchError`s (module errors by name against the declared error enums), and block events
//! are encoded as `Vec<EventRecord>` for `System.Events` (sdk-compat §6.3).
//!
//! Mapping rules:
//! - Balances `Transfer`/`Endowed`/`DustLost`, TransactionPayment `TransactionFeePaid`, Sudo
//!   `Sudid` and the SubtensorModule events keep their upstream variant and field layout.
//! - `HyperparameterSet { name, .. }` becomes the upstream event of that name (`KappaSet`,
//!   `TempoSet`, AdminUtils `Yuma3EnableToggled`, …) with the value narrowed to the declared
//!   field type. Names runtime 331 does not declare (dtao additions and HEAD-only events such as
//!   `LiquidAlphaEnabledSet`, `BurnHalfLifeSet`, `TaoWeightSet`) are left off the wire, as are
//!   `EpochRun`, `EpochDeferred`, `EmissionPaid`, `OwnerIncentiveWithheld` and
//!   `SubnetLiquidated` (block-hook bookkeeping with no upstream event). Clients only need the
//!   extrinsic's success/failure and fee events, which are always present.
//! - Every extrinsic's events end with `System.ExtrinsicSuccess` or `System.ExtrinsicFailed`
//!   (zero weight, class `Normal`, `pays_fee = No` for free calls).
//! - Errors: `BadOrigin` → `DispatchError::BadOrigin`; `Overflow` and `BalanceOverflow` →
//!   `Arithmetic(Overflow)`; `KeepAlive` → Balances `Expendability`;
//!   `InsufficientBalanceForOperation` → SubtensorModule `InsufficientBalance`; every other
//!   variant → the same-named variant of its pallet's error enum (`Error::pallet`). A name not
//!   found (prevented by a test) falls back to `DispatchError::Other`.

use parity_scale_codec::{Compact, Encode};
use scale_info::{TypeDef, TypeInfo};

use crate::wire::upstream::frame_support::dispatch::{DispatchClass, Pays};
use crate::wire::upstream::frame_system::pallet::{Error as SystemError, Event as SystemEvent};
use crate::wire::upstream::frame_system::{DispatchEventInfo, Phase};
use crate::wire::upstream::node_subtensor_runtime::{pallet_index, RuntimeEvent};
use crate::wire::upstream::pallet_admin_utils::pallet::{Error as AdminError, Event as AdminEvent};
use crate::wire::upstream::pallet_balances::pallet::{
    Error as BalancesError, Event as BalancesEvent,
};
use crate::wire::upstream::pallet_subtensor::pallet::{
    Error as SubtensorError, Event as SubtensorEvent,
};
use crate::wire::upstream::pallet_sudo::pallet::{Error as SudoError, Event as SudoEvent};
use crate::wire::upstream::pallet_transaction_payment::pallet::Event as PaymentEvent;
use crate::wire::upstream::primitive_types::H256;
use crate::wire::upstream::sp_arithmetic::ArithmeticError;
use crate::wire::upstream::sp_core::crypto::AccountId32;
use crate::wire::upstream::sp_runtime::{DispatchError, ModuleError};
use dtao_primitives::{AccountId, NetUid};
use dtao_runtime::{Applied, Error, Event, RuntimeCall};

/// The event type of [`encode_event_records`]: the wire outer event enum.
pub type RuntimeEventForWire = RuntimeEvent;

/// How a runtime error appears on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WireErrorKind {
    /// A generic dispatch error (no pallet).
    Dispatch(DispatchError),
    /// A module error, named by pallet and variant.
    Module {
        /// Pallet name (`"SubtensorModule"`, …).
        pallet: &'static str,
        /// Variant name in that pallet's error enum.
        name: &'static str,
    },
}

/// Where `error` lives on the wire (see the module doc for the renames).
pub fn wire_error_kind(error: Error) -> WireErrorKind {
    let module = |pallet, name| WireErrorKind::Module { pallet, name };
    match error {
        Error::BadOrigin => WireErrorKind::Dispatch(DispatchError::BadOrigin),
        Error::Overflow | Error::BalanceOverflow => {
            WireErrorKind::Dispatch(DispatchError::Arithmetic(ArithmeticError::Overflow))
        }
        Error::KeepAlive => module("Balances", "Expendability"),
        Error::InsufficientBalanceForOperation => module("SubtensorModule", "InsufficientBalance"),
        other => module(
            other.pallet().unwrap_or("SubtensorModule"),
            runtime_error_name(other),
        ),
    }
}

/// The variant name of a runtime error (its `Debug` rendering, interned once per variant).
fn runtime_error_name(error: Error) -> &'static str {
    use std::collections::BTreeMap;
    use std::sync::{Mutex, OnceLock};
    static NAMES: OnceLock<Mutex<BTreeMap<Error, &'static str>>> = OnceLock::new();
    let names = NAMES.get_or_init(|| Mutex::new(BTreeMap::new()));
    let mut names = match names.lock() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    };
    names
        .entry(error)
        .or_insert_with(|| Box::leak(format!("{error:?}").into_boxed_str()))
}

/// Index of the variant `name` in the error enum `E` as declared in metadata.
fn declared_variant_index<E: TypeInfo>(name: &str) -> Option<u8> {
    match E::type_info().type_def {
        TypeDef::Variant(variants) => variants
            .variants
            .iter()
            .find(|variant| variant.name == name)
            .map(|variant| variant.index),
        _ => None,
    }
}

/// `(pallet index, error index)` of the declared error `pallet::name`, if declared.
pub fn module_error_index(pallet: &str, name: &str) -> Option<(u8, u8)> {
    let (index, error) = match pallet {
        "System" => (
            pallet_index::SYSTEM,
            declared_variant_index::<SystemError>(name),
        ),
        "Balances" => (
            pallet_index::BALANCES,
            declared_variant_index::<BalancesError>(name),
        ),
        "SubtensorModule" => (
            pallet_index::SUBTENSOR_MODULE,
            declared_variant_index::<SubtensorError>(name),
        ),
        "Sudo" => (
            pallet_index::SUDO,
            declared_variant_index::<SudoError>(name),
        ),
        "AdminUtils" => (
            pallet_index::ADMIN_UTILS,
            declared_variant_index::<AdminError>(name),
        ),
        _ => return None,
    };
    error.map(|error| (index, error))
}

/// The `DispatchError` the clients decode for a runtime error.
pub fn dispatch_error(error: Error) -> DispatchError {
    match wire_error_kind(error) {
        WireErrorKind::Dispatch(dispatch) => dispatch,
        WireErrorKind::Module { pallet, name } => match module_error_index(pallet, name) {
            Some((index, error)) => DispatchError::Module(ModuleError {
                index,
                error: [error, 0, 0, 0],
            }),
            None => DispatchError::Other,
        },
    }
}

fn account(id: &AccountId) -> AccountId32 {
    AccountId32(id.0)
}

/// The wire form of a runtime event, or `None` if it has no declared upstream variant.
pub fn wire_event(event: &Event) -> Option<RuntimeEvent> {
    use SubtensorEvent as S;
    let subtensor = match event {
        Event::Transfer { from, to, amount } => {
            return Some(RuntimeEvent::Balances(BalancesEvent::Transfer {
                from: account(from),
                to: account(to),
                amount: *amount,
            }))
        }
        Event::Endowed {
            account: who,
            free_balance,
        } => {
            return Some(RuntimeEvent::Balances(BalancesEvent::Endowed {
                account: account(who),
                free_balance: *free_balance,
            }))
        }
        Event::DustLost {
            account: who,
            amount,
        } => {
            return Some(RuntimeEvent::Balances(BalancesEvent::DustLost {
                account: account(who),
                amount: *amount,
            }))
        }
        Event::TransactionFeePaid {
            who,
            actual_fee,
            tip,
        } => {
            return Some(RuntimeEvent::TransactionPayment(
                PaymentEvent::TransactionFeePaid {
                    who: account(who),
                    actual_fee: *actual_fee,
                    tip: *tip,
                },
            ))
        }
        Event::Sudid { sudo_result } => {
            return Some(RuntimeEvent::Sudo(SudoEvent::Sudid {
                sudo_result: sudo_result.map_err(dispatch_error),
            }))
        }
        Event::HyperparameterSet {
            name,
            netuid,
            value,
        } => return hyperparameter_event(name, *netuid, *value),
        Event::NetworkAdded(netuid, mechanism) => S::NetworkAdded(netuid.0, *mechanism),
        Event::NetworkRemoved(netuid) => S::NetworkRemoved(netuid.0),
        Event::NeuronRegistered(netuid, uid, hotkey) => {
            S::NeuronRegistered(netuid.0, *uid, account(hotkey))
        }
        Event::StakeAdded(coldkey, hotkey, tao, alpha, netuid, fee) => S::StakeAdded(
            account(coldkey),
            account(hotkey),
            *tao,
            *alpha,
            netuid.0,
            *fee,
        ),
        Event::StakeRemoved(coldkey, hotkey, tao, alpha, netuid, fee) => S::StakeRemoved(
            account(coldkey),
            account(hotkey),
            *tao,
            *alpha,
            netuid.0,
            *fee,
        ),
        Event::StakeMoved(coldkey, from_hotkey, from_netuid, to_hotkey, to_netuid, tao) => {
            S::StakeMoved(
                account(coldkey),
                account(from_hotkey),
                from_netuid.0,
                account(to_hotkey),
                to_netuid.0,
                *tao,
            )
        }
        Event::StakeTransferred(from, to, hotkey, from_netuid, to_netuid, tao) => {
            S::StakeTransferred(
                account(from),
                account(to),
                account(hotkey),
                from_netuid.0,
                to_netuid.0,
                *tao,
            )
        }
        Event::StakeSwapped(coldkey, hotkey, from_netuid, to_netuid, tao) => S::StakeSwapped(
            account(coldkey),
            account(hotkey),
            from_netuid.0,
            to_netuid.0,
            *tao,
        ),
        Event::WeightsSet(netuid, uid) => S::WeightsSet(netuid.0, *uid),
        Event::WeightsCommitted(hotkey, netuid, hash) => {
            S::WeightsCommitted(account(hotkey), netuid.0, H256(*hash))
        }
        Event::WeightsRevealed(hotkey, netuid, hash) => {
            S::WeightsRevealed(account(hotkey), netuid.0, H256(*hash))
        }
        Event::WeightsBatchRevealed(hotkey, netuid, hashes) => S::WeightsBatchRevealed(
            account(hotkey),
            netuid.0,
            hashes.iter().copied().map(H256).collect(),
        ),
        Event::AxonServed(netuid, hotkey) => S::AxonServed(netuid.0, account(hotkey)),
        Event::PrometheusServed(netuid, hotkey) => S::PrometheusServed(netuid.0, account(hotkey)),
        Event::TakeIncreased(coldkey, hotkey, take) => {
            S::TakeIncreased(account(coldkey), account(hotkey), *take)
        }
        Event::TakeDecreased(coldkey, hotkey, take) => {
            S::TakeDecreased(account(coldkey), account(hotkey), *take)
        }
        Event::FirstEmissionBlockNumberSet(netuid, block) => {
            S::FirstEmissionBlockNumberSet(netuid.0, *block)
        }
        Event::SubnetIdentitySet(netuid) => S::SubnetIdentitySet(netuid.0),
        Event::SubnetOwnerHotkeySet(netuid, hotkey) => {
            S::SubnetOwnerHotkeySet(netuid.0, account(hotkey))
        }
        Event::EpochRun(..)
        | Event::EpochDeferred(..)
        | Event::EmissionPaid(..)
        | Event::OwnerIncentiveWithheld(..)
        | Event::SubnetLiquidated(..) => return None,
    };
    Some(RuntimeEvent::SubtensorModule(subtensor))
}

/// The upstream event for a `HyperparameterSet` named `name`, or `None` when runtime 331 has no
/// such event, the netuid presence does not fit it, or the value does not fit its field type.
pub fn hyperparameter_event(
    name: &str,
    netuid: Option<NetUid>,
    value: i128,
) -> Option<RuntimeEvent> {
    use SubtensorEvent as S;
    let n = || netuid.map(|netuid| netuid.0);
    let network = || netuid.is_none().then_some(());
    let v16 = || u16::try_from(value).ok();
    let v64 = || u64::try_from(value).ok();
    let i16v = || i16::try_from(value).ok();
    let flag = || match value {
        0 => Some(false),
        1 => Some(true),
        _ => None,
    };
    let event = match name {
        "MaxAllowedUidsSet" => S::MaxAllowedUidsSet(n()?, v16()?),
        "DifficultySet" => S::DifficultySet(n()?, v64()?),
        "AdjustmentIntervalSet" => S::AdjustmentIntervalSet(n()?, v16()?),
        "RegistrationPerIntervalSet" => S::RegistrationPerIntervalSet(n()?, v16()?),
        "MaxRegistrationsPerBlockSet" => S::MaxRegistrationsPerBlockSet(n()?, v16()?),
        "ActivityCutoffSet" => S::ActivityCutoffSet(n()?, v16()?),
        "RhoSet" => S::RhoSet(n()?, v16()?),
        "AlphaSigmoidSteepnessSet" => S::AlphaSigmoidSteepnessSet(n()?, i16v()?),
        "KappaSet" => S::KappaSet(n()?, v16()?),
        "MinAllowedWeightSet" => S::MinAllowedWeightSet(n()?, v16()?),
        "WeightsSetRateLimitSet" => S::WeightsSetRateLimitSet(n()?, v64()?),
        "ImmunityPeriodSet" => S::ImmunityPeriodSet(n()?, v16()?),
        "BondsMovingAverageSet" => S::BondsMovingAverageSet(n()?, v64()?),
        "BondsPenaltySet" => S::BondsPenaltySet(n()?, v16()?),
        "BondsResetOnSet" => S::BondsResetOnSet(n()?, flag()?),
        "MaxAllowedValidatorsSet" => S::MaxAllowedValidatorsSet(n()?, v16()?),
        "WeightsVersionKeySet" => S::WeightsVersionKeySet(n()?, v64()?),
        "MinDifficultySet" => S::MinDifficultySet(n()?, v64()?),
        "MaxDifficultySet" => S::MaxDifficultySet(n()?, v64()?),
        "ServingRateLimitSet" => S::ServingRateLimitSet(n()?, v64()?),
        "BurnSet" => S::BurnSet(n()?, v64()?),
        "MaxBurnSet" => S::MaxBurnSet(n()?, v64()?),
        "MinBurnSet" => S::MinBurnSet(n()?, v64()?),
        "RegistrationAllowed" => S::RegistrationAllowed(n()?, flag()?),
        "TempoSet" => S::TempoSet(n()?, v16()?),
        "RAORecycledForRegistrationSet" => S::RAORecycledForRegistrationSet(n()?, v64()?),
        "AdjustmentAlphaSet" => S::AdjustmentAlphaSet(n()?, v64()?),
        "TransferToggle" => S::TransferToggle(n()?, flag()?),
        "CommitRevealPeriodsSet" => S::CommitRevealPeriodsSet(n()?, v64()?),
        "CommitRevealEnabled" => S::CommitRevealEnabled(n()?, flag()?),
        "MinAllowedUidsSet" => S::MinAllowedUidsSet(n()?, v16()?),
        "DefaultTakeSet" => network().and(v16().map(S::DefaultTakeSet))?,
        "MaxDelegateTakeSet" => network().and(v16().map(S::MaxDelegateTakeSet))?,
        "MinDelegateTakeSet" => network().and(v16().map(S::MinDelegateTakeSet))?,
        "TxRateLimitSet" => network().and(v64().map(S::TxRateLimitSet))?,
        "TxDelegateTakeRateLimitSet" => network().and(v64().map(S::TxDelegateTakeRateLimitSet))?,
        "AdminFreezeWindowSet" => network().and(v16().map(S::AdminFreezeWindowSet))?,
        "OwnerHyperparamRateLimitSet" => {
            network().and(v16().map(S::OwnerHyperparamRateLimitSet))?
        }
        "StakeThresholdSet" => network().and(v64().map(S::StakeThresholdSet))?,
        "SubnetOwnerCutSet" => network().and(v16().map(S::SubnetOwnerCutSet))?,
        "NetworkRateLimitSet" => network().and(v64().map(S::NetworkRateLimitSet))?,
        "NetworkImmunityPeriodSet" => network().and(v64().map(S::NetworkImmunityPeriodSet))?,
        "NetworkMinLockCostSet" => network().and(v64().map(S::NetworkMinLockCostSet))?,
        "SubnetLimitSet" => network().and(v16().map(S::SubnetLimitSet))?,
        "NetworkLockCostReductionIntervalSet" => {
            network().and(v64().map(S::NetworkLockCostReductionIntervalSet))?
        }
        "Yuma3EnableToggled" => {
            return Some(RuntimeEvent::AdminUtils(AdminEvent::Yuma3EnableToggled {
                netuid: n()?,
                enabled: flag()?,
            }))
        }
        "BondsResetToggled" => {
            return Some(RuntimeEvent::AdminUtils(AdminEvent::BondsResetToggled {
                netuid: n()?,
                enabled: flag()?,
            }))
        }
        _ => return None,
    };
    Some(RuntimeEvent::SubtensorModule(event))
}

/// Runtime events at `phase`, mapped to the wire (unmapped ones left off).
pub fn wire_events(phase: Phase, events: &[Event]) -> Vec<(Phase, RuntimeEvent)> {
    events
        .iter()
        .filter_map(wire_event)
        .map(|event| (phase, event))
        .collect()
}

/// Dispatch info reported for a call: zero weight, `Normal`, `pays_fee = No` for free calls.
pub fn dispatch_info(call: &RuntimeCall) -> DispatchEventInfo {
    DispatchEventInfo {
        weight: Default::default(),
        class: DispatchClass::Normal,
        pays_fee: if call.is_free() { Pays::No } else { Pays::Yes },
    }
}

/// All wire events of the signed extrinsic at `extrinsic_index`: its own events (including
/// `TransactionFeePaid`), then `System.ExtrinsicSuccess` or `System.ExtrinsicFailed`.
pub fn extrinsic_events(
    extrinsic_index: u32,
    call: &RuntimeCall,
    applied: &Applied,
) -> Vec<(Phase, RuntimeEvent)> {
    let phase = Phase::ApplyExtrinsic(extrinsic_index);
    let mut records = wire_events(phase, &applied.events);
    let dispatch_info = dispatch_info(call);
    let outcome = match applied.result {
        Ok(()) => SystemEvent::ExtrinsicSuccess { dispatch_info },
        Err(error) => SystemEvent::ExtrinsicFailed {
            dispatch_error: dispatch_error(error),
            dispatch_info,
        },
    };
    records.push((phase, RuntimeEvent::System(outcome)));
    records
}

/// SCALE `Vec<EventRecord<RuntimeEvent, H256>>` with empty topics: the `System.Events` value.
pub fn encode_event_records(records: &[(Phase, RuntimeEventForWire)]) -> Vec<u8> {
    let mut out = Vec::new();
    let count = u32::try_from(records.len()).unwrap_or(u32::MAX);
    Compact(count).encode_to(&mut out);
    for (phase, event) in records {
        phase.encode_to(&mut out);
        event.encode_to(&mut out);
        Vec::<H256>::new().encode_to(&mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn success_record_matches_the_spec_example() {
        let record = (
            Phase::ApplyExtrinsic(0),
            RuntimeEvent::System(SystemEvent::ExtrinsicSuccess {
                dispatch_info: DispatchEventInfo::default(),
            }),
        );
        // sdk-compat §6.3: 04 | 00 00000000 | 00 00 | 00 00 00 00 | 00
        assert_eq!(
            encode_event_records(&[record]),
            vec![0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        );
    }

    #[test]
    fn module_errors_use_declared_indices() {
        assert_eq!(
            dispatch_error(Error::SubnetNotExists),
            DispatchError::Module(ModuleError {
                index: 7,
                error: [73, 0, 0, 0]
            })
        );
        assert_eq!(
            dispatch_error(Error::RequireSudo),
            DispatchError::Module(ModuleError {
                index: 12,
                error: [0, 0, 0, 0]
            })
        );
        assert_eq!(dispatch_error(Error::BadOrigin), DispatchError::BadOrigin);
    }
}
