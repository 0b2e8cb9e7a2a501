//! SCALE mirrors of the upstream types the storage items and runtime APIs return, with
//! `scale-info` descriptions whose paths, field names, field order and compactness match
//! subtensor runtime 331 (fixtures/subtensor-runtime-331), so the clients decode them by
//! field name exactly as they decode the real chain's values.
//!
//! Two kinds of types live here:
//! - small leaf types with a hand-written `TypeInfo` (via [`leaf_struct!`] / [`unit_enum!`])
//!   because their upstream path has fewer segments than a module path here can produce:
//!   `sp_core::crypto::AccountId32`, `primitive_types::H256`, `frame_system::AccountInfo`,
//!   `substrate_fixed::FixedI128`, `pallet_subtensor::pallet::AxonInfo`, …;
//! - the runtime-API structs, which derive `TypeInfo` and rename their path segments to
//!   `pallet_subtensor::rpc_info::<module>::<Name>`; compact fields are spelled `Compact<T>` so
//!   the encoding and the description cannot disagree.
//!
//! Every runtime-API struct converts from its read model in `dtao_runtime::read` (same field
//! names, same order) through the [`Mirror`] conversions, field by field.
//!
//! Invariant: `Encode` and `TypeInfo` describe the same bytes (the tests decode every value
//! against the registry built from these descriptions).

use dtao_primitives::AccountId;
use dtao_runtime::read;
use dtao_runtime::state;
use parity_scale_codec::{Compact, Decode, Encode};
use scale_info::{build::Fields, build::Variants, Path, Type, TypeInfo};

/// Conversion of a read-model value into its wire mirror (`u16` → `Compact<u16>`,
/// `AccountId` → [`AccountId32`], `Vec<u8>` → `Vec<Compact<u8>>`, …).
pub trait Mirror<T> {
    /// The wire value.
    fn mirror(self) -> T;
}

macro_rules! identity_mirror {
    ($($ty:ty),*) => {
        $(impl Mirror<$ty> for $ty {
            fn mirror(self) -> $ty {
                self
            }
        })*
    };
}

identity_mirror!(bool, u16, u64, [u16; 2]);

macro_rules! compact_mirror {
    ($($ty:ty),*) => {
        $(impl Mirror<Compact<$ty>> for $ty {
            fn mirror(self) -> Compact<$ty> {
                Compact(self)
            }
        })*
    };
}

compact_mirror!(u8, u16, u64, u128);

impl<A: Mirror<B>, B> Mirror<Vec<B>> for Vec<A> {
    fn mirror(self) -> Vec<B> {
        self.into_iter().map(Mirror::mirror).collect()
    }
}

impl<A: Mirror<B>, B> Mirror<Option<B>> for Option<A> {
    fn mirror(self) -> Option<B> {
        self.map(Mirror::mirror)
    }
}

impl<A1: Mirror<B1>, B1, A2: Mirror<B2>, B2> Mirror<(B1, B2)> for (A1, A2) {
    fn mirror(self) -> (B1, B2) {
        (self.0.mirror(), self.1.mirror())
    }
}

/// Declares a struct with named fields and a hand-written `TypeInfo` with the given module
/// path (each field described by its own type; none is compact).
macro_rules! leaf_struct {
    (
        $(#[$meta:meta])*
        pub struct $name:ident in $module:literal {
            $( $(#[$fmeta:meta])* pub $field:ident : $fty:ty, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
        pub struct $name {
            $( $(#[$fmeta])* pub $field: $fty, )*
        }

        impl TypeInfo for $name {
            type Identity = Self;

            fn type_info() -> Type {
                Type::builder()
                    .path(Path::new(stringify!($name), $module))
                    .composite(Fields::named()$(.field(|f| {
                        f.ty::<$fty>().name(stringify!($field)).type_name(stringify!($fty))
                    }))*)
            }
        }
    };
}

/// Declares a one-field tuple struct (a newtype) with a hand-written `TypeInfo` at the given
/// module path.
macro_rules! newtype_struct {
    (
        $(#[$meta:meta])*
        pub struct $name:ident($inner:ty) in $module:literal;
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Encode, Decode)]
        pub struct $name(pub $inner);

        impl TypeInfo for $name {
            type Identity = Self;

            fn type_info() -> Type {
                Type::builder()
                    .path(Path::new(stringify!($name), $module))
                    .composite(Fields::unnamed().field(|f| {
                        f.ty::<$inner>().type_name(stringify!($inner))
                    }))
            }
        }
    };
}

/// Declares a field-less enum with a hand-written `TypeInfo` at the given module path; variant
/// indexes are the declaration order.
macro_rules! unit_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident in $module:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $index:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode)]
        pub enum $name {
            $( $(#[$vmeta])* $variant = $index, )*
        }

        impl TypeInfo for $name {
            type Identity = Self;

            fn type_info() -> Type {
                Type::builder()
                    .path(Path::new(stringify!($name), $module))
                    .variant(Variants::new()$(.variant(stringify!($variant), |v| v.index($index)))*)
            }
        }
    };
}

// ---- primitives -------------------------------------------------------------------------

newtype_struct! {
    /// `sp_core::crypto::AccountId32`: the path the clients render as an SS58 address.
    pub struct AccountId32([u8; 32]) in "sp_core::crypto";
}

newtype_struct! {
    /// `primitive_types::H256`: a 32-byte hash.
    pub struct H256([u8; 32]) in "primitive_types";
}

impl From<AccountId> for AccountId32 {
    fn from(account: AccountId) -> Self {
        AccountId32(account.0)
    }
}

impl From<AccountId32> for AccountId {
    fn from(account: AccountId32) -> Self {
        AccountId(account.0)
    }
}

impl Mirror<AccountId32> for AccountId {
    fn mirror(self) -> AccountId32 {
        AccountId32::from(self)
    }
}

leaf_struct! {
    /// `substrate_fixed::FixedI128`: raw fixed-point bits (the API values are `I96F32`).
    pub struct FixedI128 in "substrate_fixed" {
        /// Raw bits.
        pub bits: i128,
    }
}

leaf_struct! {
    /// `substrate_fixed::FixedU128`: raw fixed-point bits (stake shares are `U64F64`).
    pub struct FixedU128 in "substrate_fixed" {
        /// Raw bits.
        pub bits: u128,
    }
}

leaf_struct! {
    /// `substrate_fixed::FixedI64`: raw fixed-point bits (`I32F32`).
    pub struct FixedI64 in "substrate_fixed" {
        /// Raw bits.
        pub bits: i64,
    }
}

impl Mirror<FixedI128> for i128 {
    fn mirror(self) -> FixedI128 {
        FixedI128 { bits: self }
    }
}

impl Mirror<FixedI64> for i64 {
    fn mirror(self) -> FixedI64 {
        FixedI64 { bits: self }
    }
}

// ---- System / Balances ------------------------------------------------------------------

newtype_struct! {
    /// `pallet_balances::types::ExtraFlags`.
    pub struct ExtraFlags(u128) in "pallet_balances::types";
}

/// The `ExtraFlags` bit every account created by current Substrate carries ("new logic"); the
/// metadata default of `System.Account` has it set too.
pub const EXTRA_FLAGS_NEW_LOGIC: u128 = 1 << 127;

leaf_struct! {
    /// `pallet_balances::types::AccountData`.
    pub struct AccountData in "pallet_balances::types" {
        /// Free balance in rao.
        pub free: u64,
        /// Reserved balance (always 0 in dtao).
        pub reserved: u64,
        /// Frozen balance (always 0 in dtao).
        pub frozen: u64,
        /// Flags.
        pub flags: ExtraFlags,
    }
}

leaf_struct! {
    /// `frame_system::AccountInfo` (56 bytes encoded: four `u32`, three `u64`, one `u128`).
    pub struct AccountInfo in "frame_system" {
        /// Next nonce.
        pub nonce: u32,
        /// Consumer references.
        pub consumers: u32,
        /// Provider references.
        pub providers: u32,
        /// Sufficient references.
        pub sufficients: u32,
        /// Balances.
        pub data: AccountData,
    }
}

impl AccountInfo {
    /// The value of a missing account (the metadata default): zeros with the new-logic flag.
    pub fn empty() -> Self {
        AccountInfo {
            data: AccountData {
                flags: ExtraFlags(EXTRA_FLAGS_NEW_LOGIC),
                ..AccountData::default()
            },
            ..AccountInfo::default()
        }
    }

    /// An existing account: one provider reference (its balance), no consumers.
    pub fn of(info: &state::AccountInfo) -> Self {
        let mut value = AccountInfo::empty();
        value.nonce = info.nonce;
        value.providers = 1;
        value.data.free = info.free;
        value
    }
}

/// `sp_weights::weight_v2::Weight`: both parts compact.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub struct Weight {
    /// Reference time in picoseconds.
    #[codec(compact)]
    pub ref_time: u64,
    /// Proof size in bytes.
    #[codec(compact)]
    pub proof_size: u64,
}

impl TypeInfo for Weight {
    type Identity = Self;

    fn type_info() -> Type {
        Type::builder()
            .path(Path::new("Weight", "sp_weights::weight_v2"))
            .composite(
                Fields::named()
                    .field(|f| f.compact::<u64>().name("ref_time").type_name("u64"))
                    .field(|f| f.compact::<u64>().name("proof_size").type_name("u64")),
            )
    }
}

unit_enum! {
    /// `frame_support::dispatch::DispatchClass`.
    pub enum DispatchClass in "frame_support::dispatch" {
        /// Ordinary transactions.
        #[default]
        Normal = 0,
        /// Operational transactions.
        Operational = 1,
        /// Mandatory (inherents).
        Mandatory = 2,
    }
}

leaf_struct! {
    /// `pallet_transaction_payment::types::RuntimeDispatchInfo`: the fee preview.
    pub struct RuntimeDispatchInfo in "pallet_transaction_payment::types" {
        /// Weight of the call.
        pub weight: Weight,
        /// Dispatch class.
        pub class: DispatchClass,
        /// Fee in rao (tip excluded).
        pub partial_fee: u64,
    }
}

// ---- SubtensorModule leaves -------------------------------------------------------------

leaf_struct! {
    /// `pallet_subtensor::pallet::AxonInfo`.
    pub struct AxonInfo in "pallet_subtensor::pallet" {
        /// Block of the last update.
        pub block: u64,
        /// Software version.
        pub version: u32,
        /// Address as an integer.
        pub ip: u128,
        /// Port.
        pub port: u16,
        /// 4 or 6.
        pub ip_type: u8,
        /// Protocol.
        pub protocol: u8,
        /// Reserved.
        pub placeholder1: u8,
        /// Reserved.
        pub placeholder2: u8,
    }
}

impl Mirror<AxonInfo> for state::AxonInfo {
    fn mirror(self) -> AxonInfo {
        AxonInfo {
            block: self.block,
            version: self.version,
            ip: self.ip,
            port: self.port,
            ip_type: self.ip_type,
            protocol: self.protocol,
            placeholder1: self.placeholder1,
            placeholder2: self.placeholder2,
        }
    }
}

leaf_struct! {
    /// `pallet_subtensor::pallet::PrometheusInfo`.
    pub struct PrometheusInfo in "pallet_subtensor::pallet" {
        /// Block of the last update.
        pub block: u64,
        /// Software version.
        pub version: u32,
        /// Address as an integer.
        pub ip: u128,
        /// Port.
        pub port: u16,
        /// 4 or 6.
        pub ip_type: u8,
    }
}

impl Mirror<PrometheusInfo> for state::PrometheusInfo {
    fn mirror(self) -> PrometheusInfo {
        PrometheusInfo {
            block: self.block,
            version: self.version,
            ip: self.ip,
            port: self.port,
            ip_type: self.ip_type,
        }
    }
}

leaf_struct! {
    /// `pallet_subtensor::pallet::SubnetIdentityV3`.
    pub struct SubnetIdentityV3 in "pallet_subtensor::pallet" {
        /// Display name.
        pub subnet_name: Vec<u8>,
        /// Source repository.
        pub github_repo: Vec<u8>,
        /// Contact.
        pub subnet_contact: Vec<u8>,
        /// Web site.
        pub subnet_url: Vec<u8>,
        /// Discord handle.
        pub discord: Vec<u8>,
        /// Description.
        pub description: Vec<u8>,
        /// Logo address.
        pub logo_url: Vec<u8>,
        /// Anything else.
        pub additional: Vec<u8>,
    }
}

impl Mirror<SubnetIdentityV3> for state::SubnetIdentity {
    fn mirror(self) -> SubnetIdentityV3 {
        SubnetIdentityV3 {
            subnet_name: self.subnet_name,
            github_repo: self.github_repo,
            subnet_contact: self.subnet_contact,
            subnet_url: self.subnet_url,
            discord: self.discord,
            description: self.description,
            logo_url: self.logo_url,
            additional: self.additional,
        }
    }
}

leaf_struct! {
    /// `pallet_subtensor::pallet::ChainIdentityV2` (a coldkey identity; not modelled by dtao).
    pub struct ChainIdentityV2 in "pallet_subtensor::pallet" {
        /// Display name.
        pub name: Vec<u8>,
        /// Web site.
        pub url: Vec<u8>,
        /// Source repository.
        pub github_repo: Vec<u8>,
        /// Image address.
        pub image: Vec<u8>,
        /// Discord handle.
        pub discord: Vec<u8>,
        /// Description.
        pub description: Vec<u8>,
        /// Anything else.
        pub additional: Vec<u8>,
    }
}

impl Mirror<ChainIdentityV2> for read::ChainIdentityV2 {
    fn mirror(self) -> ChainIdentityV2 {
        ChainIdentityV2 {
            name: self.name,
            url: self.url,
            github_repo: self.github_repo,
            image: self.image,
            discord: self.discord,
            description: self.description,
            additional: self.additional,
        }
    }
}

unit_enum! {
    /// `pallet_subtensor::pallet::RootClaimTypeEnum` (root claim is not modelled: never stored).
    pub enum RootClaimTypeEnum in "pallet_subtensor::pallet" {
        /// Swap claimed alpha to TAO.
        #[default]
        Swap = 0,
        /// Keep claimed alpha.
        Keep = 1,
    }
}

unit_enum! {
    /// `pallet_subtensor::pallet::RecycleOrBurnEnum`.
    pub enum RecycleOrBurnEnum in "pallet_subtensor::pallet" {
        /// Destroy the alpha.
        #[default]
        Burn = 0,
        /// Lower `SubnetAlphaOut`.
        Recycle = 1,
    }
}

leaf_struct! {
    /// `pallet_subtensor_swap_runtime_api::SimSwapResult`: a simulated swap.
    pub struct SimSwapResult in "pallet_subtensor_swap_runtime_api" {
        /// TAO paid in (buy) or received (sell), in rao.
        pub tao_amount: u64,
        /// Alpha received (buy) or paid in (sell), in rao.
        pub alpha_amount: u64,
        /// Fee charged in TAO rao.
        pub tao_fee: u64,
        /// Fee charged in alpha rao (always 0: the R1 fee is in TAO).
        pub alpha_fee: u64,
    }
}

// ---- runtime-API structs ----------------------------------------------------------------

/// Declares a runtime-API mirror struct deriving `TypeInfo` (the caller gives the
/// `replace_segment` attribute that sets the upstream path) and its conversion from the read
/// model with the same field names.
macro_rules! api_struct {
    (
        $(#[$meta:meta])*
        pub struct $name:ident from $source:ty {
            $( $field:ident : $fty:ty, )*
        }
    ) => {
        #[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
        $(#[$meta])*
        pub struct $name {
            $(
                #[doc = concat!("`", stringify!($field), "`, as in the read model.")]
                pub $field: $fty,
            )*
        }

        impl From<$source> for $name {
            fn from(value: $source) -> Self {
                $name { $( $field: Mirror::mirror(value.$field), )* }
            }
        }

        impl Mirror<$name> for $source {
            fn mirror(self) -> $name {
                $name::from(self)
            }
        }
    };
}

api_struct! {
    /// `pallet_subtensor::rpc_info::dynamic_info::DynamicInfo`.
    #[scale_info(
        replace_segment("dtao_node", "pallet_subtensor"),
        replace_segment("state_api", "rpc_info"),
        replace_segment("types", "dynamic_info")
    )]
    pub struct DynamicInfo from read::DynamicInfo {
        netuid: Compact<u16>,
        owner_hotkey: AccountId32,
        owner_coldkey: AccountId32,
        subnet_name: Vec<Compact<u8>>,
        token_symbol: Vec<Compact<u8>>,
        tempo: Compact<u16>,
        last_step: Compact<u64>,
        blocks_since_last_step: Compact<u64>,
        emission: Compact<u64>,
        alpha_in: Compact<u64>,
        alpha_out: Compact<u64>,
        tao_in: Compact<u64>,
        alpha_out_emission: Compact<u64>,
        alpha_in_emission: Compact<u64>,
        tao_in_emission: Compact<u64>,
        pending_alpha_emission: Compact<u64>,
        pending_root_emission: Compact<u64>,
        subnet_volume: Compact<u128>,
        network_registered_at: Compact<u64>,
        subnet_identity: Option<SubnetIdentityV3>,
        moving_price: FixedI128,
    }
}

api_struct! {
    /// `pallet_subtensor::rpc_info::neuron_info::NeuronInfoLite`.
    #[scale_info(
        replace_segment("dtao_node", "pallet_subtensor"),
        replace_segment("state_api", "rpc_info"),
        replace_segment("types", "neuron_info")
    )]
    pub struct NeuronInfoLite from read::NeuronInfoLite {
        hotkey: AccountId32,
        coldkey: AccountId32,
        uid: Compact<u16>,
        netuid: Compact<u16>,
        active: bool,
        axon_info: AxonInfo,
        prometheus_info: PrometheusInfo,
        stake: Vec<(AccountId32, Compact<u64>)>,
        rank: Compact<u16>,
        emission: Compact<u64>,
        incentive: Compact<u16>,
        consensus: Compact<u16>,
        trust: Compact<u16>,
        validator_trust: Compact<u16>,
        dividends: Compact<u16>,
        last_update: Compact<u64>,
        validator_permit: bool,
        pruning_score: Compact<u16>,
    }
}

api_struct! {
    /// `pallet_subtensor::rpc_info::neuron_info::NeuronInfo`.
    #[scale_info(
        replace_segment("dtao_node", "pallet_subtensor"),
        replace_segment("state_api", "rpc_info"),
        replace_segment("types", "neuron_info")
    )]
    pub struct NeuronInfo from read::NeuronInfo {
        hotkey: AccountId32,
        coldkey: AccountId32,
        uid: Compact<u16>,
        netuid: Compact<u16>,
        active: bool,
        axon_info: AxonInfo,
        prometheus_info: PrometheusInfo,
        stake: Vec<(AccountId32, Compact<u64>)>,
        rank: Compact<u16>,
        emission: Compact<u64>,
        incentive: Compact<u16>,
        consensus: Compact<u16>,
        trust: Compact<u16>,
        validator_trust: Compact<u16>,
        dividends: Compact<u16>,
        last_update: Compact<u64>,
        validator_permit: bool,
        weights: Vec<(Compact<u16>, Compact<u16>)>,
        bonds: Vec<(Compact<u16>, Compact<u16>)>,
        pruning_score: Compact<u16>,
    }
}

api_struct! {
    /// `pallet_subtensor::rpc_info::stake_info::StakeInfo`.
    #[scale_info(
        replace_segment("dtao_node", "pallet_subtensor"),
        replace_segment("state_api", "rpc_info"),
        replace_segment("types", "stake_info")
    )]
    pub struct StakeInfo from read::StakeInfo {
        hotkey: AccountId32,
        coldkey: AccountId32,
        netuid: Compact<u16>,
        stake: Compact<u64>,
        locked: Compact<u64>,
        emission: Compact<u64>,
        tao_emission: Compact<u64>,
        drain: Compact<u64>,
        is_registered: bool,
    }
}

api_struct! {
    /// `pallet_subtensor::rpc_info::delegate_info::DelegateInfo`.
    #[scale_info(
        replace_segment("dtao_node", "pallet_subtensor"),
        replace_segment("state_api", "rpc_info"),
        replace_segment("types", "delegate_info")
    )]
    pub struct DelegateInfo from read::DelegateInfo {
        delegate_ss58: AccountId32,
        take: Compact<u16>,
        nominators: Vec<(AccountId32, Vec<(Compact<u16>, Compact<u64>)>)>,
        owner_ss58: AccountId32,
        registrations: Vec<Compact<u16>>,
        validator_permits: Vec<Compact<u16>>,
        return_per_1000: Compact<u64>,
        total_daily_return: Compact<u64>,
    }
}

api_struct! {
    /// `pallet_subtensor::rpc_info::subnet_info::SubnetInfo`.
    #[scale_info(
        replace_segment("dtao_node", "pallet_subtensor"),
        replace_segment("state_api", "rpc_info"),
        replace_segment("types", "subnet_info")
    )]
    pub struct SubnetInfo from read::SubnetInfo {
        netuid: Compact<u16>,
        rho: Compact<u16>,
        kappa: Compact<u16>,
        difficulty: Compact<u64>,
        immunity_period: Compact<u16>,
        max_allowed_validators: Compact<u16>,
        min_allowed_weights: Compact<u16>,
        max_weights_limit: Compact<u16>,
        scaling_law_power: Compact<u16>,
        subnetwork_n: Compact<u16>,
        max_allowed_uids: Compact<u16>,
        blocks_since_last_step: Compact<u64>,
        tempo: Compact<u16>,
        network_modality: Compact<u16>,
        network_connect: Vec<[u16; 2]>,
        emission_values: Compact<u64>,
        burn: Compact<u64>,
        owner: AccountId32,
    }
}

api_struct! {
    /// `pallet_subtensor::rpc_info::subnet_info::SubnetInfov2`.
    #[scale_info(
        replace_segment("dtao_node", "pallet_subtensor"),
        replace_segment("state_api", "rpc_info"),
        replace_segment("types", "subnet_info")
    )]
    pub struct SubnetInfov2 from read::SubnetInfov2 {
        netuid: Compact<u16>,
        rho: Compact<u16>,
        kappa: Compact<u16>,
        difficulty: Compact<u64>,
        immunity_period: Compact<u16>,
        max_allowed_validators: Compact<u16>,
        min_allowed_weights: Compact<u16>,
        max_weights_limit: Compact<u16>,
        scaling_law_power: Compact<u16>,
        subnetwork_n: Compact<u16>,
        max_allowed_uids: Compact<u16>,
        blocks_since_last_step: Compact<u64>,
        tempo: Compact<u16>,
        network_modality: Compact<u16>,
        network_connect: Vec<[u16; 2]>,
        emission_value: Compact<u64>,
        burn: Compact<u64>,
        owner: AccountId32,
        identity: Option<SubnetIdentityV3>,
    }
}

api_struct! {
    /// `pallet_subtensor::rpc_info::subnet_info::SubnetHyperparams`.
    #[scale_info(
        replace_segment("dtao_node", "pallet_subtensor"),
        replace_segment("state_api", "rpc_info"),
        replace_segment("types", "subnet_info")
    )]
    pub struct SubnetHyperparams from read::SubnetHyperparams {
        rho: Compact<u16>,
        kappa: Compact<u16>,
        immunity_period: Compact<u16>,
        min_allowed_weights: Compact<u16>,
        max_weights_limit: Compact<u16>,
        tempo: Compact<u16>,
        min_difficulty: Compact<u64>,
        max_difficulty: Compact<u64>,
        weights_version: Compact<u64>,
        weights_rate_limit: Compact<u64>,
        adjustment_interval: Compact<u16>,
        activity_cutoff: Compact<u16>,
        registration_allowed: bool,
        target_regs_per_interval: Compact<u16>,
        min_burn: Compact<u64>,
        max_burn: Compact<u64>,
        bonds_moving_avg: Compact<u64>,
        max_regs_per_block: Compact<u16>,
        serving_rate_limit: Compact<u64>,
        max_validators: Compact<u16>,
        adjustment_alpha: Compact<u64>,
        difficulty: Compact<u64>,
        commit_reveal_period: Compact<u64>,
        commit_reveal_weights_enabled: bool,
        alpha_high: Compact<u16>,
        alpha_low: Compact<u16>,
        liquid_alpha_enabled: bool,
    }
}

api_struct! {
    /// `pallet_subtensor::rpc_info::subnet_info::SubnetHyperparamsV2`.
    #[scale_info(
        replace_segment("dtao_node", "pallet_subtensor"),
        replace_segment("state_api", "rpc_info"),
        replace_segment("types", "subnet_info")
    )]
    pub struct SubnetHyperparamsV2 from read::SubnetHyperparamsV2 {
        rho: Compact<u16>,
        kappa: Compact<u16>,
        immunity_period: Compact<u16>,
        min_allowed_weights: Compact<u16>,
        max_weights_limit: Compact<u16>,
        tempo: Compact<u16>,
        min_difficulty: Compact<u64>,
        max_difficulty: Compact<u64>,
        weights_version: Compact<u64>,
        weights_rate_limit: Compact<u64>,
        adjustment_interval: Compact<u16>,
        activity_cutoff: Compact<u16>,
        registration_allowed: bool,
        target_regs_per_interval: Compact<u16>,
        min_burn: Compact<u64>,
        max_burn: Compact<u64>,
        bonds_moving_avg: Compact<u64>,
        max_regs_per_block: Compact<u16>,
        serving_rate_limit: Compact<u64>,
        max_validators: Compact<u16>,
        adjustment_alpha: Compact<u64>,
        difficulty: Compact<u64>,
        commit_reveal_period: Compact<u64>,
        commit_reveal_weights_enabled: bool,
        alpha_high: Compact<u16>,
        alpha_low: Compact<u16>,
        liquid_alpha_enabled: bool,
        alpha_sigmoid_steepness: FixedI64,
        yuma_version: Compact<u16>,
        subnet_is_active: bool,
        transfers_enabled: bool,
        bonds_reset_enabled: bool,
        user_liquidity_enabled: bool,
    }
}

api_struct! {
    /// `pallet_subtensor::rpc_info::show_subnet::SubnetState`.
    #[scale_info(
        replace_segment("dtao_node", "pallet_subtensor"),
        replace_segment("state_api", "rpc_info"),
        replace_segment("types", "show_subnet")
    )]
    pub struct SubnetState from read::SubnetState {
        netuid: Compact<u16>,
        hotkeys: Vec<AccountId32>,
        coldkeys: Vec<AccountId32>,
        active: Vec<bool>,
        validator_permit: Vec<bool>,
        pruning_score: Vec<Compact<u16>>,
        last_update: Vec<Compact<u64>>,
        emission: Vec<Compact<u64>>,
        dividends: Vec<Compact<u16>>,
        incentives: Vec<Compact<u16>>,
        consensus: Vec<Compact<u16>>,
        trust: Vec<Compact<u16>>,
        rank: Vec<Compact<u16>>,
        block_at_registration: Vec<Compact<u64>>,
        alpha_stake: Vec<Compact<u64>>,
        tao_stake: Vec<Compact<u64>>,
        total_stake: Vec<Compact<u64>>,
        emission_history: Vec<Vec<Compact<u64>>>,
    }
}

/// Declares `Metagraph` and `SelectiveMetagraph` from one list of the fields after `netuid`
/// (the selective struct wraps each in `Option` and adds `validators` and `commitments`), with
/// their conversions from the read models.
macro_rules! metagraph_structs {
    ($( $field:ident : $fty:ty, )*) => {
        /// `pallet_subtensor::rpc_info::metagraph::Metagraph`.
        #[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
        #[scale_info(
            replace_segment("dtao_node", "pallet_subtensor"),
            replace_segment("state_api", "rpc_info"),
            replace_segment("types", "metagraph")
        )]
        pub struct Metagraph {
            /// Subnet.
            pub netuid: Compact<u16>,
            $(
                #[doc = concat!("`", stringify!($field), "`, as in the read model.")]
                pub $field: $fty,
            )*
        }

        impl From<read::Metagraph> for Metagraph {
            fn from(value: read::Metagraph) -> Self {
                Metagraph {
                    netuid: Compact(value.netuid),
                    $( $field: Mirror::mirror(value.$field), )*
                }
            }
        }

        /// `pallet_subtensor::rpc_info::metagraph::SelectiveMetagraph`.
        #[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
        #[scale_info(
            replace_segment("dtao_node", "pallet_subtensor"),
            replace_segment("state_api", "rpc_info"),
            replace_segment("types", "metagraph")
        )]
        pub struct SelectiveMetagraph {
            /// Subnet (always present).
            pub netuid: Compact<u16>,
            $(
                #[doc = concat!("`", stringify!($field), "` if its index was asked for.")]
                pub $field: Option<$fty>,
            )*
            /// Uids with a validator permit above the stake threshold, if asked for.
            pub validators: Option<Vec<Compact<u16>>>,
            /// Commitments, if asked for (always empty in dtao).
            pub commitments: Option<Vec<(AccountId32, Vec<Compact<u8>>)>>,
        }

        impl From<read::SelectiveMetagraph> for SelectiveMetagraph {
            fn from(value: read::SelectiveMetagraph) -> Self {
                SelectiveMetagraph {
                    netuid: Compact(value.netuid),
                    $( $field: Mirror::mirror(value.$field), )*
                    validators: Mirror::mirror(value.validators),
                    commitments: Mirror::mirror(value.commitments),
                }
            }
        }
    };
}

metagraph_structs! {
    name: Vec<Compact<u8>>,
    symbol: Vec<Compact<u8>>,
    identity: Option<SubnetIdentityV3>,
    network_registered_at: Compact<u64>,
    owner_hotkey: AccountId32,
    owner_coldkey: AccountId32,
    block: Compact<u64>,
    tempo: Compact<u16>,
    last_step: Compact<u64>,
    blocks_since_last_step: Compact<u64>,
    subnet_emission: Compact<u64>,
    alpha_in: Compact<u64>,
    alpha_out: Compact<u64>,
    tao_in: Compact<u64>,
    alpha_out_emission: Compact<u64>,
    alpha_in_emission: Compact<u64>,
    tao_in_emission: Compact<u64>,
    pending_alpha_emission: Compact<u64>,
    pending_root_emission: Compact<u64>,
    subnet_volume: Compact<u128>,
    moving_price: FixedI128,
    rho: Compact<u16>,
    kappa: Compact<u16>,
    min_allowed_weights: Compact<u16>,
    max_weights_limit: Compact<u16>,
    weights_version: Compact<u64>,
    weights_rate_limit: Compact<u64>,
    activity_cutoff: Compact<u16>,
    max_validators: Compact<u16>,
    num_uids: Compact<u16>,
    max_uids: Compact<u16>,
    burn: Compact<u64>,
    difficulty: Compact<u64>,
    registration_allowed: bool,
    pow_registration_allowed: bool,
    immunity_period: Compact<u16>,
    min_difficulty: Compact<u64>,
    max_difficulty: Compact<u64>,
    min_burn: Compact<u64>,
    max_burn: Compact<u64>,
    adjustment_alpha: Compact<u64>,
    adjustment_interval: Compact<u16>,
    target_regs_per_interval: Compact<u16>,
    max_regs_per_block: Compact<u16>,
    serving_rate_limit: Compact<u64>,
    commit_reveal_weights_enabled: bool,
    commit_reveal_period: Compact<u64>,
    liquid_alpha_enabled: bool,
    alpha_high: Compact<u16>,
    alpha_low: Compact<u16>,
    bonds_moving_avg: Compact<u64>,
    hotkeys: Vec<AccountId32>,
    coldkeys: Vec<AccountId32>,
    identities: Vec<Option<ChainIdentityV2>>,
    axons: Vec<AxonInfo>,
    active: Vec<bool>,
    validator_permit: Vec<bool>,
    pruning_score: Vec<Compact<u16>>,
    last_update: Vec<Compact<u64>>,
    emission: Vec<Compact<u64>>,
    dividends: Vec<Compact<u16>>,
    incentives: Vec<Compact<u16>>,
    consensus: Vec<Compact<u16>>,
    trust: Vec<Compact<u16>>,
    rank: Vec<Compact<u16>>,
    block_at_registration: Vec<Compact<u64>>,
    alpha_stake: Vec<Compact<u64>>,
    tao_stake: Vec<Compact<u64>>,
    total_stake: Vec<Compact<u64>>,
    tao_dividends_per_hotkey: Vec<(AccountId32, Compact<u64>)>,
    alpha_dividends_per_hotkey: Vec<(AccountId32, Compact<u64>)>,
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn empty_account_is_the_chains_default() {
        // fixtures/subtensor-runtime-331: System.Account's default, 56 bytes ending in 0x80.
        let mut expected = vec![0_u8; 56];
        expected[55] = 0x80;
        assert_eq!(AccountInfo::empty().encode(), expected);
    }

    #[test]
    fn special_paths_are_exact() {
        let path = |ty: Type| ty.path.segments.join("::");
        assert_eq!(
            path(AccountId32::type_info()),
            "sp_core::crypto::AccountId32"
        );
        assert_eq!(path(H256::type_info()), "primitive_types::H256");
        assert_eq!(
            path(DynamicInfo::type_info()),
            "pallet_subtensor::rpc_info::dynamic_info::DynamicInfo"
        );
    }

    #[test]
    fn compact_fields_encode_compactly() {
        let weight = Weight {
            ref_time: 1,
            proof_size: 64,
        };
        assert_eq!(weight.encode(), vec![4, 1, 1]);
        let name: Vec<Compact<u8>> = b"ab".to_vec().mirror();
        // Each byte is a compact: 97 and 98 need the two-byte mode ((b << 2) | 1, LE).
        assert_eq!(name.encode(), vec![8, 0x85, 0x01, 0x89, 0x01]);
    }
}

/// A stake lock (conviction locks are not modelled: never returned, declared so clients that
/// ask `get_coldkey_lock` decode `None`).
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
#[scale_info(crate = scale_info, replace_segment("dtao_node", "pallet_subtensor"), replace_segment("state_api", "staking"), replace_segment("types", "lock"))]
pub struct LockState {
    /// Locked alpha in rao.
    pub locked_mass: u64,
    /// Conviction as raw `I64F64` bits.
    pub conviction: FixedI128,
    /// Block of the last update.
    pub last_update: u64,
}

/// A typed hyperparameter value (`get_subnet_hyperparams_v3`); the variant name is the type tag
/// clients read.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
#[scale_info(crate = scale_info, replace_segment("dtao_node", "pallet_subtensor"), replace_segment("state_api", "rpc_info"), replace_segment("types", "subnet_info"))]
pub enum HyperparamValue {
    /// A boolean.
    Bool(bool),
    /// An unsigned integer.
    U64(u64),
    /// A signed integer.
    I64(i64),
}

/// One named hyperparameter (`get_subnet_hyperparams_v3` returns a list of these).
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
#[scale_info(crate = scale_info, replace_segment("dtao_node", "pallet_subtensor"), replace_segment("state_api", "rpc_info"), replace_segment("types", "subnet_info"))]
pub struct HyperparamRecord {
    /// Name as the SDK spells it.
    pub name: String,
    /// Value.
    pub value: HyperparamValue,
}

/// Hyperparameters reported as booleans.
const BOOLEAN_HYPERPARAMS: &[&str] = &[
    "registration_allowed",
    "commit_reveal_weights_enabled",
    "liquid_alpha_enabled",
    "yuma3_enabled",
    "bonds_reset_enabled",
    "transfers_enabled",
    "subnet_is_active",
    "user_liquidity_enabled",
];

/// The records of a subnet's hyperparameter table.
pub fn hyperparam_records(table: Vec<(&'static str, i128)>) -> Vec<HyperparamRecord> {
    table
        .into_iter()
        .map(|(name, value)| {
            let value = if BOOLEAN_HYPERPARAMS.contains(&name) {
                HyperparamValue::Bool(value != 0)
            } else if value < 0 {
                HyperparamValue::I64(i64::try_from(value).unwrap_or(i64::MIN))
            } else {
                HyperparamValue::U64(u64::try_from(value).unwrap_or(u64::MAX))
            };
            HyperparamRecord {
                name: name.to_string(),
                value,
            }
        })
        .collect()
}
