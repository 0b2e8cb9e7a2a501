//! Invariants of the chain state, checked after every block and call in tests and available to
//! the node and simulator as a self-check.
//!
//! TAO conservation (R1 accounting): every rao that `TotalIssuance` counts is somewhere —
//! `total_issuance == Σ free balances + Σ subnet TAO reserves (root stake included) +
//! Σ pending root dividends (TAO)`. Fees, dust and lock remainders leave through `recycle_tao`,
//! which lowers `total_issuance` by the same amount, so they never break the equality.
//!
//! Alpha conservation, per dynamic subnet: `alpha_out == Σ hotkey stake on the subnet +
//! pending server, validator and owner-cut alpha + alpha burned`. On root (stable, 1:1) the TAO
//! reserve and `alpha_out` both equal the root stake.
//!
//! Structure: `balances_issuance == Σ free`; `total_stake == Σ TAO reserves`; neurons and the
//! hotkey → uid map agree; no share pool owes its holders more than it holds.

use crate::state::{Mechanism, State, Subnet};
use dtao_primitives::NetUid;
use std::fmt;

/// A broken invariant, with the numbers that disagree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// Which invariant.
    pub invariant: &'static str,
    /// Subnet concerned, if any.
    pub netuid: Option<NetUid>,
    /// Expected value.
    pub expected: u128,
    /// Value found.
    pub found: u128,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.netuid {
            Some(netuid) => write!(
                f,
                "{} broken on subnet {netuid}: expected {}, found {}",
                self.invariant, self.expected, self.found
            ),
            None => write!(
                f,
                "{} broken: expected {}, found {}",
                self.invariant, self.expected, self.found
            ),
        }
    }
}

impl std::error::Error for Violation {}

/// Check every invariant; the first violation found is returned.
pub fn check(state: &State) -> Result<(), Violation> {
    check_balances(state)?;
    check_tao_conservation(state)?;
    for subnet in state.subnets.values() {
        check_alpha_conservation(state, subnet)?;
        check_neurons(subnet)?;
    }
    check_share_pools(state)
}

fn violation(
    invariant: &'static str,
    netuid: Option<NetUid>,
    expected: u128,
    found: u128,
) -> Violation {
    Violation {
        invariant,
        netuid,
        expected,
        found,
    }
}

fn check_balances(state: &State) -> Result<(), Violation> {
    let free: u128 = state.accounts.values().map(|a| u128::from(a.free)).sum();
    if free != u128::from(state.balances_issuance) {
        return Err(violation(
            "balances issuance = Σ free",
            None,
            free,
            state.balances_issuance.into(),
        ));
    }
    Ok(())
}

fn check_tao_conservation(state: &State) -> Result<(), Violation> {
    let reserves: u128 = state
        .subnets
        .values()
        .map(|s| u128::from(s.tao_reserve))
        .sum();
    let pending_root: u128 = state
        .subnets
        .values()
        .map(|s| u128::from(s.pending.root_divs_tao))
        .sum();
    let held = u128::from(state.balances_issuance) + reserves + pending_root;
    if held != u128::from(state.total_issuance) {
        return Err(violation(
            "TAO conservation",
            None,
            state.total_issuance.into(),
            held,
        ));
    }
    if reserves != u128::from(state.total_stake) {
        return Err(violation(
            "total stake = Σ TAO reserves",
            None,
            reserves,
            state.total_stake.into(),
        ));
    }
    Ok(())
}

fn staked_on(state: &State, netuid: NetUid) -> u128 {
    state
        .stake
        .iter()
        .filter(|((_, n), _)| *n == netuid)
        .map(|(_, stake)| u128::from(stake.pool.value))
        .sum()
}

fn check_alpha_conservation(state: &State, subnet: &Subnet) -> Result<(), Violation> {
    let netuid = Some(subnet.netuid);
    let staked = staked_on(state, subnet.netuid);
    if subnet.mechanism == Mechanism::Stable {
        if staked != u128::from(subnet.tao_reserve) {
            return Err(violation(
                "root reserve = root stake",
                netuid,
                subnet.tao_reserve.into(),
                staked,
            ));
        }
        return Ok(());
    }
    let pending = &subnet.pending;
    let accounted = staked
        + u128::from(pending.server)
        + u128::from(pending.validator)
        + u128::from(pending.owner_cut)
        + u128::from(subnet.alpha_burned);
    if accounted != u128::from(subnet.alpha_out) {
        return Err(violation(
            "alpha conservation",
            netuid,
            subnet.alpha_out.into(),
            accounted,
        ));
    }
    Ok(())
}

fn check_neurons(subnet: &Subnet) -> Result<(), Violation> {
    let netuid = Some(subnet.netuid);
    if subnet.uids.len() != subnet.neurons.len() {
        return Err(violation(
            "uid map size",
            netuid,
            subnet.neurons.len() as u128,
            subnet.uids.len() as u128,
        ));
    }
    for (hotkey, uid) in &subnet.uids {
        let matches = subnet
            .neurons
            .get(usize::from(*uid))
            .is_some_and(|n| n.hotkey == *hotkey);
        if !matches {
            return Err(violation(
                "uid map points at its neuron",
                netuid,
                u128::from(*uid),
                0,
            ));
        }
    }
    Ok(())
}

fn check_share_pools(state: &State) -> Result<(), Violation> {
    for ((_, netuid), stake) in &state.stake {
        let owed: u128 = stake
            .shares
            .values()
            .map(|share| u128::from(stake.pool.value_of(*share)))
            .sum();
        if owed > u128::from(stake.pool.value) {
            return Err(violation(
                "share pool solvent",
                Some(*netuid),
                stake.pool.value.into(),
                owed,
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::hyperparams::NetworkParams;
    use dtao_primitives::AccountId;

    #[test]
    fn fresh_state_holds_and_a_leak_is_caught() {
        let mut state = State::new(NetworkParams::default());
        let alice = AccountId::from_seed_byte(1);
        state.deposit(&alice, 1_000).unwrap();
        state.total_issuance = 1_000;
        check(&state).unwrap();
        state.total_issuance = 999;
        let broken = check(&state).unwrap_err();
        assert_eq!(broken.invariant, "TAO conservation");
        assert!(broken.to_string().contains("expected 999, found 1000"));
    }

    #[test]
    fn root_reserve_must_match_root_stake() {
        let mut state = State::new(NetworkParams::default());
        let hotkey = AccountId::from_seed_byte(7);
        let coldkey = AccountId::from_seed_byte(8);
        state
            .credit_stake(&hotkey, &coldkey, NetUid::ROOT, 5_000)
            .unwrap();
        state.subnet_mut(NetUid::ROOT).unwrap().tao_reserve = 5_000;
        state.subnet_mut(NetUid::ROOT).unwrap().alpha_out = 5_000;
        state.total_stake = 5_000;
        state.total_issuance = 5_000;
        check(&state).unwrap();
        state.subnet_mut(NetUid::ROOT).unwrap().tao_reserve = 4_000;
        state.total_stake = 4_000;
        state.total_issuance = 4_000;
        assert_eq!(
            check(&state).unwrap_err().invariant,
            "root reserve = root stake"
        );
    }
}
