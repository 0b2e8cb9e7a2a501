//! The runtime APIs the clients call through `state_call("<Api>_<method>", args)`
//! (sdk-compat §4): one table of methods, each with its input names and types, its output
//! type and its handler, which serves both [`state_call`] and the `apis` section of the
//! metadata ([`runtime_apis_metadata`]), so the declaration and the answer cannot drift apart.
//!
//! Names, inputs and output shapes follow subtensor runtime 331 (apis.txt, api_types.txt).
//! Answers are the bare SCALE encoding of the declared output; values come from the read
//! models in `dtao_runtime::read` and the quote helpers of `dtao_runtime::staking`.
//!
//! Inputs are adversarial: decoding is depth-limited, lists are length-capped before any
//! allocation, trailing bytes are refused, and every failure is an [`ApiError`] carrying the
//! message the RPC returns. Nothing here panics.

use super::types::{
    hyperparam_records, AccountId32, DelegateInfo, DispatchClass, DynamicInfo, HyperparamRecord,
    LockState, Metagraph, NeuronInfo, NeuronInfoLite, RuntimeDispatchInfo, SelectiveMetagraph,
    SimSwapResult, StakeInfo, SubnetHyperparams, SubnetHyperparamsV2, SubnetInfo, SubnetInfov2,
    SubnetState, Weight,
};
use super::NodeData;
use dtao_primitives::{AccountId, NetUid};
use dtao_runtime::state::Mechanism;
use dtao_runtime::{read, staking, subnets, State};
use frame_metadata::v15::{
    RuntimeApiMetadata, RuntimeApiMethodMetadata, RuntimeApiMethodParamMetadata,
};
use parity_scale_codec::{Compact, Decode, DecodeLimit, Encode};
use scale_info::form::MetaForm;
use scale_info::{meta_type, MetaType, TypeInfo};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

/// Nesting depth allowed when decoding arguments (ours are at most three levels deep).
pub const MAX_ARGUMENT_DEPTH: u32 = 32;

/// Most coldkeys one `get_stake_info_for_coldkeys` call may ask for.
pub const MAX_COLDKEYS: u32 = 4_096;

/// Most indexes one selective metagraph call may list.
pub const MAX_METAGRAPH_INDEXES: u32 = 1_024;

/// Why a `state_call` failed; `Display` is the message the RPC error carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// No such `<Api>_<method>` (Substrate's wording, which the clients recognise for
    /// `Metadata_metadata_at_version`).
    MethodNotFound(String),
    /// The arguments do not decode as the declared inputs.
    BadInput {
        /// `<Api>_<method>`.
        method: String,
        /// What was wrong.
        reason: String,
    },
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::MethodNotFound(name) => write!(f, "Exported method {name} is not found"),
            ApiError::BadInput { method, reason } => {
                write!(f, "Bad input data provided to {method}: {reason}")
            }
        }
    }
}

impl std::error::Error for ApiError {}

/// Run `<Api>_<method>` over `state` with SCALE-encoded `args`; returns the SCALE encoding of
/// the declared output.
pub fn state_call(
    state: &State,
    extra: &NodeData<'_>,
    method: &str,
    args: &[u8],
) -> Result<Vec<u8>, ApiError> {
    let table = methods();
    let entry = table
        .by_name
        .get(method)
        .and_then(|index| table.methods.get(*index))
        .ok_or_else(|| ApiError::MethodNotFound(method.to_string()))?;
    let mut input = Args {
        method: entry.full_name.as_str(),
        input: args,
    };
    let output = (entry.run)(state, extra, &mut input)?;
    input.finish()?;
    Ok(output)
}

/// The `apis` section of the metadata: every API and method [`state_call`] serves, in the
/// upstream order. `extrinsic_ty` is the type of `TransactionPaymentApi_query_info`'s `uxt`
/// input (`sp_runtime::generic::unchecked_extrinsic::UncheckedExtrinsic<…>`), owned by the
/// node's extrinsic module.
pub fn runtime_apis_metadata(extrinsic_ty: MetaType) -> Vec<RuntimeApiMetadata<MetaForm>> {
    let mut apis: Vec<RuntimeApiMetadata<MetaForm>> = Vec::new();
    for method in &methods().methods {
        let metadata = RuntimeApiMethodMetadata {
            name: method.name,
            inputs: method
                .inputs
                .iter()
                .map(|(name, ty)| RuntimeApiMethodParamMetadata {
                    name: *name,
                    ty: match ty {
                        ArgTy::Meta(ty) => *ty,
                        ArgTy::Extrinsic => extrinsic_ty,
                    },
                })
                .collect(),
            output: method.output,
            docs: method.docs.to_vec(),
        };
        match apis.last_mut() {
            Some(api) if api.name == method.api => api.methods.push(metadata),
            _ => apis.push(RuntimeApiMetadata {
                name: method.api,
                methods: vec![metadata],
                docs: api_docs(method.api).to_vec(),
            }),
        }
    }
    apis
}

/// Every `<Api>_<method>` name [`state_call`] serves, in table order.
pub fn method_names() -> Vec<&'static str> {
    methods()
        .methods
        .iter()
        .map(|method| method.full_name.as_str())
        .collect()
}

// ---- argument decoding ------------------------------------------------------------------

/// The remaining argument bytes of one call.
struct Args<'a> {
    method: &'a str,
    input: &'a [u8],
}

impl<'a> Args<'a> {
    fn bad(&self, reason: impl Into<String>) -> ApiError {
        ApiError::BadInput {
            method: self.method.to_string(),
            reason: reason.into(),
        }
    }

    /// Decode the next argument.
    fn take<T: Decode>(&mut self) -> Result<T, ApiError> {
        T::decode_with_depth_limit(MAX_ARGUMENT_DEPTH, &mut self.input)
            .map_err(|error| self.bad(error.to_string()))
    }

    /// Decode a `Vec<T>` of at most `max` items (the bound is checked before allocating).
    fn take_vec<T: Decode>(&mut self, max: u32) -> Result<Vec<T>, ApiError> {
        let Compact(len) = self.take::<Compact<u32>>()?;
        if len > max {
            return Err(self.bad(format!("list of {len} items exceeds the limit of {max}")));
        }
        (0..len).map(|_| self.take::<T>()).collect()
    }

    fn netuid(&mut self) -> Result<NetUid, ApiError> {
        self.take::<u16>().map(NetUid)
    }

    fn account(&mut self) -> Result<AccountId, ApiError> {
        self.take::<AccountId32>().map(AccountId::from)
    }

    /// An encoded extrinsic with its compact length prefix, returned whole (prefix included).
    fn take_extrinsic(&mut self) -> Result<&'a [u8], ApiError> {
        let whole = self.input;
        let Compact(len) = self.take::<Compact<u32>>()?;
        let prefix_len = whole.len() - self.input.len();
        let len = usize::try_from(len).map_err(|_| self.bad("extrinsic length overflows"))?;
        if len > self.input.len() {
            return Err(self.bad(format!(
                "extrinsic of {len} bytes but only {} bytes left",
                self.input.len()
            )));
        }
        self.input = &self.input[len..];
        Ok(&whole[..prefix_len + len])
    }

    /// Refuse leftover bytes.
    fn finish(&self) -> Result<(), ApiError> {
        if self.input.is_empty() {
            Ok(())
        } else {
            Err(self.bad(format!("{} unexpected trailing bytes", self.input.len())))
        }
    }
}

// ---- the method table -------------------------------------------------------------------

type Handler = fn(&State, &NodeData<'_>, &mut Args<'_>) -> Result<Vec<u8>, ApiError>;

/// An input's declared type: a Rust type, or the node's extrinsic type.
#[derive(Clone, Copy)]
enum ArgTy {
    Meta(MetaType),
    Extrinsic,
}

struct Method {
    api: &'static str,
    name: &'static str,
    full_name: String,
    inputs: Vec<(&'static str, ArgTy)>,
    output: MetaType,
    docs: &'static [&'static str],
    run: Handler,
}

struct Methods {
    methods: Vec<Method>,
    by_name: BTreeMap<String, usize>,
}

fn methods() -> &'static Methods {
    static METHODS: OnceLock<Methods> = OnceLock::new();
    METHODS.get_or_init(|| {
        let methods = method_table();
        let by_name = methods
            .iter()
            .enumerate()
            .map(|(index, method)| (method.full_name.clone(), index))
            .collect();
        Methods { methods, by_name }
    })
}

fn arg<T: TypeInfo + 'static>(name: &'static str) -> (&'static str, ArgTy) {
    (name, ArgTy::Meta(meta_type::<T>()))
}

fn method<O: TypeInfo + 'static>(
    api: &'static str,
    name: &'static str,
    inputs: Vec<(&'static str, ArgTy)>,
    docs: &'static [&'static str],
    run: Handler,
) -> Method {
    Method {
        api,
        name,
        full_name: format!("{api}_{name}"),
        inputs,
        output: meta_type::<O>(),
        docs,
        run,
    }
}

fn api_docs(api: &str) -> &'static [&'static str] {
    match api {
        "AccountNonceApi" => &[" The API to query account nonce."],
        "TransactionPaymentApi" => &[" Fee previews of encoded extrinsics."],
        "DelegateInfoRuntimeApi" => &[" Delegates (hotkeys accepting stake) and their nominators."],
        "NeuronInfoRuntimeApi" => &[" Neurons (uids) of a subnet."],
        "SubnetInfoRuntimeApi" => &[" Subnets: pools, hyperparameters and metagraphs."],
        "StakeInfoRuntimeApi" => &[" Stake positions of coldkeys."],
        "SubnetRegistrationRuntimeApi" => &[" The cost of registering a subnet."],
        "SwapRuntimeApi" => &[" Pool prices and simulated swaps."],
        _ => &[],
    }
}

const NONCE: &str = "AccountNonceApi";
const PAYMENT: &str = "TransactionPaymentApi";
const DELEGATE: &str = "DelegateInfoRuntimeApi";
const NEURON: &str = "NeuronInfoRuntimeApi";
const SUBNET: &str = "SubnetInfoRuntimeApi";
const STAKE: &str = "StakeInfoRuntimeApi";
const REGISTRATION: &str = "SubnetRegistrationRuntimeApi";
const SWAP: &str = "SwapRuntimeApi";

fn method_table() -> Vec<Method> {
    let mut table = vec![
        method::<u32>(
            NONCE,
            "account_nonce",
            vec![arg::<AccountId32>("account")],
            &[" Get current account nonce of given `AccountId`."],
            |state, _, args| Ok(state.nonce(&args.account()?).encode()),
        ),
        Method {
            inputs: vec![("uxt", ArgTy::Extrinsic), arg::<u32>("len")],
            ..method::<RuntimeDispatchInfo>(
                PAYMENT,
                "query_info",
                Vec::new(),
                &[" Fee of an encoded extrinsic (the dispatch weight is not reported: 0)."],
                query_info,
            )
        },
    ];
    table.extend(delegate_methods());
    table.extend(neuron_methods());
    table.extend(subnet_methods());
    table.extend(metagraph_methods());
    table.extend(stake_methods());
    table.push(method::<u64>(
        REGISTRATION,
        "get_network_registration_cost",
        Vec::new(),
        &[" Lock cost of a subnet registered now, in rao."],
        |state, _, _| Ok(subnets::network_lock_cost(state).encode()),
    ));
    table.extend(swap_methods());
    table
}

/// `TransactionPaymentApi_query_info(uxt, len)`: the fee the node would charge for `uxt`
/// (computed by the node's closure from the extrinsic's own bytes, so it equals the fee of
/// the same bytes at inclusion; `len` is read and ignored).
fn query_info(_: &State, extra: &NodeData<'_>, args: &mut Args<'_>) -> Result<Vec<u8>, ApiError> {
    let extrinsic = args.take_extrinsic()?;
    let _len: u32 = args.take()?;
    let partial_fee = (extra.fee)(extrinsic)
        .ok_or_else(|| args.bad("the extrinsic does not decode as a call of this chain"))?;
    Ok(RuntimeDispatchInfo {
        weight: Weight::default(),
        class: DispatchClass::Normal,
        partial_fee,
    }
    .encode())
}

/// One position of `get_delegated`: the delegate and `(netuid, stake)`.
type Delegated = (DelegateInfo, (Compact<u16>, Compact<u64>));

fn delegate_methods() -> Vec<Method> {
    vec![
        method::<Vec<DelegateInfo>>(DELEGATE, "get_delegates", Vec::new(), &[], |state, _, _| {
            Ok(mirror_all::<_, DelegateInfo>(read::delegates(state)).encode())
        }),
        method::<Option<DelegateInfo>>(
            DELEGATE,
            "get_delegate",
            vec![arg::<AccountId32>("delegate_account")],
            &[],
            |state, _, args| {
                let hotkey = args.account()?;
                Ok(read::delegate(state, &hotkey)
                    .map(DelegateInfo::from)
                    .encode())
            },
        ),
        method::<Vec<Delegated>>(
            DELEGATE,
            "get_delegated",
            vec![arg::<AccountId32>("delegatee_account")],
            &[],
            |state, _, args| {
                let coldkey = args.account()?;
                let delegated: Vec<Delegated> = read::delegated(state, &coldkey)
                    .into_iter()
                    .map(|(info, (netuid, stake))| {
                        (DelegateInfo::from(info), (Compact(netuid), Compact(stake)))
                    })
                    .collect();
                Ok(delegated.encode())
            },
        ),
    ]
}

fn neuron_methods() -> Vec<Method> {
    vec![
        method::<Vec<NeuronInfo>>(
            NEURON,
            "get_neurons",
            vec![arg::<u16>("netuid")],
            &[],
            |state, _, args| {
                let netuid = args.netuid()?;
                Ok(mirror_all::<_, NeuronInfo>(read::neurons(state, netuid)).encode())
            },
        ),
        method::<Option<NeuronInfo>>(
            NEURON,
            "get_neuron",
            vec![arg::<u16>("netuid"), arg::<u16>("uid")],
            &[],
            |state, _, args| {
                let netuid = args.netuid()?;
                let uid: u16 = args.take()?;
                Ok(read::neuron(state, netuid, uid)
                    .map(NeuronInfo::from)
                    .encode())
            },
        ),
        method::<Vec<NeuronInfoLite>>(
            NEURON,
            "get_neurons_lite",
            vec![arg::<u16>("netuid")],
            &[],
            |state, _, args| {
                let netuid = args.netuid()?;
                Ok(mirror_all::<_, NeuronInfoLite>(read::neurons_lite(state, netuid)).encode())
            },
        ),
        method::<Option<NeuronInfoLite>>(
            NEURON,
            "get_neuron_lite",
            vec![arg::<u16>("netuid"), arg::<u16>("uid")],
            &[],
            |state, _, args| {
                let netuid = args.netuid()?;
                let uid: u16 = args.take()?;
                Ok(read::neuron_lite(state, netuid, uid)
                    .map(NeuronInfoLite::from)
                    .encode())
            },
        ),
    ]
}

fn mirror_all<S, T: From<S>>(values: Vec<S>) -> Vec<T> {
    values.into_iter().map(T::from).collect()
}

fn some_all<S, T: From<S>>(values: Vec<S>) -> Vec<Option<T>> {
    values
        .into_iter()
        .map(|value| Some(T::from(value)))
        .collect()
}

fn subnet_methods() -> Vec<Method> {
    vec![
        method::<Option<SubnetInfo>>(
            SUBNET,
            "get_subnet_info",
            vec![arg::<u16>("netuid")],
            &[],
            |state, _, args| {
                let netuid = args.netuid()?;
                Ok(read::subnet_info(state, netuid)
                    .map(SubnetInfo::from)
                    .encode())
            },
        ),
        method::<Vec<Option<SubnetInfo>>>(
            SUBNET,
            "get_subnets_info",
            Vec::new(),
            &[],
            |state, _, _| Ok(some_all::<_, SubnetInfo>(read::subnets_info(state)).encode()),
        ),
        method::<Option<SubnetInfov2>>(
            SUBNET,
            "get_subnet_info_v2",
            vec![arg::<u16>("netuid")],
            &[],
            |state, _, args| {
                let netuid = args.netuid()?;
                Ok(read::subnet_info_v2(state, netuid)
                    .map(SubnetInfov2::from)
                    .encode())
            },
        ),
        method::<Vec<Option<SubnetInfov2>>>(
            SUBNET,
            "get_subnets_info_v2",
            Vec::new(),
            &[],
            |state, _, _| Ok(some_all::<_, SubnetInfov2>(read::subnets_info_v2(state)).encode()),
        ),
        method::<Option<SubnetHyperparams>>(
            SUBNET,
            "get_subnet_hyperparams",
            vec![arg::<u16>("netuid")],
            &[],
            |state, _, args| {
                let netuid = args.netuid()?;
                Ok(read::subnet_hyperparams(state, netuid)
                    .map(SubnetHyperparams::from)
                    .encode())
            },
        ),
        method::<Option<SubnetHyperparamsV2>>(
            SUBNET,
            "get_subnet_hyperparams_v2",
            vec![arg::<u16>("netuid")],
            &[],
            |state, _, args| {
                let netuid = args.netuid()?;
                Ok(read::subnet_hyperparams_v2(state, netuid)
                    .map(SubnetHyperparamsV2::from)
                    .encode())
            },
        ),
        method::<Option<Vec<HyperparamRecord>>>(
            SUBNET,
            "get_subnet_hyperparams_v3",
            vec![arg::<u16>("netuid")],
            &["Every hyperparameter of a subnet as a named, typed record."],
            |state, _, args| {
                let netuid = args.netuid()?;
                Ok(state
                    .subnets
                    .get(&netuid)
                    .map(|subnet| {
                        hyperparam_records(dtao_runtime::admin::hyperparameter_table(subnet))
                    })
                    .encode())
            },
        ),
        method::<Vec<Option<DynamicInfo>>>(
            SUBNET,
            "get_all_dynamic_info",
            Vec::new(),
            &[],
            |state, _, _| Ok(some_all::<_, DynamicInfo>(read::all_dynamic_info(state)).encode()),
        ),
    ]
}

fn metagraph_methods() -> Vec<Method> {
    vec![
        method::<Vec<Option<Metagraph>>>(
            SUBNET,
            "get_all_metagraphs",
            Vec::new(),
            &[],
            |state, _, _| Ok(some_all::<_, Metagraph>(read::all_metagraphs(state)).encode()),
        ),
        method::<Option<Metagraph>>(
            SUBNET,
            "get_metagraph",
            vec![arg::<u16>("netuid")],
            &[],
            |state, _, args| {
                let netuid = args.netuid()?;
                Ok(read::metagraph(state, netuid).map(Metagraph::from).encode())
            },
        ),
        method::<Vec<Option<Metagraph>>>(
            SUBNET,
            "get_all_mechagraphs",
            Vec::new(),
            &[" One mechanism per subnet: the metagraph of every subnet."],
            |state, _, _| Ok(some_all::<_, Metagraph>(read::all_metagraphs(state)).encode()),
        ),
        method::<Option<Metagraph>>(
            SUBNET,
            "get_mechagraph",
            vec![arg::<u16>("netuid"), arg::<u8>("mecid")],
            &[],
            |state, _, args| {
                let netuid = args.netuid()?;
                let mecid: u8 = args.take()?;
                Ok(read::mechagraph(state, netuid, mecid)
                    .map(Metagraph::from)
                    .encode())
            },
        ),
        method::<Option<DynamicInfo>>(
            SUBNET,
            "get_dynamic_info",
            vec![arg::<u16>("netuid")],
            &[],
            |state, _, args| {
                let netuid = args.netuid()?;
                Ok(read::dynamic_info(state, netuid)
                    .map(DynamicInfo::from)
                    .encode())
            },
        ),
        method::<Option<SubnetState>>(
            SUBNET,
            "get_subnet_state",
            vec![arg::<u16>("netuid")],
            &[],
            |state, _, args| {
                let netuid = args.netuid()?;
                Ok(read::subnet_state(state, netuid)
                    .map(SubnetState::from)
                    .encode())
            },
        ),
        method::<Option<SelectiveMetagraph>>(
            SUBNET,
            "get_selective_metagraph",
            vec![arg::<u16>("netuid"), arg::<Vec<u16>>("metagraph_indexes")],
            &[],
            |state, _, args| {
                let netuid = args.netuid()?;
                let indexes: Vec<u16> = args.take_vec(MAX_METAGRAPH_INDEXES)?;
                Ok(read::selective_metagraph(state, netuid, &indexes)
                    .map(SelectiveMetagraph::from)
                    .encode())
            },
        ),
        method::<Option<AccountId32>>(
            SUBNET,
            "get_coldkey_auto_stake_hotkey",
            vec![arg::<AccountId32>("coldkey"), arg::<u16>("netuid")],
            &[" Auto-stake destinations are not modelled: always `None`."],
            |_, _, args| {
                args.account()?;
                args.netuid()?;
                Ok(None::<AccountId32>.encode())
            },
        ),
        method::<Option<SelectiveMetagraph>>(
            SUBNET,
            "get_selective_mechagraph",
            vec![
                arg::<u16>("netuid"),
                arg::<u8>("subid"),
                arg::<Vec<u16>>("metagraph_indexes"),
            ],
            &[],
            |state, _, args| {
                let netuid = args.netuid()?;
                let mecid: u8 = args.take()?;
                let indexes: Vec<u16> = args.take_vec(MAX_METAGRAPH_INDEXES)?;
                Ok(read::selective_mechagraph(state, netuid, mecid, &indexes)
                    .map(SelectiveMetagraph::from)
                    .encode())
            },
        ),
        method::<Option<u16>>(
            SUBNET,
            "get_subnet_to_prune",
            Vec::new(),
            &[],
            |state, _, _| Ok(subnets::network_to_prune(state).map(|n| n.0).encode()),
        ),
    ]
}

fn stake_methods() -> Vec<Method> {
    vec![
        method::<Vec<StakeInfo>>(
            STAKE,
            "get_stake_info_for_coldkey",
            vec![arg::<AccountId32>("coldkey_account")],
            &[],
            |state, _, args| {
                let coldkey = args.account()?;
                Ok(
                    mirror_all::<_, StakeInfo>(read::stake_info_for_coldkey(state, &coldkey))
                        .encode(),
                )
            },
        ),
        method::<Vec<(AccountId32, Vec<StakeInfo>)>>(
            STAKE,
            "get_stake_info_for_coldkeys",
            vec![arg::<Vec<AccountId32>>("coldkey_accounts")],
            &[" One entry per requested coldkey, in the order asked, even when empty."],
            |state, _, args| {
                let coldkeys: Vec<AccountId> = args
                    .take_vec::<AccountId32>(MAX_COLDKEYS)?
                    .into_iter()
                    .map(AccountId::from)
                    .collect();
                let result: Vec<(AccountId32, Vec<StakeInfo>)> =
                    read::stake_info_for_coldkeys(state, &coldkeys)
                        .into_iter()
                        .map(|(coldkey, infos)| (coldkey.into(), mirror_all(infos)))
                        .collect();
                Ok(result.encode())
            },
        ),
        method::<Option<LockState>>(
            STAKE,
            "get_coldkey_lock",
            vec![arg::<AccountId32>("coldkey"), arg::<u16>("netuid")],
            &["Stake locks are not modelled: always none."],
            |_, _, args| {
                let _coldkey = args.account()?;
                let _netuid = args.netuid()?;
                Ok(Option::<LockState>::None.encode())
            },
        ),
        method::<Option<StakeInfo>>(
            STAKE,
            "get_stake_info_for_hotkey_coldkey_netuid",
            vec![
                arg::<AccountId32>("hotkey_account"),
                arg::<AccountId32>("coldkey_account"),
                arg::<u16>("netuid"),
            ],
            &[],
            |state, _, args| {
                let hotkey = args.account()?;
                let coldkey = args.account()?;
                let netuid = args.netuid()?;
                Ok(
                    read::stake_info_for_hotkey_coldkey_netuid(state, &hotkey, &coldkey, netuid)
                        .map(StakeInfo::from)
                        .encode(),
                )
            },
        ),
        method::<u64>(
            STAKE,
            "get_stake_fee",
            vec![
                arg::<Option<(AccountId32, u16)>>("origin"),
                arg::<AccountId32>("origin_coldkey_account"),
                arg::<Option<(AccountId32, u16)>>("destination"),
                arg::<AccountId32>("destination_coldkey_account"),
                arg::<u64>("amount"),
            ],
            &[" Staking fee in rao of adding, removing or moving `amount` (R1 flat fee)."],
            stake_fee,
        ),
    ]
}

/// `get_stake_fee`: the fee of the quoted operation (add if only a destination is given,
/// remove if only an origin, move if both), or the flat fee of the pools involved if the
/// quote itself is refused (amount below the minimum, pool too shallow).
fn stake_fee(state: &State, _: &NodeData<'_>, args: &mut Args<'_>) -> Result<Vec<u8>, ApiError> {
    let origin: Option<(AccountId32, u16)> = args.take()?;
    args.account()?;
    let destination: Option<(AccountId32, u16)> = args.take()?;
    args.account()?;
    let amount: u64 = args.take()?;
    let origin = origin.map(|(_, netuid)| NetUid(netuid));
    let destination = destination.map(|(_, netuid)| NetUid(netuid));
    let quoted = match (origin, destination) {
        (None, None) => Some(0),
        (None, Some(to)) => staking::quote_add_stake(state, to, amount)
            .ok()
            .map(|quote| quote.fee.rao()),
        (Some(from), None) => staking::quote_remove_stake(state, from, amount)
            .ok()
            .map(|quote| quote.fee.rao()),
        (Some(from), Some(to)) => {
            staking::quote_move_stake(state, from, to, amount)
                .ok()
                .map(|quote| {
                    quote
                        .unstake
                        .fee
                        .rao()
                        .saturating_add(quote.stake.fee.rao())
                })
        }
    };
    let fee = quoted.unwrap_or_else(|| flat_fee(state, [origin, destination]));
    Ok(fee.encode())
}

/// The R1 flat staking fee if any of `netuids` is a pool (dynamic) subnet, else 0.
fn flat_fee(state: &State, netuids: [Option<NetUid>; 2]) -> u64 {
    let any_pool = netuids.iter().flatten().any(|netuid| {
        state
            .subnets
            .get(netuid)
            .is_some_and(|subnet| subnet.mechanism == Mechanism::Dynamic)
    });
    if any_pool {
        state.params.staking_fee
    } else {
        0
    }
}

fn swap_methods() -> Vec<Method> {
    vec![
        method::<u64>(
            SWAP,
            "current_alpha_price",
            vec![arg::<u16>("netuid")],
            &[" Spot price in rao per alpha (10^9 on root; 0 for a missing subnet)."],
            |state, _, args| {
                let netuid = args.netuid()?;
                let price = state
                    .subnets
                    .get(&netuid)
                    .map_or(0, |subnet| subnet.pool().price_rao());
                Ok(price.encode())
            },
        ),
        method::<SimSwapResult>(
            SWAP,
            "sim_swap_tao_for_alpha",
            vec![arg::<u16>("netuid"), arg::<u64>("tao")],
            &[" A simulated stake of `tao` rao (all zero if the stake would be refused)."],
            |state, _, args| {
                let netuid = args.netuid()?;
                let tao: u64 = args.take()?;
                let result = staking::quote_add_stake(state, netuid, tao)
                    .map(|quote| SimSwapResult {
                        tao_amount: quote.amount_in.rao(),
                        alpha_amount: quote.amount_out.rao(),
                        tao_fee: quote.fee.rao(),
                        alpha_fee: 0,
                    })
                    .unwrap_or_default();
                Ok(result.encode())
            },
        ),
        method::<SimSwapResult>(
            SWAP,
            "sim_swap_alpha_for_tao",
            vec![arg::<u16>("netuid"), arg::<u64>("alpha")],
            &[
                " A simulated unstake of `alpha` rao: TAO received after the fee (all zero if the \
               unstake would be refused).",
            ],
            |state, _, args| {
                let netuid = args.netuid()?;
                let alpha: u64 = args.take()?;
                let result = staking::quote_remove_stake(state, netuid, alpha)
                    .map(|quote| SimSwapResult {
                        tao_amount: quote.amount_out.rao(),
                        alpha_amount: quote.amount_in.rao(),
                        tao_fee: quote.fee.rao(),
                        alpha_fee: 0,
                    })
                    .unwrap_or_default();
                Ok(result.encode())
            },
        ),
    ]
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn args(input: &[u8]) -> Args<'_> {
        Args {
            method: "Test_method",
            input,
        }
    }

    #[test]
    fn method_names_are_unique() {
        let names = method_names();
        let unique: std::collections::BTreeSet<&str> = names.iter().copied().collect();
        assert_eq!(unique.len(), names.len());
    }

    #[test]
    fn an_extrinsic_is_taken_with_its_length_prefix() {
        let bytes = [vec![3_u8 << 2], vec![7, 8, 9], 5_u32.encode()].concat();
        let mut input = args(&bytes);
        assert_eq!(input.take_extrinsic().unwrap(), &[12, 7, 8, 9]);
        assert_eq!(input.take::<u32>().unwrap(), 5);
        assert!(input.finish().is_ok());
        let mut short = args(&[3 << 2, 7]);
        assert!(short.take_extrinsic().is_err());
    }

    #[test]
    fn list_bounds_are_checked_before_decoding_items() {
        let bytes = Compact(MAX_COLDKEYS + 1).encode();
        let error = args(&bytes)
            .take_vec::<AccountId32>(MAX_COLDKEYS)
            .unwrap_err();
        assert!(error.to_string().contains("exceeds the limit"));
        let two = vec![1_u16, 2].encode();
        assert_eq!(args(&two).take_vec::<u16>(2).unwrap(), vec![1, 2]);
    }

    #[test]
    fn errors_read_like_substrate() {
        assert_eq!(
            ApiError::MethodNotFound("X_y".into()).to_string(),
            "Exported method X_y is not found"
        );
        let error = args(&[]).take::<u16>().unwrap_err();
        assert!(error
            .to_string()
            .starts_with("Bad input data provided to Test_method: "));
    }
}
