//! The typed runtime [`State`] seen as FRAME storage: one table of storage items (pallet,
//! name, hashers, key and value types, Default or Optional, default bytes) that serves
//! `state_getStorage` ([`storage_value`]), `state_getKeys`/`state_getKeysPaged`
//! ([`storage_keys`], [`storage_keys_paged`]) and the storage section of the metadata
//! ([`pallet_storage_metadata`]) from the same declarations.
//!
//! Names, hashers and key/value shapes follow subtensor runtime 331 (storage.txt); values are
//! computed from the state on each read, nothing is stored twice.
//!
//! Invariants:
//! - a map lists exactly the keys whose value is present (`storage_keys` never returns a key
//!   for which `storage_value` is `None`), and a present value is returned for it even when it
//!   equals the item's default;
//! - key lists are sorted by raw key bytes and unique;
//! - every value is the SCALE encoding of the type the metadata declares for the item;
//! - reads never panic on any key bytes: a key that does not parse is absent.

use super::keys::{item_prefix, split_key_parts, storage_key, Hasher};
use super::types::LockState;
use super::types::{
    AccountId32, AccountInfo, AxonInfo, ChainIdentityV2, FixedI128, FixedU128, Mirror,
    PrometheusInfo, RecycleOrBurnEnum, RootClaimTypeEnum, SubnetIdentityV3, H256,
};

/// Block constants reported for the (unmodelled) lock decay rates.
const LOCK_RATE_BLOCKS: u64 = 216_000;
use super::NodeData;
use dtao_primitives::{AccountId, NetUid};
use dtao_runtime::hyperparams::{NetworkParams, RecycleOrBurn, SubnetHyperparams};
use dtao_runtime::read;
use dtao_runtime::state::{Mechanism, Subnet};
use dtao_runtime::State;
use frame_metadata::v14::{StorageEntryModifier, StorageEntryType};
use frame_metadata::v15::{PalletStorageMetadata, StorageEntryMetadata};
use parity_scale_codec::{Decode, Encode};
use scale_info::{meta_type, MetaType, TypeInfo};
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

/// Pallets whose storage this module serves, in runtime order.
pub const STORAGE_PALLETS: &[&str] = &["System", "Balances", "SubtensorModule"];

const SYSTEM: &str = "System";
const BALANCES: &str = "Balances";
const SUBTENSOR: &str = "SubtensorModule";

/// Most keys one [`storage_keys_paged`] call returns (Substrate's RPC cap).
pub const MAX_KEYS_PER_PAGE: usize = 1_000;

/// A map key part: a type with a fixed-width SCALE encoding.
pub trait KeyPart: Encode + Decode + TypeInfo + Copy + Send + Sync + 'static {
    /// Encoded width in bytes.
    const WIDTH: usize;
}

impl KeyPart for u16 {
    const WIDTH: usize = 2;
}

impl KeyPart for u32 {
    const WIDTH: usize = 4;
}

impl KeyPart for AccountId32 {
    const WIDTH: usize = 32;
}

type Encoded = Vec<u8>;
type PlainFn = Box<dyn Fn(&State, &NodeData<'_>) -> Option<Encoded> + Send + Sync>;
type GetFn = Box<dyn Fn(&State, &NodeData<'_>, &[&[u8]]) -> Option<Encoded> + Send + Sync>;
type KeysFn = Box<dyn Fn(&State, &NodeData<'_>) -> Vec<Vec<Encoded>> + Send + Sync>;

/// Where an item's value comes from.
enum Source {
    /// A single value.
    Plain(PlainFn),
    /// A map: the parts' `(hasher, width)`, the key type, a lookup by encoded parts and the
    /// list of present keys (as encoded parts).
    Map {
        layout: Vec<(Hasher, usize)>,
        key_ty: MetaType,
        get: GetFn,
        keys: KeysFn,
    },
}

/// The declared value type: a Rust type, or the node's event-record list (`System.Events`),
/// whose type belongs to the node's event definitions and is passed in by the caller.
#[derive(Clone, Copy)]
enum ValueTy {
    Meta(MetaType),
    Events,
}

/// One storage item.
struct Item {
    pallet: &'static str,
    name: &'static str,
    modifier: StorageEntryModifier,
    value_ty: ValueTy,
    default: Vec<u8>,
    docs: &'static [&'static str],
    prefix: [u8; 32],
    source: Source,
}

/// The table, with an index by 32-byte item prefix.
struct Table {
    items: Vec<Item>,
    by_prefix: BTreeMap<[u8; 32], usize>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let items = items();
        let by_prefix = items
            .iter()
            .enumerate()
            .map(|(index, item)| (item.prefix, index))
            .collect();
        Table { items, by_prefix }
    })
}

// ---- public API -------------------------------------------------------------------------

/// The value stored under `key` (SCALE), or `None` if the key is absent (for a `Default` item
/// the client then decodes the metadata default; for an `Optional` one it gets `None`).
pub fn storage_value(state: &State, extra: &NodeData<'_>, key: &[u8]) -> Option<Vec<u8>> {
    let prefix: [u8; 32] = key.get(..32)?.try_into().ok()?;
    let item = table().items.get(*table().by_prefix.get(&prefix)?)?;
    let suffix = key.get(32..)?;
    match &item.source {
        Source::Plain(get) => suffix.is_empty().then(|| get(state, extra)).flatten(),
        Source::Map { layout, get, .. } => {
            let parts = split_key_parts(suffix, layout)?;
            get(state, extra, &parts)
        }
    }
}

/// A storage key split into its item and its SCALE-encoded key parts (unhashed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodedKey {
    /// Pallet prefix, e.g. `System`.
    pub pallet: &'static str,
    /// Item name, e.g. `Account`.
    pub item: &'static str,
    /// Encoded key parts, in order (empty for a plain item).
    pub parts: Vec<Vec<u8>>,
}

/// Split `key` into a served item and its key parts; `None` if it names no served item or its
/// suffix does not parse (wrong length, hash mismatch).
pub fn decode_key(key: &[u8]) -> Option<DecodedKey> {
    let prefix: [u8; 32] = key.get(..32)?.try_into().ok()?;
    let item = table().items.get(*table().by_prefix.get(&prefix)?)?;
    let suffix = key.get(32..)?;
    let parts = match &item.source {
        Source::Plain(_) => suffix.is_empty().then(Vec::new)?,
        Source::Map { layout, .. } => split_key_parts(suffix, layout)?
            .into_iter()
            .map(<[u8]>::to_vec)
            .collect(),
    };
    Some(DecodedKey {
        pallet: item.pallet,
        item: item.name,
        parts,
    })
}

/// The key of `pallet.item` at the given encoded key parts, hashed with the item's declared
/// hashers; `None` if the item is not served or the parts do not fit its key (count, widths).
pub fn item_key(pallet: &str, item: &str, parts: &[&[u8]]) -> Option<Vec<u8>> {
    let entry = table()
        .items
        .get(*table().by_prefix.get(&item_prefix(pallet, item))?)?;
    match &entry.source {
        Source::Plain(_) => parts.is_empty().then(|| entry.prefix.to_vec()),
        Source::Map { layout, .. } => {
            let fits = layout.len() == parts.len()
                && layout
                    .iter()
                    .zip(parts)
                    .all(|((_, width), part)| part.len() == *width);
            let hashed: Vec<(Hasher, &[u8])> = layout
                .iter()
                .zip(parts)
                .map(|((hasher, _), part)| (*hasher, *part))
                .collect();
            fits.then(|| storage_key(entry.pallet, entry.name, &hashed))
        }
    }
}

/// Every present key that starts with `prefix`, sorted by raw bytes. Any prefix works: empty,
/// part of a pallet prefix, a pallet prefix, an item prefix or a partial map key.
pub fn storage_keys(state: &State, extra: &NodeData<'_>, prefix: &[u8]) -> Vec<Vec<u8>> {
    let mut keys: Vec<Vec<u8>> = Vec::new();
    for item in &table().items {
        let compatible = if prefix.len() <= 32 {
            item.prefix.starts_with(prefix)
        } else {
            prefix.starts_with(&item.prefix)
        };
        if compatible {
            keys.extend(
                item_keys(item, state, extra)
                    .into_iter()
                    .filter(|key| key.starts_with(prefix)),
            );
        }
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// `state_getKeysPaged`: at most `count` (capped at [`MAX_KEYS_PER_PAGE`]) keys with `prefix`
/// that sort strictly after `start_key` (all of them from the beginning if `start_key` is
/// `None` or sorts before the prefix).
pub fn storage_keys_paged(
    state: &State,
    extra: &NodeData<'_>,
    prefix: &[u8],
    count: usize,
    start_key: Option<&[u8]>,
) -> Vec<Vec<u8>> {
    storage_keys(state, extra, prefix)
        .into_iter()
        .filter(|key| start_key.is_none_or(|start| key.as_slice() > start))
        .take(count.min(MAX_KEYS_PER_PAGE))
        .collect()
}

/// The storage section of `pallet`'s metadata describing exactly the items served here, or
/// `None` for a pallet without items. `events_ty` is the type of `System.Events`' value
/// (`Vec<frame_system::EventRecord<RuntimeEvent, H256>>`), owned by the node's event module.
pub fn pallet_storage_metadata(
    pallet: &str,
    events_ty: MetaType,
) -> Option<PalletStorageMetadata<scale_info::form::MetaForm>> {
    let entries: Vec<StorageEntryMetadata<scale_info::form::MetaForm>> = table()
        .items
        .iter()
        .filter(|item| item.pallet == pallet)
        .map(|item| entry_metadata(item, events_ty))
        .collect();
    let prefix = STORAGE_PALLETS.iter().find(|name| **name == pallet)?;
    (!entries.is_empty()).then_some(PalletStorageMetadata { prefix, entries })
}

fn entry_metadata(
    item: &Item,
    events_ty: MetaType,
) -> StorageEntryMetadata<scale_info::form::MetaForm> {
    let value = match item.value_ty {
        ValueTy::Meta(ty) => ty,
        ValueTy::Events => events_ty,
    };
    let ty = match &item.source {
        Source::Plain(_) => StorageEntryType::Plain(value),
        Source::Map { layout, key_ty, .. } => StorageEntryType::Map {
            hashers: layout.iter().map(|(hasher, _)| hasher.metadata()).collect(),
            key: *key_ty,
            value,
        },
    };
    StorageEntryMetadata {
        name: item.name,
        modifier: item.modifier.clone(),
        ty,
        default: item.default.clone(),
        docs: item.docs.to_vec(),
    }
}

fn item_keys(item: &Item, state: &State, extra: &NodeData<'_>) -> Vec<Vec<u8>> {
    match &item.source {
        Source::Plain(get) => get(state, extra)
            .map(|_| vec![item.prefix.to_vec()])
            .unwrap_or_default(),
        Source::Map { layout, keys, .. } => keys(state, extra)
            .into_iter()
            .map(|parts| {
                let hashed: Vec<(Hasher, &[u8])> = layout
                    .iter()
                    .zip(&parts)
                    .map(|((hasher, _), part)| (*hasher, part.as_slice()))
                    .collect();
                storage_key(item.pallet, item.name, &hashed)
            })
            .collect(),
    }
}

// ---- item builders ----------------------------------------------------------------------

/// Default bytes and modifier: `Some(default)` declares a `Default` item, `None` an
/// `Optional` one (default bytes `0x00`, the encoding of `None`).
fn modifier_and_default<V: Encode>(default: Option<V>) -> (StorageEntryModifier, Vec<u8>) {
    match default {
        Some(value) => (StorageEntryModifier::Default, value.encode()),
        None => (StorageEntryModifier::Optional, vec![0]),
    }
}

fn plain<V, G>(pallet: &'static str, name: &'static str, default: Option<V>, get: G) -> Item
where
    V: Encode + TypeInfo + 'static,
    G: Fn(&State, &NodeData<'_>) -> Option<V> + Send + Sync + 'static,
{
    let (modifier, default) = modifier_and_default(default);
    Item {
        pallet,
        name,
        modifier,
        value_ty: ValueTy::Meta(meta_type::<V>()),
        default,
        docs: &[],
        prefix: item_prefix(pallet, name),
        source: Source::Plain(Box::new(move |state, extra| {
            get(state, extra).map(|value| value.encode())
        })),
    }
}

fn decode_part<K: KeyPart>(part: &[u8]) -> Option<K> {
    let mut input = part;
    let key = K::decode(&mut input).ok()?;
    input.is_empty().then_some(key)
}

/// A one-key map. `keys` lists candidate keys; only those with a value are listed.
fn map1<K, V, KS, G>(
    (pallet, name): (&'static str, &'static str),
    hasher: Hasher,
    default: Option<V>,
    keys: KS,
    get: G,
) -> Item
where
    K: KeyPart,
    V: Encode + TypeInfo + 'static,
    KS: Fn(&State, &NodeData<'_>) -> Vec<K> + Send + Sync + 'static,
    G: Fn(&State, &NodeData<'_>, K) -> Option<V> + Send + Sync + 'static,
{
    let (modifier, default) = modifier_and_default(default);
    let get = Arc::new(get);
    let lookup = Arc::clone(&get);
    Item {
        pallet,
        name,
        modifier,
        value_ty: ValueTy::Meta(meta_type::<V>()),
        default,
        docs: &[],
        prefix: item_prefix(pallet, name),
        source: Source::Map {
            layout: vec![(hasher, K::WIDTH)],
            key_ty: meta_type::<K>(),
            get: Box::new(move |state, extra, parts| match parts {
                [part] => lookup(state, extra, decode_part(part)?).map(|v| v.encode()),
                _ => None,
            }),
            keys: Box::new(move |state, extra| {
                keys(state, extra)
                    .into_iter()
                    .filter(|key| get(state, extra, *key).is_some())
                    .map(|key| vec![key.encode()])
                    .collect()
            }),
        },
    }
}

/// A two-key map (key type `(K1, K2)`).
fn map2<K1, K2, V, KS, G>(
    (pallet, name): (&'static str, &'static str),
    hashers: [Hasher; 2],
    default: Option<V>,
    keys: KS,
    get: G,
) -> Item
where
    K1: KeyPart,
    K2: KeyPart,
    V: Encode + TypeInfo + 'static,
    KS: Fn(&State, &NodeData<'_>) -> Vec<(K1, K2)> + Send + Sync + 'static,
    G: Fn(&State, &NodeData<'_>, K1, K2) -> Option<V> + Send + Sync + 'static,
{
    let (modifier, default) = modifier_and_default(default);
    let get = Arc::new(get);
    let lookup = Arc::clone(&get);
    Item {
        pallet,
        name,
        modifier,
        value_ty: ValueTy::Meta(meta_type::<V>()),
        default,
        docs: &[],
        prefix: item_prefix(pallet, name),
        source: Source::Map {
            layout: vec![(hashers[0], K1::WIDTH), (hashers[1], K2::WIDTH)],
            key_ty: meta_type::<(K1, K2)>(),
            get: Box::new(move |state, extra, parts| match parts {
                [a, b] => {
                    lookup(state, extra, decode_part(a)?, decode_part(b)?).map(|v| v.encode())
                }
                _ => None,
            }),
            keys: Box::new(move |state, extra| {
                keys(state, extra)
                    .into_iter()
                    .filter(|(a, b)| get(state, extra, *a, *b).is_some())
                    .map(|(a, b)| vec![a.encode(), b.encode()])
                    .collect()
            }),
        },
    }
}

/// A three-key map (key type `(K1, K2, K3)`).
fn map3<K1, K2, K3, V, KS, G>(
    (pallet, name): (&'static str, &'static str),
    hashers: [Hasher; 3],
    default: Option<V>,
    keys: KS,
    get: G,
) -> Item
where
    K1: KeyPart,
    K2: KeyPart,
    K3: KeyPart,
    V: Encode + TypeInfo + 'static,
    KS: Fn(&State, &NodeData<'_>) -> Vec<(K1, K2, K3)> + Send + Sync + 'static,
    G: Fn(&State, &NodeData<'_>, K1, K2, K3) -> Option<V> + Send + Sync + 'static,
{
    let (modifier, default) = modifier_and_default(default);
    let get = Arc::new(get);
    let lookup = Arc::clone(&get);
    Item {
        pallet,
        name,
        modifier,
        value_ty: ValueTy::Meta(meta_type::<V>()),
        default,
        docs: &[],
        prefix: item_prefix(pallet, name),
        source: Source::Map {
            layout: vec![
                (hashers[0], K1::WIDTH),
                (hashers[1], K2::WIDTH),
                (hashers[2], K3::WIDTH),
            ],
            key_ty: meta_type::<(K1, K2, K3)>(),
            get: Box::new(move |state, extra, parts| match parts {
                [a, b, c] => lookup(
                    state,
                    extra,
                    decode_part(a)?,
                    decode_part(b)?,
                    decode_part(c)?,
                )
                .map(|v| v.encode()),
                _ => None,
            }),
            keys: Box::new(move |state, extra| {
                keys(state, extra)
                    .into_iter()
                    .filter(|(a, b, c)| get(state, extra, *a, *b, *c).is_some())
                    .map(|(a, b, c)| vec![a.encode(), b.encode(), c.encode()])
                    .collect()
            }),
        },
    }
}

// ---- key sets -----------------------------------------------------------------------------

fn netuids(state: &State, _: &NodeData<'_>) -> Vec<u16> {
    state.subnets.keys().map(|netuid| netuid.0).collect()
}

fn subnet(state: &State, netuid: u16) -> Option<&Subnet> {
    state.subnets.get(&NetUid(netuid))
}

/// `(netuid, uid)` of every neuron.
fn neuron_slots(state: &State, _: &NodeData<'_>) -> Vec<(u16, u16)> {
    state
        .subnets
        .values()
        .flat_map(|subnet| (0..subnet.n()).map(move |uid| (subnet.netuid.0, uid)))
        .collect()
}

/// `(netuid, hotkey)` of every registration.
fn registrations(state: &State, _: &NodeData<'_>) -> Vec<(u16, AccountId32)> {
    state
        .subnets
        .values()
        .flat_map(|subnet| {
            subnet
                .uids
                .keys()
                .map(move |hotkey| (subnet.netuid.0, AccountId32::from(*hotkey)))
        })
        .collect()
}

fn accounts<'a>(keys: impl Iterator<Item = &'a AccountId>) -> Vec<AccountId32> {
    keys.map(|account| AccountId32::from(*account)).collect()
}

/// `(hotkey, netuid)` of every stake pool.
fn stake_pools(state: &State, _: &NodeData<'_>) -> Vec<(AccountId32, u16)> {
    state
        .stake
        .keys()
        .map(|(hotkey, netuid)| (AccountId32::from(*hotkey), netuid.0))
        .collect()
}

// ---- items --------------------------------------------------------------------------------

/// A per-subnet item keyed by netuid.
fn per_subnet<V, G>(name: &'static str, hasher: Hasher, default: Option<V>, get: G) -> Item
where
    V: Encode + TypeInfo + 'static,
    G: Fn(&State, &Subnet) -> Option<V> + Send + Sync + 'static,
{
    map1(
        (SUBTENSOR, name),
        hasher,
        default,
        netuids,
        move |state, _, netuid| get(state, subnet(state, netuid)?),
    )
}

/// A per-subnet hyperparameter keyed by `Identity(netuid)`, with the new-subnet value as the
/// default.
fn hyperparam<V, G>(name: &'static str, get: G) -> Item
where
    V: Encode + TypeInfo + 'static,
    G: Fn(&SubnetHyperparams) -> V + Send + Sync + 'static,
{
    let default = get(&SubnetHyperparams::default());
    per_subnet(name, Hasher::Identity, Some(default), move |_, subnet| {
        Some(get(&subnet.hyperparams))
    })
}

/// A per-subnet value keyed by `Identity(netuid)` with the given default.
fn subnet_value<V, G>(name: &'static str, default: V, get: G) -> Item
where
    V: Encode + TypeInfo + 'static,
    G: Fn(&State, &Subnet) -> V + Send + Sync + 'static,
{
    per_subnet(
        name,
        Hasher::Identity,
        Some(default),
        move |state, subnet| Some(get(state, subnet)),
    )
}

/// A per-uid column of a subnet keyed by `Identity(netuid)` (default: empty).
fn uid_column<V, G>(name: &'static str, get: G) -> Item
where
    V: Encode + TypeInfo + 'static,
    G: Fn(&dtao_runtime::state::Neuron) -> V + Send + Sync + 'static,
{
    subnet_value(name, Vec::<V>::new(), move |_, subnet| {
        subnet.neurons.iter().map(&get).collect::<Vec<V>>()
    })
}

/// A network-wide parameter of `SubtensorModule`.
fn network_param<V, G>(name: &'static str, get: G) -> Item
where
    V: Encode + TypeInfo + 'static,
    G: Fn(&NetworkParams) -> V + Send + Sync + 'static,
{
    let default = get(&NetworkParams::default());
    plain(SUBTENSOR, name, Some(default), move |state, _| {
        Some(get(&state.params))
    })
}

fn items() -> Vec<Item> {
    let mut items = system_items();
    items.push(plain(BALANCES, "TotalIssuance", Some(0_u64), |state, _| {
        Some(state.balances_issuance)
    }));
    items.extend(subtensor_plain_items());
    items.extend(subnet_items());
    items.extend(hyperparam_items());
    items.extend(neuron_items());
    items.extend(account_items());
    items.extend(stake_items());
    items
}

fn system_items() -> Vec<Item> {
    let events = Item {
        pallet: SYSTEM,
        name: "Events",
        modifier: StorageEntryModifier::Default,
        value_ty: ValueTy::Events,
        default: vec![0],
        docs: &[" Events deposited for the current block."],
        prefix: item_prefix(SYSTEM, "Events"),
        source: Source::Plain(Box::new(|_, extra| extra.events.map(<[u8]>::to_vec))),
    };
    vec![
        map1(
            (SYSTEM, "Account"),
            Hasher::Blake2_128Concat,
            Some(AccountInfo::empty()),
            |state, _| accounts(state.accounts.keys()),
            |state, _, account: AccountId32| {
                state
                    .accounts
                    .get(&AccountId::from(account))
                    .map(AccountInfo::of)
            },
        ),
        map1(
            (SYSTEM, "BlockHash"),
            Hasher::Twox64Concat,
            Some(H256::default()),
            |_, extra| extra.block_hashes.keys().copied().collect(),
            |_, extra, number: u32| extra.block_hashes.get(&number).map(|hash| H256(*hash)),
        ),
        plain(SYSTEM, "Number", Some(0_u32), |state, _| {
            Some(u32::try_from(state.block).unwrap_or(u32::MAX))
        }),
        events,
    ]
}

fn subtensor_plain_items() -> Vec<Item> {
    vec![
        plain(SUBTENSOR, "TotalIssuance", Some(0_u64), |state, _| {
            Some(state.total_issuance)
        }),
        plain(SUBTENSOR, "TotalStake", Some(0_u64), |state, _| {
            Some(state.total_stake)
        }),
        plain(SUBTENSOR, "TotalNetworks", Some(0_u16), |state, _| {
            Some(u16::try_from(state.subnets.len()).unwrap_or(u16::MAX))
        }),
        plain(SUBTENSOR, "BlockEmission", Some(0_u64), |state, _| {
            Some(state.block_emission)
        }),
        plain(SUBTENSOR, "NetworkLastLockCost", Some(0_u64), |state, _| {
            Some(state.network_last_lock_cost)
        }),
        network_param("SubnetLimit", |p| p.subnet_limit),
        network_param("NetworkMinLockCost", |p| p.network_min_lock_cost),
        network_param("NetworkRateLimit", |p| p.network_rate_limit),
        network_param("NetworkImmunityPeriod", |p| p.network_immunity_period),
        network_param("NetworkLockReductionInterval", |p| {
            p.network_lock_reduction_interval
        }),
        network_param("SubnetOwnerCut", |p| p.subnet_owner_cut),
        network_param("TaoWeight", |p| p.tao_weight),
        network_param("MinDelegateTake", |p| p.min_delegate_take),
        network_param("MaxDelegateTake", |p| p.max_delegate_take),
        network_param("TxDelegateTakeRateLimit", |p| p.tx_delegate_take_rate_limit),
        network_param("StakeThreshold", |p| p.stake_threshold),
        network_param("NominatorMinRequiredStake", |p| {
            p.nominator_min_required_stake
        }),
        network_param("AdminFreezeWindow", |p| p.admin_freeze_window),
        network_param("OwnerHyperparamRateLimit", |p| {
            p.owner_hyperparam_rate_limit
        }),
    ]
}

fn subnet_items() -> Vec<Item> {
    vec![
        subnet_value("NetworksAdded", false, |_, _| true),
        subnet_value("SubnetworkN", 0_u16, |_, subnet| subnet.n()),
        subnet_value("TokenSymbol", Vec::<u8>::new(), |_, subnet| {
            subnet.token_symbol.clone()
        }),
        per_subnet(
            "SubnetIdentitiesV3",
            Hasher::Blake2_128Concat,
            None::<SubnetIdentityV3>,
            |_, subnet| subnet.identity.clone().map(Mirror::mirror),
        ),
        per_subnet(
            "MechanismCountCurrent",
            Hasher::Twox64Concat,
            Some(1_u8),
            |_, _| Some(1),
        ),
        per_subnet(
            "MechanismEmissionSplit",
            Hasher::Twox64Concat,
            None::<Vec<u16>>,
            |_, _| None,
        ),
        per_subnet(
            "SubnetEmaTaoFlow",
            Hasher::Identity,
            None::<(u64, FixedI128)>,
            |_, _| None,
        ),
        // Conviction locks are not modelled: the lock buckets btcli 9.23 reads exist and are
        // always empty.
        map2(
            (SUBTENSOR, "HotkeyLock"),
            [Hasher::Identity, Hasher::Blake2_128Concat],
            None::<LockState>,
            |_, _| Vec::<(u16, AccountId32)>::new(),
            |_, _, _: u16, _: AccountId32| None,
        ),
        map2(
            (SUBTENSOR, "DecayingHotkeyLock"),
            [Hasher::Identity, Hasher::Blake2_128Concat],
            None::<LockState>,
            |_, _| Vec::<(u16, AccountId32)>::new(),
            |_, _, _: u16, _: AccountId32| None,
        ),
        per_subnet("OwnerLock", Hasher::Identity, None::<LockState>, |_, _| {
            None
        }),
        per_subnet(
            "DecayingOwnerLock",
            Hasher::Identity,
            None::<LockState>,
            |_, _| None,
        ),
        plain(SUBTENSOR, "UnlockRate", Some(LOCK_RATE_BLOCKS), |_, _| {
            Some(LOCK_RATE_BLOCKS)
        }),
        plain(SUBTENSOR, "MaturityRate", Some(LOCK_RATE_BLOCKS), |_, _| {
            Some(LOCK_RATE_BLOCKS)
        }),
        subnet_value("BlocksSinceLastStep", 0_u64, |_, subnet| {
            subnet.blocks_since_last_step
        }),
        subnet_value("LastMechansimStepBlock", 0_u64, |_, subnet| {
            subnet.last_epoch_block
        }),
        per_subnet(
            "FirstEmissionBlockNumber",
            Hasher::Identity,
            None::<u64>,
            |_, subnet| subnet.first_emission_block,
        ),
        subnet_value("SubnetOwner", AccountId32::default(), |_, subnet| {
            subnet.owner_coldkey.into()
        }),
        subnet_value("SubnetOwnerHotkey", AccountId32::default(), |_, subnet| {
            subnet.owner_hotkey.into()
        }),
        subnet_value("SubnetMechanism", 0_u16, |_, subnet| {
            match subnet.mechanism {
                Mechanism::Stable => 0,
                Mechanism::Dynamic => 1,
            }
        }),
        subnet_value("SubtokenEnabled", false, |_, subnet| {
            subnet.subtoken_enabled
        }),
        subnet_value("SubnetTAO", 0_u64, |_, subnet| subnet.tao_reserve),
        subnet_value("SubnetAlphaIn", 0_u64, |_, subnet| subnet.alpha_in),
        subnet_value("SubnetAlphaOut", 0_u64, |_, subnet| subnet.alpha_out),
        subnet_value("SubnetMovingPrice", FixedI128::default(), |_, subnet| {
            FixedI128 {
                bits: subnet.moving_price.to_bits(),
            }
        }),
        subnet_value("SubnetVolume", 0_u128, |_, subnet| subnet.volume),
        subnet_value("SubnetLocked", 0_u64, |_, subnet| subnet.locked),
        subnet_value("NetworkRegisteredAt", 0_u64, |_, subnet| {
            subnet.registered_at
        }),
        subnet_value("SubnetAlphaInEmission", 0_u64, |_, subnet| {
            subnet.alpha_in_emission
        }),
        subnet_value("SubnetAlphaOutEmission", 0_u64, |_, subnet| {
            subnet.alpha_out_emission
        }),
        subnet_value("SubnetTaoInEmission", 0_u64, |_, subnet| {
            subnet.tao_in_emission
        }),
        subnet_value("PendingServerEmission", 0_u64, |_, subnet| {
            subnet.pending.server
        }),
        subnet_value("PendingValidatorEmission", 0_u64, |_, subnet| {
            subnet.pending.validator
        }),
        subnet_value("PendingOwnerCut", 0_u64, |_, subnet| {
            subnet.pending.owner_cut
        }),
        subnet_value("RAORecycledForRegistration", 0_u64, |_, subnet| {
            subnet.rao_recycled_for_registration
        }),
        subnet_value("RegistrationsThisBlock", 0_u16, |_, subnet| {
            subnet.registrations_this_block
        }),
    ]
}

fn hyperparam_items() -> Vec<Item> {
    vec![
        hyperparam("Tempo", |h| h.tempo),
        hyperparam("Burn", |h| h.burn),
        hyperparam("MinBurn", |h| h.min_burn),
        hyperparam("MaxBurn", |h| h.max_burn),
        hyperparam("Rho", |h| h.rho),
        hyperparam("Kappa", |h| h.kappa),
        hyperparam("AlphaSigmoidSteepness", |h| h.alpha_sigmoid_steepness),
        hyperparam("ImmunityPeriod", |h| h.immunity_period),
        hyperparam("ActivityCutoff", |h| h.activity_cutoff),
        hyperparam("MaxWeightsLimit", |h| h.max_weights_limit),
        hyperparam("WeightsVersionKey", |h| h.weights_version_key),
        hyperparam("MinAllowedWeights", |h| h.min_allowed_weights),
        hyperparam("MaxAllowedValidators", |h| h.max_allowed_validators),
        hyperparam("MinAllowedUids", |h| h.min_allowed_uids),
        hyperparam("MaxAllowedUids", |h| h.max_allowed_uids),
        hyperparam("AdjustmentInterval", |h| h.adjustment_interval),
        hyperparam("BondsMovingAverage", |h| h.bonds_moving_average),
        hyperparam("BondsPenalty", |h| h.bonds_penalty),
        hyperparam("BondsResetOn", |h| h.bonds_reset_on),
        hyperparam("WeightsSetRateLimit", |h| h.weights_set_rate_limit),
        hyperparam("TargetRegistrationsPerInterval", |h| {
            h.target_registrations_per_interval
        }),
        hyperparam("AdjustmentAlpha", |h| h.adjustment_alpha),
        hyperparam("CommitRevealWeightsEnabled", |h| {
            h.commit_reveal_weights_enabled
        }),
        hyperparam("Difficulty", |h| h.difficulty),
        hyperparam("MinDifficulty", |h| h.min_difficulty),
        hyperparam("MaxDifficulty", |h| h.max_difficulty),
        hyperparam("MaxRegistrationsPerBlock", |_| {
            read::MAX_REGISTRATIONS_PER_BLOCK
        }),
        hyperparam("EMAPriceHalvingBlocks", |h| h.ema_price_halving_blocks),
        hyperparam("ServingRateLimit", |h| h.serving_rate_limit),
        hyperparam("NetworkRegistrationAllowed", |h| h.registration_allowed),
        hyperparam("NetworkPowRegistrationAllowed", |_| false),
        hyperparam("ImmuneOwnerUidsLimit", |h| h.immune_owner_uids_limit),
        hyperparam("TransferToggle", |h| h.transfer_allowed),
        hyperparam("AlphaValues", |h| h.alpha_values),
        hyperparam("RecycleOrBurn", |h| match h.recycle_or_burn {
            RecycleOrBurn::Burn => RecycleOrBurnEnum::Burn,
            RecycleOrBurn::Recycle => RecycleOrBurnEnum::Recycle,
        }),
        per_subnet(
            "LiquidAlphaOn",
            Hasher::Blake2_128Concat,
            Some(SubnetHyperparams::default().liquid_alpha_on),
            |_, subnet| Some(subnet.hyperparams.liquid_alpha_on),
        ),
        per_subnet(
            "Yuma3On",
            Hasher::Blake2_128Concat,
            Some(SubnetHyperparams::default().yuma3_on),
            |_, subnet| Some(subnet.hyperparams.yuma3_on),
        ),
        per_subnet(
            "RevealPeriodEpochs",
            Hasher::Twox64Concat,
            Some(SubnetHyperparams::default().reveal_period_epochs),
            |_, subnet| Some(subnet.hyperparams.reveal_period_epochs),
        ),
        // btcli 9.23 `weights commit`/`reveal` query storage items literally named after the
        // SDK getters (a client bug present at btcli HEAD too); serve them as aliases.
        hyperparam("get_commit_reveal_weights_enabled", |h| {
            h.commit_reveal_weights_enabled
        }),
        hyperparam("get_commit_reveal_period", |h| h.reveal_period_epochs),
    ]
}

fn neuron_items() -> Vec<Item> {
    vec![
        uid_column("Active", |neuron| neuron.active),
        uid_column("ValidatorPermit", |neuron| neuron.validator_permit),
        uid_column("Consensus", |neuron| neuron.consensus),
        uid_column("Incentive", |neuron| neuron.incentive),
        uid_column("Dividends", |neuron| neuron.dividends),
        uid_column("ValidatorTrust", |neuron| neuron.validator_trust),
        uid_column("Emission", |neuron| neuron.emission),
        uid_column("LastUpdate", |neuron| neuron.last_update),
        map2(
            (SUBTENSOR, "Uids"),
            [Hasher::Identity, Hasher::Blake2_128Concat],
            None::<u16>,
            registrations,
            |state, _, netuid: u16, hotkey: AccountId32| {
                subnet(state, netuid)?
                    .uids
                    .get(&AccountId::from(hotkey))
                    .copied()
            },
        ),
        map2(
            (SUBTENSOR, "Keys"),
            [Hasher::Identity, Hasher::Identity],
            Some(AccountId32::default()),
            neuron_slots,
            |state, _, netuid: u16, uid: u16| {
                let neuron = subnet(state, netuid)?.neurons.get(usize::from(uid))?;
                Some(AccountId32::from(neuron.hotkey))
            },
        ),
        map2(
            (SUBTENSOR, "BlockAtRegistration"),
            [Hasher::Identity, Hasher::Identity],
            Some(0_u64),
            neuron_slots,
            |state, _, netuid: u16, uid: u16| {
                let neuron = subnet(state, netuid)?.neurons.get(usize::from(uid))?;
                Some(neuron.block_at_registration)
            },
        ),
        map2(
            (SUBTENSOR, "Weights"),
            [Hasher::Identity, Hasher::Identity],
            Some(Vec::<(u16, u16)>::new()),
            neuron_slots,
            |state, _, netuid: u16, uid: u16| {
                let neuron = subnet(state, netuid)?.neurons.get(usize::from(uid))?;
                Some(neuron.weights.clone())
            },
        ),
        map2(
            (SUBTENSOR, "Bonds"),
            [Hasher::Identity, Hasher::Identity],
            Some(Vec::<(u16, u16)>::new()),
            neuron_slots,
            |state, _, netuid: u16, uid: u16| {
                let neuron = subnet(state, netuid)?.neurons.get(usize::from(uid))?;
                Some(neuron.bonds.clone())
            },
        ),
        map2(
            (SUBTENSOR, "Axons"),
            [Hasher::Identity, Hasher::Blake2_128Concat],
            None::<AxonInfo>,
            registrations,
            |state, _, netuid: u16, hotkey: AccountId32| {
                let subnet = subnet(state, netuid)?;
                let uid = subnet.uids.get(&AccountId::from(hotkey))?;
                let neuron = subnet.neurons.get(usize::from(*uid))?;
                neuron.axon.clone().map(Mirror::mirror)
            },
        ),
        map2(
            (SUBTENSOR, "Prometheus"),
            [Hasher::Identity, Hasher::Blake2_128Concat],
            None::<PrometheusInfo>,
            registrations,
            |state, _, netuid: u16, hotkey: AccountId32| {
                let subnet = subnet(state, netuid)?;
                let uid = subnet.uids.get(&AccountId::from(hotkey))?;
                let neuron = subnet.neurons.get(usize::from(*uid))?;
                neuron.prometheus.clone().map(Mirror::mirror)
            },
        ),
        map2(
            (SUBTENSOR, "IsNetworkMember"),
            [Hasher::Blake2_128Concat, Hasher::Identity],
            Some(false),
            |state, extra| {
                registrations(state, extra)
                    .into_iter()
                    .map(|(netuid, hotkey)| (hotkey, netuid))
                    .collect()
            },
            |state, _, hotkey: AccountId32, netuid: u16| {
                subnet(state, netuid)?
                    .uids
                    .contains_key(&AccountId::from(hotkey))
                    .then_some(true)
            },
        ),
        map2(
            (SUBTENSOR, "WeightCommits"),
            [Hasher::Twox64Concat, Hasher::Twox64Concat],
            None::<Vec<(H256, u64, u64, u64)>>,
            |state, _| {
                state
                    .subnets
                    .values()
                    .flat_map(|subnet| {
                        subnet
                            .weight_commits
                            .keys()
                            .map(move |hotkey| (subnet.netuid.0, AccountId32::from(*hotkey)))
                    })
                    .collect()
            },
            |state, _, netuid: u16, hotkey: AccountId32| {
                let subnet = subnet(state, netuid)?;
                let commits = subnet.weight_commits.get(&AccountId::from(hotkey))?;
                (!commits.is_empty()).then(|| {
                    commits
                        .iter()
                        .map(|commit| weight_commit_entry(subnet, commit))
                        .collect()
                })
            },
        ),
    ]
}

/// `(hash, commit block, first reveal block, last reveal block)` of a hash commit. The reveal
/// window is the epoch `commit.epoch + RevealPeriodEpochs`, projected from the subnet's last
/// epoch block at one epoch per `tempo` blocks (an epoch deferred by the per-block epoch cap
/// shifts the real window later).
fn weight_commit_entry(
    subnet: &Subnet,
    commit: &dtao_runtime::state::WeightCommit,
) -> (H256, u64, u64, u64) {
    let tempo = u64::from(subnet.hyperparams.tempo);
    let reveal_epoch = commit
        .epoch
        .saturating_add(subnet.hyperparams.reveal_period_epochs);
    let epoch_start = |epoch: u64| -> u64 {
        if epoch >= subnet.epoch_index {
            let ahead = epoch - subnet.epoch_index;
            subnet
                .last_epoch_block
                .saturating_add(ahead.saturating_mul(tempo))
        } else {
            let behind = subnet.epoch_index - epoch;
            subnet
                .last_epoch_block
                .saturating_sub(behind.saturating_mul(tempo))
        }
    };
    let first = epoch_start(reveal_epoch);
    let last = epoch_start(reveal_epoch.saturating_add(1)).saturating_sub(1);
    (H256(commit.hash), commit.block, first, last.max(first))
}

fn account_items() -> Vec<Item> {
    let default_take = NetworkParams::default().default_take;
    vec![
        map1(
            (SUBTENSOR, "Owner"),
            Hasher::Blake2_128Concat,
            Some(AccountId32::default()),
            |state, _| accounts(state.hotkey_owner.keys()),
            |state, _, hotkey: AccountId32| {
                state
                    .owner_of(&AccountId::from(hotkey))
                    .map(AccountId32::from)
            },
        ),
        map1(
            (SUBTENSOR, "Delegates"),
            Hasher::Blake2_128Concat,
            Some(default_take),
            |state, _| {
                let mut hotkeys = accounts(state.delegate_take.keys());
                hotkeys.extend(accounts(state.stake.keys().map(|(hotkey, _)| hotkey)));
                hotkeys
            },
            |state, _, hotkey: AccountId32| {
                let hotkey = AccountId::from(hotkey);
                read::is_delegate(state, &hotkey).then(|| state.take_of(&hotkey))
            },
        ),
        map1(
            (SUBTENSOR, "OwnedHotkeys"),
            Hasher::Blake2_128Concat,
            Some(Vec::<AccountId32>::new()),
            |state, _| accounts(state.owned_hotkeys.keys()),
            |state, _, coldkey: AccountId32| {
                state
                    .owned_hotkeys
                    .get(&AccountId::from(coldkey))
                    .map(|hotkeys| accounts(hotkeys.iter()))
            },
        ),
        map1(
            (SUBTENSOR, "StakingHotkeys"),
            Hasher::Blake2_128Concat,
            Some(Vec::<AccountId32>::new()),
            |state, _| accounts(state.staking_hotkeys.keys()),
            |state, _, coldkey: AccountId32| {
                state
                    .staking_hotkeys
                    .get(&AccountId::from(coldkey))
                    .map(|hotkeys| accounts(hotkeys.iter()))
            },
        ),
        map1(
            (SUBTENSOR, "IdentitiesV2"),
            Hasher::Blake2_128Concat,
            None::<ChainIdentityV2>,
            |_, _| Vec::<AccountId32>::new(),
            |_, _, _| None,
        ),
        map1(
            (SUBTENSOR, "RootClaimType"),
            Hasher::Blake2_128Concat,
            Some(RootClaimTypeEnum::Swap),
            |_, _| Vec::<AccountId32>::new(),
            |_, _, _| None,
        ),
    ]
}

fn stake_items() -> Vec<Item> {
    vec![
        map2(
            (SUBTENSOR, "TotalHotkeyAlpha"),
            [Hasher::Blake2_128Concat, Hasher::Identity],
            Some(0_u64),
            stake_pools,
            |state, _, hotkey: AccountId32, netuid: u16| {
                let pool = state
                    .stake
                    .get(&(AccountId::from(hotkey), NetUid(netuid)))?;
                Some(pool.pool.value)
            },
        ),
        map2(
            (SUBTENSOR, "TotalHotkeyShares"),
            [Hasher::Blake2_128Concat, Hasher::Identity],
            Some(FixedU128::default()),
            stake_pools,
            |state, _, hotkey: AccountId32, netuid: u16| {
                let pool = state
                    .stake
                    .get(&(AccountId::from(hotkey), NetUid(netuid)))?;
                Some(FixedU128 {
                    bits: pool.pool.denominator.to_bits(),
                })
            },
        ),
        map3(
            (SUBTENSOR, "Alpha"),
            [
                Hasher::Blake2_128Concat,
                Hasher::Blake2_128Concat,
                Hasher::Identity,
            ],
            Some(FixedU128::default()),
            |state, _| {
                state
                    .stake
                    .iter()
                    .flat_map(|((hotkey, netuid), pool)| {
                        pool.shares.keys().map(move |coldkey| {
                            (
                                AccountId32::from(*hotkey),
                                AccountId32::from(*coldkey),
                                netuid.0,
                            )
                        })
                    })
                    .collect()
            },
            |state, _, hotkey: AccountId32, coldkey: AccountId32, netuid: u16| {
                let pool = state
                    .stake
                    .get(&(AccountId::from(hotkey), NetUid(netuid)))?;
                let share = pool.shares.get(&AccountId::from(coldkey))?;
                Some(FixedU128 {
                    bits: share.to_bits(),
                })
            },
        ),
    ]
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn item_prefixes_are_unique_and_pallets_listed() {
        let table = table();
        assert_eq!(table.by_prefix.len(), table.items.len());
        for item in &table.items {
            assert!(STORAGE_PALLETS.contains(&item.pallet), "{}", item.name);
        }
    }

    #[test]
    fn optional_items_default_to_none_and_plain_items_are_always_present() {
        let state = State::new(NetworkParams::default());
        let extra = NodeData::default();
        for item in &table().items {
            if item.modifier == StorageEntryModifier::Optional {
                assert_eq!(item.default, vec![0], "{}", item.name);
            }
            if let Source::Plain(get) = &item.source {
                assert_eq!(get(&state, &extra).is_some(), item.name != "Events");
            }
        }
    }

    #[test]
    fn a_plain_key_with_a_suffix_is_absent() {
        let state = State::new(NetworkParams::default());
        let mut key = item_prefix(SYSTEM, "Number").to_vec();
        let extra = NodeData::default();
        assert_eq!(storage_value(&state, &extra, &key), Some(0_u32.encode()));
        key.push(0);
        assert_eq!(storage_value(&state, &extra, &key), None);
        assert_eq!(storage_value(&state, &extra, &key[..31]), None);
    }

    #[test]
    fn metadata_lists_each_pallets_items() {
        let events = meta_type::<Vec<u8>>();
        let system = pallet_storage_metadata(SYSTEM, events).unwrap();
        let names: Vec<&str> = system.entries.iter().map(|e| e.name).collect();
        assert_eq!(names, ["Account", "BlockHash", "Number", "Events"]);
        assert!(pallet_storage_metadata("Timestamp", events).is_none());
    }
}
