//! `dtao weights set | commit | reveal`: a validator's weight row, signed by its HOT key.
//!
//! Input: `--uids 0,1,2` (distinct u16 uids) and `--weights 0.5,0.3,0.2` (one non-negative
//! finite number per uid). Weights are scaled so that the largest becomes 65 535 (`u16::MAX`):
//! `value = round(w / max(w) × 65 535)`, rounding half away from zero, so proportions are kept to
//! within half a unit in 65 535 and entries of weight 0 stay (as 0). At least one weight must be
//! above zero. With `--raw` the numbers are the u16 values sent as they are (all zero allowed).
//! The version key defaults to the subnet's `weights_version` hyperparameter.
//!
//! Commit-reveal (hash, v2): `commit` sends `commit_weights(netuid, H)` with
//! `H = BlakeTwo256(SCALE(hotkey: [u8; 32], netuid: u16, uids: Vec<u16>, values: Vec<u16>,
//! salt: Vec<u16>, version_key: u64))`, the bytes the runtime hashes; `reveal` opens it with
//! `reveal_weights` in the commit's reveal epoch. The salt is `--salt HEX` (4 hex digits per u16,
//! e.g. `0x0001abcd` = `[1, 43981]`) or `random` (the default: 8 u16 from OS randomness).
//!
//! Reveal file (JSON, mode 0600): written before the commit is sent (so the salt is never lost),
//! rewritten with the inclusion block once included. Default path:
//! `$HOME/.bittensor/dtao-commits/<hotkey>-<netuid>-<block>.json` (while pending:
//! `<hotkey>-<netuid>-<first 8 hex digits of H>.pending.json`); `--reveal-file PATH` chooses
//! the path (an existing file is never overwritten). If the commit fails on chain the file is
//! removed; if submission fails before an outcome is known the pending file stays (the commit
//! may or may not be on chain, and its salt is kept). Shape:
//! `{"netuid", "hotkey", "uids": [u16], "values": [u16], "salt": [u16], "version_key",
//! "commit_hash": "0x…", "commit_block": n | null, "first_reveal_block": n | null,
//! "last_reveal_block": n | null}`. The reveal window is the chain's projection
//! (`WeightCommits` storage: epoch `commit epoch + commit_reveal_period` at one epoch per tempo).
//!
//! JSON output (`--json`): the transaction outcome of the parent module
//! (`{"success", "block_hash", "error", "events"}`) plus
//! - `set`: `"weights": {"netuid", "hotkey", "uids", "values", "version_key"}`;
//! - `commit`: `"commit": {"netuid", "hotkey", "uids", "values", "version_key", "commit_hash",
//!   "commit_block", "first_reveal_block", "last_reveal_block", "reveal_file"}`;
//! - `reveal`: `"reveal": {"netuid", "hotkey", "uids", "values", "version_key", "commit_hash"}`.
//!
//! Invariants: bad input (lengths, duplicates, non-finite or negative weights, empty lists, bad
//! salt, unreadable or inconsistent reveal file) is a usage error (exit 2) before anything is
//! sent; `set` is refused (exit 1, nothing sent) while commit-reveal is on and `commit`/`reveal`
//! while it is off; `reveal` sends only a payload whose hash equals the recorded commit hash and
//! one of the hotkey's pending commits on chain.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use dtao_node::hashing::{blake2_256, twox_128, twox_64};
use dtao_node::state_api::types::SubnetHyperparamsV2;
use dtao_primitives::{AccountId, NetUid};
use dtao_runtime::{RuntimeCall, SubtensorCall};
use jsonrpsee::rpc_params;
use parity_scale_codec::Encode;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::format::{out, ss58};
use super::read::{call, decode};
use super::rpc::{from_hex, to_hex, RpcClient};
use super::tx::{report, send};
use super::{ChainError, Conn, SignerArgs};

/// Number of u16 in a random salt.
pub const RANDOM_SALT_LEN: usize = 8;

/// `dtao weights …`.
#[derive(Debug, Args)]
pub struct WeightsArgs {
    #[command(subcommand)]
    command: WeightsCommand,
}

#[derive(Debug, Subcommand)]
enum WeightsCommand {
    /// Set weights directly (commit-reveal off).
    Set(SetArgs),
    /// Commit a hash of weights to reveal later (commit-reveal on).
    Commit(CommitArgs),
    /// Reveal committed weights.
    Reveal(RevealArgs),
}

/// The weight row of `set` and `commit`.
#[derive(Debug, Args)]
struct RowArgs {
    /// Subnet id.
    #[arg(long)]
    netuid: u16,
    /// Target uids, comma-separated (`0,1,2`).
    #[arg(long)]
    uids: String,
    /// Weights, comma-separated, one per uid (`0.5,0.3,0.2`; scaled so the largest is 65535).
    #[arg(long, allow_hyphen_values = true)]
    weights: String,
    /// The weights are u16 values, sent as they are.
    #[arg(long)]
    raw: bool,
    /// Weights version key [default: the subnet's weights_version].
    #[arg(long)]
    version_key: Option<u64>,
}

#[derive(Debug, Args)]
struct SetArgs {
    #[command(flatten)]
    row: RowArgs,
    #[command(flatten)]
    signer: SignerArgs,
    #[command(flatten)]
    conn: Conn,
}

#[derive(Debug, Args)]
struct CommitArgs {
    #[command(flatten)]
    row: RowArgs,
    /// Salt: hex, 4 digits per u16 (`0x0001abcd`), or `random` (8 u16 from OS randomness).
    #[arg(long, default_value = "random")]
    salt: String,
    /// Where to write the reveal file [default:
    /// $HOME/.bittensor/dtao-commits/<hotkey>-<netuid>-<block>.json].
    #[arg(long)]
    reveal_file: Option<PathBuf>,
    #[command(flatten)]
    signer: SignerArgs,
    #[command(flatten)]
    conn: Conn,
}

#[derive(Debug, Args)]
struct RevealArgs {
    /// Reveal file written by `dtao weights commit`.
    #[arg(long, conflicts_with_all = ["netuid", "uids", "weights", "raw", "salt", "version_key"])]
    reveal_file: Option<PathBuf>,
    /// Subnet id (without --reveal-file).
    #[arg(long)]
    netuid: Option<u16>,
    /// Committed uids, comma-separated (without --reveal-file).
    #[arg(long)]
    uids: Option<String>,
    /// Committed weights, comma-separated (without --reveal-file).
    #[arg(long, allow_hyphen_values = true)]
    weights: Option<String>,
    /// The weights are u16 values.
    #[arg(long)]
    raw: bool,
    /// The commit's salt in hex (without --reveal-file).
    #[arg(long)]
    salt: Option<String>,
    /// Weights version key of the commit [default: the subnet's weights_version].
    #[arg(long)]
    version_key: Option<u64>,
    #[command(flatten)]
    signer: SignerArgs,
    #[command(flatten)]
    conn: Conn,
}

/// `dtao weights …`.
pub fn run(args: WeightsArgs) -> Result<(), ChainError> {
    match args.command {
        WeightsCommand::Set(set) => set_weights(&set),
        WeightsCommand::Commit(commit) => commit_weights(&commit),
        WeightsCommand::Reveal(reveal) => reveal_weights(&reveal),
    }
}

// ---- input ----------------------------------------------------------------------------------

fn split_list<'a>(what: &str, text: &'a str) -> Result<Vec<&'a str>, ChainError> {
    let items: Vec<&str> = text.split(',').map(str::trim).collect();
    if text.trim().is_empty() {
        return Err(ChainError::Usage(format!("--{what} is empty")));
    }
    if items.iter().any(|item| item.is_empty()) {
        return Err(ChainError::Usage(format!(
            "--{what} {text:?} has an empty entry (expected comma-separated numbers)"
        )));
    }
    Ok(items)
}

/// Parse distinct uids (`"0,1,2"`).
pub fn parse_uids(text: &str) -> Result<Vec<u16>, ChainError> {
    let uids = split_list("uids", text)?
        .into_iter()
        .map(|item| {
            item.parse::<u16>().map_err(|_| {
                ChainError::Usage(format!("invalid uid {item:?} (expected 0..=65535)"))
            })
        })
        .collect::<Result<Vec<u16>, ChainError>>()?;
    let mut sorted = uids.clone();
    sorted.sort_unstable();
    if let Some(pair) = sorted.windows(2).find(|pair| pair[0] == pair[1]) {
        return Err(ChainError::Usage(format!(
            "uid {} appears more than once in --uids",
            pair[0]
        )));
    }
    Ok(uids)
}

/// Scale non-negative finite weights so the largest is `u16::MAX`, rounding half away from zero.
pub fn normalize_weights(weights: &[f64]) -> Result<Vec<u16>, ChainError> {
    if let Some(bad) = weights.iter().find(|w| !w.is_finite() || **w < 0.0) {
        return Err(ChainError::Usage(format!(
            "invalid weight {bad} (weights must be finite and not negative)"
        )));
    }
    let max = weights.iter().copied().fold(0.0_f64, f64::max);
    if max <= 0.0 {
        return Err(ChainError::Usage(
            "all weights are zero (at least one must be above zero)".into(),
        ));
    }
    Ok(weights
        .iter()
        .map(|w| {
            let scaled = (w / max * f64::from(u16::MAX)).round();
            // `scaled` is in [0, 65535] since 0 ≤ w ≤ max; `as` saturates regardless.
            scaled.clamp(0.0, f64::from(u16::MAX)) as u16
        })
        .collect())
}

/// Parse `--weights`: floats to normalise, or u16 values with `raw`.
pub fn parse_weights(text: &str, raw: bool) -> Result<Vec<u16>, ChainError> {
    let items = split_list("weights", text)?;
    if raw {
        return items
            .into_iter()
            .map(|item| {
                item.parse::<u16>().map_err(|_| {
                    ChainError::Usage(format!(
                        "invalid raw weight {item:?} (expected an integer 0..=65535)"
                    ))
                })
            })
            .collect();
    }
    let floats = items
        .into_iter()
        .map(|item| {
            item.parse::<f64>().map_err(|_| {
                ChainError::Usage(format!("invalid weight {item:?} (expected a number)"))
            })
        })
        .collect::<Result<Vec<f64>, ChainError>>()?;
    normalize_weights(&floats)
}

/// `(uids, values)` from the command line, lengths checked.
fn parse_row(uids: &str, weights: &str, raw: bool) -> Result<(Vec<u16>, Vec<u16>), ChainError> {
    let uids = parse_uids(uids)?;
    let values = parse_weights(weights, raw)?;
    if uids.len() != values.len() {
        return Err(ChainError::Usage(format!(
            "{} uids but {} weights (one weight per uid)",
            uids.len(),
            values.len()
        )));
    }
    Ok((uids, values))
}

/// Parse `--salt`: `random`, or hex with 4 digits per u16 (optional `0x`).
pub fn parse_salt(text: &str) -> Result<Vec<u16>, ChainError> {
    if text == "random" {
        return random_salt();
    }
    let digits = text.strip_prefix("0x").unwrap_or(text);
    let bad = |why: &str| {
        ChainError::Usage(format!(
            "invalid --salt {text:?}: {why} (expected `random` or hex, 4 digits per u16, e.g. \
             0x0001abcd)"
        ))
    };
    if digits.is_empty() {
        return Err(bad("empty"));
    }
    if !digits.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(bad("not hex"));
    }
    if !digits.len().is_multiple_of(4) {
        return Err(bad("length is not a multiple of 4 digits"));
    }
    digits
        .as_bytes()
        .chunks(4)
        .map(|chunk| {
            std::str::from_utf8(chunk)
                .ok()
                .and_then(|group| u16::from_str_radix(group, 16).ok())
                .ok_or_else(|| bad("not hex"))
        })
        .collect()
}

/// A salt as hex, 4 digits per u16.
pub fn salt_hex(salt: &[u16]) -> String {
    let digits: String = salt.iter().map(|v| format!("{v:04x}")).collect();
    format!("0x{digits}")
}

fn random_salt() -> Result<Vec<u16>, ChainError> {
    let mut bytes = [0_u8; RANDOM_SALT_LEN * 2];
    getrandom::fill(&mut bytes)
        .map_err(|e| ChainError::Chain(format!("reading OS randomness for the salt: {e}")))?;
    Ok(bytes
        .chunks_exact(2)
        .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
        .collect())
}

/// The commit hash: BlakeTwo256 of SCALE `(hotkey, netuid, uids, values, salt, version_key)`.
pub fn commit_hash(
    hotkey: &AccountId,
    netuid: u16,
    uids: &[u16],
    values: &[u16],
    salt: &[u16],
    version_key: u64,
) -> [u8; 32] {
    let payload = (hotkey.0, netuid, uids, values, salt, version_key).encode();
    blake2_256(&payload)
}

// ---- chain reads ----------------------------------------------------------------------------

fn hyperparams(rpc: &RpcClient, netuid: u16) -> Result<SubnetHyperparamsV2, ChainError> {
    let hyper: Option<SubnetHyperparamsV2> = call(
        rpc,
        "SubnetInfoRuntimeApi_get_subnet_hyperparams_v2",
        &netuid.encode(),
    )?;
    hyper.ok_or_else(|| ChainError::Chain(format!("subnet {netuid} does not exist")))
}

/// One pending commit as the chain reports it (`WeightCommits`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ChainCommit {
    hash: [u8; 32],
    commit_block: u64,
    first_reveal_block: u64,
    last_reveal_block: u64,
}

fn weight_commits_key(netuid: u16, hotkey: &AccountId) -> Vec<u8> {
    let netuid_bytes = netuid.encode();
    let mut key = twox_128(b"SubtensorModule").to_vec();
    key.extend_from_slice(&twox_128(b"WeightCommits"));
    key.extend_from_slice(&twox_64(&netuid_bytes));
    key.extend_from_slice(&netuid_bytes);
    key.extend_from_slice(&twox_64(&hotkey.0));
    key.extend_from_slice(&hotkey.0);
    key
}

fn chain_commits(
    rpc: &RpcClient,
    netuid: u16,
    hotkey: &AccountId,
    at: Option<[u8; 32]>,
) -> Result<Vec<ChainCommit>, ChainError> {
    let Some(bytes) = rpc.storage(&weight_commits_key(netuid, hotkey), at)? else {
        return Ok(Vec::new());
    };
    let list: Vec<([u8; 32], u64, u64, u64)> = decode("SubtensorModule.WeightCommits", &bytes)?;
    Ok(list
        .into_iter()
        .map(|(hash, commit_block, first, last)| ChainCommit {
            hash,
            commit_block,
            first_reveal_block: first,
            last_reveal_block: last,
        })
        .collect())
}

/// Number of block `hash` (the best block with `None`).
fn block_number(rpc: &RpcClient, hash: Option<[u8; 32]>) -> Result<u64, ChainError> {
    let params = match hash {
        Some(hash) => rpc_params![to_hex(&hash)],
        None => rpc_params![],
    };
    let header = rpc.request("chain_getHeader", params)?;
    header
        .get("number")
        .and_then(Value::as_str)
        .and_then(|text| u64::from_str_radix(text.trim_start_matches("0x"), 16).ok())
        .ok_or_else(|| ChainError::Chain("chain_getHeader: no block number".into()))
}

// ---- reveal file ----------------------------------------------------------------------------

/// Everything needed to reveal a commit (the reveal file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevealRecord {
    /// Subnet.
    pub netuid: u16,
    /// Hotkey that committed (SS58).
    pub hotkey: String,
    /// Target uids.
    pub uids: Vec<u16>,
    /// u16 weight values.
    pub values: Vec<u16>,
    /// Salt.
    pub salt: Vec<u16>,
    /// Weights version key.
    pub version_key: u64,
    /// `0x…` commit hash.
    pub commit_hash: String,
    /// Inclusion block of the commit (`None` while pending).
    pub commit_block: Option<u64>,
    /// First block of the projected reveal window.
    pub first_reveal_block: Option<u64>,
    /// Last block of the projected reveal window.
    pub last_reveal_block: Option<u64>,
}

fn commits_dir() -> Result<PathBuf, ChainError> {
    let home = std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .ok_or_else(|| {
            ChainError::Usage(
                "HOME is not set: give the reveal file with --reveal-file PATH".into(),
            )
        })?;
    Ok(PathBuf::from(home).join(".bittensor").join("dtao-commits"))
}

/// Write `record` to `path` with mode 0600; `create_new` refuses an existing file.
fn write_record(path: &Path, record: &RevealRecord, create_new: bool) -> Result<(), ChainError> {
    use std::io::Write;
    let text = serde_json::to_string_pretty(record)
        .map_err(|e| ChainError::Chain(format!("encoding the reveal file: {e}")))?;
    let failed = |e: std::io::Error| {
        ChainError::Usage(format!(
            "cannot write the reveal file {}: {e}",
            path.display()
        ))
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(failed)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if create_new {
        options.create_new(true);
    } else {
        options.create(true).truncate(true);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(failed)?;
    file.write_all(format!("{text}\n").as_bytes())
        .and_then(|_| file.sync_all())
        .map_err(failed)
}

fn read_record(path: &Path) -> Result<RevealRecord, ChainError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        ChainError::Usage(format!(
            "cannot read the reveal file {}: {e}",
            path.display()
        ))
    })?;
    serde_json::from_str(&text).map_err(|e| {
        ChainError::Usage(format!(
            "the reveal file {} is not a dtao reveal file: {e}",
            path.display()
        ))
    })
}

// ---- commands -------------------------------------------------------------------------------

fn row_json(netuid: u16, hotkey: &AccountId, uids: &[u16], values: &[u16], key: u64) -> Value {
    json!({
        "netuid": netuid,
        "hotkey": ss58(hotkey.0),
        "uids": uids,
        "values": values,
        "version_key": key,
    })
}

fn set_weights(args: &SetArgs) -> Result<(), ChainError> {
    let row = &args.row;
    let (uids, values) = parse_row(&row.uids, &row.weights, row.raw)?;
    let keypair = super::signer::hotkey(&args.signer)?;
    let rpc = RpcClient::connect(&args.conn.url)?;
    let hyper = hyperparams(&rpc, row.netuid)?;
    if hyper.commit_reveal_weights_enabled {
        return Err(ChainError::Chain(format!(
            "commit-reveal is enabled on subnet {}: weights must be committed with `dtao weights \
             commit` and revealed later; nothing sent",
            row.netuid
        )));
    }
    let version_key = row.version_key.unwrap_or(hyper.weights_version.0);
    let hotkey = keypair.account_id();
    let call = RuntimeCall::Subtensor(SubtensorCall::SetWeights {
        netuid: NetUid(row.netuid),
        dests: uids.clone(),
        weights: values.clone(),
        version_key,
    });
    let outcome = send(&rpc, &keypair, &call)?;
    let extra = row_json(row.netuid, &hotkey, &uids, &values, version_key);
    report(&args.conn, &outcome, Some(("weights", extra)))
}

fn commit_weights(args: &CommitArgs) -> Result<(), ChainError> {
    let row = &args.row;
    let netuid = row.netuid;
    let (uids, values) = parse_row(&row.uids, &row.weights, row.raw)?;
    let salt = parse_salt(&args.salt)?;
    let keypair = super::signer::hotkey(&args.signer)?;
    let hotkey = keypair.account_id();
    let dir = match &args.reveal_file {
        Some(_) => None,
        None => Some(commits_dir()?),
    };
    if let Some(path) = args.reveal_file.as_ref().filter(|p| p.exists()) {
        return Err(ChainError::Usage(format!(
            "the reveal file {} exists already (not overwritten); choose another path",
            path.display()
        )));
    }
    let rpc = RpcClient::connect(&args.conn.url)?;
    let hyper = hyperparams(&rpc, netuid)?;
    if !hyper.commit_reveal_weights_enabled {
        return Err(ChainError::Chain(format!(
            "commit-reveal is off on subnet {netuid}: set weights directly with `dtao weights \
             set`; nothing sent"
        )));
    }
    let version_key = row.version_key.unwrap_or(hyper.weights_version.0);
    let hash = commit_hash(&hotkey, netuid, &uids, &values, &salt, version_key);
    let hotkey_ss58 = ss58(hotkey.0);
    let mut record = RevealRecord {
        netuid,
        hotkey: hotkey_ss58.clone(),
        uids: uids.clone(),
        values: values.clone(),
        salt,
        version_key,
        commit_hash: to_hex(&hash),
        commit_block: None,
        first_reveal_block: None,
        last_reveal_block: None,
    };
    let pending = match (&args.reveal_file, &dir) {
        (Some(path), _) => path.clone(),
        (None, Some(dir)) => dir.join(format!(
            "{hotkey_ss58}-{netuid}-{}.pending.json",
            hex8(&hash)
        )),
        (None, None) => return Err(ChainError::Usage("no reveal file path".into())),
    };
    write_record(&pending, &record, true)?;
    let call = RuntimeCall::Subtensor(SubtensorCall::CommitWeights {
        netuid: NetUid(netuid),
        commit_hash: hash,
    });
    let outcome = send(&rpc, &keypair, &call)?;
    if outcome.error.is_some() {
        // Nothing to reveal: the pending file goes (best effort).
        let _ = std::fs::remove_file(&pending);
        return report(&args.conn, &outcome, None);
    }
    let block = block_number(&rpc, Some(outcome.block_hash))?;
    let on_chain = chain_commits(&rpc, netuid, &hotkey, Some(outcome.block_hash))?
        .into_iter()
        .find(|commit| commit.hash == hash);
    record.commit_block = Some(on_chain.map_or(block, |c| c.commit_block));
    record.first_reveal_block = on_chain.map(|c| c.first_reveal_block);
    record.last_reveal_block = on_chain.map(|c| c.last_reveal_block);
    let path = match &dir {
        Some(dir) => dir.join(format!("{hotkey_ss58}-{netuid}-{block}.json")),
        None => pending.clone(),
    };
    write_record(&path, &record, false)?;
    if path != pending {
        std::fs::remove_file(&pending).map_err(|e| {
            ChainError::Chain(format!(
                "removing the pending reveal file {}: {e}",
                pending.display()
            ))
        })?;
    }
    let mut extra = row_json(netuid, &hotkey, &uids, &values, version_key);
    if let Some(object) = extra.as_object_mut() {
        object.insert("commit_hash".into(), json!(record.commit_hash));
        object.insert("commit_block".into(), json!(record.commit_block));
        object.insert(
            "first_reveal_block".into(),
            json!(record.first_reveal_block),
        );
        object.insert("last_reveal_block".into(), json!(record.last_reveal_block));
        object.insert("reveal_file".into(), json!(path.display().to_string()));
    }
    report(&args.conn, &outcome, Some(("commit", extra)))?;
    if args.conn.json {
        return Ok(());
    }
    let mut text = format!(
        "commit hash: {}\nsalt: {}\nreveal file: {}\n",
        record.commit_hash,
        salt_hex(&record.salt),
        path.display()
    );
    match (record.first_reveal_block, record.last_reveal_block) {
        (Some(first), Some(last)) => text.push_str(&format!(
            "reveal window: blocks {first}..={last} (projected; reveal with `dtao weights reveal \
             --reveal-file {}`)\n",
            path.display()
        )),
        _ => text.push_str("reveal window: unknown (the chain does not list the commit)\n"),
    }
    out(&text)
}

fn hex8(hash: &[u8; 32]) -> String {
    hash.iter().take(4).map(|b| format!("{b:02x}")).collect()
}

/// What a reveal opens.
struct Opening {
    netuid: u16,
    uids: Vec<u16>,
    values: Vec<u16>,
    salt: Vec<u16>,
    version_key: Option<u64>,
    /// Hash recorded at commit time (reveal file only).
    recorded_hash: Option<[u8; 32]>,
}

fn opening_from_record(path: &Path, signer: &AccountId) -> Result<Opening, ChainError> {
    let record = read_record(path)?;
    let inconsistent = |why: String| {
        ChainError::Usage(format!(
            "the reveal file {} is inconsistent: {why}",
            path.display()
        ))
    };
    let hotkey = super::format::parse_address("hotkey", &record.hotkey)?;
    if hotkey != *signer {
        return Err(ChainError::Usage(format!(
            "the reveal file was committed by hotkey {} but the signer is {}",
            record.hotkey,
            ss58(signer.0)
        )));
    }
    if record.uids.len() != record.values.len() || record.uids.is_empty() {
        return Err(inconsistent(
            "uids and values differ in length or are empty".into(),
        ));
    }
    let hash_bytes = from_hex(&record.commit_hash).map_err(|e| inconsistent(e.to_string()))?;
    let recorded: [u8; 32] = hash_bytes
        .try_into()
        .map_err(|_| inconsistent("commit_hash is not 32 bytes".into()))?;
    Ok(Opening {
        netuid: record.netuid,
        uids: record.uids,
        values: record.values,
        salt: record.salt,
        version_key: Some(record.version_key),
        recorded_hash: Some(recorded),
    })
}

fn opening_from_args(args: &RevealArgs) -> Result<Opening, ChainError> {
    let missing = |what: &str| {
        ChainError::Usage(format!(
            "--{what} is required without --reveal-file (or give --reveal-file PATH)"
        ))
    };
    let netuid = args.netuid.ok_or_else(|| missing("netuid"))?;
    let uids = args.uids.as_deref().ok_or_else(|| missing("uids"))?;
    let weights = args.weights.as_deref().ok_or_else(|| missing("weights"))?;
    let salt = args.salt.as_deref().ok_or_else(|| missing("salt"))?;
    if salt == "random" {
        return Err(ChainError::Usage(
            "--salt must be the commit's salt in hex to reveal".into(),
        ));
    }
    let (uids, values) = parse_row(uids, weights, args.raw)?;
    Ok(Opening {
        netuid,
        uids,
        values,
        salt: parse_salt(salt)?,
        version_key: args.version_key,
        recorded_hash: None,
    })
}

fn reveal_weights(args: &RevealArgs) -> Result<(), ChainError> {
    let keypair = super::signer::hotkey(&args.signer)?;
    let hotkey = keypair.account_id();
    let opening = match &args.reveal_file {
        Some(path) => opening_from_record(path, &hotkey)?,
        None => opening_from_args(args)?,
    };
    let netuid = opening.netuid;
    if let (Some(recorded), Some(version_key)) = (opening.recorded_hash, opening.version_key) {
        let local = commit_hash(
            &hotkey,
            netuid,
            &opening.uids,
            &opening.values,
            &opening.salt,
            version_key,
        );
        if local != recorded {
            return Err(ChainError::Usage(format!(
                "the reveal file's payload hashes to {} but its commit_hash is {}; nothing sent",
                to_hex(&local),
                to_hex(&recorded)
            )));
        }
    }
    let rpc = RpcClient::connect(&args.conn.url)?;
    let hyper = hyperparams(&rpc, netuid)?;
    if !hyper.commit_reveal_weights_enabled {
        return Err(ChainError::Chain(format!(
            "commit-reveal is off on subnet {netuid}: nothing to reveal (use `dtao weights set`)"
        )));
    }
    let version_key = opening.version_key.unwrap_or(hyper.weights_version.0);
    let hash = commit_hash(
        &hotkey,
        netuid,
        &opening.uids,
        &opening.values,
        &opening.salt,
        version_key,
    );
    let pending = chain_commits(&rpc, netuid, &hotkey, None)?;
    if !pending.iter().any(|commit| commit.hash == hash) {
        return Err(ChainError::Chain(format!(
            "no pending commit of {} on subnet {netuid} has hash {} (already revealed, expired, \
             or different weights, salt or version key); nothing sent",
            ss58(hotkey.0),
            to_hex(&hash)
        )));
    }
    let call = RuntimeCall::Subtensor(SubtensorCall::RevealWeights {
        netuid: NetUid(netuid),
        uids: opening.uids.clone(),
        values: opening.values.clone(),
        salt: opening.salt.clone(),
        version_key,
    });
    let outcome = send(&rpc, &keypair, &call)?;
    let mut extra = row_json(netuid, &hotkey, &opening.uids, &opening.values, version_key);
    if let Some(object) = extra.as_object_mut() {
        object.insert("commit_hash".into(), json!(to_hex(&hash)));
    }
    report(&args.conn, &outcome, Some(("reveal", extra)))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn weights_normalise_to_the_largest() {
        assert_eq!(
            parse_weights("0.5,0.3,0.2", false).unwrap(),
            vec![65535, 39321, 26214]
        );
        // 0.25 / 0.5 × 65535 = 32767.5 rounds half away from zero.
        assert_eq!(
            parse_weights("0.5, 0.25", false).unwrap(),
            vec![65535, 32768]
        );
        assert_eq!(parse_weights("3,0", false).unwrap(), vec![65535, 0]);
        assert_eq!(
            parse_weights("1e-300,1e-300", false).unwrap(),
            vec![65535, 65535]
        );
        assert_eq!(parse_weights("7,65535,0", true).unwrap(), vec![7, 65535, 0]);
        assert_eq!(parse_weights("0,0", true).unwrap(), vec![0, 0]);
        for bad in ["", "1,,2", "x", "-1", "NaN", "inf", "0,0"] {
            assert!(
                matches!(parse_weights(bad, false), Err(ChainError::Usage(_))),
                "{bad}"
            );
        }
        for bad in ["0.5", "65536", "-1"] {
            assert!(parse_weights(bad, true).is_err(), "{bad}");
        }
    }

    #[test]
    fn uids_and_rows_are_checked() {
        assert_eq!(parse_uids("0, 1,2").unwrap(), vec![0, 1, 2]);
        for bad in ["", "1,1", "a", "65536", "1,"] {
            assert!(
                matches!(parse_uids(bad), Err(ChainError::Usage(_))),
                "{bad}"
            );
        }
        assert!(parse_row("0,1", "1", false).is_err());
        assert_eq!(
            parse_row("4,2", "1,1", false).unwrap(),
            (vec![4, 2], vec![65535, 65535])
        );
    }

    #[test]
    fn salts_parse() {
        assert_eq!(parse_salt("0x0001abcd").unwrap(), vec![1, 0xabcd]);
        assert_eq!(parse_salt("FFFF").unwrap(), vec![65535]);
        assert_eq!(salt_hex(&[1, 0xabcd]), "0x0001abcd");
        let random = parse_salt("random").unwrap();
        assert_eq!(random.len(), RANDOM_SALT_LEN);
        assert_ne!(random, parse_salt("random").unwrap());
        for bad in ["", "0x", "0x123", "zzzz", "0x+123"] {
            assert!(
                matches!(parse_salt(bad), Err(ChainError::Usage(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn commit_hash_matches_the_runtime() {
        let hotkey = dtao_wallet::Keypair::from_uri("//Bob//hot")
            .unwrap()
            .account_id();
        type Case<'a> = (&'a [u16], &'a [u16], &'a [u16], u64);
        let cases: [Case; 3] = [
            (
                &[0, 1, 2],
                &[65535, 39321, 26214],
                &[1, 2, 3, 4, 5, 6, 7, 8],
                0,
            ),
            (&[7], &[1], &[], u64::MAX),
            // Long enough for a two-byte compact length prefix.
            (&[3; 70], &[9; 70], &[0xffff; 70], 42),
        ];
        for (uids, values, salt, key) in cases {
            let ours = commit_hash(&hotkey, 3, uids, values, salt, key);
            let runtime =
                dtao_runtime::weights::commit_hash(&hotkey, NetUid(3), uids, values, salt, key);
            assert_eq!(ours, runtime);
        }
        let a = commit_hash(&hotkey, 1, &[0], &[1], &[1], 0);
        assert_ne!(a, commit_hash(&hotkey, 1, &[0], &[1], &[2], 0));
        assert_ne!(a, commit_hash(&hotkey, 2, &[0], &[1], &[1], 0));
    }

    #[test]
    fn weight_commits_key_layout() {
        let hotkey = AccountId([9; 32]);
        let key = weight_commits_key(5, &hotkey);
        assert_eq!(key.len(), 16 + 16 + 8 + 2 + 8 + 32);
        assert_eq!(&key[40..42], &[5, 0]);
        assert_eq!(&key[50..], &[9; 32]);
    }

    #[test]
    fn reveal_records_round_trip_with_private_mode() {
        let dir = std::env::temp_dir().join(format!("dtao-reveal-{}", std::process::id()));
        let path = dir.join("sub").join("r.json");
        let record = RevealRecord {
            netuid: 1,
            hotkey: ss58([1; 32]),
            uids: vec![0],
            values: vec![65535],
            salt: vec![1, 2],
            version_key: 0,
            commit_hash: to_hex(&[3; 32]),
            commit_block: None,
            first_reveal_block: None,
            last_reveal_block: None,
        };
        write_record(&path, &record, true).unwrap();
        assert!(
            write_record(&path, &record, true).is_err(),
            "never overwritten"
        );
        assert_eq!(read_record(&path).unwrap(), record);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let _ = std::fs::remove_dir_all(dir);
    }
}
