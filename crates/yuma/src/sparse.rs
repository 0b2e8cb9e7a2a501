//! The production epoch over sparse rows (subtensor's `epoch_mechanism`), yuma-spec §4.
//!
//! One function per step, called in the spec's order by [`epoch_sparse`]. Quirks of the chain
//! that change numbers are reproduced on purpose: the owner uid's exemptions, clipping that drops
//! entries above a zero consensus, Yuma3 liquid alpha that deletes bonds absent from the
//! validator's row and reads unsorted rows with a forward merge.
//!
//! For speed, steps that walk the same rows are fused and the bond models work row by row
//! instead of materialising every intermediate matrix; each fused step adds the same terms in
//! the same order as the plain primitives of [`crate::math`] it replaces, which the property
//! tests below check on arbitrary rows.
//!
//! Invariants: outputs have length `n`; stored values are u16 proportions; nothing panics on
//! inputs that pass [`EpochInput::validate`] (out-of-range columns are ignored).

use crate::math::{self, PositiveCells, Row, ONE, ZERO};
use crate::types::{
    BondsModel, EpochInput, EpochOutput, EpochParams, InputError, LiquidAlpha, SparseRow,
};
use dtao_primitives::fixed::{
    add_i32f32, exp_safe, fixed_proportion_to_u16, i64f64_to_i32f32, mul_i32f32, safe_div,
    safe_div_i32f32, sub_i32f32, u16_proportion_to_fixed, u16_to_fixed, I32F32, I64F64,
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

    // The consensus columns are filled while the weights are built (§4.5–4.6).
    let mut columns = math::ConsensusColumns::new(&active_stake, n);
    let weights = masked_weights(params, input, &old_permit, &mut columns);
    let consensus = columns.weighted_median(u16_proportion_to_fixed(params.kappa));
    drop(columns); // Its column-major copy of the weights is no longer needed.
                   // Clipping, validator trust and ranks (§4.7–4.8) in one pass.
    let clipped = math::clip_and_sum(&weights, &consensus, &active_stake, n);
    let mut incentive = clipped.weighted_column_sums.clone();
    math::normalize(&mut incentive);

    let beta = u16_proportion_to_fixed(params.bonds_penalty);
    let weights_for_bonds = math::interpolate(&weights, &clipped.rows, beta, n);
    let bond_weights = BondWeights {
        rows: &weights_for_bonds,
        // With β = 1 the weights for bonds are the clipped rows, whose stake-weighted column
        // sums the ranks already are.
        stake_weighted_sums: (beta == ONE).then_some(clipped.weighted_column_sums.as_slice()),
    };
    let context = BondContext {
        params,
        input,
        active_stake: &active_stake,
        incentive: &incentive,
        new_permit: &new_permit,
    };
    let (dividends, bonds) = match params.bonds_model {
        BondsModel::Classic => classic_bonds(&context, &bond_weights),
        BondsModel::Yuma3 { liquid_alpha } => {
            yuma3_bonds(&context, bond_weights.rows, &consensus, liquid_alpha)
        }
    };

    let split = emission_split(
        &incentive,
        &dividends,
        &active_stake,
        &stake,
        params.emission_rao,
    );
    Ok(EpochOutput {
        active,
        stake_weight: to_u16(&stake),
        consensus: to_u16(&consensus),
        validator_trust: to_u16(&clipped.row_sums),
        incentive: to_u16(&incentive),
        dividends: to_u16(&dividends),
        emission: split.combined,
        server_emission: split.server,
        validator_emission: split.validator,
        validator_permit: new_permit,
        bonds,
    })
}

/// The weights for bonds `W̃` (§4.9), and `Σ_i A_i · W̃_ij` per column when already known.
struct BondWeights<'a> {
    rows: &'a [Row],
    stake_weighted_sums: Option<&'a [I32F32]>,
}

/// What both bond models read besides the weights for bonds.
struct BondContext<'a> {
    params: &'a EpochParams,
    input: &'a EpochInput,
    /// Normalised active stake `A` (§4.4).
    active_stake: &'a [I32F32],
    /// Incentive `I` (§4.8).
    incentive: &'a [I32F32],
    /// Permits for the next epoch: other uids store no bonds (§4.14).
    new_permit: &'a [bool],
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

/// Stored weights with the §4.5 masks applied and row-normalised; each row is normalised and
/// added to the consensus `columns` as soon as it is built, while it is still in cache.
fn masked_weights(
    params: &EpochParams,
    input: &EpochInput,
    old_permit: &[bool],
    columns: &mut math::ConsensusColumns,
) -> Vec<Row> {
    let registered = &input.block_at_registration;
    input
        .weights
        .iter()
        .enumerate()
        .map(|(i, stored)| {
            if !old_permit[i] {
                return Vec::new();
            }
            let last_update = input.last_update[i];
            let commit_block = input.commit_blocks.as_ref().map(|blocks| blocks[i]);
            let keep_diagonal = is_owner(params, i);
            // `registered` has `n` entries, so a column beyond `n` finds no registration.
            let kept = |column: usize| {
                registered.get(column).is_some_and(|&registration| {
                    (column != i || keep_diagonal)
                        && last_update > registration
                        && commit_block.is_none_or(|cb| cb >= registration)
                })
            };
            let mut row = Vec::with_capacity(stored.len());
            row.extend(
                stored
                    .iter()
                    .filter(|(j, _)| kept(usize::from(*j)))
                    .map(|(j, w)| (*j, u16_to_fixed(*w))),
            );
            math::normalize_row(&mut row);
            columns.add_row(i, &row);
            row
        })
        .collect()
}

/// First block of the current bonds window: after the previous epoch, or `block − tempo`.
fn last_tempo(params: &EpochParams) -> u64 {
    if params.last_mechanism_step_block != 0 {
        params.last_mechanism_step_block.saturating_add(1)
    } else {
        params.block.saturating_sub(u64::from(params.tempo))
    }
}

/// Per column, whether its stored bonds survive the §4.10 mask (miner not registered since
/// the last epoch).
fn bond_columns_kept(params: &EpochParams, input: &EpochInput) -> Vec<bool> {
    let since = last_tempo(params);
    input
        .block_at_registration
        .iter()
        .map(|registered| since > *registered)
        .collect()
}

/// One stored bond row with the §4.10 mask applied (columns beyond `n` dropped), converted,
/// written into `row`.
fn fill_masked_bonds(
    row: &mut Row,
    stored: &SparseRow,
    kept: &[bool],
    to_fixed: fn(u16) -> I32F32,
) {
    row.clear();
    row.extend(
        stored
            .iter()
            .filter(|(j, _)| kept.get(usize::from(*j)).copied().unwrap_or(false))
            .map(|(j, b)| (*j, to_fixed(*b))),
    );
}

/// Column sums of the masked stored bonds as integer-valued fixed numbers (§4.11.1).
fn masked_bond_column_sums(input: &EpochInput, kept: &[bool]) -> Vec<I32F32> {
    let mut sums = vec![ZERO; kept.len()];
    for row in &input.bonds {
        for (j, b) in row {
            let j = usize::from(*j);
            if kept.get(j).copied().unwrap_or(false) {
                sums[j] = add_i32f32(sums[j], u16_to_fixed(*b));
            }
        }
    }
    sums
}

/// `sums_j += value` for every entry of `row` (columns in range).
fn add_to_column_sums(sums: &mut [I32F32], row: &Row) {
    for (j, value) in row {
        if let Some(cell) = sums.get_mut(usize::from(*j)) {
            *cell = add_i32f32(*cell, *value);
        }
    }
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
///
/// Works row by row without materialising the intermediate matrices: the column sums that
/// normalise the masked bonds and the delta `W̃_ij·A_i` are taken first, then each EMA row is
/// built from its normalised delta and bond rows while the EMA's column sums and maxima
/// accumulate, and a last pass normalises the EMA, takes the dividends and stores the rows
/// upscaled by their column maxima.
fn classic_bonds(
    context: &BondContext<'_>,
    weights_for_bonds: &BondWeights<'_>,
) -> (Vec<I32F32>, Vec<SparseRow>) {
    let BondContext {
        params,
        input,
        active_stake,
        incentive,
        new_permit,
    } = *context;
    let n = input.n();
    let kept = bond_columns_kept(params, input);
    let bond_divisors = math::divisors(masked_bond_column_sums(input, &kept));
    let delta_sums = match weights_for_bonds.stake_weighted_sums {
        Some(sums) => sums.to_vec(),
        None => math::vector_times_matrix(active_stake, weights_for_bonds.rows, n),
    };
    let delta_divisors = math::divisors(delta_sums);
    let alpha = bonds_ema_alpha(params.bonds_moving_average);

    let mut delta = Row::new();
    let mut bonds = Row::new();
    let mut ema_sums = vec![ZERO; n];
    let mut ema_maxima = vec![ZERO; n];
    let ema: Vec<Row> = weights_for_bonds
        .rows
        .iter()
        .zip(&input.bonds)
        .zip(active_stake)
        .map(|((weight_row, bond_row), stake)| {
            delta.clear();
            delta.extend(weight_row.iter().map(|&(j, w)| {
                let scaled = mul_i32f32(w, *stake);
                (j, math::divide_in_column(&delta_divisors, j, scaled))
            }));
            fill_masked_bonds(&mut bonds, bond_row, &kept, u16_to_fixed);
            for (j, b) in bonds.iter_mut() {
                *b = math::divide_in_column(&bond_divisors, *j, *b);
            }
            let row = math::ema_row(&delta, &bonds, alpha, n);
            add_to_column_sums(&mut ema_sums, &row);
            raise_column_maxima(&mut ema_maxima, &row);
            row
        })
        .collect();

    let ema_divisors = math::divisors(ema_sums);
    // Storage divides each normalised column by its largest normalised value (§4.11.6). That
    // is the normalised largest raw value: EMA cells are positive and at most their column's
    // sum, so normalising never overflows and is a non-decreasing map (a floor of a division
    // by the same positive divisor, or the identity for a zero sum).
    let upscale = math::divisors(
        ema_maxima
            .iter()
            .zip(&ema_divisors)
            .map(|(max, divisor)| divisor.divide_or_keep(*max))
            .collect(),
    );
    let mut stored = Vec::with_capacity(n);
    let mut dividends: Vec<I32F32> = ema
        .iter()
        .zip(new_permit)
        .map(|(row, permitted)| {
            let mut total = ZERO;
            let mut stored_row = Vec::with_capacity(if *permitted { row.len() } else { 0 });
            for &(j, value) in row {
                let normalized = math::divide_in_column(&ema_divisors, j, value);
                let factor = incentive.get(usize::from(j)).copied().unwrap_or(ZERO);
                total = add_i32f32(total, mul_i32f32(factor, normalized));
                if *permitted {
                    let upscaled = math::divide_in_column(&upscale, j, normalized);
                    stored_row.push((j, fixed_proportion_to_u16(upscaled)));
                }
            }
            stored.push(stored_row);
            total
        })
        .collect();
    math::normalize(&mut dividends);
    (dividends, stored)
}

/// `maxima_j = max(maxima_j, value)` for every entry of `row` (columns in range).
fn raise_column_maxima(maxima: &mut [I32F32], row: &Row) {
    for (j, value) in row {
        if let Some(max) = maxima.get_mut(usize::from(*j)) {
            if value.to_bits() > max.to_bits() {
                *max = *value;
            }
        }
    }
}

/// Yuma3 bonds and dividends (§4.12). Returns dividends and the rows to store.
///
/// Each EMA row is built from its weight row and masked bond row while the EMA's column sums
/// accumulate; one more pass takes the dividends from the column-normalised EMA and stores
/// the rows.
fn yuma3_bonds(
    context: &BondContext<'_>,
    weights_for_bonds: &[Row],
    consensus: &[I32F32],
    liquid_alpha: Option<LiquidAlpha>,
) -> (Vec<I32F32>, Vec<SparseRow>) {
    let BondContext {
        params,
        input,
        active_stake,
        incentive,
        new_permit,
    } = *context;
    let n = input.n();
    let kept = bond_columns_kept(params, input);
    let any_consensus = consensus.iter().any(|c| c.to_bits() != 0);
    let mut sigmoid = liquid_alpha
        .filter(|_| any_consensus)
        .map(AlphaSigmoid::new);
    let alpha = bonds_ema_alpha(params.bonds_moving_average);
    let mut bonds = Row::new();
    let mut ema_sums = vec![ZERO; n];
    let ema: Vec<Row> = weights_for_bonds
        .iter()
        .zip(&input.bonds)
        .map(|(weight_row, bond_row)| {
            let row = match sigmoid.as_mut() {
                // The liquid-alpha row only has the weight row's columns.
                Some(_) if weight_row.is_empty() => Vec::new(),
                Some(sigmoid) => {
                    fill_masked_bonds(&mut bonds, bond_row, &kept, u16_proportion_to_fixed);
                    liquid_alpha_row(weight_row, &bonds, consensus, sigmoid)
                }
                None => {
                    fill_masked_bonds(&mut bonds, bond_row, &kept, u16_proportion_to_fixed);
                    math::ema_row(weight_row, &bonds, alpha, n)
                }
            };
            add_to_column_sums(&mut ema_sums, &row);
            row
        })
        .collect();

    // Dividends from the column-normalised EMA, normalised on the fly (§4.12.4), and the
    // stored rows (EMA not upscaled, §4.12.5), in one pass.
    let ema_divisors = math::divisors(ema_sums);
    let mut stored = Vec::with_capacity(n);
    let mut dividends: Vec<I32F32> = ema
        .iter()
        .zip(active_stake)
        .zip(new_permit)
        .map(|((row, stake), permitted)| {
            let total_bond = row.iter().fold(ZERO, |acc, (j, value)| {
                let normalized = math::divide_in_column(&ema_divisors, *j, *value);
                let factor = incentive.get(usize::from(*j)).copied().unwrap_or(ZERO);
                add_i32f32(acc, mul_i32f32(factor, normalized))
            });
            stored.push(if *permitted {
                row.iter()
                    .map(|(j, v)| (*j, fixed_proportion_to_u16(*v)))
                    .collect()
            } else {
                Vec::new()
            });
            total_bond.checked_mul(*stake).unwrap_or(ZERO)
        })
        .collect();
    math::normalize(&mut dividends);
    (dividends, stored)
}

/// One validator's liquid-alpha EMA row over the columns of its weight row (§4.12.2–3).
///
/// A bond whose column is missing from the weight row is dropped, as on chain. The weight and
/// bond that feed α are those a forward merge reads assuming ascending columns: entries of an
/// unsorted row that fall behind the cursor read as zero ([`liquid_alpha_row_dense`]); for
/// rows with strictly ascending columns that read is the entry at the column itself, found by
/// a merge ([`liquid_alpha_row_merged`]). α is only evaluated for the columns of the weight
/// row, the only ones whose result is kept.
fn liquid_alpha_row(
    weight_row: &Row,
    bond_row: &Row,
    consensus: &[I32F32],
    sigmoid: &mut AlphaSigmoid,
) -> Row {
    if math::is_strictly_ascending(weight_row) && math::is_strictly_ascending(bond_row) {
        liquid_alpha_row_merged(weight_row, bond_row, consensus, sigmoid)
    } else {
        liquid_alpha_row_dense(weight_row, bond_row, consensus, sigmoid)
    }
}

/// [`liquid_alpha_row`] for rows with strictly ascending columns: one forward merge.
fn liquid_alpha_row_merged(
    weight_row: &Row,
    bond_row: &Row,
    consensus: &[I32F32],
    sigmoid: &mut AlphaSigmoid,
) -> Row {
    let mut cells = PositiveCells::new(weight_row.len());
    let mut cursor = 0;
    for &(j, weight) in weight_row {
        let Some(&c) = consensus.get(usize::from(j)) else {
            continue;
        };
        let bond = forward_lookup(bond_row, &mut cursor, usize::from(j));
        let alpha = sigmoid.alpha(c, weight, bond);
        cells.push(j, liquid_cell(alpha, weight, bond));
    }
    cells.into_row()
}

/// [`liquid_alpha_row`] for any rows, through dense reads of both rows (`O(n)` per row).
fn liquid_alpha_row_dense(
    weight_row: &Row,
    bond_row: &Row,
    consensus: &[I32F32],
    sigmoid: &mut AlphaSigmoid,
) -> Row {
    if weight_row.is_empty() {
        return Vec::new();
    }
    let n = consensus.len();
    let weight_read = forward_reads(weight_row, n);
    let bond_read = forward_reads(bond_row, n);
    let bond_stored = math::densify(bond_row, n);
    let mut cells = PositiveCells::new(weight_row.len());
    for &(j, weight) in weight_row {
        let index = usize::from(j);
        let Some(&c) = consensus.get(index) else {
            continue;
        };
        let alpha = sigmoid.alpha(c, weight_read[index], bond_read[index]);
        cells.push(j, liquid_cell(alpha, weight, bond_stored[index]));
    }
    cells.into_row()
}

/// `min(1, (1 − α)·b + max(0, α·w))` (§4.12.2), on raw bits (the library's saturating
/// operations on one type).
fn liquid_cell(alpha: I32F32, weight: I32F32, bond: I32F32) -> I32F32 {
    let kept = mul_i32f32(sub_i32f32(ONE, alpha), bond);
    let bought = mul_i32f32(alpha, weight).to_bits().max(0);
    I32F32::from_bits(kept.to_bits().saturating_add(bought).min(ONE.to_bits()))
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
    /// `(deviation bits, α)` per slot; a negative key marks an empty slot (deviations are
    /// never negative).
    memo: Vec<(i64, I32F32)>,
}

impl AlphaSigmoid {
    fn new(liquid: LiquidAlpha) -> Self {
        AlphaSigmoid {
            low: u16_proportion_to_fixed(liquid.alpha_low),
            high: u16_proportion_to_fixed(liquid.alpha_high),
            steepness: I32F32::from_num(liquid.steepness),
            memo: vec![(-1, ZERO); ALPHA_MEMO_SLOTS],
        }
    }

    /// α for consensus `c`, weight `w` and previous bond `b`: near `low` when the validator
    /// buys no more than consensus or does not sell, towards `high` for large deviations.
    #[inline]
    fn alpha(&mut self, c: I32F32, w: I32F32, b: I32F32) -> I32F32 {
        // Raw-bit arithmetic and comparisons, the same as the library's on one type.
        let (w, b, c) = (w.to_bits(), b.to_bits(), c.to_bits());
        let deviation = if w >= b {
            w.saturating_sub(c).clamp(0, ONE.to_bits())
        } else {
            b.saturating_sub(w).clamp(0, ONE.to_bits())
        };
        let slot = (deviation as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56;
        let slot = slot as usize % ALPHA_MEMO_SLOTS;
        match self.memo.get(slot) {
            Some(&(key, alpha)) if key == deviation => alpha,
            _ => self.remember(slot, deviation),
        }
    }

    /// Compute α for a deviation missing from the memo and store it in `slot`.
    #[cold]
    fn remember(&mut self, slot: usize, deviation: i64) -> I32F32 {
        let alpha = self.alpha_for_deviation(I32F32::from_bits(deviation));
        if let Some(cell) = self.memo.get_mut(slot) {
            *cell = (deviation, alpha);
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

    /// Property tests of the row-by-row bond models against the epoch's original pipelines,
    /// built from the plain matrix primitives (whole intermediate matrices, dense per-row EMA
    /// and dense liquid-alpha reads), on rows in any order, with duplicates and columns beyond
    /// `n`.
    mod equivalence {
        use super::*;
        use proptest::collection::vec;
        use proptest::prelude::*;

        fn bits() -> impl Strategy<Value = i64> + Clone {
            prop_oneof![
                3 => (0_i64..4).prop_map(|x| x << 30),
                5 => 0_i64..=(1 << 32),
                1 => Just(0_i64),
                1 => any::<i64>(),
            ]
        }

        fn fixed_vec(len: usize) -> impl Strategy<Value = Vec<I32F32>> {
            vec(bits().prop_map(I32F32::from_bits), len)
        }

        /// Rows in any order, sorted ones more often (as the chain stores them).
        fn rows<T: std::fmt::Debug + Clone + 'static>(
            n: u16,
            value: impl Strategy<Value = T> + Clone + 'static,
        ) -> impl Strategy<Value = Vec<Vec<(u16, T)>>> {
            let entry = (0..n.saturating_add(2), value);
            let row = (vec(entry, 0..=usize::from(n) + 2), 0_u8..4).prop_map(|(mut row, shape)| {
                if shape > 0 {
                    row.sort_by_key(|(j, _)| *j);
                }
                if shape > 1 {
                    row.dedup_by_key(|(j, _)| *j);
                }
                row
            });
            vec(row, usize::from(n))
        }

        #[derive(Clone, Debug)]
        struct Case {
            params: EpochParams,
            input: EpochInput,
            weights: Vec<Row>,
            active_stake: Vec<I32F32>,
            incentive: Vec<I32F32>,
            consensus: Vec<I32F32>,
            permits: Vec<bool>,
            liquid: Option<LiquidAlpha>,
        }

        impl Case {
            fn context(&self) -> BondContext<'_> {
                BondContext {
                    params: &self.params,
                    input: &self.input,
                    active_stake: &self.active_stake,
                    incentive: &self.incentive,
                    new_permit: &self.permits,
                }
            }
        }

        fn case() -> impl Strategy<Value = Case> {
            (0_u16..10).prop_flat_map(|n| {
                let len = usize::from(n);
                let weights = rows(n, bits().prop_map(I32F32::from_bits));
                let bonds = rows(n, prop_oneof![Just(0_u16), Just(u16::MAX), any::<u16>()]);
                let vectors = (fixed_vec(len), fixed_vec(len), fixed_vec(len));
                let schedule = (0_u64..40, 0_u16..20, 0_u64..40, 0_u64..=1_000_000);
                let liquid = proptest::option::of((any::<u16>(), any::<u16>(), any::<i16>()));
                (
                    weights,
                    bonds,
                    vectors,
                    schedule,
                    vec(0_u64..40, len),
                    vec(any::<bool>(), len),
                    liquid,
                )
                    .prop_map(
                        move |(weights, bonds, vectors, schedule, registered, permits, liquid)| {
                            let (active_stake, incentive, consensus) = vectors;
                            let (block, tempo, lms, bma) = schedule;
                            let params = EpochParams {
                                block,
                                tempo,
                                last_mechanism_step_block: lms,
                                bonds_moving_average: bma,
                                ..EpochParams::default()
                            };
                            let input = EpochInput {
                                stake: vec![I64F64::from_num(1); len],
                                validator_permit: vec![true; len],
                                last_update: vec![0; len],
                                block_at_registration: registered,
                                weights: vec![Vec::new(); len],
                                bonds,
                                commit_blocks: None,
                            };
                            let liquid = liquid.map(|(a, b, steepness)| LiquidAlpha {
                                alpha_low: a.min(b),
                                alpha_high: a.max(b),
                                steepness,
                            });
                            Case {
                                params,
                                input,
                                weights,
                                active_stake,
                                incentive,
                                consensus,
                                permits,
                                liquid,
                            }
                        },
                    )
            })
        }

        /// The stored bonds with the §4.10 mask, as whole rows.
        fn masked_bonds(case: &Case, to_fixed: fn(u16) -> I32F32) -> Vec<Row> {
            let n = case.input.n();
            let since = last_tempo(&case.params);
            let registered = &case.input.block_at_registration;
            case.input
                .bonds
                .iter()
                .map(|row| {
                    row.iter()
                        .filter(|(j, _)| usize::from(*j) < n)
                        .filter(|(j, _)| since > registered[usize::from(*j)])
                        .map(|(j, b)| (*j, to_fixed(*b)))
                        .collect()
                })
                .collect()
        }

        fn stored(matrix: &[Row], permits: &[bool]) -> Vec<SparseRow> {
            matrix
                .iter()
                .zip(permits)
                .map(|(row, permitted)| match permitted {
                    true => row
                        .iter()
                        .map(|(j, v)| (*j, fixed_proportion_to_u16(*v)))
                        .collect(),
                    false => Vec::new(),
                })
                .collect()
        }

        fn reference_classic(case: &Case) -> (Vec<I32F32>, Vec<SparseRow>) {
            let n = case.input.n();
            let mut bonds = masked_bonds(case, u16_to_fixed);
            math::column_normalize(&mut bonds, n);
            let mut delta = math::scale_rows(&case.weights, &case.active_stake);
            math::column_normalize(&mut delta, n);
            let alpha = bonds_ema_alpha(case.params.bonds_moving_average);
            let mut ema: Vec<Row> = delta
                .iter()
                .zip(&bonds)
                .map(|(new, old)| math::ema_row_dense(new, old, alpha, n))
                .collect();
            math::column_normalize(&mut ema, n);
            let mut dividends = math::matrix_times_vector(&ema, &case.incentive);
            math::normalize(&mut dividends);
            math::column_max_upscale(&mut ema, n);
            (dividends, stored(&ema, &case.permits))
        }

        fn reference_yuma3(case: &Case) -> (Vec<I32F32>, Vec<SparseRow>) {
            let n = case.input.n();
            let bonds = masked_bonds(case, u16_proportion_to_fixed);
            let any_consensus = case.consensus.iter().any(|c| *c != ZERO);
            let ema: Vec<Row> = match case.liquid {
                Some(liquid) if any_consensus => {
                    let mut sigmoid = AlphaSigmoid::new(liquid);
                    case.weights
                        .iter()
                        .zip(&bonds)
                        .map(|(w, b)| liquid_alpha_row_dense(w, b, &case.consensus, &mut sigmoid))
                        .collect()
                }
                _ => {
                    let alpha = bonds_ema_alpha(case.params.bonds_moving_average);
                    case.weights
                        .iter()
                        .zip(&bonds)
                        .map(|(w, b)| math::ema_row_dense(w, b, alpha, n))
                        .collect()
                }
            };
            let mut normalized = ema.clone();
            math::column_normalize(&mut normalized, n);
            let total_bonds = math::matrix_times_vector(&normalized, &case.incentive);
            let mut dividends: Vec<I32F32> = total_bonds
                .iter()
                .zip(&case.active_stake)
                .map(|(b, s)| b.checked_mul(*s).unwrap_or(ZERO))
                .collect();
            math::normalize(&mut dividends);
            (dividends, stored(&ema, &case.permits))
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

            #[test]
            fn classic_bonds_match_reference(case in case()) {
                let n = case.input.n();
                let sums = math::vector_times_matrix(&case.active_stake, &case.weights, n);
                let want = reference_classic(&case);
                for stake_weighted_sums in [None, Some(sums.as_slice())] {
                    let weights = BondWeights { rows: &case.weights, stake_weighted_sums };
                    prop_assert_eq!(&classic_bonds(&case.context(), &weights), &want);
                }
            }

            #[test]
            fn yuma3_bonds_match_reference(case in case()) {
                let got = yuma3_bonds(&case.context(), &case.weights, &case.consensus, case.liquid);
                prop_assert_eq!(got, reference_yuma3(&case));
            }

            #[test]
            fn liquid_alpha_merge_matches_dense_reads(case in case()) {
                let liquid = case.liquid.unwrap_or_default();
                let bonds = masked_bonds(&case, u16_proportion_to_fixed);
                let consensus = &case.consensus;
                let (mut merged, mut dense) = (AlphaSigmoid::new(liquid), AlphaSigmoid::new(liquid));
                for (weights, bonds) in case.weights.iter().zip(&bonds) {
                    if math::is_strictly_ascending(weights) && math::is_strictly_ascending(bonds) {
                        prop_assert_eq!(
                            liquid_alpha_row_merged(weights, bonds, consensus, &mut merged),
                            liquid_alpha_row_dense(weights, bonds, consensus, &mut dense)
                        );
                    }
                }
            }
        }
    }
}
