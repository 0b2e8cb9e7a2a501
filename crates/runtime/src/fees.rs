//! Transaction fees (dtao-spec §12): `fee = base + length + weight × 0.0005 rao`, charged in TAO
//! before dispatch and recycled (R1). Weights are a fixed table per call (in picoseconds of
//! reference time, the unit Substrate uses), chosen near subtensor's benchmarked values; calls
//! that are free on chain (weights, serving) pay nothing.

use crate::call::{BalancesCall, RuntimeCall, SubtensorCall};

/// Base weight of any extrinsic (Substrate's `ExtrinsicBaseWeight`, ~125 µs).
pub const EXTRINSIC_BASE_WEIGHT: u64 = 125_000_000;

/// Rao per byte of encoded extrinsic.
pub const LENGTH_FEE_PER_BYTE: u64 = 1;

/// Weight to fee: rao per 2 000 weight units (0.0005 rao per unit).
pub const WEIGHT_UNITS_PER_RAO: u64 = 2_000;

/// Reference weight of a call.
pub fn call_weight(call: &RuntimeCall) -> u64 {
    match call {
        RuntimeCall::Balances(BalancesCall::TransferAll { .. }) => 60_000_000,
        RuntimeCall::Balances(_) => 50_000_000,
        RuntimeCall::Subtensor(call) => subtensor_weight(call),
        RuntimeCall::AdminUtils(_) => 20_000_000,
        RuntimeCall::Sudo(_) => 10_000_000,
    }
}

fn subtensor_weight(call: &SubtensorCall) -> u64 {
    use SubtensorCall as C;
    match call {
        C::RegisterNetwork { .. } | C::RegisterNetworkWithIdentity { .. } => 300_000_000,
        C::BurnedRegister { .. }
        | C::Register { .. }
        | C::RegisterLimit { .. }
        | C::RootRegister { .. } => 340_000_000,
        C::UnstakeAll { .. } | C::UnstakeAllAlpha { .. } | C::DissolveNetwork { .. } => 400_000_000,
        C::MoveStake { .. }
        | C::TransferStake { .. }
        | C::SwapStake { .. }
        | C::SwapStakeLimit { .. } => 250_000_000,
        C::AddStake { .. }
        | C::RemoveStake { .. }
        | C::AddStakeLimit { .. }
        | C::RemoveStakeLimit { .. }
        | C::RemoveStakeFullLimit { .. } => 150_000_000,
        _ => 50_000_000,
    }
}

/// Fee in rao for `call` encoded in `encoded_len` bytes (0 for free calls).
pub fn fee_for(call: &RuntimeCall, encoded_len: u32) -> u64 {
    if call.is_free() {
        return 0;
    }
    let weight = EXTRINSIC_BASE_WEIGHT.saturating_add(call_weight(call));
    let length_fee = u64::from(encoded_len).saturating_mul(LENGTH_FEE_PER_BYTE);
    length_fee.saturating_add(weight / WEIGHT_UNITS_PER_RAO)
}

#[cfg(test)]
mod tests {
    use super::*;
    use dtao_primitives::AccountId;

    #[test]
    fn transfer_fee_is_base_plus_weight_plus_length() {
        let call = RuntimeCall::Balances(BalancesCall::TransferKeepAlive {
            dest: AccountId::default(),
            value: 1,
        });
        assert_eq!(
            fee_for(&call, 100),
            100 + (125_000_000 + 50_000_000) / 2_000
        );
        let free = RuntimeCall::Subtensor(SubtensorCall::CommitWeights {
            netuid: dtao_primitives::NetUid(1),
            commit_hash: [0; 32],
        });
        assert_eq!(fee_for(&free, 100), 0);
    }
}
