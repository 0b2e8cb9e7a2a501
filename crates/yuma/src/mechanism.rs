//! Mechanisms (sub-subnets): splitting a subnet's epoch emission across mechanisms and merging
//! their per-uid results (yuma-spec §3.3).
//!
//! Invariants: the split amounts always add up to the subnet's emission exactly (the rounding
//! remainder goes to mechanism 0); merging never overflows (u16 and u64 values saturate).

use crate::types::EpochOutput;
use dtao_primitives::fixed::U64F64;

/// Hard cap on mechanisms per subnet.
pub const MAX_MECHANISMS: usize = 16;

/// Split `emission_rao` across `count` mechanisms (clamped to 1..=16).
///
/// Without `split` every mechanism gets `floor(E / count)`; with a split (u16 weights meant to sum
/// to 65535) mechanism k gets `floor(E × split_k / 65535)`, missing entries count as zero. The
/// remainder goes to mechanism 0.
pub fn split_emission(emission_rao: u64, count: usize, split: Option<&[u16]>) -> Vec<u64> {
    let count = count.clamp(1, MAX_MECHANISMS);
    let mut shares: Vec<u64> = match split {
        None => vec![emission_rao / count as u64; count],
        Some(weights) => (0..count)
            .map(|k| {
                let weight = u128::from(weights.get(k).copied().unwrap_or(0));
                let share = u128::from(emission_rao) * weight / u128::from(u16::MAX);
                u64::try_from(share).unwrap_or(u64::MAX)
            })
            .collect(),
    };
    let assigned = shares.iter().fold(0_u64, |acc, s| acc.saturating_add(*s));
    if let Some(first) = shares.first_mut() {
        *first = first.saturating_add(emission_rao.saturating_sub(assigned));
    }
    shares
}

/// Merge per-mechanism epoch outputs into the subnet's per-uid view.
///
/// Server and validator emissions add up; dividends, stake weight, consensus, validator trust and
/// combined emission are weighted by each mechanism's share of the emission (mechanism 0 gets
/// the whole weight when the total is zero) and floored; `active` and permits are OR-ed.
/// Incentive and bonds stay per mechanism and are taken from mechanism 0 here.
pub fn merge_outputs(outputs: &[EpochOutput], emissions_rao: &[u64]) -> EpochOutput {
    let Some(first) = outputs.first() else {
        return EpochOutput::default();
    };
    let n = first.active.len();
    let total: u64 = emissions_rao
        .iter()
        .fold(0, |acc, e| acc.saturating_add(*e));
    let mut merged = EpochOutput {
        active: vec![false; n],
        stake_weight: vec![0; n],
        consensus: vec![0; n],
        validator_trust: vec![0; n],
        incentive: first.incentive.clone(),
        dividends: vec![0; n],
        emission: vec![0; n],
        server_emission: vec![0; n],
        validator_emission: vec![0; n],
        validator_permit: vec![false; n],
        bonds: first.bonds.clone(),
    };
    for (k, output) in outputs.iter().enumerate() {
        let weight = mechanism_weight(k, emissions_rao.get(k).copied().unwrap_or(0), total);
        or_into(&mut merged.active, &output.active);
        or_into(&mut merged.validator_permit, &output.validator_permit);
        add_into(&mut merged.server_emission, &output.server_emission);
        add_into(&mut merged.validator_emission, &output.validator_emission);
        weighted_u16_into(&mut merged.stake_weight, &output.stake_weight, weight);
        weighted_u16_into(&mut merged.consensus, &output.consensus, weight);
        weighted_u16_into(&mut merged.validator_trust, &output.validator_trust, weight);
        weighted_u16_into(&mut merged.dividends, &output.dividends, weight);
        weighted_u64_into(&mut merged.emission, &output.emission, weight);
    }
    merged
}

fn mechanism_weight(index: usize, emission: u64, total: u64) -> U64F64 {
    if total == 0 {
        return if index == 0 {
            U64F64::from_num(1)
        } else {
            U64F64::from_num(0)
        };
    }
    U64F64::from_num(emission)
        .checked_div(U64F64::from_num(total))
        .unwrap_or_else(|| U64F64::from_num(0))
}

fn or_into(target: &mut [bool], source: &[bool]) {
    for (t, s) in target.iter_mut().zip(source) {
        *t |= *s;
    }
}

fn add_into(target: &mut [u64], source: &[u64]) {
    for (t, s) in target.iter_mut().zip(source) {
        *t = t.saturating_add(*s);
    }
}

fn weighted_u16_into(target: &mut [u16], source: &[u16], weight: U64F64) {
    for (t, s) in target.iter_mut().zip(source) {
        let part = U64F64::from_num(*s)
            .saturating_mul(weight)
            .saturating_to_num::<u16>();
        *t = t.saturating_add(part);
    }
}

fn weighted_u64_into(target: &mut [u64], source: &[u64], weight: U64F64) {
    for (t, s) in target.iter_mut().zip(source) {
        let part = U64F64::from_num(*s)
            .saturating_mul(weight)
            .saturating_to_num::<u64>();
        *t = t.saturating_add(part);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn even_splits_from_spec() {
        assert_eq!(split_emission(25, 5, None), vec![5, 5, 5, 5, 5]);
        assert_eq!(split_emission(10, 4, None), vec![4, 2, 2, 2]);
        assert_eq!(split_emission(7, 1, None), vec![7]);
        assert_eq!(split_emission(7, 0, None), vec![7]);
    }

    #[test]
    fn weighted_split_sums_to_total() {
        let split = [13_107_u16, 52_428];
        let shares = split_emission(1_000_000_007, 2, Some(&split));
        assert_eq!(shares.iter().sum::<u64>(), 1_000_000_007);
        assert_eq!(shares[1], 1_000_000_007_u128 as u64 * 52_428 / 65_535);
        let missing = split_emission(100, 3, Some(&[65_535]));
        assert_eq!(missing, vec![100, 0, 0]);
    }

    #[test]
    fn merge_weights_by_emission() {
        let a = EpochOutput {
            active: vec![true, false],
            stake_weight: vec![65_535, 0],
            consensus: vec![0, 65_535],
            validator_trust: vec![65_535, 0],
            incentive: vec![0, 65_535],
            dividends: vec![65_535, 0],
            emission: vec![50, 50],
            server_emission: vec![0, 50],
            validator_emission: vec![50, 0],
            validator_permit: vec![true, false],
            bonds: vec![vec![(1, 65_535)], vec![]],
        };
        let mut b = a.clone();
        b.active = vec![false, true];
        b.dividends = vec![0, 65_535];
        let merged = merge_outputs(&[a, b], &[75, 25]);
        assert_eq!(merged.active, vec![true, true]);
        assert_eq!(merged.dividends, vec![49_151, 16_383]);
        assert_eq!(merged.server_emission, vec![0, 100]);
        // Each part is floored on its own: floor(50 × 0.75) + floor(50 × 0.25) = 49.
        assert_eq!(merged.emission, vec![49, 49]);
        assert_eq!(merge_outputs(&[], &[]), EpochOutput::default());
    }
}
