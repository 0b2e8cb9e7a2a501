//! Transactions: `transfer` and `stake add`, and the submit/outcome machinery every signed
//! command shares (signers are in `signer.rs`).
//!
//! Flow: build the call, sign an immortal extrinsic (`dtao_node::service::sign_extrinsic`) with
//! the signer's next index, submit with `author_submitAndWatchExtrinsic`, wait for the
//! inclusion block, read `System.Events` at that block and keep the records of our extrinsic
//! (found by its position in `chain_getBlock`). The outcome is `ExtrinsicSuccess` or
//! `ExtrinsicFailed` with the module error named in words.
//!
//! Invariants: nothing is sent when the inputs are invalid (exit 2) or when the stake quote
//! exceeds the tolerance without `--unsafe` (exit 1); a failed extrinsic exits 1.

use dtao_node::service::sign_extrinsic_for;
use dtao_node::state_api::types::{DynamicInfo, RuntimeDispatchInfo, SimSwapResult};
use dtao_node::wire::upstream::frame_system::pallet::Event as SystemEvent;
use dtao_node::wire::upstream::frame_system::{EventRecord, Phase};
use dtao_node::wire::upstream::node_subtensor_runtime::{pallet_index, RuntimeEvent};
use dtao_node::wire::upstream::primitive_types::H256;
use dtao_node::wire::upstream::sp_runtime::DispatchError;
use dtao_primitives::NetUid;
use dtao_runtime::{BalancesCall, RuntimeCall, SubtensorCall};
use dtao_wallet::Keypair;
use jsonrpsee::rpc_params;
use parity_scale_codec::Encode;
use scale_info::{TypeDef, TypeInfo};
use serde_json::{json, Value};

use super::format::{self, out, out_json, parse_tao, tao, RAO_PER_TAO};
use super::read::{call, decode, dynamic_info, spot_price};
use super::rpc::{from_hex, to_hex, RpcClient};
use super::{ChainError, Conn, StakeAddArgs, TransferArgs};

/// What happened to a submitted extrinsic.
#[derive(Debug)]
pub struct Outcome {
    /// Inclusion block.
    pub block_hash: [u8; 32],
    /// `None` on success; `(pallet, name, sentence)` on failure.
    pub error: Option<(String, String, String)>,
    /// `Pallet.Event` names of the extrinsic's events.
    pub events: Vec<String>,
    /// The extrinsic's events themselves (to read their fields).
    pub records: Vec<RuntimeEvent>,
}

/// Sign, submit and follow `call` from `keypair`.
pub fn send(rpc: &RpcClient, keypair: &Keypair, call: &RuntimeCall) -> Result<Outcome, ChainError> {
    let extrinsic = signed(rpc, keypair, call)?;
    submit(rpc, &extrinsic)
}

/// Submit a signed `extrinsic`, wait for its block (with a spinner on a terminal) and read
/// its outcome from the block's events.
pub fn submit(rpc: &RpcClient, extrinsic: &[u8]) -> Result<Outcome, ChainError> {
    let inclusion =
        super::progress::with_spinner("waiting for inclusion", || rpc.submit_and_watch(extrinsic))?;
    let index = extrinsic_index(rpc, &inclusion.block_hash, extrinsic)?;
    let records = block_events(rpc, &inclusion.block_hash)?;
    Ok(outcome(inclusion.block_hash, index, &records))
}

/// `call` signed by `keypair` with its next nonce, for the node's genesis and runtime version.
pub fn signed(
    rpc: &RpcClient,
    keypair: &Keypair,
    call: &RuntimeCall,
) -> Result<Vec<u8>, ChainError> {
    let genesis = rpc.genesis_hash()?;
    let versions = rpc.runtime_versions()?;
    let nonce = rpc.next_index(&keypair.ss58())?;
    Ok(sign_extrinsic_for(keypair, call, nonce, genesis, versions))
}

fn extrinsic_index(rpc: &RpcClient, block: &[u8; 32], extrinsic: &[u8]) -> Result<u32, ChainError> {
    let value = rpc.request("chain_getBlock", rpc_params![to_hex(block)])?;
    let list = value
        .pointer("/block/extrinsics")
        .and_then(Value::as_array)
        .ok_or_else(|| ChainError::Chain("chain_getBlock: no extrinsics list".into()))?;
    let position = list.iter().position(|item| {
        item.as_str()
            .and_then(|hex| from_hex(hex).ok())
            .is_some_and(|bytes| bytes == extrinsic)
    });
    position.and_then(|p| u32::try_from(p).ok()).ok_or_else(|| {
        ChainError::Chain("the inclusion block does not hold the transaction".into())
    })
}

type Records = Vec<EventRecord<RuntimeEvent, H256>>;

fn block_events(rpc: &RpcClient, block: &[u8; 32]) -> Result<Records, ChainError> {
    let mut key = dtao_node::hashing::twox_128(b"System").to_vec();
    key.extend_from_slice(&dtao_node::hashing::twox_128(b"Events"));
    match rpc.storage(&key, Some(*block))? {
        Some(bytes) => decode("System.Events", &bytes),
        None => Ok(Vec::new()),
    }
}

/// `"Balances(Transfer { .. })"` → `"Balances.Transfer"`.
fn event_name(event: &RuntimeEvent) -> String {
    let debug = format!("{event:?}");
    let (pallet, rest) = debug.split_once('(').unwrap_or((debug.as_str(), ""));
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    format!("{pallet}.{name}")
}

fn variant_name<E: TypeInfo>(index: u8) -> Option<String> {
    match E::type_info().type_def {
        TypeDef::Variant(variants) => variants
            .variants
            .iter()
            .find(|variant| variant.index == index)
            .map(|variant| variant.name.to_string()),
        _ => None,
    }
}

/// `(pallet, error name)` of a dispatch error.
pub fn error_name(error: &DispatchError) -> (String, String) {
    use dtao_node::wire::upstream::frame_system::pallet::Error as SystemError;
    use dtao_node::wire::upstream::pallet_admin_utils::pallet::Error as AdminError;
    use dtao_node::wire::upstream::pallet_balances::pallet::Error as BalancesError;
    use dtao_node::wire::upstream::pallet_subtensor::pallet::Error as SubtensorError;
    use dtao_node::wire::upstream::pallet_sudo::pallet::Error as SudoError;
    let DispatchError::Module(module) = error else {
        let debug = format!("{error:?}");
        return ("DispatchError".into(), debug);
    };
    let index = module.error[0];
    let found = match module.index {
        pallet_index::SYSTEM => variant_name::<SystemError>(index).map(|n| ("System", n)),
        pallet_index::BALANCES => variant_name::<BalancesError>(index).map(|n| ("Balances", n)),
        pallet_index::SUBTENSOR_MODULE => {
            variant_name::<SubtensorError>(index).map(|n| ("SubtensorModule", n))
        }
        pallet_index::SUDO => variant_name::<SudoError>(index).map(|n| ("Sudo", n)),
        pallet_index::ADMIN_UTILS => variant_name::<AdminError>(index).map(|n| ("AdminUtils", n)),
        _ => None,
    };
    match found {
        Some((pallet, name)) => (pallet.to_string(), name),
        None => (format!("pallet {}", module.index), format!("error {index}")),
    }
}

fn outcome(block_hash: [u8; 32], index: u32, records: &Records) -> Outcome {
    let mine = records
        .iter()
        .filter(|record| record.phase == Phase::ApplyExtrinsic(index));
    let mut events = Vec::new();
    let mut kept = Vec::new();
    let mut error = None;
    let mut success = false;
    for record in mine {
        events.push(event_name(&record.event));
        kept.push(record.event.clone());
        match &record.event {
            RuntimeEvent::System(SystemEvent::ExtrinsicSuccess { .. }) => success = true,
            RuntimeEvent::System(SystemEvent::ExtrinsicFailed { dispatch_error, .. }) => {
                let (pallet, name) = error_name(dispatch_error);
                let sentence = dtao_node::wire::metadata::error_sentence(&name);
                error = Some((pallet, name, sentence));
            }
            _ => {}
        }
    }
    if !success && error.is_none() {
        error = Some((
            "dtao".into(),
            "NoOutcome".into(),
            "The block holds no success or failure event for the transaction.".into(),
        ));
    }
    Outcome {
        block_hash,
        error,
        events,
        records: kept,
    }
}

/// The outcome as the JSON fields every transaction command prints.
pub fn outcome_json(outcome: &Outcome) -> Value {
    json!({
        "success": outcome.error.is_none(),
        "block_hash": to_hex(&outcome.block_hash),
        "error": outcome.error.as_ref().map(|(pallet, name, message)| json!({
            "pallet": pallet, "name": name, "message": message,
        })),
        "events": outcome.events,
    })
}

/// The outcome as text lines.
pub fn outcome_text(outcome: &Outcome) -> String {
    let block = to_hex(&outcome.block_hash);
    match &outcome.error {
        None => format!(
            "success: included in block {block}\nevents: {}\n",
            outcome.events.join(", ")
        ),
        Some((pallet, name, sentence)) => format!(
            "failed in block {block}: {sentence} ({pallet}.{name})\nevents: {}\n",
            outcome.events.join(", ")
        ),
    }
}

/// Print `outcome` (plus `extra` JSON fields) and map failure to exit code 1.
pub fn report(
    conn: &Conn,
    outcome: &Outcome,
    extra: Option<(&str, Value)>,
) -> Result<(), ChainError> {
    if conn.json {
        let mut value = outcome_json(outcome);
        if let (Some((key, extra)), Some(object)) = (extra, value.as_object_mut()) {
            object.insert(key.to_string(), extra);
        }
        out_json(&value)?;
    } else {
        out(&outcome_text(outcome))?;
    }
    match &outcome.error {
        None => Ok(()),
        Some((pallet, name, sentence)) => Err(ChainError::Chain(format!(
            "transaction failed: {sentence} ({pallet}.{name})"
        ))),
    }
}

/// `dtao transfer DEST AMOUNT_TAO`.
pub fn transfer(args: &TransferArgs) -> Result<(), ChainError> {
    let dest = format::parse_address("destination", &args.dest)?;
    let value = parse_tao(&args.amount_tao)?;
    if value == 0 {
        return Err(ChainError::Usage("the amount must be above zero".into()));
    }
    let keypair = super::signer::coldkey(&args.signer)?;
    let rpc = RpcClient::connect(&args.conn.url)?;
    let call = RuntimeCall::Balances(if args.allow_death {
        BalancesCall::TransferAllowDeath { dest, value }
    } else {
        BalancesCall::TransferKeepAlive { dest, value }
    });
    let outcome = send(&rpc, &keypair, &call)?;
    report(&args.conn, &outcome, None)
}

/// A stake quote.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    /// Subnet.
    pub netuid: u16,
    /// TAO staked, rao.
    pub amount_rao: u64,
    /// Swap fee, rao.
    pub fee_rao: u64,
    /// Alpha expected, rao.
    pub expected_alpha_rao: u64,
    /// Spot price before the stake.
    pub price_rao_per_alpha: u64,
    /// `1 − expected / (amount − fee) at spot price`, in [0, 1].
    pub price_impact: f64,
    /// Pool TAO reserve.
    pub tao_in_rao: u64,
    /// Pool alpha reserve.
    pub alpha_in_rao: u64,
}

/// Price impact of receiving `alpha` for `tao_after_fee` at spot `price` (rao per alpha).
pub fn price_impact(tao_after_fee: u64, alpha: u64, price: u64) -> f64 {
    if price == 0 || tao_after_fee == 0 {
        return 0.0;
    }
    let ideal = tao_after_fee as f64 * RAO_PER_TAO as f64 / price as f64;
    if ideal <= 0.0 {
        return 0.0;
    }
    (1.0 - alpha as f64 / ideal).clamp(0.0, 1.0)
}

fn quote(rpc: &RpcClient, info: &DynamicInfo, amount_rao: u64) -> Result<Quote, ChainError> {
    let netuid = info.netuid.0;
    let sim: SimSwapResult = call(
        rpc,
        "SwapRuntimeApi_sim_swap_tao_for_alpha",
        &(netuid, amount_rao).encode(),
    )?;
    if sim.alpha_amount == 0 {
        return Err(ChainError::Chain(format!(
            "the chain would refuse this stake on subnet {netuid} (not started, too small, or \
             the pool cannot take it)"
        )));
    }
    let price = spot_price(info);
    let after_fee = amount_rao.saturating_sub(sim.tao_fee);
    Ok(Quote {
        netuid,
        amount_rao,
        fee_rao: sim.tao_fee,
        expected_alpha_rao: sim.alpha_amount,
        price_rao_per_alpha: price,
        price_impact: price_impact(after_fee, sim.alpha_amount, price),
        tao_in_rao: info.tao_in.0,
        alpha_in_rao: info.alpha_in.0,
    })
}

fn quote_json(quote: &Quote, limit: Option<u64>, tx_fee: Option<u64>) -> Value {
    json!({
        "netuid": quote.netuid,
        "amount_rao": quote.amount_rao,
        "fee_rao": quote.fee_rao,
        "tx_fee_rao": tx_fee,
        "expected_alpha_rao": quote.expected_alpha_rao,
        "price_rao_per_alpha": quote.price_rao_per_alpha,
        "price_impact": quote.price_impact,
        "tao_in_rao": quote.tao_in_rao,
        "alpha_in_rao": quote.alpha_in_rao,
        "limit_price_rao_per_alpha": limit,
    })
}

fn quote_text(quote: &Quote, limit: Option<u64>, tx_fee: Option<u64>) -> String {
    let mut text = format!(
        "quote: stake {} TAO on subnet {}\n  pool: {} TAO / {} α, price {} TAO/α\n  \
         expected: {} α, price impact {:.4}%, swap fee {} TAO\n",
        tao(quote.amount_rao),
        quote.netuid,
        tao(quote.tao_in_rao),
        tao(quote.alpha_in_rao),
        tao(quote.price_rao_per_alpha),
        tao(quote.expected_alpha_rao),
        quote.price_impact * 100.0,
        tao(quote.fee_rao),
    );
    if let Some(fee) = tx_fee {
        text.push_str(&format!("  transaction fee: {} TAO\n", tao(fee)));
    }
    if let Some(limit) = limit {
        text.push_str(&format!("  limit price: {} TAO/α\n", tao(limit)));
    }
    text
}

/// Parse a `--tolerance` ratio in [0, 1].
pub fn parse_tolerance(text: &str) -> Result<f64, ChainError> {
    text.parse::<f64>()
        .ok()
        .filter(|t| t.is_finite() && (0.0..=1.0).contains(t))
        .ok_or_else(|| {
            ChainError::Usage(format!(
                "invalid --tolerance {text:?} (expected a number in 0..=1, e.g. 0.005)"
            ))
        })
}

/// `price × (1 + tolerance)`, rounded up, saturating.
pub fn limit_price(price: u64, tolerance: f64) -> u64 {
    let limit = (price as f64 * (1.0 + tolerance)).ceil();
    if limit >= u64::MAX as f64 {
        u64::MAX
    } else {
        limit as u64
    }
}

/// The transaction fee the node would charge for `extrinsic` (`TransactionPaymentApi_query_info`).
pub fn tx_fee(rpc: &RpcClient, extrinsic: &[u8]) -> Option<u64> {
    let len = u32::try_from(extrinsic.len()).ok()?;
    let mut args = extrinsic.to_vec();
    len.encode_to(&mut args);
    call::<RuntimeDispatchInfo>(rpc, "TransactionPaymentApi_query_info", &args)
        .ok()
        .map(|info| info.partial_fee)
}

/// `dtao stake add`.
pub fn stake_add(args: &StakeAddArgs) -> Result<(), ChainError> {
    let hotkey = super::signer::hotkey_address(args.hotkey.as_deref(), &args.signer)?;
    let amount_rao = parse_tao(&args.amount)?;
    if amount_rao == 0 {
        return Err(ChainError::Usage("the amount must be above zero".into()));
    }
    let tolerance = parse_tolerance(&args.tolerance)?;
    let keypair = super::signer::coldkey(&args.signer)?;
    let rpc = RpcClient::connect(&args.conn.url)?;
    let info = dynamic_info(&rpc, args.netuid)?;
    let quote = quote(&rpc, &info, amount_rao)?;
    let safe = !args.unsafe_stake;
    let limit = safe.then(|| limit_price(quote.price_rao_per_alpha, tolerance));
    let netuid = NetUid(args.netuid);
    let call = RuntimeCall::Subtensor(match limit {
        Some(limit_price) => SubtensorCall::AddStakeLimit {
            hotkey,
            netuid,
            amount_staked: amount_rao,
            limit_price,
            allow_partial: false,
        },
        None => SubtensorCall::AddStake {
            hotkey,
            netuid,
            amount_staked: amount_rao,
        },
    });
    let extrinsic = signed(&rpc, &keypair, &call)?;
    let fee = tx_fee(&rpc, &extrinsic);
    if !args.conn.json {
        out(&quote_text(&quote, limit, fee))?;
    }
    if safe && quote.price_impact > tolerance {
        if args.conn.json {
            out_json(&json!({ "success": false, "quote": quote_json(&quote, limit, fee) }))?;
        }
        return Err(ChainError::Chain(format!(
            "price impact {:.4}% exceeds the tolerance {:.4}%; not sent (raise --tolerance or \
             use --unsafe)",
            quote.price_impact * 100.0,
            tolerance * 100.0
        )));
    }
    let outcome = submit(&rpc, &extrinsic)?;
    report(
        &args.conn,
        &outcome,
        Some(("quote", quote_json(&quote, limit, fee))),
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use dtao_node::wire::upstream::sp_runtime::ModuleError;

    #[test]
    fn impact_and_limit() {
        assert_eq!(price_impact(1_000, 1_000, RAO_PER_TAO), 0.0);
        assert!((price_impact(1_000, 500, RAO_PER_TAO) - 0.5).abs() < 1e-12);
        assert_eq!(price_impact(0, 0, RAO_PER_TAO), 0.0);
        assert_eq!(limit_price(RAO_PER_TAO, 0.005), 1_005_000_000);
        assert_eq!(limit_price(u64::MAX, 1.0), u64::MAX);
        assert!(parse_tolerance("0.005").is_ok());
        for bad in ["-0.1", "2", "NaN", "x", "inf"] {
            assert!(parse_tolerance(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn module_errors_are_named() {
        let (pallet, index) = dtao_node::wire::events::module_error_index(
            "SubtensorModule",
            "HotKeyAccountNotExists",
        )
        .unwrap();
        let error = DispatchError::Module(ModuleError {
            index: pallet,
            error: [index, 0, 0, 0],
        });
        assert_eq!(
            error_name(&error),
            (
                "SubtensorModule".to_string(),
                "HotKeyAccountNotExists".to_string()
            )
        );
        let unknown = DispatchError::Module(ModuleError {
            index: 200,
            error: [0; 4],
        });
        assert_eq!(error_name(&unknown).0, "pallet 200");
        assert_eq!(error_name(&DispatchError::BadOrigin).1, "BadOrigin");
    }
}
