//! Signed v4 extrinsics (sdk-compat §6.1): bounded decoding, the signing payload, sr25519
//! signature checks and the mortality check.
//!
//! Wire format: `compact(len) ‖ 0x84 ‖ MultiAddress::Id(32) ‖ MultiSignature ‖ era ‖
//! compact(nonce) ‖ compact(tip) ‖ mode:u8 ‖ call`. Signing payload: `call ‖ era ‖
//! compact(nonce) ‖ compact(tip) ‖ mode ‖ spec_version ‖ transaction_version ‖ genesis_hash ‖
//! birth_hash ‖ Option<metadata_hash>`, replaced by its blake2-256 when longer than 256 bytes.
//!
//! Invariants: decoding never panics and rejects, with a [`DecodeError`] naming the part, any
//! extrinsic longer than [`MAX_EXTRINSIC_BYTES`], a length prefix that disagrees with the
//! bytes, an unsigned or non-v4 extrinsic, an address other than `MultiAddress::Id`, an
//! unknown pallet or call index, call nesting deeper than [`MAX_CALL_DEPTH`], and trailing
//! bytes. Decoding does not check the signature; [`verify_signature`] does.

use parity_scale_codec::{Compact, Decode, DecodeLimit, Encode};
use scale_info::{TypeDef, TypeInfo};

use crate::hashing::blake2_256;
use crate::wire::convert::{ConvertError, FromWire, IntoWire};
use crate::wire::era::Era;
use crate::wire::upstream::frame_metadata_hash_extension::Mode;
use crate::wire::upstream::node_subtensor_runtime::{pallet_index, RuntimeCall as WireRuntimeCall};
use crate::wire::upstream::sp_core::crypto::AccountId32;
use crate::wire::upstream::sp_runtime::multiaddress::MultiAddress;
use crate::wire::upstream::sp_runtime::{Address, MultiSignature};
use crate::wire::upstream::{pallet_admin_utils, pallet_balances, pallet_subtensor, pallet_sudo};
use dtao_primitives::AccountId;
use dtao_runtime::RuntimeCall;

/// Largest accepted encoded extrinsic, length prefix included (4 MiB; upstream's normal-class
/// block length limit is 3.75 MiB, so no valid extrinsic is longer).
pub const MAX_EXTRINSIC_BYTES: usize = 4 * 1024 * 1024;

/// Deepest accepted nesting of calls and containers while decoding a call (a `sudo(sudo(…))`
/// chain costs two levels per `sudo`). Bounds the decoder's recursion.
pub const MAX_CALL_DEPTH: u32 = 32;

/// Version byte of a signed v4 extrinsic (bit 7 = signed).
pub const SIGNED_V4: u8 = 0x84;
/// Version byte of an unsigned (bare) v4 extrinsic.
pub const UNSIGNED_V4: u8 = 0x04;

/// The signing context of sr25519 signatures on Substrate chains.
pub const SIGNING_CONTEXT: &[u8] = b"substrate";

/// Payloads longer than this are hashed with blake2-256 before signing.
pub const MAX_UNHASHED_PAYLOAD_BYTES: usize = 256;

/// Why bytes are not an acceptable extrinsic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// More bytes than [`MAX_EXTRINSIC_BYTES`].
    TooLong {
        /// Bytes received.
        len: usize,
    },
    /// The input ended inside the named part.
    Truncated(&'static str),
    /// The compact length prefix disagrees with the bytes that follow it.
    LengthMismatch {
        /// Declared body length.
        declared: u64,
        /// Actual body length.
        actual: usize,
    },
    /// An unsigned extrinsic (only signed ones are accepted from outside).
    Unsigned,
    /// A version byte other than signed v4.
    UnsupportedVersion(u8),
    /// The named part is not valid SCALE for its type.
    Malformed(&'static str),
    /// The signer is not `MultiAddress::Id`.
    UnsupportedAddress,
    /// The CheckMetadataHash mode byte is neither 0 nor 1.
    InvalidMetadataHashMode(u8),
    /// The extrinsic has no call.
    MissingCall,
    /// No pallet with calls has this index.
    UnknownPallet(u8),
    /// The pallet has no call with this index.
    UnknownCall {
        /// Pallet index.
        pallet: u8,
        /// Call index.
        call: u8,
    },
    /// The call's arguments (or a nested call) do not decode.
    InvalidCallArguments {
        /// Pallet index.
        pallet: u8,
        /// Call index.
        call: u8,
        /// The codec's reason.
        reason: String,
    },
    /// The call decodes but has no runtime meaning.
    Unsupported(ConvertError),
    /// Bytes left after the call.
    TrailingBytes(usize),
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::TooLong { len } => {
                write!(f, "extrinsic of {len} bytes exceeds {MAX_EXTRINSIC_BYTES}")
            }
            DecodeError::Truncated(part) => write!(f, "extrinsic truncated in {part}"),
            DecodeError::LengthMismatch { declared, actual } => {
                write!(f, "length prefix says {declared} bytes, {actual} follow")
            }
            DecodeError::Unsigned => write!(f, "unsigned extrinsics are not accepted"),
            DecodeError::UnsupportedVersion(v) => {
                write!(f, "unsupported extrinsic version byte 0x{v:02x}")
            }
            DecodeError::Malformed(part) => write!(f, "malformed {part}"),
            DecodeError::UnsupportedAddress => write!(f, "signer must be MultiAddress::Id"),
            DecodeError::InvalidMetadataHashMode(m) => {
                write!(f, "invalid CheckMetadataHash mode {m}")
            }
            DecodeError::MissingCall => write!(f, "extrinsic has no call"),
            DecodeError::UnknownPallet(p) => write!(f, "no pallet with calls at index {p}"),
            DecodeError::UnknownCall { pallet, call } => {
                write!(f, "pallet {pallet} has no call with index {call}")
            }
            DecodeError::InvalidCallArguments {
                pallet,
                call,
                reason,
            } => write!(f, "call {pallet}.{call}: invalid arguments: {reason}"),
            DecodeError::Unsupported(e) => write!(f, "unsupported call: {e}"),
            DecodeError::TrailingBytes(n) => write!(f, "{n} trailing bytes after the call"),
        }
    }
}

impl std::error::Error for DecodeError {}

/// The signed-extension values carried in the extrinsic.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExtraFields {
    /// CheckMortality.
    pub era: Era,
    /// CheckNonce.
    pub nonce: u32,
    /// ChargeTransactionPayment tip in rao.
    pub tip: u64,
    /// CheckMetadataHash mode.
    pub metadata_hash_mode: Mode,
}

impl ExtraFields {
    fn encode_to(&self, out: &mut Vec<u8>) {
        self.era.encode_to(out);
        Compact(self.nonce).encode_to(out);
        Compact(self.tip).encode_to(out);
        self.metadata_hash_mode.encode_to(out);
    }
}

/// The values only in the signing payload (`additional_signed`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AdditionalSigned {
    /// CheckSpecVersion.
    pub spec_version: u32,
    /// CheckTxVersion.
    pub transaction_version: u32,
    /// CheckGenesis.
    pub genesis_hash: [u8; 32],
    /// CheckMortality: hash of the era's birth block (genesis when immortal).
    pub birth_hash: [u8; 32],
    /// CheckMetadataHash: `Some` only in `Enabled` mode.
    pub metadata_hash: Option<[u8; 32]>,
}

/// A decoded signed extrinsic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodedExtrinsic {
    /// The signing account.
    pub signer: AccountId,
    /// The signature (not yet checked).
    pub signature: MultiSignature,
    /// Era, nonce, tip and metadata-hash mode.
    pub extra: ExtraFields,
    /// The call for the runtime.
    pub call: RuntimeCall,
    /// The call's bytes as sent (they are what was signed).
    pub call_bytes: Vec<u8>,
    /// Length of the whole extrinsic, prefix included (for the length fee).
    pub encoded_len: u32,
}

fn read<T: Decode>(input: &mut &[u8], part: &'static str) -> Result<T, DecodeError> {
    if input.is_empty() {
        return Err(DecodeError::Truncated(part));
    }
    T::decode(input).map_err(|_| DecodeError::Malformed(part))
}

/// Decode and check the structure of a signed v4 extrinsic (length prefix included).
pub fn decode_extrinsic(bytes: &[u8]) -> Result<DecodedExtrinsic, DecodeError> {
    if bytes.len() > MAX_EXTRINSIC_BYTES {
        return Err(DecodeError::TooLong { len: bytes.len() });
    }
    let encoded_len =
        u32::try_from(bytes.len()).map_err(|_| DecodeError::TooLong { len: bytes.len() })?;
    let mut input = bytes;
    let declared: Compact<u64> = read(&mut input, "length prefix")?;
    if usize::try_from(declared.0).ok() != Some(input.len()) {
        return Err(DecodeError::LengthMismatch {
            declared: declared.0,
            actual: input.len(),
        });
    }
    match read::<u8>(&mut input, "version byte")? {
        SIGNED_V4 => {}
        UNSIGNED_V4 => return Err(DecodeError::Unsigned),
        other => return Err(DecodeError::UnsupportedVersion(other)),
    }
    let signer = match read::<Address>(&mut input, "signer address")? {
        MultiAddress::Id(AccountId32(bytes)) => AccountId(bytes),
        _ => return Err(DecodeError::UnsupportedAddress),
    };
    let signature = read::<MultiSignature>(&mut input, "signature")?;
    let era = read::<Era>(&mut input, "era")?;
    let nonce = read::<Compact<u32>>(&mut input, "nonce")?.0;
    let tip = read::<Compact<u64>>(&mut input, "tip")?.0;
    let metadata_hash_mode = match read::<u8>(&mut input, "metadata hash mode")? {
        0 => Mode::Disabled,
        1 => Mode::Enabled,
        other => return Err(DecodeError::InvalidMetadataHashMode(other)),
    };
    let call = decode_call(input)?;
    Ok(DecodedExtrinsic {
        signer,
        signature,
        extra: ExtraFields {
            era,
            nonce,
            tip,
            metadata_hash_mode,
        },
        call,
        call_bytes: input.to_vec(),
        encoded_len,
    })
}

/// Variant indices declared by the enum `T` (empty if `T` is not an enum).
fn declared_indices<T: TypeInfo>() -> Vec<u8> {
    match T::type_info().type_def {
        TypeDef::Variant(variants) => variants.variants.iter().map(|v| v.index).collect(),
        _ => Vec::new(),
    }
}

/// Whether `pallet.call` is a declared call.
fn check_call_indices(pallet: u8, call: u8) -> Result<(), DecodeError> {
    if !declared_indices::<WireRuntimeCall>().contains(&pallet) {
        return Err(DecodeError::UnknownPallet(pallet));
    }
    let calls = match pallet {
        pallet_index::BALANCES => declared_indices::<pallet_balances::pallet::Call>(),
        pallet_index::SUBTENSOR_MODULE => declared_indices::<pallet_subtensor::pallet::Call>(),
        pallet_index::SUDO => declared_indices::<pallet_sudo::pallet::Call>(),
        pallet_index::ADMIN_UTILS => declared_indices::<pallet_admin_utils::pallet::Call>(),
        _ => Vec::new(),
    };
    if calls.contains(&call) {
        Ok(())
    } else {
        Err(DecodeError::UnknownCall { pallet, call })
    }
}

/// Decode call bytes (`pallet ‖ call ‖ args`, nothing after) into a runtime call.
pub fn decode_call(bytes: &[u8]) -> Result<RuntimeCall, DecodeError> {
    let (pallet, call) = match bytes {
        [] => return Err(DecodeError::MissingCall),
        [pallet] if !declared_indices::<WireRuntimeCall>().contains(pallet) => {
            return Err(DecodeError::UnknownPallet(*pallet))
        }
        [_] => return Err(DecodeError::Truncated("call index")),
        [pallet, call, ..] => (*pallet, *call),
    };
    check_call_indices(pallet, call)?;
    let mut input = bytes;
    let wire =
        WireRuntimeCall::decode_with_depth_limit(MAX_CALL_DEPTH, &mut input).map_err(|error| {
            DecodeError::InvalidCallArguments {
                pallet,
                call,
                reason: error.to_string(),
            }
        })?;
    if !input.is_empty() {
        return Err(DecodeError::TrailingBytes(input.len()));
    }
    RuntimeCall::from_wire(wire).map_err(DecodeError::Unsupported)
}

/// The call's wire bytes.
pub fn encode_call(call: &RuntimeCall) -> Vec<u8> {
    let wire: WireRuntimeCall = call.clone().into_wire();
    wire.encode()
}

/// The bytes a signer signs (hashed when longer than 256 bytes).
pub fn signing_payload(
    call_bytes: &[u8],
    extra: &ExtraFields,
    additional: &AdditionalSigned,
) -> Vec<u8> {
    let mut payload = call_bytes.to_vec();
    extra.encode_to(&mut payload);
    additional.spec_version.encode_to(&mut payload);
    additional.transaction_version.encode_to(&mut payload);
    payload.extend_from_slice(&additional.genesis_hash);
    payload.extend_from_slice(&additional.birth_hash);
    additional.metadata_hash.encode_to(&mut payload);
    if payload.len() > MAX_UNHASHED_PAYLOAD_BYTES {
        blake2_256(&payload).to_vec()
    } else {
        payload
    }
}

/// Why a signature does not verify.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignatureError {
    /// Not an sr25519 signature (ed25519 and ECDSA are not supported).
    UnsupportedScheme,
    /// The signer bytes are not a valid sr25519 public key.
    InvalidPublicKey,
    /// The signature does not match the payload (wrong key, payload, genesis, era or versions).
    BadSignature,
}

impl std::fmt::Display for SignatureError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SignatureError::UnsupportedScheme => write!(f, "only sr25519 signatures are supported"),
            SignatureError::InvalidPublicKey => write!(f, "invalid sr25519 public key"),
            SignatureError::BadSignature => write!(f, "bad signature"),
        }
    }
}

impl std::error::Error for SignatureError {}

/// Check an sr25519 signature over `message` with the `substrate` context.
pub fn verify_sr25519(
    public_key: &[u8; 32],
    signature: &[u8; 64],
    message: &[u8],
) -> Result<(), SignatureError> {
    let public = schnorrkel::PublicKey::from_bytes(public_key)
        .map_err(|_| SignatureError::InvalidPublicKey)?;
    let signature =
        schnorrkel::Signature::from_bytes(signature).map_err(|_| SignatureError::BadSignature)?;
    public
        .verify_simple(SIGNING_CONTEXT, message, &signature)
        .map_err(|_| SignatureError::BadSignature)
}

/// Check the extrinsic's signature against the payload rebuilt with `additional`.
pub fn verify_signature(
    extrinsic: &DecodedExtrinsic,
    additional: &AdditionalSigned,
) -> Result<(), SignatureError> {
    let MultiSignature::Sr25519(signature) = &extrinsic.signature else {
        return Err(SignatureError::UnsupportedScheme);
    };
    let payload = signing_payload(&extrinsic.call_bytes, &extrinsic.extra, additional);
    verify_sr25519(extrinsic.signer.as_bytes(), signature, &payload)
}

/// Assemble a signed v4 extrinsic, length prefix included.
pub fn encode_signed_extrinsic(
    signer: &AccountId,
    signature: &MultiSignature,
    extra: &ExtraFields,
    call_bytes: &[u8],
) -> Vec<u8> {
    let mut body = vec![SIGNED_V4];
    Address::Id(AccountId32(signer.0)).encode_to(&mut body);
    signature.encode_to(&mut body);
    extra.encode_to(&mut body);
    body.extend_from_slice(call_bytes);
    let mut out = Vec::with_capacity(body.len() + 5);
    Compact(u32::try_from(body.len()).unwrap_or(u32::MAX)).encode_to(&mut out);
    out.extend_from_slice(&body);
    out
}

/// Why an era does not name a known block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MortalityError {
    /// The birth block is after the current block.
    BirthInFuture {
        /// Birth block.
        birth: u64,
    },
    /// The birth block's hash is not known (too old, or never existed).
    UnknownBirthBlock {
        /// Birth block.
        birth: u64,
    },
}

impl std::fmt::Display for MortalityError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MortalityError::BirthInFuture { birth } => {
                write!(f, "era birth block {birth} is in the future")
            }
            MortalityError::UnknownBirthBlock { birth } => {
                write!(f, "era birth block {birth} is unknown or too old")
            }
        }
    }
}

impl std::error::Error for MortalityError {}

/// The birth-block hash that goes into the payload of an extrinsic included in block
/// `current_block` (upstream's CheckMortality): `hash_of(era.birth(current_block))`. An expired
/// era names a newer birth block than the signer used, so its signature then fails.
pub fn birth_hash(
    era: Era,
    current_block: u64,
    hash_of: impl Fn(u64) -> Option<[u8; 32]>,
) -> Result<[u8; 32], MortalityError> {
    let birth = era.birth(current_block);
    if birth > current_block {
        return Err(MortalityError::BirthInFuture { birth });
    }
    hash_of(birth).ok_or(MortalityError::UnknownBirthBlock { birth })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn short_payload_layout() {
        let extra = ExtraFields {
            era: Era::Immortal,
            nonce: 1,
            tip: 0,
            metadata_hash_mode: Mode::Disabled,
        };
        let additional = AdditionalSigned {
            spec_version: 2,
            transaction_version: 3,
            genesis_hash: [4; 32],
            birth_hash: [4; 32],
            metadata_hash: None,
        };
        let payload = signing_payload(&[7, 92, 1, 0], &extra, &additional);
        let mut expected = vec![7, 92, 1, 0, 0x00, 0x04, 0x00, 0x00, 2, 0, 0, 0, 3, 0, 0, 0];
        expected.extend([4; 64]);
        expected.push(0x00);
        assert_eq!(payload, expected);
    }

    #[test]
    fn unsigned_and_empty_inputs_are_errors() {
        assert_eq!(
            decode_extrinsic(&[]),
            Err(DecodeError::Truncated("length prefix"))
        );
        assert_eq!(decode_extrinsic(&[0x04, 0x04]), Err(DecodeError::Unsigned));
        assert_eq!(decode_call(&[]), Err(DecodeError::MissingCall));
    }
}
