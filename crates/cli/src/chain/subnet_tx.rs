//! Subnet owner commands: `subnet create`, `subnet start`, `subnet hyperparameters` and
//! `subnet set` (the name table and VALUE syntax are in `admin_params.rs`).
//!
//! - `create` quotes the lock cost (`SubnetRegistrationRuntimeApi_get_network_registration_cost`)
//!   and the cold key's free balance, refuses (exit 1, nothing sent) when the balance is below
//!   lock cost + transaction fee, then sends `register_network` (or
//!   `register_network_with_identity` when any identity flag is given) and reads the new netuid
//!   from the `NetworkAdded` event.
//! - `start` sends `start_call`; a refusal is explained in words.
//! - `hyperparameters` lists the node's `get_subnet_hyperparams_v3` records with the name
//!   `subnet set` accepts and who may set each one.
//! - `set` signs the AdminUtils call with the owner's cold key, or with `--sudo` wraps it in
//!   `Sudo.sudo` signed by the sudo key; the inner result of `Sudo.sudo` (its `Sudid` event)
//!   decides success.
//!
//! JSON (same conventions as the parent module; `Outcome` = `{"success", "block_hash",
//! "error": null | {"pallet", "name", "message"}, "events": [..]}`):
//! - `subnet create`: `Outcome + {"netuid": n | null, "quote": {"lock_cost_rao",
//!   "balance_rao", "tx_fee_rao": n | null, "owner_coldkey", "owner_hotkey",
//!   "identity": bool}}`; refused for a short balance: `{"success": false, "quote": …}`.
//! - `subnet start`: `Outcome + {"netuid"}`.
//! - `subnet hyperparameters`: `{"netuid", "hyperparameters": [{"name", "value": number |
//!   bool, "unit", "set_by": "owner" | "root" | null, "call": string | null}]}` (`owner` means
//!   the owner's cold key or root; `null` means read-only).
//! - `subnet set`: `Outcome + {"set": {"netuid": n | null, "name", "call", "value", "sudo"}}`
//!   (`value` is the raw value sent).
//!
//! Invariants: input errors (bad name, value out of the documented range, root-only parameter
//! without `--sudo`) exit 2 before connecting, so nothing is sent; a failed or refused
//! transaction exits 1 with the module error in words.

use clap::Args;
use dtao_node::state_api::types::{HyperparamRecord, HyperparamValue};
use dtao_node::wire::upstream::node_subtensor_runtime::RuntimeEvent;
use dtao_node::wire::upstream::pallet_subtensor::pallet::Event as SubtensorEvent;
use dtao_node::wire::upstream::pallet_sudo::pallet::Event as SudoEvent;
use dtao_primitives::NetUid;
use dtao_runtime::state::SubnetIdentity;
use dtao_runtime::{RuntimeCall, SubtensorCall, SudoCall};
use parity_scale_codec::Encode;
use serde_json::{json, Value};

use super::admin_params::{self, Context, Who};
use super::format::{out, out_json, ss58, table, tao};
use super::read::{account_info, call, dynamic_info};
use super::rpc::RpcClient;
use super::tx::{error_name, outcome_json, outcome_text, signed, submit, tx_fee, Outcome};
use super::{ChainError, Conn, SignerArgs};

/// `dtao subnet create`.
#[derive(Debug, Args)]
pub struct CreateArgs {
    /// Owner hotkey: SS58 address, or a hot key name of --wallet [default: --wallet-hotkey].
    #[arg(long)]
    pub hotkey: Option<String>,
    /// Subnet name (identity).
    #[arg(long)]
    pub name: Option<String>,
    /// Source repository URL (identity).
    #[arg(long)]
    pub repo: Option<String>,
    /// Contact (identity).
    #[arg(long)]
    pub contact: Option<String>,
    /// Web site URL (identity).
    #[arg(long = "subnet-url")]
    pub subnet_url: Option<String>,
    /// Discord handle (identity).
    #[arg(long)]
    pub discord: Option<String>,
    /// Description (identity).
    #[arg(long)]
    pub description: Option<String>,
    /// Logo URL (identity).
    #[arg(long)]
    pub logo_url: Option<String>,
    /// Anything else (identity).
    #[arg(long)]
    pub additional: Option<String>,
    #[command(flatten)]
    pub signer: SignerArgs,
    #[command(flatten)]
    pub conn: Conn,
}

/// `dtao subnet start NETUID`.
#[derive(Debug, Args)]
pub struct StartArgs {
    /// Subnet id.
    pub netuid: u16,
    #[command(flatten)]
    pub signer: SignerArgs,
    #[command(flatten)]
    pub conn: Conn,
}

/// `dtao subnet hyperparameters NETUID`.
#[derive(Debug, Args)]
pub struct HyperparametersArgs {
    /// Subnet id.
    pub netuid: u16,
    #[command(flatten)]
    pub conn: Conn,
}

/// `dtao subnet set NETUID NAME VALUE [--sudo]`, or `dtao subnet set NAME VALUE --sudo` for a
/// network-wide parameter.
#[derive(Debug, Args)]
pub struct SetArgs {
    /// `NETUID NAME VALUE` (subnet parameter) or `NAME VALUE` (network-wide, with --sudo).
    /// Names as `dtao subnet hyperparameters` prints them (or the AdminUtils call name).
    #[arg(required = true, num_args = 2..=3, value_names = ["NETUID", "NAME", "VALUE"], allow_negative_numbers = true)]
    pub args: Vec<String>,
    /// Send as root: wrap the call in Sudo.sudo, signed by the sudo key.
    #[arg(long)]
    pub sudo: bool,
    #[command(flatten)]
    pub signer: SignerArgs,
    #[command(flatten)]
    pub conn: Conn,
}

/// Print `outcome` with extra JSON fields and map failure to exit 1.
pub fn report_fields(
    conn: &Conn,
    outcome: &Outcome,
    fields: Vec<(&str, Value)>,
    text_extra: &str,
) -> Result<(), ChainError> {
    if conn.json {
        let mut value = outcome_json(outcome);
        if let Some(object) = value.as_object_mut() {
            for (key, field) in fields {
                object.insert(key.to_string(), field);
            }
        }
        out_json(&value)?;
    } else {
        out(&format!("{}{text_extra}", outcome_text(outcome)))?;
    }
    match &outcome.error {
        None => Ok(()),
        Some((pallet, name, sentence)) => Err(ChainError::Chain(format!(
            "transaction failed: {sentence} ({pallet}.{name}){}",
            explain(name)
        ))),
    }
}

/// A longer explanation for errors a subnet owner meets often.
fn explain(name: &str) -> &'static str {
    match name {
        "NeedWaitingMoreBlocksToStarCall" => {
            "; the subnet can only be started once `start_call_delay` blocks have passed since \
             its registration, try again later"
        }
        "FirstEmissionBlockNumberAlreadySet" => "; the subnet has already been started",
        "NotSubnetOwner" | "BadOrigin" => {
            "; only the subnet owner's cold key (or root with --sudo) may do this"
        }
        "RequireSudo" => "; --sudo needs the chain's sudo key as the signer",
        "AdminActionProhibitedDuringWeightsWindow" => {
            "; owners cannot change hyperparameters in the last `admin_freeze_window` blocks \
             before the subnet's epoch, try again after the epoch"
        }
        "TxRateLimitExceeded" => {
            "; this parameter was changed recently, wait for the owner rate limit to pass"
        }
        "CannotAffordLockCost" => "; the balance does not cover the lock cost",
        "NetworkTxRateLimitExceeded" => {
            "; a subnet was registered too recently (network rate limit), try again later"
        }
        _ => "",
    }
}

fn text_field(value: &Option<String>) -> Vec<u8> {
    value.as_deref().unwrap_or("").as_bytes().to_vec()
}

fn identity(args: &CreateArgs) -> Option<SubnetIdentity> {
    let fields = [
        &args.name,
        &args.repo,
        &args.contact,
        &args.subnet_url,
        &args.discord,
        &args.description,
        &args.logo_url,
        &args.additional,
    ];
    if fields.iter().all(|field| field.is_none()) {
        return None;
    }
    Some(SubnetIdentity {
        subnet_name: text_field(&args.name),
        github_repo: text_field(&args.repo),
        subnet_contact: text_field(&args.contact),
        subnet_url: text_field(&args.subnet_url),
        discord: text_field(&args.discord),
        description: text_field(&args.description),
        logo_url: text_field(&args.logo_url),
        additional: text_field(&args.additional),
    })
}

/// The identity field limits of the runtime, checked before sending.
fn check_identity(identity: &SubnetIdentity) -> Result<(), ChainError> {
    if dtao_runtime::subnets::is_valid_identity(identity) {
        Ok(())
    } else {
        Err(ChainError::Usage(
            "identity too long: --name and --discord take at most 256 bytes, the other fields \
             1024"
                .into(),
        ))
    }
}

/// `dtao subnet create`.
pub fn create(args: &CreateArgs) -> Result<(), ChainError> {
    let hotkey = super::signer::hotkey_address(args.hotkey.as_deref(), &args.signer)?;
    let identity = identity(args);
    if let Some(identity) = &identity {
        check_identity(identity)?;
    }
    let keypair = super::signer::coldkey(&args.signer)?;
    let rpc = RpcClient::connect(&args.conn.url)?;
    let lock_cost_rao: u64 = call(
        &rpc,
        "SubnetRegistrationRuntimeApi_get_network_registration_cost",
        &[],
    )?;
    let balance_rao = account_info(&rpc, &keypair.account_id().0)?.data.free;
    let has_identity = identity.is_some();
    let call = RuntimeCall::Subtensor(match identity {
        Some(identity) => SubtensorCall::RegisterNetworkWithIdentity {
            hotkey,
            identity: Some(identity),
        },
        None => SubtensorCall::RegisterNetwork { hotkey },
    });
    let extrinsic = signed(&rpc, &keypair, &call)?;
    let fee = tx_fee(&rpc, &extrinsic);
    let quote = json!({
        "lock_cost_rao": lock_cost_rao,
        "balance_rao": balance_rao,
        "tx_fee_rao": fee,
        "owner_coldkey": keypair.ss58(),
        "owner_hotkey": ss58(hotkey.0),
        "identity": has_identity,
    });
    if !args.conn.json {
        let mut text = format!(
            "create a subnet: lock cost {} TAO (locked while the subnet exists)\n  owner cold \
             key {} (balance {} TAO)\n  owner hotkey {}\n",
            tao(lock_cost_rao),
            keypair.ss58(),
            tao(balance_rao),
            ss58(hotkey.0),
        );
        if let Some(fee) = fee {
            text.push_str(&format!("  transaction fee: {} TAO\n", tao(fee)));
        }
        out(&text)?;
    }
    let needed_rao = lock_cost_rao.saturating_add(fee.unwrap_or(0));
    if balance_rao < needed_rao {
        if args.conn.json {
            out_json(&json!({ "success": false, "quote": quote }))?;
        }
        return Err(ChainError::Chain(format!(
            "balance {} TAO is below the lock cost plus fee {} TAO; not sent",
            tao(balance_rao),
            tao(needed_rao)
        )));
    }
    let outcome = submit(&rpc, &extrinsic)?;
    let netuid = outcome.records.iter().find_map(|event| match event {
        RuntimeEvent::SubtensorModule(SubtensorEvent::NetworkAdded(netuid, _)) => Some(*netuid),
        _ => None,
    });
    let text = netuid.map(|n| format!("netuid: {n}\n")).unwrap_or_default();
    report_fields(
        &args.conn,
        &outcome,
        vec![("netuid", json!(netuid)), ("quote", quote)],
        &text,
    )
}

/// `dtao subnet start NETUID`.
pub fn start(args: &StartArgs) -> Result<(), ChainError> {
    let keypair = super::signer::coldkey(&args.signer)?;
    let rpc = RpcClient::connect(&args.conn.url)?;
    dynamic_info(&rpc, args.netuid)?;
    let call = RuntimeCall::Subtensor(SubtensorCall::StartCall {
        netuid: NetUid(args.netuid),
    });
    let extrinsic = signed(&rpc, &keypair, &call)?;
    let outcome = submit(&rpc, &extrinsic)?;
    let text = if outcome.error.is_none() {
        format!(
            "subnet {} started: emission and staking begin next block\n",
            args.netuid
        )
    } else {
        String::new()
    };
    report_fields(
        &args.conn,
        &outcome,
        vec![("netuid", json!(args.netuid))],
        &text,
    )
}

/// A subnet's hyperparameter records (`get_subnet_hyperparams_v3`); a chain error if the
/// subnet does not exist.
pub fn hyperparameter_records(
    rpc: &RpcClient,
    netuid: u16,
) -> Result<Vec<HyperparamRecord>, ChainError> {
    let records: Option<Vec<HyperparamRecord>> = call(
        rpc,
        "SubnetInfoRuntimeApi_get_subnet_hyperparams_v3",
        &netuid.encode(),
    )?;
    records.ok_or_else(|| ChainError::Chain(format!("subnet {netuid} does not exist")))
}

fn record_json(value: &HyperparamValue) -> Value {
    match value {
        HyperparamValue::Bool(b) => json!(b),
        HyperparamValue::U64(v) => json!(v),
        HyperparamValue::I64(v) => json!(v),
    }
}

fn record_u16(records: &[HyperparamRecord], name: &str) -> u16 {
    records
        .iter()
        .find(|r| r.name == name)
        .and_then(|r| match r.value {
            HyperparamValue::U64(v) => u16::try_from(v).ok(),
            _ => None,
        })
        .unwrap_or(0)
}

/// One line of `subnet hyperparameters`: name, value, unit, who sets it, call name.
type Row<'a> = (String, Value, &'a str, Option<Who>, Option<&'a str>);

/// `dtao subnet hyperparameters NETUID`.
pub fn hyperparameters(args: &HyperparametersArgs) -> Result<(), ChainError> {
    let rpc = RpcClient::connect(&args.conn.url)?;
    let records = hyperparameter_records(&rpc, args.netuid)?;
    let params = admin_params::params();
    let rows: Vec<Row> = records
        .iter()
        .map(|record| {
            let param = params.iter().find(|p| p.name == record.name);
            (
                record.name.clone(),
                record_json(&record.value),
                param.map(|p| p.unit).unwrap_or(""),
                param.map(|p| p.who),
                param.map(|p| p.call),
            )
        })
        .collect();
    if args.conn.json {
        let list: Vec<Value> = rows
            .iter()
            .map(|(name, value, unit, who, call)| {
                json!({
                    "name": name,
                    "value": value,
                    "unit": unit,
                    "set_by": who.map(Who::label),
                    "call": call,
                })
            })
            .collect();
        return out_json(&json!({ "netuid": args.netuid, "hyperparameters": list }));
    }
    let text_rows: Vec<Vec<String>> = rows
        .iter()
        .map(|(name, value, unit, who, _)| {
            vec![
                name.clone(),
                value.to_string(),
                unit.to_string(),
                match who {
                    Some(Who::Owner) => "owner/root".to_string(),
                    Some(Who::Root) => "root".to_string(),
                    None => "-".to_string(),
                },
            ]
        })
        .collect();
    out(&table(&["name", "value", "unit", "set by"], &text_rows))
}

/// The inner result of `Sudo.sudo` from its `Sudid` event, as an outcome error.
fn sudo_error(outcome: &Outcome) -> Option<(String, String, String)> {
    outcome.records.iter().find_map(|event| match event {
        RuntimeEvent::Sudo(SudoEvent::Sudid {
            sudo_result: Err(error),
        }) => {
            let (pallet, name) = error_name(error);
            let sentence = dtao_node::wire::metadata::error_sentence(&name);
            Some((pallet, name, sentence))
        }
        _ => None,
    })
}

/// `dtao subnet set`.
pub fn set(args: &SetArgs) -> Result<(), ChainError> {
    let (netuid, name, value) = match args.args.as_slice() {
        [netuid, name, value] => {
            let netuid = netuid.parse::<u16>().map_err(|_| {
                ChainError::Usage(format!("invalid NETUID {netuid:?} (expected 0..=65535)"))
            })?;
            (Some(netuid), name, value)
        }
        [name, value] => (None, name, value),
        _ => {
            return Err(ChainError::Usage(
                "expected NETUID NAME VALUE, or NAME VALUE --sudo for a network-wide parameter"
                    .into(),
            ))
        }
    };
    let param = admin_params::find(name)?;
    if param.who == Who::Root && !args.sudo {
        return Err(ChainError::Usage(format!(
            "{} can only be set by root: add --sudo and sign with the sudo key",
            param.name
        )));
    }
    let raw = admin_params::parse_value(&param, value, args.sudo)?;
    // Scope errors (network name with a NETUID and vice versa) are usage errors too.
    admin_params::build_call(
        &param,
        netuid,
        raw,
        &Context {
            sudo: args.sudo,
            alpha_low: 0,
            alpha_high: 0,
        },
    )?;
    let keypair = super::signer::coldkey(&args.signer)?;
    let rpc = RpcClient::connect(&args.conn.url)?;
    let mut ctx = Context {
        sudo: args.sudo,
        ..Context::default()
    };
    if let Some(netuid) = netuid {
        let records = hyperparameter_records(&rpc, netuid)?;
        ctx.alpha_low = record_u16(&records, "alpha_low");
        ctx.alpha_high = record_u16(&records, "alpha_high");
    }
    let admin_call = admin_params::build_call(&param, netuid, raw, &ctx)?;
    let call_name = admin_call.name();
    let inner = RuntimeCall::AdminUtils(admin_call);
    let call = if args.sudo {
        RuntimeCall::Sudo(SudoCall::Sudo {
            call: Box::new(inner),
        })
    } else {
        inner
    };
    let extrinsic = signed(&rpc, &keypair, &call)?;
    let mut outcome = submit(&rpc, &extrinsic)?;
    if outcome.error.is_none() {
        outcome.error = sudo_error(&outcome);
    }
    let scope = netuid
        .map(|n| format!("subnet {n}"))
        .unwrap_or_else(|| "the network".to_string());
    let text = if outcome.error.is_none() {
        format!(
            "{} = {raw} on {scope} ({call_name}{})\n",
            param.name,
            if args.sudo { " via Sudo.sudo" } else { "" }
        )
    } else {
        String::new()
    };
    report_fields(
        &args.conn,
        &outcome,
        vec![(
            "set",
            json!({
                "netuid": netuid,
                "name": param.name,
                "call": call_name,
                "value": raw.to_string().parse::<Value>().unwrap_or(Value::Null),
                "sudo": args.sudo,
            }),
        )],
        &text,
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn explanations_for_common_refusals() {
        assert!(explain("NeedWaitingMoreBlocksToStarCall").contains("start_call_delay"));
        assert!(explain("BadOrigin").contains("owner"));
        assert_eq!(explain("SomethingElse"), "");
    }
}
