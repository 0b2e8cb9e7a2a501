//! Dense epoch: the Yuma Consensus epoch of yuma-spec §4 computed on n×n matrices.
//!
//! This is the cross-check for the production [`crate::epoch_sparse`]. It is written
//! independently from the spec, step by step in the spec's order (§4.1–§4.13), with every
//! weight and bond held as a full `n × n` matrix of `I32F32` in which an absent entry is 0. It is
//! O(n²) in time and memory; use it for tests and vectors, not on chain-sized inputs.
//!
//! Semantics follow the **sparse production path**, not upstream's test-only dense variant, for
//! everything observable in the outputs: the owner uid is exempt from the stake threshold, has its
//! permit forced and keeps its own diagonal weight (§4.2, §4.3, §4.5.3), and the commit-reveal
//! mask is applied when `commit_blocks` is `Some` (§4.5.5). Clipping keeps zero cells where the
//! sparse path drops entries; a zero cell and a missing entry are the same thing in every step
//! except the one below, so this is not observable.
//!
//! **Remaining divergence from the sparse path (deliberate, as upstream's dense variant):** with
//! Yuma3 + liquid alpha (§4.12.2) this variant computes the EMA for *every* cell, so a previous
//! bond whose column is absent from the validator's weights-for-bonds row (never weighted,
//! masked row, dropped by the diagonal/outdated/commit-reveal masks, clipped away, or
//! interpolated to 0) **decays** as `(1 − α)·B`; the sparse path deletes it. The two agree
//! whenever every non-zero masked previous bond sits on a cell present in the weights-for-bonds
//! row.
//!
//! Other differences, none reachable from chain state:
//! - duplicate columns in a stored row cannot be held in a matrix (the last entry wins here;
//!   the sparse path keeps both);
//! - output bond rows omit cells whose stored u16 is 0 (the sparse path may store `(j, 0)` for a
//!   tiny positive bond); the bonds read back are the same;
//! - a negative raw stake is below any threshold (`floor(raw) < threshold`, §4.2 literally);
//! - liquid alpha with `alpha_low > alpha_high` (the setter refuses it) clamps as
//!   `max(lo).min(hi)`, i.e. to `hi`.
//!
//! Columns `≥ n` in weight and bond rows are ignored, as in §4.5.1.
//!
//! Invariants:
//! - all arithmetic is `substrate-fixed` with §1's rules: multiplications saturate and floor,
//!   divisions are [`safe_div`] (0 on zero divisor or overflow) except the liquid-alpha sigmoid's
//!   saturating divisions, narrowing conversions truncate; sums saturate (they cannot overflow
//!   for inputs in range, where they are the exact plain sums the spec asks for);
//! - no unwrap, no panic, no out-of-bounds indexing for any input that passes
//!   [`EpochInput::validate`]; every output vector has length n;
//! - output bond rows hold only non-zero values, in ascending uid order, for uids with the new
//!   permit; other rows are empty.

use dtao_primitives::fixed::{
    exp_safe, fixed_proportion_to_u16, i64f64_to_i32f32, safe_div, u16_proportion_to_fixed,
    u16_to_fixed, I32F32, I64F64, ONE_I32F32,
};

use crate::types::{BondsModel, EpochInput, EpochOutput, EpochParams, InputError, SparseRow};

/// Zero as `I32F32`.
const ZERO: I32F32 = I32F32::from_bits(0);

/// A square matrix as rows of cells; row `i`, column `j` is `m[i][j]`.
type Matrix = Vec<Vec<I32F32>>;

/// Run one epoch on dense matrices (yuma-spec §4), with the sparse path's owner and
/// commit-reveal semantics. See the module documentation for the one remaining divergence.
pub fn epoch_dense(params: &EpochParams, input: &EpochInput) -> Result<EpochOutput, InputError> {
    input.validate()?;
    let n = input.n();
    let owner = params.owner_uid.map(usize::from).filter(|&uid| uid < n);
    let reg = &input.block_at_registration;

    // §4.1 Activity.
    let cutoff =
        (u64::from(params.activity_cutoff_factor_milli) * u64::from(params.tempo) / 1000).max(1);
    let active: Vec<bool> = input
        .last_update
        .iter()
        .map(|&last| last.saturating_add(cutoff) >= params.block)
        .collect();

    // §4.2 Stake: threshold filter (owner exempt), normalise in I64F64, narrow to I32F32.
    let raw: Vec<I64F64> = input
        .stake
        .iter()
        .enumerate()
        .map(|(uid, &s)| {
            if Some(uid) != owner && below_threshold(s, params.stake_threshold) {
                I64F64::from_bits(0)
            } else {
                s
            }
        })
        .collect();
    let raw_total = raw
        .iter()
        .fold(I64F64::from_bits(0), |acc, &s| acc.saturating_add(s));
    let stake: Vec<I32F32> = raw
        .iter()
        .map(|&s| {
            if raw_total == I64F64::from_bits(0) {
                i64f64_to_i32f32(s)
            } else {
                i64f64_to_i32f32(safe_div(s, raw_total))
            }
        })
        .collect();

    // §4.3 Validator permits.
    let mut old_permit = input.validator_permit.clone();
    let mut new_permit = top_k_nonzero(&stake, usize::from(params.max_allowed_validators));
    if let Some(o) = owner {
        old_permit[o] = true;
        new_permit[o] = true;
    }

    // §4.4 Active stake.
    let mut active_stake: Vec<I32F32> = (0..n)
        .map(|i| {
            if active[i] && old_permit[i] {
                stake[i]
            } else {
                ZERO
            }
        })
        .collect();
    normalize(&mut active_stake);

    // §4.5 Weights and masks, in the spec's order.
    let mut weights = load_matrix(n, &input.weights, u16_to_fixed); // 1
    for (i, row) in weights.iter_mut().enumerate() {
        if !old_permit[i] {
            row.fill(ZERO); // 2
        } else if owner != Some(i) {
            row[i] = ZERO; // 3 (the owner's own diagonal entry is kept)
        }
    }
    for (i, row) in weights.iter_mut().enumerate() {
        let last_update = input.last_update[i];
        for (cell, &reg_j) in row.iter_mut().zip(reg) {
            if last_update <= reg_j {
                *cell = ZERO; // 4 outdated
            }
        }
    }
    if let Some(commit_blocks) = &input.commit_blocks {
        for (row, &commit_block) in weights.iter_mut().zip(commit_blocks) {
            for (cell, &reg_j) in row.iter_mut().zip(reg) {
                if commit_block < reg_j {
                    *cell = ZERO; // 5 commit-reveal
                }
            }
        }
    }
    row_normalize(&mut weights); // 6

    // §4.6 Consensus.
    let kappa = u16_proportion_to_fixed(params.kappa);
    let consensus = col_weighted_median(&active_stake, &weights, kappa);

    // §4.7 Clipping and validator trust.
    let clipped: Matrix = weights
        .iter()
        .map(|row| {
            row.iter()
                .zip(&consensus)
                .map(|(&w, &c)| w.min(c))
                .collect()
        })
        .collect();
    let validator_trust: Vec<I32F32> = clipped.iter().map(|row| sum(row)).collect();

    // §4.8 Ranks and incentive.
    let mut incentive = vec![ZERO; n];
    for (row, &a) in clipped.iter().zip(&active_stake) {
        for (r, &w) in incentive.iter_mut().zip(row) {
            *r = r.saturating_add(a.saturating_mul(w));
        }
    }
    normalize(&mut incentive);

    // §4.9 Weights for bonds.
    let beta = u16_proportion_to_fixed(params.bonds_penalty);
    let weights_for_bonds: Matrix = if beta == ZERO {
        weights.clone()
    } else if beta == ONE_I32F32 {
        clipped.clone()
    } else {
        weights
            .iter()
            .zip(&clipped)
            .map(|(w_row, c_row)| {
                w_row
                    .iter()
                    .zip(c_row)
                    .map(|(&w, &c)| {
                        let x = w.saturating_add(beta.saturating_mul(c.saturating_sub(w)));
                        if x > ZERO {
                            x
                        } else {
                            ZERO
                        }
                    })
                    .collect()
            })
            .collect()
    };

    // §4.10 Bond mask for (re-)registered miners.
    let last_tempo = if params.last_mechanism_step_block != 0 {
        params.last_mechanism_step_block.saturating_add(1)
    } else {
        params.block.saturating_sub(u64::from(params.tempo))
    };
    let bond_masked: Vec<bool> = reg.iter().map(|&r| last_tempo <= r).collect();
    let mask_bonds = |bonds: &mut Matrix| {
        for row in bonds.iter_mut() {
            for (cell, &masked) in row.iter_mut().zip(&bond_masked) {
                if masked {
                    *cell = ZERO;
                }
            }
        }
    };
    let alpha = bonds_ema_alpha(params.bonds_moving_average);
    let one_minus_alpha = ONE_I32F32.saturating_sub(alpha);

    // §4.11 / §4.12 Bonds and dividends.
    let (mut dividends, stored_bonds) = match params.bonds_model {
        BondsModel::Classic => {
            let mut bonds = load_matrix(n, &input.bonds, u16_to_fixed);
            mask_bonds(&mut bonds);
            col_normalize(&mut bonds);
            let mut delta: Matrix = weights_for_bonds
                .iter()
                .zip(&active_stake)
                .map(|(row, &a)| row.iter().map(|&w| w.saturating_mul(a)).collect())
                .collect();
            col_normalize(&mut delta);
            let mut ema: Matrix = delta
                .iter()
                .zip(&bonds)
                .map(|(d_row, b_row)| {
                    d_row
                        .iter()
                        .zip(b_row)
                        .map(|(&d, &b)| {
                            positive(
                                alpha
                                    .saturating_mul(d)
                                    .saturating_add(one_minus_alpha.saturating_mul(b)),
                            )
                        })
                        .collect()
                })
                .collect();
            col_normalize(&mut ema);
            let dividends: Vec<I32F32> = ema
                .iter()
                .map(|row| {
                    row.iter().zip(&incentive).fold(ZERO, |acc, (&e, &inc)| {
                        acc.saturating_add(inc.saturating_mul(e))
                    })
                })
                .collect();
            col_max_upscale(&mut ema);
            (dividends, ema)
        }
        BondsModel::Yuma3 { liquid_alpha } => {
            let mut bonds = load_matrix(n, &input.bonds, u16_proportion_to_fixed);
            mask_bonds(&mut bonds);
            let liquid = liquid_alpha.filter(|_| consensus.iter().any(|&c| c != ZERO));
            let ema: Matrix = match liquid {
                Some(la) => {
                    let lo = u16_proportion_to_fixed(la.alpha_low);
                    let hi = u16_proportion_to_fixed(la.alpha_high);
                    let steepness = I32F32::from_num(la.steepness);
                    weights_for_bonds
                        .iter()
                        .zip(&bonds)
                        .map(|(w_row, b_row)| {
                            w_row
                                .iter()
                                .zip(b_row)
                                .zip(&consensus)
                                .map(|((&w, &b), &c)| {
                                    let a = liquid_alpha_cell(c, w, b, lo, hi, steepness);
                                    let decayed = ONE_I32F32.saturating_sub(a).saturating_mul(b);
                                    let bought = a.saturating_mul(w).max(ZERO);
                                    decayed.saturating_add(bought).min(ONE_I32F32)
                                })
                                .collect()
                        })
                        .collect()
                }
                None => weights_for_bonds
                    .iter()
                    .zip(&bonds)
                    .map(|(w_row, b_row)| {
                        w_row
                            .iter()
                            .zip(b_row)
                            .map(|(&w, &b)| {
                                positive(
                                    alpha
                                        .saturating_mul(w)
                                        .saturating_add(one_minus_alpha.saturating_mul(b)),
                                )
                            })
                            .collect()
                    })
                    .collect(),
            };
            let mut normalized = ema.clone();
            col_normalize(&mut normalized);
            let dividends: Vec<I32F32> = normalized
                .iter()
                .zip(&active_stake)
                .map(|(row, &a)| {
                    let total_bond = row.iter().zip(&incentive).fold(ZERO, |acc, (&b, &inc)| {
                        acc.saturating_add(b.saturating_mul(inc))
                    });
                    total_bond.checked_mul(a).unwrap_or(ZERO)
                })
                .collect();
            (dividends, ema)
        }
    };
    normalize(&mut dividends);

    // §4.13 Emission split.
    let combined: Vec<I32F32> = incentive
        .iter()
        .zip(&dividends)
        .map(|(&i, &d)| i.saturating_add(d))
        .collect();
    let combined_total = sum(&combined);
    let (server_share, validator_share, combined_share) = if combined_total == ZERO {
        let fallback = if sum(&active_stake) != ZERO {
            active_stake.clone()
        } else {
            stake.clone()
        };
        (vec![ZERO; n], fallback.clone(), fallback)
    } else {
        let share = |v: &[I32F32]| -> Vec<I32F32> {
            v.iter().map(|&x| safe_div(x, combined_total)).collect()
        };
        (share(&incentive), share(&dividends), share(&combined))
    };
    let to_rao = |v: &[I32F32]| -> Vec<u64> {
        v.iter()
            .map(|&x| share_of_emission(x, params.emission_rao))
            .collect()
    };

    // §4.14 Outputs.
    let to_u16 =
        |v: &[I32F32]| -> Vec<u16> { v.iter().map(|&x| fixed_proportion_to_u16(x)).collect() };
    let bonds: Vec<SparseRow> = stored_bonds
        .iter()
        .zip(&new_permit)
        .map(|(row, &permit)| if permit { stored_row(row) } else { Vec::new() })
        .collect();
    Ok(EpochOutput {
        active,
        stake_weight: to_u16(&stake),
        consensus: to_u16(&consensus),
        validator_trust: to_u16(&validator_trust),
        incentive: to_u16(&incentive),
        dividends: to_u16(&dividends),
        emission: to_rao(&combined_share),
        server_emission: to_rao(&server_share),
        validator_emission: to_rao(&validator_share),
        validator_permit: new_permit,
        bonds,
    })
}

/// Whether `floor(stake) < threshold` (§4.2); a negative stake is always below.
fn below_threshold(stake: I64F64, threshold: u64) -> bool {
    stake < I64F64::from_bits(0) || stake.saturating_to_num::<u64>() < threshold
}

/// `topk_nonzero` of §4.3: non-zero stake, and if `n ≥ k` the `n − k` lowest stakes (stable
/// ascending order, so among equal stakes the lower uid) lose their permit.
fn top_k_nonzero(stake: &[I32F32], k: usize) -> Vec<bool> {
    let mut permit: Vec<bool> = stake.iter().map(|&s| s != ZERO).collect();
    let n = stake.len();
    if n >= k {
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&uid| stake[uid]); // stable
        for &uid in order.iter().take(n - k) {
            permit[uid] = false;
        }
    }
    permit
}

/// α of the bonds EMA from `BondsMovingAverage` (§4.11.3): `1 − trunc32(bma / 10⁶)`.
fn bonds_ema_alpha(bonds_moving_average: u64) -> I32F32 {
    let ratio = safe_div(
        I64F64::saturating_from_num(bonds_moving_average),
        I64F64::from_bits(1_000_000_i128 << 64),
    );
    ONE_I32F32.saturating_sub(i64f64_to_i32f32(ratio))
}

/// The per-cell liquid alpha of §4.12.3 for consensus `c`, weight `w`, previous bond `b`.
fn liquid_alpha_cell(
    c: I32F32,
    w: I32F32,
    b: I32F32,
    lo: I32F32,
    hi: I32F32,
    steepness: I32F32,
) -> I32F32 {
    let unit = |x: I32F32| x.max(ZERO).min(ONE_I32F32);
    let buy = unit(w.saturating_sub(c));
    let sell = unit(b.saturating_sub(w));
    let d = if w >= b { buy } else { sell };
    let half = I32F32::from_bits(1_i64 << 31);
    let slope = saturating_div(steepness, I32F32::from_bits(-100_i64 << 32));
    let z = slope.saturating_mul(d.saturating_sub(half));
    let sigma = saturating_div(ONE_I32F32, ONE_I32F32.saturating_add(exp_safe(z)));
    lo.saturating_add(sigma.saturating_mul(hi.saturating_sub(lo)))
        .max(lo)
        .min(hi)
}

/// Saturating division that is 0 (instead of panicking) on a zero divisor.
fn saturating_div(a: I32F32, b: I32F32) -> I32F32 {
    if b == ZERO {
        ZERO
    } else {
        a.saturating_div(b)
    }
}

/// `x` if strictly positive, else 0 ("keep positives").
fn positive(x: I32F32) -> I32F32 {
    if x > ZERO {
        x
    } else {
        ZERO
    }
}

/// Rao amount of an emission share: `floor(share_bits × E / 2³²)` (§4.13), 0 for negatives.
fn share_of_emission(share: I32F32, emission: u64) -> u64 {
    let bits = u128::try_from(share.to_bits()).unwrap_or(0);
    u64::try_from(bits.saturating_mul(u128::from(emission)) >> 32).unwrap_or(u64::MAX)
}

/// The stored u16 form of a bond row: non-zero values only, ascending uid.
fn stored_row(row: &[I32F32]) -> SparseRow {
    row.iter()
        .enumerate()
        .filter_map(|(j, &x)| {
            let value = fixed_proportion_to_u16(x);
            let uid = u16::try_from(j).ok()?;
            (value != 0).then_some((uid, value))
        })
        .collect()
}

/// An n×n matrix from stored sparse rows, each value converted by `convert`; columns ≥ n are
/// ignored and a later duplicate overwrites an earlier one.
fn load_matrix(n: usize, rows: &[SparseRow], convert: fn(u16) -> I32F32) -> Matrix {
    rows.iter()
        .take(n)
        .map(|row| {
            let mut dense = vec![ZERO; n];
            for &(j, value) in row {
                if let Some(cell) = dense.get_mut(usize::from(j)) {
                    *cell = convert(value);
                }
            }
            dense
        })
        .collect()
}

/// Saturating sum.
fn sum(v: &[I32F32]) -> I32F32 {
    v.iter().fold(ZERO, |acc, &x| acc.saturating_add(x))
}

/// Divide every element by the sum, unless the sum is zero.
fn normalize(v: &mut [I32F32]) {
    let total = sum(v);
    if total != ZERO {
        for x in v.iter_mut() {
            *x = safe_div(*x, total);
        }
    }
}

/// Normalise every row with a non-zero sum.
fn row_normalize(m: &mut Matrix) {
    for row in m.iter_mut() {
        normalize(row);
    }
}

/// Column sums.
fn col_sums(m: &Matrix) -> Vec<I32F32> {
    let width = m.first().map_or(0, Vec::len);
    let mut sums = vec![ZERO; width];
    for row in m {
        for (s, &x) in sums.iter_mut().zip(row) {
            *s = s.saturating_add(x);
        }
    }
    sums
}

/// Normalise every column with a non-zero sum.
fn col_normalize(m: &mut Matrix) {
    let sums = col_sums(m);
    for row in m.iter_mut() {
        for (x, &s) in row.iter_mut().zip(&sums) {
            if s != ZERO {
                *x = safe_div(*x, s);
            }
        }
    }
}

/// Divide every column by its maximum, unless the maximum is zero.
fn col_max_upscale(m: &mut Matrix) {
    let width = m.first().map_or(0, Vec::len);
    let mut maxima = vec![ZERO; width];
    for row in m.iter() {
        for (mx, &x) in maxima.iter_mut().zip(row) {
            *mx = (*mx).max(x);
        }
    }
    for row in m.iter_mut() {
        for (x, &mx) in row.iter_mut().zip(&maxima) {
            if mx != ZERO {
                *x = safe_div(*x, mx);
            }
        }
    }
}

/// κ-stake-weighted median of every column of `weights` (§4.6) over the validators with
/// positive `stake`, their stakes re-normalised.
fn col_weighted_median(stake: &[I32F32], weights: &Matrix, kappa: I32F32) -> Vec<I32F32> {
    let width = weights.first().map_or(0, Vec::len);
    let voters: Vec<usize> = (0..stake.len()).filter(|&i| stake[i] > ZERO).collect();
    let mut voter_stake: Vec<I32F32> = voters.iter().map(|&i| stake[i]).collect();
    normalize(&mut voter_stake);
    (0..width)
        .map(|j| {
            let mut items: Vec<(I32F32, I32F32)> = voters
                .iter()
                .zip(&voter_stake)
                .map(|(&i, &s)| {
                    (
                        s,
                        weights
                            .get(i)
                            .and_then(|row| row.get(j))
                            .copied()
                            .unwrap_or(ZERO),
                    )
                })
                .collect();
            weighted_median(&mut items, kappa)
        })
        .collect()
}

/// Weighted median of `(stake, score)` items with majority `kappa` (§4.6, closed form): with
/// `T` the total stake and `minority = T − κ`, the smallest score `v` such that the stake of
/// items scoring at most `v` exceeds `minority`. If no score qualifies (only when κ ≤ 0) the
/// largest score, as the spec's quickselect returns; 0 for no items.
fn weighted_median(items: &mut [(I32F32, I32F32)], kappa: I32F32) -> I32F32 {
    let minority = items
        .iter()
        .fold(ZERO, |acc, &(s, _)| acc.saturating_add(s))
        .saturating_sub(kappa);
    items.sort_by_key(|&(_, score)| score);
    let mut cumulative = ZERO;
    let mut result = ZERO;
    let mut iter = items.iter().peekable();
    while let Some(&(s, score)) = iter.next() {
        cumulative = cumulative.saturating_add(s);
        result = score;
        let level_ends = iter.peek().is_none_or(|&&(_, next)| next != score);
        if level_ends && cumulative > minority {
            return score;
        }
    }
    result
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::types::LiquidAlpha;

    fn fx(x: f64) -> I32F32 {
        I32F32::from_num(x)
    }

    fn fxs(v: &[f64]) -> Vec<I32F32> {
        v.iter().map(|&x| fx(x)).collect()
    }

    fn median_cols(stake: &[f64], rows: &[[f64; 3]], kappa: f64) -> Vec<I32F32> {
        let weights: Matrix = rows.iter().map(|r| fxs(r)).collect();
        // The matrix is n × 3 and n = 4 here: pad rows to a square is unnecessary, the median
        // only reads columns of the rows it has.
        col_weighted_median(&fxs(stake), &weights, fx(kappa))
    }

    #[test]
    fn weighted_median_columns_spec_vectors() {
        let stake = [0.0, 0.75, 0.25, 0.0];
        let rows = [
            [0.0, 0.1, 0.0],
            [0.0, 0.2, 0.4],
            [0.0, 0.3, 0.1],
            [0.0, 0.4, 0.5],
        ];
        assert_eq!(median_cols(&stake, &rows, 0.24), fxs(&[0.0, 0.3, 0.4]));
        assert_eq!(median_cols(&stake, &rows, 0.26), fxs(&[0.0, 0.2, 0.4]));
        assert_eq!(median_cols(&stake, &rows, 0.76), fxs(&[0.0, 0.2, 0.1]));
        let stake = [0.0, 0.3, 0.2, 0.5];
        let rows = [
            [0.0, 0.1, 0.0],
            [0.0, 0.2, 0.4],
            [0.0, 0.3, 0.1],
            [0.0, 0.0, 0.5],
        ];
        assert_eq!(median_cols(&stake, &rows, 0.51), fxs(&[0.0, 0.0, 0.4]));
    }

    fn median(stake: &[f64], scores: &[f64], kappa: f64) -> I32F32 {
        let mut items: Vec<(I32F32, I32F32)> = stake
            .iter()
            .zip(scores)
            .map(|(&s, &x)| (fx(s), fx(x)))
            .collect();
        weighted_median(&mut items, fx(kappa))
    }

    #[test]
    fn weighted_median_scalar_spec_vectors() {
        assert_eq!(median(&[0.51, 0.49], &[0.5, 1.0], 0.51), fx(0.5));
        assert_eq!(median(&[0.49, 0.51], &[0.5, 1.0], 0.51), fx(1.0));
        assert_eq!(median(&[0.49, 0.01, 0.5], &[0.5, 0.7, 1.0], 0.51), fx(0.7));
        assert_eq!(median(&[0.2; 5], &[0.8, 0.2, 1.0, 0.6, 0.4], 0.51), fx(0.6));
        assert_eq!(median(&[], &[], 0.51), ZERO);
        // κ = 0: no level exceeds the whole stake, the quickselect ends on the largest score.
        assert_eq!(median(&[0.5, 0.5], &[0.3, 0.1], 0.0), fx(0.3));
        // κ > T: minority is negative, the smallest score.
        assert_eq!(median(&[0.5, 0.5], &[0.3, 0.1], 1.5), fx(0.1));
    }

    /// The quickselect of §4.6, written out, to check it against the closed form.
    fn quickselect_median(items: &[(I32F32, I32F32)], kappa: I32F32) -> I32F32 {
        let total = items.iter().fold(ZERO, |acc, &(s, _)| acc + s);
        let minority = total - kappa;
        let mut part: Vec<(I32F32, I32F32)> = items.to_vec();
        let (mut lo, mut hi) = (ZERO, total);
        for _ in 0..=items.len() {
            if part.is_empty() {
                return ZERO;
            }
            if part.len() == 1 {
                return part[0].1;
            }
            let pivot = part[part.len() / 2].1;
            let lower: Vec<_> = part.iter().copied().filter(|&(_, x)| x < pivot).collect();
            let upper: Vec<_> = part.iter().copied().filter(|&(_, x)| x > pivot).collect();
            let lower_stake = lower.iter().fold(ZERO, |acc, &(s, _)| acc + s);
            let upper_stake = upper.iter().fold(ZERO, |acc, &(s, _)| acc + s);
            if !lower.is_empty() && minority < lo + lower_stake {
                hi = lo + lower_stake;
                part = lower;
            } else if !upper.is_empty() && hi - upper_stake <= minority {
                lo = hi - upper_stake;
                part = upper;
            } else {
                return pivot;
            }
        }
        ZERO
    }

    #[test]
    fn weighted_median_closed_form_equals_quickselect() {
        // A small deterministic pseudo-random sweep (LCG), including ties and κ at the edges.
        let mut state: u64 = 0x1234_5678;
        let mut next = |m: u64| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) % m
        };
        for _ in 0..3000 {
            let len = usize::try_from(next(9)).unwrap();
            let mut items: Vec<(I32F32, I32F32)> = (0..len)
                .map(|_| {
                    (
                        I32F32::from_bits(1 + i64::try_from(next(1 << 30)).unwrap()),
                        fx(next(5) as f64 / 4.0),
                    )
                })
                .collect();
            let total = items.iter().fold(ZERO, |acc, &(s, _)| acc + s);
            let kappa = match next(4) {
                0 => ZERO,
                1 => total,
                _ => I32F32::from_bits(i64::try_from(next(1 << 32)).unwrap()),
            };
            let expected = quickselect_median(&items, kappa);
            assert_eq!(weighted_median(&mut items, kappa), expected);
        }
    }

    #[test]
    fn liquid_alpha_spec_samples() {
        let (lo, hi, k) = (fx(0.7), fx(0.9), fx(1000.0));
        let close = |x: I32F32, y: f64| (x.to_num::<f64>() - y).abs() < 1e-5;
        assert!(close(
            liquid_alpha_cell(fx(0.5), fx(0.5), ZERO, lo, hi, k),
            0.70134
        ));
        assert!(close(
            liquid_alpha_cell(ZERO, ONE_I32F32, ZERO, lo, hi, k),
            0.89866
        ));
        assert!(close(
            liquid_alpha_cell(fx(0.5), fx(0.9), fx(0.1), lo, hi, k),
            0.75379
        ));
        assert!(close(
            liquid_alpha_cell(fx(0.3), fx(0.1), fx(0.6), lo, hi, k),
            0.8
        ));
    }

    #[test]
    fn bonds_alpha_spec_values() {
        assert_eq!(bonds_ema_alpha(900_000).to_bits(), 429_496_730);
        assert!((bonds_ema_alpha(975_000).to_num::<f64>() - 0.025_000_000_14).abs() < 1e-10);
    }

    fn uniform_input(n: usize, stake: &[u64], block: u64) -> EpochInput {
        EpochInput {
            stake: stake.iter().map(|&s| I64F64::from_num(s)).collect(),
            validator_permit: vec![false; n],
            last_update: vec![block; n],
            block_at_registration: vec![0; n],
            weights: vec![Vec::new(); n],
            bonds: vec![Vec::new(); n],
            commit_blocks: None,
        }
    }

    /// yuma-spec §10 V5: no permits ⇒ stake fallback.
    #[test]
    fn v5_no_permits_stake_fallback() {
        let n = 10;
        let mut input = uniform_input(n, &[1; 10], 1);
        input.weights = (0..n)
            .map(|i| vec![(u16::try_from(i).unwrap(), 65_535)])
            .collect();
        let params = EpochParams {
            block: 1,
            bonds_model: BondsModel::Classic,
            emission_rao: 1_000_000_000,
            ..EpochParams::default()
        };
        let out = epoch_dense(&params, &input).unwrap();
        assert_eq!(out.emission, vec![99_999_999; n]);
        assert_eq!(out.validator_emission, vec![99_999_999; n]);
        assert_eq!(out.server_emission, vec![0; n]);
        assert_eq!(out.consensus, vec![0; n]);
        assert_eq!(out.incentive, vec![0; n]);
        assert_eq!(out.dividends, vec![0; n]);
    }

    /// Runs the V6 setup (or its analogue with `validators` validators and `n` uids) for three
    /// epochs at block 1, feeding permits and bonds forward.
    fn run_graph(n: usize, validators: usize, self_weights: bool) -> EpochOutput {
        let mut stake = vec![0_u64; n];
        stake[..validators].fill(328_125_000_000_000);
        let mut input = uniform_input(n, &stake, 1);
        let miners: Vec<u16> = (validators..n).map(|j| u16::try_from(j).unwrap()).collect();
        for (i, row) in input.weights.iter_mut().enumerate() {
            if i < validators {
                *row = miners.iter().map(|&j| (j, 65_535)).collect();
            } else if self_weights {
                *row = vec![(u16::try_from(i).unwrap(), 65_535)];
            }
        }
        let params = EpochParams {
            block: 1,
            tempo: 65_534,
            max_allowed_validators: u16::try_from(validators).unwrap(),
            bonds_model: BondsModel::Classic,
            emission_rao: 1_000_000_000,
            ..EpochParams::default()
        };
        let mut out = EpochOutput::default();
        for _ in 0..3 {
            out = epoch_dense(&params, &input).unwrap();
            input.validator_permit = out.validator_permit.clone();
            input.bonds = out.bonds.clone();
        }
        out
    }

    /// yuma-spec §10 V6: 512-node graph (≈0.2 s in debug).
    #[test]
    fn v6_512_graph() {
        for self_weights in [false, true] {
            let out = run_graph(512, 64, self_weights);
            for uid in 0..64 {
                assert_eq!(out.dividends[uid], 1023);
                assert_eq!(out.emission[uid], 7_812_500);
                assert_eq!(out.consensus[uid], 0);
                assert_eq!(out.incentive[uid], 0);
                let row = &out.bonds[uid];
                assert_eq!(row.len(), 448);
                assert!(row.iter().all(|&(j, b)| j >= 64 && b == 65_535));
            }
            for uid in 64..512 {
                assert_eq!(out.consensus[uid], 146);
                assert_eq!(out.incentive[uid], 146);
                assert_eq!(out.dividends[uid], 0);
                assert_eq!(out.emission[uid], 1_116_071);
                assert!(out.bonds[uid].is_empty());
            }
        }
    }

    /// yuma-spec §10 V1 (original Yuma bonds), epochs @2 … @8, each fed the previous outputs.
    #[test]
    fn v1_classic_bonds_table() {
        let n = 8;
        let mut input = uniform_input(n, &[1, 2, 3, 4, 0, 0, 0, 0], 1);
        input.block_at_registration = vec![1; n];
        input.validator_permit = vec![true, true, true, true, false, false, false, false];
        let params = |block: u64| EpochParams {
            block,
            tempo: 1,
            max_allowed_validators: 8,
            bonds_model: BondsModel::Classic,
            emission_rao: 1_000_000_000,
            ..EpochParams::default()
        };
        let miners_row: SparseRow = vec![(4, 16_383), (5, 32_767), (6, 49_149), (7, 65_535)];
        for uid in 0..4 {
            input.weights[uid] = miners_row.clone();
            input.last_update[uid] = 2;
        }
        // (block, action uid, action row, I, D, E, bond column, bonds of that column rows 0–3)
        type Step = (
            u64,
            Option<(usize, SparseRow)>,
            [u16; 4],
            [u16; 4],
            [u64; 8],
            u16,
            [u16; 4],
        );
        let miners_e = [49_998_779, 100_000_610, 149_996_337, 200_004_272];
        let steps: Vec<Step> = vec![
            (
                2,
                None,
                [6553, 13107, 19660, 26214],
                [6553, 13106, 19660, 26214],
                [49_999_998, 99_999_999, 150_000_000, 200_000_001, 0, 0, 0, 0],
                4,
                [16383, 32767, 49151, 65535],
            ),
            (
                3,
                Some((0, vec![(0, 65_535)])),
                [6553, 13107, 19660, 26214],
                [5897, 13252, 19879, 26505],
                [
                    44_998_351,
                    101_110_561,
                    151_667_215,
                    202_223_870,
                    0,
                    0,
                    0,
                    0,
                ],
                4,
                [14582, 32767, 49151, 65535],
            ),
            (
                4,
                Some((1, vec![(1, 65_535)])),
                [6553, 13107, 19660, 26214],
                [5307, 11927, 20699, 27599],
                [40_496_805, 90_999_783, 157_929_636, 210_573_773, 0, 0, 0, 0],
                4,
                [12603, 28321, 49151, 65535],
            ),
            (
                5,
                Some((2, vec![(2, 65_535)])),
                [0, 0, 0, 0],
                [0, 0, 0, 0],
                [
                    99_999_999,
                    199_999_999,
                    299_999_999,
                    399_999_999,
                    0,
                    0,
                    0,
                    0,
                ],
                7,
                [12602, 28320, 49150, 65535],
            ),
            (
                6,
                Some((2, vec![(7, 65_535)])),
                [0, 0, 0, 65535],
                [4776, 10734, 21438, 28585],
                [
                    36_443_733,
                    81_898_628,
                    163_565_493,
                    218_092_144,
                    0,
                    0,
                    0,
                    500_000_000,
                ],
                7,
                [10951, 24609, 49150, 65535],
            ),
            (
                7,
                None,
                [0, 0, 0, 65535],
                [4299, 9660, 22103, 29471],
                [
                    32_799_427,
                    73_706_612,
                    168_638_129,
                    224_855_830,
                    0,
                    0,
                    0,
                    500_000_000,
                ],
                7,
                [9559, 21482, 49150, 65535],
            ),
            (
                8,
                None,
                [0, 0, 0, 65535],
                [3868, 8694, 22701, 30269],
                [
                    29_518_068,
                    66_336_137,
                    173_203_134,
                    230_942_659,
                    0,
                    0,
                    0,
                    500_000_000,
                ],
                7,
                [8376, 18824, 49150, 65535],
            ),
        ];
        for (block, action, inc, div, mut emission, column, bond_col) in steps {
            if let Some((uid, row)) = action {
                input.weights[uid] = row;
                input.last_update[uid] = block - 1;
            }
            if block <= 4 {
                emission[4..].copy_from_slice(&miners_e);
            }
            let out = epoch_dense(&params(block), &input).unwrap();
            assert_eq!(&out.incentive[4..], &inc, "incentive @{block}");
            assert_eq!(&out.dividends[..4], &div, "dividends @{block}");
            assert_eq!(out.emission, emission, "emission @{block}");
            let col: Vec<u16> = out.bonds[..4]
                .iter()
                .map(|row| {
                    row.iter()
                        .find(|&&(j, _)| j == column)
                        .map_or(0, |&(_, b)| b)
                })
                .collect();
            assert_eq!(col, bond_col, "bonds column {column} @{block}");
            if block == 2 {
                assert_eq!(&out.consensus[4..], &inc);
                assert_eq!(&out.validator_trust[..4], &[65534; 4]);
            }
            input.validator_permit = out.validator_permit.clone();
            input.bonds = out.bonds.clone();
        }
    }

    /// yuma-spec §10 V7 (Yuma3 + liquid alpha, "kappa moves first"): emulated dividends and
    /// stored bonds after each of the six epochs.
    #[test]
    fn v7_yuma3_liquid_alpha_kappa_moves_first() {
        let n = 5;
        let mut input = uniform_input(n, &[8, 1, 1, 0, 0], 1);
        input.block_at_registration = vec![1; n];
        let params = |block: u64| EpochParams {
            block,
            tempo: 1,
            max_allowed_validators: 3,
            bonds_moving_average: 975_000,
            bonds_penalty: 0,
            bonds_model: BondsModel::Yuma3 {
                liquid_alpha: Some(LiquidAlpha {
                    alpha_low: 6_553,
                    alpha_high: 19_660,
                    steepness: 1_000,
                }),
            },
            emission_rao: 1_000_000_000,
            ..EpochParams::default()
        };
        let permits = epoch_dense(&params(2), &input).unwrap();
        input.validator_permit = permits.validator_permit;
        let first: SparseRow = vec![(3, 65_535), (4, 0)];
        let second: SparseRow = vec![(3, 0), (4, 65_535)];
        // Per epoch k: which validators weight the second miner, dividends, bonds [uid3, uid4].
        type Epoch = ([bool; 3], [u16; 3], [[u16; 2]; 3]);
        let table: [Epoch; 6] = [
            (
                [false, false, false],
                [52428, 6553, 6553],
                [[6640, 0], [6640, 0], [6640, 0]],
            ),
            (
                [true, false, false],
                [65535, 0, 0],
                [[5951, 6640], [24229, 0], [24229, 0]],
            ),
            (
                [true, true, false],
                [61486, 4048, 0],
                [[5336, 12607], [20770, 6640], [36565, 0]],
            ),
            (
                [true; 3],
                [57796, 5068, 2669],
                [[4786, 17970], [18119, 12607], [28221, 6640]],
            ),
            (
                [true; 3],
                [56122, 5531, 3881],
                [[4294, 22789], [15957, 17970], [23518, 12607]],
            ),
            (
                [true; 3],
                [55170, 5795, 4569],
                [[3853, 27120], [14133, 22789], [20244, 17970]],
            ),
        ];
        for (k, (moved, dividends, bonds)) in table.into_iter().enumerate() {
            let block = 3 + k as u64;
            for (uid, &to_second) in moved.iter().enumerate() {
                input.weights[uid] = if to_second {
                    second.clone()
                } else {
                    first.clone()
                };
                input.last_update[uid] = block - 1;
            }
            let out = epoch_dense(&params(block), &input).unwrap();
            assert_eq!(&out.dividends[..3], &dividends, "dividends, k = {k}");
            for (uid, expected) in bonds.iter().enumerate() {
                let want: SparseRow = [(3, expected[0]), (4, expected[1])]
                    .into_iter()
                    .filter(|&(_, b)| b != 0)
                    .collect();
                assert_eq!(out.bonds[uid], want, "bonds of uid {uid}, k = {k}");
            }
            input.validator_permit = out.validator_permit.clone();
            input.bonds = out.bonds.clone();
        }
    }

    /// yuma-spec §10 V11 (clipping example, emulated) for the three bond models.
    #[test]
    fn v11_clipping_example() {
        let n = 6;
        let mut input = uniform_input(
            n,
            &[6_000_000_000, 3_000_000_000, 1_000_000_000, 0, 0, 0],
            10,
        );
        input.block_at_registration = vec![10; n];
        let params = |block: u64, lms: u64, model: BondsModel| EpochParams {
            block,
            tempo: 360,
            max_allowed_validators: 64,
            bonds_model: model,
            last_mechanism_step_block: lms,
            emission_rao: 1_000_000_000,
            ..EpochParams::default()
        };
        let permits = epoch_dense(&params(100, 0, BondsModel::Classic), &input).unwrap();
        input.validator_permit = permits.validator_permit;
        input.weights[0] = vec![(3, 65_535), (4, 65_535)];
        input.weights[1] = vec![(3, 16_384), (4, 65_535)];
        input.weights[2] = vec![(5, 65_535)];
        input.last_update[..3].fill(200);
        type Bonds = [[u16; 2]; 2];
        let models: [(BondsModel, [u16; 3], Bonds, Bonds); 3] = [
            (
                BondsModel::Classic,
                [48544, 16990, 0],
                [[65535, 65535], [13107, 32767]],
                [[65535, 65535], [13107, 32767]],
            ),
            (
                BondsModel::Yuma3 { liquid_alpha: None },
                [48906, 16628, 0],
                [[3276, 3276], [1310, 3276]],
                [[8879, 8879], [3550, 8879]],
            ),
            (
                BondsModel::Yuma3 {
                    liquid_alpha: Some(LiquidAlpha::default()),
                },
                [48906, 16628, 0],
                [[22981, 22981], [9192, 22981]],
                [[31894, 31894], [12757, 31894]],
            ),
        ];
        for (model, dividends, bonds_460, bonds_1180) in models {
            let mut input = input.clone();
            let mut lms = 100;
            for block in [460, 820, 1180] {
                let out = epoch_dense(&params(block, lms, model), &input).unwrap();
                assert_eq!(
                    &out.consensus[3..],
                    &[32767, 32767, 0],
                    "{model:?} @{block}"
                );
                assert_eq!(
                    &out.incentive[3..],
                    &[29126, 36408, 0],
                    "{model:?} @{block}"
                );
                assert_eq!(
                    &out.validator_trust[..3],
                    &[65535, 45874, 0],
                    "{model:?} @{block}"
                );
                assert_eq!(
                    &out.server_emission[3..],
                    &[222_222_473, 277_777_526, 0],
                    "{model:?} @{block}"
                );
                if block == 460 {
                    assert_eq!(&out.dividends[..3], &dividends, "{model:?} @{block}");
                }
                if model == BondsModel::Classic && block == 460 {
                    assert_eq!(&out.validator_emission[..3], &[370_370_035, 129_629_964, 0]);
                }
                let expected = match block {
                    460 => Some(bonds_460),
                    1180 => Some(bonds_1180),
                    _ => None,
                };
                if let Some(rows) = expected {
                    for (uid, [b3, b4]) in rows.into_iter().enumerate() {
                        assert_eq!(out.bonds[uid], vec![(3, b3), (4, b4)], "{model:?} @{block}");
                    }
                    assert!(out.bonds[2].is_empty(), "{model:?} @{block}");
                }
                input.validator_permit = out.validator_permit.clone();
                input.bonds = out.bonds.clone();
                lms = block;
            }
        }
    }

    #[test]
    fn empty_and_mismatched_inputs() {
        let params = EpochParams::default();
        assert_eq!(
            epoch_dense(&params, &EpochInput::default()),
            Ok(EpochOutput::default())
        );
        let mut input = uniform_input(3, &[1, 2, 3], 0);
        input.bonds.pop();
        assert!(matches!(
            epoch_dense(&params, &input),
            Err(InputError::LengthMismatch { .. })
        ));
    }

    #[test]
    fn out_of_range_entries_are_ignored() {
        let mut input = uniform_input(3, &[1, 2, 3], 5);
        input.validator_permit = vec![true; 3];
        input.weights = vec![
            vec![(1, 65_535), (9, 65_535)],
            vec![(u16::MAX, 1)],
            vec![(0, 7)],
        ];
        input.bonds = vec![vec![(3, 65_535)], vec![(1, 1), (200, 3)], vec![]];
        for model in [
            BondsModel::Classic,
            BondsModel::Yuma3 { liquid_alpha: None },
            BondsModel::Yuma3 {
                liquid_alpha: Some(LiquidAlpha::default()),
            },
        ] {
            let params = EpochParams {
                block: 5,
                bonds_model: model,
                ..EpochParams::default()
            };
            let out = epoch_dense(&params, &input).unwrap();
            assert_eq!(out.incentive.len(), 3);
            assert!(out.bonds.iter().flatten().all(|&(j, _)| j < 3));
        }
    }
}
