//! Read commands: `balance`, `subnet list`, `subnet show`, `metagraph`, `delegates`.
//!
//! Values come from `state_getStorage` (System.Account) and runtime-API `state_call`s, decoded
//! with the node crate's mirror types via `decode_all` (a result with trailing or missing bytes
//! is an error). The JSON shapes are documented in the parent module.

use dtao_node::hashing::{blake2_128, twox_128};
use dtao_node::state_api::types::{
    AccountInfo, AxonInfo, DelegateInfo, DynamicInfo, NeuronInfoLite, SubnetHyperparamsV2,
};
use parity_scale_codec::{Decode, DecodeAll, Encode};
use serde_json::{json, Value};

use super::format::{self, out, out_json, ratio_u16, ss58, table, tao, RAO_PER_TAO};
use super::rpc::RpcClient;
use super::{ChainError, Conn};

/// Decode a whole SCALE value.
pub fn decode<T: Decode>(what: &str, bytes: &[u8]) -> Result<T, ChainError> {
    T::decode_all(&mut &bytes[..])
        .map_err(|e| ChainError::Chain(format!("decoding {what} from the node: {e}")))
}

/// Call runtime API `method` with SCALE `args` and decode the result.
pub fn call<T: Decode>(rpc: &RpcClient, method: &str, args: &[u8]) -> Result<T, ChainError> {
    decode(method, &rpc.state_call(method, args)?)
}

/// The `System.Account` storage key of `account`.
pub fn account_key(account: &[u8; 32]) -> Vec<u8> {
    let mut key = Vec::with_capacity(80);
    key.extend_from_slice(&twox_128(b"System"));
    key.extend_from_slice(&twox_128(b"Account"));
    key.extend_from_slice(&blake2_128(account));
    key.extend_from_slice(account);
    key
}

/// The account's info (default when absent).
pub fn account_info(rpc: &RpcClient, account: &[u8; 32]) -> Result<AccountInfo, ChainError> {
    match rpc.storage(&account_key(account), None)? {
        Some(bytes) => decode("System.Account", &bytes),
        None => Ok(AccountInfo::default()),
    }
}

/// `dtao balance ADDRESS`.
pub fn balance(conn: &Conn, address: &str) -> Result<(), ChainError> {
    let account = format::parse_address("account", address)?;
    let rpc = RpcClient::connect(&conn.url)?;
    let info = account_info(&rpc, &account.0)?;
    let data = &info.data;
    if conn.json {
        return out_json(&json!({
            "address": ss58(account.0),
            "free_rao": data.free,
            "reserved_rao": data.reserved,
            "frozen_rao": data.frozen,
            "nonce": info.nonce,
        }));
    }
    out(&table(
        &[
            "address",
            "free (TAO)",
            "reserved (TAO)",
            "frozen (TAO)",
            "nonce",
        ],
        &[vec![
            ss58(account.0),
            tao(data.free),
            tao(data.reserved),
            tao(data.frozen),
            info.nonce.to_string(),
        ]],
    ))
}

/// Spot price of a pool in rao per alpha (root and empty pools: 1 TAO per alpha).
pub fn spot_price(info: &DynamicInfo) -> u64 {
    let (tao_in, alpha_in) = (info.tao_in.0, info.alpha_in.0);
    if info.netuid.0 == 0 || alpha_in == 0 {
        return RAO_PER_TAO;
    }
    let price = u128::from(tao_in) * u128::from(RAO_PER_TAO) / u128::from(alpha_in);
    u64::try_from(price).unwrap_or(u64::MAX)
}

fn utf8_compact(bytes: &[parity_scale_codec::Compact<u8>]) -> String {
    format::text(&bytes.iter().map(|b| b.0).collect::<Vec<u8>>())
}

fn subnet_json(info: &DynamicInfo) -> Value {
    json!({
        "netuid": info.netuid.0,
        "name": utf8_compact(&info.subnet_name),
        "symbol": utf8_compact(&info.token_symbol),
        "tempo": info.tempo.0,
        "owner_hotkey": ss58(info.owner_hotkey.0),
        "owner_coldkey": ss58(info.owner_coldkey.0),
        "tao_in_rao": info.tao_in.0,
        "alpha_in_rao": info.alpha_in.0,
        "alpha_out_rao": info.alpha_out.0,
        "price_rao_per_alpha": spot_price(info),
        "emission_rao": info.emission.0,
        "registered_at_block": info.network_registered_at.0,
        "blocks_since_last_step": info.blocks_since_last_step.0,
    })
}

fn subnet_row(info: &DynamicInfo) -> Vec<String> {
    vec![
        info.netuid.0.to_string(),
        utf8_compact(&info.subnet_name),
        utf8_compact(&info.token_symbol),
        info.tempo.0.to_string(),
        tao(spot_price(info)),
        tao(info.tao_in.0),
        tao(info.alpha_in.0),
        tao(info.emission.0),
        ss58(info.owner_coldkey.0),
    ]
}

const SUBNET_HEADERS: [&str; 9] = [
    "netuid",
    "name",
    "symbol",
    "tempo",
    "price (TAO/α)",
    "tao_in",
    "alpha_in",
    "emission",
    "owner",
];

/// All subnets' dynamic info.
pub fn all_dynamic_info(rpc: &RpcClient) -> Result<Vec<DynamicInfo>, ChainError> {
    let all: Vec<Option<DynamicInfo>> =
        call(rpc, "SubnetInfoRuntimeApi_get_all_dynamic_info", &[])?;
    Ok(all.into_iter().flatten().collect())
}

/// One subnet's dynamic info; a chain error if it does not exist.
pub fn dynamic_info(rpc: &RpcClient, netuid: u16) -> Result<DynamicInfo, ChainError> {
    let info: Option<DynamicInfo> = call(
        rpc,
        "SubnetInfoRuntimeApi_get_dynamic_info",
        &netuid.encode(),
    )?;
    info.ok_or_else(|| ChainError::Chain(format!("subnet {netuid} does not exist")))
}

/// `dtao subnet list`.
pub fn subnet_list(conn: &Conn) -> Result<(), ChainError> {
    let rpc = RpcClient::connect(&conn.url)?;
    let subnets = all_dynamic_info(&rpc)?;
    if conn.json {
        return out_json(&Value::Array(subnets.iter().map(subnet_json).collect()));
    }
    let rows: Vec<Vec<String>> = subnets.iter().map(subnet_row).collect();
    out(&table(&SUBNET_HEADERS, &rows))
}

fn hyperparams_json(h: &SubnetHyperparamsV2) -> Vec<(&'static str, Value)> {
    vec![
        ("rho", json!(h.rho.0)),
        ("kappa", json!(h.kappa.0)),
        ("immunity_period", json!(h.immunity_period.0)),
        ("min_allowed_weights", json!(h.min_allowed_weights.0)),
        ("max_weights_limit", json!(h.max_weights_limit.0)),
        ("tempo", json!(h.tempo.0)),
        ("min_difficulty", json!(h.min_difficulty.0)),
        ("max_difficulty", json!(h.max_difficulty.0)),
        ("weights_version", json!(h.weights_version.0)),
        ("weights_rate_limit", json!(h.weights_rate_limit.0)),
        ("adjustment_interval", json!(h.adjustment_interval.0)),
        ("activity_cutoff", json!(h.activity_cutoff.0)),
        ("registration_allowed", json!(h.registration_allowed)),
        (
            "target_regs_per_interval",
            json!(h.target_regs_per_interval.0),
        ),
        ("min_burn", json!(h.min_burn.0)),
        ("max_burn", json!(h.max_burn.0)),
        ("bonds_moving_avg", json!(h.bonds_moving_avg.0)),
        ("max_regs_per_block", json!(h.max_regs_per_block.0)),
        ("serving_rate_limit", json!(h.serving_rate_limit.0)),
        ("max_validators", json!(h.max_validators.0)),
        ("adjustment_alpha", json!(h.adjustment_alpha.0)),
        ("difficulty", json!(h.difficulty.0)),
        ("commit_reveal_period", json!(h.commit_reveal_period.0)),
        (
            "commit_reveal_weights_enabled",
            json!(h.commit_reveal_weights_enabled),
        ),
        ("alpha_high", json!(h.alpha_high.0)),
        ("alpha_low", json!(h.alpha_low.0)),
        ("liquid_alpha_enabled", json!(h.liquid_alpha_enabled)),
        (
            "alpha_sigmoid_steepness_bits",
            json!(h.alpha_sigmoid_steepness.bits),
        ),
        ("yuma_version", json!(h.yuma_version.0)),
        ("subnet_is_active", json!(h.subnet_is_active)),
        ("transfers_enabled", json!(h.transfers_enabled)),
        ("bonds_reset_enabled", json!(h.bonds_reset_enabled)),
        ("user_liquidity_enabled", json!(h.user_liquidity_enabled)),
    ]
}

/// `dtao subnet show NETUID`.
pub fn subnet_show(conn: &Conn, netuid: u16) -> Result<(), ChainError> {
    let rpc = RpcClient::connect(&conn.url)?;
    let info = dynamic_info(&rpc, netuid)?;
    let hyper: Option<SubnetHyperparamsV2> = call(
        &rpc,
        "SubnetInfoRuntimeApi_get_subnet_hyperparams_v2",
        &netuid.encode(),
    )?;
    let params = hyper.as_ref().map(hyperparams_json).unwrap_or_default();
    if conn.json {
        let map: serde_json::Map<String, Value> = params
            .into_iter()
            .map(|(name, value)| (name.to_string(), value))
            .collect();
        return out_json(&json!({ "subnet": subnet_json(&info), "hyperparameters": map }));
    }
    let mut text = table(&SUBNET_HEADERS, &[subnet_row(&info)]);
    text.push('\n');
    let rows: Vec<Vec<String>> = params
        .into_iter()
        .map(|(name, value)| vec![name.to_string(), value.to_string()])
        .collect();
    text.push_str(&table(&["hyperparameter", "value"], &rows));
    out(&text)
}

fn axon_text(axon: &AxonInfo) -> Option<String> {
    if axon.ip == 0 {
        return None;
    }
    let ip = if axon.ip_type == 4 {
        let v4 = u32::try_from(axon.ip & u128::from(u32::MAX)).unwrap_or_default();
        std::net::Ipv4Addr::from(v4).to_string()
    } else {
        format!("[{}]", std::net::Ipv6Addr::from(axon.ip))
    };
    Some(format!("{ip}:{}", axon.port))
}

fn neuron_stake(neuron: &NeuronInfoLite) -> u64 {
    neuron
        .stake
        .iter()
        .fold(0_u64, |sum, (_, stake)| sum.saturating_add(stake.0))
}

/// `dtao metagraph NETUID`.
pub fn metagraph(conn: &Conn, netuid: u16) -> Result<(), ChainError> {
    let rpc = RpcClient::connect(&conn.url)?;
    dynamic_info(&rpc, netuid)?;
    let neurons: Vec<NeuronInfoLite> = call(
        &rpc,
        "NeuronInfoRuntimeApi_get_neurons_lite",
        &netuid.encode(),
    )?;
    if conn.json {
        let list: Vec<Value> = neurons
            .iter()
            .map(|n| {
                json!({
                    "uid": n.uid.0,
                    "hotkey": ss58(n.hotkey.0),
                    "coldkey": ss58(n.coldkey.0),
                    "stake_rao": neuron_stake(n),
                    "incentive": ratio_u16(n.incentive.0),
                    "dividends": ratio_u16(n.dividends.0),
                    "emission_rao": n.emission.0,
                    "validator_permit": n.validator_permit,
                    "active": n.active,
                    "axon": axon_text(&n.axon_info),
                })
            })
            .collect();
        return out_json(&json!({ "netuid": netuid, "neurons": list }));
    }
    let rows: Vec<Vec<String>> = neurons
        .iter()
        .map(|n| {
            vec![
                n.uid.0.to_string(),
                ss58(n.hotkey.0),
                ss58(n.coldkey.0),
                tao(neuron_stake(n)),
                format!("{:.4}", ratio_u16(n.incentive.0)),
                format!("{:.4}", ratio_u16(n.dividends.0)),
                tao(n.emission.0),
                if n.validator_permit { "yes" } else { "no" }.to_string(),
                axon_text(&n.axon_info).unwrap_or_else(|| "-".to_string()),
            ]
        })
        .collect();
    out(&table(
        &[
            "uid",
            "hotkey",
            "coldkey",
            "stake (α)",
            "incentive",
            "dividends",
            "emission",
            "permit",
            "axon",
        ],
        &rows,
    ))
}

fn delegate_total(delegate: &DelegateInfo) -> u64 {
    delegate
        .nominators
        .iter()
        .flat_map(|(_, stakes)| stakes.iter())
        .fold(0_u64, |sum, (_, stake)| sum.saturating_add(stake.0))
}

/// `dtao delegates`.
pub fn delegates(conn: &Conn) -> Result<(), ChainError> {
    let rpc = RpcClient::connect(&conn.url)?;
    let delegates: Vec<DelegateInfo> = call(&rpc, "DelegateInfoRuntimeApi_get_delegates", &[])?;
    if conn.json {
        let list: Vec<Value> = delegates
            .iter()
            .map(|d| {
                json!({
                    "hotkey": ss58(d.delegate_ss58.0),
                    "owner": ss58(d.owner_ss58.0),
                    "take": ratio_u16(d.take.0),
                    "nominators": d.nominators.len(),
                    "total_stake_rao": delegate_total(d),
                    "registrations": d.registrations.iter().map(|n| n.0).collect::<Vec<u16>>(),
                    "validator_permits": d.validator_permits.iter().map(|n| n.0).collect::<Vec<u16>>(),
                })
            })
            .collect();
        return out_json(&Value::Array(list));
    }
    let rows: Vec<Vec<String>> = delegates
        .iter()
        .map(|d| {
            vec![
                ss58(d.delegate_ss58.0),
                ss58(d.owner_ss58.0),
                format!("{:.2}%", ratio_u16(d.take.0) * 100.0),
                d.nominators.len().to_string(),
                tao(delegate_total(d)),
                format!(
                    "{:?}",
                    d.registrations.iter().map(|n| n.0).collect::<Vec<u16>>()
                ),
            ]
        })
        .collect();
    out(&table(
        &[
            "hotkey",
            "owner",
            "take",
            "nominators",
            "stake (α)",
            "subnets",
        ],
        &rows,
    ))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn account_key_layout() {
        let key = account_key(&[7; 32]);
        assert_eq!(key.len(), 16 + 16 + 16 + 32);
        assert_eq!(&key[48..], &[7; 32]);
    }

    #[test]
    fn decode_rejects_trailing_and_short_bytes() {
        assert!(decode::<u32>("x", &[1, 0, 0, 0, 9]).is_err());
        assert!(decode::<u32>("x", &[1, 0]).is_err());
        assert_eq!(decode::<u32>("x", &[1, 0, 0, 0]).unwrap(), 1);
    }

    #[test]
    fn axon_formats() {
        let axon = AxonInfo {
            ip: u128::from(u32::from(std::net::Ipv4Addr::new(10, 0, 0, 1))),
            port: 8091,
            ip_type: 4,
            ..AxonInfo::default()
        };
        assert_eq!(axon_text(&axon).unwrap(), "10.0.0.1:8091");
        assert_eq!(axon_text(&AxonInfo::default()), None);
    }
}
