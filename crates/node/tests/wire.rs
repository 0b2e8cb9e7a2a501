//! Conformance tests of the wire layer against the real subtensor runtime 331 metadata
//! (shared/fixtures/subtensor-runtime-331/metadata-v15.hex, read at test time): pallets, calls,
//! events, errors, constants and signed extensions we declare must match it by name, index and
//! type shape; known client byte strings must decode to the right calls; our encodings must be
//! decodable with the fixture's own type registry; signed extrinsics must verify; malformed input
//! must fail cleanly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use dtao_node::wire::convert::IntoWire;
use dtao_node::wire::era::Era;
use dtao_node::wire::events::{
    dispatch_error, encode_event_records, extrinsic_events, hyperparameter_event,
    module_error_index, wire_error_kind, wire_event, WireErrorKind,
};
use dtao_node::wire::extrinsic::{
    birth_hash, decode_call, decode_extrinsic, encode_call, encode_signed_extrinsic,
    signing_payload, verify_signature, AdditionalSigned, DecodeError, ExtraFields, MortalityError,
    SignatureError, MAX_CALL_DEPTH, MAX_EXTRINSIC_BYTES,
};
use dtao_node::wire::metadata::{
    build_metadata, build_runtime_metadata, metadata, metadata_v15_option_bytes, MetadataConfig,
    SIGNED_EXTENSIONS,
};
use dtao_node::wire::upstream::frame_metadata_hash_extension::Mode;
use dtao_node::wire::upstream::frame_system::{EventRecord, Phase};
use dtao_node::wire::upstream::node_subtensor_runtime::{RuntimeCall as WireCall, RuntimeEvent};
use dtao_node::wire::upstream::primitive_types::H256;
use dtao_node::wire::upstream::sp_runtime::{DispatchError, ModuleError, MultiSignature};
use dtao_primitives::{AccountId, NetUid};
use dtao_runtime::admin::AdminCall;
use dtao_runtime::{Applied, BalancesCall, Error, Event, RuntimeCall, SubtensorCall, SudoCall};
use frame_metadata::v15::RuntimeMetadataV15;
use frame_metadata::{RuntimeMetadata, RuntimeMetadataPrefixed};
use parity_scale_codec::{Compact, Decode, Encode};
use proptest::prelude::*;
use scale_info::form::PortableForm;
use scale_info::{PortableRegistry, TypeDef, TypeDefPrimitive};

// ---- loading --------------------------------------------------------------------------------

fn fixture_path() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let path = manifest.join("../../../shared/fixtures/subtensor-runtime-331/metadata-v15.hex");
    assert!(
        path.exists(),
        "fixture not found at {}: ../shared must sit beside the repository",
        path.display()
    );
    path
}

fn hex_decode(text: &str) -> Vec<u8> {
    let text: String = text
        .trim()
        .trim_start_matches("0x")
        .split_whitespace()
        .collect();
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

fn decode_v15(mut input: &[u8]) -> RuntimeMetadataV15 {
    let prefixed = RuntimeMetadataPrefixed::decode(&mut input).unwrap();
    assert!(input.is_empty(), "trailing bytes after metadata");
    match prefixed.1 {
        RuntimeMetadata::V15(md) => md,
        _ => panic!("not V15"),
    }
}

/// The fixture is the `Option<OpaqueMetadata>` answer: 0x01 ‖ compact(len) ‖ prefixed.
fn fixture() -> RuntimeMetadataV15 {
    let bytes = hex_decode(&std::fs::read_to_string(fixture_path()).unwrap());
    let mut input = &bytes[..];
    assert_eq!(u8::decode(&mut input).unwrap(), 1);
    let len = Compact::<u32>::decode(&mut input).unwrap().0 as usize;
    assert_eq!(len, input.len());
    decode_v15(input)
}

fn ours() -> RuntimeMetadataV15 {
    decode_v15(&metadata())
}

// ---- type shapes ----------------------------------------------------------------------------

/// A structural rendering of a type: paths of composites and enums, field names, variant names
/// and indices, primitives. Outer call/event enums (recursive) render by path only; below
/// `depth` 0 composites and enums render by path only.
fn shape(reg: &PortableRegistry, id: u32, depth: usize) -> String {
    let ty = reg.resolve(id).unwrap();
    let path = ty.path.segments.join("::");
    if path.ends_with("::RuntimeCall") || path.ends_with("::RuntimeEvent") {
        return path;
    }
    match &ty.type_def {
        TypeDef::Primitive(p) => format!("{p:?}"),
        TypeDef::Compact(c) => format!("Compact<{}>", shape(reg, c.type_param.id, depth)),
        TypeDef::Sequence(s) => format!("Vec<{}>", shape(reg, s.type_param.id, depth)),
        TypeDef::Array(a) => format!("[{}; {}]", shape(reg, a.type_param.id, depth), a.len),
        TypeDef::Tuple(t) => format!(
            "({})",
            t.fields
                .iter()
                .map(|f| shape(reg, f.id, depth))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        TypeDef::BitSequence(_) => "BitSeq".into(),
        _ if depth == 0 => path,
        TypeDef::Composite(c) => format!("{path}{{{}}}", fields(reg, &c.fields, depth - 1)),
        TypeDef::Variant(v) => format!(
            "{path}[{}]",
            v.variants
                .iter()
                .map(|x| format!(
                    "{}#{}({})",
                    x.name,
                    x.index,
                    fields(reg, &x.fields, depth - 1)
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn fields(
    reg: &PortableRegistry,
    fields: &[scale_info::Field<PortableForm>],
    depth: usize,
) -> String {
    fields
        .iter()
        .map(|f| {
            format!(
                "{}: {}",
                f.name.clone().unwrap_or_default(),
                shape(reg, f.ty.id, depth)
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn variants(reg: &PortableRegistry, id: u32) -> Vec<scale_info::Variant<PortableForm>> {
    match &reg.resolve(id).unwrap().type_def {
        TypeDef::Variant(v) => v.variants.clone(),
        other => panic!("type {id} is not an enum: {other:?}"),
    }
}

fn pallet<'a>(
    md: &'a RuntimeMetadataV15,
    name: &str,
) -> &'a frame_metadata::v15::PalletMetadata<PortableForm> {
    md.pallets
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("pallet {name} missing"))
}

/// Depth used to compare argument and event field shapes (enough to see inside structs such as
/// `DispatchEventInfo`, `Weight` and `SubnetIdentityV3`).
const FIELD_DEPTH: usize = 4;

// ---- metadata conformance -------------------------------------------------------------------

/// Calls we declare that runtime 331 does not have (HEAD or dtao additions), per pallet.
const CALLS_NOT_IN_FIXTURE: [(&str, &str); 12] = [
    ("SubtensorModule", "register_limit"),
    ("SubtensorModule", "set_tempo"),
    ("SubtensorModule", "set_activity_cutoff_factor"),
    ("AdminUtils", "sudo_set_min_non_immune_uids"),
    ("AdminUtils", "sudo_set_start_call_delay"),
    ("AdminUtils", "sudo_set_burn_half_life"),
    ("AdminUtils", "sudo_set_burn_increase_mult"),
    ("AdminUtils", "sudo_set_max_epochs_per_block"),
    ("AdminUtils", "sudo_set_tao_weight"),
    ("AdminUtils", "sudo_set_existential_deposit"),
    ("AdminUtils", "sudo_set_staking_fee"),
    ("AdminUtils", "sudo_set_min_stake"),
];

#[test]
fn our_metadata_round_trips_and_is_v15_with_extrinsic_v4() {
    let blob = metadata();
    assert_eq!(&blob[..4], b"meta");
    assert_eq!(blob[4], 15);
    let md = ours();
    assert_eq!(md.extrinsic.version, 4);
    let option = metadata_v15_option_bytes(&blob);
    let mut input = &option[..];
    assert_eq!(u8::decode(&mut input).unwrap(), 1);
    assert_eq!(
        Compact::<u32>::decode(&mut input).unwrap().0 as usize,
        blob.len()
    );
    assert_eq!(input, &blob[..]);
}

#[test]
fn pallets_have_fixture_names_and_indices() {
    let (fx, md) = (fixture(), ours());
    for p in &md.pallets {
        assert_eq!(pallet(&fx, &p.name).index, p.index, "pallet {}", p.name);
    }
    let indices: Vec<u8> = md.pallets.iter().map(|p| p.index).collect();
    let mut sorted = indices.clone();
    sorted.sort();
    assert_eq!(indices, sorted, "pallets in index order");
}

#[test]
fn calls_match_fixture_names_indices_and_argument_shapes() {
    let (fx, md) = (fixture(), ours());
    let mut checked = 0;
    for p in md.pallets.iter().filter(|p| p.calls.is_some()) {
        let fp = pallet(&fx, &p.name);
        let fx_calls = variants(&fx.types, fp.calls.as_ref().unwrap().ty.id);
        for call in variants(&md.types, p.calls.as_ref().unwrap().ty.id) {
            let Some(fc) = fx_calls.iter().find(|c| c.name == call.name) else {
                assert!(
                    CALLS_NOT_IN_FIXTURE.contains(&(p.name.as_str(), call.name.as_str())),
                    "{}.{} is not in the fixture",
                    p.name,
                    call.name
                );
                assert!(
                    fx_calls.iter().all(|c| c.index != call.index),
                    "{}.{} index {} collides with a fixture call",
                    p.name,
                    call.name,
                    call.index
                );
                continue;
            };
            assert_eq!(call.index, fc.index, "{}.{} index", p.name, call.name);
            assert_eq!(
                fields(&md.types, &call.fields, FIELD_DEPTH),
                fields(&fx.types, &fc.fields, FIELD_DEPTH),
                "{}.{} arguments",
                p.name,
                call.name
            );
            checked += 1;
        }
    }
    assert!(checked >= 90, "only {checked} calls compared");
}

#[test]
fn events_match_fixture_variant_lists_exactly() {
    let (fx, md) = (fixture(), ours());
    for p in md.pallets.iter().filter(|p| p.event.is_some()) {
        let ours = variants(&md.types, p.event.as_ref().unwrap().ty.id);
        let theirs = variants(
            &fx.types,
            pallet(&fx, &p.name).event.as_ref().unwrap().ty.id,
        );
        assert_eq!(ours.len(), theirs.len(), "{} event count", p.name);
        for (a, b) in ours.iter().zip(&theirs) {
            assert_eq!((&a.name, a.index), (&b.name, b.index), "{} event", p.name);
            assert_eq!(
                fields(&md.types, &a.fields, FIELD_DEPTH),
                fields(&fx.types, &b.fields, FIELD_DEPTH),
                "{}.{} fields",
                p.name,
                a.name
            );
        }
    }
}

#[test]
fn errors_match_fixture_variant_lists_exactly() {
    let (fx, md) = (fixture(), ours());
    for p in md.pallets.iter().filter(|p| p.error.is_some()) {
        let ours: Vec<_> = variants(&md.types, p.error.as_ref().unwrap().ty.id)
            .into_iter()
            .map(|v| (v.name, v.index))
            .collect();
        let theirs: Vec<_> = variants(
            &fx.types,
            pallet(&fx, &p.name).error.as_ref().unwrap().ty.id,
        )
        .into_iter()
        .map(|v| (v.name, v.index))
        .collect();
        assert_eq!(ours, theirs, "{} errors", p.name);
    }
}

#[test]
fn constants_match_fixture_types_and_key_values() {
    let (fx, md) = (fixture(), ours());
    for p in &md.pallets {
        for c in &p.constants {
            let Some(fc) = pallet(&fx, &p.name)
                .constants
                .iter()
                .find(|x| x.name == c.name)
            else {
                assert_eq!(
                    (p.name.as_str(), c.name.as_str()),
                    ("SubtensorModule", "InitialStartCallDelay")
                );
                assert_eq!(shape(&md.types, c.ty.id, 1), "U64");
                continue;
            };
            assert_eq!(
                shape(&md.types, c.ty.id, FIELD_DEPTH),
                shape(&fx.types, fc.ty.id, FIELD_DEPTH),
                "{}.{} type",
                p.name,
                c.name
            );
            if [
                "ExistentialDeposit",
                "SS58Prefix",
                "BlockHashCount",
                "SlotDuration",
                "KeySwapCost",
                "OperationalFeeMultiplier",
            ]
            .contains(&c.name.as_str())
            {
                assert_eq!(c.value, fc.value, "{}.{} value", p.name, c.name);
            }
        }
    }
}

#[test]
fn signed_extensions_match_fixture_in_order() {
    let (fx, md) = (fixture(), ours());
    let ids = |m: &RuntimeMetadataV15| -> Vec<String> {
        m.extrinsic
            .signed_extensions
            .iter()
            .map(|s| s.identifier.clone())
            .collect()
    };
    assert_eq!(ids(&md), ids(&fx));
    assert_eq!(ids(&md), SIGNED_EXTENSIONS.map(String::from).to_vec());
    // A subsequence of sdk-compat §3.4's order.
    let spec = [
        "CheckNonZeroSender",
        "CheckSpecVersion",
        "CheckTxVersion",
        "CheckGenesis",
        "CheckMortality",
        "CheckNonce",
        "CheckWeight",
        "ChargeTransactionPayment",
        "SudoTransactionExtension",
        "CheckShieldedTxValidity",
        "SubtensorTransactionExtension",
        "DrandPriority",
        "CheckMetadataHash",
    ];
    let mut rest = spec.iter();
    for id in ids(&md) {
        assert!(rest.any(|s| *s == id), "{id} out of §3.4 order");
    }
    for (a, b) in md
        .extrinsic
        .signed_extensions
        .iter()
        .zip(&fx.extrinsic.signed_extensions)
    {
        // `ChargeTransactionPayment`'s type differs only in path depth in the tuple, not here.
        assert_eq!(
            shape(&md.types, a.ty.id, 3),
            shape(&fx.types, b.ty.id, 3),
            "{} ty",
            a.identifier
        );
        assert_eq!(
            shape(&md.types, a.additional_signed.id, 3),
            shape(&fx.types, b.additional_signed.id, 3),
            "{} additional_signed",
            a.identifier
        );
    }
}

#[test]
fn special_types_have_exact_paths_and_shapes() {
    let (fx, md) = (fixture(), ours());
    for (a, b) in [
        (md.extrinsic.address_ty.id, fx.extrinsic.address_ty.id),
        (md.extrinsic.signature_ty.id, fx.extrinsic.signature_ty.id),
    ] {
        assert_eq!(shape(&md.types, a, 3), shape(&fx.types, b, 3));
        let (ta, tb) = (md.types.resolve(a).unwrap(), fx.types.resolve(b).unwrap());
        let names = |t: &scale_info::Type<PortableForm>| -> Vec<String> {
            t.type_params.iter().map(|p| p.name.clone()).collect()
        };
        assert_eq!(names(ta), names(tb), "type params of {:?}", ta.path);
    }
    let by_path = |reg: &PortableRegistry, path: &str| -> Option<u32> {
        reg.types
            .iter()
            .find(|t| t.ty.path.segments.join("::") == path)
            .map(|t| t.id)
    };
    for path in [
        "sp_core::crypto::AccountId32",
        "sp_runtime::multiaddress::MultiAddress",
        "sp_runtime::MultiSignature",
        "sp_runtime::generic::era::Era",
        "primitive_types::H256",
        "sp_runtime::DispatchError",
        "frame_system::DispatchEventInfo",
    ] {
        let a = by_path(&md.types, path).unwrap_or_else(|| panic!("{path} missing"));
        let b = by_path(&fx.types, path).unwrap();
        assert_eq!(shape(&md.types, a, 3), shape(&fx.types, b, 3), "{path}");
    }
    let xt = by_path(
        &md.types,
        "sp_runtime::generic::unchecked_extrinsic::UncheckedExtrinsic",
    )
    .unwrap();
    let params: Vec<String> = md
        .types
        .resolve(xt)
        .unwrap()
        .type_params
        .iter()
        .map(|p| p.name.clone())
        .collect();
    assert_eq!(params, ["Address", "Call", "Signature", "Extra"]);
    for (a, b) in [
        (
            md.outer_enums.call_enum_ty.id,
            fx.outer_enums.call_enum_ty.id,
        ),
        (
            md.outer_enums.event_enum_ty.id,
            fx.outer_enums.event_enum_ty.id,
        ),
        (
            md.outer_enums.error_enum_ty.id,
            fx.outer_enums.error_enum_ty.id,
        ),
    ] {
        let path = |reg: &PortableRegistry, id| reg.resolve(id).unwrap().path.segments.join("::");
        assert_eq!(path(&md.types, a), path(&fx.types, b));
        let theirs: BTreeMap<String, u8> = variants(&fx.types, b)
            .into_iter()
            .map(|v| (v.name, v.index))
            .collect();
        for v in variants(&md.types, a) {
            assert_eq!(
                theirs.get(&v.name),
                Some(&v.index),
                "outer variant {}",
                v.name
            );
        }
    }
}

#[test]
fn event_record_type_matches_fixture() {
    let fx = fixture();
    let mut registry = scale_info::Registry::new();
    let id =
        registry.register_type(&scale_info::meta_type::<Vec<EventRecord<RuntimeEvent, H256>>>());
    let mut portable: PortableRegistry = registry.into();
    dtao_node::wire::metadata::strip_mirror_prefix(&mut portable);
    let fx_id = fx
        .types
        .types
        .iter()
        .find(|t| t.ty.path.segments.join("::") == "frame_system::EventRecord")
        .unwrap()
        .id;
    assert_eq!(
        shape(&portable, id.id, 3),
        format!("Vec<{}>", shape(&fx.types, fx_id, 3))
    );
}

#[test]
fn storage_and_apis_come_from_the_hooks() {
    use frame_metadata::v15::{
        PalletStorageMetadata, StorageEntryMetadata, StorageEntryModifier, StorageEntryType,
    };
    let storage = |name: &str| {
        (name == "System" || name == "Swap").then(|| PalletStorageMetadata {
            prefix: if name == "System" { "System" } else { "Swap" },
            entries: vec![StorageEntryMetadata {
                name: "Number",
                modifier: StorageEntryModifier::Default,
                ty: StorageEntryType::Plain(scale_info::meta_type::<u32>()),
                default: vec![0, 0, 0, 0],
                docs: vec![],
            }],
        })
    };
    let md = decode_v15(&build_metadata(&MetadataConfig::default(), storage, vec![]));
    assert!(pallet(&md, "System").storage.is_some());
    assert_eq!(pallet(&md, "Swap").index, 28);
    assert!(pallet(&md, "Balances").storage.is_none());
    assert!(md.pallets.iter().all(|p| p.name != "Drand"));
    let plain = build_runtime_metadata(&MetadataConfig::default(), |_| None, vec![]);
    assert!(plain.pallets.iter().all(|p| p.storage.is_none()));
}

// ---- decoding our bytes with the fixture's registry ---------------------------------------

/// Consume one value of type `id` from `input`, driven only by the registry (a generic decoder,
/// as the clients have).
fn skip(reg: &PortableRegistry, id: u32, input: &mut &[u8]) -> Result<(), String> {
    let ty = reg.resolve(id).ok_or("unknown type")?;
    let take = |input: &mut &[u8], n: usize| -> Result<(), String> {
        if input.len() < n {
            return Err("eof".into());
        }
        *input = &input[n..];
        Ok(())
    };
    match &ty.type_def {
        TypeDef::Composite(c) => c.fields.iter().try_for_each(|f| skip(reg, f.ty.id, input)),
        TypeDef::Variant(v) => {
            let index = u8::decode(input).map_err(|e| e.to_string())?;
            let variant = v
                .variants
                .iter()
                .find(|x| x.index == index)
                .ok_or(format!("no variant {index} in {:?}", ty.path))?;
            variant
                .fields
                .iter()
                .try_for_each(|f| skip(reg, f.ty.id, input))
        }
        TypeDef::Sequence(s) => {
            let len = Compact::<u32>::decode(input).map_err(|e| e.to_string())?.0;
            (0..len).try_for_each(|_| skip(reg, s.type_param.id, input))
        }
        TypeDef::Array(a) => (0..a.len).try_for_each(|_| skip(reg, a.type_param.id, input)),
        TypeDef::Tuple(t) => t.fields.iter().try_for_each(|f| skip(reg, f.id, input)),
        TypeDef::Compact(_) => Compact::<u128>::decode(input)
            .map(|_| ())
            .map_err(|e| e.to_string()),
        TypeDef::Primitive(p) => match p {
            TypeDefPrimitive::Bool | TypeDefPrimitive::U8 | TypeDefPrimitive::I8 => take(input, 1),
            TypeDefPrimitive::U16 | TypeDefPrimitive::I16 => take(input, 2),
            TypeDefPrimitive::U32 | TypeDefPrimitive::I32 | TypeDefPrimitive::Char => {
                take(input, 4)
            }
            TypeDefPrimitive::U64 | TypeDefPrimitive::I64 => take(input, 8),
            TypeDefPrimitive::U128 | TypeDefPrimitive::I128 => take(input, 16),
            TypeDefPrimitive::U256 | TypeDefPrimitive::I256 => take(input, 32),
            TypeDefPrimitive::Str => {
                let len = Compact::<u32>::decode(input).map_err(|e| e.to_string())?.0;
                take(input, len as usize)
            }
        },
        TypeDef::BitSequence(_) => Err("bit sequences unsupported".into()),
    }
}

fn decodes_with(reg: &PortableRegistry, id: u32, bytes: &[u8]) {
    let mut input = bytes;
    skip(reg, id, &mut input).unwrap_or_else(|e| panic!("{e} in {bytes:02x?}"));
    assert!(
        input.is_empty(),
        "{} bytes left of {bytes:02x?}",
        input.len()
    );
}

fn acct(seed: u8) -> AccountId {
    AccountId::from_seed_byte(seed)
}

/// One instance of every runtime call (every pallet, every variant).
fn sample_calls() -> Vec<RuntimeCall> {
    use SubtensorCall as S;
    let n = NetUid(3);
    let identity = dtao_runtime::state::SubnetIdentity {
        subnet_name: b"name".to_vec(),
        github_repo: b"repo".to_vec(),
        subnet_contact: vec![],
        subnet_url: vec![1],
        discord: vec![2],
        description: vec![3],
        logo_url: vec![4],
        additional: vec![5],
    };
    let mut calls = vec![
        RuntimeCall::Balances(BalancesCall::TransferAllowDeath {
            dest: acct(1),
            value: 5,
        }),
        RuntimeCall::Balances(BalancesCall::TransferKeepAlive {
            dest: acct(1),
            value: 1 << 40,
        }),
        RuntimeCall::Balances(BalancesCall::TransferAll {
            dest: acct(1),
            keep_alive: true,
        }),
        RuntimeCall::Sudo(SudoCall::SetKey { new: acct(9) }),
    ];
    let subtensor = vec![
        S::SetWeights {
            netuid: n,
            dests: vec![0, 1],
            weights: vec![7, 8],
            version_key: 3,
        },
        S::CommitWeights {
            netuid: n,
            commit_hash: [4; 32],
        },
        S::RevealWeights {
            netuid: n,
            uids: vec![1],
            values: vec![2],
            salt: vec![3],
            version_key: 4,
        },
        S::BatchCommitWeights {
            netuids: vec![n, NetUid(70)],
            commit_hashes: vec![[1; 32], [2; 32]],
        },
        S::BatchRevealWeights {
            netuid: n,
            uids_list: vec![vec![1]],
            values_list: vec![vec![2]],
            salts_list: vec![vec![3]],
            version_keys: vec![4],
        },
        S::AddStake {
            hotkey: acct(2),
            netuid: n,
            amount_staked: 10,
        },
        S::RemoveStake {
            hotkey: acct(2),
            netuid: n,
            amount_unstaked: 10,
        },
        S::AddStakeLimit {
            hotkey: acct(2),
            netuid: n,
            amount_staked: 1,
            limit_price: 2,
            allow_partial: true,
        },
        S::RemoveStakeLimit {
            hotkey: acct(2),
            netuid: n,
            amount_unstaked: 1,
            limit_price: 2,
            allow_partial: false,
        },
        S::RemoveStakeFullLimit {
            hotkey: acct(2),
            netuid: n,
            limit_price: Some(9),
        },
        S::MoveStake {
            origin_hotkey: acct(2),
            destination_hotkey: acct(3),
            origin_netuid: n,
            destination_netuid: NetUid(4),
            alpha_amount: 5,
        },
        S::TransferStake {
            destination_coldkey: acct(5),
            hotkey: acct(2),
            origin_netuid: n,
            destination_netuid: n,
            alpha_amount: 5,
        },
        S::SwapStake {
            hotkey: acct(2),
            origin_netuid: n,
            destination_netuid: NetUid(1),
            alpha_amount: 5,
        },
        S::SwapStakeLimit {
            hotkey: acct(2),
            origin_netuid: n,
            destination_netuid: NetUid(1),
            alpha_amount: 5,
            limit_price: 6,
            allow_partial: true,
        },
        S::UnstakeAll { hotkey: acct(2) },
        S::UnstakeAllAlpha { hotkey: acct(2) },
        S::IncreaseTake {
            hotkey: acct(2),
            take: 100,
        },
        S::DecreaseTake {
            hotkey: acct(2),
            take: 50,
        },
        S::BurnedRegister {
            netuid: n,
            hotkey: acct(2),
        },
        S::Register {
            netuid: n,
            block_number: 1,
            nonce: 2,
            work: vec![1, 2, 3],
            hotkey: acct(2),
            coldkey: acct(3),
        },
        S::RootRegister { hotkey: acct(2) },
        S::ServeAxon {
            netuid: n,
            version: 1,
            ip: 0x7f00_0001,
            port: 8091,
            ip_type: 4,
            protocol: 4,
            placeholder1: 0,
            placeholder2: 0,
        },
        S::ServePrometheus {
            netuid: n,
            version: 1,
            ip: 1,
            port: 2,
            ip_type: 4,
        },
        S::RegisterNetwork { hotkey: acct(2) },
        S::RegisterNetworkWithIdentity {
            hotkey: acct(2),
            identity: Some(identity.clone()),
        },
        S::RegisterNetworkWithIdentity {
            hotkey: acct(2),
            identity: None,
        },
        S::StartCall { netuid: n },
        S::SetSubnetIdentity {
            netuid: n,
            identity,
        },
        S::DissolveNetwork {
            coldkey: acct(3),
            netuid: n,
        },
        S::TryAssociateHotkey { hotkey: acct(2) },
    ];
    calls.extend(subtensor.into_iter().map(RuntimeCall::Subtensor));
    calls.push(RuntimeCall::Sudo(SudoCall::Sudo {
        call: Box::new(RuntimeCall::AdminUtils(AdminCall::SudoSetKappa {
            netuid: n,
            kappa: 9,
        })),
    }));
    calls
}

fn sample_admin_calls() -> Vec<AdminCall> {
    use dtao_runtime::hyperparams::RecycleOrBurn;
    use dtao_runtime::units::Perbill64;
    use AdminCall as A;
    let n = NetUid(2);
    vec![
        A::SudoSetDefaultTake { default_take: 1 },
        A::SudoSetSubnetOwnerCut {
            subnet_owner_cut: 1,
        },
        A::SudoSetNetworkRateLimit { rate_limit: 1 },
        A::SudoSetNetworkImmunityPeriod { immunity_period: 1 },
        A::SudoSetNetworkMinLockCost { lock_cost: 1 },
        A::SudoSetSubnetLimit { max_subnets: 1 },
        A::SudoSetLockReductionInterval { interval: 1 },
        A::SudoSetStakeThreshold { min_stake: 1 },
        A::SudoSetNominatorMinRequiredStake { min_stake: 1 },
        A::SudoSetTxDelegateTakeRateLimit { tx_rate_limit: 1 },
        A::SudoSetMinDelegateTake { take: 1 },
        A::SudoSetSubnetMovingAlpha {
            alpha: Perbill64::from_parts(500_000_000),
        },
        A::SudoSetAdminFreezeWindow { window: 1 },
        A::SudoSetOwnerHparamRateLimit { epochs: 1 },
        A::SudoSetStartCallDelay { delay: 1 },
        A::SudoSetMaxEpochsPerBlock {
            max_epochs_per_block: 1,
        },
        A::SudoSetTaoWeight { tao_weight: 1 },
        A::SudoSetExistentialDeposit {
            existential_deposit: 1,
        },
        A::SudoSetStakingFee { staking_fee: 1 },
        A::SudoSetMinStake { min_stake: 1 },
        A::SudoSetServingRateLimit {
            netuid: n,
            serving_rate_limit: 1,
        },
        A::SudoSetMinDifficulty {
            netuid: n,
            min_difficulty: 1,
        },
        A::SudoSetMaxDifficulty {
            netuid: n,
            max_difficulty: 1,
        },
        A::SudoSetWeightsVersionKey {
            netuid: n,
            weights_version_key: 1,
        },
        A::SudoSetWeightsSetRateLimit {
            netuid: n,
            weights_set_rate_limit: 1,
        },
        A::SudoSetAdjustmentInterval {
            netuid: n,
            adjustment_interval: 1,
        },
        A::SudoSetAdjustmentAlpha {
            netuid: n,
            adjustment_alpha: 1,
        },
        A::SudoSetImmunityPeriod {
            netuid: n,
            immunity_period: 1,
        },
        A::SudoSetMinAllowedWeights {
            netuid: n,
            min_allowed_weights: 1,
        },
        A::SudoSetMaxAllowedUids {
            netuid: n,
            max_allowed_uids: 1,
        },
        A::SudoSetKappa {
            netuid: n,
            kappa: 1,
        },
        A::SudoSetRho { netuid: n, rho: 1 },
        A::SudoSetActivityCutoff {
            netuid: n,
            activity_cutoff: 1,
        },
        A::SudoSetNetworkRegistrationAllowed {
            netuid: n,
            registration_allowed: true,
        },
        A::SudoSetTargetRegistrationsPerInterval {
            netuid: n,
            target_registrations_per_interval: 1,
        },
        A::SudoSetMinBurn {
            netuid: n,
            min_burn: 1,
        },
        A::SudoSetMaxBurn {
            netuid: n,
            max_burn: 1,
        },
        A::SudoSetDifficulty {
            netuid: n,
            difficulty: 1,
        },
        A::SudoSetMaxAllowedValidators {
            netuid: n,
            max_allowed_validators: 1,
        },
        A::SudoSetBondsMovingAverage {
            netuid: n,
            bonds_moving_average: 1,
        },
        A::SudoSetMaxRegistrationsPerBlock {
            netuid: n,
            max_registrations_per_block: 1,
        },
        A::SudoSetTempo {
            netuid: n,
            tempo: 1,
        },
        A::SudoSetRaoRecycled {
            netuid: n,
            rao_recycled: 1,
        },
        A::SudoSetCommitRevealWeightsEnabled {
            netuid: n,
            enabled: true,
        },
        A::SudoSetLiquidAlphaEnabled {
            netuid: n,
            enabled: true,
        },
        A::SudoSetAlphaValues {
            netuid: n,
            alpha_low: 1,
            alpha_high: 2,
        },
        A::SudoSetCommitRevealWeightsInterval {
            netuid: n,
            interval: 1,
        },
        A::SudoSetBondsPenalty {
            netuid: n,
            bonds_penalty: 1,
        },
        A::SudoSetToggleTransfer {
            netuid: n,
            toggle: true,
        },
        A::SudoSetSubnetOwnerHotkey {
            netuid: n,
            hotkey: acct(4),
        },
        A::SudoSetEmaPriceHalvingPeriod {
            netuid: n,
            ema_halving: 1,
        },
        A::SudoSetSubtokenEnabled {
            netuid: n,
            subtoken_enabled: true,
        },
        A::SudoSetSnOwnerHotkey {
            netuid: n,
            hotkey: acct(4),
        },
        A::SudoSetAlphaSigmoidSteepness {
            netuid: n,
            steepness: -3,
        },
        A::SudoSetYuma3Enabled {
            netuid: n,
            enabled: true,
        },
        A::SudoSetBondsResetEnabled {
            netuid: n,
            enabled: true,
        },
        A::SudoSetOwnerImmuneNeuronLimit {
            netuid: n,
            immune_neurons: 1,
        },
        A::SudoSetMinAllowedUids {
            netuid: n,
            min_allowed_uids: 1,
        },
        A::SudoSetRecycleOrBurn {
            netuid: n,
            recycle_or_burn: RecycleOrBurn::Recycle,
        },
        A::SudoSetMinNonImmuneUids { netuid: n, min: 1 },
        A::SudoSetBurnHalfLife {
            netuid: n,
            burn_half_life: 1,
        },
        A::SudoSetBurnIncreaseMult {
            netuid: n,
            burn_increase_mult: Perbill64::from_parts(2_000_000_000),
        },
        A::SetTempo {
            netuid: n,
            tempo: 400,
        },
        A::SetActivityCutoffFactor {
            netuid: n,
            factor_milli: 2_000,
        },
    ]
}

fn all_sample_calls() -> Vec<RuntimeCall> {
    let mut calls = sample_calls();
    calls.extend(
        sample_admin_calls()
            .into_iter()
            .map(RuntimeCall::AdminUtils),
    );
    calls
}

#[test]
fn every_runtime_call_round_trips() {
    for call in all_sample_calls() {
        let bytes = encode_call(&call);
        assert_eq!(decode_call(&bytes).unwrap(), call, "{bytes:02x?}");
    }
}

#[test]
fn our_call_encodings_decode_with_the_fixture_registry() {
    let fx = fixture();
    let not_in_fixture: Vec<&str> = CALLS_NOT_IN_FIXTURE.iter().map(|(_, c)| *c).collect();
    let md = ours();
    for call in all_sample_calls() {
        let bytes = encode_call(&call);
        WireCall::decode(&mut &bytes[..]).unwrap();
        let pallet = md.pallets.iter().find(|p| p.index == bytes[0]).unwrap();
        let name = variants(&md.types, pallet.calls.as_ref().unwrap().ty.id)
            .into_iter()
            .find(|v| v.index == bytes[1])
            .unwrap()
            .name;
        if not_in_fixture.contains(&name.as_str()) {
            continue;
        }
        decodes_with(&fx.types, fx.outer_enums.call_enum_ty.id, &bytes);
    }
}

// ---- known answers from the clients (sdk-compat §6.1) ---------------------------------------

fn hex32(seed: u8) -> String {
    format!("{seed:02x}").repeat(32)
}

#[test]
fn client_call_bytes_decode_to_runtime_calls() {
    // Balances.transfer_keep_alive(dest, 1.5 TAO)
    let bytes = hex_decode(&format!("0503 00{} 03002f6859", hex32(0xaa)));
    assert_eq!(
        decode_call(&bytes).unwrap(),
        RuntimeCall::Balances(BalancesCall::TransferKeepAlive {
            dest: acct(0xaa),
            value: 1_500_000_000
        })
    );
    assert_eq!(encode_call(&decode_call(&bytes).unwrap()), bytes);
    // SubtensorModule.add_stake(hotkey, 1, 5 TAO): plain u16 and u64.
    let bytes = hex_decode(&format!("0702{}0100 00f2052a01000000", hex32(0xbb)).replace(' ', ""));
    assert_eq!(
        decode_call(&bytes).unwrap(),
        RuntimeCall::Subtensor(SubtensorCall::AddStake {
            hotkey: acct(0xbb),
            netuid: NetUid(1),
            amount_staked: 5_000_000_000
        })
    );
    assert_eq!(encode_call(&decode_call(&bytes).unwrap()), bytes);
    // SubtensorModule.burned_register(1, hotkey)
    let bytes = hex_decode(&format!("07070100{}", hex32(0xcc)));
    assert_eq!(
        decode_call(&bytes).unwrap(),
        RuntimeCall::Subtensor(SubtensorCall::BurnedRegister {
            netuid: NetUid(1),
            hotkey: acct(0xcc)
        })
    );
    // SubtensorModule.reveal_mechanism_weights(1, 0, [0], [65535], [1,2,3], 7)
    let bytes = hex_decode(
        "0774010000040000 04ffff 0c010002000300 0700000000000000"
            .replace(' ', "")
            .as_str(),
    );
    assert_eq!(
        decode_call(&bytes).unwrap(),
        RuntimeCall::Subtensor(SubtensorCall::RevealWeights {
            netuid: NetUid(1),
            uids: vec![0],
            values: vec![65535],
            salt: vec![1, 2, 3],
            version_key: 7
        })
    );
    // Mechanism 1 does not exist.
    let mut other_mechanism = bytes.clone();
    other_mechanism[4] = 1;
    assert!(matches!(
        decode_call(&other_mechanism),
        Err(DecodeError::Unsupported(_))
    ));
    // Sudo.sudo(AdminUtils.sudo_set_tempo(1, 10))
    let bytes = hex_decode("0c00 131e 0100 0a00".replace(' ', "").as_str());
    assert_eq!(
        decode_call(&bytes).unwrap(),
        RuntimeCall::Sudo(SudoCall::Sudo {
            call: Box::new(RuntimeCall::AdminUtils(AdminCall::SudoSetTempo {
                netuid: NetUid(1),
                tempo: 10
            }))
        })
    );
    // SubtensorModule.set_tempo (HEAD 139) is the runtime's AdminCall::SetTempo.
    let bytes = hex_decode("078b 0100 9001".replace(' ', "").as_str());
    assert_eq!(
        decode_call(&bytes).unwrap(),
        RuntimeCall::AdminUtils(AdminCall::SetTempo {
            netuid: NetUid(1),
            tempo: 400
        })
    );
    assert_eq!(encode_call(&decode_call(&bytes).unwrap()), bytes);
}

// ---- signed extrinsics ----------------------------------------------------------------------

fn keypair(seed: u8) -> schnorrkel::Keypair {
    schnorrkel::MiniSecretKey::from_bytes(&[seed; 32])
        .unwrap()
        .expand_to_keypair(schnorrkel::ExpansionMode::Ed25519)
}

fn additional() -> AdditionalSigned {
    AdditionalSigned {
        spec_version: 331,
        transaction_version: 1,
        genesis_hash: [0x11; 32],
        birth_hash: [0x22; 32],
        metadata_hash: None,
    }
}

fn signed(pair: &schnorrkel::Keypair, call: &RuntimeCall, extra: &ExtraFields) -> Vec<u8> {
    let call_bytes = encode_call(call);
    let payload = signing_payload(&call_bytes, extra, &additional());
    let signature = pair.sign_simple(b"substrate", &payload).to_bytes();
    encode_signed_extrinsic(
        &AccountId(pair.public.to_bytes()),
        &MultiSignature::Sr25519(signature),
        extra,
        &call_bytes,
    )
}

fn transfer() -> RuntimeCall {
    RuntimeCall::Balances(BalancesCall::TransferKeepAlive {
        dest: acct(0xaa),
        value: 1_500_000_000,
    })
}

fn extra() -> ExtraFields {
    ExtraFields {
        era: Era::Mortal {
            period: 16,
            phase: 5,
        },
        nonce: 3,
        tip: 0,
        metadata_hash_mode: Mode::Disabled,
    }
}

#[test]
fn signed_extrinsic_layout_decodes_and_verifies() {
    let pair = keypair(7);
    let xt = signed(&pair, &transfer(), &extra());
    // 0x84 ‖ 00 pubkey ‖ 01 sig ‖ era 53 00 ‖ nonce 0c ‖ tip 00 ‖ mode 00 ‖ call
    let body_start = 2; // compact length of a ~144-byte body takes 2 bytes
    assert_eq!(xt[body_start], 0x84);
    assert_eq!(xt[body_start + 1], 0x00);
    assert_eq!(
        &xt[body_start + 2..body_start + 34],
        &pair.public.to_bytes()
    );
    assert_eq!(xt[body_start + 34], 0x01);
    assert_eq!(
        &xt[body_start + 99..body_start + 104],
        &[0x53, 0x00, 0x0c, 0x00, 0x00]
    );
    let decoded = decode_extrinsic(&xt).unwrap();
    assert_eq!(decoded.signer, AccountId(pair.public.to_bytes()));
    assert_eq!(decoded.call, transfer());
    assert_eq!(decoded.extra, extra());
    assert_eq!(decoded.encoded_len as usize, xt.len());
    assert_eq!(decoded.call_bytes, encode_call(&transfer()));
    assert_eq!(verify_signature(&decoded, &additional()), Ok(()));
}

#[test]
fn long_payloads_are_hashed_before_signing() {
    let pair = keypair(8);
    let call = RuntimeCall::Subtensor(SubtensorCall::SetWeights {
        netuid: NetUid(1),
        dests: (0..200).collect(),
        weights: (0..200).collect(),
        version_key: 0,
    });
    let call_bytes = encode_call(&call);
    let payload = signing_payload(&call_bytes, &extra(), &additional());
    assert_eq!(payload.len(), 32);
    let short = signing_payload(&encode_call(&transfer()), &extra(), &additional());
    assert!(short.len() <= 256 && short.starts_with(&encode_call(&transfer())));
    assert!(short.ends_with(&[0x22; 32].iter().copied().chain([0u8]).collect::<Vec<_>>()));
    let decoded = decode_extrinsic(&signed(&pair, &call, &extra())).unwrap();
    assert_eq!(verify_signature(&decoded, &additional()), Ok(()));
}

#[test]
fn tampered_extrinsics_fail_verification() {
    let pair = keypair(7);
    let xt = signed(&pair, &transfer(), &extra());
    let good = decode_extrinsic(&xt).unwrap();
    // Other genesis, spec version, birth block.
    for wrong in [
        AdditionalSigned {
            genesis_hash: [0x12; 32],
            ..additional()
        },
        AdditionalSigned {
            spec_version: 332,
            ..additional()
        },
        AdditionalSigned {
            birth_hash: [0; 32],
            ..additional()
        },
        AdditionalSigned {
            metadata_hash: Some([0; 32]),
            ..additional()
        },
    ] {
        assert_eq!(
            verify_signature(&good, &wrong),
            Err(SignatureError::BadSignature)
        );
    }
    // Flip the last byte of the call (the amount) and the nonce.
    let mut bad_call = xt.clone();
    *bad_call.last_mut().unwrap() ^= 1;
    let decoded = decode_extrinsic(&bad_call).unwrap();
    assert_eq!(
        verify_signature(&decoded, &additional()),
        Err(SignatureError::BadSignature)
    );
    let mut other_nonce = good.clone();
    other_nonce.extra.nonce = 4;
    assert_eq!(
        verify_signature(&other_nonce, &additional()),
        Err(SignatureError::BadSignature)
    );
    // Someone else's key.
    let mut impostor = good.clone();
    impostor.signer = AccountId(keypair(9).public.to_bytes());
    assert_eq!(
        verify_signature(&impostor, &additional()),
        Err(SignatureError::BadSignature)
    );
    // A signature byte flipped.
    let mut bad_sig = good.clone();
    if let MultiSignature::Sr25519(sig) = &mut bad_sig.signature {
        sig[10] ^= 0x40;
    }
    assert_eq!(
        verify_signature(&bad_sig, &additional()),
        Err(SignatureError::BadSignature)
    );
    // Ed25519 is not accepted.
    let mut ed = good;
    ed.signature = MultiSignature::Ed25519([0; 64]);
    assert_eq!(
        verify_signature(&ed, &additional()),
        Err(SignatureError::UnsupportedScheme)
    );
}

#[test]
fn era_vectors_and_birth_hash() {
    assert_eq!(
        Era::decode(&mut &[0x53, 0x00][..]).unwrap(),
        Era::Mortal {
            period: 16,
            phase: 5
        }
    );
    assert_eq!(
        Era::decode(&mut &[0x66, 0x06][..]).unwrap(),
        Era::Mortal {
            period: 128,
            phase: 102
        }
    );
    assert_eq!(
        Era::mortal(128, 1_382),
        Era::Mortal {
            period: 128,
            phase: 1_382 % 128
        }
    );
    assert_eq!(
        Era::mortal(100, 5),
        Era::Mortal {
            period: 128,
            phase: 5
        }
    );
    assert_eq!(
        Era::mortal(1, 5),
        Era::Mortal {
            period: 4,
            phase: 1
        }
    );
    assert_eq!(Era::mortal(1 << 20, 70_000).encode().len(), 2);
    // Large periods quantize the phase.
    let big = Era::mortal(65_536, 70_001);
    assert_eq!(Era::decode(&mut &big.encode()[..]).unwrap(), big);
    let hashes = |n: u64| (n <= 100).then_some([n as u8; 32]);
    let era = Era::mortal(16, 100);
    assert_eq!(birth_hash(era, 101, hashes), Ok([100; 32]));
    assert_eq!(birth_hash(Era::Immortal, 101, hashes), Ok([0; 32]));
    assert_eq!(
        birth_hash(
            Era::Mortal {
                period: 16,
                phase: 5
            },
            3,
            hashes
        ),
        Err(MortalityError::BirthInFuture { birth: 5 })
    );
    assert_eq!(
        birth_hash(era, 120, hashes),
        Err(MortalityError::UnknownBirthBlock { birth: 116 })
    );
    // Invalid eras: phase ≥ period can't be expressed, period 2 (low nibble 0) is refused.
    assert!(Era::decode(&mut &[0x10, 0x00][..]).is_err());
    assert!(Era::decode(&mut &[0x01][..]).is_err());
}

// ---- events and errors ----------------------------------------------------------------------

/// Every `dtao_runtime::Error` variant (compile-time exhaustive).
macro_rules! all_errors {
    ($($v:ident),* $(,)?) => {{
        fn _exhaustive(e: Error) {
            match e { $(Error::$v)|* => {} }
        }
        vec![$(Error::$v),*]
    }};
}

fn all_runtime_errors() -> Vec<Error> {
    all_errors![
        BadOrigin,
        Overflow,
        InsufficientBalance,
        ExistentialDeposit,
        KeepAlive,
        BalanceOverflow,
        RequireSudo,
        RootNetworkDoesNotExist,
        InvalidIpType,
        InvalidIpAddress,
        InvalidPort,
        HotKeyNotRegisteredInSubNet,
        HotKeyAccountNotExists,
        HotKeyNotRegisteredInNetwork,
        NonAssociatedColdKey,
        NotEnoughStakeToWithdraw,
        NotEnoughStakeToSetWeights,
        NotEnoughBalanceToStake,
        NeuronNoValidatorPermit,
        WeightVecNotEqualSize,
        DuplicateUids,
        UidVecContainInvalidOne,
        WeightVecLengthIsLow,
        TooManyRegistrationsThisBlock,
        HotKeyAlreadyRegisteredInSubNet,
        SettingWeightsTooFast,
        IncorrectWeightVersionKey,
        ServingRateLimitExceeded,
        UidsLengthExceedUidsInSubNet,
        NetworkTxRateLimitExceeded,
        DelegateTxRateLimitExceeded,
        SubNetRegistrationDisabled,
        NotSubnetOwner,
        RegistrationNotPermittedOnRootSubnet,
        StakeTooLowForRoot,
        AllNetworksInImmunity,
        NoNeuronIdAvailable,
        DelegateTakeTooLow,
        DelegateTakeTooHigh,
        NoWeightsCommitFound,
        InvalidRevealCommitHashNotMatch,
        CommitRevealEnabled,
        CommitRevealDisabled,
        LiquidAlphaDisabled,
        AlphaHighTooLow,
        AlphaLowOutOfRange,
        SubnetNotExists,
        TooManyUnrevealedCommits,
        ExpiredWeightCommit,
        RevealTooEarly,
        InputLengthsUnequal,
        CommittingWeightsTooFast,
        CanNotSetRootNetworkWeights,
        AmountTooLow,
        InsufficientLiquidity,
        SlippageTooHigh,
        TransferDisallowed,
        ActivityCutoffTooLow,
        FirstEmissionBlockNumberAlreadySet,
        NeedWaitingMoreBlocksToStarCall,
        NotEnoughAlphaOutToRecycle,
        CannotBurnOrRecycleOnRootSubnet,
        SubtokenDisabled,
        ZeroMaxStakeAmount,
        SameNetuid,
        InsufficientBalanceForOperation,
        AdminActionProhibitedDuringWeightsWindow,
        RevealPeriodTooLarge,
        RevealPeriodTooSmall,
        InvalidValue,
        SubnetLimitReached,
        CannotAffordLockCost,
        TxRateLimitExceeded,
        CallDisabled,
        NewHotKeyIsSameWithOld,
        HotKeyAlreadyDelegate,
        MechanismDoesNotExist,
        InvalidIdentity,
    ]
}

#[test]
fn every_runtime_error_maps_to_a_fixture_error() {
    let fx = fixture();
    for error in all_runtime_errors() {
        match wire_error_kind(error) {
            WireErrorKind::Dispatch(d) => {
                assert!(
                    matches!(d, DispatchError::BadOrigin | DispatchError::Arithmetic(_)),
                    "{error:?}"
                )
            }
            WireErrorKind::Module {
                pallet: name,
                name: variant,
            } => {
                let (index, err) = module_error_index(name, variant)
                    .unwrap_or_else(|| panic!("{error:?} -> {name}.{variant} not declared"));
                let fp = pallet(&fx, name);
                assert_eq!(fp.index, index);
                let declared = variants(&fx.types, fp.error.as_ref().unwrap().ty.id);
                assert!(
                    declared.iter().any(|v| v.name == variant && v.index == err),
                    "{error:?}"
                );
                assert_eq!(
                    dispatch_error(error),
                    DispatchError::Module(ModuleError {
                        index,
                        error: [err, 0, 0, 0]
                    })
                );
            }
        }
    }
}

fn sample_events() -> Vec<Event> {
    let n = NetUid(1);
    vec![
        Event::Transfer {
            from: acct(1),
            to: acct(2),
            amount: 3,
        },
        Event::Endowed {
            account: acct(2),
            free_balance: 3,
        },
        Event::DustLost {
            account: acct(2),
            amount: 1,
        },
        Event::TransactionFeePaid {
            who: acct(1),
            actual_fee: 10,
            tip: 0,
        },
        Event::Sudid {
            sudo_result: Ok(()),
        },
        Event::Sudid {
            sudo_result: Err(Error::SubnetNotExists),
        },
        Event::NetworkAdded(n, 1),
        Event::NetworkRemoved(n),
        Event::NeuronRegistered(n, 0, acct(3)),
        Event::StakeAdded(acct(1), acct(3), 10, 9, n, 1),
        Event::StakeRemoved(acct(1), acct(3), 10, 9, n, 1),
        Event::StakeMoved(acct(1), acct(3), n, acct(4), NetUid(2), 5),
        Event::StakeTransferred(acct(1), acct(5), acct(3), n, n, 5),
        Event::StakeSwapped(acct(1), acct(3), n, NetUid(2), 5),
        Event::WeightsSet(n, 0),
        Event::WeightsCommitted(acct(3), n, [1; 32]),
        Event::WeightsRevealed(acct(3), n, [1; 32]),
        Event::WeightsBatchRevealed(acct(3), n, vec![[1; 32], [2; 32]]),
        Event::AxonServed(n, acct(3)),
        Event::PrometheusServed(n, acct(3)),
        Event::TakeIncreased(acct(1), acct(3), 10),
        Event::TakeDecreased(acct(1), acct(3), 5),
        Event::FirstEmissionBlockNumberSet(n, 100),
        Event::SubnetIdentitySet(n),
        Event::SubnetOwnerHotkeySet(n, acct(3)),
        Event::HyperparameterSet {
            name: "KappaSet",
            netuid: Some(n),
            value: 100,
        },
        Event::HyperparameterSet {
            name: "AlphaSigmoidSteepnessSet",
            netuid: Some(n),
            value: -5,
        },
        Event::HyperparameterSet {
            name: "CommitRevealEnabled",
            netuid: Some(n),
            value: 1,
        },
        Event::HyperparameterSet {
            name: "NetworkRateLimitSet",
            netuid: None,
            value: 7_200,
        },
        Event::HyperparameterSet {
            name: "Yuma3EnableToggled",
            netuid: Some(n),
            value: 0,
        },
    ]
}

/// Hyperparameter event names the runtime emits (from `crates/runtime/src/admin.rs`).
const RUNTIME_HYPERPARAM_EVENTS: [&str; 63] = [
    "ActivityCutoffFactorMilliSet",
    "ActivityCutoffSet",
    "AdjustmentAlphaSet",
    "AdjustmentIntervalSet",
    "AdminFreezeWindowSet",
    "AlphaSigmoidSteepnessSet",
    "AlphaValuesSet",
    "BondsMovingAverageSet",
    "BondsPenaltySet",
    "BondsResetOnSet",
    "BurnHalfLifeSet",
    "BurnIncreaseMultSet",
    "CommitRevealEnabled",
    "CommitRevealPeriodsSet",
    "DifficultySet",
    "EMAPriceHalvingBlocksSet",
    "ExistentialDepositSet",
    "ImmuneOwnerUidsLimitSet",
    "ImmunityPeriodSet",
    "KappaSet",
    "LiquidAlphaEnabledSet",
    "MaxAllowedUidsSet",
    "MaxAllowedValidatorsSet",
    "MaxBurnSet",
    "MaxDelegateTakeSet",
    "MaxDifficultySet",
    "MaxEpochsPerBlockSet",
    "MaxRegistrationsPerBlockSet",
    "MinAllowedUidsSet",
    "MinAllowedWeightSet",
    "MinBurnSet",
    "MinDelegateTakeSet",
    "MinDifficultySet",
    "MinNonImmuneUidsSet",
    "MinStakeSet",
    "NetworkImmunityPeriodSet",
    "NetworkLockCostReductionIntervalSet",
    "NetworkMinLockCostSet",
    "NetworkRateLimitSet",
    "NominatorMinRequiredStakeSet",
    "OwnerHyperparamRateLimitSet",
    "RAORecycledForRegistrationSet",
    "RecycleOrBurnSet",
    "RegistrationAllowed",
    "RegistrationPerIntervalSet",
    "RhoSet",
    "ServingRateLimitSet",
    "StakeThresholdSet",
    "StakingFeeSet",
    "StartCallDelaySet",
    "SubnetLimitSet",
    "SubnetMovingAlphaSet",
    "SubnetOwnerCutSet",
    "SubtokenEnabledSet",
    "TaoWeightSet",
    "TempoSet",
    "TransferToggle",
    "TxDelegateTakeRateLimitSet",
    "WeightsSetRateLimitSet",
    "WeightsVersionKeySet",
    "Yuma3EnableToggled",
    "BondsResetToggled",
    "DefaultTakeSet",
];

#[test]
fn hyperparameter_events_map_when_the_fixture_declares_them() {
    let fx = fixture();
    let declared: Vec<String> = ["SubtensorModule", "AdminUtils"]
        .iter()
        .flat_map(|p| variants(&fx.types, pallet(&fx, p).event.as_ref().unwrap().ty.id))
        .map(|v| v.name)
        .collect();
    for name in RUNTIME_HYPERPARAM_EVENTS {
        let network_wide = hyperparameter_event(name, None, 1);
        let per_subnet = hyperparameter_event(name, Some(NetUid(1)), 1);
        let mapped = network_wide.or(per_subnet);
        assert_eq!(
            mapped.is_some(),
            declared.iter().any(|d| d == name),
            "{name}"
        );
    }
    // Values that don't fit the declared field are dropped, not wrapped.
    assert!(hyperparameter_event("KappaSet", Some(NetUid(1)), 70_000).is_none());
    assert!(hyperparameter_event("KappaSet", None, 1).is_none());
    assert!(hyperparameter_event("TransferToggle", Some(NetUid(1)), 2).is_none());
}

#[test]
fn event_records_decode_with_the_fixture_registry() {
    let fx = fixture();
    let events_ty = fx
        .types
        .types
        .iter()
        .find(|t| {
            matches!(&t.ty.type_def, TypeDef::Sequence(s)
                if fx.types.resolve(s.type_param.id).unwrap().path.segments.join("::") == "frame_system::EventRecord")
        })
        .unwrap()
        .id;
    let mut records: Vec<(Phase, RuntimeEvent)> = sample_events()
        .iter()
        .map(|e| {
            (
                Phase::Initialization,
                wire_event(e).unwrap_or_else(|| panic!("{e:?} unmapped")),
            )
        })
        .collect();
    let call = transfer();
    for (i, result) in [Ok(()), Err(Error::KeepAlive), Err(Error::BadOrigin)]
        .into_iter()
        .enumerate()
    {
        let applied = Applied {
            result,
            fee: 10,
            events: vec![Event::TransactionFeePaid {
                who: acct(1),
                actual_fee: 10,
                tip: 0,
            }],
        };
        records.extend(extrinsic_events(i as u32, &call, &applied));
    }
    records.push((
        Phase::Finalization,
        wire_event(&sample_events()[0]).unwrap(),
    ));
    let bytes = encode_event_records(&records);
    decodes_with(&fx.types, events_ty, &bytes);
    // And with our own types.
    let ours = Vec::<EventRecord<RuntimeEvent, H256>>::decode(&mut &bytes[..]).unwrap();
    assert_eq!(ours.len(), records.len());
    // The failed transfer carries Balances.Expendability (5, 4).
    let failed = extrinsic_events(
        1,
        &call,
        &Applied {
            result: Err(Error::KeepAlive),
            fee: 0,
            events: vec![],
        },
    );
    let expected_tail = [0x00, 0x01, 0x03, 0x05, 0x04, 0, 0, 0];
    let encoded = failed.last().unwrap().1.encode();
    assert_eq!(&encoded[..expected_tail.len()], &expected_tail);
    // Events with no upstream counterpart are left off the wire.
    assert!(wire_event(&Event::EpochRun(NetUid(1), 5)).is_none());
}

// ---- malformed input ------------------------------------------------------------------------

fn assert_rejects(bytes: &[u8]) -> DecodeError {
    decode_extrinsic(bytes).expect_err("malformed extrinsic accepted")
}

/// Prefix `body` with its compact length.
fn with_len(body: &[u8]) -> Vec<u8> {
    let mut out = Compact(body.len() as u32).encode();
    out.extend_from_slice(body);
    out
}

#[test]
fn malformed_extrinsics_are_rejected_with_clear_errors() {
    let pair = keypair(7);
    let xt = signed(&pair, &transfer(), &extra());
    let body = &xt[2..];
    assert_eq!(assert_rejects(&[]), DecodeError::Truncated("length prefix"));
    assert_eq!(
        assert_rejects(&[0x00]),
        DecodeError::Truncated("version byte")
    );
    assert!(matches!(
        assert_rejects(&xt[..xt.len() - 1]),
        DecodeError::LengthMismatch { .. }
    ));
    let mut longer = xt.clone();
    longer.push(0);
    assert!(matches!(
        assert_rejects(&longer),
        DecodeError::LengthMismatch { .. }
    ));
    assert_eq!(
        assert_rejects(&with_len(&[0x04, 0x05, 0x03])),
        DecodeError::Unsigned
    );
    assert_eq!(
        assert_rejects(&with_len(&[0x85])),
        DecodeError::UnsupportedVersion(0x85)
    );
    // Address variants other than Id.
    let mut raw = body.to_vec();
    raw[1] = 0x02; // MultiAddress::Raw with a compact length taken from the key's first byte
    assert!(decode_extrinsic(&with_len(&raw)).is_err());
    let mut addr32 = body.to_vec();
    addr32[1] = 0x03;
    assert_eq!(
        assert_rejects(&with_len(&addr32)),
        DecodeError::UnsupportedAddress
    );
    let mut bad_addr = body.to_vec();
    bad_addr[1] = 0x09;
    assert_eq!(
        assert_rejects(&with_len(&bad_addr)),
        DecodeError::Malformed("signer address")
    );
    let mut bad_sig = body.to_vec();
    bad_sig[34] = 0x07;
    assert_eq!(
        assert_rejects(&with_len(&bad_sig)),
        DecodeError::Malformed("signature")
    );
    // Mode byte 2.
    let mut bad_mode = body.to_vec();
    bad_mode[34 + 65 + 4] = 2;
    assert_eq!(
        assert_rejects(&with_len(&bad_mode)),
        DecodeError::InvalidMetadataHashMode(2)
    );
    // Every strict prefix of the body fails.
    for cut in 0..body.len() {
        assert!(
            decode_extrinsic(&with_len(&body[..cut])).is_err(),
            "prefix {cut}"
        );
    }
    // Trailing bytes after the call.
    let mut trailing = body.to_vec();
    trailing.push(0);
    assert_eq!(
        assert_rejects(&with_len(&trailing)),
        DecodeError::TrailingBytes(1)
    );
    // Unknown pallet and call indices.
    let header = &body[..34 + 65 + 5];
    let with_call = |call: &[u8]| with_len(&[header, call].concat());
    assert_eq!(assert_rejects(&with_call(&[])), DecodeError::MissingCall);
    assert_eq!(
        assert_rejects(&with_call(&[0x00, 0x00])),
        DecodeError::UnknownPallet(0)
    );
    assert_eq!(
        assert_rejects(&with_call(&[0x63])),
        DecodeError::UnknownPallet(0x63)
    );
    assert_eq!(
        assert_rejects(&with_call(&[0x05])),
        DecodeError::Truncated("call index")
    );
    assert_eq!(
        assert_rejects(&with_call(&[0x05, 0x02])),
        DecodeError::UnknownCall { pallet: 5, call: 2 }
    );
    assert_eq!(
        assert_rejects(&with_call(&[0x07, 0x01])),
        DecodeError::UnknownCall { pallet: 7, call: 1 }
    );
    assert!(matches!(
        assert_rejects(&with_call(&[0x07, 0x07, 0x01])),
        DecodeError::InvalidCallArguments {
            pallet: 7,
            call: 7,
            ..
        }
    ));
    // A MultiAddress::Index destination has no meaning here.
    assert_eq!(
        assert_rejects(&with_call(&[0x05, 0x03, 0x01, 0x04])),
        DecodeError::Unsupported(dtao_node::wire::convert::ConvertError::UnsupportedAddress)
    );
    // A vector claiming 2^30 entries with no data fails fast.
    let huge = [
        &[0x07u8, 0x00, 0x01, 0x00][..],
        &Compact(1u32 << 30).encode(),
    ]
    .concat();
    assert!(matches!(
        assert_rejects(&with_call(&huge)),
        DecodeError::InvalidCallArguments { .. }
    ));
    // Oversized input.
    let big = vec![0u8; MAX_EXTRINSIC_BYTES + 1];
    assert_eq!(
        assert_rejects(&big),
        DecodeError::TooLong {
            len: MAX_EXTRINSIC_BYTES + 1
        }
    );
}

#[test]
fn deeply_nested_sudo_is_rejected_without_overflowing_the_stack() {
    let inner = [0x07u8, 0x5c, 0x01, 0x00]; // start_call(1)
    let ok_depth = 3;
    let nested = |levels: usize| [[0x0c, 0x00].repeat(levels), inner.to_vec()].concat();
    assert!(decode_call(&nested(ok_depth)).is_ok());
    assert!(matches!(
        decode_call(&nested(MAX_CALL_DEPTH as usize + 1)),
        Err(DecodeError::InvalidCallArguments {
            pallet: 12,
            call: 0,
            ..
        })
    ));
    assert!(decode_call(&nested(100_000)).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = decode_extrinsic(&bytes);
        let _ = decode_call(&bytes);
        let _ = decode_extrinsic(&with_len(&bytes));
        let _ = Era::decode(&mut &bytes[..]);
    }

    #[test]
    fn eras_round_trip_and_births_are_not_after_current(bytes in any::<[u8; 2]>(), current in any::<u64>()) {
        if let Ok(era) = Era::decode(&mut &bytes[..]) {
            let encoded = era.encode();
            prop_assert_eq!(&encoded[..], &bytes[..encoded.len()]);
            let birth = era.birth(current);
            if let Era::Mortal { period, phase } = era {
                prop_assert!(birth <= current.max(phase));
                prop_assert_eq!(birth % period, phase % period);
            }
        }
    }

    #[test]
    fn random_calls_after_a_valid_header_never_panic(
        pallet in prop::sample::select(vec![5u8, 7, 12, 19]),
        call in any::<u8>(),
        args in proptest::collection::vec(any::<u8>(), 0..200),
    ) {
        let _ = decode_call(&[&[pallet, call][..], &args].concat());
    }

    #[test]
    fn mutated_valid_extrinsics_never_panic(position in 0usize..160, value in any::<u8>()) {
        let xt = signed(&keypair(7), &transfer(), &extra());
        let mut mutated = xt.clone();
        let i = position % mutated.len();
        mutated[i] = value;
        if let Ok(decoded) = decode_extrinsic(&mutated) {
            // Only an identical extrinsic may verify.
            if mutated != xt {
                prop_assert!(verify_signature(&decoded, &additional()).is_err());
            }
        }
    }
}

#[test]
fn into_wire_of_a_runtime_call_is_the_declared_variant() {
    let wire: WireCall = transfer().into_wire();
    assert!(matches!(wire, WireCall::Balances(_)));
    let wire: WireCall = RuntimeCall::AdminUtils(AdminCall::SetTempo {
        netuid: NetUid(1),
        tempo: 400,
    })
    .into_wire();
    assert!(matches!(wire, WireCall::SubtensorModule(_)));
}
