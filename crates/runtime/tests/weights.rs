//! Scenario tests of the weights calls: set_weights checks in order, max-upscaled storage, rate
//! limits, permits and owner exemptions, hash commit-reveal windows across epochs, batch calls,
//! and the commit hash against an independently computed BlakeTwo256.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use blake2::digest::consts::U32;
use blake2::{Blake2b, Digest};
use dtao_primitives::{AccountId, NetUid};
use dtao_runtime::dispatch::{self, Origin};
use dtao_runtime::hyperparams::NetworkParams;
use dtao_runtime::state::{Neuron, Subnet, WeightCommit};
use dtao_runtime::weights::{self, commit_hash};
use dtao_runtime::{Error, Event, RuntimeCall, State, SubtensorCall};

const NET: NetUid = NetUid(1);
const NET2: NetUid = NetUid(2);
const START_BLOCK: u64 = 1_000;

fn key(seed: u8) -> AccountId {
    AccountId::from_seed_byte(seed)
}

/// Owner hotkey (uid 0, no permit).
fn owner() -> AccountId {
    key(10)
}
/// Validator with a permit (uid 1).
fn val1() -> AccountId {
    key(11)
}
/// Validator with a permit (uid 2).
fn val2() -> AccountId {
    key(12)
}
/// Miner without a permit (uid 3).
fn miner() -> AccountId {
    key(13)
}
/// Miner without a permit (uid 4).
fn miner2() -> AccountId {
    key(14)
}
/// Not registered anywhere.
fn stranger() -> AccountId {
    key(99)
}

fn register(subnet: &mut Subnet, hotkey: AccountId, permit: bool) -> u16 {
    let uid = subnet.n();
    subnet.neurons.push(Neuron {
        hotkey,
        block_at_registration: 1,
        validator_permit: permit,
        ..Neuron::default()
    });
    subnet.uids.insert(hotkey, uid);
    uid
}

fn make_subnet(netuid: NetUid) -> Subnet {
    let mut subnet = Subnet::new(netuid, key(1), owner(), 0);
    subnet.hyperparams.tempo = 10;
    subnet.last_epoch_block = START_BLOCK - 5;
    subnet.epoch_index = 4;
    register(&mut subnet, owner(), false);
    register(&mut subnet, val1(), true);
    register(&mut subnet, val2(), true);
    register(&mut subnet, miner(), false);
    register(&mut subnet, miner2(), false);
    subnet
}

/// Subnets 1 and 2 with five uids each; commit-reveal off; block 1000; tempo 10 with the
/// next epoch at block 1005.
fn setup() -> State {
    let mut state = State::new(NetworkParams::default());
    state.block = START_BLOCK;
    state.subnets.insert(NET, make_subnet(NET));
    state.subnets.insert(NET2, make_subnet(NET2));
    state
}

fn setup_cr() -> State {
    let mut state = setup();
    for netuid in [NET, NET2] {
        state
            .subnets
            .get_mut(&netuid)
            .unwrap()
            .hyperparams
            .commit_reveal_weights_enabled = true;
    }
    state
}

fn subnet(state: &State, netuid: NetUid) -> &Subnet {
    state.subnets.get(&netuid).unwrap()
}

fn subnet_mut(state: &mut State, netuid: NetUid) -> &mut Subnet {
    state.subnets.get_mut(&netuid).unwrap()
}

fn neuron(state: &State, netuid: NetUid, uid: u16) -> &Neuron {
    &subnet(state, netuid).neurons[usize::from(uid)]
}

fn set(netuid: NetUid, dests: &[u16], weights: &[u16], version_key: u64) -> SubtensorCall {
    SubtensorCall::SetWeights {
        netuid,
        dests: dests.to_vec(),
        weights: weights.to_vec(),
        version_key,
    }
}

fn commit(netuid: NetUid, hash: [u8; 32]) -> SubtensorCall {
    SubtensorCall::CommitWeights {
        netuid,
        commit_hash: hash,
    }
}

fn reveal(
    netuid: NetUid,
    uids: &[u16],
    values: &[u16],
    salt: &[u16],
    version_key: u64,
) -> SubtensorCall {
    SubtensorCall::RevealWeights {
        netuid,
        uids: uids.to_vec(),
        values: values.to_vec(),
        salt: salt.to_vec(),
        version_key,
    }
}

fn run(state: &mut State, who: AccountId, call: SubtensorCall) -> Result<Vec<Event>, Error> {
    let mut events = Vec::new();
    weights::dispatch(state, who, call, &mut events).map(|()| events)
}

/// The call fails with `expected`, leaving the state exactly as it was and emitting nothing.
fn assert_rejected(state: &mut State, who: AccountId, call: SubtensorCall, expected: Error) {
    let before = state.clone();
    let mut events = Vec::new();
    let result = weights::dispatch(state, who, call, &mut events);
    assert_eq!(result, Err(expected));
    assert_eq!(*state, before, "state changed by a failed call");
    assert!(events.is_empty());
}

// ---- set_weights: storage -------------------------------------------------------------------

#[test]
fn set_weights_stores_upscaled_row_in_callers_order() {
    let mut state = setup();
    let events = run(&mut state, val1(), set(NET, &[3, 1], &[13_107, 52_428], 0)).unwrap();
    assert_eq!(events, vec![Event::WeightsSet(NET, 1)]);
    let stored = neuron(&state, NET, 1);
    assert_eq!(stored.weights, vec![(3, 16_384), (1, 65_535)]);
    assert_eq!(stored.last_update, START_BLOCK);
    // The other subnet and the other uids are untouched.
    assert!(neuron(&state, NET2, 1).weights.is_empty());
    assert!(neuron(&state, NET, 2).weights.is_empty());
}

#[test]
fn set_weights_max_upscale_vectors() {
    let cases: [(&[u16], &[u16]); 5] = [
        (&[32_767, 32_767], &[65_535, 65_535]),
        (&[43_690, 21_845], &[65_535, 32_768]),
        (
            &[16_383, 32_767, 49_149, 65_535],
            &[16_383, 32_767, 49_149, 65_535],
        ),
        (&[0, 0, 0], &[0, 0, 0]),
        (&[1, 0, 2], &[32_768, 0, 65_535]),
    ];
    for (values, expected) in cases {
        let mut state = setup();
        let uids: Vec<u16> = (0..values.len() as u16).collect();
        run(&mut state, val2(), set(NET, &uids, values, 0)).unwrap();
        let stored: Vec<(u16, u16)> = uids.iter().copied().zip(expected.iter().copied()).collect();
        assert_eq!(neuron(&state, NET, 2).weights, stored, "values {values:?}");
    }
}

#[test]
fn set_weights_replaces_the_row() {
    let mut state = setup();
    subnet_mut(&mut state, NET)
        .hyperparams
        .weights_set_rate_limit = 0;
    run(&mut state, val1(), set(NET, &[0, 1, 2], &[1, 1, 1], 0)).unwrap();
    run(&mut state, val1(), set(NET, &[4], &[7], 0)).unwrap();
    assert_eq!(neuron(&state, NET, 1).weights, vec![(4, 65_535)]);
}

// ---- set_weights: each check ----------------------------------------------------------------

#[test]
fn set_weights_refused_on_root_and_missing_subnet() {
    let mut state = setup();
    assert_rejected(
        &mut state,
        val1(),
        set(NetUid::ROOT, &[0], &[1], 0),
        Error::CanNotSetRootNetworkWeights,
    );
    assert_rejected(
        &mut state,
        val1(),
        set(NetUid(7), &[0], &[1], 0),
        Error::SubnetNotExists,
    );
}

#[test]
fn set_weights_refused_under_commit_reveal() {
    let mut state = setup_cr();
    assert_rejected(
        &mut state,
        val1(),
        set(NET, &[0], &[1], 0),
        Error::CommitRevealEnabled,
    );
}

#[test]
fn set_weights_length_checks() {
    let mut state = setup();
    assert_rejected(
        &mut state,
        val1(),
        set(NET, &[0, 1], &[1], 0),
        Error::WeightVecNotEqualSize,
    );
    assert_rejected(
        &mut state,
        val1(),
        set(NET, &[0, 1, 2, 3, 4, 0], &[1; 6], 0),
        Error::UidsLengthExceedUidsInSubNet,
    );
    // Exactly n entries is allowed.
    run(&mut state, val1(), set(NET, &[0, 1, 2, 3, 4], &[1; 5], 0)).unwrap();
}

#[test]
fn set_weights_requires_registration() {
    let mut state = setup();
    assert_rejected(
        &mut state,
        stranger(),
        set(NET, &[0], &[1], 0),
        Error::HotKeyNotRegisteredInSubNet,
    );
    // Registered on subnet 1 only.
    let extra = key(50);
    register(subnet_mut(&mut state, NET), extra, true);
    assert_rejected(
        &mut state,
        extra,
        set(NET2, &[0], &[1], 0),
        Error::HotKeyNotRegisteredInSubNet,
    );
}

#[test]
fn set_weights_stake_threshold_and_owner_exemption() {
    let mut state = setup();
    state.params.stake_threshold = 1_000;
    assert_rejected(
        &mut state,
        val1(),
        set(NET, &[0], &[1], 0),
        Error::NotEnoughStakeToSetWeights,
    );
    // The owner uid needs no stake.
    run(&mut state, owner(), set(NET, &[1, 2], &[1, 1], 0)).unwrap();
    // Alpha stake just below, then at the threshold.
    state.credit_stake(&val1(), &key(1), NET, 999).unwrap();
    assert_rejected(
        &mut state,
        val1(),
        set(NET, &[0], &[1], 0),
        Error::NotEnoughStakeToSetWeights,
    );
    state.credit_stake(&val1(), &key(1), NET, 1).unwrap();
    run(&mut state, val1(), set(NET, &[0], &[1], 0)).unwrap();
}

#[test]
fn set_weights_stake_counts_root_stake_through_state_stake_weight() {
    // The check uses `State::stake_weight` (alpha + TaoWeight × root stake): root stake alone
    // can carry a validator over the threshold, and the threshold is compared inclusively.
    let mut state = setup();
    state
        .credit_stake(&val1(), &key(1), NetUid::ROOT, 1_000_000)
        .unwrap();
    let weight = state.stake_weight(&val1(), NET);
    let floor: u64 = weight.to_num();
    assert!(floor > 0);
    state.params.stake_threshold = floor + 1;
    assert_rejected(
        &mut state,
        val1(),
        set(NET, &[0], &[1], 0),
        Error::NotEnoughStakeToSetWeights,
    );
    // Adding alpha on the subnet itself tops it up.
    state.credit_stake(&val1(), &key(1), NET, 1).unwrap();
    run(&mut state, val1(), set(NET, &[0], &[1], 0)).unwrap();
    // Root stake on its own, at a threshold equal to the stake weight's integer part.
    let mut state = setup();
    state
        .credit_stake(&val1(), &key(1), NetUid::ROOT, 1_000_000)
        .unwrap();
    state.params.stake_threshold = floor;
    run(&mut state, val1(), set(NET, &[0], &[1], 0)).unwrap();
}

#[test]
fn set_weights_version_key() {
    let mut state = setup();
    subnet_mut(&mut state, NET).hyperparams.weights_version_key = 5;
    assert_rejected(
        &mut state,
        val1(),
        set(NET, &[0], &[1], 4),
        Error::IncorrectWeightVersionKey,
    );
    run(&mut state, val1(), set(NET, &[0], &[1], 5)).unwrap();
    run(&mut state, val2(), set(NET, &[0], &[1], 6)).unwrap();
    // Key 0 on the subnet accepts any version.
    assert_eq!(subnet(&state, NET2).hyperparams.weights_version_key, 0);
    run(&mut state, val1(), set(NET2, &[0], &[1], 0)).unwrap();
}

#[test]
fn set_weights_rate_limit() {
    let mut state = setup();
    run(&mut state, val1(), set(NET, &[0], &[1], 0)).unwrap();
    state.block = START_BLOCK + 99;
    assert_rejected(
        &mut state,
        val1(),
        set(NET, &[2], &[1], 0),
        Error::SettingWeightsTooFast,
    );
    // Rate limits are per uid and per subnet.
    run(&mut state, val2(), set(NET, &[0], &[1], 0)).unwrap();
    run(&mut state, val1(), set(NET2, &[0], &[1], 0)).unwrap();
    state.block = START_BLOCK + 100;
    run(&mut state, val1(), set(NET, &[2], &[1], 0)).unwrap();
    assert_eq!(neuron(&state, NET, 1).last_update, START_BLOCK + 100);
    // A limit of 0 allows an update every block.
    subnet_mut(&mut state, NET)
        .hyperparams
        .weights_set_rate_limit = 0;
    run(&mut state, val1(), set(NET, &[3], &[1], 0)).unwrap();
}

#[test]
fn set_weights_rate_limit_ignores_never_updated_uid() {
    let mut state = setup();
    subnet_mut(&mut state, NET)
        .hyperparams
        .weights_set_rate_limit = u64::MAX;
    state.block = 1;
    run(&mut state, val1(), set(NET, &[0], &[1], 0)).unwrap();
    assert_rejected(
        &mut state,
        val1(),
        set(NET, &[0], &[1], 0),
        Error::SettingWeightsTooFast,
    );
}

#[test]
fn set_weights_validator_permit_and_exemptions() {
    let mut state = setup();
    assert_rejected(
        &mut state,
        miner(),
        set(NET, &[1], &[1], 0),
        Error::NeuronNoValidatorPermit,
    );
    assert_rejected(
        &mut state,
        miner(),
        set(NET, &[3, 1], &[1, 1], 0),
        Error::NeuronNoValidatorPermit,
    );
    // A pure self-weight needs no permit.
    run(&mut state, miner(), set(NET, &[3], &[9], 0)).unwrap();
    assert_eq!(neuron(&state, NET, 3).weights, vec![(3, 65_535)]);
    // The owner uid needs no permit.
    assert!(!neuron(&state, NET, 0).validator_permit);
    run(&mut state, owner(), set(NET, &[3, 4], &[1, 2], 0)).unwrap();
    assert_eq!(
        neuron(&state, NET, 0).weights,
        vec![(3, 32_768), (4, 65_535)]
    );
}

#[test]
fn set_weights_duplicates_and_invalid_uids() {
    let mut state = setup();
    assert_rejected(
        &mut state,
        val1(),
        set(NET, &[2, 3, 2], &[1, 1, 1], 0),
        Error::DuplicateUids,
    );
    assert_rejected(
        &mut state,
        val1(),
        set(NET, &[2, 5], &[1, 1], 0),
        Error::UidVecContainInvalidOne,
    );
    assert_rejected(
        &mut state,
        val1(),
        set(NET, &[u16::MAX], &[1], 0),
        Error::UidVecContainInvalidOne,
    );
}

#[test]
fn set_weights_minimum_length() {
    let mut state = setup();
    subnet_mut(&mut state, NET).hyperparams.min_allowed_weights = 3;
    assert_rejected(
        &mut state,
        val1(),
        set(NET, &[2, 3], &[1, 1], 0),
        Error::WeightVecLengthIsLow,
    );
    assert_rejected(
        &mut state,
        val1(),
        set(NET, &[], &[], 0),
        Error::WeightVecLengthIsLow,
    );
    run(&mut state, val1(), set(NET, &[2, 3, 4], &[1, 1, 1], 0)).unwrap();
    // Self-weight is exempt.
    run(&mut state, val2(), set(NET, &[2], &[1], 0)).unwrap();
    // The minimum is capped at n (5).
    subnet_mut(&mut state, NET).hyperparams.min_allowed_weights = 100;
    assert_rejected(
        &mut state,
        owner(),
        set(NET, &[0, 1, 2, 3], &[1; 4], 0),
        Error::WeightVecLengthIsLow,
    );
    run(&mut state, owner(), set(NET, &[0, 1, 2, 3, 4], &[1; 5], 0)).unwrap();
}

#[test]
fn set_weights_empty_row_when_minimum_is_zero() {
    let mut state = setup();
    subnet_mut(&mut state, NET).hyperparams.min_allowed_weights = 0;
    run(&mut state, val1(), set(NET, &[], &[], 0)).unwrap();
    assert!(neuron(&state, NET, 1).weights.is_empty());
    assert_eq!(neuron(&state, NET, 1).last_update, START_BLOCK);
}

#[test]
fn set_weights_check_order() {
    let mut state = setup();
    state.params.stake_threshold = 1;
    subnet_mut(&mut state, NET).hyperparams.weights_version_key = 9;
    // Root before everything, even unequal lengths.
    assert_rejected(
        &mut state,
        stranger(),
        set(NetUid::ROOT, &[0, 1], &[1], 0),
        Error::CanNotSetRootNetworkWeights,
    );
    // Unequal lengths before registration.
    assert_rejected(
        &mut state,
        stranger(),
        set(NET, &[0, 1], &[1], 0),
        Error::WeightVecNotEqualSize,
    );
    // Too many uids before registration.
    assert_rejected(
        &mut state,
        stranger(),
        set(NET, &[0; 6], &[1; 6], 0),
        Error::UidsLengthExceedUidsInSubNet,
    );
    // Registration before stake.
    assert_rejected(
        &mut state,
        stranger(),
        set(NET, &[0], &[1], 0),
        Error::HotKeyNotRegisteredInSubNet,
    );
    // Stake before version key.
    assert_rejected(
        &mut state,
        val1(),
        set(NET, &[0], &[1], 0),
        Error::NotEnoughStakeToSetWeights,
    );
    state.params.stake_threshold = 0;
    // Version key before rate limit.
    subnet_mut(&mut state, NET).neurons[1].last_update = START_BLOCK;
    assert_rejected(
        &mut state,
        val1(),
        set(NET, &[0], &[1], 0),
        Error::IncorrectWeightVersionKey,
    );
    // Rate limit before permit.
    subnet_mut(&mut state, NET).neurons[3].last_update = START_BLOCK;
    assert_rejected(
        &mut state,
        miner(),
        set(NET, &[0], &[1], 9),
        Error::SettingWeightsTooFast,
    );
    // Permit before duplicates.
    assert_rejected(
        &mut state,
        miner2(),
        set(NET, &[0, 0], &[1, 1], 9),
        Error::NeuronNoValidatorPermit,
    );
    // Duplicates before invalid uids.
    assert_rejected(
        &mut state,
        val2(),
        set(NET, &[9, 9], &[1, 1], 9),
        Error::DuplicateUids,
    );
    // Invalid uids before minimum length.
    subnet_mut(&mut state, NET).hyperparams.min_allowed_weights = 4;
    assert_rejected(
        &mut state,
        val2(),
        set(NET, &[9], &[1], 9),
        Error::UidVecContainInvalidOne,
    );
    assert_rejected(
        &mut state,
        val2(),
        set(NET, &[0], &[1], 9),
        Error::WeightVecLengthIsLow,
    );
}

// ---- commit ---------------------------------------------------------------------------------

fn hash_of(
    who: AccountId,
    netuid: NetUid,
    uids: &[u16],
    values: &[u16],
    salt: &[u16],
    version_key: u64,
) -> [u8; 32] {
    commit_hash(&who, netuid, uids, values, salt, version_key)
}

const SALT: [u16; 4] = [1, 2, 3, 4];

#[test]
fn commit_stores_tagged_commit_and_updates_last_update() {
    let mut state = setup_cr();
    let hash = hash_of(val1(), NET, &[0, 2], &[1, 2], &SALT, 0);
    let events = run(&mut state, val1(), commit(NET, hash)).unwrap();
    assert_eq!(events, vec![Event::WeightsCommitted(val1(), NET, hash)]);
    let queue = &subnet(&state, NET).weight_commits[&val1()];
    assert_eq!(
        queue.iter().cloned().collect::<Vec<_>>(),
        vec![WeightCommit {
            hash,
            epoch: 4,
            block: START_BLOCK
        }]
    );
    assert_eq!(neuron(&state, NET, 1).last_update, START_BLOCK);
    // Nothing else on the neuron changed.
    assert!(neuron(&state, NET, 1).weights.is_empty());
}

#[test]
fn commit_checks() {
    let mut state = setup();
    let hash = [7; 32];
    assert_rejected(
        &mut state,
        val1(),
        commit(NET, hash),
        Error::CommitRevealDisabled,
    );
    let mut state = setup_cr();
    assert_rejected(
        &mut state,
        val1(),
        commit(NetUid::ROOT, hash),
        Error::CanNotSetRootNetworkWeights,
    );
    assert_rejected(
        &mut state,
        val1(),
        commit(NetUid(9), hash),
        Error::SubnetNotExists,
    );
    assert_rejected(
        &mut state,
        stranger(),
        commit(NET, hash),
        Error::HotKeyNotRegisteredInSubNet,
    );
    // Committing needs neither a permit nor stake.
    state.params.stake_threshold = u64::MAX;
    run(&mut state, miner(), commit(NET, hash)).unwrap();
}

#[test]
fn commit_rate_limit_shares_last_update() {
    let mut state = setup_cr();
    run(&mut state, val1(), commit(NET, [1; 32])).unwrap();
    state.block = START_BLOCK + 99;
    assert_rejected(
        &mut state,
        val1(),
        commit(NET, [2; 32]),
        Error::CommittingWeightsTooFast,
    );
    state.block = START_BLOCK + 100;
    run(&mut state, val1(), commit(NET, [2; 32])).unwrap();
    assert_eq!(neuron(&state, NET, 1).last_update, START_BLOCK + 100);
    assert_eq!(subnet(&state, NET).weight_commits[&val1()].len(), 2);
}

#[test]
fn commit_epoch_tag_looks_ahead_when_an_epoch_fires_this_block() {
    let mut state = setup_cr();
    subnet_mut(&mut state, NET)
        .hyperparams
        .weights_set_rate_limit = 0;
    state.block = START_BLOCK + 4; // last epoch at 995, tempo 10: fires at 1005
    run(&mut state, val1(), commit(NET, [1; 32])).unwrap();
    state.block = START_BLOCK + 5;
    run(&mut state, val1(), commit(NET, [2; 32])).unwrap();
    let epochs: Vec<u64> = subnet(&state, NET).weight_commits[&val1()]
        .iter()
        .map(|c| c.epoch)
        .collect();
    assert_eq!(epochs, vec![4, 5]);
    // Tempo 0: no epoch ever fires.
    subnet_mut(&mut state, NET).hyperparams.tempo = 0;
    run(&mut state, val1(), commit(NET, [3; 32])).unwrap();
    assert_eq!(
        subnet(&state, NET).weight_commits[&val1()]
            .back()
            .unwrap()
            .epoch,
        4
    );
}

#[test]
fn commit_limit_of_ten_and_expired_commits_dropped() {
    let mut state = setup_cr();
    subnet_mut(&mut state, NET)
        .hyperparams
        .weights_set_rate_limit = 0;
    for i in 0..10u8 {
        run(&mut state, val1(), commit(NET, [i; 32])).unwrap();
    }
    assert_rejected(
        &mut state,
        val1(),
        commit(NET, [10; 32]),
        Error::TooManyUnrevealedCommits,
    );
    // Still revealable in epoch 5: still pending.
    subnet_mut(&mut state, NET).epoch_index = 5;
    subnet_mut(&mut state, NET).last_epoch_block = START_BLOCK;
    assert_rejected(
        &mut state,
        val1(),
        commit(NET, [10; 32]),
        Error::TooManyUnrevealedCommits,
    );
    // Epoch 6: all ten expired and dropped by the next commit.
    subnet_mut(&mut state, NET).epoch_index = 6;
    run(&mut state, val1(), commit(NET, [10; 32])).unwrap();
    let queue = &subnet(&state, NET).weight_commits[&val1()];
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].hash, [10; 32]);
    assert_eq!(queue[0].epoch, 6);
}

#[test]
fn commit_drops_only_expired_front() {
    let mut state = setup_cr();
    subnet_mut(&mut state, NET)
        .hyperparams
        .weights_set_rate_limit = 0;
    run(&mut state, val1(), commit(NET, [1; 32])).unwrap(); // epoch 4
    subnet_mut(&mut state, NET).epoch_index = 5;
    subnet_mut(&mut state, NET).last_epoch_block = START_BLOCK;
    run(&mut state, val1(), commit(NET, [2; 32])).unwrap(); // epoch 5
    subnet_mut(&mut state, NET).epoch_index = 6;
    run(&mut state, val1(), commit(NET, [3; 32])).unwrap(); // epoch 6 drops the epoch-4 commit
    let hashes: Vec<[u8; 32]> = subnet(&state, NET).weight_commits[&val1()]
        .iter()
        .map(|c| c.hash)
        .collect();
    assert_eq!(hashes, vec![[2; 32], [3; 32]]);
}

// ---- reveal ---------------------------------------------------------------------------------

/// Advance the subnet to the next epoch without an epoch firing at the current block.
fn next_epoch(state: &mut State, netuid: NetUid) {
    let block = state.block;
    let subnet = subnet_mut(state, netuid);
    subnet.epoch_index += 1;
    subnet.last_epoch_block = block;
}

#[test]
fn reveal_window_is_exactly_one_reveal_period_later() {
    let mut state = setup_cr();
    let (uids, values) = ([0u16, 2, 4], [10u16, 20, 40]);
    let hash = hash_of(val1(), NET, &uids, &values, &SALT, 0);
    run(&mut state, val1(), commit(NET, hash)).unwrap();
    let call = reveal(NET, &uids, &values, &SALT, 0);
    // Same epoch: too early.
    state.block += 1;
    assert_rejected(&mut state, val1(), call.clone(), Error::RevealTooEarly);
    // Next epoch: revealed. The rate limit does not apply (last_update was 1 block ago).
    next_epoch(&mut state, NET);
    let events = run(&mut state, val1(), call.clone()).unwrap();
    assert_eq!(
        events,
        vec![
            Event::WeightsSet(NET, 1),
            Event::WeightsRevealed(val1(), NET, hash)
        ]
    );
    let stored = neuron(&state, NET, 1);
    assert_eq!(stored.weights, vec![(0, 16_384), (2, 32_768), (4, 65_535)]);
    assert_eq!(
        stored.last_update, START_BLOCK,
        "reveal does not touch last_update"
    );
    assert!(!subnet(&state, NET).weight_commits.contains_key(&val1()));
    // Revealing again finds nothing.
    assert_rejected(&mut state, val1(), call, Error::NoWeightsCommitFound);
}

#[test]
fn reveal_after_the_window_is_expired() {
    let mut state = setup_cr();
    let hash = hash_of(val1(), NET, &[0], &[1], &SALT, 0);
    run(&mut state, val1(), commit(NET, hash)).unwrap();
    next_epoch(&mut state, NET);
    next_epoch(&mut state, NET);
    assert_rejected(
        &mut state,
        val1(),
        reveal(NET, &[0], &[1], &SALT, 0),
        Error::ExpiredWeightCommit,
    );
}

#[test]
fn reveal_with_longer_reveal_period() {
    let mut state = setup_cr();
    subnet_mut(&mut state, NET).hyperparams.reveal_period_epochs = 3;
    let hash = hash_of(val1(), NET, &[0], &[1], &SALT, 0);
    run(&mut state, val1(), commit(NET, hash)).unwrap();
    let call = reveal(NET, &[0], &[1], &SALT, 0);
    for _ in 0..2 {
        next_epoch(&mut state, NET);
        assert_rejected(&mut state, val1(), call.clone(), Error::RevealTooEarly);
    }
    next_epoch(&mut state, NET);
    run(&mut state, val1(), call).unwrap();
    assert_eq!(neuron(&state, NET, 1).weights, vec![(0, 65_535)]);
}

#[test]
fn reveal_looks_ahead_when_an_epoch_fires_this_block() {
    let mut state = setup_cr();
    let hash = hash_of(val1(), NET, &[0], &[1], &SALT, 0);
    run(&mut state, val1(), commit(NET, hash)).unwrap(); // epoch 4, next epoch fires at 1005
    let call = reveal(NET, &[0], &[1], &SALT, 0);
    state.block = START_BLOCK + 4;
    assert_rejected(&mut state, val1(), call.clone(), Error::RevealTooEarly);
    state.block = START_BLOCK + 5; // the epoch-5 boundary block counts as epoch 5
    run(&mut state, val1(), call).unwrap();
}

#[test]
fn reveal_hash_mismatch_and_missing_commit() {
    let mut state = setup_cr();
    assert_rejected(
        &mut state,
        val1(),
        reveal(NET, &[0], &[1], &SALT, 0),
        Error::NoWeightsCommitFound,
    );
    let hash = hash_of(val1(), NET, &[0], &[1], &SALT, 0);
    run(&mut state, val1(), commit(NET, hash)).unwrap();
    next_epoch(&mut state, NET);
    // Any change of uids, values, salt, version key, netuid or hotkey breaks the match.
    for call in [
        reveal(NET, &[1], &[1], &SALT, 0),
        reveal(NET, &[0], &[2], &SALT, 0),
        reveal(NET, &[0], &[1], &[1, 2, 3], 0),
        reveal(NET, &[0], &[1], &SALT, 1),
    ] {
        assert_rejected(
            &mut state,
            val1(),
            call,
            Error::InvalidRevealCommitHashNotMatch,
        );
    }
    // Another hotkey has no commits at all.
    assert_rejected(
        &mut state,
        val2(),
        reveal(NET, &[0], &[1], &SALT, 0),
        Error::NoWeightsCommitFound,
    );
    // The commit lives on subnet 1 only.
    subnet_mut(&mut state, NET2).epoch_index = 5;
    assert_rejected(
        &mut state,
        val1(),
        reveal(NET2, &[0], &[1], &SALT, 0),
        Error::NoWeightsCommitFound,
    );
}

#[test]
fn reveal_with_only_expired_commits_of_other_hashes_is_not_found() {
    let mut state = setup_cr();
    run(&mut state, val1(), commit(NET, [5; 32])).unwrap();
    next_epoch(&mut state, NET);
    next_epoch(&mut state, NET);
    assert_rejected(
        &mut state,
        val1(),
        reveal(NET, &[0], &[1], &SALT, 0),
        Error::NoWeightsCommitFound,
    );
}

#[test]
fn reveal_removes_the_commit_and_all_older_ones() {
    let mut state = setup_cr();
    subnet_mut(&mut state, NET)
        .hyperparams
        .weights_set_rate_limit = 0;
    let salts: [[u16; 1]; 3] = [[1], [2], [3]];
    for salt in &salts {
        run(
            &mut state,
            val1(),
            commit(NET, hash_of(val1(), NET, &[0], &[1], salt, 0)),
        )
        .unwrap();
    }
    next_epoch(&mut state, NET);
    run(&mut state, val1(), reveal(NET, &[0], &[1], &salts[1], 0)).unwrap();
    let remaining: Vec<[u8; 32]> = subnet(&state, NET).weight_commits[&val1()]
        .iter()
        .map(|c| c.hash)
        .collect();
    assert_eq!(
        remaining,
        vec![hash_of(val1(), NET, &[0], &[1], &salts[2], 0)]
    );
    // The older one is gone.
    assert_rejected(
        &mut state,
        val1(),
        reveal(NET, &[0], &[1], &salts[0], 0),
        Error::InvalidRevealCommitHashNotMatch,
    );
}

/// A committed row revealed by `who`, and the error its validation must give.
type RevealCase = (AccountId, &'static [u16], &'static [u16], u64, Error);

#[test]
fn reveal_applies_set_weights_validation() {
    let mut state = setup_cr();
    subnet_mut(&mut state, NET)
        .hyperparams
        .weights_set_rate_limit = 0;
    subnet_mut(&mut state, NET).hyperparams.weights_version_key = 3;
    let cases: [RevealCase; 5] = [
        (miner(), &[0], &[1], 3, Error::NeuronNoValidatorPermit),
        (val1(), &[0, 0], &[1, 1], 3, Error::DuplicateUids),
        (val1(), &[0, 9], &[1, 1], 3, Error::UidVecContainInvalidOne),
        (val1(), &[0, 1], &[1], 3, Error::WeightVecNotEqualSize),
        (val2(), &[0], &[1], 2, Error::IncorrectWeightVersionKey),
    ];
    for (who, uids, values, version_key, _) in &cases {
        run(
            &mut state,
            *who,
            commit(NET, hash_of(*who, NET, uids, values, &SALT, *version_key)),
        )
        .unwrap();
    }
    next_epoch(&mut state, NET);
    for (who, uids, values, version_key, error) in cases {
        assert_rejected(
            &mut state,
            who,
            reveal(NET, uids, values, &SALT, version_key),
            error,
        );
    }
    // Stake threshold, owner exempt.
    state.params.stake_threshold = 1;
    let hash = hash_of(owner(), NET, &[1, 2], &[1, 1], &SALT, 3);
    subnet_mut(&mut state, NET).epoch_index -= 1;
    run(&mut state, owner(), commit(NET, hash)).unwrap();
    let hash = hash_of(val2(), NET, &[1, 2], &[1, 1], &SALT, 3);
    run(&mut state, val2(), commit(NET, hash)).unwrap();
    next_epoch(&mut state, NET);
    assert_rejected(
        &mut state,
        val2(),
        reveal(NET, &[1, 2], &[1, 1], &SALT, 3),
        Error::NotEnoughStakeToSetWeights,
    );
    run(&mut state, owner(), reveal(NET, &[1, 2], &[1, 1], &SALT, 3)).unwrap();
}

#[test]
fn reveal_refused_when_commit_reveal_turned_off() {
    let mut state = setup_cr();
    let hash = hash_of(val1(), NET, &[0], &[1], &SALT, 0);
    run(&mut state, val1(), commit(NET, hash)).unwrap();
    next_epoch(&mut state, NET);
    subnet_mut(&mut state, NET)
        .hyperparams
        .commit_reveal_weights_enabled = false;
    assert_rejected(
        &mut state,
        val1(),
        reveal(NET, &[0], &[1], &SALT, 0),
        Error::CommitRevealDisabled,
    );
    assert_rejected(
        &mut state,
        val1(),
        reveal(NetUid::ROOT, &[0], &[1], &SALT, 0),
        Error::CanNotSetRootNetworkWeights,
    );
}

#[test]
fn reveal_by_a_deregistered_hotkey_fails_on_registration() {
    let mut state = setup_cr();
    let hash = hash_of(miner2(), NET, &[4], &[1], &SALT, 0);
    run(&mut state, miner2(), commit(NET, hash)).unwrap();
    next_epoch(&mut state, NET);
    // Replace uid 4 by a new hotkey.
    let subnet = subnet_mut(&mut state, NET);
    subnet.uids.remove(&miner2());
    subnet.neurons[4].hotkey = key(60);
    subnet.uids.insert(key(60), 4);
    assert_rejected(
        &mut state,
        miner2(),
        reveal(NET, &[4], &[1], &SALT, 0),
        Error::HotKeyNotRegisteredInSubNet,
    );
}

// ---- batch commit ---------------------------------------------------------------------------

#[test]
fn batch_commit_on_two_subnets() {
    let mut state = setup_cr();
    let call = SubtensorCall::BatchCommitWeights {
        netuids: vec![NET, NET2],
        commit_hashes: vec![[1; 32], [2; 32]],
    };
    let events = run(&mut state, val1(), call).unwrap();
    assert_eq!(
        events,
        vec![
            Event::WeightsCommitted(val1(), NET, [1; 32]),
            Event::WeightsCommitted(val1(), NET2, [2; 32])
        ]
    );
    assert_eq!(subnet(&state, NET).weight_commits[&val1()][0].hash, [1; 32]);
    assert_eq!(
        subnet(&state, NET2).weight_commits[&val1()][0].hash,
        [2; 32]
    );
    assert_eq!(neuron(&state, NET2, 1).last_update, START_BLOCK);
}

#[test]
fn batch_commit_is_all_or_nothing() {
    let mut state = setup_cr();
    let lengths = SubtensorCall::BatchCommitWeights {
        netuids: vec![NET, NET2],
        commit_hashes: vec![[1; 32]],
    };
    assert_rejected(&mut state, val1(), lengths, Error::InputLengthsUnequal);
    // The second item fails: the first is not committed either.
    subnet_mut(&mut state, NET2)
        .hyperparams
        .commit_reveal_weights_enabled = false;
    let call = SubtensorCall::BatchCommitWeights {
        netuids: vec![NET, NET2],
        commit_hashes: vec![[1; 32], [2; 32]],
    };
    assert_rejected(&mut state, val1(), call, Error::CommitRevealDisabled);
    // A repeated netuid sees the first commit's last_update.
    let call = SubtensorCall::BatchCommitWeights {
        netuids: vec![NET, NET],
        commit_hashes: vec![[1; 32], [2; 32]],
    };
    assert_rejected(
        &mut state,
        val1(),
        call.clone(),
        Error::CommittingWeightsTooFast,
    );
    subnet_mut(&mut state, NET)
        .hyperparams
        .weights_set_rate_limit = 0;
    run(&mut state, val1(), call).unwrap();
    assert_eq!(subnet(&state, NET).weight_commits[&val1()].len(), 2);
}

#[test]
fn batch_commit_counts_the_ten_commit_limit_across_items() {
    let mut state = setup_cr();
    subnet_mut(&mut state, NET)
        .hyperparams
        .weights_set_rate_limit = 0;
    for i in 0..9u8 {
        run(&mut state, val1(), commit(NET, [i; 32])).unwrap();
    }
    let call = SubtensorCall::BatchCommitWeights {
        netuids: vec![NET2, NET, NET],
        commit_hashes: vec![[20; 32], [21; 32], [22; 32]],
    };
    assert_rejected(&mut state, val1(), call, Error::TooManyUnrevealedCommits);
}

// ---- batch reveal ---------------------------------------------------------------------------

/// One reveal of a batch: (uids, values, salt, version key).
type BatchItem<'a> = (&'a [u16], &'a [u16], &'a [u16], u64);

fn batch_reveal(netuid: NetUid, items: &[BatchItem]) -> SubtensorCall {
    SubtensorCall::BatchRevealWeights {
        netuid,
        uids_list: items.iter().map(|i| i.0.to_vec()).collect(),
        values_list: items.iter().map(|i| i.1.to_vec()).collect(),
        salts_list: items.iter().map(|i| i.2.to_vec()).collect(),
        version_keys: items.iter().map(|i| i.3).collect(),
    }
}

/// val1 commits three rows on subnet 1 in epoch 4, then the subnet moves to epoch 5.
fn three_commits() -> (State, [[u8; 32]; 3]) {
    let mut state = setup_cr();
    subnet_mut(&mut state, NET)
        .hyperparams
        .weights_set_rate_limit = 0;
    let hashes = [
        hash_of(val1(), NET, &[0], &[1], &[1], 0),
        hash_of(val1(), NET, &[1, 2], &[1, 2], &[2], 0),
        hash_of(val1(), NET, &[3], &[5], &[3], 0),
    ];
    for hash in hashes {
        run(&mut state, val1(), commit(NET, hash)).unwrap();
    }
    next_epoch(&mut state, NET);
    (state, hashes)
}

#[test]
fn batch_reveal_stores_in_order_and_removes_only_revealed() {
    let (mut state, hashes) = three_commits();
    let call = batch_reveal(NET, &[(&[3], &[5], &[3], 0), (&[1, 2], &[1, 2], &[2], 0)]);
    let events = run(&mut state, val1(), call).unwrap();
    assert_eq!(
        events,
        vec![
            Event::WeightsSet(NET, 1),
            Event::WeightsSet(NET, 1),
            Event::WeightsBatchRevealed(val1(), NET, vec![hashes[2], hashes[1]]),
        ]
    );
    // The last reveal's row stays.
    assert_eq!(
        neuron(&state, NET, 1).weights,
        vec![(1, 32_768), (2, 65_535)]
    );
    let remaining: Vec<[u8; 32]> = subnet(&state, NET).weight_commits[&val1()]
        .iter()
        .map(|c| c.hash)
        .collect();
    assert_eq!(remaining, vec![hashes[0]]);
}

#[test]
fn batch_reveal_is_all_or_nothing() {
    let (mut state, _) = three_commits();
    let lengths = SubtensorCall::BatchRevealWeights {
        netuid: NET,
        uids_list: vec![vec![0]],
        values_list: vec![vec![1]],
        salts_list: vec![],
        version_keys: vec![0],
    };
    assert_rejected(&mut state, val1(), lengths, Error::InputLengthsUnequal);
    // Second reveal has a wrong salt.
    let call = batch_reveal(NET, &[(&[0], &[1], &[1], 0), (&[3], &[5], &[9], 0)]);
    assert_rejected(
        &mut state,
        val1(),
        call,
        Error::InvalidRevealCommitHashNotMatch,
    );
    // Second reveal fails weight validation (duplicate uids in a committed row).
    let bad = hash_of(val1(), NET, &[2, 2], &[1, 1], &[4], 0);
    subnet_mut(&mut state, NET).epoch_index -= 1;
    run(&mut state, val1(), commit(NET, bad)).unwrap();
    next_epoch(&mut state, NET);
    let call = batch_reveal(NET, &[(&[0], &[1], &[1], 0), (&[2, 2], &[1, 1], &[4], 0)]);
    assert_rejected(&mut state, val1(), call, Error::DuplicateUids);
    // The same commit revealed twice.
    let call = batch_reveal(NET, &[(&[0], &[1], &[1], 0), (&[0], &[1], &[1], 0)]);
    assert_rejected(
        &mut state,
        val1(),
        call,
        Error::InvalidRevealCommitHashNotMatch,
    );
}

#[test]
fn batch_reveal_windows() {
    let (mut state, _) = three_commits();
    let call = batch_reveal(NET, &[(&[0], &[1], &[1], 0)]);
    subnet_mut(&mut state, NET).epoch_index -= 1;
    assert_rejected(&mut state, val1(), call.clone(), Error::RevealTooEarly);
    subnet_mut(&mut state, NET).epoch_index += 2;
    assert_rejected(&mut state, val1(), call.clone(), Error::ExpiredWeightCommit);
    subnet_mut(&mut state, NET)
        .hyperparams
        .commit_reveal_weights_enabled = false;
    assert_rejected(
        &mut state,
        val1(),
        call.clone(),
        Error::CommitRevealDisabled,
    );
    assert_rejected(
        &mut state,
        val2(),
        batch_reveal(NET, &[]),
        Error::CommitRevealDisabled,
    );
    subnet_mut(&mut state, NET)
        .hyperparams
        .commit_reveal_weights_enabled = true;
    assert_rejected(
        &mut state,
        val2(),
        batch_reveal(NET, &[]),
        Error::NoWeightsCommitFound,
    );
}

// ---- commit hash ----------------------------------------------------------------------------

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn commit_hash_vector_matches_independent_blake2_256() {
    let mut raw = [0u8; 32];
    for (i, byte) in raw.iter_mut().enumerate() {
        *byte = i as u8;
    }
    let hotkey = AccountId(raw);
    let hash = commit_hash(
        &hotkey,
        NetUid(1),
        &[0, 1, 2],
        &[10, 20, 65_535],
        &[1, 2, 3, 4, 5, 6, 7, 8],
        7,
    );

    // SCALE of (AccountId32, u16, Vec<u16>, Vec<u16>, Vec<u16>, u64), built by hand.
    let mut bytes: Vec<u8> = raw.to_vec();
    bytes.extend_from_slice(&[0x01, 0x00]); // netuid 1
    bytes.extend_from_slice(&[0x0c, 0x00, 0x00, 0x01, 0x00, 0x02, 0x00]); // len 3: 0, 1, 2
    bytes.extend_from_slice(&[0x0c, 0x0a, 0x00, 0x14, 0x00, 0xff, 0xff]); // len 3: 10, 20, 65535
    bytes.extend_from_slice(&[0x20, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8, 0]); // len 8
    bytes.extend_from_slice(&[0x07, 0, 0, 0, 0, 0, 0, 0]); // version key 7
    assert_eq!(
        hex(&bytes),
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\
         01000c0000010002000c0a001400ffff20010002000300040005000600070008000700000000000000"
    );
    let independent: [u8; 32] = Blake2b::<U32>::digest(&bytes).into();
    assert_eq!(hash, independent);
    // Fixed vector (BLAKE2b-256 of the bytes above, computed outside Rust).
    assert_eq!(
        hex(&hash),
        "39553d1e70f90b73f1c424839816abc75ed3eb7bb2d5b4fdf4888b11ec40a032"
    );
}

#[test]
fn commit_hash_vector_with_two_byte_length_prefix() {
    let uids: Vec<u16> = (0..70).collect();
    let values = vec![1u16; 70];
    let hotkey = AccountId([0xab; 32]);
    let hash = commit_hash(&hotkey, NetUid(513), &uids, &values, &[], u64::MAX);

    let mut bytes = vec![0xab; 32];
    bytes.extend_from_slice(&[0x01, 0x02]); // netuid 513
    bytes.extend_from_slice(&[0x19, 0x01]); // compact 70 = (70 << 2) | 1
    for uid in &uids {
        bytes.extend_from_slice(&uid.to_le_bytes());
    }
    bytes.extend_from_slice(&[0x19, 0x01]);
    for _ in 0..70 {
        bytes.extend_from_slice(&[0x01, 0x00]);
    }
    bytes.push(0x00); // empty salt
    bytes.extend_from_slice(&[0xff; 8]);
    let independent: [u8; 32] = Blake2b::<U32>::digest(&bytes).into();
    assert_eq!(hash, independent);
    assert_eq!(
        hex(&hash),
        "8d01d3383c5174138b2d0cb58640c47aa34f7b511fc0f33d0dbd2617ba7691c2"
    );
}

// ---- routing --------------------------------------------------------------------------------

#[test]
fn routed_through_runtime_dispatch() {
    let mut state = setup();
    let mut events = Vec::new();
    let call = RuntimeCall::Subtensor(set(NET, &[0], &[1], 0));
    assert_eq!(
        dispatch::dispatch(&mut state, Origin::Root, call.clone(), &mut events),
        Err(Error::BadOrigin)
    );
    dispatch::dispatch(&mut state, Origin::Signed(val1()), call, &mut events).unwrap();
    assert_eq!(events, vec![Event::WeightsSet(NET, 1)]);
}

#[test]
fn non_weights_call_is_refused_without_change() {
    let mut state = setup();
    assert_rejected(
        &mut state,
        val1(),
        SubtensorCall::StartCall { netuid: NET },
        Error::CallDisabled,
    );
}

#[test]
fn weights_calls_move_no_tao() {
    let mut state = setup_cr();
    state.deposit(&key(1), 1_000_000).unwrap();
    state.total_issuance = 1_000_000;
    let before = (
        state.total_issuance,
        state.balances_issuance,
        state.accounts.clone(),
        state.stake.clone(),
    );
    let hash = hash_of(val1(), NET, &[0], &[1], &SALT, 0);
    run(&mut state, val1(), commit(NET, hash)).unwrap();
    next_epoch(&mut state, NET);
    run(&mut state, val1(), reveal(NET, &[0], &[1], &SALT, 0)).unwrap();
    let after = (
        state.total_issuance,
        state.balances_issuance,
        state.accounts.clone(),
        state.stake.clone(),
    );
    assert_eq!(before, after);
}
