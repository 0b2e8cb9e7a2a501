//! Transactions: `transfer`, and the submit/outcome machinery every signed command shares
//! (signers are in `signer.rs`; staking commands and their quotes are in `stake.rs`).
//!
//! Flow: build the call, sign an immortal extrinsic (`dtao_node::service::sign_extrinsic`) with
//! the signer's next index, submit with `author_submitAndWatchExtrinsic`, wait for the
//! inclusion block, read `System.Events` at that block and keep the records of our extrinsic
//! (found by its position in `chain_getBlock`). The outcome is `ExtrinsicSuccess` or
//! `ExtrinsicFailed` with the module error named in words.
//!
//! Invariants: nothing is sent when the inputs are invalid (exit 2); a failed extrinsic exits 1.

use dtao_node::service::sign_extrinsic_for;
use dtao_node::state_api::types::RuntimeDispatchInfo;
use dtao_node::wire::upstream::frame_system::pallet::Event as SystemEvent;
use dtao_node::wire::upstream::frame_system::{EventRecord, Phase};
use dtao_node::wire::upstream::node_subtensor_runtime::{pallet_index, RuntimeEvent};
use dtao_node::wire::upstream::primitive_types::H256;
use dtao_node::wire::upstream::sp_runtime::DispatchError;
use dtao_runtime::{BalancesCall, RuntimeCall};
use dtao_wallet::Keypair;
use jsonrpsee::rpc_params;
use parity_scale_codec::Encode;
use scale_info::{TypeDef, TypeInfo};
use serde_json::{json, Value};

use super::format::{self, out, out_json, parse_tao};
use super::read::{call, decode};
use super::rpc::{from_hex, to_hex, RpcClient};
use super::{ChainError, Conn, TransferArgs};

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

/// The transaction fee the node would charge for `extrinsic` (`TransactionPaymentApi_query_info`).
pub fn tx_fee(rpc: &RpcClient, extrinsic: &[u8]) -> Option<u64> {
    let len = u32::try_from(extrinsic.len()).ok()?;
    let mut args = extrinsic.to_vec();
    len.encode_to(&mut args);
    call::<RuntimeDispatchInfo>(rpc, "TransactionPaymentApi_query_info", &args)
        .ok()
        .map(|info| info.partial_fee)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use dtao_node::wire::upstream::sp_runtime::ModuleError;

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
