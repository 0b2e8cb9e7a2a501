//! Acceptance: the vector tables of yuma-spec §10 that `shared/vectors/yuma-vectors.json` does
//! not carry (V4–V11, plus the one V12 primitive not unit-tested in `src/`), replayed through the
//! production sparse epoch.
//!
//! Every scenario is driven as the chain would: a [`UidState`] holds stake, permits, last
//! updates, registration blocks, weight rows and bond rows; `set_weights` stores max-upscaled
//! rows and bumps `last_update`; each epoch runs [`epoch_sparse`] at its block and its bonds and
//! permits are stored back ([`UidState::absorb`]). Common setup of §10.0 unless a vector says
//! otherwise: no owner, stake threshold 0, commit-reveal off, one mechanism,
//! `LastMechansimStepBlock = 0`, E = 10^9 rao, activity factor 13 889‰, κ = 32 767.
//!
//! Exact integers of the spec (u16 consensus/incentive/dividends/bonds, rao emissions, also the
//! "emulated exact" ones) are compared with `assert_eq!`; the Yuma3 dividend proportions given to
//! four decimals (upstream tolerance 1e-3) are compared as `u16 / 65535` within [`TOLERANCE`].

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use dtao_yuma::mechanism::split_emission;
use dtao_yuma::scenario::UidState;
use dtao_yuma::{epoch_sparse, BondsModel, EpochOutput, EpochParams, LiquidAlpha, SparseRow};

/// Tolerance of upstream's Yuma3 dividend/bond assertions.
const TOLERANCE: f64 = 1e-3;

/// Epoch emission of every vector (1 alpha).
const EMISSION: u64 = 1_000_000_000;

/// `u16::MAX`, the max-upscaled full weight.
const M: u16 = u16::MAX;

// ---------------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------------

/// One subnet mechanism: its hyperparameters and the per-uid state the epochs read and write.
struct Net {
    params: EpochParams,
    state: UidState,
}

impl Net {
    /// `stake.len()` uids, all registered (and last updated) at `registered`, no weights, no
    /// bonds, no permits.
    fn new(stake: &[u64], registered: u64, params: EpochParams) -> Net {
        let n = stake.len();
        Net {
            params,
            state: UidState {
                stake: stake.to_vec(),
                validator_permit: vec![false; n],
                last_update: vec![registered; n],
                block_at_registration: vec![registered; n],
                weights: vec![Vec::new(); n],
                bonds: vec![Vec::new(); n],
            },
        }
    }

    /// `set_weights` by `uid` at `block` (values are max-upscaled, `last_update = block`).
    fn set(&mut self, uid: u16, uids: &[u16], values: &[u16], block: u64) {
        self.state.set_weights(uid, uids, values, block);
    }

    /// Every validator `i` in `0..rows.len()` sets `rows[i]` on `miners` at `block`.
    fn set_rows(&mut self, miners: &[u16], rows: &[&[u16]], block: u64) {
        for (uid, values) in rows.iter().enumerate() {
            self.set(u16::try_from(uid).unwrap(), miners, values, block);
        }
    }

    /// Run the epoch at `block` and store its bonds and permits.
    fn epoch(&mut self, block: u64) -> EpochOutput {
        let params = EpochParams {
            block,
            ..self.params.clone()
        };
        let input = self.state.epoch_input();
        let output = epoch_sparse(&params, &input).unwrap_or_else(|e| panic!("epoch: {e}"));
        self.state.absorb(&output);
        output
    }

    /// Stored bond of row `i` to column `j` (0 when absent).
    fn bond(&self, i: usize, j: u16) -> u16 {
        bond_in(&self.state.bonds[i], j)
    }
}

/// Value of column `j` in a sparse row (0 when absent).
fn bond_in(row: &SparseRow, j: u16) -> u16 {
    row.iter()
        .find(|(column, _)| *column == j)
        .map_or(0, |(_, value)| *value)
}

/// Common parameters of §10.0 for a given tempo, validator count and bond model.
fn base_params(tempo: u16, max_allowed_validators: u16, bonds_model: BondsModel) -> EpochParams {
    EpochParams {
        block: 0,
        tempo,
        activity_cutoff_factor_milli: 13_889,
        kappa: 32_767,
        max_allowed_validators,
        bonds_moving_average: 900_000,
        bonds_penalty: 65_535,
        bonds_model,
        stake_threshold: 0,
        owner_uid: None,
        last_mechanism_step_block: 0,
        emission_rao: EMISSION,
    }
}

/// `values[i] / 65535` is within [`TOLERANCE`] of `want[i]` for every i; returns the largest
/// deviation (printed with `--nocapture` for reports).
fn assert_proportions(label: &str, got: &[u16], want: &[f64]) -> f64 {
    assert_eq!(got.len(), want.len(), "{label}: length");
    let mut worst = 0.0_f64;
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        let g = f64::from(*g) / 65_535.0;
        let deviation = (g - w).abs();
        assert!(
            deviation <= TOLERANCE,
            "{label}: uid {i}: got {g:.6} (u16 {:?}), want {w:.4} (|Δ| = {deviation:.2e}); \
             all got {got:?}",
            (g * 65_535.0).round()
        );
        worst = worst.max(deviation);
    }
    worst
}

// ---------------------------------------------------------------------------------------------
// V4 — zero-weight fallbacks (`test_zero_weights`)
// ---------------------------------------------------------------------------------------------

/// yuma-spec §10 V4: n = 2, uid0 stake 1, uid1 stake 0, tempo 65 534, registered at block 1.
#[test]
fn v4_zero_weight_fallbacks() {
    let params = base_params(65_534, 100, BondsModel::Classic);
    let mut net = Net::new(&[1, 0], 1, params);

    // Epoch @1, no weights: all to the only staked validator (stake fallback).
    let out = net.epoch(1);
    assert_eq!(out.emission, vec![EMISSION, 0]);
    assert_eq!(out.validator_permit, vec![true, false]);

    // uid1 (no permit) sets a self-weight at block 1: masked, still the fallback.
    net.set(1, &[1], &[M], 1);
    let out = net.epoch(1);
    assert_eq!(out.emission, vec![EMISSION, 0]);

    // Block 2: uid0 weights uid1, then uid1 is re-registered in the same block ⇒ outdated.
    net.set(0, &[1], &[M], 2);
    net.state.replace_uid(1, 2, 0);
    assert_eq!(
        net.state.weights[0],
        vec![(1, 0)],
        "clear_neuron zeroes the weight"
    );
    let out = net.epoch(2);
    assert_eq!(out.emission, vec![EMISSION, 0]);
    assert_eq!(out.incentive, vec![0, 0]);

    // Block 3: uid0 re-sets its weight ⇒ normal split.
    net.set(0, &[1], &[M], 3);
    let out = net.epoch(3);
    assert_eq!(out.emission, vec![500_000_000, 500_000_000]);
    assert_eq!(out.incentive, vec![0, 65_535]);
    assert_eq!(out.dividends, vec![65_535, 0]);
}

// ---------------------------------------------------------------------------------------------
// V5 — no permits ⇒ stake fallback (`test_10_graph`)
// ---------------------------------------------------------------------------------------------

/// yuma-spec §10 V5: ten uids with stake 1 and only self-weights, no permits yet.
#[test]
fn v5_no_permits_stake_fallback() {
    let params = base_params(65_534, 100, BondsModel::Classic);
    let mut net = Net::new(&[1; 10], 0, params);
    for uid in 0..10 {
        net.set(uid, &[uid], &[M], 1);
    }
    let out = net.epoch(1);
    assert_eq!(out.emission, vec![99_999_999; 10]);
    assert_eq!(out.consensus, vec![0; 10]);
    assert_eq!(out.incentive, vec![0; 10]);
    assert_eq!(out.dividends, vec![0; 10]);
}

// ---------------------------------------------------------------------------------------------
// V6 — 512-node graph (`test_512_graph`)
// ---------------------------------------------------------------------------------------------

/// Validator uids of upstream's `distribute_nodes`: blockwise (0), regular interleave (1), or a
/// fixed permutation standing in for upstream's random interleave (2).
fn v6_validators(n: usize, validators: usize, interleave: u8) -> Vec<usize> {
    match interleave {
        0 => (0..validators).collect(),
        1 => (0..n).filter(|i| i % (n / validators) == 0).collect(),
        _ => {
            // Fisher–Yates with a fixed 64-bit LCG: deterministic "random" interleave.
            let mut uids: Vec<usize> = (0..n).collect();
            let mut state: u64 = 0x2545_F491_4F6C_DD1D;
            for i in (1..n).rev() {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let j = usize::try_from((state >> 33) % (i as u64 + 1)).unwrap();
                uids.swap(i, j);
            }
            let mut chosen = uids[..validators].to_vec();
            chosen.sort_unstable();
            chosen
        }
    }
}

/// yuma-spec §10 V6: n = 512, 64 validators with 328 125 000 000 000 rao each, weights 127 on all
/// 448 miners (stored 65 535), three epochs at block 1 after the permit epoch, with and without
/// miner self-weights, for blockwise, regular and shuffled validator placement.
#[test]
fn v6_512_graph() {
    let n = 512;
    for interleave in 0..3 {
        let validators = v6_validators(n, 64, interleave);
        let is_validator = |uid: usize| validators.binary_search(&uid).is_ok();
        let miners: Vec<u16> = (0..n)
            .filter(|&uid| !is_validator(uid))
            .map(|uid| u16::try_from(uid).unwrap())
            .collect();
        assert_eq!(miners.len(), 448);
        for self_weights in [false, true] {
            let label = format!("interleave {interleave}, self-weights {self_weights}");
            let stake: Vec<u64> = (0..n)
                .map(|uid| {
                    if is_validator(uid) {
                        328_125_000_000_000
                    } else {
                        0
                    }
                })
                .collect();
            let mut net = Net::new(&stake, 0, base_params(65_534, 64, BondsModel::Classic));
            net.epoch(1);
            let values = vec![u16::MAX / 512; miners.len()];
            for &v in &validators {
                net.set(u16::try_from(v).unwrap(), &miners, &values, 1);
            }
            assert!(net.state.weights[validators[0]]
                .iter()
                .all(|(_, w)| *w == M));
            if self_weights {
                for &m in &miners {
                    net.set(m, &[m], &[M], 1);
                }
            }
            let mut out = EpochOutput::default();
            for _ in 0..3 {
                out = net.epoch(1);
            }
            for &v in &validators {
                assert_eq!(out.dividends[v], 1023, "{label}: D[{v}]");
                assert_eq!(out.emission[v], 7_812_500, "{label}: E[{v}]");
                assert_eq!(out.consensus[v], 0, "{label}: C[{v}]");
                assert_eq!(out.incentive[v], 0, "{label}: I[{v}]");
                let row = &net.state.bonds[v];
                assert_eq!(row.len(), 448, "{label}: bonds row {v}");
                assert!(
                    row.iter()
                        .all(|&(j, b)| !is_validator(usize::from(j)) && b == M),
                    "{label}: bonds row {v}"
                );
            }
            for &m in &miners {
                let m = usize::from(m);
                assert_eq!(out.consensus[m], 146, "{label}: C[{m}]");
                assert_eq!(out.incentive[m], 146, "{label}: I[{m}]");
                assert_eq!(out.dividends[m], 0, "{label}: D[{m}]");
                assert_eq!(out.emission[m], 1_116_071, "{label}: E[{m}]");
                assert!(net.state.bonds[m].is_empty(), "{label}: bonds row {m}");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// V7–V10 — Yuma3 scenarios (`test_yuma_3_*`)
// ---------------------------------------------------------------------------------------------

/// The Yuma3 setup of V7: tempo 1 (cutoff 13 blocks), β = 0, BMA 975 000, κ = 32 767,
/// liquid alpha (6 553, 19 660) with steepness 1 000 (or off), three validator permits, all
/// registered at block 1, permit epoch at block 2 without weights.
fn yuma3_net(stake: &[u64], liquid: bool) -> Net {
    let liquid_alpha = liquid.then_some(LiquidAlpha {
        alpha_low: 6_553,
        alpha_high: 19_660,
        steepness: 1_000,
    });
    let params = EpochParams {
        bonds_penalty: 0,
        bonds_moving_average: 975_000,
        ..base_params(1, 3, BondsModel::Yuma3 { liquid_alpha })
    };
    let mut net = Net::new(stake, 1, params);
    let out = net.epoch(2);
    let mut permits = vec![false; stake.len()];
    permits[..3].fill(true);
    assert_eq!(out.validator_permit, permits);
    net
}

/// Epoch k of a Yuma3 scenario: validators set `rows` (if any) on `miners` at block 2 + k, the
/// epoch runs at block 3 + k.
fn yuma3_step(net: &mut Net, k: u64, miners: &[u16], rows: Option<&[&[u16]]>) -> EpochOutput {
    if let Some(rows) = rows {
        net.set_rows(miners, rows, 2 + k);
    }
    net.epoch(3 + k)
}

/// Bonds of validators 0..3 on `miners` as `u16 / 65535`, checked against `want` (one row per
/// validator); returns the largest deviation.
fn assert_bond_proportions(net: &Net, label: &str, miners: &[u16], want: &[&[f64]]) -> f64 {
    let mut worst = 0.0_f64;
    for (i, row) in want.iter().enumerate() {
        let got: Vec<u16> = miners.iter().map(|&j| net.bond(i, j)).collect();
        worst = worst.max(assert_proportions(
            &format!("{label} bonds row {i}"),
            &got,
            row,
        ));
    }
    worst
}

/// Stored bonds of validators 0..3 on `miners`, as u16.
fn bonds_u16(net: &Net, miners: &[u16]) -> Vec<Vec<u16>> {
    (0..3)
        .map(|i| miners.iter().map(|&j| net.bond(i, j)).collect())
        .collect()
}

const V7_MINERS: [u16; 2] = [3, 4];
const TO_3: &[u16] = &[M, 0];
const TO_4: &[u16] = &[0, M];

/// Dividend targets of a 5-uid Yuma3 vector (validators first, miners 0).
fn d5(a: f64, b: f64, c: f64) -> [f64; 5] {
    [a, b, c, 0.0, 0.0]
}

/// yuma-spec §10 V7, "kappa moves first": dividends within 1e-3 of upstream, and the emulated
/// exact dividend u16 values and stored bonds.
#[test]
fn v7_kappa_moves_first() {
    let mut net = yuma3_net(&[8, 1, 1, 0, 0], true);
    let weights: [Option<[&[u16]; 3]>; 6] = [
        Some([TO_3, TO_3, TO_3]),
        Some([TO_4, TO_3, TO_3]),
        Some([TO_4, TO_4, TO_3]),
        Some([TO_4, TO_4, TO_4]),
        None,
        None,
    ];
    let dividends = [
        d5(0.8000, 0.1000, 0.1000),
        d5(1.0000, 0.0, 0.0),
        d5(0.9382, 0.0618, 0.0),
        d5(0.8819, 0.0773, 0.0407),
        d5(0.8564, 0.0844, 0.0592),
        d5(0.8418, 0.0884, 0.0697),
    ];
    let dividends_u16: [[u16; 3]; 6] = [
        [52_428, 6_553, 6_553],
        [65_535, 0, 0],
        [61_486, 4_048, 0],
        [57_796, 5_068, 2_669],
        [56_122, 5_531, 3_881],
        [55_170, 5_795, 4_569],
    ];
    let bonds: [[[u16; 2]; 3]; 6] = [
        [[6_640, 0], [6_640, 0], [6_640, 0]],
        [[5_951, 6_640], [24_229, 0], [24_229, 0]],
        [[5_336, 12_607], [20_770, 6_640], [36_565, 0]],
        [[4_786, 17_970], [18_119, 12_607], [28_221, 6_640]],
        [[4_294, 22_789], [15_957, 17_970], [23_518, 12_607]],
        [[3_853, 27_120], [14_133, 22_789], [20_244, 17_970]],
    ];
    // Upstream's (unasserted) bond targets, as proportions.
    let upstream_bonds: [[[f64; 2]; 3]; 6] = [
        [[0.1013, 0.0], [0.1013, 0.0], [0.1013, 0.0]],
        [[0.0908, 0.1013], [0.3697, 0.0], [0.3697, 0.0]],
        [[0.0815, 0.1924], [0.3170, 0.1013], [0.5580, 0.0]],
        [[0.0731, 0.2742], [0.2765, 0.1924], [0.4306, 0.1013]],
        [[0.0656, 0.3478], [0.2435, 0.2742], [0.3589, 0.1924]],
        [[0.0588, 0.4139], [0.2157, 0.3478], [0.3089, 0.2742]],
    ];
    let mut worst = (0.0_f64, 0.0_f64);
    for k in 0..6 {
        let rows = weights[k].as_ref().map(|r| &r[..]);
        let out = yuma3_step(&mut net, k as u64, &V7_MINERS, rows);
        let label = format!("V7 first k={k}");
        let (c, i) = if k == 0 {
            ([M, 0], [M, 0])
        } else {
            ([0, M], [0, M])
        };
        assert_eq!(out.consensus[3..], c, "{label}: consensus");
        assert_eq!(out.incentive[3..], i, "{label}: incentive");
        worst.0 = worst
            .0
            .max(assert_proportions(&label, &out.dividends, &dividends[k]));
        assert_eq!(out.dividends[..3], dividends_u16[k], "{label}: D u16");
        assert_eq!(out.dividends[3..], [0, 0], "{label}: miner D");
        let got: Vec<Vec<u16>> = bonds_u16(&net, &V7_MINERS);
        assert_eq!(got, bonds[k].map(|r| r.to_vec()).to_vec(), "{label}: bonds");
        let want: Vec<&[f64]> = upstream_bonds[k].iter().map(|r| &r[..]).collect();
        worst.1 = worst
            .1
            .max(assert_bond_proportions(&net, &label, &V7_MINERS, &want));
    }
    println!(
        "V7 first: max |ΔD| = {:.2e}, max |Δbond| = {:.2e}",
        worst.0, worst.1
    );
}

/// Run a 6-epoch V7-style scenario (stake [8,1,1]) and check dividends (and upstream's bond
/// targets when given) within 1e-3. Returns (max |ΔD|, max |Δbond|).
fn v7_variant(
    label: &str,
    weights: &[Option<[&[u16]; 3]>; 6],
    dividends: &[[f64; 5]; 6],
    upstream_bonds: &[[[f64; 2]; 3]; 6],
) -> (f64, f64) {
    let mut net = yuma3_net(&[8, 1, 1, 0, 0], true);
    let mut worst = (0.0_f64, 0.0_f64);
    for k in 0..6 {
        let rows = weights[k].as_ref().map(|r| &r[..]);
        let out = yuma3_step(&mut net, k as u64, &V7_MINERS, rows);
        let label = format!("{label} k={k}");
        worst.0 = worst
            .0
            .max(assert_proportions(&label, &out.dividends, &dividends[k]));
        let want: Vec<&[f64]> = upstream_bonds[k].iter().map(|r| &r[..]).collect();
        worst.1 = worst
            .1
            .max(assert_bond_proportions(&net, &label, &V7_MINERS, &want));
    }
    println!(
        "{label}: max |ΔD| = {:.2e}, max |Δbond| = {:.2e}",
        worst.0, worst.1
    );
    worst
}

/// yuma-spec §10 V7, "kappa moves second".
#[test]
fn v7_kappa_moves_second() {
    v7_variant(
        "V7 second",
        &[
            Some([TO_3, TO_3, TO_3]),
            Some([TO_3, TO_4, TO_3]),
            Some([TO_4, TO_4, TO_3]),
            Some([TO_4, TO_4, TO_4]),
            None,
            None,
        ],
        &[
            d5(0.8000, 0.1000, 0.1000),
            d5(0.8446, 0.0498, 0.1056),
            d5(0.6868, 0.3132, 0.0),
            d5(0.7421, 0.2090, 0.0489),
            d5(0.7625, 0.1706, 0.0669),
            d5(0.7730, 0.1508, 0.0762),
        ],
        &[
            [[0.1013, 0.0], [0.1013, 0.0], [0.1013, 0.0]],
            [[0.1924, 0.0], [0.0908, 0.2987], [0.1924, 0.0]],
            [[0.1715, 0.1013], [0.0815, 0.3697], [0.4336, 0.0]],
            [[0.1531, 0.1924], [0.0731, 0.4336], [0.3608, 0.1013]],
            [[0.1369, 0.2742], [0.0656, 0.4910], [0.3103, 0.1924]],
            [[0.1225, 0.3478], [0.0588, 0.5426], [0.2712, 0.2742]],
        ],
    );
}

/// yuma-spec §10 V7, "kappa moves last".
#[test]
fn v7_kappa_moves_last() {
    v7_variant(
        "V7 last",
        &[
            Some([TO_3, TO_3, TO_3]),
            Some([TO_3, TO_4, TO_3]),
            Some([TO_3, TO_4, TO_4]),
            Some([TO_4, TO_4, TO_4]),
            None,
            None,
        ],
        &[
            d5(0.8000, 0.1000, 0.1000),
            d5(0.8446, 0.0498, 0.1056),
            d5(0.8966, 0.0333, 0.0701),
            d5(0.4663, 0.3210, 0.2127),
            d5(0.5976, 0.2340, 0.1683),
            d5(0.6592, 0.1932, 0.1475),
        ],
        &[
            [[0.1013, 0.0], [0.1013, 0.0], [0.1013, 0.0]],
            [[0.1924, 0.0], [0.0908, 0.2987], [0.1924, 0.0]],
            [[0.2742, 0.0], [0.0815, 0.5081], [0.1715, 0.2987]],
            [[0.2416, 0.1013], [0.0731, 0.5580], [0.1531, 0.3697]],
            [[0.2141, 0.1924], [0.0656, 0.6028], [0.1369, 0.4336]],
            [[0.1903, 0.2742], [0.0588, 0.6430], [0.1225, 0.4910]],
        ],
    );
}

/// V8 weights: every epoch all validators → uid3, except k = 2 where validator C → uid4.
fn v8_rows(k: u64) -> [&'static [u16]; 3] {
    if k == 2 {
        [TO_3, TO_3, TO_4]
    } else {
        [TO_3, TO_3, TO_3]
    }
}

/// yuma-spec §10 V8, liquid alpha on (`test_yuma_3_one_epoch_switch`).
#[test]
fn v8_one_epoch_switch_liquid_on() {
    let mut net = yuma3_net(&[33, 33, 34, 0, 0], true);
    let dividends = [
        d5(0.33, 0.33, 0.34),
        d5(0.33, 0.33, 0.34),
        d5(0.3782, 0.3782, 0.2436),
        d5(0.3628, 0.3628, 0.2745),
        d5(0.3541, 0.3541, 0.2917),
        d5(0.3487, 0.3487, 0.3026),
    ];
    let upstream_bonds: [[[f64; 2]; 3]; 6] = [
        [[0.1013, 0.0], [0.1013, 0.0], [0.1013, 0.0]],
        [[0.1924, 0.0], [0.1924, 0.0], [0.1924, 0.0]],
        [[0.2742, 0.0], [0.2742, 0.0], [0.1715, 0.2987]],
        [[0.3478, 0.0], [0.3478, 0.0], [0.2554, 0.2618]],
        [[0.4139, 0.0], [0.4139, 0.0], [0.3309, 0.2312]],
        [[0.4733, 0.0], [0.4733, 0.0], [0.3987, 0.2051]],
    ];
    let mut worst = (0.0_f64, 0.0_f64);
    for k in 0..6_u64 {
        let out = yuma3_step(&mut net, k, &V7_MINERS, Some(&v8_rows(k)));
        let label = format!("V8 liquid on k={k}");
        let k = usize::try_from(k).unwrap();
        worst.0 = worst
            .0
            .max(assert_proportions(&label, &out.dividends, &dividends[k]));
        let want: Vec<&[f64]> = upstream_bonds[k].iter().map(|r| &r[..]).collect();
        worst.1 = worst
            .1
            .max(assert_bond_proportions(&net, &label, &V7_MINERS, &want));
    }
    println!(
        "V8 liquid on: max |ΔD| = {:.2e}, max |Δbond| = {:.2e}",
        worst.0, worst.1
    );
}

/// yuma-spec §10 V8, liquid alpha off (`test_yuma_3_liquid_alpha_disabled`, α = 0.025):
/// dividends within 1e-3 and the emulated exact dividends and bonds.
#[test]
fn v8_one_epoch_switch_liquid_off() {
    let mut net = yuma3_net(&[33, 33, 34, 0, 0], false);
    let dividends = [
        d5(0.33, 0.33, 0.34),
        d5(0.33, 0.33, 0.34),
        d5(0.3734, 0.3734, 0.2532),
        d5(0.3611, 0.3611, 0.2779),
        d5(0.3541, 0.3541, 0.2919),
        d5(0.3495, 0.3495, 0.3009),
    ];
    let upstream_bonds: [[[f64; 2]; 3]; 6] = [
        [[0.0250, 0.0], [0.0250, 0.0], [0.0250, 0.0]],
        [[0.0494, 0.0], [0.0494, 0.0], [0.0494, 0.0]],
        [[0.0731, 0.0], [0.0731, 0.0], [0.0481, 0.0250]],
        [[0.0963, 0.0], [0.0963, 0.0], [0.0719, 0.0244]],
        [[0.1189, 0.0], [0.1189, 0.0], [0.0951, 0.0238]],
        [[0.1409, 0.0], [0.1409, 0.0], [0.1178, 0.0232]],
    ];
    let mut worst = (0.0_f64, 0.0_f64);
    for k in 0..6_u64 {
        let out = yuma3_step(&mut net, k, &V7_MINERS, Some(&v8_rows(k)));
        let label = format!("V8 liquid off k={k}");
        let k = usize::try_from(k).unwrap();
        worst.0 = worst
            .0
            .max(assert_proportions(&label, &out.dividends, &dividends[k]));
        let want: Vec<&[f64]> = upstream_bonds[k].iter().map(|r| &r[..]).collect();
        worst.1 = worst
            .1
            .max(assert_bond_proportions(&net, &label, &V7_MINERS, &want));
        let exact: Option<([u16; 3], [[u16; 2]; 3])> = match k {
            0 => Some(([21_626, 21_626, 22_281], [[1_638, 0]; 3])),
            2 => Some((
                [24_470, 24_470, 16_593],
                [[4_792, 0], [4_792, 0], [3_154, 1_638]],
            )),
            5 => Some((
                [22_907, 22_907, 19_720],
                [[9_233, 0], [9_233, 0], [7_715, 1_518]],
            )),
            _ => None,
        };
        if let Some((d, b)) = exact {
            assert_eq!(out.dividends[..3], d, "{label}: D u16");
            let want: Vec<Vec<u16>> = b.iter().map(|r| r.to_vec()).collect();
            assert_eq!(bonds_u16(&net, &V7_MINERS), want, "{label}: bonds");
        }
    }
    println!(
        "V8 liquid off: max |ΔD| = {:.2e}, max |Δbond| = {:.2e}",
        worst.0, worst.1
    );
}

/// yuma-spec §10 V9 (`test_yuma_3_stable_miner`): three miners, weights of 32 767 (stored 65 535).
#[test]
fn v9_stable_miner() {
    const H: u16 = 32_767;
    const MINERS: [u16; 3] = [3, 4, 5];
    const OLD: &[u16] = &[H, 0, H];
    const NEW: &[u16] = &[0, H, H];
    let mut net = yuma3_net(&[8, 1, 1, 0, 0, 0], true);
    let weights: [Option<[&[u16]; 3]>; 6] = [
        Some([OLD, OLD, OLD]),
        Some([OLD, NEW, OLD]),
        Some([NEW, NEW, OLD]),
        Some([NEW, NEW, NEW]),
        None,
        None,
    ];
    let d6 = |a, b, c| [a, b, c, 0.0, 0.0, 0.0];
    let dividends = [
        d6(0.8000, 0.1000, 0.1000),
        d6(0.8226, 0.0745, 0.1028),
        d6(0.7750, 0.1685, 0.0565),
        d6(0.7864, 0.1372, 0.0764),
        d6(0.7912, 0.1241, 0.0847),
        d6(0.7937, 0.1173, 0.0890),
    ];
    let upstream_bonds: [[[f64; 3]; 3]; 6] = [
        [
            [0.0507, 0.0, 0.0507],
            [0.0507, 0.0, 0.0507],
            [0.0507, 0.0, 0.0507],
        ],
        [
            [0.0962, 0.0, 0.0962],
            [0.0455, 0.1000, 0.0962],
            [0.0962, 0.0, 0.0962],
        ],
        [
            [0.0863, 0.0507, 0.1371],
            [0.0408, 0.1405, 0.1371],
            [0.1770, 0.0, 0.1371],
        ],
        [
            [0.0774, 0.0962, 0.1739],
            [0.0367, 0.1770, 0.1739],
            [0.1579, 0.0507, 0.1739],
        ],
        [
            [0.0694, 0.1371, 0.2069],
            [0.0329, 0.2097, 0.2069],
            [0.1411, 0.0962, 0.2069],
        ],
        [
            [0.0623, 0.1739, 0.2366],
            [0.0296, 0.2391, 0.2366],
            [0.1263, 0.1371, 0.2366],
        ],
    ];
    let mut worst = (0.0_f64, 0.0_f64);
    for k in 0..6 {
        let rows = weights[k].as_ref().map(|r| &r[..]);
        let out = yuma3_step(&mut net, k as u64, &MINERS, rows);
        let label = format!("V9 k={k}");
        if k == 0 {
            assert_eq!(net.state.weights[0], vec![(3, M), (4, 0), (5, M)]);
        }
        worst.0 = worst
            .0
            .max(assert_proportions(&label, &out.dividends, &dividends[k]));
        let want: Vec<&[f64]> = upstream_bonds[k].iter().map(|r| &r[..]).collect();
        worst.1 = worst
            .1
            .max(assert_bond_proportions(&net, &label, &MINERS, &want));
    }
    println!(
        "V9: max |ΔD| = {:.2e}, max |Δbond| = {:.2e}",
        worst.0, worst.1
    );
}

/// yuma-spec §10 V10 (`test_yuma_3_bonds_reset`): V7 setup; at k = 20, after the weights are
/// set and before the epoch, uid 3's bond column is deleted from every bond row.
#[test]
fn v10_bonds_reset() {
    let mut net = yuma3_net(&[8, 1, 1, 0, 0], true);
    let dividends = |k: u64| -> Option<[f64; 5]> {
        Some(match k {
            0 => d5(0.8000, 0.1000, 0.1000),
            1 => d5(0.8944, 0.0528, 0.0528),
            2 => d5(0.5230, 0.2385, 0.2385),
            19 => d5(0.7919, 0.1040, 0.1040),
            20 | 40 => d5(0.7928, 0.1036, 0.1036),
            21 => d5(0.8467, 0.0766, 0.0766),
            _ => return None,
        })
    };
    // k = 20, 21, 40 are the spec's (emulated) bond targets; k = 0, 1, 2, 19 are upstream's.
    let bonds = |k: u64| -> Option<[[f64; 2]; 3]> {
        Some(match k {
            0 => [[0.1013, 0.0], [0.1013, 0.0], [0.1013, 0.0]],
            1 => [[0.1924, 0.0], [0.0908, 0.2987], [0.0908, 0.2987]],
            2 => [[0.1715, 0.1013], [0.0815, 0.3697], [0.0815, 0.3697]],
            19 => [[0.0269, 0.8539], [0.0131, 0.8975], [0.0131, 0.8975]],
            20 => [[0.0, 0.8687], [0.0, 0.9079], [0.0, 0.9079]],
            21 => [[0.0, 0.8820], [0.2987, 0.6386], [0.2987, 0.6386]],
            40 => [[0.8687, 0.0578], [0.9079, 0.0523], [0.9079, 0.0523]],
            _ => return None,
        })
    };
    let mut worst = (0.0_f64, 0.0_f64);
    for k in 0..=40_u64 {
        let rows: [&[u16]; 3] = match k {
            0 => [TO_3, TO_3, TO_3],
            1 => [TO_3, TO_4, TO_4],
            2..=20 => [TO_4, TO_4, TO_4],
            21 => [TO_4, TO_3, TO_3],
            _ => [TO_3, TO_3, TO_3],
        };
        net.set_rows(&V7_MINERS, &rows, 2 + k);
        if k == 20 {
            for row in &mut net.state.bonds {
                row.retain(|(j, _)| *j != 3);
            }
        }
        let out = net.epoch(3 + k);
        let label = format!("V10 k={k}");
        if let Some(want) = dividends(k) {
            worst.0 = worst
                .0
                .max(assert_proportions(&label, &out.dividends, &want));
        }
        if let Some(want) = bonds(k) {
            let want: Vec<&[f64]> = want.iter().map(|r| &r[..]).collect();
            worst.1 = worst
                .1
                .max(assert_bond_proportions(&net, &label, &V7_MINERS, &want));
        }
    }
    println!(
        "V10: max |ΔD| = {:.2e}, max |Δbond| = {:.2e}",
        worst.0, worst.1
    );
}

// ---------------------------------------------------------------------------------------------
// V11 — clipping example (emulated only)
// ---------------------------------------------------------------------------------------------

/// Stored bond rows 0 and 1 after a V11 epoch, as `{3: b, 4: b}` pairs.
type V11Bonds = [[u16; 2]; 2];

/// The V11 setup under `bonds_model`: n = 6, stake [6e9, 3e9, 1e9, 0, 0, 0] rao, registered at
/// block 10, tempo 360 (cutoff 5 000 blocks), 64 permits, β = 1, BMA 900 000; permit epoch at
/// block 100, weights at block 200, epochs at 460, 820 and 1 180 with `LastMechansimStepBlock`
/// set to the previous epoch's block. Checks what every bond model shares (C, I, VT, miner E)
/// and returns the three epoch outputs with the stored bonds after each.
fn v11_run(bonds_model: BondsModel) -> Vec<(EpochOutput, Vec<SparseRow>)> {
    let params = base_params(360, 64, bonds_model);
    let mut net = Net::new(
        &[6_000_000_000, 3_000_000_000, 1_000_000_000, 0, 0, 0],
        10,
        params,
    );
    let out = net.epoch(100);
    assert_eq!(
        out.validator_permit,
        vec![true, true, true, false, false, false]
    );
    net.set(0, &[3, 4], &[32_767, 32_767], 200);
    net.set(1, &[3, 4], &[13_107, 52_428], 200);
    net.set(2, &[5], &[65_535], 200);
    assert_eq!(net.state.weights[0], vec![(3, M), (4, M)]);
    assert_eq!(net.state.weights[1], vec![(3, 16_384), (4, M)]);
    let mut previous = 100;
    let mut outputs = Vec::new();
    for block in [460, 820, 1_180] {
        net.params.last_mechanism_step_block = previous;
        let out = net.epoch(block);
        let label = format!("V11 {bonds_model:?} @{block}");
        assert_eq!(out.consensus[3..], [32_767, 32_767, 0], "{label}: C");
        assert_eq!(out.incentive[3..], [29_126, 36_408, 0], "{label}: I");
        assert_eq!(out.validator_trust[..3], [65_535, 45_874, 0], "{label}: VT");
        assert_eq!(
            out.emission[3..],
            [222_222_473, 277_777_526, 0],
            "{label}: miner E"
        );
        assert_eq!(
            out.server_emission[3..],
            out.emission[3..],
            "{label}: miner SE"
        );
        outputs.push((out, net.state.bonds.clone()));
        previous = block;
    }
    outputs
}

/// `{3: b3, 4: b4}` of bond rows 0 and 1, and row 2 must be empty.
fn v11_bonds(label: &str, bonds: &[SparseRow]) -> V11Bonds {
    assert!(bonds[2].is_empty(), "{label}: row 2 = {:?}", bonds[2]);
    for row in &bonds[3..] {
        assert!(row.is_empty(), "{label}: miner bond rows");
    }
    [
        [bond_in(&bonds[0], 3), bond_in(&bonds[0], 4)],
        [bond_in(&bonds[1], 3), bond_in(&bonds[1], 4)],
    ]
}

/// yuma-spec §10 V11, original Yuma: D, validator emission @460 and stable stored bonds.
#[test]
fn v11_clipping_classic() {
    for (k, (out, bonds)) in v11_run(BondsModel::Classic).iter().enumerate() {
        let label = format!("V11 classic epoch {k}");
        assert_eq!(out.dividends[..3], [48_544, 16_990, 0], "{label}: D");
        if k == 0 {
            assert_eq!(
                out.validator_emission[..3],
                [370_370_035, 129_629_964, 0],
                "{label}: VE"
            );
        }
        assert_eq!(
            v11_bonds(&label, bonds),
            [[65_535, 65_535], [13_107, 32_767]],
            "{label}: bonds"
        );
    }
}

/// yuma-spec §10 V11, Yuma3 with liquid alpha off: D @460, bonds @460 and @1180.
#[test]
fn v11_clipping_yuma3_liquid_off() {
    let outputs = v11_run(BondsModel::Yuma3 { liquid_alpha: None });
    let (out, bonds) = &outputs[0];
    assert_eq!(out.dividends[..3], [48_906, 16_628, 0], "@460: D");
    assert_eq!(
        v11_bonds("@460", bonds),
        [[3_276, 3_276], [1_310, 3_276]],
        "@460: bonds"
    );
    let (_, bonds) = &outputs[2];
    assert_eq!(
        v11_bonds("@1180", bonds),
        [[8_879, 8_879], [3_550, 8_879]],
        "@1180: bonds"
    );
}

/// yuma-spec §10 V11, Yuma3 with liquid alpha on (defaults 0.7/0.9, steepness 1 000): D at
/// every epoch, bonds @460 and @1180.
#[test]
fn v11_clipping_yuma3_liquid_on() {
    let outputs = v11_run(BondsModel::Yuma3 {
        liquid_alpha: Some(LiquidAlpha::default()),
    });
    for (k, (out, _)) in outputs.iter().enumerate() {
        assert_eq!(out.dividends[..3], [48_906, 16_628, 0], "epoch {k}: D");
    }
    assert_eq!(
        v11_bonds("@460", &outputs[0].1),
        [[22_981, 22_981], [9_192, 22_981]],
        "@460: bonds"
    );
    assert_eq!(
        v11_bonds("@1180", &outputs[2].1),
        [[31_894, 31_894], [12_757, 31_894]],
        "@1180: bonds"
    );
}

// ---------------------------------------------------------------------------------------------
// V12 — primitive vectors not unit-tested in src/
// ---------------------------------------------------------------------------------------------

/// yuma-spec §3.3 / V12: 19 rao split by a Fibonacci-like `MechanismEmissionSplit`
/// ([3 450, 6 899, 10 348, 17 247, 27 594], upstream `split_emissions_fibbonacci`).
#[test]
fn v12_mechanism_split_fibonacci() {
    let split = [3_450, 6_899, 10_348, 17_247, 27_594];
    assert_eq!(split_emission(19, 5, Some(&split)), vec![1, 2, 3, 5, 8]);
}
