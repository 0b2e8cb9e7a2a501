//! Property tests of the whole runtime: random sequences of signed calls from every pallet,
//! interleaved with blocks (emission, epochs, payouts), keep every invariant; a rejected call
//! changes nothing but the fee and the nonce; a stake followed by an unstake never gains.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use dtao_primitives::{AccountId, NetUid, RAO_PER_TAO};
use dtao_runtime::genesis::{GenesisConfig, GenesisSubnet};
use dtao_runtime::{invariants, BalancesCall, Runtime, RuntimeCall, State, SubtensorCall};
use proptest::prelude::*;

const TAO: u64 = RAO_PER_TAO;

fn coldkey(i: u8) -> AccountId {
    AccountId::from_seed_byte(10 + i % 4)
}

fn hotkey(i: u8) -> AccountId {
    AccountId::from_seed_byte(30 + i % 6)
}

fn netuid(i: u8) -> NetUid {
    NetUid(u16::from(i % 4))
}

/// One step of a random history.
#[derive(Clone, Debug)]
enum Op {
    Transfer(u8, u8, u64),
    AddStake(u8, u8, u8, u64),
    RemoveStake(u8, u8, u8, u8),
    MoveStake(u8, u8, u8, u8, u8, u8),
    Register(u8, u8, u8),
    SetWeights(u8, u8, Vec<u16>),
    RegisterNetwork(u8, u8),
    StartCall(u8, u8),
    Blocks(u8),
}

fn op() -> impl Strategy<Value = Op> {
    let small = any::<u8>();
    prop_oneof![
        (small, small, 0..20_000 * TAO).prop_map(|(a, b, v)| Op::Transfer(a, b, v)),
        (small, small, small, 0..2_000 * TAO).prop_map(|(a, b, c, v)| Op::AddStake(a, b, c, v)),
        (small, small, small, small).prop_map(|(a, b, c, f)| Op::RemoveStake(a, b, c, f)),
        (small, small, small, small, small, small)
            .prop_map(|(a, b, c, d, e, f)| Op::MoveStake(a, b, c, d, e, f)),
        (small, small, small).prop_map(|(a, b, c)| Op::Register(a, b, c)),
        (small, small, proptest::collection::vec(any::<u16>(), 0..6))
            .prop_map(|(a, b, w)| Op::SetWeights(a, b, w)),
        (small, small).prop_map(|(a, b)| Op::RegisterNetwork(a, b)),
        (small, small).prop_map(|(a, b)| Op::StartCall(a, b)),
        (1_u8..30).prop_map(Op::Blocks),
    ]
}

fn genesis() -> State {
    let coldkeys: Vec<AccountId> = (0..4).map(coldkey).collect();
    GenesisConfig::dev_with_tempo(&coldkeys, 7)
        .set_param("network_min_lock_cost", 100 * TAO)
        .set_param("subnet_limit", 3_u64)
        .set_param("network_immunity_period", 50_u64)
        .set_param("new_subnet_hyperparams.max_allowed_uids", 4_u64)
        .set_param("new_subnet_hyperparams.weights_set_rate_limit", 0_u64)
        .subnet(
            GenesisSubnet::new(coldkey(0), hotkey(0))
                .pool(500 * TAO, 800 * TAO)
                .started(),
        )
        .build()
        .unwrap()
}

/// The call of an op and its signer (`None` for a block step).
fn call_of(state: &State, op: &Op) -> Option<(AccountId, RuntimeCall)> {
    use SubtensorCall as C;
    let stake_of = |cold: AccountId, hot: AccountId, net: NetUid, fraction: u8| {
        let held = u128::from(state.stake_of(&hot, &cold, net));
        u64::try_from(held * u128::from(fraction) / 255).unwrap_or(u64::MAX)
    };
    let subtensor = |call| RuntimeCall::Subtensor(call);
    Some(match op.clone() {
        Op::Transfer(a, b, value) => (
            coldkey(a),
            RuntimeCall::Balances(BalancesCall::TransferKeepAlive {
                dest: coldkey(b),
                value,
            }),
        ),
        Op::AddStake(c, h, n, amount) => (
            coldkey(c),
            subtensor(C::AddStake {
                hotkey: hotkey(h),
                netuid: netuid(n),
                amount_staked: amount,
            }),
        ),
        Op::RemoveStake(c, h, n, f) => {
            let amount = stake_of(coldkey(c), hotkey(h), netuid(n), f);
            (
                coldkey(c),
                subtensor(C::RemoveStake {
                    hotkey: hotkey(h),
                    netuid: netuid(n),
                    amount_unstaked: amount,
                }),
            )
        }
        Op::MoveStake(c, h1, h2, n1, n2, f) => {
            let amount = stake_of(coldkey(c), hotkey(h1), netuid(n1), f);
            (
                coldkey(c),
                subtensor(C::MoveStake {
                    origin_hotkey: hotkey(h1),
                    destination_hotkey: hotkey(h2),
                    origin_netuid: netuid(n1),
                    destination_netuid: netuid(n2),
                    alpha_amount: amount,
                }),
            )
        }
        Op::Register(c, h, n) => (
            coldkey(c),
            subtensor(C::BurnedRegister {
                netuid: netuid(n),
                hotkey: hotkey(h),
            }),
        ),
        Op::SetWeights(h, n, weights) => {
            let dests: Vec<u16> = (0..weights.len() as u16).collect();
            (
                hotkey(h),
                subtensor(C::SetWeights {
                    netuid: netuid(n),
                    dests,
                    weights,
                    version_key: 0,
                }),
            )
        }
        Op::RegisterNetwork(c, h) => (
            coldkey(c),
            subtensor(C::RegisterNetwork { hotkey: hotkey(h) }),
        ),
        Op::StartCall(c, n) => (coldkey(c), subtensor(C::StartCall { netuid: netuid(n) })),
        Op::Blocks(_) => return None,
    })
}

/// The state with only what a failed transaction may change (fee, nonce) taken from `after`.
fn with_fee_effects(mut before: State, after: &State) -> State {
    before.accounts = after.accounts.clone();
    before.balances_issuance = after.balances_issuance;
    before.total_issuance = after.total_issuance;
    before.total_recycled = after.total_recycled;
    before.total_fees = after.total_fees;
    before
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_histories_keep_every_invariant(ops in proptest::collection::vec(op(), 1..40)) {
        let mut runtime = Runtime::new(genesis());
        invariants::check(&runtime.state).unwrap();
        for op in &ops {
            match call_of(&runtime.state, op) {
                None => {
                    let Op::Blocks(count) = op else { unreachable!() };
                    for _ in 0..*count {
                        runtime.initialize_block();
                        if let Err(violation) = invariants::check(&runtime.state) {
                            panic!("after {op:?} at block {}: {violation}", runtime.state.block);
                        }
                    }
                }
                Some((signer, call)) => {
                    let before = runtime.state.clone();
                    match runtime.apply_extrinsic(signer, call, 100) {
                        Err(_) => prop_assert_eq!(&runtime.state, &before, "refused tx changed state"),
                        Ok(applied) if applied.result.is_err() => {
                            let expected = with_fee_effects(before, &runtime.state);
                            prop_assert_eq!(&runtime.state, &expected, "{:?} failed with {:?} but changed state", op, applied.result);
                        }
                        Ok(_) => {}
                    }
                    if let Err(violation) = invariants::check(&runtime.state) {
                        panic!("after {op:?}: {violation}");
                    }
                }
            }
        }
    }

    #[test]
    fn stake_then_unstake_never_gains(amount in 1..5_000 * TAO, on_root in any::<bool>()) {
        let mut runtime = Runtime::new(genesis());
        let (cold, hot) = (coldkey(1), hotkey(0));
        let net = if on_root { NetUid::ROOT } else { NetUid(1) };
        let start = runtime.state.free_balance(&cold);
        let stake = RuntimeCall::Subtensor(SubtensorCall::AddStake { hotkey: hot, netuid: net, amount_staked: amount });
        let applied = runtime.apply_extrinsic(cold, stake, 100).unwrap();
        prop_assume!(applied.result.is_ok());
        let alpha = runtime.state.stake_of(&hot, &cold, net);
        let unstake = RuntimeCall::Subtensor(SubtensorCall::RemoveStake { hotkey: hot, netuid: net, amount_unstaked: alpha });
        let applied = runtime.apply_extrinsic(cold, unstake, 100).unwrap();
        prop_assume!(applied.result.is_ok());
        prop_assert!(runtime.state.free_balance(&cold) < start, "round trip gained");
        invariants::check(&runtime.state).unwrap();
    }
}
