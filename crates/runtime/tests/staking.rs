//! Staking scenarios and properties: conservation of TAO and alpha over random call sequences,
//! rejected calls changing nothing, and stake-then-unstake never gaining.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use dtao_primitives::{AccountId, NetUid, RAO_PER_TAO};
use dtao_runtime::hyperparams::NetworkParams;
use dtao_runtime::state::Subnet;
use dtao_runtime::{staking, Error, Event, Runtime, RuntimeCall, State, SubtensorCall};
use proptest::prelude::*;

const TAO: u64 = RAO_PER_TAO;
const ALICE: AccountId = AccountId([1; 32]);
const BOB: AccountId = AccountId([2; 32]);
const CAROL: AccountId = AccountId([3; 32]);
const OWNER: AccountId = AccountId([10; 32]);
const VALI: AccountId = AccountId([11; 32]);
const ALICE_HK: AccountId = AccountId([12; 32]);
const FREE_HK: AccountId = AccountId([13; 32]);
const UNKNOWN: AccountId = AccountId([99; 32]);

const COLDKEYS: [AccountId; 4] = [ALICE, BOB, CAROL, OWNER];
const HOTKEYS: [AccountId; 4] = [VALI, ALICE_HK, FREE_HK, UNKNOWN];
/// Root, two open subnets (one shallow), one not started, one missing.
const NETUIDS: [NetUid; 5] = [NetUid(0), NetUid(1), NetUid(2), NetUid(3), NetUid(7)];

/// TAO and alpha conservation (PREAMBLE), balances = Σ free, `total_stake` = Σ reserves (true
/// of these test chains), and no share pool owes its holders more than it holds.
fn check_conservation(state: &State) {
    let reserves: u128 = state
        .subnets
        .values()
        .map(|s| u128::from(s.tao_reserve) + u128::from(s.pending.root_divs_tao))
        .sum();
    assert_eq!(
        u128::from(state.total_issuance),
        u128::from(state.balances_issuance) + reserves,
        "TAO: issuance = balances + reserves"
    );
    let free: u128 = state.accounts.values().map(|a| u128::from(a.free)).sum();
    assert_eq!(
        u128::from(state.balances_issuance),
        free,
        "balances issuance"
    );
    let tao_reserves: u128 = state
        .subnets
        .values()
        .map(|s| u128::from(s.tao_reserve))
        .sum();
    assert_eq!(u128::from(state.total_stake), tao_reserves, "total stake");
    for (netuid, subnet) in &state.subnets {
        let staked: u128 = state
            .stake
            .iter()
            .filter(|((_, n), _)| n == netuid)
            .map(|(_, stake)| u128::from(stake.pool.value))
            .sum();
        let pending = &subnet.pending;
        let expected = staked
            + u128::from(pending.server)
            + u128::from(pending.validator)
            + u128::from(pending.owner_cut)
            + u128::from(subnet.alpha_burned);
        assert_eq!(
            u128::from(subnet.alpha_out),
            expected,
            "alpha on subnet {netuid}"
        );
    }
    for stake in state.stake.values() {
        let owed: u128 = stake
            .shares
            .values()
            .map(|share| u128::from(stake.pool.value_of(*share)))
            .sum();
        assert!(
            owed <= u128::from(stake.pool.value),
            "share pool owes more than it holds"
        );
    }
    for account in state.accounts.values() {
        assert!(
            account.free == 0 || account.free >= state.params.existential_deposit,
            "account below the existential deposit"
        );
    }
}

fn add_subnet(state: &mut State, netuid: NetUid, tao: u64, alpha: u64, enabled: bool) {
    let mut subnet = Subnet::new(netuid, OWNER, VALI, 0);
    subnet.tao_reserve = tao;
    subnet.alpha_in = alpha;
    subnet.subtoken_enabled = enabled;
    state.subnets.insert(netuid, subnet);
    state.total_issuance += tao;
    state.total_stake += tao;
}

fn fund(state: &mut State, account: &AccountId, amount: u64) {
    state.deposit(account, amount).unwrap();
    state.total_issuance += amount;
}

/// A chain with subnets 1 (1000/1000 TAO/alpha), 2 (shallow: 30 TAO / 20 alpha) and 3 (not
/// started); every coldkey holds 500 TAO; VALI is OWNER's, ALICE_HK Alice's, FREE_HK Carol's.
fn chain(nominator_min_factor: u64) -> State {
    let mut state = State::new(NetworkParams::default());
    state.params.nominator_min_required_stake = nominator_min_factor;
    state.block = 1;
    add_subnet(&mut state, NetUid(1), 1000 * TAO, 1000 * TAO, true);
    add_subnet(&mut state, NetUid(2), 30 * TAO, 20 * TAO, true);
    add_subnet(&mut state, NetUid(3), 100 * TAO, 100 * TAO, false);
    state.associate_hotkey(&OWNER, &VALI).unwrap();
    state.associate_hotkey(&ALICE, &ALICE_HK).unwrap();
    state.associate_hotkey(&CAROL, &FREE_HK).unwrap();
    for coldkey in COLDKEYS {
        fund(&mut state, &coldkey, 500 * TAO);
    }
    check_conservation(&state);
    state
}

/// [`chain`] where every coldkey already stakes to VALI on subnet 1 and root and to ALICE_HK
/// on subnet 2.
fn busy_chain(nominator_min_factor: u64) -> State {
    let mut state = chain(nominator_min_factor);
    for coldkey in COLDKEYS {
        for (hotkey, netuid) in [(VALI, 1), (VALI, 0), (ALICE_HK, 2)] {
            let call = SubtensorCall::AddStake {
                hotkey,
                netuid: NetUid(netuid),
                amount_staked: 20 * TAO,
            };
            staking::dispatch(&mut state, coldkey, call, &mut Vec::new()).unwrap();
        }
    }
    check_conservation(&state);
    state
}

/// One step of a random history.
#[derive(Clone, Debug)]
enum Op {
    /// A staking call by one of the coldkeys; `amount` is raw or, for alpha amounts, scaled
    /// to the caller's position by `scale` when `scale > 0`.
    Call {
        who: usize,
        kind: u8,
        hotkey: usize,
        other_hotkey: usize,
        netuid: usize,
        other_netuid: usize,
        amount: u64,
        scale: u8,
        limit_price: u64,
        flag: bool,
    },
    /// Emission paid to a hotkey's nominators (alpha_out raised to match).
    Dividend {
        hotkey: usize,
        netuid: usize,
        alpha: u64,
    },
    /// Time passes.
    Advance { blocks: u64 },
}

/// An index into `HOTKEYS`, biased towards hotkeys with positions.
fn hotkey_index() -> impl Strategy<Value = usize> {
    prop_oneof![4 => Just(0_usize), 2 => Just(1_usize), 2 => Just(2_usize), 1 => Just(3_usize)]
}

/// An index into `NETUIDS`, biased towards open subnets.
fn netuid_index() -> impl Strategy<Value = usize> {
    prop_oneof![
        2 => Just(0_usize),
        4 => Just(1_usize),
        3 => Just(2_usize),
        1 => Just(3_usize),
        1 => Just(4_usize)
    ]
}

fn op_strategy() -> impl Strategy<Value = Op> {
    let call = (
        (0..COLDKEYS.len(), 0_u8..15, hotkey_index(), hotkey_index()),
        (netuid_index(), netuid_index()),
        prop_oneof![
            0_u64..2_000_000,
            0_u64..100 * TAO,
            0_u64..1_000 * TAO,
            Just(u64::MAX)
        ],
        prop_oneof![1 => Just(0_u8), 3 => 1_u8..=255, 1 => Just(255_u8)],
        prop_oneof![Just(0_u64), 500_000_000_u64..3_000_000_000, any::<u64>()],
        any::<bool>(),
    )
        .prop_map(
            |(
                (who, kind, hotkey, other_hotkey),
                (netuid, other_netuid),
                amount,
                scale,
                limit_price,
                flag,
            )| {
                Op::Call {
                    who,
                    kind,
                    hotkey,
                    other_hotkey,
                    netuid,
                    other_netuid,
                    amount,
                    scale,
                    limit_price,
                    flag,
                }
            },
        );
    prop_oneof![
        8 => call,
        1 => (0..3_usize, 0..3_usize, 0_u64..10 * TAO)
            .prop_map(|(hotkey, netuid, alpha)| Op::Dividend { hotkey, netuid, alpha }),
        1 => prop_oneof![1_u64..10, 216_000_u64..300_000]
            .prop_map(|blocks| Op::Advance { blocks }),
    ]
}

/// The alpha amount of an op: a share of the caller's position, or the raw amount.
fn alpha_amount(
    state: &State,
    hotkey: &AccountId,
    who: &AccountId,
    netuid: NetUid,
    amount: u64,
    scale: u8,
) -> u64 {
    if scale == 0 {
        return amount;
    }
    let held = u128::from(state.stake_of(hotkey, who, netuid));
    u64::try_from(held * u128::from(scale) / 255).unwrap()
}

#[allow(clippy::too_many_lines)]
fn build_call(state: &State, op: &Op) -> Option<(AccountId, SubtensorCall)> {
    let Op::Call {
        who,
        kind,
        hotkey,
        other_hotkey,
        netuid,
        other_netuid,
        amount,
        scale,
        limit_price,
        flag,
    } = op.clone()
    else {
        return None;
    };
    let who = COLDKEYS[who];
    let hotkey = HOTKEYS[hotkey];
    let other_hotkey = HOTKEYS[other_hotkey];
    let netuid = NETUIDS[netuid];
    let other_netuid = NETUIDS[other_netuid];
    let alpha = alpha_amount(state, &hotkey, &who, netuid, amount, scale);
    let call = match kind {
        0 => SubtensorCall::AddStake {
            hotkey,
            netuid,
            amount_staked: amount,
        },
        1 => SubtensorCall::AddStakeLimit {
            hotkey,
            netuid,
            amount_staked: amount,
            limit_price,
            allow_partial: flag,
        },
        2 => SubtensorCall::RemoveStake {
            hotkey,
            netuid,
            amount_unstaked: alpha,
        },
        3 => SubtensorCall::RemoveStakeLimit {
            hotkey,
            netuid,
            amount_unstaked: alpha,
            limit_price,
            allow_partial: flag,
        },
        4 => SubtensorCall::RemoveStakeFullLimit {
            hotkey,
            netuid,
            limit_price: flag.then_some(limit_price),
        },
        5 => SubtensorCall::MoveStake {
            origin_hotkey: hotkey,
            destination_hotkey: other_hotkey,
            origin_netuid: netuid,
            destination_netuid: other_netuid,
            alpha_amount: alpha,
        },
        6 => SubtensorCall::SwapStake {
            hotkey,
            origin_netuid: netuid,
            destination_netuid: other_netuid,
            alpha_amount: alpha,
        },
        7 => SubtensorCall::SwapStakeLimit {
            hotkey,
            origin_netuid: netuid,
            destination_netuid: other_netuid,
            alpha_amount: alpha,
            limit_price,
            allow_partial: flag,
        },
        8 => SubtensorCall::TransferStake {
            destination_coldkey: COLDKEYS[usize::from(scale) % COLDKEYS.len()],
            hotkey,
            origin_netuid: netuid,
            destination_netuid: other_netuid,
            alpha_amount: alpha,
        },
        9 => SubtensorCall::UnstakeAll { hotkey },
        10 => SubtensorCall::UnstakeAllAlpha { hotkey },
        11 => SubtensorCall::IncreaseTake {
            hotkey,
            take: u16::try_from(amount % 13_000).unwrap(),
        },
        12 => SubtensorCall::DecreaseTake {
            hotkey,
            take: u16::try_from(amount % 13_000).unwrap(),
        },
        13 => SubtensorCall::TryAssociateHotkey { hotkey },
        _ => {
            // Toggle transfers on a subnet through the state (an admin action), then transfer.
            return Some((
                who,
                SubtensorCall::TransferStake {
                    destination_coldkey: COLDKEYS[usize::from(scale) % COLDKEYS.len()],
                    hotkey,
                    origin_netuid: netuid,
                    destination_netuid: other_netuid,
                    alpha_amount: alpha,
                },
            ));
        }
    };
    Some((who, call))
}

/// Run one op; staking calls go straight to `staking::dispatch`. Returns whether a call was
/// accepted (None for non-call ops).
fn run_op(state: &mut State, op: &Op) -> Option<bool> {
    match *op {
        Op::Dividend {
            hotkey,
            netuid,
            alpha,
        } => {
            let netuid = NETUIDS[netuid];
            if state
                .distribute_to_hotkey(&HOTKEYS[hotkey], netuid, alpha)
                .is_ok()
            {
                state.subnet_mut(netuid).unwrap().alpha_out += alpha;
            }
            None
        }
        Op::Advance { blocks } => {
            state.block += blocks;
            None
        }
        Op::Call {
            kind, netuid, flag, ..
        } => {
            if kind >= 14 {
                if let Ok(subnet) = state.subnet_mut(NETUIDS[netuid]) {
                    subnet.hyperparams.transfer_allowed = flag;
                }
            }
            let (who, call) = build_call(state, op)?;
            let before = state.clone();
            let mut events = Vec::new();
            let result = staking::dispatch(state, who, call.clone(), &mut events);
            if let Err(error) = result {
                assert_eq!(
                    *state, before,
                    "{call:?} failed with {error:?} but changed the state"
                );
                assert!(events.is_empty());
            }
            Some(result.is_ok())
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    /// Any sequence of staking calls, dividends and time keeps TAO and alpha conserved, and a
    /// rejected call leaves the state exactly as it was.
    #[test]
    fn random_sequences_conserve_tao_and_alpha(
        ops in prop::collection::vec(op_strategy(), 1..60),
        sweep in any::<bool>(),
    ) {
        let mut state = busy_chain(if sweep { 10_000_000 } else { 0 });
        for op in &ops {
            run_op(&mut state, op);
            check_conservation(&state);
        }
    }

    /// Staking `amount` and unstaking everything it bought never returns more TAO than was
    /// put in, on any pool, root included.
    #[test]
    fn stake_then_unstake_never_gains(
        tao_reserve in 20_000_000_u64..1_000_000 * TAO,
        alpha_reserve in 20_000_000_u64..1_000_000 * TAO,
        amount in 550_000_u64..400 * TAO,
        on_root in any::<bool>(),
        staked_before in 0_u64..50 * TAO,
    ) {
        let mut state = State::new(NetworkParams::default());
        add_subnet(&mut state, NetUid(1), tao_reserve, alpha_reserve, true);
        state.associate_hotkey(&OWNER, &VALI).unwrap();
        fund(&mut state, &ALICE, 500 * TAO);
        fund(&mut state, &BOB, 500 * TAO);
        let netuid = if on_root { NetUid::ROOT } else { NetUid(1) };
        // Someone else's stake first, so the share pool is not empty.
        let _ = staking::dispatch(
            &mut state,
            BOB,
            SubtensorCall::AddStake { hotkey: VALI, netuid, amount_staked: staked_before },
            &mut Vec::new(),
        );
        let start = state.free_balance(&ALICE);
        let add = SubtensorCall::AddStake { hotkey: VALI, netuid, amount_staked: amount };
        if staking::dispatch(&mut state, ALICE, add, &mut Vec::new()).is_err() {
            return Ok(());
        }
        let alpha = state.stake_of(&VALI, &ALICE, netuid);
        let remove = SubtensorCall::RemoveStake { hotkey: VALI, netuid, amount_unstaked: alpha };
        let _ = staking::dispatch(&mut state, ALICE, remove, &mut Vec::new());
        let end = state.free_balance(&ALICE);
        let left = staking::stake_value_in_tao(&state, &ALICE);
        prop_assert!(end <= start, "gained: {start} -> {end}");
        if on_root {
            prop_assert!(end == start, "root round trip is exact: {start} -> {end}");
        } else {
            prop_assert!(end + left < start, "a dynamic round trip pays fees");
        }
        check_conservation(&state);
    }

    /// Calls that must fail (unknown hotkeys, missing subnets, amounts nobody holds, positions
    /// that do not exist) change nothing, whatever the amounts.
    #[test]
    fn rejected_calls_change_nothing(
        amount in any::<u64>(),
        limit_price in any::<u64>(),
        flag in any::<bool>(),
        kind in 0_u8..9,
        netuid in 0..NETUIDS.len(),
    ) {
        let mut state = chain(0);
        staking::dispatch(
            &mut state,
            ALICE,
            SubtensorCall::AddStake { hotkey: VALI, netuid: NetUid(1), amount_staked: 10 * TAO },
            &mut Vec::new(),
        ).unwrap();
        let netuid = NETUIDS[netuid];
        let call = match kind {
            0 => SubtensorCall::AddStake { hotkey: UNKNOWN, netuid, amount_staked: amount },
            1 => SubtensorCall::AddStakeLimit {
                hotkey: VALI, netuid: NetUid(7), amount_staked: amount, limit_price, allow_partial: flag,
            },
            // Bob holds nothing anywhere.
            2 => SubtensorCall::RemoveStake { hotkey: VALI, netuid, amount_unstaked: amount },
            3 => SubtensorCall::RemoveStakeLimit {
                hotkey: VALI, netuid, amount_unstaked: amount, limit_price, allow_partial: flag,
            },
            4 => SubtensorCall::MoveStake {
                origin_hotkey: VALI, destination_hotkey: UNKNOWN,
                origin_netuid: NetUid(1), destination_netuid: netuid, alpha_amount: amount,
            },
            5 => SubtensorCall::SwapStake {
                hotkey: VALI, origin_netuid: netuid, destination_netuid: NetUid(3), alpha_amount: amount,
            },
            6 => SubtensorCall::TransferStake {
                destination_coldkey: ALICE, hotkey: VALI,
                origin_netuid: netuid, destination_netuid: NetUid(1), alpha_amount: amount,
            },
            7 => SubtensorCall::IncreaseTake { hotkey: VALI, take: u16::try_from(amount % 65_536).unwrap() },
            _ => SubtensorCall::UnstakeAll { hotkey: UNKNOWN },
        };
        let before = state.clone();
        let mut events = Vec::new();
        let result = staking::dispatch(&mut state, BOB, call, &mut events);
        prop_assert!(result.is_err(), "{result:?}");
        prop_assert_eq!(&state, &before);
        prop_assert!(events.is_empty());
    }
}

#[test]
fn random_sequences_do_succeed_sometimes() {
    // Guard against a generator that only produces failures: a fixed busy history.
    let mut state = chain(0);
    let mut accepted = 0;
    let calls = [
        (
            ALICE,
            SubtensorCall::AddStake {
                hotkey: VALI,
                netuid: NetUid(1),
                amount_staked: 50 * TAO,
            },
        ),
        (
            BOB,
            SubtensorCall::AddStake {
                hotkey: ALICE_HK,
                netuid: NetUid(2),
                amount_staked: TAO,
            },
        ),
        (
            CAROL,
            SubtensorCall::AddStake {
                hotkey: FREE_HK,
                netuid: NetUid(0),
                amount_staked: 20 * TAO,
            },
        ),
        (
            ALICE,
            SubtensorCall::SwapStake {
                hotkey: VALI,
                origin_netuid: NetUid(1),
                destination_netuid: NetUid(2),
                alpha_amount: 5 * TAO,
            },
        ),
        (
            CAROL,
            SubtensorCall::TransferStake {
                destination_coldkey: BOB,
                hotkey: FREE_HK,
                origin_netuid: NetUid(0),
                destination_netuid: NetUid(1),
                alpha_amount: 10 * TAO,
            },
        ),
        (ALICE, SubtensorCall::UnstakeAllAlpha { hotkey: VALI }),
        (BOB, SubtensorCall::UnstakeAll { hotkey: FREE_HK }),
        (ALICE, SubtensorCall::UnstakeAll { hotkey: VALI }),
    ];
    for (who, call) in calls {
        let mut events = Vec::new();
        staking::dispatch(&mut state, who, call.clone(), &mut events)
            .unwrap_or_else(|e| panic!("{call:?}: {e:?}"));
        accepted += 1;
        check_conservation(&state);
    }
    assert_eq!(accepted, 8);
    assert_eq!(staking::positions_of(&state, &ALICE), vec![]);
}

/// The full path: signed extrinsics with fees, routed by the runtime to the staking module.
#[test]
fn staking_through_signed_extrinsics() {
    let mut runtime = Runtime::new(chain(0));
    runtime.initialize_block();
    let stake = RuntimeCall::Subtensor(SubtensorCall::AddStake {
        hotkey: VALI,
        netuid: NetUid(1),
        amount_staked: 10 * TAO,
    });
    let applied = runtime.apply_extrinsic(ALICE, stake, 120).unwrap();
    assert_eq!(applied.result, Ok(()));
    assert_eq!(
        applied.events[0],
        Event::StakeAdded(ALICE, VALI, 10 * TAO, 9_900_941_084, NetUid(1), 50_000)
    );
    assert_eq!(runtime.state.free_balance(&ALICE), 490 * TAO - applied.fee);
    check_conservation(&runtime.state);
    // A failing call still pays its fee and changes nothing else.
    let too_much = RuntimeCall::Subtensor(SubtensorCall::RemoveStake {
        hotkey: VALI,
        netuid: NetUid(1),
        amount_unstaked: 20 * TAO,
    });
    let balance = runtime.state.free_balance(&ALICE);
    let applied = runtime.apply_extrinsic(ALICE, too_much, 120).unwrap();
    assert_eq!(applied.result, Err(Error::NotEnoughStakeToWithdraw));
    assert_eq!(runtime.state.free_balance(&ALICE), balance - applied.fee);
    assert_eq!(
        runtime.state.stake_of(&VALI, &ALICE, NetUid(1)),
        9_900_941_084
    );
    check_conservation(&runtime.state);
    let unstake = RuntimeCall::Subtensor(SubtensorCall::RemoveStakeFullLimit {
        hotkey: VALI,
        netuid: NetUid(1),
        limit_price: None,
    });
    let applied = runtime.apply_extrinsic(ALICE, unstake, 120).unwrap();
    assert_eq!(applied.result, Ok(()));
    assert_eq!(runtime.state.stake_of(&VALI, &ALICE, NetUid(1)), 0);
    check_conservation(&runtime.state);
}

/// Root: a validator's nominators share root dividends pro rata and get back exactly what
/// their shares are worth.
#[test]
fn root_nominators_share_dividends() {
    let mut state = chain(0);
    for (who, amount) in [(ALICE, 30 * TAO), (BOB, 10 * TAO)] {
        let call = SubtensorCall::AddStake {
            hotkey: VALI,
            netuid: NetUid::ROOT,
            amount_staked: amount,
        };
        staking::dispatch(&mut state, who, call, &mut Vec::new()).unwrap();
    }
    // 4 TAO of root dividends restaked to VALI (as coinbase would: into root's reserve).
    state
        .distribute_to_hotkey(&VALI, NetUid::ROOT, 4 * TAO)
        .unwrap();
    let root = state.subnet_mut(NetUid::ROOT).unwrap();
    root.alpha_out += 4 * TAO;
    root.tao_reserve += 4 * TAO;
    state.total_issuance += 4 * TAO;
    state.total_stake += 4 * TAO;
    check_conservation(&state);
    assert_eq!(state.stake_of(&VALI, &ALICE, NetUid::ROOT), 33 * TAO);
    assert_eq!(state.stake_of(&VALI, &BOB, NetUid::ROOT), 11 * TAO);
    let call = SubtensorCall::UnstakeAll { hotkey: VALI };
    staking::dispatch(&mut state, BOB, call, &mut Vec::new()).unwrap();
    assert_eq!(state.free_balance(&BOB), 501 * TAO);
    check_conservation(&state);
}
