//! Step-by-step epoch scenarios: parsing, running and checking them against expected values.
//!
//! A scenario file (the format of `shared/vectors/yuma-vectors.json`, documented by its `schema`
//! key) is `{"scenarios": [...]}`, a bare array of scenarios, or one scenario object. A scenario
//! has a `name`, a uid count `n`, subnet `params`, per-uid `init` state and a list of `steps`:
//! - `set_weights {uid, uids, values, block}`: the row is stored as `zip(uids,
//!   max_upscale_weights(values))` in the caller's order, replacing the previous row, and
//!   `last_update[uid] = block` (yuma-spec §8.1);
//! - `replace_uid {uid, block, stake}`: a new hotkey takes the uid (yuma-spec §7.3):
//!   registration block and last update become `block`, its own weight and bond rows are
//!   cleared, every other row's weight *to* it is set to 0 (the entry is kept), its permit is
//!   dropped and its stake becomes `stake`;
//! - `epoch {block, expect?}`: one run of [`crate::epoch_sparse`]; its bonds and validator
//!   permits are stored for the next steps, and its values can be compared with `expect`.
//!
//! Invariants:
//! - parsing never panics; every problem is a [`ScenarioError`] naming the scenario, the step
//!   index and the field (with element indices) at fault;
//! - a [`Scenario`] that passed [`Scenario::validate`] (the parser always calls it) has
//!   `1 ≤ n ≤ MAX_SCENARIO_UIDS`, per-uid vectors of length `n`, every uid `< n`, no duplicate
//!   uid inside a weight/bond row or a `set_weights` call, and `uids`/`values` of equal length;
//! - the runner keeps every per-uid state vector at length `n`: an epoch output whose `bonds` or
//!   `validator_permit` does not have `n` entries is not stored (the comparison then reports it);
//! - reported values are always computed by the epoch, never copied from `expect`.

use std::collections::BTreeMap;
use std::fmt;
use std::io::Read;
use std::path::Path;

use dtao_primitives::fixed::u64_to_i64f64;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::types::{
    BondsModel, EpochInput, EpochOutput, EpochParams, InputError, LiquidAlpha, SparseRow,
};
use crate::weights::max_upscale_weights;

/// Largest `n` a scenario may declare.
pub const MAX_SCENARIO_UIDS: usize = 4_096;

/// Largest scenario file [`load_scenarios`] reads, in bytes.
pub const MAX_SCENARIO_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Epoch emission when a scenario does not give `rao_emission_per_epoch` (1 alpha).
pub const DEFAULT_RAO_EMISSION_PER_EPOCH: u64 = 1_000_000_000;

/// Liquid alpha `[alpha_low, alpha_high]` when `AlphaValues` is not given.
pub const DEFAULT_ALPHA_VALUES: [u16; 2] = [45_875, 58_982];

/// Liquid alpha sigmoid steepness when `AlphaSigmoidSteepness` is not given.
pub const DEFAULT_ALPHA_SIGMOID_STEEPNESS: i16 = 1_000;

/// Keys of a scenario object; `description`, `comment` and `about` are documentation only.
const SCENARIO_KEYS: [&str; 9] = [
    "name",
    "n",
    "params",
    "init",
    "steps",
    "rao_emission_per_epoch",
    "description",
    "comment",
    "about",
];

const PARAM_KEYS: [&str; 14] = [
    "Kappa",
    "BondsPenalty",
    "BondsMovingAverage",
    "Yuma3On",
    "LiquidAlphaOn",
    "AlphaValues",
    "AlphaSigmoidSteepness",
    "ActivityCutoffFactorMilli",
    "StakeThreshold",
    "owner_uid",
    "LastMechansimStepBlock",
    "Tempo",
    "MaxAllowedValidators",
    "rao_emission_per_epoch",
];

const INIT_KEYS: [&str; 6] = [
    "stake",
    "reg_block",
    "last_update",
    "validator_permit",
    "weights",
    "bonds",
];

const OPS: [&str; 3] = ["set_weights", "replace_uid", "epoch"];
const SET_WEIGHTS_KEYS: [&str; 6] = ["op", "uid", "uids", "values", "block", "comment"];
const REPLACE_UID_KEYS: [&str; 5] = ["op", "uid", "block", "stake", "comment"];
const EPOCH_KEYS: [&str; 4] = ["op", "block", "expect", "comment"];

/// Names of the [`ExpectKey`]s, in [`ExpectKey::ALL`] order.
const EXPECT_KEY_NAMES: [&str; 11] = [
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
];

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/// What is wrong with one field of a scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// A required key is absent.
    Missing,
    /// A key that this place does not know.
    UnknownKey {
        /// The keys allowed here.
        allowed: &'static [&'static str],
    },
    /// Wrong JSON type or a number that does not fit (serde's description).
    Invalid(String),
    /// A negative number where a non-negative integer is required.
    Negative,
    /// A step whose `op` is not one of the known operations.
    UnknownOp(String),
    /// A uid not below `n`.
    UidOutOfRange {
        /// The uid given.
        uid: u16,
        /// The scenario's uid count.
        n: usize,
    },
    /// A list of the wrong length.
    LengthMismatch {
        /// Required length.
        expected: usize,
        /// Actual length.
        got: usize,
        /// What the required length comes from (`n`, `uids`, …).
        reference: &'static str,
    },
    /// The same uid twice in one row or one `set_weights` call.
    DuplicateUid(u16),
    /// `n` outside `1..=MAX_SCENARIO_UIDS`.
    BadN(u64),
    /// A value given in two places.
    Conflict(&'static str),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Missing => write!(f, "missing key"),
            Problem::UnknownKey { allowed } => {
                write!(f, "unknown key (allowed here: {})", allowed.join(", "))
            }
            Problem::Invalid(message) => write!(f, "{message}"),
            Problem::Negative => {
                write!(
                    f,
                    "negative number where a non-negative integer is required"
                )
            }
            Problem::UnknownOp(op) => {
                write!(f, "unknown op `{op}` (known ops: {})", OPS.join(", "))
            }
            Problem::UidOutOfRange { uid, n } => {
                write!(f, "uid {uid} is out of range (n = {n}, uids are 0..{n})")
            }
            Problem::LengthMismatch {
                expected,
                got,
                reference,
            } => {
                write!(
                    f,
                    "has {got} entries, expected {expected} (the length of {reference})"
                )
            }
            Problem::DuplicateUid(uid) => write!(f, "uid {uid} appears more than once"),
            Problem::BadN(n) => {
                write!(
                    f,
                    "n = {n} is out of range (must be 1..={MAX_SCENARIO_UIDS})"
                )
            }
            Problem::Conflict(message) => write!(f, "{message}"),
        }
    }
}

/// Why a scenario file could not be loaded or run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScenarioError {
    /// The file could not be read.
    Io {
        /// The file.
        path: String,
        /// The operating system's message.
        message: String,
    },
    /// The file is larger than [`MAX_SCENARIO_FILE_BYTES`].
    TooLarge {
        /// The file.
        path: String,
    },
    /// The text is not JSON.
    Syntax {
        /// serde_json's message (with line and column).
        message: String,
    },
    /// The top level is neither `{"scenarios": [...]}`, a scenario nor an array of scenarios.
    Shape {
        /// What was expected.
        message: &'static str,
    },
    /// One field of one scenario is wrong.
    Field {
        /// Scenario name (`#index` when the name itself is unusable).
        scenario: String,
        /// Step index, when the field belongs to a step.
        step: Option<usize>,
        /// Path of the field inside the scenario or step, e.g. `init.stake[3]` or `values[1]`.
        field: String,
        /// What is wrong.
        problem: Problem,
    },
    /// The epoch refused the input built from the scenario state.
    Epoch {
        /// Scenario name.
        scenario: String,
        /// Step index of the epoch.
        step: usize,
        /// The epoch's reason.
        error: InputError,
    },
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScenarioError::Io { path, message } => write!(f, "cannot read {path}: {message}"),
            ScenarioError::TooLarge { path } => {
                write!(
                    f,
                    "{path} is larger than the limit of {MAX_SCENARIO_FILE_BYTES} bytes"
                )
            }
            ScenarioError::Syntax { message } => write!(f, "not valid JSON: {message}"),
            ScenarioError::Shape { message } => write!(f, "{message}"),
            ScenarioError::Field {
                scenario,
                step,
                field,
                problem,
            } => {
                write!(f, "scenario {scenario:?}")?;
                if let Some(step) = step {
                    write!(f, ", step {step}")?;
                }
                write!(f, ", field `{field}`: {problem}")
            }
            ScenarioError::Epoch {
                scenario,
                step,
                error,
            } => {
                write!(
                    f,
                    "scenario {scenario:?}, step {step}: the epoch refused its input: {error}"
                )
            }
        }
    }
}

impl std::error::Error for ScenarioError {}

// ---------------------------------------------------------------------------------------------
// Typed scenario
// ---------------------------------------------------------------------------------------------

/// One scenario: initial state and a list of steps.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    /// Name used in reports.
    pub name: String,
    /// Number of uids (`1..=MAX_SCENARIO_UIDS`).
    pub n: usize,
    /// Subnet hyperparameters.
    pub params: ScenarioParams,
    /// Per-uid state before the first step.
    pub init: UidState,
    /// The steps, in order.
    pub steps: Vec<Step>,
}

/// Subnet hyperparameters of a scenario (the `params` block).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioParams {
    /// `Kappa`: consensus majority as u16 proportion.
    pub kappa: u16,
    /// `BondsPenalty`: β as u16 proportion.
    pub bonds_penalty: u16,
    /// `BondsMovingAverage`: parts per million.
    pub bonds_moving_average: u64,
    /// `Yuma3On`: Yuma3 bond model instead of the classic one.
    pub yuma3_on: bool,
    /// `LiquidAlphaOn`: per-cell liquid alpha (Yuma3 only).
    pub liquid_alpha_on: bool,
    /// `AlphaValues`: `[alpha_low, alpha_high]`.
    pub alpha_values: [u16; 2],
    /// `AlphaSigmoidSteepness`.
    pub alpha_sigmoid_steepness: i16,
    /// `ActivityCutoffFactorMilli`.
    pub activity_cutoff_factor_milli: u32,
    /// `StakeThreshold`.
    pub stake_threshold: u64,
    /// `owner_uid`: the subnet owner's uid, if any.
    pub owner_uid: Option<u16>,
    /// `LastMechansimStepBlock` (upstream spelling); constant over the scenario.
    pub last_mechanism_step_block: u64,
    /// `Tempo`.
    pub tempo: u16,
    /// `MaxAllowedValidators`.
    pub max_allowed_validators: u16,
    /// `rao_emission_per_epoch` (in `params` or at scenario level).
    pub rao_emission_per_epoch: u64,
}

impl ScenarioParams {
    /// The bond model these parameters select.
    pub fn bonds_model(&self) -> BondsModel {
        if !self.yuma3_on {
            return BondsModel::Classic;
        }
        let liquid_alpha = self.liquid_alpha_on.then_some(LiquidAlpha {
            alpha_low: self.alpha_values[0],
            alpha_high: self.alpha_values[1],
            steepness: self.alpha_sigmoid_steepness,
        });
        BondsModel::Yuma3 { liquid_alpha }
    }

    /// The epoch parameters of an epoch run at `block`.
    pub fn epoch_params(&self, block: u64) -> EpochParams {
        EpochParams {
            block,
            tempo: self.tempo,
            activity_cutoff_factor_milli: self.activity_cutoff_factor_milli,
            kappa: self.kappa,
            max_allowed_validators: self.max_allowed_validators,
            bonds_moving_average: self.bonds_moving_average,
            bonds_penalty: self.bonds_penalty,
            bonds_model: self.bonds_model(),
            stake_threshold: self.stake_threshold,
            owner_uid: self.owner_uid,
            last_mechanism_step_block: self.last_mechanism_step_block,
            emission_rao: self.rao_emission_per_epoch,
        }
    }
}

/// Per-uid state of a scenario: the `init` block, and the runner's state between steps.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UidState {
    /// Raw stake weight per uid, in rao.
    pub stake: Vec<u64>,
    /// Validator permits (written by the last epoch).
    pub validator_permit: Vec<bool>,
    /// Block of each uid's last weight update.
    pub last_update: Vec<u64>,
    /// Block at which each uid's hotkey registered (`reg_block`).
    pub block_at_registration: Vec<u64>,
    /// Stored weight rows (already max-upscaled).
    pub weights: Vec<SparseRow>,
    /// Stored bond rows.
    pub bonds: Vec<SparseRow>,
}

impl UidState {
    /// Store a weight row as `set_weights` does (yuma-spec §8.1 steps 8 and 10). Uids outside
    /// the state are ignored; extra uids or values beyond the shorter list are dropped.
    pub fn set_weights(&mut self, uid: u16, uids: &[u16], values: &[u16], block: u64) {
        let upscaled = max_upscale_weights(values);
        if let Some(row) = self.weights.get_mut(usize::from(uid)) {
            *row = uids.iter().copied().zip(upscaled).collect();
        }
        if let Some(last) = self.last_update.get_mut(usize::from(uid)) {
            *last = block;
        }
    }

    /// A new hotkey takes `uid` at `block` (yuma-spec §7.3 `replace_neuron`/`clear_neuron`).
    pub fn replace_uid(&mut self, uid: u16, block: u64, stake: u64) {
        let index = usize::from(uid);
        if let Some(reg) = self.block_at_registration.get_mut(index) {
            *reg = block;
        }
        if let Some(last) = self.last_update.get_mut(index) {
            *last = block;
        }
        if let Some(row) = self.weights.get_mut(index) {
            row.clear();
        }
        if let Some(row) = self.bonds.get_mut(index) {
            row.clear();
        }
        for row in &mut self.weights {
            for entry in row.iter_mut().filter(|(column, _)| *column == uid) {
                entry.1 = 0;
            }
        }
        if let Some(permit) = self.validator_permit.get_mut(index) {
            *permit = false;
        }
        if let Some(s) = self.stake.get_mut(index) {
            *s = stake;
        }
    }

    /// The epoch input of this state (commit-reveal off).
    pub fn epoch_input(&self) -> EpochInput {
        EpochInput {
            stake: self.stake.iter().map(|&s| u64_to_i64f64(s)).collect(),
            validator_permit: self.validator_permit.clone(),
            last_update: self.last_update.clone(),
            block_at_registration: self.block_at_registration.clone(),
            weights: self.weights.clone(),
            bonds: self.bonds.clone(),
            commit_blocks: None,
        }
    }

    /// Store what an epoch writes back: bonds and validator permits. A vector whose length is
    /// not the state's uid count is not stored (the state keeps its previous value).
    pub fn absorb(&mut self, output: &EpochOutput) {
        let n = self.stake.len();
        if output.bonds.len() == n {
            self.bonds.clone_from(&output.bonds);
        }
        if output.validator_permit.len() == n {
            self.validator_permit.clone_from(&output.validator_permit);
        }
    }
}

/// One step of a scenario.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// Validator `uid` sets weights at `block`.
    SetWeights {
        /// The caller.
        uid: u16,
        /// Target uids, in the caller's order.
        uids: Vec<u16>,
        /// Raw u16 values (max-upscaled when stored).
        values: Vec<u16>,
        /// Block of the call.
        block: u64,
    },
    /// A new hotkey replaces `uid` at `block`.
    ReplaceUid {
        /// The replaced uid.
        uid: u16,
        /// Block of the registration.
        block: u64,
        /// Stake weight of the new hotkey.
        stake: u64,
    },
    /// An epoch runs at `block`.
    Epoch {
        /// Block of the epoch.
        block: u64,
        /// Expected values, if the scenario gives them.
        expect: Option<Expect>,
    },
}

/// Expected values of an epoch step, by key.
pub type Expect = BTreeMap<ExpectKey, ExpectValue>;

/// The values an epoch step reports (and that `expect` may check).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ExpectKey {
    /// `incentive` (u16 per uid).
    Incentive,
    /// `dividends` (u16 per uid).
    Dividends,
    /// `consensus` (u16 per uid).
    Consensus,
    /// `validator_trust` (u16 per uid).
    ValidatorTrust,
    /// `stake_weight` (u16 per uid).
    StakeWeight,
    /// `active` (bool per uid).
    Active,
    /// `emission` (rao per uid).
    Emission,
    /// `server_emission` (rao per uid).
    ServerEmission,
    /// `validator_emission` (rao per uid).
    ValidatorEmission,
    /// `bonds_u16`: stored bond rows as `[[uid, u16], ...]` per uid.
    BondsU16,
    /// `validator_permit` (bool per uid, the permits stored by the epoch).
    ValidatorPermit,
}

/// The JSON shape of one [`ExpectKey`]'s value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ValueKind {
    U16,
    U64,
    Bool,
    Rows,
}

impl ExpectKey {
    /// Every key, in report order.
    pub const ALL: [ExpectKey; 11] = [
        ExpectKey::Incentive,
        ExpectKey::Dividends,
        ExpectKey::Consensus,
        ExpectKey::ValidatorTrust,
        ExpectKey::StakeWeight,
        ExpectKey::Active,
        ExpectKey::Emission,
        ExpectKey::ServerEmission,
        ExpectKey::ValidatorEmission,
        ExpectKey::BondsU16,
        ExpectKey::ValidatorPermit,
    ];

    /// The key as written in `expect`.
    pub fn name(self) -> &'static str {
        EXPECT_KEY_NAMES[self as usize]
    }

    /// The key written `name` in `expect`, if there is one.
    pub fn from_name(name: &str) -> Option<ExpectKey> {
        ExpectKey::ALL.into_iter().find(|key| key.name() == name)
    }

    fn kind(self) -> ValueKind {
        match self {
            ExpectKey::Incentive
            | ExpectKey::Dividends
            | ExpectKey::Consensus
            | ExpectKey::ValidatorTrust
            | ExpectKey::StakeWeight => ValueKind::U16,
            ExpectKey::Emission | ExpectKey::ServerEmission | ExpectKey::ValidatorEmission => {
                ValueKind::U64
            }
            ExpectKey::Active | ExpectKey::ValidatorPermit => ValueKind::Bool,
            ExpectKey::BondsU16 => ValueKind::Rows,
        }
    }

    /// This key's value in an epoch output.
    pub fn value_of(self, output: &EpochOutput) -> ExpectValue {
        match self {
            ExpectKey::Incentive => ExpectValue::U16(output.incentive.clone()),
            ExpectKey::Dividends => ExpectValue::U16(output.dividends.clone()),
            ExpectKey::Consensus => ExpectValue::U16(output.consensus.clone()),
            ExpectKey::ValidatorTrust => ExpectValue::U16(output.validator_trust.clone()),
            ExpectKey::StakeWeight => ExpectValue::U16(output.stake_weight.clone()),
            ExpectKey::Active => ExpectValue::Bool(output.active.clone()),
            ExpectKey::Emission => ExpectValue::U64(output.emission.clone()),
            ExpectKey::ServerEmission => ExpectValue::U64(output.server_emission.clone()),
            ExpectKey::ValidatorEmission => ExpectValue::U64(output.validator_emission.clone()),
            ExpectKey::BondsU16 => ExpectValue::Rows(output.bonds.clone()),
            ExpectKey::ValidatorPermit => ExpectValue::Bool(output.validator_permit.clone()),
        }
    }
}

impl fmt::Display for ExpectKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A per-uid vector reported by an epoch step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExpectValue {
    /// u16 proportions.
    U16(Vec<u16>),
    /// Amounts in rao.
    U64(Vec<u64>),
    /// Flags.
    Bool(Vec<bool>),
    /// Sparse rows.
    Rows(Vec<SparseRow>),
}

impl ExpectValue {
    /// Number of entries (uids, or rows).
    pub fn len(&self) -> usize {
        match self {
            ExpectValue::U16(v) => v.len(),
            ExpectValue::U64(v) => v.len(),
            ExpectValue::Bool(v) => v.len(),
            ExpectValue::Rows(v) => v.len(),
        }
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Each entry as JSON (a row is `[[uid, value], ...]`).
    pub fn elements(&self) -> Vec<Value> {
        match self {
            ExpectValue::U16(v) => v.iter().map(|&x| Value::from(x)).collect(),
            ExpectValue::U64(v) => v.iter().map(|&x| Value::from(x)).collect(),
            ExpectValue::Bool(v) => v.iter().map(|&x| Value::from(x)).collect(),
            ExpectValue::Rows(rows) => rows.iter().map(row_to_json).collect(),
        }
    }

    /// The whole value as JSON.
    pub fn to_json(&self) -> Value {
        Value::Array(self.elements())
    }
}

fn row_to_json(row: &SparseRow) -> Value {
    Value::Array(
        row.iter()
            .map(|&(uid, value)| Value::Array(vec![Value::from(uid), Value::from(value)]))
            .collect(),
    )
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

/// Read and parse a scenario file (at most [`MAX_SCENARIO_FILE_BYTES`]).
pub fn load_scenarios(path: &Path) -> Result<Vec<Scenario>, ScenarioError> {
    let shown = path.display().to_string();
    let io_error = |error: std::io::Error| ScenarioError::Io {
        path: shown.clone(),
        message: error.to_string(),
    };
    let file = std::fs::File::open(path).map_err(io_error)?;
    let mut bytes = Vec::new();
    file.take(MAX_SCENARIO_FILE_BYTES.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    if u64::try_from(bytes.len()).map_or(true, |len| len > MAX_SCENARIO_FILE_BYTES) {
        return Err(ScenarioError::TooLarge { path: shown });
    }
    let text = String::from_utf8(bytes).map_err(|_| ScenarioError::Io {
        path: shown.clone(),
        message: "the file is not UTF-8 text".to_owned(),
    })?;
    parse_scenarios(&text)
}

/// Parse scenario JSON: `{"scenarios": [...]}`, a bare array of scenarios, or one scenario.
/// Every scenario is validated ([`Scenario::validate`]).
pub fn parse_scenarios(text: &str) -> Result<Vec<Scenario>, ScenarioError> {
    let root: Value = serde_json::from_str(text).map_err(|error| ScenarioError::Syntax {
        message: error.to_string(),
    })?;
    const SHAPE: &str =
        "expected {\"scenarios\": [...]}, a scenario object or an array of scenarios";
    let items: Vec<&Value> = match &root {
        Value::Array(items) => items.iter().collect(),
        Value::Object(map) => match map.get("scenarios") {
            Some(Value::Array(items)) => items.iter().collect(),
            Some(_) => {
                return Err(ScenarioError::Shape {
                    message: "`scenarios` must be an array",
                })
            }
            None if map.contains_key("steps") => vec![&root],
            None => return Err(ScenarioError::Shape { message: SHAPE }),
        },
        _ => return Err(ScenarioError::Shape { message: SHAPE }),
    };
    items
        .into_iter()
        .enumerate()
        .map(|(index, item)| Scenario::from_json(item, index))
        .collect()
}

/// Where a field lives: scenario name and step index.
#[derive(Clone, Copy)]
struct Ctx<'a> {
    scenario: &'a str,
    step: Option<usize>,
}

impl<'a> Ctx<'a> {
    fn at_step(self, step: usize) -> Ctx<'a> {
        Ctx {
            step: Some(step),
            ..self
        }
    }

    fn err(&self, field: impl Into<String>, problem: Problem) -> ScenarioError {
        ScenarioError::Field {
            scenario: self.scenario.to_owned(),
            step: self.step,
            field: field.into(),
            problem,
        }
    }

    fn object<'v>(
        &self,
        value: &'v Value,
        field: &str,
    ) -> Result<&'v Map<String, Value>, ScenarioError> {
        value.as_object().ok_or_else(|| {
            self.err(
                field,
                Problem::Invalid(format!("expected an object, found {}", kind(value))),
            )
        })
    }

    /// Refuse keys outside `allowed`; `prefix` is the object's path (`""` or `"params."`).
    fn allow_keys(
        &self,
        map: &Map<String, Value>,
        allowed: &'static [&'static str],
        prefix: &str,
    ) -> Result<(), ScenarioError> {
        match map.keys().find(|key| !allowed.contains(&key.as_str())) {
            Some(key) => Err(self.err(format!("{prefix}{key}"), Problem::UnknownKey { allowed })),
            None => Ok(()),
        }
    }

    fn required<'v>(
        &self,
        map: &'v Map<String, Value>,
        key: &str,
        prefix: &str,
    ) -> Result<&'v Value, ScenarioError> {
        map.get(key)
            .ok_or_else(|| self.err(format!("{prefix}{key}"), Problem::Missing))
    }

    /// One typed value; a negative number refused by an unsigned type is reported as such.
    fn leaf<T: DeserializeOwned>(&self, value: &Value, field: &str) -> Result<T, ScenarioError> {
        T::deserialize(value).map_err(|error| {
            let negative = value.as_f64().is_some_and(|x| x < 0.0);
            let problem = if negative {
                Problem::Negative
            } else {
                Problem::Invalid(error.to_string())
            };
            self.err(field, problem)
        })
    }

    fn array<'v>(&self, value: &'v Value, field: &str) -> Result<&'v Vec<Value>, ScenarioError> {
        value.as_array().ok_or_else(|| {
            self.err(
                field,
                Problem::Invalid(format!("expected an array, found {}", kind(value))),
            )
        })
    }

    fn list<T: DeserializeOwned>(
        &self,
        value: &Value,
        field: &str,
    ) -> Result<Vec<T>, ScenarioError> {
        self.array(value, field)?
            .iter()
            .enumerate()
            .map(|(i, item)| self.leaf(item, &format!("{field}[{i}]")))
            .collect()
    }

    /// A list of sparse rows, each `[[uid, value], ...]`.
    fn rows(&self, value: &Value, field: &str) -> Result<Vec<SparseRow>, ScenarioError> {
        let rows = self.array(value, field)?;
        let mut out = Vec::with_capacity(rows.len());
        for (i, row) in rows.iter().enumerate() {
            let row_field = format!("{field}[{i}]");
            let entries = self.array(row, &row_field)?;
            let mut parsed = Vec::with_capacity(entries.len());
            for (j, entry) in entries.iter().enumerate() {
                let entry_field = format!("{row_field}[{j}]");
                let pair = self.array(entry, &entry_field)?;
                if pair.len() != 2 {
                    return Err(self.err(
                        entry_field,
                        Problem::LengthMismatch {
                            expected: 2,
                            got: pair.len(),
                            reference: "a [uid, value] pair",
                        },
                    ));
                }
                let uid = self.leaf(&pair[0], &format!("{entry_field}[0]"))?;
                let weight = self.leaf(&pair[1], &format!("{entry_field}[1]"))?;
                parsed.push((uid, weight));
            }
            out.push(parsed);
        }
        Ok(out)
    }
}

/// JSON type name for messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl Scenario {
    /// Parse the `index`-th scenario of a file and validate it.
    fn from_json(value: &Value, index: usize) -> Result<Scenario, ScenarioError> {
        let label = format!("#{index}");
        let top = Ctx {
            scenario: &label,
            step: None,
        };
        let map = top.object(value, "scenario")?;
        let name: String = top.leaf(top.required(map, "name", "")?, "name")?;
        let ctx = Ctx {
            scenario: &name,
            step: None,
        };
        ctx.allow_keys(map, &SCENARIO_KEYS, "")?;

        let n_raw: u64 = ctx.leaf(ctx.required(map, "n", "")?, "n")?;
        let n = usize::try_from(n_raw)
            .ok()
            .filter(|n| (1..=MAX_SCENARIO_UIDS).contains(n))
            .ok_or_else(|| ctx.err("n", Problem::BadN(n_raw)))?;

        let top_emission = map
            .get("rao_emission_per_epoch")
            .map(|v| ctx.leaf::<u64>(v, "rao_emission_per_epoch"))
            .transpose()?;
        let params = parse_params(ctx, ctx.required(map, "params", "")?, top_emission)?;
        let init = parse_init(ctx, ctx.required(map, "init", "")?, n)?;
        let steps = ctx
            .array(ctx.required(map, "steps", "")?, "steps")?
            .iter()
            .enumerate()
            .map(|(i, step)| parse_step(ctx.at_step(i), step))
            .collect::<Result<Vec<_>, _>>()?;

        let scenario = Scenario {
            name: name.clone(),
            n,
            params,
            init,
            steps,
        };
        scenario.validate()?;
        Ok(scenario)
    }

    /// Check the invariants the runner relies on (see the module docs).
    pub fn validate(&self) -> Result<(), ScenarioError> {
        let ctx = Ctx {
            scenario: &self.name,
            step: None,
        };
        let n = self.n;
        if !(1..=MAX_SCENARIO_UIDS).contains(&n) {
            return Err(ctx.err("n", Problem::BadN(u64::try_from(n).unwrap_or(u64::MAX))));
        }
        if let Some(owner) = self.params.owner_uid {
            check_uid(ctx, owner, n, "params.owner_uid")?;
        }
        let init = &self.init;
        let lengths = [
            ("init.stake", init.stake.len()),
            ("init.reg_block", init.block_at_registration.len()),
            ("init.last_update", init.last_update.len()),
            ("init.validator_permit", init.validator_permit.len()),
            ("init.weights", init.weights.len()),
            ("init.bonds", init.bonds.len()),
        ];
        for (field, got) in lengths {
            if got != n {
                return Err(ctx.err(
                    field,
                    Problem::LengthMismatch {
                        expected: n,
                        got,
                        reference: "n",
                    },
                ));
            }
        }
        for (field, rows) in [("init.weights", &init.weights), ("init.bonds", &init.bonds)] {
            for (i, row) in rows.iter().enumerate() {
                let uids: Vec<u16> = row.iter().map(|&(uid, _)| uid).collect();
                check_uids(ctx, &uids, n, &format!("{field}[{i}]"), |j| {
                    format!("[{j}][0]")
                })?;
            }
        }
        for (i, step) in self.steps.iter().enumerate() {
            let ctx = ctx.at_step(i);
            match step {
                Step::SetWeights {
                    uid, uids, values, ..
                } => {
                    check_uid(ctx, *uid, n, "uid")?;
                    check_uids(ctx, uids, n, "uids", |j| format!("[{j}]"))?;
                    if values.len() != uids.len() {
                        return Err(ctx.err(
                            "values",
                            Problem::LengthMismatch {
                                expected: uids.len(),
                                got: values.len(),
                                reference: "uids",
                            },
                        ));
                    }
                }
                Step::ReplaceUid { uid, .. } => check_uid(ctx, *uid, n, "uid")?,
                Step::Epoch { .. } => {}
            }
        }
        Ok(())
    }
}

fn check_uid(ctx: Ctx<'_>, uid: u16, n: usize, field: &str) -> Result<(), ScenarioError> {
    if usize::from(uid) < n {
        Ok(())
    } else {
        Err(ctx.err(field, Problem::UidOutOfRange { uid, n }))
    }
}

/// Every uid `< n` and none twice; `suffix(j)` locates the j-th uid inside `field`.
fn check_uids(
    ctx: Ctx<'_>,
    uids: &[u16],
    n: usize,
    field: &str,
    suffix: impl Fn(usize) -> String,
) -> Result<(), ScenarioError> {
    let mut seen = vec![false; n];
    for (j, &uid) in uids.iter().enumerate() {
        let at = || format!("{field}{}", suffix(j));
        check_uid(ctx, uid, n, &at())?;
        let slot = &mut seen[usize::from(uid)];
        if *slot {
            return Err(ctx.err(at(), Problem::DuplicateUid(uid)));
        }
        *slot = true;
    }
    Ok(())
}

fn parse_params(
    ctx: Ctx<'_>,
    value: &Value,
    top_emission: Option<u64>,
) -> Result<ScenarioParams, ScenarioError> {
    const P: &str = "params.";
    let map = ctx.object(value, "params")?;
    ctx.allow_keys(map, &PARAM_KEYS, P)?;
    let req = |key: &str| ctx.required(map, key, P);
    let path = |key: &str| format!("{P}{key}");

    let alpha_values = match map.get("AlphaValues") {
        None => DEFAULT_ALPHA_VALUES,
        Some(v) => {
            let list: Vec<u16> = ctx.list(v, &path("AlphaValues"))?;
            match list.as_slice() {
                &[low, high] => [low, high],
                _ => {
                    return Err(ctx.err(
                        path("AlphaValues"),
                        Problem::LengthMismatch {
                            expected: 2,
                            got: list.len(),
                            reference: "[alpha_low, alpha_high]",
                        },
                    ))
                }
            }
        }
    };
    let alpha_sigmoid_steepness = match map.get("AlphaSigmoidSteepness") {
        None => DEFAULT_ALPHA_SIGMOID_STEEPNESS,
        Some(v) => ctx.leaf(v, &path("AlphaSigmoidSteepness"))?,
    };
    let params_emission = map
        .get("rao_emission_per_epoch")
        .map(|v| ctx.leaf::<u64>(v, &path("rao_emission_per_epoch")))
        .transpose()?;
    let rao_emission_per_epoch = match (top_emission, params_emission) {
        (Some(_), Some(_)) => {
            return Err(ctx.err(
                "rao_emission_per_epoch",
                Problem::Conflict("given both at scenario level and in params; give it once"),
            ))
        }
        (Some(e), None) | (None, Some(e)) => e,
        (None, None) => DEFAULT_RAO_EMISSION_PER_EPOCH,
    };

    Ok(ScenarioParams {
        kappa: ctx.leaf(req("Kappa")?, &path("Kappa"))?,
        bonds_penalty: ctx.leaf(req("BondsPenalty")?, &path("BondsPenalty"))?,
        bonds_moving_average: ctx.leaf(req("BondsMovingAverage")?, &path("BondsMovingAverage"))?,
        yuma3_on: ctx.leaf(req("Yuma3On")?, &path("Yuma3On"))?,
        liquid_alpha_on: ctx.leaf(req("LiquidAlphaOn")?, &path("LiquidAlphaOn"))?,
        alpha_values,
        alpha_sigmoid_steepness,
        activity_cutoff_factor_milli: ctx.leaf(
            req("ActivityCutoffFactorMilli")?,
            &path("ActivityCutoffFactorMilli"),
        )?,
        stake_threshold: ctx.leaf(req("StakeThreshold")?, &path("StakeThreshold"))?,
        owner_uid: ctx.leaf(req("owner_uid")?, &path("owner_uid"))?,
        last_mechanism_step_block: ctx.leaf(
            req("LastMechansimStepBlock")?,
            &path("LastMechansimStepBlock"),
        )?,
        tempo: ctx.leaf(req("Tempo")?, &path("Tempo"))?,
        max_allowed_validators: ctx
            .leaf(req("MaxAllowedValidators")?, &path("MaxAllowedValidators"))?,
        rao_emission_per_epoch,
    })
}

fn parse_init(ctx: Ctx<'_>, value: &Value, n: usize) -> Result<UidState, ScenarioError> {
    const P: &str = "init.";
    let map = ctx.object(value, "init")?;
    ctx.allow_keys(map, &INIT_KEYS, P)?;
    let req = |key: &str| ctx.required(map, key, P);
    let path = |key: &str| format!("{P}{key}");
    let optional_rows = |key: &str| match map.get(key) {
        None => Ok(vec![Vec::new(); n]),
        Some(v) => ctx.rows(v, &path(key)),
    };
    Ok(UidState {
        stake: ctx.list(req("stake")?, &path("stake"))?,
        block_at_registration: ctx.list(req("reg_block")?, &path("reg_block"))?,
        last_update: ctx.list(req("last_update")?, &path("last_update"))?,
        validator_permit: match map.get("validator_permit") {
            None => vec![false; n],
            Some(v) => ctx.list(v, &path("validator_permit"))?,
        },
        weights: optional_rows("weights")?,
        bonds: optional_rows("bonds")?,
    })
}

fn parse_step(ctx: Ctx<'_>, value: &Value) -> Result<Step, ScenarioError> {
    let map = ctx.object(value, "step")?;
    let op_value = ctx.required(map, "op", "")?;
    let op = op_value.as_str().ok_or_else(|| {
        ctx.err(
            "op",
            Problem::Invalid(format!("expected a string, found {}", kind(op_value))),
        )
    })?;
    let req = |key: &str| ctx.required(map, key, "");
    match op {
        "set_weights" => {
            ctx.allow_keys(map, &SET_WEIGHTS_KEYS, "")?;
            Ok(Step::SetWeights {
                uid: ctx.leaf(req("uid")?, "uid")?,
                uids: ctx.list(req("uids")?, "uids")?,
                values: ctx.list(req("values")?, "values")?,
                block: ctx.leaf(req("block")?, "block")?,
            })
        }
        "replace_uid" => {
            ctx.allow_keys(map, &REPLACE_UID_KEYS, "")?;
            Ok(Step::ReplaceUid {
                uid: ctx.leaf(req("uid")?, "uid")?,
                block: ctx.leaf(req("block")?, "block")?,
                stake: ctx.leaf(req("stake")?, "stake")?,
            })
        }
        "epoch" => {
            ctx.allow_keys(map, &EPOCH_KEYS, "")?;
            let expect = match map.get("expect") {
                None | Some(Value::Null) => None,
                Some(v) => Some(parse_expect(ctx, v)?),
            };
            Ok(Step::Epoch {
                block: ctx.leaf(req("block")?, "block")?,
                expect,
            })
        }
        other => Err(ctx.err("op", Problem::UnknownOp(other.to_owned()))),
    }
}

fn parse_expect(ctx: Ctx<'_>, value: &Value) -> Result<Expect, ScenarioError> {
    let map = ctx.object(value, "expect")?;
    let mut expect = Expect::new();
    for (name, v) in map {
        let field = format!("expect.{name}");
        let key = ExpectKey::from_name(name).ok_or_else(|| {
            ctx.err(
                &field,
                Problem::UnknownKey {
                    allowed: &EXPECT_KEY_NAMES,
                },
            )
        })?;
        let parsed = match key.kind() {
            ValueKind::U16 => ExpectValue::U16(ctx.list(v, &field)?),
            ValueKind::U64 => ExpectValue::U64(ctx.list(v, &field)?),
            ValueKind::Bool => ExpectValue::Bool(ctx.list(v, &field)?),
            ValueKind::Rows => ExpectValue::Rows(ctx.rows(v, &field)?),
        };
        expect.insert(key, parsed);
    }
    Ok(expect)
}

// ---------------------------------------------------------------------------------------------
// Running and checking
// ---------------------------------------------------------------------------------------------

/// What one epoch step of a scenario produced.
#[derive(Clone, Debug, PartialEq)]
pub struct EpochRecord {
    /// Scenario name.
    pub scenario: String,
    /// Index of the epoch step in the scenario's steps.
    pub step: usize,
    /// Block of the epoch.
    pub block: u64,
    /// What the epoch computed.
    pub output: EpochOutput,
    /// The step's expected values, if any.
    pub expect: Option<Expect>,
}

impl EpochRecord {
    /// The keys this step reports: those of `expect` when there is one, else all of them.
    pub fn keys(&self) -> Vec<ExpectKey> {
        match &self.expect {
            Some(expect) => expect.keys().copied().collect(),
            None => ExpectKey::ALL.to_vec(),
        }
    }

    /// The computed values of [`EpochRecord::keys`], keyed by name.
    pub fn computed(&self) -> Map<String, Value> {
        self.keys()
            .into_iter()
            .map(|key| (key.name().to_owned(), key.value_of(&self.output).to_json()))
            .collect()
    }

    /// Every difference between `expect` and the computed values (none without `expect`).
    /// A length difference is one mismatch with no index and the whole vectors; otherwise
    /// each differing element (or bond row) is one mismatch.
    pub fn mismatches(&self) -> Vec<Mismatch> {
        let Some(expect) = &self.expect else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (&key, expected) in expect {
            let got = key.value_of(&self.output);
            let mismatch = |index, expected, got| Mismatch {
                scenario: self.scenario.clone(),
                step: self.step,
                block: self.block,
                key,
                index,
                expected,
                got,
            };
            if expected.len() != got.len() {
                out.push(mismatch(None, expected.to_json(), got.to_json()));
                continue;
            }
            for (index, (e, g)) in expected
                .elements()
                .into_iter()
                .zip(got.elements())
                .enumerate()
            {
                if e != g {
                    out.push(mismatch(Some(index), e, g));
                }
            }
        }
        out
    }
}

/// One difference between an expected and a computed value.
#[derive(Clone, Debug, PartialEq)]
pub struct Mismatch {
    /// Scenario name.
    pub scenario: String,
    /// Index of the epoch step.
    pub step: usize,
    /// Block of the epoch.
    pub block: u64,
    /// Which value.
    pub key: ExpectKey,
    /// Element (or bond row) index; `None` when the lengths differ.
    pub index: Option<usize>,
    /// Expected element (or the whole expected vector for a length difference).
    pub expected: Value,
    /// Computed element (or the whole computed vector for a length difference).
    pub got: Value,
}

impl Mismatch {
    /// The mismatch as a JSON object with the same fields.
    pub fn to_json(&self) -> Value {
        let mut map = Map::new();
        map.insert("scenario".to_owned(), Value::from(self.scenario.as_str()));
        map.insert("step".to_owned(), Value::from(self.step));
        map.insert("block".to_owned(), Value::from(self.block));
        map.insert("key".to_owned(), Value::from(self.key.name()));
        map.insert(
            "index".to_owned(),
            self.index.map_or(Value::Null, Value::from),
        );
        map.insert("expected".to_owned(), self.expected.clone());
        map.insert("got".to_owned(), self.got.clone());
        Value::Object(map)
    }
}

impl fmt::Display for Mismatch {
    /// `scenario=<name> step=<i> block=<b> key=<k> index=<i|null> expected=<json> got=<json>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "scenario={} step={} block={} key={} index=",
            self.scenario, self.step, self.block, self.key
        )?;
        match self.index {
            Some(index) => write!(f, "{index}")?,
            None => f.write_str("null")?,
        }
        write!(f, " expected={} got={}", self.expected, self.got)
    }
}

/// Run a scenario through [`crate::epoch_sparse`]; one record per epoch step.
pub fn run_scenario(scenario: &Scenario) -> Result<Vec<EpochRecord>, ScenarioError> {
    run_scenario_with(scenario, crate::epoch_sparse)
}

/// Run a scenario through any epoch function (e.g. [`crate::epoch_dense`]).
pub fn run_scenario_with<F>(
    scenario: &Scenario,
    mut epoch: F,
) -> Result<Vec<EpochRecord>, ScenarioError>
where
    F: FnMut(&EpochParams, &EpochInput) -> Result<EpochOutput, InputError>,
{
    scenario.validate()?;
    let mut state = scenario.init.clone();
    let mut records = Vec::new();
    for (step_index, step) in scenario.steps.iter().enumerate() {
        match step {
            Step::SetWeights {
                uid,
                uids,
                values,
                block,
            } => {
                state.set_weights(*uid, uids, values, *block);
            }
            Step::ReplaceUid { uid, block, stake } => state.replace_uid(*uid, *block, *stake),
            Step::Epoch { block, expect } => {
                let params = scenario.params.epoch_params(*block);
                let output =
                    epoch(&params, &state.epoch_input()).map_err(|error| ScenarioError::Epoch {
                        scenario: scenario.name.clone(),
                        step: step_index,
                        error,
                    })?;
                state.absorb(&output);
                records.push(EpochRecord {
                    scenario: scenario.name.clone(),
                    step: step_index,
                    block: *block,
                    output,
                    expect: expect.clone(),
                });
            }
        }
    }
    Ok(records)
}

/// Totals of a check over scenarios.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CheckReport {
    /// Scenarios run.
    pub scenarios: usize,
    /// Epoch steps run.
    pub epochs: usize,
    /// Epoch steps that had an `expect` block.
    pub epochs_checked: usize,
    /// Every mismatch, in scenario and step order.
    pub mismatches: Vec<Mismatch>,
}

impl CheckReport {
    /// Whether nothing differed.
    pub fn passed(&self) -> bool {
        self.mismatches.is_empty()
    }

    /// The report as a JSON object: `ok`, `scenarios`, `epochs`, `epochs_checked`,
    /// `mismatch_count` and `mismatches` (a list of [`Mismatch::to_json`]).
    pub fn to_json(&self) -> Value {
        let mut map = Map::new();
        map.insert("ok".to_owned(), Value::from(self.passed()));
        map.insert("scenarios".to_owned(), Value::from(self.scenarios));
        map.insert("epochs".to_owned(), Value::from(self.epochs));
        map.insert(
            "epochs_checked".to_owned(),
            Value::from(self.epochs_checked),
        );
        map.insert(
            "mismatch_count".to_owned(),
            Value::from(self.mismatches.len()),
        );
        map.insert(
            "mismatches".to_owned(),
            Value::Array(self.mismatches.iter().map(Mismatch::to_json).collect()),
        );
        Value::Object(map)
    }
}

/// Run every scenario through [`crate::epoch_sparse`] and compare with the expectations.
pub fn check_scenarios(scenarios: &[Scenario]) -> Result<CheckReport, ScenarioError> {
    check_scenarios_with(scenarios, crate::epoch_sparse)
}

/// [`check_scenarios`] with any epoch function.
pub fn check_scenarios_with<F>(
    scenarios: &[Scenario],
    mut epoch: F,
) -> Result<CheckReport, ScenarioError>
where
    F: FnMut(&EpochParams, &EpochInput) -> Result<EpochOutput, InputError>,
{
    let mut report = CheckReport {
        scenarios: scenarios.len(),
        ..CheckReport::default()
    };
    for scenario in scenarios {
        for record in run_scenario_with(scenario, &mut epoch)? {
            report.epochs += 1;
            if record.expect.is_some() {
                report.epochs_checked += 1;
            }
            report.mismatches.extend(record.mismatches());
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use serde_json::json;

    const SHARED_VECTORS: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/vectors/yuma-vectors.json"
    );

    fn base() -> Value {
        json!({
            "name": "t",
            "n": 3,
            "params": {
                "Kappa": 32767, "BondsPenalty": 65535, "BondsMovingAverage": 900000,
                "Yuma3On": false, "LiquidAlphaOn": false, "ActivityCutoffFactorMilli": 13889,
                "StakeThreshold": 0, "owner_uid": null, "LastMechansimStepBlock": 0,
                "Tempo": 1, "MaxAllowedValidators": 8
            },
            "init": { "stake": [1, 2, 0], "reg_block": [1, 1, 1], "last_update": [1, 1, 1] },
            "steps": [
                {"op": "set_weights", "uid": 0, "uids": [2, 1], "values": [13107, 52428], "block": 2},
                {"op": "epoch", "block": 2, "expect": {"incentive": [0, 0, 65535]}},
                {"op": "replace_uid", "uid": 1, "block": 3, "stake": 5},
                {"op": "epoch", "block": 3}
            ]
        })
    }

    fn parse_one(value: &Value) -> Result<Scenario, ScenarioError> {
        parse_scenarios(&value.to_string()).map(|mut list| list.remove(0))
    }

    fn field_error(value: &Value) -> (Option<usize>, String, Problem) {
        match parse_one(value) {
            Err(ScenarioError::Field {
                step,
                field,
                problem,
                ..
            }) => (step, field, problem),
            other => panic!("expected a field error, got {other:?}"),
        }
    }

    /// An epoch that reports fixed values of the right length.
    fn fake_epoch(_: &EpochParams, input: &EpochInput) -> Result<EpochOutput, InputError> {
        let n = input.n();
        Ok(EpochOutput {
            incentive: (0..n).map(|i| if i + 1 == n { 65535 } else { 0 }).collect(),
            validator_permit: vec![true; n],
            bonds: (0..n)
                .map(|i| vec![(0, u16::try_from(i).unwrap())])
                .collect(),
            ..EpochOutput::default()
        })
    }

    #[test]
    fn expect_key_names_follow_all() {
        for (i, key) in ExpectKey::ALL.iter().enumerate() {
            assert_eq!(key.name(), EXPECT_KEY_NAMES[i]);
            assert_eq!(ExpectKey::from_name(EXPECT_KEY_NAMES[i]), Some(*key));
        }
        assert_eq!(ExpectKey::from_name("rank"), None);
    }

    #[test]
    fn shared_vectors_parse() {
        let scenarios = load_scenarios(Path::new(SHARED_VECTORS)).unwrap();
        assert!(scenarios.len() >= 3);
        let v1 = &scenarios[0];
        assert_eq!(v1.n, 8);
        assert_eq!(v1.params.bonds_model(), BondsModel::Classic);
        assert_eq!(
            v1.params.rao_emission_per_epoch,
            DEFAULT_RAO_EMISSION_PER_EPOCH
        );
        assert_eq!(v1.init.validator_permit, vec![false; 8]);
        assert!(v1.steps.iter().any(|s| matches!(
            s,
            Step::Epoch {
                expect: Some(_),
                ..
            }
        )));
    }

    #[test]
    fn accepts_the_three_top_level_shapes() {
        let one = base();
        assert_eq!(parse_scenarios(&one.to_string()).unwrap().len(), 1);
        assert_eq!(
            parse_scenarios(&json!([one, one]).to_string())
                .unwrap()
                .len(),
            2
        );
        let wrapped = json!({"schema": {"about": "x"}, "scenarios": [one]});
        assert_eq!(parse_scenarios(&wrapped.to_string()).unwrap().len(), 1);
        assert!(matches!(
            parse_scenarios("{\"a\": 1}"),
            Err(ScenarioError::Shape { .. })
        ));
        assert!(matches!(
            parse_scenarios("{\"scenarios\": 1}"),
            Err(ScenarioError::Shape { .. })
        ));
        assert!(matches!(
            parse_scenarios("not json"),
            Err(ScenarioError::Syntax { .. })
        ));
    }

    #[test]
    fn params_map_to_epoch_params() {
        let mut v = base();
        v["params"]["Yuma3On"] = json!(true);
        v["params"]["LiquidAlphaOn"] = json!(true);
        v["params"]["AlphaValues"] = json!([100, 200]);
        v["params"]["AlphaSigmoidSteepness"] = json!(-7);
        v["params"]["owner_uid"] = json!(2);
        v["params"]["rao_emission_per_epoch"] = json!(5);
        let s = parse_one(&v).unwrap();
        let p = s.params.epoch_params(42);
        assert_eq!(p.block, 42);
        assert_eq!(p.emission_rao, 5);
        assert_eq!(p.owner_uid, Some(2));
        assert_eq!(
            p.bonds_model,
            BondsModel::Yuma3 {
                liquid_alpha: Some(LiquidAlpha {
                    alpha_low: 100,
                    alpha_high: 200,
                    steepness: -7
                })
            }
        );
        v["params"]["LiquidAlphaOn"] = json!(false);
        let s = parse_one(&v).unwrap();
        assert_eq!(
            s.params.bonds_model(),
            BondsModel::Yuma3 { liquid_alpha: None }
        );
        // Defaults and emission at scenario level.
        let mut v = base();
        v["rao_emission_per_epoch"] = json!(7);
        let s = parse_one(&v).unwrap();
        assert_eq!(s.params.rao_emission_per_epoch, 7);
        assert_eq!(s.params.alpha_values, DEFAULT_ALPHA_VALUES);
        assert_eq!(
            s.params.alpha_sigmoid_steepness,
            DEFAULT_ALPHA_SIGMOID_STEEPNESS
        );
        v["params"]["rao_emission_per_epoch"] = json!(7);
        let (_, field, problem) = field_error(&v);
        assert_eq!(field, "rao_emission_per_epoch");
        assert!(matches!(problem, Problem::Conflict(_)));
    }

    /// Where the parser locates the error after `edit` breaks the base scenario.
    fn located(edit: impl FnOnce(&mut Value)) -> (Option<usize>, String) {
        let mut v = base();
        edit(&mut v);
        let (step, field, _) = field_error(&v);
        (step, field)
    }

    fn at(step: Option<usize>, field: &str) -> (Option<usize>, String) {
        (step, field.to_owned())
    }

    fn remove(v: &mut Value, key: &str) {
        v.as_object_mut().unwrap().remove(key).unwrap();
    }

    #[test]
    fn malformed_fields_are_named() {
        let step0 = Some(0);
        let step1 = Some(1);
        assert_eq!(
            located(|v| remove(&mut v["steps"][0], "op")),
            at(step0, "op")
        );
        assert_eq!(
            located(|v| v["steps"][1]["op"] = json!("x")),
            at(step1, "op")
        );
        assert_eq!(
            located(|v| v["steps"][0]["uids"] = json!([2, 3])),
            at(step0, "uids[1]")
        );
        assert_eq!(
            located(|v| v["steps"][0]["uids"] = json!([2, 2])),
            at(step0, "uids[1]")
        );
        assert_eq!(
            located(|v| v["steps"][0]["values"] = json!([1])),
            at(step0, "values")
        );
        let big = json!([1, 70000]);
        assert_eq!(
            located(|v| v["steps"][0]["values"] = big),
            at(step0, "values[1]")
        );
        assert_eq!(
            located(|v| v["steps"][0]["uid"] = json!("0")),
            at(step0, "uid")
        );
        assert_eq!(
            located(|v| v["steps"][0]["extra"] = json!(1)),
            at(step0, "extra")
        );
        assert_eq!(
            located(|v| v["steps"][2]["uid"] = json!(3)),
            at(Some(2), "uid")
        );

        let expect = |key: &str, value: Value| {
            let key = key.to_owned();
            located(move |v| v["steps"][1]["expect"][key] = value)
        };
        assert_eq!(expect("rank", json!([])), at(step1, "expect.rank"));
        assert_eq!(
            expect("incentive", json!([1.5])),
            at(step1, "expect.incentive[0]")
        );
        assert_eq!(
            expect("bonds_u16", json!([[[1]]])),
            at(step1, "expect.bonds_u16[0][0]")
        );

        let init = |key: &str, value: Value| {
            let key = key.to_owned();
            located(move |v| v["init"][key] = value)
        };
        assert_eq!(init("stake", json!([1, 2])), at(None, "init.stake"));
        assert_eq!(init("stake", json!([1, -2, 0])), at(None, "init.stake[1]"));
        assert_eq!(
            init("validator_permit", json!([true])),
            at(None, "init.validator_permit")
        );
        let bad_row = json!([[[5, 1]], [], []]);
        assert_eq!(init("weights", bad_row), at(None, "init.weights[0][0][0]"));
        assert_eq!(
            located(|v| remove(&mut v["init"], "reg_block")),
            at(None, "init.reg_block")
        );

        let param = |key: &str, value: Value| {
            let key = key.to_owned();
            located(move |v| v["params"][key] = value)
        };
        assert_eq!(param("Kappa", json!(true)), at(None, "params.Kappa"));
        assert_eq!(param("kappa", json!(1)), at(None, "params.kappa"));
        assert_eq!(param("owner_uid", json!(9)), at(None, "params.owner_uid"));
        assert_eq!(
            param("AlphaValues", json!([1])),
            at(None, "params.AlphaValues")
        );

        for n in [json!(0), json!(4097), json!(-1), json!("3")] {
            assert_eq!(located(|v| v["n"] = n), at(None, "n"));
        }
    }

    #[test]
    fn problem_kinds() {
        let mut v = base();
        v["init"]["stake"] = json!([1, -2, 0]);
        assert_eq!(field_error(&v).2, Problem::Negative);
        let mut v = base();
        v["steps"][1]["op"] = json!("frobnicate");
        assert_eq!(
            field_error(&v).2,
            Problem::UnknownOp("frobnicate".to_owned())
        );
        let mut v = base();
        v["steps"][0]["uids"] = json!([2, 2]);
        assert_eq!(field_error(&v).2, Problem::DuplicateUid(2));
        let mut v = base();
        v["n"] = json!(4097);
        assert_eq!(field_error(&v).2, Problem::BadN(4097));
        let mut v = base();
        v.as_object_mut().unwrap().remove("name");
        match parse_one(&v) {
            Err(e @ ScenarioError::Field { .. }) => {
                assert_eq!(e.to_string(), "scenario \"#0\", field `name`: missing key");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn error_display_names_scenario_step_and_field() {
        let mut v = base();
        v["steps"][0]["uids"] = json!([2, 3]);
        let message = parse_one(&v).unwrap_err().to_string();
        assert_eq!(
            message,
            "scenario \"t\", step 0, field `uids[1]`: uid 3 is out of range (n = 3, uids are 0..3)"
        );
    }

    #[test]
    fn runner_applies_steps() {
        let s = parse_one(&base()).unwrap();
        let mut inputs = Vec::new();
        let records = run_scenario_with(&s, |params, input| {
            inputs.push((params.block, input.clone()));
            fake_epoch(params, input)
        })
        .unwrap();
        assert_eq!(records.len(), 2);
        assert_eq!((records[0].step, records[0].block), (1, 2));
        assert_eq!((records[1].step, records[1].block), (3, 3));

        let (block, first) = &inputs[0];
        assert_eq!(*block, 2);
        // Caller's order kept, values max-upscaled.
        assert_eq!(first.weights[0], vec![(2, 16384), (1, 65535)]);
        assert_eq!(first.last_update, vec![2, 1, 1]);
        assert_eq!(first.validator_permit, vec![false; 3]);
        assert_eq!(first.stake[1], u64_to_i64f64(2));
        assert_eq!(first.commit_blocks, None);

        let (_, second) = &inputs[1];
        // Bonds and permits of the first epoch were stored, then uid 1 was replaced.
        assert_eq!(second.validator_permit, vec![true, false, true]);
        assert_eq!(second.bonds, vec![vec![(0, 0)], vec![], vec![(0, 2)]]);
        assert_eq!(second.weights[0], vec![(2, 16384), (1, 0)]);
        assert_eq!(second.block_at_registration, vec![1, 3, 1]);
        assert_eq!(second.last_update, vec![2, 3, 1]);
        assert_eq!(second.stake[1], u64_to_i64f64(5));
    }

    #[test]
    fn computed_values_follow_expect_keys() {
        let s = parse_one(&base()).unwrap();
        let records = run_scenario_with(&s, fake_epoch).unwrap();
        let with_expect = records[0].computed();
        assert_eq!(with_expect.keys().collect::<Vec<_>>(), vec!["incentive"]);
        assert_eq!(with_expect["incentive"], json!([0, 0, 65535]));
        assert!(records[0].mismatches().is_empty());

        let all = records[1].computed();
        assert_eq!(all.len(), ExpectKey::ALL.len());
        assert_eq!(all["bonds_u16"], json!([[[0, 0]], [[0, 1]], [[0, 2]]]));
        assert_eq!(all["validator_permit"], json!([true, true, true]));
        assert!(records[1].mismatches().is_empty());
    }

    #[test]
    fn mismatches_by_element_row_and_length() {
        let mut v = base();
        v["steps"][1]["expect"] = json!({
            "incentive": [0, 1, 65535],
            "emission": [0],
            "bonds_u16": [[[0, 0]], [[0, 9]], [[0, 2]]],
            "validator_permit": [true, true, true]
        });
        let s = parse_one(&v).unwrap();
        let report = check_scenarios_with(std::slice::from_ref(&s), fake_epoch).unwrap();
        assert_eq!(
            (report.scenarios, report.epochs, report.epochs_checked),
            (1, 2, 1)
        );
        let lines: Vec<String> = report.mismatches.iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            vec![
                "scenario=t step=1 block=2 key=incentive index=1 expected=1 got=0",
                "scenario=t step=1 block=2 key=emission index=null expected=[0] got=[]",
                "scenario=t step=1 block=2 key=bonds_u16 index=1 expected=[[0,9]] got=[[0,1]]",
            ]
        );
        let summary = report.to_json();
        assert_eq!(summary["ok"], json!(false));
        assert_eq!(summary["mismatch_count"], json!(3));
        assert_eq!(summary["mismatches"][1]["index"], Value::Null);
        assert_eq!(summary["mismatches"][2]["got"], json!([[0, 1]]));
    }

    #[test]
    fn wrong_length_output_is_not_stored() {
        let mut state = UidState {
            stake: vec![1, 1],
            validator_permit: vec![true, false],
            last_update: vec![0, 0],
            block_at_registration: vec![0, 0],
            weights: vec![vec![], vec![]],
            bonds: vec![vec![(1, 5)], vec![]],
        };
        let before = state.clone();
        state.absorb(&EpochOutput::default());
        assert_eq!(state, before);
        assert!(state.epoch_input().validate().is_ok());
    }

    #[test]
    fn epoch_refusal_is_an_error() {
        let s = parse_one(&base()).unwrap();
        let error =
            run_scenario_with(&s, |_, _| Err(InputError::TooManyUids { n: 1 })).unwrap_err();
        assert!(matches!(error, ScenarioError::Epoch { step: 1, .. }));
    }

    #[test]
    fn unreadable_file_is_an_io_error() {
        let error = load_scenarios(Path::new("/nonexistent/dtao/scenario.json")).unwrap_err();
        assert!(matches!(error, ScenarioError::Io { .. }));
        assert!(error
            .to_string()
            .starts_with("cannot read /nonexistent/dtao/scenario.json"));
    }
}
