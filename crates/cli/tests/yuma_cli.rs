//! End-to-end tests of `dtao yuma run` and `dtao yuma check`, running the built binary.
//!
//! Invariants checked: the shared vectors check clean (exit 0); an altered expectation exits 1
//! and names the key; malformed input exits 2 with an `error: …` message and never a panic;
//! `run` prints one JSON line per epoch step with exactly the expected keys.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{json, Value};

const DTAO: &str = env!("CARGO_BIN_EXE_dtao");
const SHARED_VECTORS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/vectors/yuma-vectors.json"
);

/// A file under the temp dir, removed on drop.
struct TempFile(PathBuf);

impl TempFile {
    fn new(tag: &str, contents: &str) -> TempFile {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let unique = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!(
            "dtao-yuma-cli-{}-{unique}-{tag}.json",
            std::process::id()
        ));
        std::fs::write(&path, contents).unwrap();
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn dtao(args: &[&str], file: &Path) -> Output {
    Command::new(DTAO).args(args).arg(file).output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn shared_vectors() -> Value {
    serde_json::from_str(&std::fs::read_to_string(SHARED_VECTORS).unwrap()).unwrap()
}

/// An edit that breaks a valid scenario.
type Mutation = Box<dyn Fn(&mut Value)>;

/// A small valid scenario to break in various ways.
fn small() -> Value {
    json!({
        "name": "small",
        "n": 3,
        "params": {
            "Kappa": 32767, "BondsPenalty": 65535, "BondsMovingAverage": 900000,
            "Yuma3On": false, "LiquidAlphaOn": false, "ActivityCutoffFactorMilli": 13889,
            "StakeThreshold": 0, "owner_uid": null, "LastMechansimStepBlock": 0,
            "Tempo": 1, "MaxAllowedValidators": 8
        },
        "init": { "stake": [1, 1, 0], "reg_block": [1, 1, 1], "last_update": [1, 1, 1] },
        "steps": [
            {"op": "epoch", "block": 1, "expect": {"validator_permit": [true, true, true]}},
            {"op": "set_weights", "uid": 0, "uids": [2], "values": [100], "block": 2},
            {"op": "epoch", "block": 2}
        ]
    })
}

/// Run `check` on a malformed scenario and return stderr, asserting exit 2 and no panic.
fn check_malformed(tag: &str, scenario: &Value) -> String {
    check_malformed_text(tag, &scenario.to_string())
}

fn check_malformed_text(tag: &str, text: &str) -> String {
    let file = TempFile::new(tag, text);
    for command in [&["yuma", "check"][..], &["yuma", "run"][..]] {
        let output = dtao(command, &file.0);
        let err = stderr(&output);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{tag} {command:?}: stderr {err}"
        );
        assert!(err.starts_with("error: "), "{tag}: stderr {err}");
        assert!(!err.contains("panicked"), "{tag}: stderr {err}");
        assert!(stdout(&output).is_empty(), "{tag}: partial output");
    }
    stderr(&dtao(&["yuma", "check"], &file.0))
}

#[test]
fn check_passes_on_shared_vectors() {
    let output = dtao(&["yuma", "check"], Path::new(SHARED_VECTORS));
    let out = stdout(&output);
    assert_eq!(
        output.status.code(),
        Some(0),
        "mismatches:\n{out}\n{}",
        stderr(&output)
    );
    let last = out.lines().last().unwrap();
    assert!(last.starts_with("yuma check: "), "{last}");
    assert!(last.ends_with(" epochs checked, 0 mismatches"), "{last}");
}

#[test]
fn check_json_summary() {
    let output = dtao(&["yuma", "check", "--json"], Path::new(SHARED_VECTORS));
    let out = stdout(&output);
    assert_eq!(out.lines().count(), 1);
    let summary: Value = serde_json::from_str(&out).unwrap();
    assert!(summary["epochs_checked"].as_u64().unwrap() > 0);
    let count = summary["mismatch_count"].as_u64().unwrap();
    assert_eq!(
        summary["mismatches"].as_array().unwrap().len() as u64,
        count
    );
    assert_eq!(summary["ok"], json!(count == 0));
    assert_eq!(output.status.code(), Some(if count == 0 { 0 } else { 1 }));
}

#[test]
fn altered_expectation_exits_1_and_names_the_key() {
    let mut vectors = shared_vectors();
    let expect = &mut vectors["scenarios"][0]["steps"][0]["expect"];
    assert!(expect["emission"][0].is_u64());
    expect["emission"][0] = json!(12345);
    let file = TempFile::new("altered", &vectors.to_string());

    let output = dtao(&["yuma", "check"], &file.0);
    let out = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{out}");
    let name = vectors["scenarios"][0]["name"].as_str().unwrap();
    let line = out
        .lines()
        .find(|line| line.contains("key=emission") && line.contains("12345"))
        .unwrap_or_else(|| panic!("no emission mismatch in:\n{out}"));
    assert!(
        line.starts_with(&format!("scenario={name} step=0 block=")),
        "{line}"
    );
    assert!(line.contains(" index="), "{line}");
    assert!(line.contains(" got="), "{line}");
    let summary = out.lines().last().unwrap();
    assert!(summary.starts_with("yuma check: ") && !summary.ends_with(" 0 mismatches"));

    let json_output = dtao(&["yuma", "check", "--json"], &file.0);
    assert_eq!(json_output.status.code(), Some(1));
    let summary: Value = serde_json::from_str(&stdout(&json_output)).unwrap();
    assert_eq!(summary["ok"], json!(false));
    assert!(summary["mismatches"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["key"] == "emission" && m["step"] == 0 && m["scenario"] == name));
}

#[test]
fn run_prints_one_line_per_epoch_with_expect_keys() {
    let vectors = shared_vectors();
    let epochs: Vec<&Value> = vectors["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["steps"].as_array().unwrap())
        .filter(|step| step["op"] == "epoch")
        .collect();

    let output = dtao(&["yuma", "run"], Path::new(SHARED_VECTORS));
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = stdout(&output);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), epochs.len());
    for (line, step) in lines.iter().zip(&epochs) {
        let object: Value = serde_json::from_str(line).unwrap();
        let mut got: Vec<&String> = object.as_object().unwrap().keys().collect();
        let mut want: Vec<&String> = step["expect"].as_object().unwrap().keys().collect();
        got.sort();
        want.sort();
        assert_eq!(got, want);
    }

    let output = dtao(&["yuma", "run", "--context"], Path::new(SHARED_VECTORS));
    let out = stdout(&output);
    let first: Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(first["scenario"], vectors["scenarios"][0]["name"]);
    assert_eq!(first["step"], json!(0));
    assert_eq!(first["block"], epochs[0]["block"]);
    assert!(out.lines().next().unwrap().starts_with("{\"scenario\":"));
}

#[test]
fn run_without_expect_prints_every_key() {
    let file = TempFile::new("small", &small().to_string());
    let output = dtao(&["yuma", "run"], &file.0);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = stdout(&output);
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0].as_object().unwrap().len(), 1);
    let all = lines[1].as_object().unwrap();
    for key in [
        "incentive",
        "dividends",
        "consensus",
        "validator_trust",
        "stake_weight",
        "active",
        "emission",
        "server_emission",
        "validator_emission",
        "bonds_u16",
        "validator_permit",
    ] {
        assert!(all.contains_key(key), "missing {key} in {out}");
    }
    assert_eq!(all.len(), 11);

    // A scenario checked without expectations on its last epoch: one epoch checked.
    let output = dtao(&["yuma", "check"], &file.0);
    let out = stdout(&output);
    assert!(
        out.lines()
            .last()
            .unwrap()
            .starts_with("yuma check: 1 epochs checked, "),
        "{out}"
    );
}

#[test]
fn unreadable_file_exits_2() {
    let output = dtao(
        &["yuma", "check"],
        Path::new("/nonexistent/dtao/vectors.json"),
    );
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.starts_with("error: cannot read /nonexistent/dtao/vectors.json"),
        "{err}"
    );
}

#[test]
fn not_json_exits_2() {
    let err = check_malformed_text("notjson", "{\"scenarios\": [ this is not json");
    assert!(err.contains("not valid JSON"), "{err}");
    let err = check_malformed_text("empty", "");
    assert!(err.contains("not valid JSON"), "{err}");
    let err = check_malformed_text("number", "42");
    assert!(err.contains("expected {\"scenarios\""), "{err}");
}

#[test]
fn missing_op_exits_2() {
    let mut s = small();
    s["steps"][1].as_object_mut().unwrap().remove("op");
    let err = check_malformed("missingop", &s);
    assert!(
        err.contains("step 1") && err.contains("`op`") && err.contains("missing"),
        "{err}"
    );
}

#[test]
fn unknown_op_exits_2() {
    let mut s = small();
    s["steps"][1]["op"] = json!("set_weight");
    let err = check_malformed("unknownop", &s);
    assert!(
        err.contains("step 1") && err.contains("unknown op `set_weight`"),
        "{err}"
    );
}

#[test]
fn uid_out_of_range_exits_2() {
    let mut s = small();
    s["steps"][1]["uids"] = json!([3]);
    let err = check_malformed("uidrange", &s);
    assert!(err.contains("step 1") && err.contains("uids[0]"), "{err}");
    assert!(err.contains("uid 3 is out of range"), "{err}");

    let mut s = small();
    s["steps"][1]["uid"] = json!(70000);
    let err = check_malformed("uidhuge", &s);
    assert!(err.contains("step 1") && err.contains("`uid`"), "{err}");
}

#[test]
fn uids_values_length_mismatch_exits_2() {
    let mut s = small();
    s["steps"][1]["values"] = json!([100, 200]);
    let err = check_malformed("lengths", &s);
    assert!(err.contains("step 1") && err.contains("`values`"), "{err}");
    assert!(err.contains("has 2 entries, expected 1"), "{err}");
}

#[test]
fn init_vector_of_wrong_length_exits_2() {
    let mut s = small();
    s["init"]["last_update"] = json!([1, 1]);
    let err = check_malformed("initlen", &s);
    assert!(
        err.contains("init.last_update") && err.contains("expected 3"),
        "{err}"
    );
}

#[test]
fn negative_stake_exits_2() {
    let mut s = small();
    s["init"]["stake"] = json!([1, -1, 0]);
    let err = check_malformed("negstake", &s);
    assert!(
        err.contains("init.stake[1]") && err.contains("negative"),
        "{err}"
    );
}

#[test]
fn other_malformed_inputs_exit_2() {
    let cases: Vec<(&str, Mutation, &str)> = vec![
        ("n0", Box::new(|s| s["n"] = json!(0)), "n = 0"),
        ("nbig", Box::new(|s| s["n"] = json!(100_000)), "n = 100000"),
        (
            "dup",
            Box::new(|s| s["steps"][1]["uids"] = json!([2, 2])),
            "more than once",
        ),
        (
            "expectkey",
            Box::new(|s| s["steps"][0]["expect"]["rank"] = json!([])),
            "expect.rank",
        ),
        (
            "wrongtype",
            Box::new(|s| s["params"]["Tempo"] = json!("one")),
            "params.Tempo",
        ),
        (
            "float",
            Box::new(|s| s["steps"][2]["block"] = json!(2.5)),
            "`block`",
        ),
        (
            "noparams",
            Box::new(|s| drop(s.as_object_mut().unwrap().remove("params"))),
            "`params`",
        ),
    ];
    for (tag, mutate, needle) in cases {
        let mut s = small();
        mutate(&mut s);
        let err = check_malformed(tag, &s);
        assert!(err.contains(needle), "{tag}: {err}");
    }
}
