//! Weights calls (yuma-spec §8.1–8.2): `set_weights`, the hash commit-reveal pair
//! `commit_weights` / `reveal_weights`, and their batch variants. Every call is signed by the
//! HOTKEY whose uid sets the weights.
//!
//! Validation of a weight row (`validate_weights`) follows subtensor's `internal_set_weights`
//! check by check, in its order: equal lengths, at most `n` entries, hotkey registered, stake
//! weight ≥ `StakeThreshold` (owner uid exempt), version key, rate limit (only with
//! commit-reveal off), validator permit (self-weight and owner uid exempt), no duplicate uids,
//! every uid exists, minimum length `min(MinAllowedWeights, n)` (self-weight exempt). The stored
//! row is the caller's `(uid, value)` pairs in the caller's order with the values max-upscaled
//! (`dtao_yuma::weights::max_upscale_weights`).
//!
//! Commit-reveal (v2, hash): a commit stores `BlakeTwo256(SCALE(hotkey, netuid, uids, values,
//! salt, version_key))` ([`commit_hash`]) tagged with the epoch it belongs to (the subnet's epoch
//! index, plus one if an epoch fires in this block). It can be revealed only in epoch
//! `tag + RevealPeriodEpochs`; after that it is expired and dropped by the next commit or reveal.
//! At most 10 commits per hotkey and subnet wait for their reveal.
//!
//! Invariants: every call validates everything before it writes, so an `Err` leaves the state
//! unchanged (batch calls are all-or-nothing); weights calls move no TAO or alpha; a hotkey's
//! commit queue is ordered oldest first and is removed from the map when it empties.

use crate::call::SubtensorCall;
use crate::error::Error;
use crate::event::Event;
use crate::state::{State, Subnet, WeightCommit};
use blake2::digest::consts::U32;
use blake2::{Blake2b, Digest};
use dtao_primitives::fixed::I64F64;
use dtao_primitives::{AccountId, NetUid};
use std::collections::{BTreeMap, VecDeque};

/// Most unrevealed commits a hotkey may hold on one subnet.
pub const MAX_UNREVEALED_COMMITS: usize = 10;

/// Dispatch a weights call signed by the hotkey `who`.
pub fn dispatch(
    state: &mut State,
    who: AccountId,
    call: SubtensorCall,
    events: &mut Vec<Event>,
) -> Result<(), Error> {
    match call {
        SubtensorCall::SetWeights {
            netuid,
            dests,
            weights,
            version_key,
        } => set_weights(state, who, netuid, &dests, &weights, version_key, events),
        SubtensorCall::CommitWeights {
            netuid,
            commit_hash,
        } => commit_weights(state, who, netuid, commit_hash, events),
        SubtensorCall::RevealWeights {
            netuid,
            uids,
            values,
            salt,
            version_key,
        } => {
            let reveal = Reveal {
                uids,
                values,
                salt,
                version_key,
            };
            reveal_weights(state, who, netuid, &reveal, events)
        }
        SubtensorCall::BatchCommitWeights {
            netuids,
            commit_hashes,
        } => batch_commit_weights(state, who, &netuids, &commit_hashes, events),
        SubtensorCall::BatchRevealWeights {
            netuid,
            uids_list,
            values_list,
            salts_list,
            version_keys,
        } => {
            let reveals = zip_reveals(uids_list, values_list, salts_list, version_keys)?;
            batch_reveal_weights(state, who, netuid, &reveals, events)
        }
        _ => Err(Error::CallDisabled),
    }
}

// ---- commit hash ----------------------------------------------------------------------------

/// Append the SCALE compact encoding of `value` to `out` (single-byte, two-byte, four-byte and
/// big-integer modes).
pub fn encode_compact(value: u64, out: &mut Vec<u8>) {
    if value < 1 << 6 {
        out.push((value << 2) as u8);
    } else if value < 1 << 14 {
        out.extend_from_slice(&(((value << 2) | 0b01) as u16).to_le_bytes());
    } else if value < 1 << 30 {
        out.extend_from_slice(&(((value << 2) | 0b10) as u32).to_le_bytes());
    } else {
        let bytes = value.to_le_bytes();
        let len = 8 - (value.leading_zeros() / 8) as usize;
        // Big-integer mode: the prefix holds (byte count − 4), which is 0..=4 for a u64.
        out.push((((len - 4) as u8) << 2) | 0b11);
        out.extend_from_slice(&bytes[..len]);
    }
}

/// Append the SCALE encoding of a `Vec<u16>`: compact length, then each element little-endian.
fn encode_u16_vec(values: &[u16], out: &mut Vec<u8>) {
    encode_compact(values.len() as u64, out);
    for value in values {
        out.extend_from_slice(&value.to_le_bytes());
    }
}

/// The bytes a weights commit hashes: SCALE of `(hotkey: AccountId32, netuid: u16, uids:
/// Vec<u16>, values: Vec<u16>, salt: Vec<u16>, version_key: u64)`.
pub fn commit_payload(
    hotkey: &AccountId,
    netuid: NetUid,
    uids: &[u16],
    values: &[u16],
    salt: &[u16],
    version_key: u64,
) -> Vec<u8> {
    let elements = uids
        .len()
        .saturating_add(values.len())
        .saturating_add(salt.len());
    // Account, netuid, three length prefixes (at most 9 bytes each), elements, version key.
    let mut out = Vec::with_capacity(elements.saturating_mul(2).saturating_add(32 + 2 + 27 + 8));
    out.extend_from_slice(hotkey.as_bytes());
    out.extend_from_slice(&netuid.0.to_le_bytes());
    encode_u16_vec(uids, &mut out);
    encode_u16_vec(values, &mut out);
    encode_u16_vec(salt, &mut out);
    out.extend_from_slice(&version_key.to_le_bytes());
    out
}

/// BlakeTwo256 (BLAKE2b with a 256-bit output) of `bytes`.
pub fn blake2_256(bytes: &[u8]) -> [u8; 32] {
    Blake2b::<U32>::digest(bytes).into()
}

/// The hash a client commits with `commit_weights` and later opens with `reveal_weights`
/// (subtensor's `get_commit_hash`).
pub fn commit_hash(
    hotkey: &AccountId,
    netuid: NetUid,
    uids: &[u16],
    values: &[u16],
    salt: &[u16],
    version_key: u64,
) -> [u8; 32] {
    blake2_256(&commit_payload(
        hotkey,
        netuid,
        uids,
        values,
        salt,
        version_key,
    ))
}

// ---- epochs ---------------------------------------------------------------------------------

/// Whether the subnet's epoch fires at `block` (`tempo > 0` and `tempo` blocks since the last).
pub fn epoch_fires_this_block(subnet: &Subnet, block: u64) -> bool {
    let tempo = u64::from(subnet.hyperparams.tempo);
    tempo > 0 && block.saturating_sub(subnet.last_epoch_block) >= tempo
}

/// The epoch a commit or reveal at `block` belongs to: the subnet's epoch index, plus one if an
/// epoch fires in this block (the block hook runs before the block's calls are applied on
/// chain, so a call in a firing block belongs to the new epoch).
pub fn current_epoch_with_lookahead(subnet: &Subnet, block: u64) -> u64 {
    let lookahead = u64::from(epoch_fires_this_block(subnet, block));
    subnet.epoch_index.saturating_add(lookahead)
}

/// Epoch in which a commit tagged `commit_epoch` must be revealed.
fn reveal_epoch(subnet: &Subnet, commit_epoch: u64) -> u64 {
    commit_epoch.saturating_add(subnet.hyperparams.reveal_period_epochs)
}

/// Whether a commit tagged `commit_epoch` can no longer be revealed in `current_epoch`.
fn is_expired(subnet: &Subnet, commit_epoch: u64, current_epoch: u64) -> bool {
    current_epoch > reveal_epoch(subnet, commit_epoch)
}

/// Number of expired commits at the front of a queue (tags never decrease along it).
fn expired_prefix_len(
    subnet: &Subnet,
    commits: &VecDeque<WeightCommit>,
    current_epoch: u64,
) -> usize {
    commits
        .iter()
        .take_while(|commit| is_expired(subnet, commit.epoch, current_epoch))
        .count()
}

// ---- weight-row validation ------------------------------------------------------------------

/// A subnet weights can be set on: not root, and existing.
fn weights_subnet(state: &State, netuid: NetUid) -> Result<&Subnet, Error> {
    if netuid.is_root() {
        return Err(Error::CanNotSetRootNetworkWeights);
    }
    state.subnet(netuid)
}

/// `LastUpdate == 0 || now − LastUpdate ≥ WeightsSetRateLimit`.
fn rate_limit_passes(subnet: &Subnet, last_update: u64, block: u64) -> bool {
    last_update == 0
        || block.saturating_sub(last_update) >= subnet.hyperparams.weights_set_rate_limit
}

/// A single entry weighting the caller's own uid.
fn is_self_weight(uid: u16, uids: &[u16]) -> bool {
    uids.len() == 1 && uids.first() == Some(&uid)
}

fn has_duplicates(uids: &[u16]) -> bool {
    let mut sorted = uids.to_vec();
    sorted.sort_unstable();
    sorted.windows(2).any(|pair| pair[0] == pair[1])
}

fn has_enough_stake(state: &State, subnet: &Subnet, who: &AccountId, uid: u16) -> bool {
    if subnet.owner_uid() == Some(uid) {
        return true;
    }
    let threshold = I64F64::saturating_from_num(state.params.stake_threshold);
    state.stake_weight(who, subnet.netuid) >= threshold
}

fn has_permit(subnet: &Subnet, uid: u16, uids: &[u16]) -> bool {
    is_self_weight(uid, uids)
        || subnet.owner_uid() == Some(uid)
        || subnet
            .neurons
            .get(usize::from(uid))
            .is_some_and(|neuron| neuron.validator_permit)
}

fn is_long_enough(subnet: &Subnet, uid: u16, uids: &[u16]) -> bool {
    let min_len = subnet.hyperparams.min_allowed_weights.min(subnet.n());
    is_self_weight(uid, uids) || uids.len() >= usize::from(min_len)
}

/// A validated weight row, ready to store.
#[derive(Clone, Debug, PartialEq, Eq)]
struct WeightRow {
    /// Caller's uid.
    uid: u16,
    /// `(uid, max-upscaled value)` in the caller's order.
    row: Vec<(u16, u16)>,
}

/// All of `set_weights`' checks in subtensor's order; the rate limit applies only with
/// commit-reveal off. Reads only.
fn validate_weights(
    state: &State,
    subnet: &Subnet,
    who: &AccountId,
    uids: &[u16],
    values: &[u16],
    version_key: u64,
) -> Result<WeightRow, Error> {
    if uids.len() != values.len() {
        return Err(Error::WeightVecNotEqualSize);
    }
    if uids.len() > usize::from(subnet.n()) {
        return Err(Error::UidsLengthExceedUidsInSubNet);
    }
    let uid = *subnet
        .uids
        .get(who)
        .ok_or(Error::HotKeyNotRegisteredInSubNet)?;
    let neuron = subnet
        .neurons
        .get(usize::from(uid))
        .ok_or(Error::HotKeyNotRegisteredInSubNet)?;
    if !has_enough_stake(state, subnet, who, uid) {
        return Err(Error::NotEnoughStakeToSetWeights);
    }
    let required_version = subnet.hyperparams.weights_version_key;
    if required_version != 0 && version_key < required_version {
        return Err(Error::IncorrectWeightVersionKey);
    }
    if !subnet.hyperparams.commit_reveal_weights_enabled
        && !rate_limit_passes(subnet, neuron.last_update, state.block)
    {
        return Err(Error::SettingWeightsTooFast);
    }
    if !has_permit(subnet, uid, uids) {
        return Err(Error::NeuronNoValidatorPermit);
    }
    if has_duplicates(uids) {
        return Err(Error::DuplicateUids);
    }
    if uids.iter().any(|&target| target >= subnet.n()) {
        return Err(Error::UidVecContainInvalidOne);
    }
    if !is_long_enough(subnet, uid, uids) {
        return Err(Error::WeightVecLengthIsLow);
    }
    let upscaled = dtao_yuma::weights::max_upscale_weights(values);
    let row = uids.iter().copied().zip(upscaled).collect();
    Ok(WeightRow { uid, row })
}

/// Store a validated row; `LastUpdate = now` only with commit-reveal off. Returns `WeightsSet`.
fn store_weights(subnet: &mut Subnet, row: WeightRow, block: u64) -> Event {
    let update_last = !subnet.hyperparams.commit_reveal_weights_enabled;
    let netuid = subnet.netuid;
    if let Some(neuron) = subnet.neurons.get_mut(usize::from(row.uid)) {
        neuron.weights = row.row;
        if update_last {
            neuron.last_update = block;
        }
    }
    Event::WeightsSet(netuid, row.uid)
}

// ---- set_weights ----------------------------------------------------------------------------

/// `set_weights`: store the caller's weight row (refused while commit-reveal is enabled).
pub fn set_weights(
    state: &mut State,
    who: AccountId,
    netuid: NetUid,
    uids: &[u16],
    values: &[u16],
    version_key: u64,
    events: &mut Vec<Event>,
) -> Result<(), Error> {
    let subnet = weights_subnet(state, netuid)?;
    if subnet.hyperparams.commit_reveal_weights_enabled {
        return Err(Error::CommitRevealEnabled);
    }
    let row = validate_weights(state, subnet, &who, uids, values, version_key)?;
    let block = state.block;
    let subnet = state.subnet_mut(netuid)?;
    events.push(store_weights(subnet, row, block));
    Ok(())
}

// ---- commit ---------------------------------------------------------------------------------

/// A hotkey's commit state on one subnet, worked on before it is written back.
#[derive(Clone, Debug)]
struct CommitQueue {
    uid: u16,
    last_update: u64,
    commits: VecDeque<WeightCommit>,
}

/// Load the caller's queue: commit-reveal must be on and the hotkey registered.
fn load_commit_queue(subnet: &Subnet, who: &AccountId) -> Result<CommitQueue, Error> {
    if !subnet.hyperparams.commit_reveal_weights_enabled {
        return Err(Error::CommitRevealDisabled);
    }
    let uid = *subnet
        .uids
        .get(who)
        .ok_or(Error::HotKeyNotRegisteredInSubNet)?;
    let neuron = subnet
        .neurons
        .get(usize::from(uid))
        .ok_or(Error::HotKeyNotRegisteredInSubNet)?;
    Ok(CommitQueue {
        uid,
        last_update: neuron.last_update,
        commits: subnet.weight_commits.get(who).cloned().unwrap_or_default(),
    })
}

/// Apply one commit to a working queue (which is discarded if this fails).
fn push_commit(
    subnet: &Subnet,
    queue: &mut CommitQueue,
    hash: [u8; 32],
    block: u64,
) -> Result<(), Error> {
    if !rate_limit_passes(subnet, queue.last_update, block) {
        return Err(Error::CommittingWeightsTooFast);
    }
    let epoch = current_epoch_with_lookahead(subnet, block);
    let expired = expired_prefix_len(subnet, &queue.commits, epoch);
    queue.commits.drain(..expired);
    if queue.commits.len() >= MAX_UNREVEALED_COMMITS {
        return Err(Error::TooManyUnrevealedCommits);
    }
    queue.commits.push_back(WeightCommit { hash, epoch, block });
    queue.last_update = block;
    Ok(())
}

/// Write a worked queue back to its subnet.
fn store_commit_queue(subnet: &mut Subnet, who: AccountId, queue: CommitQueue) {
    if let Some(neuron) = subnet.neurons.get_mut(usize::from(queue.uid)) {
        neuron.last_update = queue.last_update;
    }
    if queue.commits.is_empty() {
        subnet.weight_commits.remove(&who);
    } else {
        subnet.weight_commits.insert(who, queue.commits);
    }
}

/// `commit_weights`: store a hash of weights to reveal `RevealPeriodEpochs` epochs later.
pub fn commit_weights(
    state: &mut State,
    who: AccountId,
    netuid: NetUid,
    hash: [u8; 32],
    events: &mut Vec<Event>,
) -> Result<(), Error> {
    batch_commit_weights(state, who, &[netuid], &[hash], events)
}

/// `batch_commit_weights`: one commit per `(netuid, hash)` pair, applied in order, all or
/// nothing (a netuid may repeat; later entries see the earlier ones).
pub fn batch_commit_weights(
    state: &mut State,
    who: AccountId,
    netuids: &[NetUid],
    hashes: &[[u8; 32]],
    events: &mut Vec<Event>,
) -> Result<(), Error> {
    if netuids.len() != hashes.len() {
        return Err(Error::InputLengthsUnequal);
    }
    let block = state.block;
    let mut work: BTreeMap<NetUid, CommitQueue> = BTreeMap::new();
    let mut new_events = Vec::with_capacity(netuids.len());
    for (&netuid, &hash) in netuids.iter().zip(hashes) {
        let subnet = weights_subnet(state, netuid)?;
        let queue = match work.entry(netuid) {
            std::collections::btree_map::Entry::Occupied(entry) => entry.into_mut(),
            std::collections::btree_map::Entry::Vacant(entry) => {
                entry.insert(load_commit_queue(subnet, &who)?)
            }
        };
        push_commit(subnet, queue, hash, block)?;
        new_events.push(Event::WeightsCommitted(who, netuid, hash));
    }
    for (netuid, queue) in work {
        store_commit_queue(state.subnet_mut(netuid)?, who, queue);
    }
    events.extend(new_events);
    Ok(())
}

// ---- reveal ---------------------------------------------------------------------------------

/// The opening of one commit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reveal {
    /// Target uids.
    pub uids: Vec<u16>,
    /// Weight values.
    pub values: Vec<u16>,
    /// Salt.
    pub salt: Vec<u16>,
    /// Weights version key.
    pub version_key: u64,
}

fn zip_reveals(
    uids_list: Vec<Vec<u16>>,
    values_list: Vec<Vec<u16>>,
    salts_list: Vec<Vec<u16>>,
    version_keys: Vec<u64>,
) -> Result<Vec<Reveal>, Error> {
    let count = uids_list.len();
    if values_list.len() != count || salts_list.len() != count || version_keys.len() != count {
        return Err(Error::InputLengthsUnequal);
    }
    Ok(uids_list
        .into_iter()
        .zip(values_list)
        .zip(salts_list.into_iter().zip(version_keys))
        .map(|((uids, values), (salt, version_key))| Reveal {
            uids,
            values,
            salt,
            version_key,
        })
        .collect())
}

/// The caller's commits split at the current epoch: expired ones (front) and live ones.
struct SplitCommits {
    expired: Vec<[u8; 32]>,
    live: VecDeque<WeightCommit>,
    current_epoch: u64,
}

/// Commit-reveal must be on and the hotkey must hold commits.
fn split_commits(subnet: &Subnet, who: &AccountId, block: u64) -> Result<SplitCommits, Error> {
    if !subnet.hyperparams.commit_reveal_weights_enabled {
        return Err(Error::CommitRevealDisabled);
    }
    let commits = subnet
        .weight_commits
        .get(who)
        .filter(|commits| !commits.is_empty())
        .ok_or(Error::NoWeightsCommitFound)?;
    let current_epoch = current_epoch_with_lookahead(subnet, block);
    let expired_len = expired_prefix_len(subnet, commits, current_epoch);
    Ok(SplitCommits {
        expired: commits.iter().take(expired_len).map(|c| c.hash).collect(),
        live: commits.iter().skip(expired_len).cloned().collect(),
        current_epoch,
    })
}

/// Why a hash matches no live commit.
fn unmatched(split: &SplitCommits, hash: &[u8; 32]) -> Error {
    if split.expired.contains(hash) {
        Error::ExpiredWeightCommit
    } else if split.live.is_empty() {
        Error::NoWeightsCommitFound
    } else {
        Error::InvalidRevealCommitHashNotMatch
    }
}

/// Position of the live commit `hash` opens, if its reveal epoch is now.
fn find_revealable(subnet: &Subnet, split: &SplitCommits, hash: &[u8; 32]) -> Result<usize, Error> {
    let position = split
        .live
        .iter()
        .position(|commit| commit.hash == *hash)
        .ok_or_else(|| unmatched(split, hash))?;
    let commit_epoch = split.live[position].epoch;
    let due = reveal_epoch(subnet, commit_epoch);
    if split.current_epoch < due {
        return Err(Error::RevealTooEarly);
    }
    if split.current_epoch > due {
        return Err(Error::ExpiredWeightCommit);
    }
    Ok(position)
}

/// `reveal_weights`: open the matching commit, dropping it and every older one, and store the
/// weights (set_weights validation without the rate limit; `LastUpdate` unchanged).
pub fn reveal_weights(
    state: &mut State,
    who: AccountId,
    netuid: NetUid,
    reveal: &Reveal,
    events: &mut Vec<Event>,
) -> Result<(), Error> {
    let subnet = weights_subnet(state, netuid)?;
    let block = state.block;
    let mut split = split_commits(subnet, &who, block)?;
    let hash = reveal_hash(&who, netuid, reveal);
    let position = find_revealable(subnet, &split, &hash)?;
    let row = validate_weights(
        state,
        subnet,
        &who,
        &reveal.uids,
        &reveal.values,
        reveal.version_key,
    )?;
    split.live.drain(..=position);
    let subnet = state.subnet_mut(netuid)?;
    store_remaining_commits(subnet, who, split.live);
    events.push(store_weights(subnet, row, block));
    events.push(Event::WeightsRevealed(who, netuid, hash));
    Ok(())
}

/// `batch_reveal_weights`: open several commits on one subnet, all or nothing. As on chain,
/// each reveal removes only the commit it opens (and expired ones are dropped); the rows are
/// stored in call order, so the last one stays.
pub fn batch_reveal_weights(
    state: &mut State,
    who: AccountId,
    netuid: NetUid,
    reveals: &[Reveal],
    events: &mut Vec<Event>,
) -> Result<(), Error> {
    let subnet = weights_subnet(state, netuid)?;
    let block = state.block;
    let mut split = split_commits(subnet, &who, block)?;
    let hashes: Vec<[u8; 32]> = reveals
        .iter()
        .map(|reveal| reveal_hash(&who, netuid, reveal))
        .collect();
    // Every reveal must open a commit whose window is now, before anything is consumed.
    for hash in &hashes {
        find_revealable(subnet, &split, hash)?;
    }
    let mut rows = Vec::with_capacity(reveals.len());
    for (reveal, hash) in reveals.iter().zip(&hashes) {
        let position = split
            .live
            .iter()
            .position(|commit| commit.hash == *hash)
            .ok_or_else(|| unmatched(&split, hash))?;
        split.live.remove(position);
        rows.push(validate_weights(
            state,
            subnet,
            &who,
            &reveal.uids,
            &reveal.values,
            reveal.version_key,
        )?);
    }
    let subnet = state.subnet_mut(netuid)?;
    store_remaining_commits(subnet, who, split.live);
    for row in rows {
        events.push(store_weights(subnet, row, block));
    }
    events.push(Event::WeightsBatchRevealed(who, netuid, hashes));
    Ok(())
}

fn reveal_hash(who: &AccountId, netuid: NetUid, reveal: &Reveal) -> [u8; 32] {
    commit_hash(
        who,
        netuid,
        &reveal.uids,
        &reveal.values,
        &reveal.salt,
        reveal.version_key,
    )
}

fn store_remaining_commits(subnet: &mut Subnet, who: AccountId, live: VecDeque<WeightCommit>) {
    if live.is_empty() {
        subnet.weight_commits.remove(&who);
    } else {
        subnet.weight_commits.insert(who, live);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    fn compact(value: u64) -> Vec<u8> {
        let mut out = Vec::new();
        encode_compact(value, &mut out);
        out
    }

    #[test]
    fn compact_known_encodings() {
        assert_eq!(compact(0), vec![0x00]);
        assert_eq!(compact(1), vec![0x04]);
        assert_eq!(compact(42), vec![0xa8]);
        assert_eq!(compact(63), vec![0xfc]);
        assert_eq!(compact(64), vec![0x01, 0x01]);
        assert_eq!(compact(69), vec![0x15, 0x01]);
        assert_eq!(compact(16_383), vec![0xfd, 0xff]);
        assert_eq!(compact(16_384), vec![0x02, 0x00, 0x01, 0x00]);
        assert_eq!(compact((1 << 30) - 1), vec![0xfe, 0xff, 0xff, 0xff]);
        assert_eq!(compact(1 << 30), vec![0x03, 0x00, 0x00, 0x00, 0x40]);
        assert_eq!(
            compact(u64::from(u32::MAX)),
            vec![0x03, 0xff, 0xff, 0xff, 0xff]
        );
        assert_eq!(compact(1 << 32), vec![0x07, 0x00, 0x00, 0x00, 0x00, 0x01]);
        assert_eq!(
            compact(u64::MAX),
            vec![0x13, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]
        );
    }

    #[test]
    fn blake2_256_known_answers() {
        // BLAKE2b-256 of "" and of "abc" (RFC 7693 parameters, 32-byte digest).
        assert_eq!(
            hex(&blake2_256(b"")),
            "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8"
        );
        assert_eq!(
            hex(&blake2_256(b"abc")),
            "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319"
        );
    }

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn payload_layout() {
        let hotkey = AccountId::from_seed_byte(7);
        let payload = commit_payload(&hotkey, NetUid(3), &[1, 2], &[10], &[], 5);
        let mut expected = vec![7u8; 32];
        expected.extend_from_slice(&[3, 0]);
        expected.extend_from_slice(&[0x08, 1, 0, 2, 0]);
        expected.extend_from_slice(&[0x04, 10, 0]);
        expected.extend_from_slice(&[0x00]);
        expected.extend_from_slice(&[5, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(payload, expected);
    }

    #[test]
    fn duplicates_and_self_weight() {
        assert!(!has_duplicates(&[]));
        assert!(!has_duplicates(&[3, 1, 2]));
        assert!(has_duplicates(&[3, 1, 3]));
        assert!(is_self_weight(4, &[4]));
        assert!(!is_self_weight(4, &[5]));
        assert!(!is_self_weight(4, &[4, 5]));
        assert!(!is_self_weight(4, &[]));
    }

    #[test]
    fn epoch_lookahead() {
        let mut subnet = Subnet::new(
            NetUid(1),
            AccountId::from_seed_byte(1),
            AccountId::from_seed_byte(2),
            0,
        );
        subnet.hyperparams.tempo = 10;
        subnet.last_epoch_block = 100;
        subnet.epoch_index = 4;
        assert_eq!(current_epoch_with_lookahead(&subnet, 109), 4);
        assert_eq!(current_epoch_with_lookahead(&subnet, 110), 5);
        subnet.hyperparams.tempo = 0;
        assert_eq!(current_epoch_with_lookahead(&subnet, 500), 4);
    }
}
