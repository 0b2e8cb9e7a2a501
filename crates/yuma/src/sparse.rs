//! The production epoch over sparse rows (subtensor's `epoch_mechanism`), yuma-spec §4.
//!
//! One function per step, called in the spec's order by [`epoch_sparse`]. Quirks of the chain
//! that change numbers are reproduced on purpose: the owner uid's exemptions, clipping that drops
//! entries above a zero consensus, Yuma3 liquid alpha that deletes bonds absent from the
//! validator's row and reads unsorted rows with a forward merge.
//!
//! Invariants: outputs have length `n`; stored values are u16 proportions; nothing panics on
//! inputs that pass [`EpochInput::validate`] (out-of-range columns are ignored).

use crate::math::{self, Row, ONE, ZERO};
use crate::types::{
    BondsModel, EpochInput, EpochOutput, EpochParams, InputError, LiquidAlpha, SparseRow,
};
use dtao_primitives::fixed::{
    exp_safe, fixed_proportion_to_u16, i64f64_to_i32f32, safe_div, safe_div_i32f32,
    u16_proportion_to_fixed, u16_to_fixed, I32F32, I64F64,
};

/// Run one epoch of one mechanism over sparse rows.
pub fn epoch_sparse(params: &EpochParams, input: &EpochInput) -> Result<EpochOutput, InputError> {
    input.validate()?;
    let n = input.n();
    let active = activity(params, input);
    let stake = normalized_stake(params, input);
    let old_permit = with_owner(params, input.validator_permit.clone());
    let new_permit = with_owner(
        params,
        math::top_k_nonzero(&stake, usize::from(params.max_allowed_validators)),
    );
    let active_stake = active_stake(&stake, &active, &old_permit);

    let weights = masked_weights(params, input, &old_permit);
    let kappa = u16_proportion_to_fixed(params.kappa);
    let consensus = math::column_weighted_median(&active_stake, &weights, kappa, n);
    let clipped = math::clip_to_columns(&weights, &consensus);
    let validator_trust = math::row_sums(&clipped);
    let mut incentive = math::vector_times_matrix(&active_stake, &clipped, n);
    math::normalize(&mut incentive);

    let beta = u16_proportion_to_fixed(params.bonds_penalty);
    let weights_for_bonds = math::interpolate(&weights, &clipped, beta, n);
    let weights_for_bonds: &[Row] = &weights_for_bonds;
    let (dividends, stored_bonds) = match params.bonds_model {
        BondsModel::Classic => {
            classic_bonds(params, input, weights_for_bonds, &active_stake, &incentive)
        }
        BondsModel::Yuma3 { liquid_alpha } => yuma3_bonds(
            params,
            input,
            weights_for_bonds,
            &active_stake,
            &incentive,
            &consensus,
            liquid_alpha,
        ),
    };

    let split = emission_split(
        &incentive,
        &dividends,
        &active_stake,
        &stake,
        params.emission_rao,
    );
    let bonds = stored_bonds
        .into_iter()
        .zip(&new_permit)
        .map(|(row, permitted)| if *permitted { row } else { Vec::new() })
        .collect();
    Ok(EpochOutput {
        active,
        stake_weight: to_u16(&stake),
        consensus: to_u16(&consensus),
        validator_trust: to_u16(&validator_trust),
        incentive: to_u16(&incentive),
        dividends: to_u16(&dividends),
        emission: split.combined,
        server_emission: split.server,
        validator_emission: split.validator,
        validator_permit: new_permit,
        bonds,
    })
}

/// Activity cutoff in blocks: `max(1, factor‰ × tempo)` (§4.1).
pub fn activity_cutoff_blocks(params: &EpochParams) -> u64 {
    let blocks = u64::from(params.activity_cutoff_factor_milli) * u64::from(params.tempo) / 1000;
    blocks.max(1)
}

/// A uid is active if it updated within the cutoff: `last_update + cutoff >= block` (§4.1).
fn activity(params: &EpochParams, input: &EpochInput) -> Vec<bool> {
    let cutoff = activity_cutoff_blocks(params);
    input
        .last_update
        .iter()
        .map(|last| last.saturating_add(cutoff) >= params.block)
        .collect()
}

/// Stake filtered by the threshold (owner exempt), normalised in I64F64, narrowed (§4.2).
fn normalized_stake(params: &EpochParams, input: &EpochInput) -> Vec<I32F32> {
    let mut raw: Vec<I64F64> = input
        .stake
        .iter()
        .enumerate()
        .map(|(uid, stake)| {
            let below = stake.saturating_to_num::<u64>() < params.stake_threshold;
            if below && !is_owner(params, uid) {
                I64F64::from_bits(0)
            } else {
                *stake
            }
        })
        .collect();
    math::normalize_64(&mut raw);
    raw.into_iter().map(i64f64_to_i32f32).collect()
}

fn is_owner(params: &EpochParams, uid: usize) -> bool {
    params
        .owner_uid
        .is_some_and(|owner| usize::from(owner) == uid)
}

/// Force the owner's permit to `true` (§4.3).
fn with_owner(params: &EpochParams, mut permits: Vec<bool>) -> Vec<bool> {
    if let Some(cell) = params
        .owner_uid
        .and_then(|owner| permits.get_mut(usize::from(owner)))
    {
        *cell = true;
    }
    permits
}

/// Stake of active uids holding last epoch's permit, normalised (§4.4).
fn active_stake(stake: &[I32F32], active: &[bool], old_permit: &[bool]) -> Vec<I32F32> {
    let mut masked: Vec<I32F32> = stake
        .iter()
        .zip(active.iter().zip(old_permit))
        .map(|(s, (is_active, permitted))| if *is_active && *permitted { *s } else { ZERO })
        .collect();
    math::normalize(&mut masked);
    masked
}

/// Stored weights with the §4.5 masks applied, row-normalised.
fn masked_weights(params: &EpochParams, input: &EpochInput, old_permit: &[bool]) -> Vec<Row> {
    let n = input.n();
    let registered = &input.block_at_registration;
    let mut weights: Vec<Row> = input
        .weights
        .iter()
        .enumerate()
        .map(|(i, stored)| {
            if !old_permit[i] {
                return Vec::new();
            }
            let last_update = input.last_update[i];
            let commit_block = input.commit_blocks.as_ref().map(|blocks| blocks[i]);
            let mut row = Vec::with_capacity(stored.len());
            row.extend(
                stored
                    .iter()
                    .filter(|(j, _)| usize::from(*j) < n)
                    .filter(|(j, _)| usize::from(*j) != i || is_owner(params, i))
                    .filter(|(j, _)| last_update > registered[usize::from(*j)])
                    .filter(|(j, _)| {
                        commit_block.is_none_or(|cb| cb >= registered[usize::from(*j)])
                    })
                    .map(|(j, w)| (*j, u16_to_fixed(*w))),
            );
            row
        })
        .collect();
    math::row_normalize(&mut weights);
    weights
}

/// First block of the current bonds window: after the previous epoch, or `block − tempo`.
fn last_tempo(params: &EpochParams) -> u64 {
    if params.last_mechanism_step_block != 0 {
        params.last_mechanism_step_block.saturating_add(1)
    } else {
        params.block.saturating_sub(u64::from(params.tempo))
    }
}

/// Stored bonds with entries of miners registered since the last epoch removed (§4.10).
fn masked_bonds(params: &EpochParams, input: &EpochInput, to_fixed: fn(u16) -> I32F32) -> Vec<Row> {
    let n = input.n();
    let since = last_tempo(params);
    let registered = &input.block_at_registration;
    input
        .bonds
        .iter()
        .map(|row| {
            let mut masked = Vec::with_capacity(row.len());
            masked.extend(
                row.iter()
                    .filter(|(j, _)| usize::from(*j) < n)
                    .filter(|(j, _)| since > registered[usize::from(*j)])
                    .map(|(j, b)| (*j, to_fixed(*b))),
            );
            masked
        })
        .collect()
}

/// EMA α from the bonds moving average: `1 − trunc32(bma / 10^6)` (§4.11.3).
pub fn bonds_ema_alpha(bonds_moving_average: u64) -> I32F32 {
    let ratio = safe_div(
        I64F64::saturating_from_num(bonds_moving_average),
        I64F64::from_bits(1_000_000_i128 << 64),
    );
    ONE.saturating_sub(i64f64_to_i32f32(ratio))
}

/// Original Yuma bonds and dividends (§4.11). Returns dividends and the rows to store.
fn classic_bonds(
    params: &EpochParams,
    input: &EpochInput,
    weights_for_bonds: &[Row],
    active_stake: &[I32F32],
    incentive: &[I32F32],
) -> (Vec<I32F32>, Vec<SparseRow>) {
    let n = input.n();
    let mut bonds = masked_bonds(params, input, u16_to_fixed);
    math::column_normalize(&mut bonds, n);
    let mut delta = math::scale_rows(weights_for_bonds, active_stake);
    math::column_normalize(&mut delta, n);
    let alpha = bonds_ema_alpha(params.bonds_moving_average);
    let mut ema = math::ema(&delta, &bonds, alpha, n);
    math::column_normalize(&mut ema, n);
    let mut dividends = math::matrix_times_vector(&ema, incentive);
    math::normalize(&mut dividends);
    math::column_max_upscale(&mut ema, n);
    (dividends, rows_to_u16(&ema))
}

/// Yuma3 bonds and dividends (§4.12). Returns dividends and the rows to store.
fn yuma3_bonds(
    params: &EpochParams,
    input: &EpochInput,
    weights_for_bonds: &[Row],
    active_stake: &[I32F32],
    incentive: &[I32F32],
    consensus: &[I32F32],
    liquid_alpha: Option<LiquidAlpha>,
) -> (Vec<I32F32>, Vec<SparseRow>) {
    let n = input.n();
    let bonds = masked_bonds(params, input, u16_proportion_to_fixed);
    let any_consensus = consensus.iter().any(|c| *c != ZERO);
    let ema = match liquid_alpha {
        Some(liquid) if any_consensus => {
            liquid_alpha_ema(weights_for_bonds, &bonds, consensus, liquid)
        }
        _ => {
            let alpha = bonds_ema_alpha(params.bonds_moving_average);
            math::ema(weights_for_bonds, &bonds, alpha, n)
        }
    };
    let mut normalized = ema.clone();
    math::column_normalize(&mut normalized, n);
    let total_bonds = math::matrix_times_vector(&normalized, incentive);
    let mut dividends: Vec<I32F32> = total_bonds
        .iter()
        .zip(active_stake)
        .map(|(b, s)| b.checked_mul(*s).unwrap_or(ZERO))
        .collect();
    math::normalize(&mut dividends);
    (dividends, rows_to_u16(&ema))
}

/// Per-cell liquid-alpha EMA over the columns of each validator's weight row (§4.12.2–3).
///
/// A bond whose column is missing from the weight row is dropped, as on chain. The weight and
/// bond that feed α are read with one forward pass assuming ascending columns: entries of an
/// unsorted row that fall behind the cursor read as zero. α is only evaluated for the columns
/// of the weight row, the only ones whose result is kept.
fn liquid_alpha_ema(
    weights: &[Row],
    bonds: &[Row],
    consensus: &[I32F32],
    liquid: LiquidAlpha,
) -> Vec<Row> {
    let mut sigmoid = AlphaSigmoid::new(liquid);
    let n = consensus.len();
    weights
        .iter()
        .zip(bonds)
        .map(|(weight_row, bond_row)| {
            if weight_row.is_empty() {
                return Vec::new();
            }
            let weight_read = forward_reads(weight_row, n);
            let bond_read = forward_reads(bond_row, n);
            let bond_stored = math::densify(bond_row, n);
            weight_row
                .iter()
                .filter_map(|(j, weight)| {
                    let index = usize::from(*j);
                    let c = *consensus.get(index)?;
                    let alpha = sigmoid.alpha(c, weight_read[index], bond_read[index]);
                    let kept = ONE.saturating_sub(alpha).saturating_mul(bond_stored[index]);
                    let bought = alpha.saturating_mul(*weight).max(ZERO);
                    let value = kept.saturating_add(bought).min(ONE);
                    (value > ZERO).then_some((*j, value))
                })
                .collect()
        })
        .collect()
}

/// The value a forward merge reads at every column `0..n` of a row (§4.12.3).
fn forward_reads(row: &Row, n: usize) -> Vec<I32F32> {
    let mut cursor = 0;
    (0..n)
        .map(|j| forward_lookup(row, &mut cursor, j))
        .collect()
}

/// Advance `cursor` past entries with column below `j`; the value at `j` if the cursor is on it.
fn forward_lookup(row: &Row, cursor: &mut usize, j: usize) -> I32F32 {
    while row
        .get(*cursor)
        .is_some_and(|(column, _)| usize::from(*column) < j)
    {
        *cursor += 1;
    }
    match row.get(*cursor) {
        Some((column, value)) if usize::from(*column) == j => *value,
        _ => ZERO,
    }
}

/// Entries in the liquid-alpha memo (a power of two).
const ALPHA_MEMO_SLOTS: usize = 256;

/// The liquid-alpha sigmoid with its bounds converted once, and a small direct-mapped memo:
/// α depends only on the deviation `d`, and many cells share one (e.g. `d = 0` wherever a
/// validator does not exceed consensus), while each fresh value costs an `exp` series.
struct AlphaSigmoid {
    low: I32F32,
    high: I32F32,
    steepness: I32F32,
    memo: Vec<Option<(I32F32, I32F32)>>,
}

impl AlphaSigmoid {
    fn new(liquid: LiquidAlpha) -> Self {
        AlphaSigmoid {
            low: u16_proportion_to_fixed(liquid.alpha_low),
            high: u16_proportion_to_fixed(liquid.alpha_high),
            steepness: I32F32::from_num(liquid.steepness),
            memo: vec![None; ALPHA_MEMO_SLOTS],
        }
    }

    /// α for consensus `c`, weight `w` and previous bond `b`: near `low` when the validator
    /// buys no more than consensus or does not sell, towards `high` for large deviations.
    fn alpha(&mut self, c: I32F32, w: I32F32, b: I32F32) -> I32F32 {
        let buy = w.saturating_sub(c).clamp(ZERO, ONE);
        let sell = b.saturating_sub(w).clamp(ZERO, ONE);
        let deviation = if w >= b { buy } else { sell };
        let slot = (deviation.to_bits() as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56;
        let slot = slot as usize % ALPHA_MEMO_SLOTS;
        if let Some(Some((key, alpha))) = self.memo.get(slot) {
            if *key == deviation {
                return *alpha;
            }
        }
        let alpha = self.alpha_for_deviation(deviation);
        if let Some(cell) = self.memo.get_mut(slot) {
            *cell = Some((deviation, alpha));
        }
        alpha
    }

    /// `clamp(low + σ·(high − low))` with `σ = 1 / (1 + exp(−k/100 · (d − ½)))`.
    fn alpha_for_deviation(&self, deviation: I32F32) -> I32F32 {
        let half = I32F32::from_bits(1 << 31);
        let slope = self.steepness.saturating_div(I32F32::from_num(-100));
        let z = slope.saturating_mul(deviation.saturating_sub(half));
        let sigma = ONE.saturating_div(ONE.saturating_add(exp_safe(z)));
        let span = self.high.saturating_sub(self.low);
        let alpha = self.low.saturating_add(sigma.saturating_mul(span));
        alpha.clamp(self.low, self.high.max(self.low))
    }
}

/// Rao amounts of one epoch.
struct EmissionSplit {
    server: Vec<u64>,
    validator: Vec<u64>,
    combined: Vec<u64>,
}

/// Split the epoch emission between miners and validators (§4.13).
fn emission_split(
    incentive: &[I32F32],
    dividends: &[I32F32],
    active_stake: &[I32F32],
    stake: &[I32F32],
    emission_rao: u64,
) -> EmissionSplit {
    let combined: Vec<I32F32> = incentive
        .iter()
        .zip(dividends)
        .map(|(i, d)| i.saturating_add(*d))
        .collect();
    let total = math::sum(&combined);
    let (server, validator, combined) = if total == ZERO {
        let fallback = if math::sum(active_stake) != ZERO {
            active_stake
        } else {
            stake
        };
        (incentive.to_vec(), fallback.to_vec(), fallback.to_vec())
    } else {
        let share = |values: &[I32F32]| -> Vec<I32F32> {
            values.iter().map(|v| safe_div_i32f32(*v, total)).collect()
        };
        let mut normalized = combined.clone();
        math::normalize(&mut normalized);
        (share(incentive), share(dividends), normalized)
    };
    EmissionSplit {
        server: to_rao(&server, emission_rao),
        validator: to_rao(&validator, emission_rao),
        combined: to_rao(&combined, emission_rao),
    }
}

/// `floor(share × emission)` for each share, as the chain's I96F32 product.
fn to_rao(shares: &[I32F32], emission_rao: u64) -> Vec<u64> {
    shares
        .iter()
        .map(|share| {
            let bits = u128::try_from(share.to_bits()).unwrap_or(0);
            let rao = bits.saturating_mul(u128::from(emission_rao)) >> 32;
            u64::try_from(rao).unwrap_or(u64::MAX)
        })
        .collect()
}

fn to_u16(values: &[I32F32]) -> Vec<u16> {
    values.iter().map(|v| fixed_proportion_to_u16(*v)).collect()
}

fn rows_to_u16(matrix: &[Row]) -> Vec<SparseRow> {
    matrix
        .iter()
        .map(|row| {
            row.iter()
                .map(|(j, v)| (*j, fixed_proportion_to_u16(*v)))
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn ema_alpha_from_moving_average() {
        // yuma-spec §10 V12.
        assert_eq!(bonds_ema_alpha(900_000).to_bits(), 429_496_730);
        assert!((bonds_ema_alpha(975_000).to_num::<f64>() - 0.025_000_000_14).abs() < 1e-10);
    }

    #[test]
    fn ema_alpha_never_panics_on_huge_moving_average() {
        assert!(bonds_ema_alpha(u64::MAX) < ZERO);
        assert_eq!(bonds_ema_alpha(1_000_000), ZERO);
    }

    #[test]
    fn kappa_as_fixed() {
        let kappa = u16_proportion_to_fixed(32_767).to_num::<f64>();
        assert!((kappa - 0.499_992_370_372_638_1).abs() < 1e-9);
    }

    #[test]
    fn liquid_alpha_sigmoid_samples() {
        // yuma-spec §4.12.3: (c, w, b) → α with lo .7, hi .9, k 1000.
        let mut sigmoid = AlphaSigmoid::new(LiquidAlpha {
            alpha_low: 45_875,
            alpha_high: 58_982,
            steepness: 1_000,
        });
        let f = I32F32::from_num;
        let cases = [
            ((0.5, 0.5, 0.0), 0.70134),
            ((0.0, 1.0, 0.0), 0.89866),
            ((0.5, 0.9, 0.1), 0.75379),
            ((0.3, 0.1, 0.6), 0.8),
        ];
        for ((c, w, b), want) in cases {
            let got = sigmoid.alpha(f(c), f(w), f(b)).to_num::<f64>();
            assert!(
                (got - want).abs() < 1e-4,
                "({c},{w},{b}) → {got}, want {want}"
            );
        }
    }

    #[test]
    fn cutoff_has_floor_of_one_block() {
        let mut params = EpochParams {
            tempo: 0,
            ..EpochParams::default()
        };
        assert_eq!(activity_cutoff_blocks(&params), 1);
        params.tempo = 360;
        assert_eq!(activity_cutoff_blocks(&params), 5000);
    }

    #[test]
    fn forward_lookup_reads_unsorted_entries_behind_cursor_as_zero() {
        let f = I32F32::from_num;
        let row: Row = vec![(5, f(0.5)), (2, f(0.25))];
        let mut cursor = 0;
        let read: Vec<f64> = (0..7)
            .map(|j| forward_lookup(&row, &mut cursor, j).to_num::<f64>())
            .collect();
        assert_eq!(read, vec![0.0, 0.0, 0.0, 0.0, 0.0, 0.5, 0.0]);
    }

    fn v1_input() -> (EpochParams, EpochInput) {
        let params = EpochParams {
            block: 1,
            tempo: 1,
            max_allowed_validators: 8,
            bonds_model: BondsModel::Classic,
            emission_rao: 1_000_000_000,
            ..EpochParams::default()
        };
        let input = EpochInput {
            stake: [1_u64, 2, 3, 4, 0, 0, 0, 0]
                .iter()
                .map(|s| I64F64::from_num(*s))
                .collect(),
            validator_permit: vec![false; 8],
            last_update: vec![1; 8],
            block_at_registration: vec![1; 8],
            weights: vec![Vec::new(); 8],
            bonds: vec![Vec::new(); 8],
            commit_blocks: None,
        };
        (params, input)
    }

    #[test]
    fn v1_first_two_epochs() {
        // yuma-spec §10 V1: stake fallback, then all validators weight miners 4..7.
        let (mut params, mut input) = v1_input();
        let first = epoch_sparse(&params, &input).unwrap();
        assert_eq!(
            first.validator_permit,
            [true, true, true, true, false, false, false, false]
        );
        assert_eq!(
            first.emission,
            [
                99_999_999,
                199_999_999,
                299_999_999,
                399_999_999,
                0,
                0,
                0,
                0
            ]
        );
        input.validator_permit = first.validator_permit;
        for uid in 0..4 {
            input.weights[uid] = vec![(4, 16_383), (5, 32_767), (6, 49_149), (7, 65_535)];
            input.last_update[uid] = 2;
        }
        params.block = 2;
        let second = epoch_sparse(&params, &input).unwrap();
        assert_eq!(second.consensus[4..], [6553, 13107, 19660, 26214]);
        assert_eq!(second.dividends[..4], [6553, 13106, 19660, 26214]);
        assert_eq!(
            second.emission,
            [
                49_999_998,
                99_999_999,
                150_000_000,
                200_000_001,
                49_998_779,
                100_000_610,
                149_996_337,
                200_004_272
            ]
        );
        let column4: Vec<u16> = second.bonds[..4].iter().map(|row| row[0].1).collect();
        assert_eq!(column4, [16_383, 32_767, 49_151, 65_535]);
        assert_eq!(second.validator_trust[..4], [65_534; 4]);
    }
}
