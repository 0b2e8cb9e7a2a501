//! `dtao register --netuid N`: burned registration of a hotkey on a subnet, paid by the cold
//! key.
//!
//! Flow: read the subnet's current burn (the `burn` record of `get_subnet_hyperparams_v3`) and
//! the cold key's free balance, quote both with the transaction fee, refuse (exit 1, nothing
//! sent) when the balance is below burn + fee, then send `register_limit` with
//! `limit_price = ceil(burn × (1 + tolerance))` rao (the runtime refuses with `SlippageTooHigh`
//! when the burn has risen above it; `--safe`, the default) or plain `burned_register`
//! (`--unsafe`). The assigned uid comes from the `NeuronRegistered` event.
//!
//! JSON (parent module conventions): `Outcome + {"uid": n | null, "quote": {"netuid",
//! "hotkey", "coldkey", "burn_rao", "limit_rao": n | null, "tx_fee_rao": n | null,
//! "balance_rao"}}`, where `Outcome = {"success", "block_hash", "error", "events"}`; refused for
//! a short balance: `{"success": false, "quote": …}`.
//!
//! Invariants: bad input (address, tolerance) exits 2 before connecting; a missing subnet or a
//! short balance exits 1 before sending.

use clap::Args;
use dtao_node::state_api::types::HyperparamValue;
use dtao_node::wire::upstream::node_subtensor_runtime::RuntimeEvent;
use dtao_node::wire::upstream::pallet_subtensor::pallet::Event as SubtensorEvent;
use dtao_primitives::NetUid;
use dtao_runtime::{RuntimeCall, SubtensorCall};
use serde_json::json;

use super::format::{out, out_json, ss58, tao};
use super::read::account_info;
use super::rpc::RpcClient;
use super::stake::{limit_price_up, parse_tolerance};
use super::subnet_tx::{hyperparameter_records, report_fields};
use super::tx::{signed, submit, tx_fee};
use super::{ChainError, Conn, SignerArgs};

/// `dtao register`.
#[derive(Debug, Args)]
pub struct RegisterArgs {
    /// Subnet id.
    #[arg(long)]
    pub netuid: u16,
    /// Hotkey to register: SS58 address, or a hot key name of --wallet [default:
    /// --wallet-hotkey].
    #[arg(long)]
    pub hotkey: Option<String>,
    /// Largest accepted rise of the burn between the quote and inclusion (0.005 = 0.5%).
    #[arg(long, default_value = "0.005")]
    pub tolerance: String,
    /// Send `register_limit` with limit burn × (1 + tolerance) (the default).
    #[arg(long, conflicts_with = "unsafe_register")]
    pub safe: bool,
    /// Send plain `burned_register` (pays whatever the burn is at inclusion).
    #[arg(long = "unsafe")]
    pub unsafe_register: bool,
    #[command(flatten)]
    pub signer: SignerArgs,
    #[command(flatten)]
    pub conn: Conn,
}

/// The subnet's current registration burn in rao.
fn burn_rao(rpc: &RpcClient, netuid: u16) -> Result<u64, ChainError> {
    let records = hyperparameter_records(rpc, netuid)?;
    records
        .iter()
        .find(|record| record.name == "burn")
        .and_then(|record| match record.value {
            HyperparamValue::U64(value) => Some(value),
            _ => None,
        })
        .ok_or_else(|| ChainError::Chain("the node reports no burn for the subnet".into()))
}

/// `dtao register`.
pub fn register(args: &RegisterArgs) -> Result<(), ChainError> {
    let hotkey = super::signer::hotkey_address(args.hotkey.as_deref(), &args.signer)?;
    let tolerance = parse_tolerance(&args.tolerance)?;
    if args.netuid == 0 {
        return Err(ChainError::Usage(
            "registration on the root subnet (netuid 0) is not burned registration".into(),
        ));
    }
    let keypair = super::signer::coldkey(&args.signer)?;
    let rpc = RpcClient::connect(&args.conn.url)?;
    let burn = burn_rao(&rpc, args.netuid)?;
    let balance_rao = account_info(&rpc, &keypair.account_id().0)?.data.free;
    let safe = !args.unsafe_register;
    let limit = safe.then(|| limit_price_up(burn, tolerance));
    let netuid = NetUid(args.netuid);
    let call = RuntimeCall::Subtensor(match limit {
        Some(limit_price) => SubtensorCall::RegisterLimit {
            netuid,
            hotkey,
            limit_price,
        },
        None => SubtensorCall::BurnedRegister { netuid, hotkey },
    });
    let extrinsic = signed(&rpc, &keypair, &call)?;
    let fee = tx_fee(&rpc, &extrinsic);
    let quote = json!({
        "netuid": args.netuid,
        "hotkey": ss58(hotkey.0),
        "coldkey": keypair.ss58(),
        "burn_rao": burn,
        "limit_rao": limit,
        "tx_fee_rao": fee,
        "balance_rao": balance_rao,
    });
    if !args.conn.json {
        let mut text = format!(
            "register {} on subnet {}\n  burn: {} TAO (paid by {}, balance {} TAO)\n",
            ss58(hotkey.0),
            args.netuid,
            tao(burn),
            keypair.ss58(),
            tao(balance_rao),
        );
        if let Some(fee) = fee {
            text.push_str(&format!("  transaction fee: {} TAO\n", tao(fee)));
        }
        if let Some(limit) = limit {
            text.push_str(&format!("  limit: {} TAO\n", tao(limit)));
        }
        out(&text)?;
    }
    let needed_rao = burn.saturating_add(fee.unwrap_or(0));
    if balance_rao < needed_rao {
        if args.conn.json {
            out_json(&json!({ "success": false, "quote": quote }))?;
        }
        return Err(ChainError::Chain(format!(
            "balance {} TAO is below the burn plus fee {} TAO; not sent",
            tao(balance_rao),
            tao(needed_rao)
        )));
    }
    let outcome = submit(&rpc, &extrinsic)?;
    let uid = outcome.records.iter().find_map(|event| match event {
        RuntimeEvent::SubtensorModule(SubtensorEvent::NeuronRegistered(n, uid, _))
            if *n == args.netuid =>
        {
            Some(*uid)
        }
        _ => None,
    });
    let text = uid.map(|u| format!("uid: {u}\n")).unwrap_or_default();
    report_fields(
        &args.conn,
        &outcome,
        vec![("uid", json!(uid)), ("quote", quote)],
        &text,
    )
}
