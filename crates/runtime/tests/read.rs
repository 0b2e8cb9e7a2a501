//! Scenario tests of the runtime-API read models (`dtao_runtime::read`) over a state built by
//! hand: root plus a subnet with a pool, four neurons with epoch outputs, stakes through
//! `credit_stake`, an axon and a prometheus endpoint served.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use dtao_primitives::fixed::I96F32;
use dtao_primitives::{AccountId, NetUid};
use dtao_runtime::hyperparams::NetworkParams;
use dtao_runtime::read::{self, DelegateInfo, StakeInfo};
use dtao_runtime::state::{AxonInfo, Neuron, PrometheusInfo, Subnet, SubnetIdentity};
use dtao_runtime::State;

const TAO: u64 = 1_000_000_000;
const NET: NetUid = NetUid(1);

fn key(seed: u8) -> AccountId {
    AccountId::from_seed_byte(seed)
}

/// Accounts of the fixture.
struct Keys {
    owner_ck: AccountId,
    ck2: AccountId,
    ck3: AccountId,
    nominator: AccountId,
    hk: [AccountId; 4],
}

fn keys() -> Keys {
    Keys {
        owner_ck: key(1),
        ck2: key(2),
        ck3: key(3),
        nominator: key(5),
        hk: [key(10), key(11), key(12), key(13)],
    }
}

fn axon() -> AxonInfo {
    AxonInfo {
        block: 990,
        version: 7,
        ip: 0x7f00_0001,
        port: 8091,
        ip_type: 4,
        protocol: 4,
        placeholder1: 0,
        placeholder2: 0,
    }
}

fn prometheus() -> PrometheusInfo {
    PrometheusInfo {
        block: 991,
        version: 3,
        ip: 0x0a00_0002,
        port: 9090,
        ip_type: 4,
    }
}

fn identity() -> SubnetIdentity {
    SubnetIdentity {
        subnet_name: b"apex-test".to_vec(),
        github_repo: b"https://example.invalid/repo".to_vec(),
        ..SubnetIdentity::default()
    }
}

/// Neuron `i` of subnet 1 with its epoch outputs.
fn neuron(k: &Keys, i: usize) -> Neuron {
    let i16 = u16::try_from(i).unwrap();
    let i64 = u64::from(i16);
    let mut neuron = Neuron {
        hotkey: k.hk[i],
        block_at_registration: 10 + i64,
        last_update: 950 + i64,
        active: i != 3,
        validator_permit: i < 2,
        stake_weight: 1_000 * i16,
        consensus: 100 + i16,
        incentive: 200 + i16,
        dividends: 300 + i16,
        validator_trust: 400 + i16,
        emission: 1_000_000 * (i64 + 1),
        ..Neuron::default()
    };
    match i {
        0 => {
            neuron.weights = vec![(2, 30_000), (3, 0), (1, 35_535)];
            neuron.bonds = vec![(3, 0), (2, 100)];
        }
        1 => neuron.axon = Some(axon()),
        2 => neuron.prometheus = Some(prometheus()),
        _ => {}
    }
    neuron
}

fn fixture() -> (State, Keys) {
    let k = keys();
    let mut state = State::new(NetworkParams::default());
    state.block = 1_000;

    state.associate_hotkey(&k.owner_ck, &k.hk[0]).unwrap();
    state.associate_hotkey(&k.ck2, &k.hk[1]).unwrap();
    state.associate_hotkey(&k.ck3, &k.hk[2]).unwrap();
    state.associate_hotkey(&k.ck2, &k.hk[3]).unwrap();

    let mut subnet = Subnet::new(NET, k.owner_ck, k.hk[0], 10);
    subnet.tao_reserve = 100 * TAO;
    subnet.alpha_in = 200 * TAO;
    subnet.moving_price = I96F32::from_num(1) / I96F32::from_num(4);
    subnet.locked = 1_000 * TAO;
    subnet.subtoken_enabled = true;
    subnet.first_emission_block = Some(11);
    subnet.pending.server = 7;
    subnet.pending.validator = 11;
    subnet.pending.owner_cut = 3;
    subnet.pending.root_divs_tao = 13;
    subnet.last_epoch_block = 900;
    subnet.blocks_since_last_step = 99;
    subnet.identity = Some(identity());
    subnet.token_symbol = "α".as_bytes().to_vec();
    subnet.volume = 12_345;
    subnet.alpha_in_emission = 21;
    subnet.alpha_out_emission = 22;
    subnet.tao_in_emission = 23;
    subnet.hyperparams.weights_version_key = 42;
    subnet.hyperparams.alpha_sigmoid_steepness = 500;
    for i in 0..4 {
        subnet.uids.insert(k.hk[i], u16::try_from(i).unwrap());
        subnet.neurons.push(neuron(&k, i));
    }
    state.subnets.insert(NET, subnet);

    // hk0 also validates on root (uid 0).
    let root = state.subnets.get_mut(&NetUid::ROOT).unwrap();
    root.uids.insert(k.hk[0], 0);
    root.neurons.push(Neuron {
        hotkey: k.hk[0],
        validator_permit: true,
        active: true,
        emission: 1_000,
        ..Neuron::default()
    });

    state
        .credit_stake(&k.hk[0], &k.owner_ck, NET, 50 * TAO)
        .unwrap();
    state
        .credit_stake(&k.hk[0], &k.nominator, NET, 25 * TAO)
        .unwrap();
    state.credit_stake(&k.hk[3], &k.ck2, NET, TAO).unwrap();
    state.credit_stake(&k.hk[1], &k.ck2, NET, 10 * TAO).unwrap();
    state
        .credit_stake(&k.hk[0], &k.owner_ck, NetUid::ROOT, 500 * TAO)
        .unwrap();
    state
        .credit_stake(&k.hk[1], &k.nominator, NetUid::ROOT, 3 * TAO)
        .unwrap();
    state.subnets.get_mut(&NET).unwrap().alpha_out = 86 * TAO + 7 + 11 + 3;
    state.subnets.get_mut(&NetUid::ROOT).unwrap().tao_reserve = 503 * TAO;
    state.delegate_take.insert(k.hk[1], 0);
    (state, k)
}

#[test]
fn dynamic_info_reports_pool_and_emission_fields() {
    let (state, k) = fixture();
    let info = read::dynamic_info(&state, NET).unwrap();
    assert_eq!(info.netuid, 1);
    assert_eq!(info.owner_hotkey, k.hk[0]);
    assert_eq!(info.owner_coldkey, k.owner_ck);
    assert_eq!(info.subnet_name, b"apex-test".to_vec());
    assert_eq!(info.token_symbol, "α".as_bytes().to_vec());
    assert_eq!(info.tempo, 360);
    assert_eq!(info.last_step, 900);
    assert_eq!(info.blocks_since_last_step, 100);
    assert_eq!(info.emission, 0);
    assert_eq!(info.alpha_in, 200 * TAO);
    assert_eq!(info.alpha_out, 86 * TAO + 21);
    assert_eq!(info.tao_in, 100 * TAO);
    assert_eq!(info.alpha_out_emission, 22);
    assert_eq!(info.alpha_in_emission, 21);
    assert_eq!(info.tao_in_emission, 23);
    assert_eq!(info.pending_alpha_emission, 18);
    assert_eq!(info.pending_root_emission, 13);
    assert_eq!(info.subnet_volume, 12_345);
    assert_eq!(info.network_registered_at, 10);
    assert_eq!(info.subnet_identity, Some(identity()));
    assert_eq!(info.moving_price, 1_i128 << 30);

    let all = read::all_dynamic_info(&state);
    assert_eq!(all.iter().map(|d| d.netuid).collect::<Vec<_>>(), vec![0, 1]);
    assert_eq!(all[1], info);
    assert_eq!(all[0].subnet_name, b"root".to_vec());
    assert_eq!(all[0].tempo, 100);
    assert_eq!(all[0].tao_in, 503 * TAO);
    assert_eq!(all[0].moving_price, 1_i128 << 32);

    assert_eq!(read::dynamic_info(&state, NetUid(9)), None);
}

#[test]
fn neurons_lite_in_uid_order_with_stake_and_endpoints() {
    let (state, k) = fixture();
    let lite = read::neurons_lite(&state, NET);
    assert_eq!(lite.len(), 4);
    let coldkeys = [k.owner_ck, k.ck2, k.ck3, k.ck2];
    let alpha = [75 * TAO, 10 * TAO, 0, TAO];
    for (i, neuron) in lite.iter().enumerate() {
        let i16 = u16::try_from(i).unwrap();
        assert_eq!(neuron.uid, i16);
        assert_eq!(neuron.netuid, 1);
        assert_eq!(neuron.hotkey, k.hk[i]);
        assert_eq!(neuron.coldkey, coldkeys[i]);
        assert_eq!(neuron.active, i != 3);
        assert_eq!(neuron.stake, vec![(coldkeys[i], alpha[i])]);
        assert_eq!(neuron.rank, 0);
        assert_eq!(neuron.trust, 0);
        assert_eq!(neuron.emission, 1_000_000 * (u64::from(i16) + 1));
        assert_eq!(neuron.incentive, 200 + i16);
        assert_eq!(neuron.consensus, 100 + i16);
        assert_eq!(neuron.validator_trust, 400 + i16);
        assert_eq!(neuron.dividends, 300 + i16);
        assert_eq!(neuron.last_update, 950 + u64::from(i16));
        assert_eq!(neuron.validator_permit, i < 2);
        assert_eq!(neuron.pruning_score, read::PRUNING_SCORE);
    }
    assert_eq!(lite[0].axon_info, AxonInfo::default());
    assert_eq!(lite[1].axon_info, axon());
    assert_eq!(lite[2].prometheus_info, prometheus());
    assert_eq!(lite[1].prometheus_info, PrometheusInfo::default());

    assert_eq!(read::neuron_lite(&state, NET, 2).as_ref(), Some(&lite[2]));
    assert_eq!(read::neuron_lite(&state, NET, 4), None);
    assert_eq!(read::neuron_lite(&state, NetUid(9), 0), None);
    assert!(read::neurons_lite(&state, NetUid(9)).is_empty());
}

#[test]
fn neuron_has_non_zero_weights_and_bonds() {
    let (state, k) = fixture();
    let full = read::neuron(&state, NET, 0).unwrap();
    assert_eq!(full.hotkey, k.hk[0]);
    assert_eq!(full.stake, vec![(k.owner_ck, 75 * TAO)]);
    assert_eq!(full.weights, vec![(2, 30_000), (1, 35_535)]);
    assert_eq!(full.bonds, vec![(2, 100)]);
    let lite = read::neuron_lite(&state, NET, 0).unwrap();
    assert_eq!(
        (
            full.uid,
            full.emission,
            full.dividends,
            full.validator_permit
        ),
        (
            lite.uid,
            lite.emission,
            lite.dividends,
            lite.validator_permit
        )
    );

    let all = read::neurons(&state, NET);
    assert_eq!(all.len(), 4);
    assert_eq!(all[0], full);
    assert!(all[1].weights.is_empty());
    assert_eq!(read::neuron(&state, NET, 4), None);
    assert_eq!(read::neuron(&state, NetUid(9), 0), None);
    assert!(read::neurons(&state, NetUid(9)).is_empty());
}

fn position(hotkey: AccountId, coldkey: AccountId, netuid: u16, stake: u64) -> StakeInfo {
    StakeInfo {
        hotkey,
        coldkey,
        netuid,
        stake,
        locked: 0,
        emission: 0,
        tao_emission: 0,
        drain: 0,
        is_registered: netuid == 1 || hotkey == key(10),
    }
}

#[test]
fn stake_info_orders_by_netuid_then_staking_hotkeys() {
    let (state, k) = fixture();
    // ck2 staked to hk3 before hk1: StakingHotkeys order is kept within a subnet.
    assert_eq!(
        read::stake_info_for_coldkey(&state, &k.ck2),
        vec![
            position(k.hk[3], k.ck2, 1, TAO),
            position(k.hk[1], k.ck2, 1, 10 * TAO),
        ]
    );
    // Root positions come first; hk1 is not registered on root.
    let nominator = read::stake_info_for_coldkey(&state, &k.nominator);
    assert_eq!(
        nominator,
        vec![
            position(k.hk[1], k.nominator, 0, 3 * TAO),
            position(k.hk[0], k.nominator, 1, 25 * TAO),
        ]
    );
    assert!(!nominator[0].is_registered);
    assert!(nominator[1].is_registered);
    assert_eq!(
        read::stake_info_for_coldkey(&state, &k.owner_ck),
        vec![
            position(k.hk[0], k.owner_ck, 0, 500 * TAO),
            position(k.hk[0], k.owner_ck, 1, 50 * TAO),
        ]
    );
    assert!(read::stake_info_for_coldkey(&state, &k.ck3).is_empty());

    let many = read::stake_info_for_coldkeys(&state, &[k.ck3, k.ck2, key(99)]);
    assert_eq!(
        many.iter()
            .map(|(ck, list)| (*ck, list.len()))
            .collect::<Vec<_>>(),
        vec![(k.ck3, 0), (k.ck2, 2), (key(99), 0)]
    );

    let one = read::stake_info_for_hotkey_coldkey_netuid(&state, &k.hk[0], &k.nominator, NET);
    assert_eq!(one, Some(position(k.hk[0], k.nominator, 1, 25 * TAO)));
    let none =
        read::stake_info_for_hotkey_coldkey_netuid(&state, &k.hk[0], &k.nominator, NetUid(9))
            .unwrap();
    assert_eq!((none.stake, none.is_registered), (0, false));
}

#[test]
fn delegates_with_nominators_registrations_and_returns() {
    let (state, k) = fixture();
    let delegates = read::delegates(&state);
    // Staked hotkeys and hotkeys with an explicit take, in byte order; hk2 has neither.
    assert_eq!(
        delegates
            .iter()
            .map(|d| d.delegate_ss58)
            .collect::<Vec<_>>(),
        vec![k.hk[0], k.hk[1], k.hk[3]]
    );

    let hk0 = &delegates[0];
    assert_eq!(hk0.take, 11_796);
    assert_eq!(
        hk0.nominators,
        vec![
            (k.owner_ck, vec![(0, 500 * TAO), (1, 50 * TAO)]),
            (k.nominator, vec![(1, 25 * TAO)]),
        ]
    );
    assert_eq!(hk0.owner_ss58, k.owner_ck);
    assert_eq!(hk0.registrations, vec![0, 1]);
    assert_eq!(hk0.validator_permits, vec![0, 1]);
    // Root: 1 000 × 7200/100; subnet 1: 1 000 000 × 7200/360.
    assert_eq!(hk0.total_daily_return, 72_000 + 20_000_000);
    // × (1 − take) / (500 TAO / 1000 TAO).
    assert_eq!(hk0.return_per_1000, 2 * 20_072_000 * 53_739 / 65_535);

    let hk1 = &delegates[1];
    assert_eq!(hk1.take, 0);
    assert_eq!(
        hk1.nominators,
        vec![
            (k.ck2, vec![(1, 10 * TAO)]),
            (k.nominator, vec![(0, 3 * TAO)])
        ]
    );
    assert_eq!(hk1.registrations, vec![1]);
    assert_eq!(hk1.validator_permits, vec![1]);
    assert_eq!(hk1.total_daily_return, 40_000_000);
    // take 0 and 3 TAO of root stake: 40e6 × 1000 / 3.
    assert_eq!(hk1.return_per_1000, 13_333_333_333);

    let hk3 = &delegates[2];
    assert_eq!(hk3.owner_ss58, k.ck2);
    assert_eq!(hk3.validator_permits, Vec::<u16>::new());
    assert_eq!(hk3.return_per_1000, 0);

    assert_eq!(read::delegate(&state, &k.hk[0]).as_ref(), Some(hk0));
    assert_eq!(read::delegate(&state, &k.hk[2]), None);
    assert!(read::is_delegate(&state, &k.hk[1]));

    let delegated = read::delegated(&state, &k.nominator);
    let expect = |info: &DelegateInfo| DelegateInfo {
        nominators: Vec::new(),
        ..info.clone()
    };
    assert_eq!(
        delegated,
        vec![(expect(hk0), (1, 25 * TAO)), (expect(hk1), (0, 3 * TAO)),]
    );
    assert!(read::delegated(&state, &k.ck3).is_empty());
}

#[test]
fn subnet_info_and_hyperparams() {
    let (state, k) = fixture();
    let info = read::subnet_info_v2(&state, NET).unwrap();
    assert_eq!(info.netuid, 1);
    assert_eq!(info.subnetwork_n, 4);
    assert_eq!(info.tempo, 360);
    assert_eq!(info.blocks_since_last_step, 99);
    assert_eq!(info.burn, 1_000_000_000);
    assert_eq!(info.owner, k.owner_ck);
    assert_eq!(info.identity, Some(identity()));
    assert_eq!(info.scaling_law_power, read::SCALING_LAW_POWER);
    assert_eq!(info.max_allowed_uids, 256);
    assert_eq!(info.max_allowed_validators, 64);
    assert_eq!(info.kappa, 32_767);
    assert_eq!(info.difficulty, u64::MAX);
    assert!(info.network_connect.is_empty());

    let v1 = read::subnet_info(&state, NET).unwrap();
    assert_eq!(
        (
            v1.netuid,
            v1.subnetwork_n,
            v1.burn,
            v1.owner,
            v1.emission_values
        ),
        (1, 4, info.burn, k.owner_ck, 0)
    );
    let all = read::subnets_info(&state);
    assert_eq!(all.iter().map(|s| s.netuid).collect::<Vec<_>>(), vec![0, 1]);
    assert_eq!(all[1], v1);
    assert_eq!(read::subnets_info_v2(&state)[1], info);
    assert_eq!(read::subnet_info(&state, NetUid(9)), None);
    assert_eq!(read::subnet_info_v2(&state, NetUid(9)), None);

    let h = read::subnet_hyperparams_v2(&state, NET).unwrap();
    assert_eq!(h.rho, 10);
    assert_eq!(h.kappa, 32_767);
    assert_eq!(h.immunity_period, 5_000);
    assert_eq!(h.min_allowed_weights, 1);
    assert_eq!(h.max_weights_limit, u16::MAX);
    assert_eq!(h.tempo, 360);
    assert_eq!((h.min_difficulty, h.max_difficulty), (u64::MAX, u64::MAX));
    assert_eq!(h.weights_version, 42);
    assert_eq!(h.weights_rate_limit, 100);
    assert_eq!(h.adjustment_interval, 360);
    assert_eq!(h.activity_cutoff, 5_000);
    assert!(h.registration_allowed);
    assert_eq!(h.target_regs_per_interval, 1);
    assert_eq!((h.min_burn, h.max_burn), (500_000, 100 * TAO));
    assert_eq!(h.bonds_moving_avg, 900_000);
    assert_eq!(h.max_regs_per_block, read::MAX_REGISTRATIONS_PER_BLOCK);
    assert_eq!(h.serving_rate_limit, 50);
    assert_eq!(h.max_validators, 64);
    assert_eq!(h.adjustment_alpha, 17_893_341_751_498_265_066);
    assert_eq!(h.difficulty, u64::MAX);
    assert_eq!(h.commit_reveal_period, 1);
    assert!(!h.commit_reveal_weights_enabled);
    assert_eq!((h.alpha_low, h.alpha_high), (45_875, 58_982));
    assert!(!h.liquid_alpha_enabled);
    assert_eq!(h.alpha_sigmoid_steepness, 500_i64 << 32);
    assert_eq!(h.yuma_version, 3);
    assert!(h.subnet_is_active);
    assert!(h.transfers_enabled);
    assert!(!h.bonds_reset_enabled);
    assert!(!h.user_liquidity_enabled);

    let v1 = read::subnet_hyperparams(&state, NET).unwrap();
    assert_eq!(
        (
            v1.tempo,
            v1.weights_version,
            v1.alpha_high,
            v1.liquid_alpha_enabled
        ),
        (360, 42, 58_982, false)
    );
    assert_eq!(read::subnet_hyperparams(&state, NetUid(9)), None);
    assert_eq!(read::subnet_hyperparams_v2(&state, NetUid(9)), None);
    let root = read::subnet_hyperparams_v2(&state, NetUid::ROOT).unwrap();
    assert_eq!((root.tempo, root.max_validators), (100, 64));
}

#[test]
fn metagraph_columns_and_scalars() {
    let (state, k) = fixture();
    let m = read::metagraph(&state, NET).unwrap();
    assert_eq!(m.netuid, 1);
    assert_eq!(m.name, b"apex-test".to_vec());
    assert_eq!(m.symbol, "α".as_bytes().to_vec());
    assert_eq!(m.block, 1_000);
    assert_eq!((m.last_step, m.blocks_since_last_step), (900, 100));
    assert_eq!(
        (m.alpha_in, m.tao_in, m.pending_alpha_emission),
        (200 * TAO, 100 * TAO, 18)
    );
    assert_eq!(m.moving_price, 1_i128 << 30);
    assert_eq!((m.num_uids, m.max_uids), (4, 256));
    assert!(!m.pow_registration_allowed);
    assert_eq!(m.weights_version, 42);
    assert_eq!(m.hotkeys, k.hk.to_vec());
    assert_eq!(m.coldkeys, vec![k.owner_ck, k.ck2, k.ck3, k.ck2]);
    assert_eq!(m.identities, vec![None; 4]);
    assert_eq!(m.axons[1], axon());
    assert_eq!(m.active, vec![true, true, true, false]);
    assert_eq!(m.validator_permit, vec![true, true, false, false]);
    assert_eq!(m.pruning_score, vec![u16::MAX; 4]);
    assert_eq!(m.last_update, vec![950, 951, 952, 953]);
    assert_eq!(m.emission, vec![1_000_000, 2_000_000, 3_000_000, 4_000_000]);
    assert_eq!(m.dividends, vec![300, 301, 302, 303]);
    assert_eq!(m.incentives, vec![200, 201, 202, 203]);
    assert_eq!(m.consensus, vec![100, 101, 102, 103]);
    assert_eq!((m.trust.clone(), m.rank.clone()), (vec![0; 4], vec![0; 4]));
    assert_eq!(m.block_at_registration, vec![10, 11, 12, 13]);
    assert_eq!(m.alpha_stake, vec![75 * TAO, 10 * TAO, 0, TAO]);
    assert_eq!(m.tao_stake, vec![500 * TAO, 3 * TAO, 0, 0]);
    // Stake weight = alpha + TaoWeight × root stake, TaoWeight (0.18) being taken as a U96F32
    // ratio as on chain (0.179_999_999_934…): hk0 75 + 89.99… TAO, hk1 10 + 0.539… TAO.
    assert_eq!(m.total_stake, vec![164_999_999_967, 10_539_999_999, 0, TAO]);
    assert_eq!(
        m.total_stake[0],
        state.stake_weight(&k.hk[0], NET).to_num::<u64>()
    );
    assert_eq!(
        m.alpha_dividends_per_hotkey,
        k.hk.iter().map(|hk| (*hk, 0)).collect::<Vec<_>>()
    );
    assert_eq!(m.tao_dividends_per_hotkey, m.alpha_dividends_per_hotkey);

    assert_eq!(read::mechagraph(&state, NET, 0).as_ref(), Some(&m));
    assert_eq!(read::mechagraph(&state, NET, 1), None);
    assert_eq!(read::metagraph(&state, NetUid(9)), None);
    let all = read::all_metagraphs(&state);
    assert_eq!(all.iter().map(|m| m.netuid).collect::<Vec<_>>(), vec![0, 1]);
    assert_eq!(all[0].hotkeys, vec![k.hk[0]]);
}

#[test]
fn selective_metagraph_keeps_only_asked_fields() {
    let (state, k) = fixture();
    let some = read::selective_metagraph(&state, NET, &[52, 72, 999, 52]).unwrap();
    assert_eq!(some.netuid, 1);
    assert_eq!(some.hotkeys, Some(k.hk.to_vec()));
    // Permit holders ascending by stake weight: hk1 (10.54 TAO) before hk0 (165 TAO).
    assert_eq!(some.validators, Some(vec![1, 0]));
    assert_eq!(some.name, None);
    assert_eq!(some.coldkeys, None);
    assert_eq!(some.commitments, None);

    let full = read::metagraph(&state, NET).unwrap();
    let all_indexes: Vec<u16> = (0..read::SELECTIVE_METAGRAPH_INDEXES).collect();
    let every = read::selective_mechagraph(&state, NET, 0, &all_indexes).unwrap();
    assert_eq!(every.name, Some(full.name.clone()));
    assert_eq!(every.moving_price, Some(full.moving_price));
    assert_eq!(every.bonds_moving_avg, Some(full.bonds_moving_avg));
    assert_eq!(every.total_stake, Some(full.total_stake.clone()));
    assert_eq!(
        every.alpha_dividends_per_hotkey,
        Some(full.alpha_dividends_per_hotkey.clone())
    );
    assert_eq!(every.commitments, Some(Vec::new()));
    assert_eq!(
        read::selective_mechagraph(&state, NET, 1, &all_indexes),
        None
    );
    assert_eq!(read::selective_metagraph(&state, NetUid(9), &[0]), None);
    assert_eq!(
        read::selective_metagraph(&state, NET, &[]).unwrap(),
        read::SelectiveMetagraph {
            netuid: 1,
            ..Default::default()
        }
    );
}

#[test]
fn subnet_state_columns() {
    let (state, k) = fixture();
    let s = read::subnet_state(&state, NET).unwrap();
    let m = read::metagraph(&state, NET).unwrap();
    assert_eq!(s.netuid, 1);
    assert_eq!(s.hotkeys, k.hk.to_vec());
    assert_eq!(s.coldkeys, m.coldkeys);
    assert_eq!(s.active, m.active);
    assert_eq!(s.emission, m.emission);
    assert_eq!(s.alpha_stake, m.alpha_stake);
    assert_eq!(s.tao_stake, m.tao_stake);
    assert_eq!(s.total_stake, m.total_stake);
    assert_eq!(s.block_at_registration, m.block_at_registration);
    assert_eq!(s.emission_history, vec![vec![0; 4]; 2]);
    assert_eq!(read::subnet_state(&state, NetUid(9)), None);
}

#[test]
fn reads_leave_the_state_unchanged() {
    let (state, k) = fixture();
    let before = state.clone();
    let _ = read::all_dynamic_info(&state);
    let _ = read::neurons(&state, NET);
    let _ = read::delegates(&state);
    let _ = read::stake_info_for_coldkey(&state, &k.nominator);
    let _ = read::selective_metagraph(&state, NET, &[0, 52, 72]);
    assert_eq!(state, before);
}

#[test]
fn full_subnet_of_256_uids() {
    let (mut state, k) = fixture();
    let netuid = NetUid(2);
    let mut subnet = Subnet::new(netuid, k.owner_ck, k.hk[0], 20);
    let account = |tag: u8, i: u16| {
        let mut bytes = [tag; 32];
        bytes[..2].copy_from_slice(&i.to_be_bytes());
        AccountId(bytes)
    };
    for i in 0..256_u16 {
        let hotkey = account(0xAA, i);
        let coldkey = account(0xCC, i % 16);
        state.associate_hotkey(&coldkey, &hotkey).unwrap();
        state
            .credit_stake(&hotkey, &coldkey, netuid, u64::from(i) * 1_000 + 1)
            .unwrap();
        subnet.uids.insert(hotkey, i);
        subnet.neurons.push(Neuron {
            hotkey,
            validator_permit: i % 4 == 0,
            emission: u64::from(i),
            ..Neuron::default()
        });
    }
    state.subnets.insert(netuid, subnet);

    let lite = read::neurons_lite(&state, netuid);
    assert_eq!(lite.len(), 256);
    for (i, neuron) in (0..256_u16).zip(&lite) {
        assert_eq!(neuron.uid, i);
        assert_eq!(neuron.hotkey, account(0xAA, i));
        assert_eq!(
            neuron.stake,
            vec![(account(0xCC, i % 16), u64::from(i) * 1_000 + 1)]
        );
    }
    let m = read::metagraph(&state, netuid).unwrap();
    assert_eq!(m.num_uids, 256);
    assert_eq!(m.hotkeys.len(), 256);
    let validators = read::selective_metagraph(&state, netuid, &[72])
        .unwrap()
        .validators
        .unwrap();
    assert_eq!(validators, (0..256_u16).step_by(4).collect::<Vec<_>>());
    assert_eq!(
        read::subnet_state(&state, netuid)
            .unwrap()
            .emission_history
            .len(),
        3
    );
    assert_eq!(read::delegates(&state).len(), 3 + 256);
}
