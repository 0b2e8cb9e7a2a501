//! Metadata V15 built from our own type descriptions: pallets with their upstream names and
//! indices, calls, events, errors and the constants the clients read (sdk-compat §3.2), the v4
//! extrinsic description with runtime 331's signed extensions (§3.4), and the outer enums.
//! Storage and runtime APIs are supplied by the caller (module `state_api`).
//!
//! Invariants:
//! - `extrinsic.version` is 4 and the signed extensions are [`SIGNED_EXTENSIONS`] in that order
//!   (runtime 331's list; §3.4's `SudoTransactionExtension` and `CheckShieldedTxValidity` are
//!   newer and zero-sized, so they are left out like the fixture does).
//! - Every path that goes through a module named `upstream` loses everything up to that segment
//!   ([`strip_mirror_prefix`]), so mirror types carry upstream's exact paths. Storage and API
//!   types can use the same trick.
//! - The `UncheckedExtrinsic` marker (§3.3) is always in the registry, through the `custom`
//!   entry [`UNCHECKED_EXTRINSIC_CUSTOM_KEY`], even when no runtime API mentions a block.
//! - Pallets appear in index order; a storage-only pallet ([`STORAGE_ONLY_PALLETS`]) appears only
//!   when the storage hook returns something for it.

use std::collections::BTreeMap;

use frame_metadata::v15::{
    CustomMetadata, CustomValueMetadata, ExtrinsicMetadata, OuterEnums, PalletCallMetadata,
    PalletConstantMetadata, PalletErrorMetadata, PalletEventMetadata, PalletMetadata,
    PalletStorageMetadata, RuntimeApiMetadata, RuntimeMetadataV15, SignedExtensionMetadata,
};
use frame_metadata::RuntimeMetadataPrefixed;
use parity_scale_codec::{Compact, Encode};
use scale_info::form::MetaForm;
use scale_info::{meta_type, PortableRegistry, TypeInfo};

use crate::wire::upstream::frame_metadata_hash_extension::CheckMetadataHash;
use crate::wire::upstream::frame_system::extensions::{
    check_genesis::CheckGenesis, check_mortality::CheckMortality,
    check_non_zero_sender::CheckNonZeroSender, check_spec_version::CheckSpecVersion,
    check_tx_version::CheckTxVersion, check_weight::CheckWeight,
};
use crate::wire::upstream::node_subtensor_runtime::check_nonce::CheckNonce;
use crate::wire::upstream::node_subtensor_runtime::{
    pallet_index, Runtime, RuntimeCall, RuntimeError, RuntimeEvent, SignedExtra,
};
use crate::wire::upstream::pallet_drand::drand_priority::DrandPriority;
use crate::wire::upstream::pallet_subtensor::transaction_extension::SubtensorTransactionExtension;
use crate::wire::upstream::primitive_types::H256;
use crate::wire::upstream::sp_runtime::generic::unchecked_extrinsic::UncheckedExtrinsic;
use crate::wire::upstream::sp_runtime::{Address, MultiSignature};
use crate::wire::upstream::{
    frame_system, pallet_admin_utils, pallet_balances, pallet_subtensor, pallet_sudo,
    pallet_transaction_payment::{self, ChargeTransactionPayment},
};
use dtao_runtime::hyperparams::NetworkParams;

/// Extrinsic format version declared in metadata (the clients require 4).
pub const EXTRINSIC_FORMAT_VERSION: u8 = 4;

/// Metadata version served by `Metadata_metadata_at_version`.
pub const METADATA_VERSION: u8 = 15;

/// Signed-extension identifiers in metadata order (runtime 331).
pub const SIGNED_EXTENSIONS: [&str; 11] = [
    "CheckNonZeroSender",
    "CheckSpecVersion",
    "CheckTxVersion",
    "CheckGenesis",
    "CheckMortality",
    "CheckNonce",
    "CheckWeight",
    "ChargeTransactionPayment",
    "SubtensorTransactionExtension",
    "DrandPriority",
    "CheckMetadataHash",
];

/// Pallets declared only when the storage hook describes their storage: `(name, index)`.
pub const STORAGE_ONLY_PALLETS: [(&str, u8); 7] = [
    ("Timestamp", pallet_index::TIMESTAMP),
    ("Proxy", 16),
    ("Commitments", 18),
    ("Drand", 26),
    ("Crowdloan", 27),
    ("Swap", 28),
    ("MevShield", 30),
];

/// Key of the `custom` metadata entry that keeps the `UncheckedExtrinsic` marker in the registry.
pub const UNCHECKED_EXTRINSIC_CUSTOM_KEY: &str = "UncheckedExtrinsic";

/// The name of the module under which mirror types copy upstream's module layout.
pub const MIRROR_SEGMENT: &str = "upstream";

/// Chain values published as pallet constants.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MetadataConfig {
    /// `Balances.ExistentialDeposit` in rao.
    pub existential_deposit_rao: u64,
    /// `SubtensorModule.InitialStartCallDelay` and `DurationOfStartCall`, in blocks.
    pub start_call_delay_blocks: u64,
    /// `Aura.SlotDuration` in milliseconds (the block time).
    pub slot_duration_ms: u64,
    /// `System.BlockHashCount`: blocks whose hashes mortal eras may name.
    pub block_hash_count: u32,
    /// `System.SS58Prefix`.
    pub ss58_prefix: u16,
    /// `SubtensorModule.KeySwapCost` in rao (runtime 331's value; key swaps are not supported).
    pub key_swap_cost_rao: u64,
}

impl MetadataConfig {
    /// Constants for a chain running with `params` and `slot_duration_ms` blocks.
    pub fn from_params(params: &NetworkParams, slot_duration_ms: u64) -> Self {
        MetadataConfig {
            existential_deposit_rao: params.existential_deposit,
            start_call_delay_blocks: params.start_call_delay,
            slot_duration_ms,
            ..MetadataConfig::default()
        }
    }
}

impl Default for MetadataConfig {
    fn default() -> Self {
        let params = NetworkParams::default();
        MetadataConfig {
            existential_deposit_rao: params.existential_deposit,
            start_call_delay_blocks: params.start_call_delay,
            slot_duration_ms: 12_000,
            block_hash_count: 2_400,
            ss58_prefix: 42,
            key_swap_cost_rao: 100_000_000,
        }
    }
}

/// Storage of one pallet, by pallet name (`None`: no storage).
pub trait StorageHook: Fn(&str) -> Option<PalletStorageMetadata<MetaForm>> {}
impl<F: Fn(&str) -> Option<PalletStorageMetadata<MetaForm>>> StorageHook for F {}

fn constant<T: TypeInfo + Encode + 'static>(
    name: &'static str,
    value: T,
) -> PalletConstantMetadata {
    PalletConstantMetadata {
        name,
        ty: meta_type::<T>(),
        value: value.encode(),
        docs: vec![],
    }
}

fn pallet(name: &'static str, index: u8) -> PalletMetadata {
    PalletMetadata {
        name,
        storage: None,
        calls: None,
        event: None,
        constants: vec![],
        error: None,
        index,
        docs: vec![],
    }
}

fn calls<T: TypeInfo + 'static>() -> Option<PalletCallMetadata> {
    Some(PalletCallMetadata {
        ty: meta_type::<T>(),
    })
}

fn event<T: TypeInfo + 'static>() -> Option<PalletEventMetadata> {
    Some(PalletEventMetadata {
        ty: meta_type::<T>(),
    })
}

fn error<T: TypeInfo + 'static>() -> Option<PalletErrorMetadata> {
    Some(PalletErrorMetadata {
        ty: meta_type::<T>(),
    })
}

/// The pallets with calls, events, errors or constants, in index order (storage not yet set).
fn declared_pallets(config: &MetadataConfig) -> Vec<PalletMetadata> {
    vec![
        PalletMetadata {
            event: event::<frame_system::pallet::Event>(),
            error: error::<frame_system::pallet::Error>(),
            constants: vec![
                constant("BlockHashCount", config.block_hash_count),
                constant("SS58Prefix", config.ss58_prefix),
            ],
            ..pallet("System", pallet_index::SYSTEM)
        },
        PalletMetadata {
            constants: vec![constant("SlotDuration", config.slot_duration_ms)],
            ..pallet("Aura", pallet_index::AURA)
        },
        PalletMetadata {
            calls: calls::<pallet_balances::pallet::Call>(),
            event: event::<pallet_balances::pallet::Event>(),
            error: error::<pallet_balances::pallet::Error>(),
            constants: vec![constant(
                "ExistentialDeposit",
                config.existential_deposit_rao,
            )],
            ..pallet("Balances", pallet_index::BALANCES)
        },
        PalletMetadata {
            event: event::<pallet_transaction_payment::pallet::Event>(),
            constants: vec![constant("OperationalFeeMultiplier", 5u8)],
            ..pallet("TransactionPayment", pallet_index::TRANSACTION_PAYMENT)
        },
        PalletMetadata {
            calls: calls::<pallet_subtensor::pallet::Call>(),
            event: event::<pallet_subtensor::pallet::Event>(),
            error: error::<pallet_subtensor::pallet::Error>(),
            constants: vec![
                constant("InitialStartCallDelay", config.start_call_delay_blocks),
                constant("DurationOfStartCall", config.start_call_delay_blocks),
                constant("KeySwapCost", config.key_swap_cost_rao),
            ],
            ..pallet("SubtensorModule", pallet_index::SUBTENSOR_MODULE)
        },
        PalletMetadata {
            calls: calls::<pallet_sudo::pallet::Call>(),
            event: event::<pallet_sudo::pallet::Event>(),
            error: error::<pallet_sudo::pallet::Error>(),
            ..pallet("Sudo", pallet_index::SUDO)
        },
        PalletMetadata {
            calls: calls::<pallet_admin_utils::pallet::Call>(),
            event: event::<pallet_admin_utils::pallet::Event>(),
            error: error::<pallet_admin_utils::pallet::Error>(),
            ..pallet("AdminUtils", pallet_index::ADMIN_UTILS)
        },
    ]
}

/// Declared pallets plus storage-only pallets the hook describes, with storage, by index.
fn pallets(config: &MetadataConfig, storage: &dyn StorageHook) -> Vec<PalletMetadata> {
    let mut pallets = declared_pallets(config);
    for pallet in &mut pallets {
        pallet.storage = storage(pallet.name);
    }
    for (name, index) in STORAGE_ONLY_PALLETS {
        if let Some(entries) = storage(name) {
            pallets.push(PalletMetadata {
                storage: Some(entries),
                ..pallet(name, index)
            });
        }
    }
    pallets.sort_by_key(|pallet| pallet.index);
    pallets
}

fn signed_extension<T: TypeInfo + 'static, A: TypeInfo + 'static>(
    identifier: &'static str,
) -> SignedExtensionMetadata {
    SignedExtensionMetadata {
        identifier,
        ty: meta_type::<T>(),
        additional_signed: meta_type::<A>(),
    }
}

/// The v4 extrinsic description (sdk-compat §3.4 for the extension types).
fn extrinsic() -> ExtrinsicMetadata {
    ExtrinsicMetadata {
        version: EXTRINSIC_FORMAT_VERSION,
        address_ty: meta_type::<Address>(),
        call_ty: meta_type::<RuntimeCall>(),
        signature_ty: meta_type::<MultiSignature>(),
        extra_ty: meta_type::<SignedExtra>(),
        signed_extensions: vec![
            signed_extension::<CheckNonZeroSender, ()>(SIGNED_EXTENSIONS[0]),
            signed_extension::<CheckSpecVersion, u32>(SIGNED_EXTENSIONS[1]),
            signed_extension::<CheckTxVersion, u32>(SIGNED_EXTENSIONS[2]),
            signed_extension::<CheckGenesis, H256>(SIGNED_EXTENSIONS[3]),
            signed_extension::<CheckMortality, H256>(SIGNED_EXTENSIONS[4]),
            signed_extension::<CheckNonce, ()>(SIGNED_EXTENSIONS[5]),
            signed_extension::<CheckWeight, ()>(SIGNED_EXTENSIONS[6]),
            signed_extension::<ChargeTransactionPayment, ()>(SIGNED_EXTENSIONS[7]),
            signed_extension::<SubtensorTransactionExtension, ()>(SIGNED_EXTENSIONS[8]),
            signed_extension::<DrandPriority, ()>(SIGNED_EXTENSIONS[9]),
            signed_extension::<CheckMetadataHash, Option<[u8; 32]>>(SIGNED_EXTENSIONS[10]),
        ],
    }
}

/// Drops every path segment up to and including the first [`MIRROR_SEGMENT`].
pub fn strip_mirror_prefix(registry: &mut PortableRegistry) {
    for portable in &mut registry.types {
        let segments = &mut portable.ty.path.segments;
        if let Some(position) = segments.iter().position(|s| s == MIRROR_SEGMENT) {
            segments.drain(..=position);
        }
    }
}

/// The V15 metadata structure (paths already rewritten).
pub fn build_runtime_metadata(
    config: &MetadataConfig,
    storage: impl Fn(&str) -> Option<PalletStorageMetadata<MetaForm>>,
    apis: Vec<RuntimeApiMetadata<MetaForm>>,
) -> RuntimeMetadataV15 {
    let custom = CustomMetadata {
        map: BTreeMap::from([(
            UNCHECKED_EXTRINSIC_CUSTOM_KEY,
            CustomValueMetadata {
                ty: meta_type::<UncheckedExtrinsic>(),
                // The marker's shape is `Vec<u8>`: an empty one.
                value: Vec::<u8>::new().encode(),
            },
        )]),
    };
    let mut metadata = RuntimeMetadataV15::new(
        pallets(config, &storage),
        extrinsic(),
        meta_type::<Runtime>(),
        apis,
        OuterEnums {
            call_enum_ty: meta_type::<RuntimeCall>(),
            event_enum_ty: meta_type::<RuntimeEvent>(),
            error_enum_ty: meta_type::<RuntimeError>(),
        },
        custom,
    );
    strip_mirror_prefix(&mut metadata.types);
    describe_errors(&mut metadata);
    metadata
}

/// Give every pallet error variant a one-line description (its name in words), so clients that
/// require error docs (bittensor's `format_error_message`) show the error instead of
/// "UnknownError".
pub fn describe_errors(metadata: &mut RuntimeMetadataV15) {
    let error_types: Vec<u32> = metadata
        .pallets
        .iter()
        .filter_map(|p| p.error.as_ref().map(|e| e.ty.id))
        .collect();
    for id in error_types {
        let Some(entry) = metadata.types.types.iter_mut().find(|t| t.id == id) else {
            continue;
        };
        if let scale_info::TypeDef::Variant(variants) = &mut entry.ty.type_def {
            for variant in &mut variants.variants {
                if variant.docs.is_empty() {
                    variant.docs = vec![error_sentence(&variant.name)];
                }
            }
        }
    }
}

/// `"HotKeyAccountNotExists"` → `"Hot key account not exists."`
pub fn error_sentence(name: &str) -> String {
    let mut sentence = String::with_capacity(name.len() + 8);
    for (i, c) in name.chars().enumerate() {
        if i > 0 && c.is_uppercase() {
            sentence.push(' ');
            sentence.extend(c.to_lowercase());
        } else {
            sentence.push(c);
        }
    }
    sentence.push('.');
    sentence
}

/// Encoded `RuntimeMetadataPrefixed`: `b"meta"` ‖ `0x0f` ‖ the V15 body.
pub fn build_metadata(
    config: &MetadataConfig,
    storage: impl Fn(&str) -> Option<PalletStorageMetadata<MetaForm>>,
    apis: Vec<RuntimeApiMetadata<MetaForm>>,
) -> Vec<u8> {
    RuntimeMetadataPrefixed::from(build_runtime_metadata(config, storage, apis)).encode()
}

/// [`build_metadata`] with default constants, no storage and no runtime APIs.
pub fn metadata() -> Vec<u8> {
    build_metadata(&MetadataConfig::default(), |_| None, vec![])
}

/// The `Metadata_metadata_at_version(15)` answer: SCALE `Option<OpaqueMetadata>`, that is
/// `0x01` ‖ `compact(len)` ‖ `prefixed` (sdk-compat §3.1).
pub fn metadata_v15_option_bytes(prefixed: &[u8]) -> Vec<u8> {
    let mut out = vec![0x01];
    let len = u32::try_from(prefixed.len()).unwrap_or(u32::MAX);
    Compact(len).encode_to(&mut out);
    out.extend_from_slice(prefixed);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_names_become_sentences() {
        assert_eq!(
            error_sentence("HotKeyAccountNotExists"),
            "Hot key account not exists."
        );
        assert_eq!(error_sentence("SlippageTooHigh"), "Slippage too high.");
    }

    #[test]
    fn prefixed_blob_starts_with_meta_and_version() {
        let blob = metadata();
        assert_eq!(&blob[..5], b"meta\x0f");
        let option = metadata_v15_option_bytes(&blob);
        assert_eq!(option[0], 0x01);
        assert!(option.ends_with(&blob));
    }

    #[test]
    fn no_mirror_paths_leak() {
        let md = build_runtime_metadata(&MetadataConfig::default(), |_| None, vec![]);
        for ty in &md.types.types {
            let path = ty.ty.path.segments.join("::");
            assert!(
                !path.contains("dtao") && !path.contains(MIRROR_SEGMENT),
                "{path}"
            );
        }
    }
}
