//! `dtao take show | set` (a delegate hotkey's take) and `dtao root register | list` (the root
//! subnet, netuid 0). All transactions here are signed by the COLD key.
//!
//! Takes are u16 proportions on chain (`u16::MAX` = 100 %). `take set --take T` accepts a number
//! T in [0, 1] and sends `round(T × 65 535)` (half away from zero) with `increase_take` when it is
//! above the current take and `decrease_take` when below; an equal take is refused (nothing to
//! do). The runtime enforces the minimum and maximum take and the rate limit of increases
//! (`TxDelegateTakeRateLimit` blocks since the last change); its refusals are reported as the
//! module error in words (exit 1).
//!
//! JSON output (`--json`), in the conventions of the parent module (ratios in [0, 1]):
//! - `take show`: `{"hotkey", "owner", "take", "take_u16"}`.
//! - `take set`: the transaction outcome `{"success", "block_hash", "error", "events"}` plus
//!   `"take": {"hotkey", "call": "increase_take" | "decrease_take", "previous_take",
//!   "previous_take_u16", "new_take", "new_take_u16"}`.
//! - `root register`: the outcome plus `"root": {"hotkey"}`.
//! - `root list`: `{"netuid": 0, "neurons": [{"uid", "hotkey", "coldkey", "root_stake_rao"}]}`
//!   (`root_stake_rao`: TAO staked to the hotkey on root, summed over its stakers).
//!
//! The take shown and compared is the delegate info's when the hotkey is a delegate, else the
//! hotkey's owner (`SubtensorModule.Owner`) with the `SubtensorModule.Delegates` value, whose
//! metadata default (the chain's default take) applies to a hotkey that never set one.
//!
//! Invariants: a take outside [0, 1] or not a finite number, or an unknown hot key name, is a
//! usage error (exit 2) before anything is sent; a hotkey without an owner, or an unchanged take,
//! is refused with exit 1 and nothing sent.

use clap::{Args, Subcommand};
use dtao_node::hashing::{blake2_128, twox_128};
use dtao_node::state_api::types::{DelegateInfo, NeuronInfoLite};
use dtao_primitives::AccountId;
use dtao_runtime::{RuntimeCall, SubtensorCall};
use jsonrpsee::rpc_params;
use parity_scale_codec::Encode;
use serde_json::{json, Value};

use super::format::{out, out_json, ratio_u16, ss58, table, tao};
use super::read::{call, decode};
use super::rpc::from_hex;
use super::rpc::RpcClient;
use super::tx::{report, send};
use super::{ChainError, Conn, SignerArgs};

/// `dtao take …`.
#[derive(Debug, Args)]
pub struct TakeArgs {
    #[command(subcommand)]
    command: TakeCommand,
}

#[derive(Debug, Subcommand)]
enum TakeCommand {
    /// A delegate's current take.
    Show {
        /// Hotkey: SS58 address, or a hot key name of --wallet [default: --wallet-hotkey].
        #[arg(long)]
        hotkey: Option<String>,
        #[command(flatten)]
        signer: SignerArgs,
        #[command(flatten)]
        conn: Conn,
    },
    /// Change a delegate's take (cold-key signed; increase or decrease chosen for you).
    Set {
        /// Hotkey: SS58 address, or a hot key name of --wallet [default: --wallet-hotkey].
        #[arg(long)]
        hotkey: Option<String>,
        /// New take as a fraction in [0, 1] (0.09 = 9 %).
        #[arg(long)]
        take: String,
        #[command(flatten)]
        signer: SignerArgs,
        #[command(flatten)]
        conn: Conn,
    },
}

/// `dtao root …`.
#[derive(Debug, Args)]
pub struct RootArgs {
    #[command(subcommand)]
    command: RootCommand,
}

#[derive(Debug, Subcommand)]
enum RootCommand {
    /// Register a hotkey on the root subnet (cold-key signed `root_register`).
    Register {
        /// Hotkey: SS58 address, or a hot key name of --wallet [default: --wallet-hotkey].
        #[arg(long)]
        hotkey: Option<String>,
        #[command(flatten)]
        signer: SignerArgs,
        #[command(flatten)]
        conn: Conn,
    },
    /// Neurons of the root subnet with their root stake.
    List {
        #[command(flatten)]
        conn: Conn,
    },
}

/// `dtao take …`.
pub fn run_take(args: TakeArgs) -> Result<(), ChainError> {
    match args.command {
        TakeCommand::Show {
            hotkey,
            signer,
            conn,
        } => take_show(&conn, hotkey.as_deref(), &signer),
        TakeCommand::Set {
            hotkey,
            take,
            signer,
            conn,
        } => take_set(&conn, hotkey.as_deref(), &take, &signer),
    }
}

/// `dtao root …`.
pub fn run_root(args: RootArgs) -> Result<(), ChainError> {
    match args.command {
        RootCommand::Register {
            hotkey,
            signer,
            conn,
        } => root_register(&conn, hotkey.as_deref(), &signer),
        RootCommand::List { conn } => root_list(&conn),
    }
}

/// Parse a take fraction in [0, 1] into a u16 proportion (`round(take × 65 535)`).
pub fn parse_take(text: &str) -> Result<u16, ChainError> {
    let take = text
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|t| t.is_finite() && (0.0..=1.0).contains(t))
        .ok_or_else(|| {
            ChainError::Usage(format!(
                "invalid --take {text:?} (expected a fraction in 0..=1, e.g. 0.09 for 9%)"
            ))
        })?;
    let scaled = (take * f64::from(u16::MAX)).round();
    // In [0, 65535] since take ∈ [0, 1]; `as` saturates regardless.
    Ok(scaled.clamp(0.0, f64::from(u16::MAX)) as u16)
}

fn percent(take_u16: u16) -> String {
    format!("{:.2}%", ratio_u16(take_u16) * 100.0)
}

/// A hotkey's owner and effective take.
struct TakeInfo {
    owner: AccountId,
    take_u16: u16,
}

fn subtensor_map_key(item: &[u8], hotkey: &AccountId) -> Vec<u8> {
    let mut key = twox_128(b"SubtensorModule").to_vec();
    key.extend_from_slice(&twox_128(item));
    key.extend_from_slice(&blake2_128(&hotkey.0));
    key.extend_from_slice(&hotkey.0);
    key
}

/// The default of storage item `SubtensorModule.Delegates` in the node's metadata: the take of a
/// hotkey that never set one (as clients reading `Delegates` see it).
fn default_take(rpc: &RpcClient) -> Result<u16, ChainError> {
    use frame_metadata::{RuntimeMetadata, RuntimeMetadataPrefixed};
    let bad = |why: &str| ChainError::Chain(format!("state_getMetadata: {why}"));
    let value = rpc.request("state_getMetadata", rpc_params![])?;
    let bytes = value
        .as_str()
        .ok_or_else(|| bad("not a hex string"))
        .and_then(|text| from_hex(text).map_err(|e| bad(&e)))?;
    let prefixed: RuntimeMetadataPrefixed = decode("state_getMetadata", &bytes)?;
    let default = match &prefixed.1 {
        RuntimeMetadata::V15(metadata) => metadata
            .pallets
            .iter()
            .find(|pallet| pallet.name == "SubtensorModule")
            .and_then(|pallet| pallet.storage.as_ref())
            .and_then(|storage| storage.entries.iter().find(|e| e.name == "Delegates"))
            .map(|entry| entry.default.clone()),
        RuntimeMetadata::V14(metadata) => metadata
            .pallets
            .iter()
            .find(|pallet| pallet.name == "SubtensorModule")
            .and_then(|pallet| pallet.storage.as_ref())
            .and_then(|storage| storage.entries.iter().find(|e| e.name == "Delegates"))
            .map(|entry| entry.default.clone()),
        _ => None,
    };
    let default = default.ok_or_else(|| bad("no SubtensorModule.Delegates default"))?;
    decode("SubtensorModule.Delegates default", &default)
}

/// Owner and take of `hotkey`: from the delegate info when it is a delegate, else its owner
/// (`SubtensorModule.Owner`) and the default take; a chain error if it has no owner.
fn take_info(rpc: &RpcClient, hotkey: &AccountId) -> Result<TakeInfo, ChainError> {
    let info: Option<DelegateInfo> = call(
        rpc,
        "DelegateInfoRuntimeApi_get_delegate",
        &hotkey.0.encode(),
    )?;
    if let Some(info) = info {
        return Ok(TakeInfo {
            owner: AccountId(info.owner_ss58.0),
            take_u16: info.take.0,
        });
    }
    let no_owner = || {
        ChainError::Chain(format!(
            "hotkey {} has no owner on chain (not registered anywhere)",
            ss58(hotkey.0)
        ))
    };
    let owner_bytes = rpc
        .storage(&subtensor_map_key(b"Owner", hotkey), None)?
        .ok_or_else(no_owner)?;
    let owner: [u8; 32] = decode("SubtensorModule.Owner", &owner_bytes)?;
    if owner == [0; 32] {
        return Err(no_owner());
    }
    let take_u16 = match rpc.storage(&subtensor_map_key(b"Delegates", hotkey), None)? {
        Some(bytes) => decode("SubtensorModule.Delegates", &bytes)?,
        None => default_take(rpc)?,
    };
    Ok(TakeInfo {
        owner: AccountId(owner),
        take_u16,
    })
}

fn take_show(conn: &Conn, hotkey: Option<&str>, signer: &SignerArgs) -> Result<(), ChainError> {
    let hotkey = super::signer::hotkey_address(hotkey, signer)?;
    let rpc = RpcClient::connect(&conn.url)?;
    let info = take_info(&rpc, &hotkey)?;
    let take_u16 = info.take_u16;
    if conn.json {
        return out_json(&json!({
            "hotkey": ss58(hotkey.0),
            "owner": ss58(info.owner.0),
            "take": ratio_u16(take_u16),
            "take_u16": take_u16,
        }));
    }
    out(&table(
        &["hotkey", "owner", "take"],
        &[vec![ss58(hotkey.0), ss58(info.owner.0), percent(take_u16)]],
    ))
}

fn take_set(
    conn: &Conn,
    hotkey: Option<&str>,
    take: &str,
    signer: &SignerArgs,
) -> Result<(), ChainError> {
    let hotkey = super::signer::hotkey_address(hotkey, signer)?;
    let new_take = parse_take(take)?;
    let keypair = super::signer::coldkey(signer)?;
    let rpc = RpcClient::connect(&conn.url)?;
    let current = take_info(&rpc, &hotkey)?.take_u16;
    let (name, call) = match new_take.cmp(&current) {
        std::cmp::Ordering::Greater => (
            "increase_take",
            SubtensorCall::IncreaseTake {
                hotkey,
                take: new_take,
            },
        ),
        std::cmp::Ordering::Less => (
            "decrease_take",
            SubtensorCall::DecreaseTake {
                hotkey,
                take: new_take,
            },
        ),
        std::cmp::Ordering::Equal => {
            return Err(ChainError::Chain(format!(
                "the take of {} is already {} ({current}/65535); nothing sent",
                ss58(hotkey.0),
                percent(current)
            )))
        }
    };
    if !conn.json {
        out(&format!(
            "{name}: {} → {} for {}\n",
            percent(current),
            percent(new_take),
            ss58(hotkey.0)
        ))?;
    }
    let outcome = send(&rpc, &keypair, &RuntimeCall::Subtensor(call))?;
    let extra = json!({
        "hotkey": ss58(hotkey.0),
        "call": name,
        "previous_take": ratio_u16(current),
        "previous_take_u16": current,
        "new_take": ratio_u16(new_take),
        "new_take_u16": new_take,
    });
    report(conn, &outcome, Some(("take", extra)))
}

fn root_register(conn: &Conn, hotkey: Option<&str>, signer: &SignerArgs) -> Result<(), ChainError> {
    let hotkey = super::signer::hotkey_address(hotkey, signer)?;
    let keypair = super::signer::coldkey(signer)?;
    let rpc = RpcClient::connect(&conn.url)?;
    let outcome = send(
        &rpc,
        &keypair,
        &RuntimeCall::Subtensor(SubtensorCall::RootRegister { hotkey }),
    )?;
    report(
        conn,
        &outcome,
        Some(("root", json!({ "hotkey": ss58(hotkey.0) }))),
    )
}

fn root_stake(neuron: &NeuronInfoLite) -> u64 {
    neuron
        .stake
        .iter()
        .fold(0_u64, |sum, (_, stake)| sum.saturating_add(stake.0))
}

fn root_list(conn: &Conn) -> Result<(), ChainError> {
    let rpc = RpcClient::connect(&conn.url)?;
    let neurons: Vec<NeuronInfoLite> = call(
        &rpc,
        "NeuronInfoRuntimeApi_get_neurons_lite",
        &0_u16.encode(),
    )?;
    if conn.json {
        let list: Vec<Value> = neurons
            .iter()
            .map(|n| {
                json!({
                    "uid": n.uid.0,
                    "hotkey": ss58(n.hotkey.0),
                    "coldkey": ss58(n.coldkey.0),
                    "root_stake_rao": root_stake(n),
                })
            })
            .collect();
        return out_json(&json!({ "netuid": 0, "neurons": list }));
    }
    let rows: Vec<Vec<String>> = neurons
        .iter()
        .map(|n| {
            vec![
                n.uid.0.to_string(),
                ss58(n.hotkey.0),
                ss58(n.coldkey.0),
                tao(root_stake(n)),
            ]
        })
        .collect();
    out(&table(
        &["uid", "hotkey", "coldkey", "root stake (TAO)"],
        &rows,
    ))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn takes_parse_as_u16_proportions() {
        assert_eq!(parse_take("0").unwrap(), 0);
        assert_eq!(parse_take("1").unwrap(), 65535);
        assert_eq!(parse_take("0.09").unwrap(), 5898);
        assert_eq!(parse_take("0.18").unwrap(), 11796);
        for bad in ["-0.01", "1.01", "NaN", "inf", "", "9%"] {
            assert!(
                matches!(parse_take(bad), Err(ChainError::Usage(_))),
                "{bad}"
            );
        }
        assert_eq!(percent(65535), "100.00%");
    }
}
