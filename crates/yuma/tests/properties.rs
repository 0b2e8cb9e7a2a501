//! Property tests of the epoch: the sparse production path equals the dense cross-check, the
//! outputs are well-formed (lengths, normalisation, bond rows), relabelling uids relabels the
//! outputs, and nothing panics on edge inputs.
//!
//! Case counts are kept small so the whole file runs in well under a minute in debug.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use dtao_primitives::fixed::I64F64;
use dtao_yuma::scenario::{check_scenarios_with, load_scenarios};
use dtao_yuma::{
    epoch_dense, epoch_sparse, BondsModel, EpochInput, EpochOutput, EpochParams, InputError,
    LiquidAlpha, SparseRow,
};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;

/// Signature shared by both epochs.
type EpochFn = fn(&EpochParams, &EpochInput) -> Result<EpochOutput, InputError>;

/// Which bond model a generated case uses.
#[derive(Clone, Copy, Debug)]
enum Model {
    Classic,
    Yuma3,
    Yuma3Liquid,
    /// Any of the three.
    Any,
}

/// A generated epoch run.
#[derive(Clone, Debug)]
struct Case {
    params: EpochParams,
    input: EpochInput,
}

/// Raw stake: often zero, some tiny, some large with a fractional part.
fn stake_strategy() -> impl Strategy<Value = I64F64> {
    prop_oneof![
        3 => Just(I64F64::from_bits(0)),
        2 => (1_u64..1_000).prop_map(I64F64::from_num),
        4 => (0_u64..(1 << 50), any::<u64>())
            .prop_map(|(int, frac)| I64F64::from_bits(i128::from(int) << 64 | i128::from(frac))),
    ]
}

/// A sparse row over `n` uids plus one out-of-range column, sorted ascending, of random density
/// (empty, sparse, dense or full). Each cell is one random `u32` (cheap to generate and shrink):
/// its low byte decides presence, the rest the value, with 0 and 65535 over-represented.
fn row_strategy(n: usize) -> impl Strategy<Value = SparseRow> {
    prop_oneof![Just(0_u32), Just(77), Just(204), Just(256)]
        .prop_flat_map(move |density| (Just(density), vec(any::<u32>(), n + 1)))
        .prop_map(|(density, cells)| {
            cells
                .into_iter()
                .enumerate()
                .filter(|&(_, bits)| bits & 0xff < density)
                .filter_map(|(j, bits)| {
                    let value = match (bits >> 8) & 7 {
                        0 => 0,
                        1 => u16::MAX,
                        _ => (bits >> 16) as u16,
                    };
                    Some((u16::try_from(j).ok()?, value))
                })
                .collect()
        })
}

/// A block number; small so that the activity, outdated and bond masks tie often.
fn block_strategy() -> impl Strategy<Value = u64> {
    prop_oneof![8 => 0_u64..=60, 1 => Just(u64::MAX)]
}

fn liquid_strategy() -> impl Strategy<Value = LiquidAlpha> {
    prop_oneof![
        Just(LiquidAlpha::default()),
        (any::<u16>(), any::<u16>(), any::<i16>()).prop_map(|(a, b, steepness)| LiquidAlpha {
            alpha_low: a.min(b),
            alpha_high: a.max(b),
            steepness,
        }),
    ]
}

fn model_strategy(model: Model) -> BoxedStrategy<BondsModel> {
    let liquid = liquid_strategy().prop_map(|la| BondsModel::Yuma3 {
        liquid_alpha: Some(la),
    });
    match model {
        Model::Classic => Just(BondsModel::Classic).boxed(),
        Model::Yuma3 => Just(BondsModel::Yuma3 { liquid_alpha: None }).boxed(),
        Model::Yuma3Liquid => liquid.boxed(),
        Model::Any => prop_oneof![
            Just(BondsModel::Classic),
            Just(BondsModel::Yuma3 { liquid_alpha: None }),
            liquid,
        ]
        .boxed(),
    }
}

fn params_strategy(n: usize, model: Model) -> impl Strategy<Value = EpochParams> {
    let n16 = u16::try_from(n).unwrap_or(u16::MAX);
    let schedule = (
        0_u64..=60,
        prop_oneof![Just(0_u16), 1_u16..=30, Just(360)],
        prop_oneof![Just(13_889_u32), 0_u32..=3_000],
        prop_oneof![Just(0_u64), 0_u64..=60],
    );
    let consensus = (
        prop_oneof![Just(32_767_u16), Just(0), Just(u16::MAX), any::<u16>()],
        0_u16..=n16.saturating_add(2),
        prop_oneof![Just(900_000_u64), Just(975_000), 0_u64..=1_000_000],
        prop_oneof![Just(u16::MAX), Just(0_u16), any::<u16>()],
        model_strategy(model),
    );
    let other = (
        prop_oneof![Just(0_u64), 0_u64..=2_000],
        option::of(0_u16..=n16),
        prop_oneof![Just(1_000_000_000_u64), Just(0), any::<u64>()],
    );
    (schedule, consensus, other).prop_map(
        |((block, tempo, factor, lms), (kappa, max_validators, bma, beta, model), other)| {
            let (stake_threshold, owner_uid, emission_rao) = other;
            EpochParams {
                block,
                tempo,
                activity_cutoff_factor_milli: factor,
                kappa,
                max_allowed_validators: max_validators,
                bonds_moving_average: bma,
                bonds_penalty: beta,
                bonds_model: model,
                stake_threshold,
                owner_uid,
                last_mechanism_step_block: lms,
                emission_rao,
            }
        },
    )
}

fn input_strategy(
    n: usize,
    stake: BoxedStrategy<Vec<I64F64>>,
) -> impl Strategy<Value = EpochInput> {
    (
        stake,
        vec(any::<bool>(), n),
        vec(block_strategy(), n),
        vec(0_u64..=40, n),
        vec(row_strategy(n), n),
        vec(row_strategy(n), n),
        option::of(vec(prop_oneof![4 => 0_u64..=40, 1 => Just(u64::MAX)], n)),
    )
        .prop_map(
            |(stake, permit, last_update, registration, weights, bonds, commit_blocks)| {
                EpochInput {
                    stake,
                    validator_permit: permit,
                    last_update,
                    block_at_registration: registration,
                    weights,
                    bonds,
                    commit_blocks,
                }
            },
        )
}

/// Random cases with `n` in `0..=max_n`.
fn case_strategy(max_n: usize, model: Model) -> impl Strategy<Value = Case> {
    (0..=max_n).prop_flat_map(move |n| {
        let stake = vec(stake_strategy(), n).boxed();
        (params_strategy(n, model), input_strategy(n, stake))
            .prop_map(|(params, input)| Case { params, input })
    })
}

/// Random cases with pairwise distinct non-zero stakes (zeros allowed), far enough apart that
/// they stay distinct after normalisation, so the top-k tie-break by uid never applies.
fn distinct_stake_case_strategy(max_n: usize) -> impl Strategy<Value = Case> {
    (0..=max_n).prop_flat_map(move |n| {
        let stake = vec(option::weighted(0.75, 0_u64..(1 << 16)), n)
            .prop_map(|v| {
                v.into_iter()
                    .enumerate()
                    .map(|(i, s)| match s {
                        Some(s) => I64F64::from_num(s * 64 + i as u64 + 1),
                        None => I64F64::from_bits(0),
                    })
                    .collect()
            })
            .boxed();
        (params_strategy(n, Model::Any), input_strategy(n, stake))
            .prop_map(|(params, input)| Case { params, input })
    })
}

/// Bond rows with zero-valued entries removed (the sparse path may store an entry whose value
/// truncates to 0; the dense path stores only non-zero values).
fn nonzero_bonds(bonds: &[SparseRow]) -> Vec<SparseRow> {
    bonds
        .iter()
        .map(|row| row.iter().copied().filter(|&(_, v)| v != 0).collect())
        .collect()
}

/// Assert that two outputs are equal field by field (bonds modulo zero-valued entries).
fn assert_same(sparse: &EpochOutput, dense: &EpochOutput) -> Result<(), TestCaseError> {
    prop_assert_eq!(&sparse.active, &dense.active, "active");
    prop_assert_eq!(&sparse.stake_weight, &dense.stake_weight, "stake_weight");
    prop_assert_eq!(
        &sparse.validator_permit,
        &dense.validator_permit,
        "validator_permit"
    );
    prop_assert_eq!(&sparse.consensus, &dense.consensus, "consensus");
    prop_assert_eq!(
        &sparse.validator_trust,
        &dense.validator_trust,
        "validator_trust"
    );
    prop_assert_eq!(&sparse.incentive, &dense.incentive, "incentive");
    prop_assert_eq!(&sparse.dividends, &dense.dividends, "dividends");
    prop_assert_eq!(&sparse.emission, &dense.emission, "emission");
    prop_assert_eq!(
        &sparse.server_emission,
        &dense.server_emission,
        "server_emission"
    );
    prop_assert_eq!(
        &sparse.validator_emission,
        &dense.validator_emission,
        "validator_emission"
    );
    prop_assert_eq!(
        nonzero_bonds(&sparse.bonds),
        nonzero_bonds(&dense.bonds),
        "bonds"
    );
    Ok(())
}

/// For Yuma3 + liquid alpha, drop every previous bond whose cell might be missing from the
/// sparse weights-for-bonds row, the one place where the dense variant deliberately differs
/// (it decays such bonds, the sparse path deletes them; see `dense.rs`). A cell is kept only if
/// the validator holds last epoch's permit, the weight survives the diagonal, outdated and
/// commit-reveal masks, and it cannot be clipped or interpolated away (positive weight and
/// non-zero consensus, or an explicit zero with β ∈ {0, 1}, or any weight with β = 0).
fn without_dropped_liquid_bonds(case: &Case) -> Case {
    let Case { params, input } = case;
    let n = input.n();
    let consensus = epoch_dense(params, input)
        .map(|o| o.consensus)
        .unwrap_or_default();
    let owner = params.owner_uid.map(usize::from);
    let beta = params.bonds_penalty;
    let mut input = input.clone();
    for i in 0..n {
        let permitted = input.validator_permit[i] || owner == Some(i);
        let weight_row = input.weights[i].clone();
        let present = |j: usize| -> bool {
            if j >= n {
                return false;
            }
            let Some(&(_, w)) = weight_row.iter().find(|&&(col, _)| usize::from(col) == j) else {
                return false;
            };
            let masked = (j == i && owner != Some(i))
                || input.last_update[i] <= input.block_at_registration[j]
                || input
                    .commit_blocks
                    .as_ref()
                    .is_some_and(|cb| cb[i] < input.block_at_registration[j]);
            let survives_clip = match (beta, w) {
                (0, _) => true,
                (u16::MAX, 0) => true,
                (_, 0) => false,
                _ => consensus.get(j).is_some_and(|&c| c > 0),
            };
            permitted && !masked && survives_clip
        };
        let kept: SparseRow = input.bonds[i]
            .iter()
            .copied()
            .filter(|&(j, _)| present(usize::from(j)))
            .collect();
        input.bonds[i] = kept;
    }
    Case {
        params: params.clone(),
        input,
    }
}

/// Every uid weights every uid (itself included) with a positive value: stored values are kept
/// and missing ones filled deterministically.
fn with_full_weight_rows(mut case: Case) -> Case {
    let n = case.input.n();
    for (i, row) in case.input.weights.iter_mut().enumerate() {
        let full: SparseRow = (0..n)
            .map(|j| {
                let stored = row.iter().find(|&&(col, _)| usize::from(col) == j);
                let fill = ((i * 7_919 + j * 104_729) % 65_535 + 1) as u16;
                let value = stored.map_or(fill, |&(_, v)| v.max(1));
                (u16::try_from(j).unwrap(), value)
            })
            .collect();
        *row = full;
    }
    case
}

fn check_sparse_equals_dense(case: &Case) -> Result<(), TestCaseError> {
    let sparse = epoch_sparse(&case.params, &case.input).unwrap();
    let dense = epoch_dense(&case.params, &case.input).unwrap();
    assert_same(&sparse, &dense)
}

/// Sum of u16 proportions is 65535 up to one unit of truncation per uid, or 0.
fn check_normalised(values: &[u16], what: &str) -> Result<(), TestCaseError> {
    let total: u64 = values.iter().map(|&v| u64::from(v)).sum();
    let n = values.len() as u64;
    prop_assert!(
        total == 0 || (65_535_u64.saturating_sub(n) <= total && total <= 65_535),
        "{} sums to {} over {} uids: {:?}",
        what,
        total,
        n,
        values
    );
    Ok(())
}

fn check_well_formed(case: &Case, out: &EpochOutput) -> Result<(), TestCaseError> {
    let n = case.input.n();
    for (name, len) in [
        ("active", out.active.len()),
        ("stake_weight", out.stake_weight.len()),
        ("consensus", out.consensus.len()),
        ("validator_trust", out.validator_trust.len()),
        ("incentive", out.incentive.len()),
        ("dividends", out.dividends.len()),
        ("emission", out.emission.len()),
        ("server_emission", out.server_emission.len()),
        ("validator_emission", out.validator_emission.len()),
        ("validator_permit", out.validator_permit.len()),
        ("bonds", out.bonds.len()),
    ] {
        prop_assert_eq!(len, n, "length of {}", name);
    }
    check_normalised(&out.incentive, "incentive")?;
    check_normalised(&out.dividends, "dividends")?;
    for (i, row) in out.bonds.iter().enumerate() {
        if !out.validator_permit[i] {
            prop_assert!(row.is_empty(), "bond row {} stored without a permit", i);
        }
        prop_assert!(
            row.iter().all(|&(j, _)| usize::from(j) < n),
            "bond column ≥ n: {:?}",
            row
        );
        prop_assert!(
            row.windows(2).all(|w| w[0].0 < w[1].0),
            "bond row unsorted: {:?}",
            row
        );
    }
    Ok(())
}

/// The case with uid `i` relabelled `perm[i]`; rows are re-sorted ascending.
fn permuted(case: &Case, perm: &[usize]) -> Case {
    let n = perm.len();
    let map_row = |row: &SparseRow| -> SparseRow {
        let mut mapped: SparseRow = row
            .iter()
            .map(|&(j, v)| match perm.get(usize::from(j)) {
                Some(&p) => (u16::try_from(p).unwrap(), v),
                None => (j, v), // out of range stays out of range
            })
            .collect();
        mapped.sort_unstable();
        mapped
    };
    let mut input = case.input.clone();
    for (i, &p) in perm.iter().enumerate() {
        input.stake[p] = case.input.stake[i];
        input.validator_permit[p] = case.input.validator_permit[i];
        input.last_update[p] = case.input.last_update[i];
        input.block_at_registration[p] = case.input.block_at_registration[i];
        input.weights[p] = map_row(&case.input.weights[i]);
        input.bonds[p] = map_row(&case.input.bonds[i]);
        if let (Some(dst), Some(src)) = (
            input.commit_blocks.as_mut(),
            case.input.commit_blocks.as_ref(),
        ) {
            dst[p] = src[i];
        }
    }
    let mut params = case.params.clone();
    params.owner_uid = params.owner_uid.map(|o| match perm.get(usize::from(o)) {
        Some(&p) => u16::try_from(p).unwrap(),
        None => o,
    });
    debug_assert_eq!(input.n(), n);
    Case { params, input }
}

/// The output with uid `i` relabelled `perm[i]`.
fn permuted_output(out: &EpochOutput, perm: &[usize]) -> EpochOutput {
    fn apply<T: Clone>(v: &[T], perm: &[usize]) -> Vec<T> {
        let mut result = v.to_vec();
        for (i, &p) in perm.iter().enumerate() {
            result[p] = v[i].clone();
        }
        result
    }
    let bonds: Vec<SparseRow> = out
        .bonds
        .iter()
        .map(|row| {
            let mut mapped: SparseRow = row
                .iter()
                .map(|&(j, v)| (u16::try_from(perm[usize::from(j)]).unwrap(), v))
                .collect();
            mapped.sort_unstable();
            mapped
        })
        .collect();
    EpochOutput {
        active: apply(&out.active, perm),
        stake_weight: apply(&out.stake_weight, perm),
        consensus: apply(&out.consensus, perm),
        validator_trust: apply(&out.validator_trust, perm),
        incentive: apply(&out.incentive, perm),
        dividends: apply(&out.dividends, perm),
        emission: apply(&out.emission, perm),
        server_emission: apply(&out.server_emission, perm),
        validator_emission: apply(&out.validator_emission, perm),
        validator_permit: apply(&out.validator_permit, perm),
        bonds: apply(&bonds, perm),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn sparse_equals_dense_classic(case in case_strategy(64, Model::Classic)) {
        check_sparse_equals_dense(&case)?;
    }

    #[test]
    fn sparse_equals_dense_yuma3(case in case_strategy(64, Model::Yuma3)) {
        check_sparse_equals_dense(&case)?;
    }

    #[test]
    fn sparse_equals_dense_yuma3_liquid_alpha(case in case_strategy(64, Model::Yuma3Liquid)) {
        check_sparse_equals_dense(&without_dropped_liquid_bonds(&case))?;
    }

    #[test]
    fn sparse_equals_dense_yuma3_liquid_alpha_full_rows(
        case in case_strategy(64, Model::Yuma3Liquid).prop_map(with_full_weight_rows)
    ) {
        check_sparse_equals_dense(&without_dropped_liquid_bonds(&case))?;
    }

    #[test]
    fn outputs_are_well_formed(case in case_strategy(64, Model::Any)) {
        let sparse = epoch_sparse(&case.params, &case.input).unwrap();
        check_well_formed(&case, &sparse)?;
        let dense = epoch_dense(&case.params, &case.input).unwrap();
        check_well_formed(&case, &dense)?;
    }

    #[test]
    fn relabelling_uids_relabels_outputs(
        (case, perm) in distinct_stake_case_strategy(48).prop_flat_map(|case| {
            let n = case.input.n();
            (Just(case), Just((0..n).collect::<Vec<usize>>()).prop_shuffle())
        })
    ) {
        let relabelled = permuted(&case, &perm);
        for (name, epoch) in [
            ("sparse", epoch_sparse as EpochFn),
            ("dense", epoch_dense as EpochFn),
        ] {
            let original = epoch(&case.params, &case.input).unwrap();
            let moved = epoch(&relabelled.params, &relabelled.input).unwrap();
            prop_assert_eq!(permuted_output(&original, &perm), moved, "{}", name);
        }
    }
}

// ---- Edge inputs: nothing panics, outputs keep their shape. ----

fn models() -> [BondsModel; 4] {
    [
        BondsModel::Classic,
        BondsModel::Yuma3 { liquid_alpha: None },
        BondsModel::Yuma3 {
            liquid_alpha: Some(LiquidAlpha::default()),
        },
        BondsModel::Yuma3 {
            liquid_alpha: Some(LiquidAlpha {
                alpha_low: 0,
                alpha_high: u16::MAX,
                steepness: i16::MIN,
            }),
        },
    ]
}

/// An input of `n` uids: every uid staked `stake`, permitted, updated at `block`, registered at
/// 0, each with `weights(i)` and `bonds(i)`.
fn uniform(
    n: usize,
    stake: I64F64,
    block: u64,
    weights: impl Fn(usize) -> SparseRow,
    bonds: impl Fn(usize) -> SparseRow,
) -> EpochInput {
    EpochInput {
        stake: vec![stake; n],
        validator_permit: vec![true; n],
        last_update: vec![block; n],
        block_at_registration: vec![0; n],
        weights: (0..n).map(&weights).collect(),
        bonds: (0..n).map(&bonds).collect(),
        commit_blocks: None,
    }
}

fn full_row(n: usize, value: u16) -> SparseRow {
    (0..n).map(|j| (u16::try_from(j).unwrap(), value)).collect()
}

/// Run both epochs on every model and check the output shapes.
fn run_both(params: &EpochParams, input: &EpochInput) {
    for model in models() {
        let params = EpochParams {
            bonds_model: model,
            ..params.clone()
        };
        let case = Case {
            params: params.clone(),
            input: input.clone(),
        };
        let sparse = epoch_sparse(&params, input).expect("valid input");
        check_well_formed(&case, &sparse).unwrap();
        let dense = epoch_dense(&params, input).expect("valid input");
        check_well_formed(&case, &dense).unwrap();
    }
}

fn base_params() -> EpochParams {
    EpochParams {
        block: 100,
        emission_rao: 1_000_000_000,
        ..EpochParams::default()
    }
}

#[test]
fn edge_zero_stake_everywhere() {
    let input = uniform(
        8,
        I64F64::from_bits(0),
        100,
        |_| full_row(8, 65_535),
        |_| full_row(8, 65_535),
    );
    run_both(&base_params(), &input);
    let out = epoch_sparse(&base_params(), &input).unwrap();
    assert_eq!(out.emission, vec![0; 8]);
}

#[test]
fn edge_all_zero_weights_and_empty_rows() {
    let one = I64F64::from_num(1);
    run_both(
        &base_params(),
        &uniform(8, one, 100, |_| full_row(8, 0), |_| Vec::new()),
    );
    run_both(
        &base_params(),
        &uniform(8, one, 100, |_| Vec::new(), |_| Vec::new()),
    );
    run_both(
        &base_params(),
        &uniform(8, one, 100, |_| Vec::new(), |_| full_row(8, 1)),
    );
}

#[test]
fn edge_tiny_subnets() {
    let one = I64F64::from_num(1);
    run_both(&base_params(), &EpochInput::default());
    run_both(
        &base_params(),
        &uniform(
            1,
            one,
            100,
            |_| full_row(1, 65_535),
            |_| full_row(1, 65_535),
        ),
    );
    let owner = EpochParams {
        owner_uid: Some(0),
        ..base_params()
    };
    run_both(
        &owner,
        &uniform(
            1,
            one,
            100,
            |_| full_row(1, 65_535),
            |_| full_row(1, 65_535),
        ),
    );
    let absent_owner = EpochParams {
        owner_uid: Some(5),
        ..base_params()
    };
    run_both(
        &absent_owner,
        &uniform(1, one, 100, |_| full_row(1, 7), |_| Vec::new()),
    );
}

#[test]
fn edge_entries_beyond_n() {
    let one = I64F64::from_num(1);
    let row = |_| vec![(0, 1), (3, 65_535), (4, 65_535), (u16::MAX, 65_535)];
    let input = uniform(4, one, 100, row, row);
    run_both(&base_params(), &input);
    for model in models() {
        let params = EpochParams {
            bonds_model: model,
            ..base_params()
        };
        assert_eq!(
            nonzero_bonds(&epoch_sparse(&params, &input).unwrap().bonds),
            nonzero_bonds(&epoch_dense(&params, &input).unwrap().bonds)
        );
    }
}

#[test]
fn edge_maximum_blocks_and_stakes() {
    let n = 6;
    let mut input = uniform(
        n,
        I64F64::max_value(),
        u64::MAX,
        |_| full_row(n, 65_535),
        |_| full_row(n, 65_535),
    );
    input.block_at_registration = vec![u64::MAX; n];
    input.commit_blocks = Some(vec![u64::MAX; n]);
    let params = EpochParams {
        block: u64::MAX,
        last_mechanism_step_block: u64::MAX,
        emission_rao: u64::MAX,
        owner_uid: Some(2),
        stake_threshold: u64::MAX,
        ..EpochParams::default()
    };
    run_both(&params, &input);
    input.block_at_registration = vec![0; n];
    run_both(&params, &input);
    let params = EpochParams {
        last_mechanism_step_block: 0,
        stake_threshold: 0,
        ..params
    };
    run_both(&params, &input);
}

#[test]
fn edge_extreme_parameters() {
    let n = 6;
    let stake = |i: usize| I64F64::from_num(i as u64 + 1);
    let mut input = uniform(
        n,
        I64F64::from_num(1),
        50,
        |_| full_row(n, 65_535),
        |_| full_row(n, 40_000),
    );
    input.stake = (0..n).map(stake).collect();
    for params in [
        EpochParams {
            block: 50,
            tempo: u16::MAX,
            activity_cutoff_factor_milli: u32::MAX,
            kappa: 0,
            max_allowed_validators: 0,
            bonds_moving_average: u64::MAX,
            bonds_penalty: 1,
            emission_rao: u64::MAX,
            ..EpochParams::default()
        },
        EpochParams {
            block: 50,
            tempo: 0,
            activity_cutoff_factor_milli: 0,
            kappa: u16::MAX,
            max_allowed_validators: u16::MAX,
            bonds_moving_average: 2_000_000,
            bonds_penalty: u16::MAX - 1,
            ..EpochParams::default()
        },
    ] {
        run_both(&params, &input);
    }
    // Liquid alpha with bounds the wrong way round and extreme steepness.
    for steepness in [i16::MIN, -1, 0, i16::MAX] {
        let params = EpochParams {
            block: 50,
            bonds_model: BondsModel::Yuma3 {
                liquid_alpha: Some(LiquidAlpha {
                    alpha_low: u16::MAX,
                    alpha_high: 0,
                    steepness,
                }),
            },
            ..EpochParams::default()
        };
        epoch_sparse(&params, &input).unwrap();
        epoch_dense(&params, &input).unwrap();
    }
}

#[test]
fn edge_length_mismatch_is_refused() {
    let mut input = uniform(3, I64F64::from_num(1), 1, |_| Vec::new(), |_| Vec::new());
    input.commit_blocks = Some(vec![0; 2]);
    assert!(epoch_sparse(&base_params(), &input).is_err());
    assert!(epoch_dense(&base_params(), &input).is_err());
}

/// A large subnet: 4 096 uids, 256 validators weighting every uid (sparse only; the dense path
/// would hold several 4 096² matrices). The dense path is compared with the sparse one at 1 024.
#[test]
fn large_subnet_4096_sparse_and_1024_dense() {
    let big = |n: usize, validators: usize| {
        let mut input = uniform(
            n,
            I64F64::from_bits(0),
            10,
            |i| {
                if i < validators {
                    full_row(n, 1 + (i as u16).wrapping_mul(97))
                } else {
                    Vec::new()
                }
            },
            |i| {
                if i < validators {
                    full_row(n, (i as u16).wrapping_mul(31))
                } else {
                    Vec::new()
                }
            },
        );
        for i in 0..validators {
            input.stake[i] = I64F64::from_num(1_000_000 + i as u64 * 1_000);
        }
        input
    };
    let params = EpochParams {
        block: 10,
        max_allowed_validators: 256,
        emission_rao: 1_000_000_000,
        bonds_model: BondsModel::Yuma3 {
            liquid_alpha: Some(LiquidAlpha::default()),
        },
        ..EpochParams::default()
    };
    let input = big(4096, 256);
    let out = epoch_sparse(&params, &input).unwrap();
    check_well_formed(
        &Case {
            params: params.clone(),
            input,
        },
        &out,
    )
    .unwrap();
    assert_eq!(out.validator_permit.iter().filter(|&&p| p).count(), 256);

    let params = EpochParams {
        bonds_model: BondsModel::Classic,
        ..params
    };
    let input = big(1024, 256);
    let sparse = epoch_sparse(&params, &input).unwrap();
    let dense = epoch_dense(&params, &input).unwrap();
    assert_same(&sparse, &dense).unwrap();
}

/// The dense epoch reproduces every expected value of `shared/vectors/yuma-vectors.json`
/// (yuma-spec §10 V1–V3 replayed step by step), like the sparse path in `vectors.rs`.
#[test]
fn dense_matches_shared_vectors() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/vectors/yuma-vectors.json"
    );
    let scenarios = load_scenarios(std::path::Path::new(path)).unwrap_or_else(|e| panic!("{e}"));
    let report = check_scenarios_with(&scenarios, epoch_dense).unwrap_or_else(|e| panic!("{e}"));
    assert!(report.epochs_checked > 0);
    let lines: Vec<String> = report.mismatches.iter().map(ToString::to_string).collect();
    assert!(
        report.passed(),
        "{} mismatches:\n{}",
        lines.len(),
        lines.join("\n")
    );
}
