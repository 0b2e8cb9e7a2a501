//! Emission economics (dtao-spec R1): pure functions of plain numbers, no state.
//!
//! - [`block_emission`] / [`alpha_block_emission`]: the halving curve of §2.1, evaluated in
//!   `I96F32` exactly as subtensor does (log2 from `substrate_fixed::transcendental`, the
//!   multiplier built by repeated doubling, a 21 M cap).
//! - [`update_moving_price`]: the per-block EMA of the spot price (§4.2, with the age factor
//!   `b / (b + h)` and the spot capped at 1.0 TAO/alpha).
//! - [`emission_shares`] / [`tao_emission_per_subnet`]: R1 shares proportional to EMA price
//!   (§4.3).
//! - [`injection_r1`]: TAO and alpha added to a pool each block (§5.1).
//! - [`root_proportion`] and [`split_alpha_out`]: the per-block split of a subnet's alpha
//!   emission into owner / miner / validator / root parts (§5.4, §6).
//! - [`split_pro_rata`]: exact integer distribution of an amount by weights, used for payouts.
//!
//! Invariants:
//! - `tao_emission_per_subnet` never places more than the block emission (Σ ≤ emission).
//! - `split_alpha_out(..).total() ≤ alpha_out`; the caller mints exactly `total()`, so no
//!   rounding dust is ever created without an owner.
//! - `split_pro_rata(total, w)` sums to exactly `total` whenever Σw > 0.
//! - Nothing here panics, wraps or divides by zero: fixed-point division is checked and a zero
//!   divisor yields the documented fallback.

use crate::units::{mul_floor, u16_ratio, u64_ratio, Perbill64};
use dtao_primitives::fixed::{I96F32, U96F32};
use dtao_primitives::NetUid;
use substrate_fixed::transcendental;

/// `TotalSupply`: 21 000 000 TAO in rao (also each subnet's alpha cap).
pub const TOTAL_SUPPLY_RAO: u64 = 21_000_000_000_000_000;

/// `DefaultBlockEmission`: 1 TAO in rao, the emission before the first halving.
pub const DEFAULT_BLOCK_EMISSION_RAO: u64 = 1_000_000_000;

/// Emission per block for an issuance of `issuance_rao` (dtao-spec §2.1).
///
/// `r = log2(1 / (1 − I / (2 × 10.5e15)))` in `I96F32`, `k = floor(r)`, emission
/// `floor(10^9 / 2^k)` with `2^k` built by repeated doubling. Zero at or above the 21 M cap and
/// if any fixed-point step fails.
pub fn block_emission(issuance_rao: u64) -> u64 {
    if issuance_rao >= TOTAL_SUPPLY_RAO {
        return 0;
    }
    halving_emission(issuance_rao).unwrap_or(0)
}

/// Alpha emission per block for a subnet whose alpha issuance (`SubnetAlphaIn +
/// SubnetAlphaOut`) is `alpha_issuance_rao`: the same curve as TAO (§2.1).
pub fn alpha_block_emission(alpha_issuance_rao: u64) -> u64 {
    block_emission(alpha_issuance_rao)
}

fn halving_emission(issuance_rao: u64) -> Option<u64> {
    let one = I96F32::from_num(1);
    let issuance = I96F32::saturating_from_num(issuance_rao);
    // Subtensor writes the supply as 2 × 10.5e15.
    let supply = I96F32::from_num(2).checked_mul(I96F32::from_num(TOTAL_SUPPLY_RAO / 2))?;
    let issued_fraction = issuance.checked_div(supply)?;
    let remaining_fraction = one.checked_sub(issued_fraction)?;
    let inverse = one.checked_div(remaining_fraction)?;
    let residual: I96F32 = transcendental::log2(inverse).ok()?;
    let halvings = residual.floor().saturating_to_num::<u64>();
    let mut multiplier = one;
    for _ in 0..halvings {
        multiplier = multiplier.saturating_mul(I96F32::from_num(2));
    }
    let fraction = one.checked_div(multiplier)?;
    let emission = fraction.saturating_mul(I96F32::from_num(DEFAULT_BLOCK_EMISSION_RAO));
    Some(emission.saturating_to_num::<u64>())
}

/// A `Perbill64` as `U96F32` rounded to the nearest representable value, as subtensor's
/// `saturating_from_num(0.000003)` rounds the decimal default of `SubnetMovingAlpha`.
pub fn perbill_to_u96f32_nearest(value: Perbill64) -> U96F32 {
    let parts = u128::from(value.0);
    let one = u128::from(Perbill64::ONE.0);
    let bits = (parts << 32).saturating_add(one / 2) / one;
    U96F32::from_bits(bits)
}

/// One EMA step of a subnet's moving price (dtao-spec §4.2, with the age factor).
///
/// `a = base_alpha × b / (b + h)` with `b = blocks_since_start` (now − (first emission block −
/// 1)) and `h = halving_blocks`; `ema' = a × min(spot, 1) + (1 − a) × ema`. Computed in
/// `U96F32` (negative inputs count as 0), stored as `I96F32`.
pub fn update_moving_price(
    old: I96F32,
    spot: I96F32,
    base_alpha: U96F32,
    blocks_since_start: u64,
    halving_blocks: u64,
) -> I96F32 {
    let one = U96F32::from_num(1);
    let age = U96F32::saturating_from_num(blocks_since_start);
    let halving = U96F32::saturating_from_num(halving_blocks);
    let age_factor = age
        .checked_div(age.saturating_add(halving))
        .unwrap_or_else(|| U96F32::from_num(0));
    let alpha = base_alpha.saturating_mul(age_factor);
    let keep = one.saturating_sub(alpha);
    let spot_capped = U96F32::saturating_from_num(spot.min(I96F32::from_num(1)));
    let old_unsigned = U96F32::saturating_from_num(old);
    let updated = alpha
        .saturating_mul(spot_capped)
        .saturating_add(keep.saturating_mul(old_unsigned));
    I96F32::saturating_from_num(updated)
}

/// Each subnet's share of the block emission, `ema_i / Σ ema` in `I96F32` (dtao-spec §4.3, R1).
///
/// Negative EMAs count as 0. If the sum is 0 every share is 0: the block's TAO emission is then
/// not placed, and unplaced emission is simply never minted (R1 only adds `Σ tao_in` to the
/// issuance), which keeps TAO conserved.
pub fn emission_shares(emas: &[(NetUid, I96F32)]) -> Vec<(NetUid, I96F32)> {
    let zero = I96F32::from_num(0);
    let total = emas
        .iter()
        .fold(zero, |sum, (_, ema)| sum.saturating_add((*ema).max(zero)));
    emas.iter()
        .map(|(netuid, ema)| {
            let share = (*ema)
                .max(zero)
                .checked_div(total)
                .unwrap_or(zero)
                .min(I96F32::from_num(1));
            (*netuid, share)
        })
        .collect()
}

/// TAO emission per subnet this block: `floor(share_i × block_emission)` (dtao-spec §4.3).
/// The amounts sum to at most `block_emission_rao`.
pub fn tao_emission_per_subnet(
    block_emission_rao: u64,
    emas: &[(NetUid, I96F32)],
) -> Vec<(NetUid, u64)> {
    let emission = I96F32::saturating_from_num(block_emission_rao);
    emission_shares(emas)
        .into_iter()
        .map(|(netuid, share)| {
            let amount = share.saturating_mul(emission).saturating_to_num::<u64>();
            (netuid, amount.min(block_emission_rao))
        })
        .collect()
}

/// R1 pool injection (dtao-spec §5.1): `tao_in = E` and `alpha_in = min(E / p, ae)` (`ae` when
/// the spot price `p` is 0 or the quotient does not fit). Returns `(tao_in, alpha_in)`.
pub fn injection_r1(
    tao_emission_rao: u64,
    spot_price: I96F32,
    alpha_emission_rao: u64,
) -> (u64, u64) {
    let zero = I96F32::from_num(0);
    let alpha_in = if spot_price <= zero {
        alpha_emission_rao
    } else {
        I96F32::saturating_from_num(tao_emission_rao)
            .checked_div(spot_price)
            .map_or(alpha_emission_rao, |alpha| {
                alpha.saturating_to_num::<u64>().min(alpha_emission_rao)
            })
    };
    (tao_emission_rao, alpha_in)
}

/// Root proportion of a subnet (dtao-spec §5.4): `tw × RootTAO / (tw × RootTAO + alpha
/// issuance)` in `U96F32`, with `tw = tao_weight / (2^64 − 1)`; 0 if both terms are 0.
pub fn root_proportion(tao_weight: u64, root_tao_rao: u64, alpha_issuance_rao: u64) -> U96F32 {
    let weighted_root = U96F32::from_num(root_tao_rao).saturating_mul(u64_ratio(tao_weight));
    let denominator = weighted_root.saturating_add(U96F32::from_num(alpha_issuance_rao));
    weighted_root
        .checked_div(denominator)
        .unwrap_or_else(|| U96F32::from_num(0))
}

/// One block's alpha emission of a subnet split into its destinations (alpha rao).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AlphaSplit {
    /// Subnet owner cut (`PendingOwnerCut`).
    pub owner: u64,
    /// Miners' half of the rest (`PendingServerEmission`).
    pub server: u64,
    /// Validators' half minus the root part (`PendingValidatorEmission`).
    pub validator: u64,
    /// Root stakers' part of the validators' half (sold to TAO in R1).
    pub root: u64,
}

impl AlphaSplit {
    /// Sum of the parts: the alpha actually minted.
    pub fn total(&self) -> u64 {
        self.owner
            .saturating_add(self.server)
            .saturating_add(self.validator)
            .saturating_add(self.root)
    }
}

/// Split `alpha_out` (dtao-spec §6, R1 owner cut always on), in `U96F32`:
///
/// ```text
/// owner     = alpha_out × cut                  cut = owner_cut / 65535
/// rest      = alpha_out − owner
/// server    = rest × 0.5
/// root      = rp × rest × 0.5
/// validator = rest − server − root
/// ```
///
/// Rounding: every part is floored separately, as subtensor floors each pending bucket; the
/// caller mints `total()` (at most 3 rao below `alpha_out`), so the parts add up to exactly
/// what is minted and no dust is left unowned.
pub fn split_alpha_out(alpha_out: u64, owner_cut: u16, root_proportion: U96F32) -> AlphaSplit {
    let gross = U96F32::from_num(alpha_out);
    let owner = gross.saturating_mul(u16_ratio(owner_cut));
    let rest = gross.saturating_sub(owner);
    let half = rest.saturating_mul(U96F32::from_num(0.5));
    let root = half.saturating_mul(root_proportion.min(U96F32::from_num(1)));
    let validator = rest.saturating_sub(half).saturating_sub(root);
    AlphaSplit {
        owner: owner.saturating_to_num::<u64>(),
        server: half.saturating_to_num::<u64>(),
        validator: validator.saturating_to_num::<u64>(),
        root: root.saturating_to_num::<u64>(),
    }
}

/// Split `total` in proportion to `weights`, exactly: each gets `floor(total × w_i / Σw)` and the
/// remainder (fewer rao than there are weights) goes one rao each to the largest fractional
/// remainders, ties to the lower index (largest-remainder method). All zeros if `Σw = 0`.
pub fn split_pro_rata(total: u64, weights: &[u64]) -> Vec<u64> {
    let sum: u128 = weights.iter().map(|w| u128::from(*w)).sum();
    if sum == 0 {
        return vec![0; weights.len()];
    }
    let total_wide = u128::from(total);
    let mut parts = Vec::with_capacity(weights.len());
    let mut remainders = Vec::with_capacity(weights.len());
    for (index, weight) in weights.iter().enumerate() {
        // total ≤ 2^64 and weight ≤ 2^64, so the product fits u128.
        let scaled = total_wide * u128::from(*weight);
        parts.push(u64::try_from(scaled / sum).unwrap_or(u64::MAX));
        remainders.push((scaled % sum, index));
    }
    let placed: u128 = parts.iter().map(|p| u128::from(*p)).sum();
    let mut left = total_wide.saturating_sub(placed);
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (remainder, index) in remainders {
        if left == 0 {
            break;
        }
        if remainder == 0 && weights[index] == 0 {
            continue;
        }
        parts[index] = parts[index].saturating_add(1);
        left -= 1;
    }
    parts
}

/// `floor(amount × take / 65535)`: the delegate take of a payout.
pub fn take_of_amount(amount: u64, take: u16) -> u64 {
    mul_floor(amount, u16_ratio(take)).min(amount)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use proptest::prelude::*;

    const TAO: u64 = 1_000_000_000;

    #[test]
    fn v1_block_emission_table() {
        let table = [
            (0, 1_000_000_000),
            (10_499_999, 1_000_000_000),
            (10_500_000, 500_000_000),
            (15_750_000, 250_000_000),
            (18_375_000, 125_000_000),
            (20_999_999, 59),
            (21_000_000, 0),
        ];
        for (issuance_tao, expected) in table {
            assert_eq!(
                block_emission(issuance_tao * TAO),
                expected,
                "issuance {issuance_tao} TAO"
            );
        }
        assert_eq!(block_emission(u64::MAX), 0);
        assert_eq!(alpha_block_emission(10_500_000 * TAO - 1), TAO);
        assert_eq!(alpha_block_emission(10_500_000 * TAO), TAO / 2);
    }

    fn approx(value: I96F32, expected: f64, tolerance: f64) {
        let got = value.to_num::<f64>();
        assert!(
            (got - expected).abs() < tolerance,
            "got {got}, expected {expected}"
        );
    }

    #[test]
    fn v7_moving_price_fourteen_updates() {
        let base = U96F32::from_num(0.1);
        let mut ema = I96F32::from_num(0);
        for _ in 0..14 {
            ema = update_moving_price(ema, I96F32::from_num(1), base, 201_600, 201_600);
        }
        approx(ema, 1.0 - 0.95f64.powi(14), 1e-6);
        approx(ema, 0.512325, 1e-6);
    }

    #[test]
    fn v7_moving_price_age_factor() {
        let base = U96F32::from_num(0.5);
        // block 510, first emission 500 ⇒ b = 11.
        let young =
            update_moving_price(I96F32::from_num(0), I96F32::from_num(1), base, 11, 201_600);
        assert!(young < I96F32::from_num(0.001));
        approx(young, 0.5 * 11.0 / 201_611.0, 1e-8);
        // block 144 000 500 ⇒ a ≈ 0.4993.
        let old = update_moving_price(
            I96F32::from_num(0),
            I96F32::from_num(1),
            base,
            144_000_001,
            201_600,
        );
        approx(old, 0.4993, 1e-3);
    }

    #[test]
    fn moving_price_caps_spot_at_one() {
        let base = U96F32::from_num(0.5);
        let ema = update_moving_price(I96F32::from_num(0), I96F32::from_num(7), base, 1, 0);
        assert_eq!(ema, I96F32::from_num(0.5));
        let no_age = update_moving_price(I96F32::from_num(0.25), I96F32::from_num(1), base, 0, 0);
        assert_eq!(no_age, I96F32::from_num(0.25));
    }

    #[test]
    fn moving_alpha_default_rounds_to_nearest() {
        let alpha = perbill_to_u96f32_nearest(Perbill64::from_parts(3_000));
        assert_eq!(alpha, U96F32::from_num(0.000003));
        assert_eq!(
            perbill_to_u96f32_nearest(Perbill64::ONE),
            U96F32::from_num(1)
        );
    }

    #[test]
    fn shares_follow_ema() {
        let emas = [
            (NetUid(1), I96F32::from_num(0.3)),
            (NetUid(2), I96F32::from_num(0.1)),
            (NetUid(3), I96F32::from_num(-1)),
        ];
        let amounts = tao_emission_per_subnet(TAO, &emas);
        assert_eq!(amounts[2], (NetUid(3), 0));
        let (a, b) = (amounts[0].1, amounts[1].1);
        assert!(a.abs_diff(3 * b) <= 3, "{a} vs 3×{b}");
        assert!(a + b <= TAO && a + b >= TAO - 2);
        let zeros = [
            (NetUid(1), I96F32::from_num(0)),
            (NetUid(2), I96F32::from_num(0)),
        ];
        assert!(tao_emission_per_subnet(TAO, &zeros)
            .iter()
            .all(|(_, x)| *x == 0));
    }

    #[test]
    fn v8_r1_injection_and_root_proportion() {
        let rp = root_proportion(3_320_413_933_267_719_290, 6_000_000 * TAO, 2_000_000 * TAO);
        approx(I96F32::from_num(rp), 0.350649, 1e-6);
        let (tao_in, alpha_in) = injection_r1(50_000_000, I96F32::from_num(0.01), TAO);
        assert_eq!((tao_in, alpha_in), (50_000_000, TAO));
        let (_, capped) = injection_r1(5_000_000, I96F32::from_num(0.01), TAO);
        assert!(capped.abs_diff(500_000_000) <= 1_000, "{capped}");
        assert_eq!(injection_r1(7, I96F32::from_num(0), 11), (7, 11));
        assert_eq!(root_proportion(0, 100, 0), U96F32::from_num(0));
        assert_eq!(root_proportion(u64::MAX, 0, 0), U96F32::from_num(0));
    }

    #[test]
    fn v9_alpha_out_split() {
        let rp = root_proportion(3_320_413_933_267_719_290, 6_000_000 * TAO, 2_000_000 * TAO);
        let split = split_alpha_out(TAO, 11_796, rp);
        // Exactly the spec's V9 figures (sum 999 999 998: two rao are never minted).
        let expected = AlphaSplit {
            owner: 179_995_422,
            server: 410_002_288,
            validator: 266_235_252,
            root: 143_767_036,
        };
        assert_eq!(split, expected);
        assert!(split.total() <= TAO && split.total() >= TAO - 3);
        let no_root = split_alpha_out(TAO, 11_796, U96F32::from_num(0));
        assert_eq!(no_root.root, 0);
        assert!(no_root.server.abs_diff(no_root.validator) <= 1);
    }

    #[test]
    fn pro_rata_is_exact() {
        assert_eq!(split_pro_rata(10, &[1, 1, 1]), vec![4, 3, 3]);
        assert_eq!(split_pro_rata(10, &[0, 0]), vec![0, 0]);
        assert_eq!(split_pro_rata(7, &[0, 5]), vec![0, 7]);
        assert_eq!(
            split_pro_rata(u64::MAX, &[u64::MAX, 1])
                .iter()
                .map(|x| u128::from(*x))
                .sum::<u128>(),
            u128::from(u64::MAX)
        );
        assert_eq!(take_of_amount(1_000, 11_796), 179);
    }

    proptest! {
        #[test]
        fn prop_shares_never_exceed_emission(
            emission in 0u64..=TAO,
            emas in proptest::collection::vec(0u64..=(1u64 << 33), 0..20),
        ) {
            let emas: Vec<(NetUid, I96F32)> = emas
                .iter()
                .enumerate()
                .map(|(i, bits)| (NetUid(i as u16 + 1), I96F32::from_bits(i128::from(*bits))))
                .collect();
            let amounts = tao_emission_per_subnet(emission, &emas);
            let sum: u128 = amounts.iter().map(|(_, x)| u128::from(*x)).sum();
            prop_assert!(sum <= u128::from(emission));
            // Each subnet loses at most one rao to the truncated share and one to the floor.
            prop_assert!(sum + 2 * amounts.len() as u128 + 1 >= u128::from(emission) || emas.iter().all(|(_, e)| *e == I96F32::from_num(0)));
        }

        #[test]
        fn prop_split_sums_to_minted(
            alpha_out in 0u64..=(10 * TAO),
            cut in any::<u16>(),
            root_tao in 0u64..=(10_000_000 * TAO),
            issuance in 0u64..=(21_000_000 * TAO),
            tao_weight in any::<u64>(),
        ) {
            let rp = root_proportion(tao_weight, root_tao, issuance);
            prop_assert!(rp <= U96F32::from_num(1));
            let split = split_alpha_out(alpha_out, cut, rp);
            prop_assert!(split.total() <= alpha_out);
            prop_assert!(split.total() + 3 >= alpha_out);
            prop_assert!(split.root <= split.server);
        }

        #[test]
        fn prop_halving_is_monotonic(a in 0u64..=(22_000_000 * TAO), b in 0u64..=(22_000_000 * TAO)) {
            let (low, high) = if a <= b { (a, b) } else { (b, a) };
            prop_assert!(block_emission(low) >= block_emission(high));
            let e = block_emission(low);
            prop_assert!(e == 0 || (0..40).any(|k| DEFAULT_BLOCK_EMISSION_RAO >> k == e));
        }

        #[test]
        fn prop_pro_rata_sums(total in any::<u64>(), weights in proptest::collection::vec(any::<u64>(), 1..12)) {
            let parts = split_pro_rata(total, &weights);
            let sum: u128 = parts.iter().map(|x| u128::from(*x)).sum();
            if weights.iter().any(|w| *w > 0) {
                prop_assert_eq!(sum, u128::from(total));
            } else {
                prop_assert_eq!(sum, 0);
            }
            for (part, weight) in parts.iter().zip(&weights) {
                if *weight == 0 { prop_assert_eq!(*part, 0); }
            }
        }
    }
}
