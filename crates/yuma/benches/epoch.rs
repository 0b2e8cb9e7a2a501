//! Criterion benchmarks of one sparse epoch at subnet sizes (n uids, v validators with full
//! weight rows) for both bond models. Inputs are deterministic; each benchmarked epoch starts
//! from the bonds a previous epoch stored, as on a live subnet.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use dtao_primitives::fixed::I64F64;
use dtao_yuma::{epoch_sparse, BondsModel, EpochInput, EpochParams, LiquidAlpha};
use std::hint::black_box;

/// Small deterministic generator (64-bit LCG) so the benchmark needs no extra crates.
struct Lcg(u64);

impl Lcg {
    fn next_u16(&mut self) -> u16 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 48) as u16
    }
}

fn subnet(n: usize, validators: usize, model: BondsModel) -> (EpochParams, EpochInput) {
    let mut rng = Lcg(n as u64 * 31 + validators as u64);
    let stake = (0..n)
        .map(|uid| {
            let rao = if uid < validators {
                1_000_000_000_000 + u64::from(rng.next_u16()) * 1_000_000
            } else {
                0
            };
            I64F64::from_num(rao)
        })
        .collect();
    let weights = (0..n)
        .map(|uid| {
            if uid < validators {
                (0..n as u16).map(|j| (j, rng.next_u16())).collect()
            } else {
                Vec::new()
            }
        })
        .collect();
    let params = EpochParams {
        block: 1_000,
        tempo: 360,
        max_allowed_validators: validators as u16,
        bonds_model: model,
        emission_rao: 360_000_000_000,
        ..EpochParams::default()
    };
    let mut input = EpochInput {
        stake,
        validator_permit: (0..n).map(|uid| uid < validators).collect(),
        last_update: vec![900; n],
        block_at_registration: vec![1; n],
        weights,
        bonds: vec![Vec::new(); n],
        commit_blocks: None,
    };
    if let Ok(previous) = epoch_sparse(&params, &input) {
        input.bonds = previous.bonds;
        input.validator_permit = previous.validator_permit;
    }
    (params, input)
}

fn bench_epochs(c: &mut Criterion) {
    let models = [
        ("classic", BondsModel::Classic),
        (
            "yuma3_liquid",
            BondsModel::Yuma3 {
                liquid_alpha: Some(LiquidAlpha::default()),
            },
        ),
    ];
    let sizes = [(256, 64), (1024, 128), (4096, 256)];
    let mut group = c.benchmark_group("epoch_sparse");
    group.sample_size(10);
    for (name, model) in models {
        for (n, validators) in sizes {
            let (params, input) = subnet(n, validators, model);
            let id = BenchmarkId::new(name, format!("{n}x{validators}"));
            group.bench_with_input(id, &(params, input), |b, (params, input)| {
                b.iter(|| epoch_sparse(black_box(params), black_box(input)))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench_epochs);
criterion_main!(benches);
