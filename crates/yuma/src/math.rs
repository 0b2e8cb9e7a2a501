//! Vector and sparse-matrix primitives of the epoch, with subtensor's fixed-point semantics.
//!
//! Sparse matrices are `Vec<Vec<(u16, I32F32)>>`: one row per uid, entries `(column, value)` in
//! stored order. Columns at or beyond the declared width are ignored, never indexed. Every
//! operation saturates instead of overflowing, and divisions use `safe_div` (zero on a zero
//! divisor or overflow), so no input can make these functions panic.
//!
//! Besides the plain primitives (which mirror the chain's matrix helpers) there are fused and
//! faster forms the epoch uses ([`clip_and_sum`], [`ema_row`], [`ConsensusColumns`],
//! [`select_weighted_median`]); property tests check each against the primitives it replaces.

use dtao_primitives::fixed::{add_i32f32, mul_i32f32, safe_div, I32F32Divisor, I32F32, I64F64};
use std::borrow::Cow;

/// A sparse matrix row: `(column, value)` pairs.
pub type Row = Vec<(u16, I32F32)>;

/// Fixed-point zero.
pub const ZERO: I32F32 = I32F32::from_bits(0);

/// Fixed-point one.
pub const ONE: I32F32 = I32F32::from_bits(1 << 32);

/// Saturating sum of a vector.
pub fn sum(values: &[I32F32]) -> I32F32 {
    values.iter().fold(ZERO, |acc, v| add_i32f32(acc, *v))
}

/// Saturating sum of the values of a sparse row.
pub fn row_sum(row: &[(u16, I32F32)]) -> I32F32 {
    row.iter().fold(ZERO, |acc, (_, v)| add_i32f32(acc, *v))
}

/// Divide every value by the sum; left untouched when the sum is zero.
pub fn normalize(values: &mut [I32F32]) {
    let total = sum(values);
    if total == ZERO {
        return;
    }
    let divisor = I32F32Divisor::new(total);
    for value in values.iter_mut() {
        *value = divisor.safe_div(*value);
    }
}

/// [`normalize`] for `I64F64`.
pub fn normalize_64(values: &mut [I64F64]) {
    let zero = I64F64::from_bits(0);
    let total = values.iter().fold(zero, |acc, v| acc.saturating_add(*v));
    if total == zero {
        return;
    }
    for value in values.iter_mut() {
        *value = safe_div(*value, total);
    }
}

/// Top-k mask over non-zero values: `true` for the `k` largest non-zero entries. Ties are broken
/// by index: among equal values the lower index is dropped first.
pub fn top_k_nonzero(values: &[I32F32], k: usize) -> Vec<bool> {
    let mut keep: Vec<bool> = values.iter().map(|v| *v != ZERO).collect();
    let n = values.len();
    if n < k {
        return keep;
    }
    let mut order: Vec<usize> = (0..n).collect();
    // Stable sort: equal values stay in index order, so lower indices come first and are cut.
    order.sort_by_key(|&i| values[i]);
    for &i in order.iter().take(n - k) {
        keep[i] = false;
    }
    keep
}

/// Keep entries whose column is below `n`.
pub fn drop_out_of_range(row: &mut Row, n: usize) {
    row.retain(|(j, _)| usize::from(*j) < n);
}

/// Divide each row by its sum (rows with zero sum are left as they are).
pub fn row_normalize(matrix: &mut [Row]) {
    for row in matrix.iter_mut() {
        normalize_row(row);
    }
}

/// Divide one row by its sum (left as it is when the sum is zero).
pub fn normalize_row(row: &mut Row) {
    let total = row_sum(row);
    if total.to_bits() == 0 {
        return;
    }
    let divisor = I32F32Divisor::new(total);
    for (_, value) in row.iter_mut() {
        *value = divisor.safe_div(*value);
    }
}

/// Column sums of a sparse matrix with `n` columns.
pub fn column_sums(matrix: &[Row], n: usize) -> Vec<I32F32> {
    let mut sums = vec![ZERO; n];
    for row in matrix {
        for (j, value) in row {
            if let Some(cell) = sums.get_mut(usize::from(*j)) {
                *cell = add_i32f32(*cell, *value);
            }
        }
    }
    sums
}

/// Divide each column by its sum (columns with zero sum are left as they are).
pub fn column_normalize(matrix: &mut [Row], n: usize) {
    let divisors = divisors(column_sums(matrix, n));
    divide_columns(matrix, &divisors);
}

/// Each value prepared as a divisor.
pub fn divisors(values: Vec<I32F32>) -> Vec<I32F32Divisor> {
    values.into_iter().map(I32F32Divisor::new).collect()
}

/// `value` divided by the divisor of its column, unchanged if that divisor is zero or missing
/// (the rule of [`column_normalize`] and [`column_max_upscale`]).
#[inline]
pub fn divide_in_column(divisors: &[I32F32Divisor], column: u16, value: I32F32) -> I32F32 {
    match divisors.get(usize::from(column)) {
        Some(divisor) => divisor.divide_or_keep(value),
        None => value,
    }
}

/// Divide each entry by its column's divisor, skipping columns whose divisor is zero.
fn divide_columns(matrix: &mut [Row], divisors: &[I32F32Divisor]) {
    for row in matrix.iter_mut() {
        for (j, value) in row.iter_mut() {
            *value = divide_in_column(divisors, *j, *value);
        }
    }
}

/// Divide each column by its largest value (columns whose maximum is zero are left as they are).
pub fn column_max_upscale(matrix: &mut [Row], n: usize) {
    let mut maxima = vec![ZERO; n];
    for row in matrix.iter() {
        for (j, value) in row {
            if let Some(cell) = maxima.get_mut(usize::from(*j)) {
                if *value > *cell {
                    *cell = *value;
                }
            }
        }
    }
    divide_columns(matrix, &divisors(maxima));
}

/// Sum of each row.
pub fn row_sums(matrix: &[Row]) -> Vec<I32F32> {
    matrix.iter().map(|row| row_sum(row)).collect()
}

/// `r_j = Σ_i v_i · M_ij` for a matrix with `n` columns.
pub fn vector_times_matrix(vector: &[I32F32], matrix: &[Row], n: usize) -> Vec<I32F32> {
    let mut result = vec![ZERO; n];
    for (row, factor) in matrix.iter().zip(vector) {
        for (j, value) in row {
            if let Some(cell) = result.get_mut(usize::from(*j)) {
                *cell = add_i32f32(*cell, mul_i32f32(*factor, *value));
            }
        }
    }
    result
}

/// `r_i = Σ_j M_ij · v_j`.
pub fn matrix_times_vector(matrix: &[Row], vector: &[I32F32]) -> Vec<I32F32> {
    matrix
        .iter()
        .map(|row| {
            row.iter().fold(ZERO, |acc, (j, value)| {
                let factor = vector.get(usize::from(*j)).copied().unwrap_or(ZERO);
                add_i32f32(acc, mul_i32f32(factor, *value))
            })
        })
        .collect()
}

/// Multiply every entry of row `i` by `vector[i]`.
pub fn scale_rows(matrix: &[Row], vector: &[I32F32]) -> Vec<Row> {
    matrix
        .iter()
        .zip(vector)
        .map(|(row, factor)| {
            row.iter()
                .map(|(j, v)| (*j, mul_i32f32(*v, *factor)))
                .collect()
        })
        .collect()
}

/// `min(W_ij, C_j)`; an entry above a zero threshold is dropped rather than kept as zero.
pub fn clip_to_columns(matrix: &[Row], threshold: &[I32F32]) -> Vec<Row> {
    matrix
        .iter()
        .map(|row| {
            let mut clipped = Vec::with_capacity(row.len());
            clipped.extend(row.iter().filter_map(|&(j, value)| {
                let limit = threshold.get(usize::from(j)).copied().unwrap_or(ZERO);
                if limit < value {
                    (limit > ZERO).then_some((j, limit))
                } else {
                    Some((j, value))
                }
            }));
            clipped
        })
        .collect()
}

/// A clipped weight matrix with the two sums the epoch takes of it.
#[derive(Clone, Debug, PartialEq)]
pub struct Clipped {
    /// [`clip_to_columns`] of the matrix.
    pub rows: Vec<Row>,
    /// [`row_sums`] of the clipped rows.
    pub row_sums: Vec<I32F32>,
    /// [`vector_times_matrix`] of the weighting vector and the clipped rows.
    pub weighted_column_sums: Vec<I32F32>,
}

/// [`clip_to_columns`], [`row_sums`] and [`vector_times_matrix`] in one pass over the matrix,
/// each row summed while it is being built (same entries, same order of additions).
pub fn clip_and_sum(matrix: &[Row], threshold: &[I32F32], vector: &[I32F32], n: usize) -> Clipped {
    let mut weighted_column_sums = vec![ZERO; n];
    let mut row_sums = Vec::with_capacity(matrix.len());
    let rows = matrix
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let (clipped, total) = clip_row(row, threshold);
            row_sums.push(total);
            if let Some(factor) = vector.get(i) {
                add_scaled_row(&mut weighted_column_sums, &clipped, *factor);
            }
            clipped
        })
        .collect();
    Clipped {
        rows,
        row_sums,
        weighted_column_sums,
    }
}

/// One row of [`clip_to_columns`] and its sum.
///
/// The row is copied and compacted in place, with raw-bit comparisons (the library's go
/// through a generic cross-type conversion) and only predictable branches: whether a weight
/// exceeds its column's consensus is a coin flip, so the clipped value is a `min`, and the
/// drop test looks at the (almost always positive) consensus first.
fn clip_row(row: &Row, threshold: &[I32F32]) -> (Row, I32F32) {
    let mut clipped = row.clone();
    let mut kept = 0;
    let mut total = ZERO;
    for index in 0..clipped.len() {
        let (j, value) = clipped[index];
        let limit = threshold.get(usize::from(j)).map_or(0, |t| t.to_bits());
        let value = value.to_bits();
        if limit > 0 || value <= limit {
            let value = I32F32::from_bits(value.min(limit));
            clipped[kept] = (j, value);
            kept += 1;
            total = add_i32f32(total, value);
        }
    }
    clipped.truncate(kept);
    (clipped, total)
}

/// `sums_j += factor · value` for each entry `(j, value)` of `row` with `j` in range.
fn add_scaled_row(sums: &mut [I32F32], row: &[(u16, I32F32)], factor: I32F32) {
    for (j, value) in row {
        if let Some(cell) = sums.get_mut(usize::from(*j)) {
            *cell = add_i32f32(*cell, mul_i32f32(factor, *value));
        }
    }
}

/// Expand a sparse row to `n` dense cells; later duplicates overwrite earlier ones.
pub fn densify(row: &Row, n: usize) -> Vec<I32F32> {
    let mut dense = vec![ZERO; n];
    for (j, value) in row {
        if let Some(cell) = dense.get_mut(usize::from(*j)) {
            *cell = *value;
        }
    }
    dense
}

/// Strictly positive cells of a dense row, in column order.
pub fn positive_entries(dense: &[I32F32]) -> Row {
    let count = dense.iter().filter(|value| value.to_bits() > 0).count();
    let mut row = Vec::with_capacity(count);
    row.extend(
        dense
            .iter()
            .enumerate()
            .filter(|(_, value)| value.to_bits() > 0)
            .map(|(j, value)| (j as u16, *value)),
    );
    row
}

/// Elementwise `a + ratio·(b − a)`; `ratio` 0 and 1 return `a` and `b` exactly, otherwise the
/// result is computed densely per row keeping strictly positive cells.
pub fn interpolate<'a>(a: &'a [Row], b: &'a [Row], ratio: I32F32, n: usize) -> Cow<'a, [Row]> {
    if ratio == ZERO {
        return Cow::Borrowed(a);
    }
    if ratio == ONE {
        return Cow::Borrowed(b);
    }
    let mixed = a
        .iter()
        .zip(b)
        .map(|(row_a, row_b)| {
            if row_a.is_empty() && row_b.is_empty() {
                return Vec::new();
            }
            let dense_a = densify(row_a, n);
            let dense_b = densify(row_b, n);
            let mixed: Vec<I32F32> = dense_a
                .iter()
                .zip(&dense_b)
                .map(|(x, y)| x.saturating_add(ratio.saturating_mul(y.saturating_sub(*x))))
                .collect();
            positive_entries(&mixed)
        })
        .collect();
    Cow::Owned(mixed)
}

/// Exponential moving average with one `alpha`: `alpha·new + (1 − alpha)·old`, accumulated
/// per row (new first), keeping strictly positive cells in column order. See [`ema_row`].
pub fn ema(new: &[Row], old: &[Row], alpha: I32F32, n: usize) -> Vec<Row> {
    new.iter()
        .zip(old)
        .map(|(new_row, old_row)| ema_row(new_row, old_row, alpha, n))
        .collect()
}

/// One row of [`ema`]: [`ema_row_dense`]'s result, computed by a merge of the two rows when
/// both have strictly ascending columns (each column then meets at most one entry per row, so
/// the merge adds the same terms in the same order).
pub fn ema_row(new: &[(u16, I32F32)], old: &[(u16, I32F32)], alpha: I32F32, n: usize) -> Row {
    if new.is_empty() && old.is_empty() {
        return Vec::new();
    }
    if !(is_strictly_ascending(new) && is_strictly_ascending(old)) {
        return ema_row_dense(new, old, alpha, n);
    }
    // Columns at or beyond `n` form the tail of an ascending row and are ignored.
    let new = &new[..new.partition_point(|(j, _)| usize::from(*j) < n)];
    let old = &old[..old.partition_point(|(j, _)| usize::from(*j) < n)];
    let keep_old = ONE.saturating_sub(alpha);
    let mut cells = PositiveCells::new((new.len() + old.len()).min(n));
    let (mut a, mut b) = (0, 0);
    while let (Some(&(j, x)), Some(&(k, y))) = (new.get(a), old.get(b)) {
        if j == k {
            cells.push(j, add_i32f32(mul_i32f32(alpha, x), mul_i32f32(keep_old, y)));
            a += 1;
            b += 1;
        } else if j < k {
            cells.push(j, mul_i32f32(alpha, x));
            a += 1;
        } else {
            cells.push(k, mul_i32f32(keep_old, y));
            b += 1;
        }
    }
    for &(j, x) in new.get(a..).unwrap_or_default() {
        cells.push(j, mul_i32f32(alpha, x));
    }
    for &(k, y) in old.get(b..).unwrap_or_default() {
        cells.push(k, mul_i32f32(keep_old, y));
    }
    cells.into_row()
}

/// A row under construction that keeps only strictly positive cells, for a known maximum
/// number of pushes.
///
/// Every cell is written to the next free slot, and the slot only advances for a positive
/// cell: no branch on the value (often unpredictable) and no growth check per push.
pub struct PositiveCells {
    row: Row,
    len: usize,
}

impl PositiveCells {
    /// Room for `capacity` pushes; further pushes are ignored.
    pub fn new(capacity: usize) -> Self {
        PositiveCells {
            row: vec![(0, ZERO); capacity],
            len: 0,
        }
    }

    /// Append `(column, cell)` if `cell > 0`.
    #[inline]
    pub fn push(&mut self, column: u16, cell: I32F32) {
        if let Some(slot) = self.row.get_mut(self.len) {
            *slot = (column, cell);
            self.len += usize::from(cell.to_bits() > 0);
        }
    }

    /// The positive cells pushed, in push order.
    pub fn into_row(mut self) -> Row {
        self.row.truncate(self.len);
        self.row
    }
}

/// One row of [`ema`] through a dense accumulator of `n` cells: `alpha·new` added first, then
/// `(1 − alpha)·old`, entries at or beyond `n` ignored, duplicates accumulated.
pub fn ema_row_dense(new: &[(u16, I32F32)], old: &[(u16, I32F32)], alpha: I32F32, n: usize) -> Row {
    if new.is_empty() && old.is_empty() {
        return Vec::new();
    }
    let keep_old = ONE.saturating_sub(alpha);
    let mut cells = vec![ZERO; n];
    for (j, value) in new {
        if let Some(cell) = cells.get_mut(usize::from(*j)) {
            *cell = add_i32f32(*cell, mul_i32f32(alpha, *value));
        }
    }
    for (j, value) in old {
        if let Some(cell) = cells.get_mut(usize::from(*j)) {
            *cell = add_i32f32(*cell, mul_i32f32(keep_old, *value));
        }
    }
    positive_entries(&cells)
}

/// True if the columns of `row` strictly increase (no duplicates, no entry out of order).
pub fn is_strictly_ascending<T>(row: &[(u16, T)]) -> bool {
    row.windows(2).all(|pair| pair[0].0 < pair[1].0)
}

/// Stake-weighted median of each column (yuma-spec §4.6).
///
/// `active_stake` is the normalised active stake of every uid; validators are the uids with
/// non-zero active stake. Their stakes are re-normalised, and for each column the result is the
/// smallest weight `v` such that the stake of validators scoring at most `v` exceeds
/// `Σ stake − majority` (the smallest score if none is below, the largest if it is never
/// exceeded; zero without validators).
pub fn column_weighted_median(
    active_stake: &[I32F32],
    matrix: &[Row],
    majority: I32F32,
    n: usize,
) -> Vec<I32F32> {
    let mut columns = ConsensusColumns::new(active_stake, n);
    for (uid, row) in matrix.iter().enumerate() {
        columns.add_row(uid, row);
    }
    columns.weighted_median(majority)
}

/// The validators' weights gathered column by column for [`column_weighted_median`], filled
/// one row at a time (so a caller can add each row while it is still in cache).
pub struct ConsensusColumns {
    /// Position of each uid among the validators (uids with positive active stake, in uid
    /// order), if it is one.
    position: Vec<Option<usize>>,
    /// The validators' active stakes, re-normalised.
    stake: Vec<I32F32>,
    /// Validator `k`'s weight on column `j` at `scores.cell(j, k)` (zero where a row has no
    /// entry; a later duplicate overwrites an earlier one).
    scores: ColumnMajor,
    /// Whether each column holds a non-zero score.
    has_score: Vec<bool>,
}

impl ConsensusColumns {
    /// Empty columns for the validators of `active_stake` over `n` columns.
    pub fn new(active_stake: &[I32F32], n: usize) -> Self {
        let mut position = vec![None; active_stake.len()];
        let mut stake = Vec::new();
        for (uid, s) in active_stake.iter().enumerate() {
            if s.to_bits() > 0 {
                position[uid] = Some(stake.len());
                stake.push(*s);
            }
        }
        normalize(&mut stake);
        ConsensusColumns {
            position,
            scores: ColumnMajor::new(stake.len(), n),
            stake,
            has_score: vec![false; n],
        }
    }

    /// Record the weight row of `uid` (ignored unless `uid` is a validator; columns at or
    /// beyond `n` are ignored).
    pub fn add_row(&mut self, uid: usize, row: &[(u16, I32F32)]) {
        let Some(Some(k)) = self.position.get(uid).copied() else {
            return;
        };
        for (j, value) in row {
            let j = usize::from(*j);
            if let (Some(cell), Some(flag)) =
                (self.scores.cell_mut(j, k), self.has_score.get_mut(j))
            {
                *cell = value.to_bits();
                *flag |= value.to_bits() != 0;
            }
        }
    }

    /// The stake-weighted median of every column for consensus majority `majority`.
    pub fn weighted_median(&self, majority: I32F32) -> Vec<I32F32> {
        let total = sum(&self.stake);
        let minority = total.saturating_sub(majority).to_bits();
        let stake_bits: Vec<i64> = self.stake.iter().map(|s| s.to_bits()).collect();
        let mut scratch = MedianScratch::default();
        self.has_score
            .iter()
            .enumerate()
            .map(|(j, has_score)| {
                if !has_score {
                    // Every score is zero (or there are no validators): the median is zero.
                    return ZERO;
                }
                let column = self.scores.column(j);
                I32F32::from_bits(select_weighted_median(
                    column,
                    &stake_bits,
                    minority,
                    &mut scratch,
                ))
            })
            .collect()
    }
}

/// Validators' scores in column-major order: each column's scores contiguous.
struct ColumnMajor {
    /// `cells[j * stride + k]` holds the raw bits of validator `k`'s score on column `j`.
    cells: Vec<i64>,
    /// Number of validators.
    validators: usize,
    /// Distance between columns: the validator count rounded up to whole cache lines, plus
    /// one line if that makes an even number of lines. An odd number of lines keeps the cells
    /// written for one validator (one per column) spread over all cache sets; with a stride of
    /// a power of two they would compete for a few sets and miss on every write.
    stride: usize,
}

impl ColumnMajor {
    /// Cells per 64-byte cache line.
    const LINE: usize = 8;

    /// Zero scores of `validators` validators over `n` columns.
    fn new(validators: usize, n: usize) -> Self {
        let lines = validators.div_ceil(Self::LINE);
        let lines = lines + usize::from(lines % 2 == 0 && lines > 0);
        let stride = lines * Self::LINE;
        ColumnMajor {
            cells: vec![0; n.saturating_mul(stride)],
            validators,
            stride,
        }
    }

    /// The cell of validator `k` in column `j`, if both are in range.
    fn cell_mut(&mut self, j: usize, k: usize) -> Option<&mut i64> {
        if k < self.validators {
            self.cells.get_mut(j * self.stride + k)
        } else {
            None
        }
    }

    /// The scores of column `j` (empty if out of range).
    fn column(&self, j: usize) -> &[i64] {
        let start = j * self.stride;
        self.cells
            .get(start..start + self.validators)
            .unwrap_or_default()
    }
}

/// Number of score buckets of [`select_weighted_median`] (a power of two).
const MEDIAN_BUCKETS: usize = 256;

/// Reusable buffers of [`select_weighted_median`].
#[derive(Debug, Default)]
pub struct MedianScratch {
    /// Stake per score bucket.
    histogram: Vec<i64>,
    /// The `(score, stake)` pairs of the bucket holding the answer.
    bucket: Vec<(i64, i64)>,
}

/// The stake-weighted median of one column from `scores[k]` and `stake[k]` (raw `I32F32` bits),
/// the value [`weighted_median`] returns for these pairs with `total = Σ stake` (yuma-spec
/// §4.6): the smallest score `v` with `Σ stake(score ≤ v) > minority`, the smallest score if
/// `minority` is negative, the largest if the total never exceeds it, zero for an empty column.
///
/// Instead of the chain's quickselect this uses the closed form directly (which the quickselect
/// computes whatever its pivots, with exact sums): the score range is cut into 256 equal
/// buckets, one pass sums the stake per bucket, a scan of the buckets finds the first where the
/// cumulative stake exceeds `minority` (the answer lies in it), and only that bucket's pairs are
/// sorted and scanned. Stakes must be non-negative and their sum must not overflow (the epoch's
/// are at most 1.0 each).
pub fn select_weighted_median(
    scores: &[i64],
    stake: &[i64],
    minority: i64,
    scratch: &mut MedianScratch,
) -> i64 {
    let len = scores.len().min(stake.len());
    let (scores, stake) = (&scores[..len], &stake[..len]);
    let Some(&first) = scores.first() else {
        return 0;
    };
    let (low, high) = scores.iter().fold((first, first), |(low, high), &score| {
        (low.min(score), high.max(score))
    });
    if minority < 0 || low == high {
        return low;
    }
    // Bucket of a score: its offset from the lowest, shifted so the highest lands below
    // MEDIAN_BUCKETS. Buckets keep the order of scores.
    let range = high.wrapping_sub(low) as u64;
    let bucket_bits = MEDIAN_BUCKETS.trailing_zeros();
    let shift = (u64::BITS - range.leading_zeros()).saturating_sub(bucket_bits);
    let bucket_of = |score: i64| (score.wrapping_sub(low) as u64 >> shift) as usize;

    let histogram = &mut scratch.histogram;
    histogram.clear();
    histogram.resize(MEDIAN_BUCKETS, 0);
    for (score, weight) in scores.iter().zip(stake) {
        if let Some(cell) = histogram.get_mut(bucket_of(*score)) {
            *cell = cell.saturating_add(*weight);
        }
    }
    // The first bucket whose cumulative stake exceeds the minority, and the stake below it.
    let mut below = 0_i64;
    let mut found = None;
    for (index, weight) in histogram.iter().enumerate() {
        let up_to = below.saturating_add(*weight);
        if up_to > minority {
            found = Some(index);
            break;
        }
        below = up_to;
    }
    let Some(target) = found else {
        return high;
    };
    let bucket = &mut scratch.bucket;
    bucket.clear();
    bucket.extend(
        scores
            .iter()
            .zip(stake)
            .filter(|(score, _)| bucket_of(**score) == target)
            .map(|(score, weight)| (*score, *weight)),
    );
    bucket.sort_unstable_by_key(|(score, _)| *score);
    for (score, weight) in bucket.iter() {
        below = below.saturating_add(*weight);
        if below > minority {
            return *score;
        }
    }
    // Not reached: the bucket's stake takes the cumulative sum past the minority.
    high
}

/// Quickselect for the stake-weighted median of `(score, stake)` pairs given as raw `I32F32`
/// bits (yuma-spec §4.6); returns the median's bits. The reference for
/// [`select_weighted_median`], which the epoch uses.
///
/// Each round takes the score in the middle of the current range as pivot and partitions the
/// range in place into scores below, equal to and above it. The pivot is the answer when the
/// stake strictly below it is at most `minority` and the stake up to it exceeds `minority`;
/// otherwise the search narrows to the side holding the answer. With exact fixed-point sums the
/// answer does not depend on the order of the pairs, so the chain's order-preserving partition
/// and this in-place one agree. Fixed-point addition and comparison are those of the raw bits,
/// so working on `i64` changes nothing but speed.
pub fn weighted_median(pairs: &mut [(i64, i64)], minority: i64, total: i64) -> i64 {
    let mut low_bound = 0_i64;
    let mut high_bound = total;
    let mut range = 0..pairs.len();
    loop {
        let slice = &mut pairs[range.clone()];
        match slice.len() {
            0 => return 0,
            1 => return slice[0].0,
            _ => {}
        }
        let pivot = slice[slice.len() / 2].0;
        let split = partition_three_way(slice, pivot);
        let below = low_bound.saturating_add(split.lower_stake);
        let up_to = high_bound.saturating_sub(split.upper_stake);
        if below <= minority && minority < up_to {
            return pivot;
        } else if minority < below && split.lower_end > 0 {
            high_bound = below;
            range = range.start..range.start + split.lower_end;
        } else if up_to <= minority && split.upper_start < slice.len() {
            low_bound = up_to;
            range = range.start + split.upper_start..range.end;
        } else {
            return pivot;
        }
    }
}

/// Result of a three-way partition: group boundaries and the stake in the outer groups.
struct Split {
    lower_end: usize,
    upper_start: usize,
    lower_stake: i64,
    upper_stake: i64,
}

/// Reorder `slice` into scores below, equal to and above `pivot` in one pass, summing the stake
/// of the lower and upper groups on the way.
fn partition_three_way(slice: &mut [(i64, i64)], pivot: i64) -> Split {
    let mut split = Split {
        lower_end: 0,
        upper_start: slice.len(),
        lower_stake: 0,
        upper_stake: 0,
    };
    let mut cursor = 0;
    while cursor < split.upper_start {
        let (score, stake) = slice[cursor];
        if score < pivot {
            split.lower_stake = split.lower_stake.saturating_add(stake);
            slice.swap(split.lower_end, cursor);
            split.lower_end += 1;
            cursor += 1;
        } else if score > pivot {
            split.upper_stake = split.upper_stake.saturating_add(stake);
            split.upper_start -= 1;
            slice.swap(cursor, split.upper_start);
        } else {
            cursor += 1;
        }
    }
    split
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn f(x: f64) -> I32F32 {
        I32F32::from_num(x)
    }

    fn rows(dense: &[&[f64]]) -> Vec<Row> {
        dense
            .iter()
            .map(|r| {
                r.iter()
                    .enumerate()
                    .map(|(j, v)| (j as u16, f(*v)))
                    .collect()
            })
            .collect()
    }

    fn median_of(stake: &[f64], matrix: &[&[f64]], kappa: f64) -> Vec<f64> {
        let mut s: Vec<I32F32> = stake.iter().map(|x| f(*x)).collect();
        normalize(&mut s);
        let n = matrix.first().map_or(0, |r| r.len());
        column_weighted_median(&s, &rows(matrix), f(kappa), n)
            .iter()
            .map(|x| x.to_num::<f64>())
            .collect()
    }

    fn assert_close(got: &[f64], want: &[f64]) {
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() < 1e-6, "got {got:?}, want {want:?}");
        }
    }

    #[test]
    fn weighted_median_spec_columns() {
        let matrix: &[&[f64]] = &[
            &[0., 0.1, 0.],
            &[0., 0.2, 0.4],
            &[0., 0.3, 0.1],
            &[0., 0.4, 0.5],
        ];
        let stake = [0., 0.75, 0.25, 0.];
        assert_close(&median_of(&stake, matrix, 0.24), &[0., 0.3, 0.4]);
        assert_close(&median_of(&stake, matrix, 0.26), &[0., 0.2, 0.4]);
        assert_close(&median_of(&stake, matrix, 0.76), &[0., 0.2, 0.1]);
        let matrix: &[&[f64]] = &[
            &[0., 0.1, 0.],
            &[0., 0.2, 0.4],
            &[0., 0.3, 0.1],
            &[0., 0., 0.5],
        ];
        assert_close(
            &median_of(&[0., 0.3, 0.2, 0.5], matrix, 0.51),
            &[0., 0., 0.4],
        );
    }

    #[test]
    fn weighted_median_spec_scalars() {
        let col = |scores: &[f64]| -> Vec<Vec<f64>> { scores.iter().map(|s| vec![*s]).collect() };
        let run = |stake: &[f64], scores: &[f64]| {
            let m = col(scores);
            let m: Vec<&[f64]> = m.iter().map(|r| r.as_slice()).collect();
            median_of(stake, &m, 0.51)[0]
        };
        assert!((run(&[0.51, 0.49], &[0.5, 1.0]) - 0.5).abs() < 1e-6);
        assert!((run(&[0.49, 0.51], &[0.5, 1.0]) - 1.0).abs() < 1e-6);
        assert!((run(&[0.49, 0.01, 0.5], &[0.5, 0.7, 1.0]) - 0.7).abs() < 1e-6);
        let five = [0.2; 5];
        assert!((run(&five, &[0.8, 0.2, 1.0, 0.6, 0.4]) - 0.6).abs() < 1e-6);
    }

    #[test]
    fn top_k_drops_lower_uid_on_ties() {
        let v = [f(0.25), f(0.25), f(0.5), f(0.0)];
        assert_eq!(top_k_nonzero(&v, 2), vec![false, true, true, false]);
        assert_eq!(top_k_nonzero(&v, 8), vec![true, true, true, false]);
    }

    #[test]
    fn clip_drops_entries_above_zero_threshold() {
        let m = vec![vec![(0, f(0.5)), (1, f(0.5)), (2, f(0.0))]];
        let clipped = clip_to_columns(&m, &[f(0.25), f(0.0), f(0.0)]);
        assert_eq!(clipped, vec![vec![(0, f(0.25)), (2, f(0.0))]]);
    }

    #[test]
    fn out_of_range_columns_are_ignored() {
        let m = vec![vec![(7, f(1.0)), (0, f(0.5))]];
        assert_eq!(column_sums(&m, 2), vec![f(0.5), ZERO]);
        assert_eq!(vector_times_matrix(&[ONE], &m, 2), vec![f(0.5), ZERO]);
        assert_eq!(matrix_times_vector(&m, &[ONE, ONE]), vec![f(0.5)]);
    }

    #[test]
    fn positive_cells_keep_positive_values_and_ignore_overflow() {
        let mut cells = PositiveCells::new(3);
        for (j, x) in [
            (0, 0.5),
            (1, 0.0),
            (2, -0.25),
            (3, 0.75),
            (4, 0.125),
            (5, 1.0),
        ] {
            cells.push(j, f(x));
        }
        assert_eq!(
            cells.into_row(),
            vec![(0, f(0.5)), (3, f(0.75)), (4, f(0.125))]
        );
    }

    #[test]
    fn column_major_stride_is_an_odd_number_of_lines() {
        for (validators, stride) in [(0, 0), (1, 8), (8, 8), (9, 24), (16, 24), (256, 264)] {
            assert_eq!(
                ColumnMajor::new(validators, 2).stride,
                stride,
                "{validators}"
            );
        }
    }

    #[test]
    fn select_weighted_median_edges() {
        let mut scratch = MedianScratch::default();
        assert_eq!(select_weighted_median(&[], &[], 5, &mut scratch), 0);
        assert_eq!(select_weighted_median(&[7], &[1], 5, &mut scratch), 7);
        // Negative minority: the smallest score; minority at or above the total: the largest.
        assert_eq!(
            select_weighted_median(&[3, 1, 2], &[1, 1, 1], -1, &mut scratch),
            1
        );
        assert_eq!(
            select_weighted_median(&[3, 1, 2], &[1, 1, 1], 3, &mut scratch),
            3
        );
        // Exactly at a cumulative sum: the next score up.
        assert_eq!(
            select_weighted_median(&[3, 1, 2], &[1, 1, 1], 1, &mut scratch),
            2
        );
        assert_eq!(
            select_weighted_median(&[3, 1, 2], &[1, 1, 1], 0, &mut scratch),
            1
        );
    }

    /// Property tests of the fused and faster helpers against the plain primitives (and the
    /// chain-shaped quickselect) they replace in the epoch.
    mod equivalence {
        use super::*;
        use proptest::collection::vec;
        use proptest::prelude::*;

        /// Raw `I32F32` bits of a weight: ties, proportions in [0, 1], zeros, sometimes
        /// anything.
        fn bits() -> impl Strategy<Value = i64> {
            prop_oneof![
                3 => (0_i64..4).prop_map(|x| x << 30),
                4 => 0_i64..=(1 << 32),
                1 => Just(0_i64),
                1 => any::<i64>(),
            ]
        }

        /// A sparse row over about `n` columns: sorted or not, with duplicates and columns
        /// beyond `n` sometimes.
        fn row(n: u16) -> impl Strategy<Value = Row> {
            let entry =
                (0..n.saturating_add(2), bits()).prop_map(|(j, v)| (j, I32F32::from_bits(v)));
            (vec(entry, 0..24), any::<bool>(), any::<bool>()).prop_map(|(mut row, sort, dedup)| {
                if sort {
                    row.sort_by_key(|(j, _)| *j);
                    if dedup {
                        row.dedup_by_key(|(j, _)| *j);
                    }
                }
                row
            })
        }

        fn matrix(n: u16) -> impl Strategy<Value = Vec<Row>> {
            vec(row(n), 0..=usize::from(n) + 1)
        }

        fn fixed_vec(len: usize) -> impl Strategy<Value = Vec<I32F32>> {
            vec(bits().prop_map(I32F32::from_bits), len)
        }

        /// The consensus as the epoch computed it before [`ConsensusColumns`]: a dense
        /// column-major copy and the chain-shaped quickselect per column.
        fn reference_column_median(
            active_stake: &[I32F32],
            matrix: &[Row],
            majority: I32F32,
            n: usize,
        ) -> Vec<I32F32> {
            let validators: Vec<usize> = (0..active_stake.len())
                .filter(|&i| active_stake[i] > ZERO)
                .collect();
            let mut stake: Vec<I32F32> = validators.iter().map(|&i| active_stake[i]).collect();
            normalize(&mut stake);
            let total = sum(&stake);
            let minority = total.saturating_sub(majority);
            let v = validators.len();
            let mut scores = vec![ZERO; n * v];
            for (k, &i) in validators.iter().enumerate() {
                for (j, value) in matrix.get(i).map_or(&[][..], Vec::as_slice) {
                    if usize::from(*j) < n {
                        scores[usize::from(*j) * v + k] = *value;
                    }
                }
            }
            (0..n)
                .map(|j| {
                    let mut pairs: Vec<(i64, i64)> = (0..v)
                        .map(|k| (scores[j * v + k].to_bits(), stake[k].to_bits()))
                        .collect();
                    let median = weighted_median(&mut pairs, minority.to_bits(), total.to_bits());
                    I32F32::from_bits(median)
                })
                .collect()
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

            #[test]
            fn select_weighted_median_matches_quickselect(
                column in vec((bits(), 0_i64..=(1 << 32)), 0..300),
                pick in any::<prop::sample::Index>(),
                offset in -1_i64..=1,
                wild in any::<i64>(),
            ) {
                let (scores, stake): (Vec<i64>, Vec<i64>) = column.into_iter().unzip();
                let total: i64 = stake.iter().sum();
                // Cumulative stake up to some score (exact ties of the comparison), around it,
                // and arbitrary minorities.
                let cumulative = if scores.is_empty() {
                    0
                } else {
                    let threshold = scores[pick.index(scores.len())];
                    let below = scores.iter().zip(&stake).filter(|(s, _)| **s <= threshold);
                    below.map(|(_, w)| *w).sum()
                };
                let mut scratch = MedianScratch::default();
                let minorities = [cumulative + offset, cumulative, wild >> 16, wild, -1, total, total - 1];
                for minority in minorities {
                    let mut pairs: Vec<(i64, i64)> =
                        scores.iter().copied().zip(stake.iter().copied()).collect();
                    prop_assert_eq!(
                        select_weighted_median(&scores, &stake, minority, &mut scratch),
                        weighted_median(&mut pairs, minority, total),
                        "minority {}", minority
                    );
                }
            }

            #[test]
            fn column_weighted_median_matches_reference(
                (n, matrix, active_stake) in (0_u16..12).prop_flat_map(|n| {
                    let rows = usize::from(n);
                    (Just(n), vec(row(n), rows), fixed_vec(rows))
                }),
                majority in bits(),
            ) {
                let n = usize::from(n);
                let mut active_stake = active_stake;
                normalize(&mut active_stake);
                let majority = I32F32::from_bits(majority);
                prop_assert_eq!(
                    column_weighted_median(&active_stake, &matrix, majority, n),
                    reference_column_median(&active_stake, &matrix, majority, n)
                );
            }

            #[test]
            fn clip_and_sum_matches_primitives(
                (n, matrix, threshold, vector) in (0_u16..12).prop_flat_map(|n| {
                    let vector = vec(bits().prop_map(I32F32::from_bits), 0..14);
                    (Just(n), matrix(n), fixed_vec(usize::from(n)), vector)
                }),
            ) {
                let n = usize::from(n);
                let clipped = clip_and_sum(&matrix, &threshold, &vector, n);
                let reference = clip_to_columns(&matrix, &threshold);
                prop_assert_eq!(&clipped.row_sums, &row_sums(&reference));
                let weighted = vector_times_matrix(&vector, &reference, n);
                prop_assert_eq!(&clipped.weighted_column_sums, &weighted);
                prop_assert_eq!(clipped.rows, reference);
            }

            #[test]
            fn ema_row_matches_dense(
                n in 0_usize..14,
                new in row(12),
                old in row(12),
                alpha in bits(),
            ) {
                let alpha = I32F32::from_bits(alpha);
                prop_assert_eq!(ema_row(&new, &old, alpha, n), ema_row_dense(&new, &old, alpha, n));
            }

            #[test]
            fn column_normalize_divides_by_column_sums(
                (n, matrix) in (0_u16..12).prop_flat_map(|n| (Just(n), matrix(n))),
            ) {
                let n = usize::from(n);
                let sums = column_sums(&matrix, n);
                let mut normalized = matrix.clone();
                column_normalize(&mut normalized, n);
                for (row, original) in normalized.iter().zip(&matrix) {
                    for ((j, value), (_, before)) in row.iter().zip(original) {
                        let want = match sums.get(usize::from(*j)) {
                            Some(total) if *total != ZERO => safe_div(*before, *total),
                            _ => *before,
                        };
                        prop_assert_eq!(*value, want);
                    }
                }
            }
        }
    }
}
