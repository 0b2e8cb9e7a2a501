//! Tests of `dtao_node::state_api` over a dev chain built through signed calls (a subnet with
//! an identity, three neurons, stakes, an axon, weights and one pending hash commit):
//! storage prefixes and key encodings per hasher (also against the keys the real clients
//! sent, from fixtures/client-traces), values, key order and prefix filtering, every
//! `state_call` method decoded back with our own types and against our own metadata, and the
//! shapes of our storage and API declarations compared with the real subtensor metadata
//! (fixtures/subtensor-runtime-331/metadata-v15.hex).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::type_complexity
)]

use dtao_node::hashing::{blake2_128, twox_64};
use dtao_node::state_api::keys::{item_prefix, storage_key, Hasher};
use dtao_node::state_api::types::{
    AccountId32, AccountInfo, AxonInfo, DelegateInfo, DynamicInfo, FixedI128, FixedU128, Metagraph,
    NeuronInfo, NeuronInfoLite, RuntimeDispatchInfo, SelectiveMetagraph, SimSwapResult, StakeInfo,
    SubnetHyperparams, SubnetHyperparamsV2, SubnetIdentityV3, SubnetInfo, SubnetInfov2,
    SubnetState, H256,
};
use dtao_node::state_api::{
    apis, decode_key, item_key, pallet_storage_metadata, runtime_apis_metadata, state_call,
    storage_keys, storage_keys_paged, storage_value, ApiError, NodeData, STORAGE_PALLETS,
};
use dtao_primitives::{AccountId, NetUid, RAO_PER_TAO};
use dtao_runtime::genesis::GenesisConfig;
use dtao_runtime::state::{SubnetIdentity, WeightCommit};
use dtao_runtime::{fees, read, Runtime, RuntimeCall, State, SubtensorCall};
use frame_metadata::v14::{StorageEntryModifier, StorageEntryType};
use frame_metadata::v15::{PalletStorageMetadata, RuntimeApiMetadata, RuntimeMetadataV15};
use frame_metadata::{RuntimeMetadata, RuntimeMetadataPrefixed};
use parity_scale_codec::{Compact, Decode, Encode};
use proptest::prelude::*;
use scale_info::form::PortableForm;
use scale_info::{meta_type, IntoPortable, PortableRegistry, Registry, TypeDef, TypeDefPrimitive};
use std::collections::{BTreeMap, BTreeSet};

const TAO: u64 = RAO_PER_TAO;

/// Declarations the pinned clients need that runtime 331 (the fixture) predates.
const NEWER_THAN_FIXTURE: &[&str] = &[
    "SubnetInfoRuntimeApi_get_subnet_hyperparams_v3",
    "StakeInfoRuntimeApi_get_coldkey_lock",
    "SubtensorModule.get_commit_reveal_weights_enabled",
    "SubtensorModule.get_commit_reveal_period",
    "SubtensorModule.HotkeyLock",
    "SubtensorModule.DecayingHotkeyLock",
    "SubtensorModule.OwnerLock",
    "SubtensorModule.DecayingOwnerLock",
    "SubtensorModule.UnlockRate",
    "SubtensorModule.MaturityRate",
];
/// The shared fixtures (read-only, beside the repository); `DTAO_FIXTURES` overrides.
fn fixtures() -> String {
    std::env::var("DTAO_FIXTURES").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/fixtures").to_string()
    })
}
const NET: NetUid = NetUid(1);

// ---- the dev chain ------------------------------------------------------------------------

fn key(seed: u8) -> AccountId {
    AccountId::from_seed_byte(seed)
}

struct Dev {
    state: State,
    alice: AccountId,
    bob: AccountId,
    charlie: AccountId,
    alice_hot: AccountId,
    bob_hot: AccountId,
    charlie_hot: AccountId,
}

fn apply(runtime: &mut Runtime, who: AccountId, call: SubtensorCall) {
    let description = format!("{call:?}");
    let applied = runtime
        .apply_extrinsic(who, RuntimeCall::Subtensor(call), 140)
        .expect("fee payable");
    if let Err(error) = applied.result {
        panic!("{description} failed: {error}");
    }
}

fn identity() -> SubnetIdentity {
    SubnetIdentity {
        subnet_name: b"apex".to_vec(),
        github_repo: b"https://example.invalid/apex".to_vec(),
        subnet_contact: b"ops@example.invalid".to_vec(),
        ..SubnetIdentity::default()
    }
}

/// Genesis dev chain (tempo 10, no weights rate limit); Alice creates subnet 1 with an
/// identity and starts it; Bob and Charlie register; Bob stakes 100 TAO on his hotkey and
/// Charlie nominates it with 10 TAO; Bob's hotkey serves an axon; an epoch runs; Bob (validator) sets
/// weights; a hash commit of Charlie's hotkey is added to the state by hand.
fn dev() -> Dev {
    let (alice, bob, charlie) = (key(1), key(2), key(3));
    let (alice_hot, bob_hot, charlie_hot) = (key(11), key(12), key(13));
    let genesis = GenesisConfig::dev_with_tempo(&[alice, bob, charlie], 10)
        .set_param("network_min_lock_cost", 1_000 * TAO)
        .set_param("new_subnet_hyperparams.weights_set_rate_limit", 0_u64);
    let mut runtime = Runtime::new(genesis.build().unwrap());
    runtime.initialize_block();
    apply(
        &mut runtime,
        alice,
        SubtensorCall::RegisterNetworkWithIdentity {
            hotkey: alice_hot,
            identity: Some(identity()),
        },
    );
    apply(
        &mut runtime,
        alice,
        SubtensorCall::StartCall { netuid: NET },
    );
    runtime.initialize_block();
    for (cold, hot) in [(bob, bob_hot), (charlie, charlie_hot)] {
        apply(
            &mut runtime,
            cold,
            SubtensorCall::BurnedRegister {
                netuid: NET,
                hotkey: hot,
            },
        );
    }
    for (cold, tao) in [(bob, 100), (charlie, 10)] {
        apply(
            &mut runtime,
            cold,
            SubtensorCall::AddStake {
                hotkey: bob_hot,
                netuid: NET,
                amount_staked: tao * TAO,
            },
        );
    }
    apply(
        &mut runtime,
        bob_hot,
        SubtensorCall::ServeAxon {
            netuid: NET,
            version: 7,
            ip: 0xc633_6401,
            port: 8091,
            ip_type: 4,
            protocol: 4,
            placeholder1: 0,
            placeholder2: 0,
        },
    );
    for _ in 0..12 {
        runtime.initialize_block();
    }
    apply(
        &mut runtime,
        bob_hot,
        SubtensorCall::SetWeights {
            netuid: NET,
            dests: vec![2],
            weights: vec![u16::MAX],
            version_key: 0,
        },
    );
    let mut state = runtime.state;
    let block = state.block;
    let subnet = state.subnets.get_mut(&NET).unwrap();
    subnet
        .weight_commits
        .entry(charlie_hot)
        .or_default()
        .push_back(WeightCommit {
            hash: [7; 32],
            epoch: subnet.epoch_index,
            block,
        });
    Dev {
        state,
        alice,
        bob,
        charlie,
        alice_hot,
        bob_hot,
        charlie_hot,
    }
}

fn hashes() -> BTreeMap<u32, [u8; 32]> {
    (0..4_u32).map(|n| (n, [n as u8 + 0xa0; 32])).collect()
}

/// Events of the block: one `ExtrinsicSuccess` record (sdk-compat §6.3's example).
const EVENTS: [u8; 12] = [4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

fn fee_of(extrinsic: &[u8]) -> Option<u64> {
    // A stand-in for the node's decoder: "extrinsics" starting 0xff do not decode.
    (extrinsic.get(1) != Some(&0xff)).then(|| {
        let call = RuntimeCall::Subtensor(SubtensorCall::StartCall { netuid: NET });
        fees::fee_for(&call, u32::try_from(extrinsic.len()).unwrap())
    })
}

fn with_extra<T>(f: impl FnOnce(&NodeData<'_>) -> T) -> T {
    let hashes = hashes();
    let extra = NodeData {
        block_hashes: &hashes,
        events: Some(&EVENTS),
        fee: &fee_of,
    };
    f(&extra)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Vec<u8> {
    let text = text.trim().trim_start_matches("0x");
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

fn acct(account: AccountId) -> AccountId32 {
    AccountId32::from(account)
}

// ---- our metadata and the fixture's -------------------------------------------------------

struct Ours {
    types: PortableRegistry,
    storage: Vec<PalletStorageMetadata<PortableForm>>,
    apis: Vec<RuntimeApiMetadata<PortableForm>>,
}

/// Our declarations in portable form. `System.Events` and the `uxt` input get stand-in types
/// (`Vec<u8>`): their real types belong to the node's event and extrinsic modules.
fn ours() -> Ours {
    let mut registry = Registry::new();
    let storage = STORAGE_PALLETS
        .iter()
        .map(|pallet| {
            pallet_storage_metadata(pallet, meta_type::<Vec<u8>>())
                .unwrap()
                .into_portable(&mut registry)
        })
        .collect();
    let apis = registry.map_into_portable(runtime_apis_metadata(meta_type::<Vec<u8>>()));
    Ours {
        types: registry.into(),
        storage,
        apis,
    }
}

fn fixture() -> RuntimeMetadataV15 {
    let text = std::fs::read_to_string(format!(
        "{}/subtensor-runtime-331/metadata-v15.hex",
        fixtures()
    ))
    .unwrap();
    let opaque: Option<Vec<u8>> = Decode::decode(&mut &unhex(&text)[..]).unwrap();
    let prefixed = RuntimeMetadataPrefixed::decode(&mut &opaque.unwrap()[..]).unwrap();
    match prefixed.1 {
        RuntimeMetadata::V15(metadata) => metadata,
        _ => panic!("fixture is not V15"),
    }
}

fn output_type(ours: &Ours, method: &str) -> u32 {
    ours.apis
        .iter()
        .flat_map(|api| {
            api.methods
                .iter()
                .map(move |m| (format!("{}_{}", api.name, m.name), m.output.id))
        })
        .find(|(name, _)| name == method)
        .unwrap_or_else(|| panic!("{method} not declared"))
        .1
}

/// Consume one value of type `id` from `input` as the registry describes it.
fn skip(types: &PortableRegistry, id: u32, input: &mut &[u8]) -> Result<(), String> {
    fn take(input: &mut &[u8], n: usize) -> Result<Vec<u8>, String> {
        if input.len() < n {
            return Err(format!("need {n} bytes, {} left", input.len()));
        }
        let (head, tail) = input.split_at(n);
        *input = tail;
        Ok(head.to_vec())
    }
    fn compact_len(input: &mut &[u8]) -> Result<u32, String> {
        Compact::<u32>::decode(input)
            .map(|c| c.0)
            .map_err(|e| e.to_string())
    }
    let ty = types.resolve(id).ok_or(format!("no type {id}"))?;
    match &ty.type_def {
        TypeDef::Composite(c) => {
            for field in &c.fields {
                skip(types, field.ty.id, input)?;
            }
        }
        TypeDef::Variant(v) => {
            let index = take(input, 1)?[0];
            let variant = v
                .variants
                .iter()
                .find(|variant| variant.index == index)
                .ok_or(format!("no variant {index} in {:?}", ty.path))?;
            for field in &variant.fields {
                skip(types, field.ty.id, input)?;
            }
        }
        TypeDef::Sequence(s) => {
            for _ in 0..compact_len(input)? {
                skip(types, s.type_param.id, input)?;
            }
        }
        TypeDef::Array(a) => {
            for _ in 0..a.len {
                skip(types, a.type_param.id, input)?;
            }
        }
        TypeDef::Tuple(t) => {
            for field in &t.fields {
                skip(types, field.id, input)?;
            }
        }
        TypeDef::Compact(_) => {
            Compact::<u128>::decode(input).map_err(|e| e.to_string())?;
        }
        TypeDef::Primitive(p) => {
            let width = match p {
                TypeDefPrimitive::Bool => {
                    let byte = take(input, 1)?[0];
                    return (byte <= 1).then_some(()).ok_or("bad bool".into());
                }
                TypeDefPrimitive::Str => compact_len(input)? as usize,
                TypeDefPrimitive::U8 | TypeDefPrimitive::I8 => 1,
                TypeDefPrimitive::U16 | TypeDefPrimitive::I16 => 2,
                TypeDefPrimitive::U32 | TypeDefPrimitive::I32 | TypeDefPrimitive::Char => 4,
                TypeDefPrimitive::U64 | TypeDefPrimitive::I64 => 8,
                TypeDefPrimitive::U128 | TypeDefPrimitive::I128 => 16,
                TypeDefPrimitive::U256 | TypeDefPrimitive::I256 => 32,
            };
            take(input, width)?;
        }
        TypeDef::BitSequence(_) => return Err("bit sequences are not used".into()),
    }
    Ok(())
}

/// Decode all of `bytes` as type `id`.
fn decodes_as(types: &PortableRegistry, id: u32, bytes: &[u8]) -> Result<(), String> {
    let mut input = bytes;
    skip(types, id, &mut input)?;
    input
        .is_empty()
        .then_some(())
        .ok_or(format!("{} bytes left over", input.len()))
}

/// Same structure: paths of named types, field names and order, variant names and indexes,
/// sequence/array/tuple/compact nesting and primitives. Type parameters are not compared.
fn same_shape(
    ours: &PortableRegistry,
    a: u32,
    theirs: &PortableRegistry,
    b: u32,
    at: &str,
    seen: &mut BTreeSet<(u32, u32)>,
) -> Result<(), String> {
    if !seen.insert((a, b)) {
        return Ok(());
    }
    let (ta, tb) = (ours.resolve(a).unwrap(), theirs.resolve(b).unwrap());
    if ta.path.segments != tb.path.segments {
        return Err(format!(
            "{at}: path {:?} vs {:?}",
            ta.path.segments, tb.path.segments
        ));
    }
    let fields = |fa: &[scale_info::Field<PortableForm>],
                  fb: &[scale_info::Field<PortableForm>],
                  seen: &mut BTreeSet<(u32, u32)>|
     -> Result<(), String> {
        if fa.len() != fb.len() {
            return Err(format!("{at}: {} fields vs {}", fa.len(), fb.len()));
        }
        for (x, y) in fa.iter().zip(fb) {
            if x.name != y.name {
                return Err(format!("{at}: field {:?} vs {:?}", x.name, y.name));
            }
            let name = x.name.clone().unwrap_or_default();
            same_shape(
                ours,
                x.ty.id,
                theirs,
                y.ty.id,
                &format!("{at}.{name}"),
                seen,
            )?;
        }
        Ok(())
    };
    match (&ta.type_def, &tb.type_def) {
        (TypeDef::Composite(x), TypeDef::Composite(y)) => fields(&x.fields, &y.fields, seen),
        (TypeDef::Variant(x), TypeDef::Variant(y)) => {
            if x.variants.len() != y.variants.len() {
                return Err(format!("{at}: variant count"));
            }
            for (vx, vy) in x.variants.iter().zip(&y.variants) {
                if vx.name != vy.name || vx.index != vy.index {
                    return Err(format!("{at}: variant {} vs {}", vx.name, vy.name));
                }
                fields(&vx.fields, &vy.fields, seen)?;
            }
            Ok(())
        }
        (TypeDef::Sequence(x), TypeDef::Sequence(y)) => same_shape(
            ours,
            x.type_param.id,
            theirs,
            y.type_param.id,
            &format!("{at}[]"),
            seen,
        ),
        (TypeDef::Array(x), TypeDef::Array(y)) if x.len == y.len => same_shape(
            ours,
            x.type_param.id,
            theirs,
            y.type_param.id,
            &format!("{at}[;]"),
            seen,
        ),
        (TypeDef::Tuple(x), TypeDef::Tuple(y)) if x.fields.len() == y.fields.len() => {
            for (i, (p, q)) in x.fields.iter().zip(&y.fields).enumerate() {
                same_shape(ours, p.id, theirs, q.id, &format!("{at}.{i}"), seen)?;
            }
            Ok(())
        }
        (TypeDef::Compact(x), TypeDef::Compact(y)) => same_shape(
            ours,
            x.type_param.id,
            theirs,
            y.type_param.id,
            &format!("{at}<compact>"),
            seen,
        ),
        (TypeDef::Primitive(x), TypeDef::Primitive(y)) if x == y => Ok(()),
        (x, y) => Err(format!("{at}: {x:?} vs {y:?}")),
    }
}

// ---- storage: prefixes and key encodings -------------------------------------------------

#[test]
fn item_prefixes_match_the_chain() {
    let known = [
        (
            "System",
            "Account",
            "26aa394eea5630e07c48ae0c9558cef7b99d880ec681799c0cf30e8886371da9",
        ),
        (
            "System",
            "Events",
            "26aa394eea5630e07c48ae0c9558cef780d41e5e16056765bc8461851072c9d7",
        ),
        (
            "System",
            "BlockHash",
            "26aa394eea5630e07c48ae0c9558cef7a44704b568d21667356a5a050c118746",
        ),
        (
            "System",
            "Number",
            "26aa394eea5630e07c48ae0c9558cef702a5c1b19ab7a04f536c519aca4983ac",
        ),
        (
            "SubtensorModule",
            "NetworksAdded",
            "658faa385070e074c85bf6b568cf05550e30450fc4d507a846032a7fa65d9a43",
        ),
        (
            "SubtensorModule",
            "Uids",
            "658faa385070e074c85bf6b568cf0555aab1b4e78e1ea8305462ee53b3686dc8",
        ),
        (
            "SubtensorModule",
            "Keys",
            "658faa385070e074c85bf6b568cf05559f99a2ce711f3a31b2fc05604c93f179",
        ),
        (
            "SubtensorModule",
            "Owner",
            "658faa385070e074c85bf6b568cf0555eca6b7a1fdc9f689184ecb4f359c0518",
        ),
    ];
    for (pallet, item, expected) in known {
        assert_eq!(hex(&item_prefix(pallet, item)), expected, "{pallet}.{item}");
        let plain = item == "Number" || item == "Events";
        assert_eq!(
            item_key(pallet, item, &[]).is_some(),
            plain,
            "{pallet}.{item}"
        );
    }
}

#[test]
fn keys_hash_each_part_with_its_hasher() {
    let dev = dev();
    let bob_hot = dev.bob_hot.0;
    // Blake2_128Concat(AccountId32).
    let account = item_key("System", "Account", &[&dev.alice.0]).unwrap();
    let mut expected = item_prefix("System", "Account").to_vec();
    expected.extend(blake2_128(&dev.alice.0));
    expected.extend(dev.alice.0);
    assert_eq!(account, expected);
    // Identity(u16) ‖ Blake2_128Concat(AccountId32).
    let uids = item_key("SubtensorModule", "Uids", &[&1_u16.encode(), &bob_hot]).unwrap();
    let mut expected = item_prefix("SubtensorModule", "Uids").to_vec();
    expected.extend([1, 0]);
    expected.extend(blake2_128(&bob_hot));
    expected.extend(bob_hot);
    assert_eq!(uids, expected);
    // Twox64Concat(u32).
    let block_hash = item_key("System", "BlockHash", &[&2_u32.encode()]).unwrap();
    let mut expected = item_prefix("System", "BlockHash").to_vec();
    expected.extend(twox_64(&[2, 0, 0, 0]));
    expected.extend([2, 0, 0, 0]);
    assert_eq!(block_hash, expected);
    // Twox64Concat(u16) ‖ Twox64Concat(AccountId32).
    let commits = item_key(
        "SubtensorModule",
        "WeightCommits",
        &[&1_u16.encode(), &dev.charlie_hot.0],
    )
    .unwrap();
    assert_eq!(
        commits,
        storage_key(
            "SubtensorModule",
            "WeightCommits",
            &[
                (Hasher::Twox64Concat, &[1, 0]),
                (Hasher::Twox64Concat, &dev.charlie_hot.0)
            ]
        )
    );
    assert_eq!(&commits[32..40], &twox_64(&[1, 0]));
    // Keys round-trip; wrong widths or counts are refused.
    let decoded = decode_key(&uids).unwrap();
    assert_eq!((decoded.pallet, decoded.item), ("SubtensorModule", "Uids"));
    assert_eq!(decoded.parts, vec![vec![1, 0], bob_hot.to_vec()]);
    assert!(item_key("SubtensorModule", "Uids", &[&[1, 0]]).is_none());
    assert!(item_key("SubtensorModule", "Uids", &[&[1], &bob_hot]).is_none());
    assert!(item_key("SubtensorModule", "NoSuchItem", &[]).is_none());
    let mut corrupted = uids.clone();
    corrupted[35] ^= 1;
    assert!(decode_key(&corrupted).is_none());
    assert!(with_extra(|x| storage_value(&dev.state, x, &corrupted)).is_none());
}

/// Every key the real clients sent (fixtures/client-traces) that names one of our items
/// parses with our hashers and re-encodes to the same bytes; prefix-only keys name an item.
#[test]
fn client_trace_keys_parse_with_our_hashers() {
    let mut checked = 0;
    for entry in std::fs::read_dir(format!("{}/client-traces", fixtures())).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("jsonl") {
            continue;
        }
        for line in std::fs::read_to_string(&path).unwrap().lines() {
            let Ok(request) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            let method = request["method"].as_str().unwrap_or_default();
            let keys: Vec<String> = match method {
                "state_getStorageAt" | "state_getStorage" | "state_getKeys"
                | "state_getKeysPaged" => request["params"][0]
                    .as_str()
                    .map(|k| vec![k.to_string()])
                    .unwrap_or_default(),
                "state_queryStorageAt" => request["params"][0]
                    .as_array()
                    .map(|ks| {
                        ks.iter()
                            .filter_map(|k| k.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default(),
                _ => Vec::new(),
            };
            for key in keys {
                let bytes = unhex(&key);
                let names = request["item"].as_array();
                let Some(decoded) = decode_key(&bytes) else {
                    // Only prefix queries (an item prefix, maybe with leading key parts) of
                    // served items may fail to parse as a full key.
                    let served = names.is_some_and(|n| {
                        let (pallet, item) = (n[0].as_str().unwrap(), n[1].as_str().unwrap());
                        STORAGE_PALLETS.contains(&pallet)
                            && bytes.len() >= 32
                            && item_prefix(pallet, item)[..] == bytes[..32]
                    });
                    assert!(
                        !served || method.starts_with("state_getKeys"),
                        "{method} {key} of a served item did not parse"
                    );
                    continue;
                };
                if let Some(names) = names {
                    assert_eq!(names[0], decoded.pallet);
                    assert_eq!(names[1], decoded.item);
                }
                let parts: Vec<&[u8]> = decoded.parts.iter().map(Vec::as_slice).collect();
                assert_eq!(
                    item_key(decoded.pallet, decoded.item, &parts).unwrap(),
                    bytes
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 40, "only {checked} full keys checked");
}

// ---- storage: values ---------------------------------------------------------------------

fn value<T: Decode>(state: &State, pallet: &str, item: &str, parts: &[&[u8]]) -> Option<T> {
    let key = item_key(pallet, item, parts).unwrap();
    let bytes = with_extra(|x| storage_value(state, x, &key))?;
    Some(T::decode(&mut &bytes[..]).unwrap())
}

fn st<T: Decode>(state: &State, item: &str, parts: &[&[u8]]) -> Option<T> {
    value(state, "SubtensorModule", item, parts)
}

#[test]
fn values_of_the_dev_chain() {
    let dev = dev();
    let s = &dev.state;
    let net = 1_u16.encode();
    let subnet = s.subnet(NET).unwrap();

    let alice: AccountInfo = value(s, "System", "Account", &[&dev.alice.0]).unwrap();
    assert_eq!(alice.data.free, s.free_balance(&dev.alice));
    assert_eq!(alice.nonce, s.nonce(&dev.alice));
    assert_eq!((alice.providers, alice.data.flags.0), (1, 1 << 127));
    // 4 × u32 + 3 × u64 + u128 (sdk-compat §5 says 80; the fixture default has 56 bytes).
    assert_eq!(alice.encode().len(), 56);
    assert!(value::<AccountInfo>(s, "System", "Account", &[&[9; 32]]).is_none());
    assert_eq!(
        value::<u32>(s, "System", "Number", &[]),
        Some(u32::try_from(s.block).unwrap())
    );
    assert_eq!(
        value::<H256>(s, "System", "BlockHash", &[&2_u32.encode()]),
        Some(H256([0xa2; 32]))
    );
    assert!(value::<H256>(s, "System", "BlockHash", &[&9_u32.encode()]).is_none());
    let events_key = item_key("System", "Events", &[]).unwrap();
    assert_eq!(
        with_extra(|x| storage_value(s, x, &events_key)),
        Some(EVENTS.to_vec())
    );
    assert_eq!(
        value::<u64>(s, "Balances", "TotalIssuance", &[]),
        Some(s.balances_issuance)
    );
    assert_eq!(st::<u64>(s, "TotalIssuance", &[]), Some(s.total_issuance));
    assert_eq!(st::<u64>(s, "TotalStake", &[]), Some(s.total_stake));
    assert_eq!(st::<u16>(s, "TotalNetworks", &[]), Some(2));

    assert_eq!(st::<bool>(s, "NetworksAdded", &[&net]), Some(true));
    assert_eq!(
        st::<bool>(s, "NetworksAdded", &[&0_u16.encode()]),
        Some(true)
    );
    assert!(st::<bool>(s, "NetworksAdded", &[&2_u16.encode()]).is_none());
    assert_eq!(st::<u16>(s, "Tempo", &[&net]), Some(10));
    assert_eq!(st::<u64>(s, "Burn", &[&net]), Some(subnet.hyperparams.burn));
    assert_eq!(st::<u16>(s, "SubnetworkN", &[&net]), Some(3));
    assert_eq!(st::<u8>(s, "MechanismCountCurrent", &[&net]), Some(1));
    assert!(st::<Vec<u16>>(s, "MechanismEmissionSplit", &[&net]).is_none());
    assert_eq!(
        st::<SubnetIdentityV3>(s, "SubnetIdentitiesV3", &[&net]).map(|i| i.subnet_name),
        Some(b"apex".to_vec())
    );
    assert!(st::<SubnetIdentityV3>(s, "SubnetIdentitiesV3", &[&0_u16.encode()]).is_none());
    assert_eq!(
        st::<u64>(s, "FirstEmissionBlockNumber", &[&net]),
        subnet.first_emission_block
    );
    assert_eq!(
        st::<AccountId32>(s, "SubnetOwner", &[&net]),
        Some(acct(dev.alice))
    );
    assert_eq!(
        st::<AccountId32>(s, "SubnetOwnerHotkey", &[&net]),
        Some(acct(dev.alice_hot))
    );
    assert_eq!(
        st::<Vec<u8>>(s, "TokenSymbol", &[&net]),
        Some(subnet.token_symbol.clone())
    );
    assert_eq!(st::<u64>(s, "SubnetTAO", &[&net]), Some(subnet.tao_reserve));
    assert_eq!(
        st::<u64>(s, "SubnetAlphaIn", &[&net]),
        Some(subnet.alpha_in)
    );
    assert_eq!(
        st::<u64>(s, "SubnetAlphaOut", &[&net]),
        Some(subnet.alpha_out)
    );
    assert_eq!(
        st::<FixedI128>(s, "SubnetMovingPrice", &[&net]).map(|p| p.bits),
        Some(subnet.moving_price.to_bits())
    );
    assert_eq!(
        st::<bool>(s, "CommitRevealWeightsEnabled", &[&net]),
        Some(false)
    );
    assert_eq!(st::<u64>(s, "WeightsSetRateLimit", &[&net]), Some(0));
    assert_eq!(
        st::<u16>(s, "MinAllowedWeights", &[&net]),
        Some(subnet.hyperparams.min_allowed_weights)
    );
    assert_eq!(st::<u16>(s, "MaxWeightsLimit", &[&net]), Some(u16::MAX));
    let last_update: Vec<u64> = st(s, "LastUpdate", &[&net]).unwrap();
    assert_eq!(last_update.len(), 3);
    assert_eq!(last_update[1], subnet.neurons[1].last_update);

    // Neurons and accounts.
    assert_eq!(st::<u16>(s, "Uids", &[&net, &dev.bob_hot.0]), Some(1));
    assert!(st::<u16>(s, "Uids", &[&net, &dev.bob.0]).is_none());
    assert_eq!(
        st::<AccountId32>(s, "Keys", &[&net, &2_u16.encode()]),
        Some(acct(dev.charlie_hot))
    );
    assert!(st::<AccountId32>(s, "Keys", &[&net, &3_u16.encode()]).is_none());
    assert_eq!(
        st::<Vec<(u16, u16)>>(s, "Weights", &[&net, &1_u16.encode()]),
        Some(vec![(2, u16::MAX)])
    );
    assert_eq!(
        st::<AxonInfo>(s, "Axons", &[&net, &dev.bob_hot.0]).map(|a| a.port),
        Some(8091)
    );
    assert!(st::<AxonInfo>(s, "Axons", &[&net, &dev.charlie_hot.0]).is_none());
    assert_eq!(
        st::<bool>(s, "IsNetworkMember", &[&dev.bob_hot.0, &net]),
        Some(true)
    );
    assert_eq!(
        st::<AccountId32>(s, "Owner", &[&dev.bob_hot.0]),
        Some(acct(dev.bob))
    );
    assert_eq!(
        st::<Vec<AccountId32>>(s, "OwnedHotkeys", &[&dev.alice.0]),
        Some(vec![acct(dev.alice_hot)])
    );
    assert_eq!(
        st::<Vec<AccountId32>>(s, "StakingHotkeys", &[&dev.charlie.0]),
        Some(vec![acct(dev.bob_hot)])
    );
    assert_eq!(
        st::<u16>(s, "Delegates", &[&dev.bob_hot.0]),
        Some(s.take_of(&dev.bob_hot))
    );
    assert!(st::<u16>(s, "Delegates", &[&dev.charlie_hot.0]).is_none());

    // Stake.
    let alpha = s.hotkey_alpha(&dev.bob_hot, NET);
    assert!(alpha > 0);
    assert_eq!(
        st::<u64>(s, "TotalHotkeyAlpha", &[&dev.bob_hot.0, &net]),
        Some(alpha)
    );
    let pool = &s.stake[&(dev.bob_hot, NET)];
    assert_eq!(
        st::<FixedU128>(s, "Alpha", &[&dev.bob_hot.0, &dev.charlie.0, &net]).map(|f| f.bits),
        Some(pool.shares[&dev.charlie].to_bits())
    );
    assert_eq!(
        st::<FixedU128>(s, "TotalHotkeyShares", &[&dev.bob_hot.0, &net]).map(|f| f.bits),
        Some(pool.pool.denominator.to_bits())
    );

    // The hash commit: (hash, block, first and last reveal block).
    let commits: Vec<(H256, u64, u64, u64)> =
        st(s, "WeightCommits", &[&net, &dev.charlie_hot.0]).unwrap();
    assert_eq!(commits.len(), 1);
    let (hash, block, first, last) = commits[0];
    assert_eq!((hash, block), (H256([7; 32]), s.block));
    assert_eq!(last - first + 1, 10, "one tempo");
    assert!(first > subnet.last_epoch_block);
}

// ---- storage: key lists -----------------------------------------------------------------

#[test]
fn keys_are_sorted_unique_present_and_filtered_by_prefix() {
    let dev = dev();
    let s = &dev.state;
    with_extra(|x| {
        let all = storage_keys(s, x, &[]);
        assert!(all.windows(2).all(|w| w[0] < w[1]), "sorted and unique");
        for key in &all {
            assert!(storage_value(s, x, key).is_some(), "{} absent", hex(key));
            assert!(decode_key(key).is_some());
        }
        // Pallet prefix, partial pallet prefix, item prefix, partial map key.
        let system = item_prefix("System", "Account")[..16].to_vec();
        let by_pallet = storage_keys(s, x, &system);
        assert_eq!(
            by_pallet,
            all.iter()
                .filter(|k| k.starts_with(&system))
                .cloned()
                .collect::<Vec<_>>()
        );
        assert_eq!(storage_keys(s, x, &system[..3]).len(), {
            all.iter().filter(|k| k.starts_with(&system[..3])).count()
        });
        let networks = storage_keys(s, x, &item_prefix("SubtensorModule", "NetworksAdded"));
        let suffixes: Vec<Vec<u8>> = networks.iter().map(|k| k[32..].to_vec()).collect();
        assert_eq!(suffixes, vec![vec![0, 0], vec![1, 0]]);
        let mut uids_on_1 = item_prefix("SubtensorModule", "Uids").to_vec();
        uids_on_1.extend([1, 0]);
        let uids = storage_keys(s, x, &uids_on_1);
        assert_eq!(uids.len(), 3);
        let hotkeys: BTreeSet<Vec<u8>> = uids.iter().map(|k| k[50..].to_vec()).collect();
        let expected: BTreeSet<Vec<u8>> = [dev.alice_hot, dev.bob_hot, dev.charlie_hot]
            .iter()
            .map(|h| h.0.to_vec())
            .collect();
        assert_eq!(hotkeys, expected);
        let accounts = storage_keys(s, x, &item_prefix("System", "Account"));
        assert_eq!(accounts.len(), s.accounts.len());
        let block_hashes = storage_keys(s, x, &item_prefix("System", "BlockHash"));
        assert_eq!(block_hashes.len(), 4);
        assert!(storage_keys(s, x, &[0xff; 40]).is_empty());
        assert!(storage_keys(s, x, &item_prefix("SubtensorModule", "IdentitiesV2")).is_empty());

        // Pages: strictly after the start key, concatenating to the full list.
        let prefix = item_prefix("SubtensorModule", "Tempo")[..16].to_vec();
        let full = storage_keys(s, x, &prefix);
        let mut paged = Vec::new();
        let mut start: Option<Vec<u8>> = Some(prefix.clone());
        loop {
            let page = storage_keys_paged(s, x, &prefix, 7, start.as_deref());
            if page.is_empty() {
                break;
            }
            start = page.last().cloned();
            paged.extend(page);
        }
        assert_eq!(paged, full);
        assert_eq!(
            storage_keys_paged(s, x, &prefix, 5_000, None).len(),
            full.len().min(1_000)
        );
    });
}

// ---- runtime APIs ------------------------------------------------------------------------

/// Call `method`, check the answer decodes fully against our declared output type, and decode
/// it with our own mirror type.
fn call<T: Decode>(ours: &Ours, state: &State, method: &str, args: Vec<u8>) -> T {
    let bytes = with_extra(|x| state_call(state, x, method, &args))
        .unwrap_or_else(|e| panic!("{method}: {e}"));
    decodes_as(&ours.types, output_type(ours, method), &bytes)
        .unwrap_or_else(|e| panic!("{method} against our metadata: {e}"));
    let mut input = &bytes[..];
    let value = T::decode(&mut input).unwrap_or_else(|e| panic!("{method}: {e}"));
    assert!(input.is_empty(), "{method}: bytes left over");
    value
}

#[test]
fn every_method_answers_with_its_declared_type() {
    let dev = dev();
    let s = &dev.state;
    let o = ours();
    let net = 1_u16.encode();
    let with = |parts: &[&[u8]]| parts.concat();
    let bob_hot = acct(dev.bob_hot).encode();
    let charlie = acct(dev.charlie).encode();

    let nonce: u32 = call(
        &o,
        s,
        "AccountNonceApi_account_nonce",
        acct(dev.alice).encode(),
    );
    assert_eq!(nonce, s.nonce(&dev.alice));

    // query_info: an extrinsic with its length prefix, then `len`.
    let body = vec![0x84_u8; 150];
    let extrinsic = (body.clone(), 153_u32).encode();
    let info: RuntimeDispatchInfo = call(&o, s, "TransactionPaymentApi_query_info", extrinsic);
    assert_eq!(Some(info.partial_fee), fee_of(&body.encode()));

    let delegates: Vec<DelegateInfo> = call(&o, s, "DelegateInfoRuntimeApi_get_delegates", vec![]);
    let expected: Vec<DelegateInfo> = read::delegates(s).into_iter().map(Into::into).collect();
    assert_eq!(delegates, expected);
    assert!(delegates
        .iter()
        .any(|d| d.delegate_ss58 == acct(dev.bob_hot)));
    let delegate: Option<DelegateInfo> = call(
        &o,
        s,
        "DelegateInfoRuntimeApi_get_delegate",
        bob_hot.clone(),
    );
    assert_eq!(delegate.unwrap().nominators.len(), 2);
    let delegated: Vec<(DelegateInfo, (Compact<u16>, Compact<u64>))> = call(
        &o,
        s,
        "DelegateInfoRuntimeApi_get_delegated",
        charlie.clone(),
    );
    assert_eq!(delegated.len(), 1);
    assert_eq!(delegated[0].1 .0 .0, 1);

    let neurons: Vec<NeuronInfo> = call(&o, s, "NeuronInfoRuntimeApi_get_neurons", net.clone());
    assert_eq!(neurons.len(), 3);
    let neuron: Option<NeuronInfo> = call(
        &o,
        s,
        "NeuronInfoRuntimeApi_get_neuron",
        with(&[&net, &1_u16.encode()]),
    );
    assert_eq!(neuron.unwrap().axon_info.port, 8091);
    let lite: Vec<NeuronInfoLite> =
        call(&o, s, "NeuronInfoRuntimeApi_get_neurons_lite", net.clone());
    let expected: Vec<NeuronInfoLite> = read::neurons_lite(s, NET)
        .into_iter()
        .map(Into::into)
        .collect();
    assert_eq!(lite, expected);
    let none: Option<NeuronInfoLite> = call(
        &o,
        s,
        "NeuronInfoRuntimeApi_get_neuron_lite",
        with(&[&net, &9_u16.encode()]),
    );
    assert!(none.is_none());

    let info: Option<SubnetInfo> = call(&o, s, "SubnetInfoRuntimeApi_get_subnet_info", net.clone());
    assert_eq!(info.unwrap().owner, acct(dev.alice));
    let infos: Vec<Option<SubnetInfo>> =
        call(&o, s, "SubnetInfoRuntimeApi_get_subnets_info", vec![]);
    assert_eq!(infos.len(), 2);
    let info: Option<SubnetInfov2> = call(
        &o,
        s,
        "SubnetInfoRuntimeApi_get_subnet_info_v2",
        net.clone(),
    );
    assert_eq!(info.unwrap().identity.unwrap().subnet_name, b"apex");
    let infos: Vec<Option<SubnetInfov2>> =
        call(&o, s, "SubnetInfoRuntimeApi_get_subnets_info_v2", vec![]);
    assert_eq!(infos.len(), 2);
    let hyper: Option<SubnetHyperparams> = call(
        &o,
        s,
        "SubnetInfoRuntimeApi_get_subnet_hyperparams",
        net.clone(),
    );
    assert_eq!(hyper.unwrap().tempo.0, 10);
    let hyper: Option<SubnetHyperparamsV2> = call(
        &o,
        s,
        "SubnetInfoRuntimeApi_get_subnet_hyperparams_v2",
        net.clone(),
    );
    assert!(hyper.unwrap().subnet_is_active);
    let missing: Option<SubnetHyperparamsV2> = call(
        &o,
        s,
        "SubnetInfoRuntimeApi_get_subnet_hyperparams_v2",
        7_u16.encode(),
    );
    assert!(missing.is_none());

    let all: Vec<Option<DynamicInfo>> =
        call(&o, s, "SubnetInfoRuntimeApi_get_all_dynamic_info", vec![]);
    let expected: Vec<Option<DynamicInfo>> = read::all_dynamic_info(s)
        .into_iter()
        .map(|d| Some(d.into()))
        .collect();
    assert_eq!(all, expected);
    let one: Option<DynamicInfo> =
        call(&o, s, "SubnetInfoRuntimeApi_get_dynamic_info", net.clone());
    let one = one.unwrap();
    assert_eq!(
        one.subnet_name.iter().map(|c| c.0).collect::<Vec<u8>>(),
        b"apex"
    );
    assert_eq!(one.tao_in.0, s.subnet(NET).unwrap().tao_reserve);

    let graphs: Vec<Option<Metagraph>> =
        call(&o, s, "SubnetInfoRuntimeApi_get_all_metagraphs", vec![]);
    assert_eq!(graphs.len(), 2);
    let graph: Option<Metagraph> = call(&o, s, "SubnetInfoRuntimeApi_get_metagraph", net.clone());
    assert_eq!(graph.unwrap().hotkeys[1], acct(dev.bob_hot));
    let graphs: Vec<Option<Metagraph>> =
        call(&o, s, "SubnetInfoRuntimeApi_get_all_mechagraphs", vec![]);
    assert_eq!(graphs.len(), 2);
    let graph: Option<Metagraph> = call(
        &o,
        s,
        "SubnetInfoRuntimeApi_get_mechagraph",
        with(&[&net, &[0]]),
    );
    assert!(graph.is_some());
    let graph: Option<Metagraph> = call(
        &o,
        s,
        "SubnetInfoRuntimeApi_get_mechagraph",
        with(&[&net, &[1]]),
    );
    assert!(graph.is_none());
    let state: Option<SubnetState> =
        call(&o, s, "SubnetInfoRuntimeApi_get_subnet_state", net.clone());
    assert_eq!(state.unwrap().hotkeys.len(), 3);
    let indexes: Vec<u16> = vec![0, 8, 52, 72, 73, 500];
    let selective: Option<SelectiveMetagraph> = call(
        &o,
        s,
        "SubnetInfoRuntimeApi_get_selective_metagraph",
        with(&[&net, &indexes.encode()]),
    );
    let selective = selective.unwrap();
    assert_eq!(selective.tempo, Some(Compact(10)));
    assert_eq!(selective.hotkeys.map(|h| h.len()), Some(3));
    assert!(selective.name.is_none());
    assert_eq!(selective.commitments, Some(vec![]));
    let selective: Option<SelectiveMetagraph> = call(
        &o,
        s,
        "SubnetInfoRuntimeApi_get_selective_mechagraph",
        with(&[&net, &[0], &indexes.encode()]),
    );
    assert!(selective.unwrap().validators.is_some());
    let auto: Option<AccountId32> = call(
        &o,
        s,
        "SubnetInfoRuntimeApi_get_coldkey_auto_stake_hotkey",
        with(&[&charlie, &net]),
    );
    assert!(auto.is_none());
    let prune: Option<u16> = call(&o, s, "SubnetInfoRuntimeApi_get_subnet_to_prune", vec![]);
    assert_eq!(
        prune,
        dtao_runtime::subnets::network_to_prune(s).map(|n| n.0)
    );

    let stakes: Vec<StakeInfo> = call(
        &o,
        s,
        "StakeInfoRuntimeApi_get_stake_info_for_coldkey",
        charlie.clone(),
    );
    assert_eq!(stakes.len(), 1);
    assert_eq!(
        stakes[0].stake.0,
        s.stake_of(&dev.bob_hot, &dev.charlie, NET)
    );
    let nobody = acct(key(99));
    let per_coldkey: Vec<(AccountId32, Vec<StakeInfo>)> = call(
        &o,
        s,
        "StakeInfoRuntimeApi_get_stake_info_for_coldkeys",
        vec![acct(dev.charlie), nobody].encode(),
    );
    assert_eq!(per_coldkey.len(), 2, "one entry per coldkey, even empty");
    assert_eq!(per_coldkey[1], (nobody, vec![]));
    let one: Option<StakeInfo> = call(
        &o,
        s,
        "StakeInfoRuntimeApi_get_stake_info_for_hotkey_coldkey_netuid",
        with(&[&bob_hot, &charlie, &net]),
    );
    assert!(one.unwrap().is_registered);
    let fee: u64 = call(
        &o,
        s,
        "StakeInfoRuntimeApi_get_stake_fee",
        (
            None::<(AccountId32, u16)>,
            acct(dev.charlie),
            Some((acct(dev.bob_hot), 1_u16)),
            acct(dev.charlie),
            TAO,
        )
            .encode(),
    );
    assert_eq!(fee, s.params.staking_fee);

    let cost: u64 = call(
        &o,
        s,
        "SubnetRegistrationRuntimeApi_get_network_registration_cost",
        vec![],
    );
    assert_eq!(cost, dtao_runtime::subnets::network_lock_cost(s));

    let price: u64 = call(&o, s, "SwapRuntimeApi_current_alpha_price", net.clone());
    assert_eq!(price, s.subnet(NET).unwrap().pool().price_rao());
    let root_price: u64 = call(&o, s, "SwapRuntimeApi_current_alpha_price", 0_u16.encode());
    assert_eq!(root_price, TAO);
    let buy: SimSwapResult = call(
        &o,
        s,
        "SwapRuntimeApi_sim_swap_tao_for_alpha",
        with(&[&net, &(5 * TAO).encode()]),
    );
    let quote = dtao_runtime::staking::quote_add_stake(s, NET, 5 * TAO).unwrap();
    assert_eq!(
        (buy.tao_amount, buy.alpha_amount, buy.tao_fee),
        (5 * TAO, quote.amount_out.rao(), quote.fee.rao())
    );
    let sell: SimSwapResult = call(
        &o,
        s,
        "SwapRuntimeApi_sim_swap_alpha_for_tao",
        with(&[&net, &TAO.encode()]),
    );
    assert_eq!(sell.alpha_amount, TAO);
    assert!(sell.tao_amount > 0);
    let refused: SimSwapResult = call(
        &o,
        s,
        "SwapRuntimeApi_sim_swap_tao_for_alpha",
        with(&[&9_u16.encode(), &TAO.encode()]),
    );
    assert_eq!(refused, SimSwapResult::default());

    // Newer than runtime 331: the lock read (never a lock) and the named hyperparameter list.
    let lock: Option<Vec<u8>> = None;
    let raw = dtao_node::state_api::state_call(
        s,
        &NodeData::default(),
        "StakeInfoRuntimeApi_get_coldkey_lock",
        &with(&[&[7_u8; 32].encode(), &net]),
    )
    .unwrap();
    assert_eq!(raw, lock.encode());
    let raw = dtao_node::state_api::state_call(
        s,
        &NodeData::default(),
        "SubnetInfoRuntimeApi_get_subnet_hyperparams_v3",
        &net,
    )
    .unwrap();
    let records = Option::<Vec<(String, u8, Vec<u8>)>>::decode(&mut &raw[..]);
    assert!(
        raw.len() > 100 && raw[0] == 1,
        "a populated list: {records:?}"
    );

    // Every declared method was exercised above.
    assert_eq!(apis::method_names().len(), 36);
}

#[test]
fn bad_calls_fail_with_clear_errors() {
    let dev = dev();
    let s = &dev.state;
    with_extra(|x| {
        let missing = state_call(s, x, "Metadata_metadata_at_version", &[15, 0, 0, 0]);
        assert_eq!(
            missing.unwrap_err().to_string(),
            "Exported method Metadata_metadata_at_version is not found"
        );
        let short = state_call(s, x, "SubnetInfoRuntimeApi_get_dynamic_info", &[1]);
        assert!(matches!(short, Err(ApiError::BadInput { .. })));
        assert!(short
            .unwrap_err()
            .to_string()
            .starts_with("Bad input data provided to SubnetInfoRuntimeApi_get_dynamic_info"));
        let trailing = state_call(s, x, "SubnetInfoRuntimeApi_get_dynamic_info", &[1, 0, 0]);
        assert!(trailing.unwrap_err().to_string().contains("trailing"));
        let extra_args = state_call(s, x, "SubnetInfoRuntimeApi_get_all_dynamic_info", &[0]);
        assert!(extra_args.is_err());
        // A huge declared list is refused before allocating.
        let mut huge = Compact(u32::MAX).encode();
        huge.extend([0; 8]);
        let refused = state_call(
            s,
            x,
            "StakeInfoRuntimeApi_get_stake_info_for_coldkeys",
            &huge,
        );
        assert!(refused
            .unwrap_err()
            .to_string()
            .contains("exceeds the limit"));
        // An extrinsic longer than the input, and one the node cannot decode.
        let truncated = [Compact(500_u32).encode(), vec![1, 2, 3]].concat();
        assert!(state_call(s, x, "TransactionPaymentApi_query_info", &truncated).is_err());
        let undecodable = (vec![0xff_u8; 10], 11_u32).encode();
        let refused = state_call(s, x, "TransactionPaymentApi_query_info", &undecodable);
        assert!(refused.unwrap_err().to_string().contains("does not decode"));
    });
}

// ---- shapes against the real metadata ------------------------------------------------------

#[test]
fn api_declarations_have_the_fixture_shapes() {
    let o = ours();
    let fixture = fixture();
    let mut compared = 0;
    for api in &o.apis {
        let theirs = fixture
            .apis
            .iter()
            .find(|a| a.name == api.name)
            .unwrap_or_else(|| panic!("fixture has no {}", api.name));
        for method in &api.methods {
            let at = format!("{}_{}", api.name, method.name);
            if NEWER_THAN_FIXTURE.contains(&at.as_str()) {
                continue;
            }
            let their = theirs
                .methods
                .iter()
                .find(|m| m.name == method.name)
                .unwrap_or_else(|| panic!("fixture has no {at}"));
            let mut seen = BTreeSet::new();
            assert_eq!(method.inputs.len(), their.inputs.len(), "{at} inputs");
            for (mine, theirs_in) in method.inputs.iter().zip(&their.inputs) {
                assert_eq!(mine.name, theirs_in.name, "{at} input name");
                if mine.name == "uxt" {
                    continue; // the node's extrinsic type, checked by its module
                }
                same_shape(
                    &o.types,
                    mine.ty.id,
                    &fixture.types,
                    theirs_in.ty.id,
                    &format!("{at}({})", mine.name),
                    &mut seen,
                )
                .unwrap();
            }
            same_shape(
                &o.types,
                method.output.id,
                &fixture.types,
                their.output.id,
                &format!("{at} ->"),
                &mut seen,
            )
            .unwrap();
            compared += 1;
        }
    }
    let newer = apis::method_names()
        .iter()
        .filter(|name| NEWER_THAN_FIXTURE.iter().any(|newer| **newer == ***name))
        .count();
    assert_eq!(compared + newer, apis::method_names().len());
}

/// Items whose default differs from the fixture's on purpose: dtao's own defaults for a new
/// subnet (sdk-compat: the node's metadata describes the node), or values upstream changed.
const DEFAULTS_OF_OUR_OWN: &[&str] = &[
    "BlockEmission",
    "NetworkLastLockCost",
    "NetworkPowRegistrationAllowed",
    "Delegates",
    "TokenSymbol",
    "NetworkMinLockCost",
    "NetworkRateLimit",
    "NetworkImmunityPeriod",
    "NetworkLockReductionInterval",
    "SubnetLimit",
    "TaoWeight",
    "MinDelegateTake",
    "MaxDelegateTake",
    "TxDelegateTakeRateLimit",
    "NominatorMinRequiredStake",
    "AdminFreezeWindow",
    "OwnerHyperparamRateLimit",
    "SubnetOwnerCut",
    "StakeThreshold",
    "Burn",
    "MinBurn",
    "MaxBurn",
    "Kappa",
    "ImmunityPeriod",
    "ActivityCutoff",
    "MinAllowedWeights",
    "MaxAllowedValidators",
    "MinAllowedUids",
    "MaxAllowedUids",
    "AdjustmentInterval",
    "BondsMovingAverage",
    "BondsPenalty",
    "TargetRegistrationsPerInterval",
    "AdjustmentAlpha",
    "CommitRevealWeightsEnabled",
    "Difficulty",
    "MinDifficulty",
    "MaxDifficulty",
    "MaxRegistrationsPerBlock",
    "EMAPriceHalvingBlocks",
    "ServingRateLimit",
    "ImmuneOwnerUidsLimit",
    "AlphaValues",
    "Yuma3On",
    "WeightsSetRateLimit",
    "Tempo",
    "Rho",
    "AlphaSigmoidSteepness",
    "LiquidAlphaOn",
    "RevealPeriodEpochs",
    "NetworkRegistrationAllowed",
    "TransferToggle",
];

#[test]
fn storage_declarations_have_the_fixture_shapes() {
    let o = ours();
    let fixture = fixture();
    let mut compared = 0;
    let mut differing_defaults = Vec::new();
    for pallet in &o.storage {
        let theirs = fixture
            .pallets
            .iter()
            .find(|p| p.name == pallet.prefix)
            .and_then(|p| p.storage.as_ref())
            .unwrap_or_else(|| panic!("fixture has no storage for {}", pallet.prefix));
        assert_eq!(theirs.prefix, pallet.prefix);
        for entry in &pallet.entries {
            let at = format!("{}.{}", pallet.prefix, entry.name);
            if NEWER_THAN_FIXTURE.contains(&at.as_str()) {
                continue;
            }
            let their = theirs
                .entries
                .iter()
                .find(|e| e.name == entry.name)
                .unwrap_or_else(|| panic!("fixture has no {at}"));
            assert_eq!(entry.modifier, their.modifier, "{at} modifier");
            let mut seen = BTreeSet::new();
            let value_ty = match (&entry.ty, &their.ty) {
                (StorageEntryType::Plain(mine), StorageEntryType::Plain(theirs_ty)) => {
                    (mine.id, theirs_ty.id)
                }
                (
                    StorageEntryType::Map {
                        hashers,
                        key,
                        value,
                    },
                    StorageEntryType::Map {
                        hashers: their_hashers,
                        key: their_key,
                        value: their_value,
                    },
                ) => {
                    assert_eq!(hashers, their_hashers, "{at} hashers");
                    same_shape(
                        &o.types,
                        key.id,
                        &fixture.types,
                        their_key.id,
                        &format!("{at} key"),
                        &mut seen,
                    )
                    .unwrap();
                    (value.id, their_value.id)
                }
                _ => panic!("{at}: plain vs map"),
            };
            if entry.modifier == StorageEntryModifier::Optional {
                assert_eq!(entry.default, vec![0], "{at}: an Optional default is None");
            } else {
                decodes_as(&o.types, value_ty.0, &entry.default)
                    .unwrap_or_else(|e| panic!("{at} default: {e}"));
            }
            if entry.name != "Events" {
                same_shape(
                    &o.types,
                    value_ty.0,
                    &fixture.types,
                    value_ty.1,
                    &format!("{at} value"),
                    &mut seen,
                )
                .unwrap();
            }
            if entry.default != their.default {
                differing_defaults.push(entry.name.clone());
            }
            compared += 1;
        }
    }
    assert!(compared > 100, "{compared} items");
    let unexpected: Vec<&String> = differing_defaults
        .iter()
        .filter(|name| !DEFAULTS_OF_OUR_OWN.contains(&name.as_str()))
        .collect();
    assert!(unexpected.is_empty(), "defaults differ: {unexpected:?}");
}

/// Every present value decodes fully against the type our metadata declares for its item.
#[test]
fn every_value_decodes_against_our_metadata() {
    let dev = dev();
    let o = ours();
    let mut value_types: BTreeMap<(String, String), u32> = BTreeMap::new();
    for pallet in &o.storage {
        for entry in &pallet.entries {
            let id = match &entry.ty {
                StorageEntryType::Plain(ty) => ty.id,
                StorageEntryType::Map { value, .. } => value.id,
            };
            value_types.insert((pallet.prefix.clone(), entry.name.clone()), id);
        }
    }
    with_extra(|x| {
        let keys = storage_keys(&dev.state, x, &[]);
        assert!(keys.len() > 150, "{} keys", keys.len());
        for key in keys {
            let decoded = decode_key(&key).unwrap();
            if decoded.item == "Events" {
                continue;
            }
            let id = value_types[&(decoded.pallet.to_string(), decoded.item.to_string())];
            let bytes = storage_value(&dev.state, x, &key).unwrap();
            decodes_as(&o.types, id, &bytes)
                .unwrap_or_else(|e| panic!("{}.{}: {e}", decoded.pallet, decoded.item));
        }
    });
}

// ---- robustness --------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Arbitrary keys and prefixes never panic; a parsed key re-encodes to itself.
    #[test]
    fn arbitrary_keys_are_safe(suffix in proptest::collection::vec(any::<u8>(), 0..80),
                               item in 0_usize..4) {
        let state = State::new(Default::default());
        let prefixes = [
            item_prefix("System", "Account"),
            item_prefix("SubtensorModule", "Uids"),
            item_prefix("SubtensorModule", "Alpha"),
            item_prefix("System", "Number"),
        ];
        let mut key = prefixes[item].to_vec();
        key.extend(&suffix);
        let extra = NodeData::default();
        let _ = storage_value(&state, &extra, &key);
        let _ = storage_keys(&state, &extra, &key);
        if let Some(decoded) = decode_key(&key) {
            let parts: Vec<&[u8]> = decoded.parts.iter().map(Vec::as_slice).collect();
            prop_assert_eq!(item_key(decoded.pallet, decoded.item, &parts), Some(key));
        }
    }

    /// Arbitrary argument bytes never panic any method.
    #[test]
    fn arbitrary_arguments_are_safe(args in proptest::collection::vec(any::<u8>(), 0..120),
                                    method in 0_usize..34) {
        let state = State::new(Default::default());
        let names = apis::method_names();
        let name = names[method % names.len()];
        let _ = state_call(&state, &NodeData::default(), name, &args);
    }
}
