//! Acceptance: every scenario of `shared/vectors/yuma-vectors.json` runs through the sparse
//! epoch (via `dtao_yuma::scenario`) with zero mismatches against its expected values.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use dtao_yuma::scenario::{check_scenarios, load_scenarios};

const SHARED_VECTORS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/vectors/yuma-vectors.json"
);

#[test]
fn shared_vectors_have_no_mismatches() {
    let scenarios = load_scenarios(Path::new(SHARED_VECTORS)).unwrap_or_else(|e| panic!("{e}"));
    assert!(!scenarios.is_empty());
    let report = check_scenarios(&scenarios).unwrap_or_else(|e| panic!("{e}"));
    assert!(report.epochs_checked > 0);
    let lines: Vec<String> = report.mismatches.iter().map(ToString::to_string).collect();
    assert!(
        report.passed(),
        "{} mismatches over {} checked epochs:\n{}",
        lines.len(),
        report.epochs_checked,
        lines.join("\n")
    );
}
