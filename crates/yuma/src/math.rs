//! Vector and sparse-matrix primitives of the epoch, with subtensor's fixed-point semantics.
//!
//! Sparse matrices are `Vec<Vec<(u16, I32F32)>>`: one row per uid, entries `(column, value)` in
//! stored order. Columns at or beyond the declared width are ignored, never indexed. Every
//! operation saturates instead of overflowing, and divisions use `safe_div` (zero on a zero
//! divisor or overflow), so no input can make these functions panic.

use dtao_primitives::fixed::{mul_i32f32, safe_div, I32F32Divisor, I32F32, I64F64};
use std::borrow::Cow;

/// A sparse matrix row: `(column, value)` pairs.
pub type Row = Vec<(u16, I32F32)>;

/// Fixed-point zero.
pub const ZERO: I32F32 = I32F32::from_bits(0);

/// Fixed-point one.
pub const ONE: I32F32 = I32F32::from_bits(1 << 32);

/// Saturating sum of a vector.
pub fn sum(values: &[I32F32]) -> I32F32 {
    values.iter().fold(ZERO, |acc, v| acc.saturating_add(*v))
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
        let total = row.iter().fold(ZERO, |acc, (_, v)| acc.saturating_add(*v));
        if total == ZERO {
            continue;
        }
        let divisor = I32F32Divisor::new(total);
        for (_, value) in row.iter_mut() {
            *value = divisor.safe_div(*value);
        }
    }
}

/// Column sums of a sparse matrix with `n` columns.
pub fn column_sums(matrix: &[Row], n: usize) -> Vec<I32F32> {
    let mut sums = vec![ZERO; n];
    for row in matrix {
        for (j, value) in row {
            if let Some(cell) = sums.get_mut(usize::from(*j)) {
                *cell = cell.saturating_add(*value);
            }
        }
    }
    sums
}

/// Divide each column by its sum (columns with zero sum are left as they are).
pub fn column_normalize(matrix: &mut [Row], n: usize) {
    let divisors: Vec<I32F32Divisor> = column_sums(matrix, n)
        .into_iter()
        .map(I32F32Divisor::new)
        .collect();
    divide_columns(matrix, &divisors);
}

/// Divide each entry by its column's divisor, skipping columns whose divisor is zero.
fn divide_columns(matrix: &mut [Row], divisors: &[I32F32Divisor]) {
    for row in matrix.iter_mut() {
        for (j, value) in row.iter_mut() {
            if let Some(divisor) = divisors.get(usize::from(*j)) {
                if !divisor.is_zero() {
                    *value = divisor.safe_div(*value);
                }
            }
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
    let divisors: Vec<I32F32Divisor> = maxima.into_iter().map(I32F32Divisor::new).collect();
    divide_columns(matrix, &divisors);
}

/// Sum of each row.
pub fn row_sums(matrix: &[Row]) -> Vec<I32F32> {
    matrix
        .iter()
        .map(|row| row.iter().fold(ZERO, |acc, (_, v)| acc.saturating_add(*v)))
        .collect()
}

/// `r_j = Σ_i v_i · M_ij` for a matrix with `n` columns.
pub fn vector_times_matrix(vector: &[I32F32], matrix: &[Row], n: usize) -> Vec<I32F32> {
    let mut result = vec![ZERO; n];
    for (row, factor) in matrix.iter().zip(vector) {
        for (j, value) in row {
            if let Some(cell) = result.get_mut(usize::from(*j)) {
                *cell = cell.saturating_add(mul_i32f32(*factor, *value));
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
                acc.saturating_add(mul_i32f32(factor, *value))
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
    let count = dense.iter().filter(|value| **value > ZERO).count();
    let mut row = Vec::with_capacity(count);
    row.extend(
        dense
            .iter()
            .enumerate()
            .filter(|(_, value)| **value > ZERO)
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
/// densely per row (new first), keeping strictly positive cells in column order.
pub fn ema(new: &[Row], old: &[Row], alpha: I32F32, n: usize) -> Vec<Row> {
    let keep_old = ONE.saturating_sub(alpha);
    new.iter()
        .zip(old)
        .map(|(new_row, old_row)| {
            if new_row.is_empty() && old_row.is_empty() {
                return Vec::new();
            }
            let mut cells = vec![ZERO; n];
            for (j, value) in new_row {
                if let Some(cell) = cells.get_mut(usize::from(*j)) {
                    *cell = cell.saturating_add(mul_i32f32(alpha, *value));
                }
            }
            for (j, value) in old_row {
                if let Some(cell) = cells.get_mut(usize::from(*j)) {
                    *cell = cell.saturating_add(mul_i32f32(keep_old, *value));
                }
            }
            positive_entries(&cells)
        })
        .collect()
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
    let validators: Vec<usize> = active_stake
        .iter()
        .enumerate()
        .filter(|(_, s)| **s > ZERO)
        .map(|(i, _)| i)
        .collect();
    let mut stake: Vec<I32F32> = validators.iter().map(|&i| active_stake[i]).collect();
    normalize(&mut stake);
    let total = sum(&stake);
    let minority = total.saturating_sub(majority);

    // Column-major scores: scores[j * v + k] is validator k's weight on column j.
    let v = validators.len();
    let mut scores = vec![ZERO; n.saturating_mul(v)];
    let mut has_score = vec![false; n];
    for (k, &i) in validators.iter().enumerate() {
        for (j, value) in &matrix[i] {
            let j = usize::from(*j);
            if j < n {
                scores[j * v + k] = *value;
                has_score[j] |= *value != ZERO;
            }
        }
    }
    let stake_bits: Vec<i64> = stake.iter().map(|s| s.to_bits()).collect();
    let minority_bits = minority.to_bits();
    let total_bits = total.to_bits();
    let mut pairs: Vec<(i64, i64)> = Vec::with_capacity(v);
    (0..n)
        .map(|j| {
            if !has_score[j] {
                // Every score is zero (or there are no validators): the median is zero.
                return ZERO;
            }
            pairs.clear();
            let column = &scores[j * v..(j + 1) * v];
            pairs.extend(
                column
                    .iter()
                    .map(|s| s.to_bits())
                    .zip(stake_bits.iter().copied()),
            );
            I32F32::from_bits(weighted_median(&mut pairs, minority_bits, total_bits))
        })
        .collect()
}

/// Quickselect for the stake-weighted median of `(score, stake)` pairs given as raw `I32F32`
/// bits (yuma-spec §4.6); returns the median's bits.
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
}
