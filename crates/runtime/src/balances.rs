//! Balances calls: `transfer_allow_death`, `transfer_keep_alive`, `transfer_all`, with the
//! existential deposit (500 rao by default). Dust below the deposit left by a reaped account is
//! recycled so TAO stays conserved.

use crate::call::BalancesCall;
use crate::error::Error;
use crate::event::Event;
use crate::state::State;
use dtao_primitives::AccountId;

/// Dispatch a Balances call signed by `who`.
pub fn dispatch(
    state: &mut State,
    who: AccountId,
    call: BalancesCall,
    events: &mut Vec<Event>,
) -> Result<(), Error> {
    match call {
        BalancesCall::TransferAllowDeath { dest, value } => {
            transfer(state, who, dest, value, false, events)
        }
        BalancesCall::TransferKeepAlive { dest, value } => {
            transfer(state, who, dest, value, true, events)
        }
        BalancesCall::TransferAll { dest, keep_alive } => {
            let free = state.free_balance(&who);
            let value = if keep_alive {
                free.saturating_sub(state.params.existential_deposit)
            } else {
                free
            };
            transfer(state, who, dest, value, keep_alive, events)
        }
    }
}

/// Move `value` rao from `from` to `to`.
pub fn transfer(
    state: &mut State,
    from: AccountId,
    to: AccountId,
    value: u64,
    keep_alive: bool,
    events: &mut Vec<Event>,
) -> Result<(), Error> {
    let ed = state.params.existential_deposit;
    let from_free = state.free_balance(&from);
    let remaining = from_free
        .checked_sub(value)
        .ok_or(Error::InsufficientBalance)?;
    if keep_alive && remaining < ed && value > 0 {
        return Err(Error::KeepAlive);
    }
    if from == to || value == 0 {
        events.push(Event::Transfer {
            from,
            to,
            amount: value,
        });
        return Ok(());
    }
    let to_free = state.free_balance(&to);
    if to_free == 0 && value < ed {
        return Err(Error::ExistentialDeposit);
    }
    to_free.checked_add(value).ok_or(Error::BalanceOverflow)?;
    // Validated: the writes below cannot fail.
    let dust = state.withdraw(&from, value, false)?;
    state.deposit(&to, value)?;
    if dust > 0 {
        state.recycle_tao(dust);
        events.push(Event::DustLost {
            account: from,
            amount: dust,
        });
    }
    if to_free == 0 {
        events.push(Event::Endowed {
            account: to,
            free_balance: value,
        });
    }
    events.push(Event::Transfer {
        from,
        to,
        amount: value,
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::hyperparams::NetworkParams;

    fn funded(amount: u64) -> (State, AccountId, AccountId) {
        let mut state = State::new(NetworkParams::default());
        let alice = AccountId::from_seed_byte(1);
        let bob = AccountId::from_seed_byte(2);
        state.deposit(&alice, amount).unwrap();
        state.total_issuance = amount;
        (state, alice, bob)
    }

    #[test]
    fn keep_alive_refuses_to_reap() {
        let (mut state, alice, bob) = funded(10_000);
        let before = state.clone();
        let err = transfer(&mut state, alice, bob, 9_800, true, &mut Vec::new());
        assert_eq!(err, Err(Error::KeepAlive));
        assert_eq!(state, before);
    }

    #[test]
    fn allow_death_reaps_and_recycles_dust() {
        let (mut state, alice, bob) = funded(10_000);
        let mut events = Vec::new();
        transfer(&mut state, alice, bob, 9_800, false, &mut events).unwrap();
        assert_eq!(state.free_balance(&alice), 0);
        assert_eq!(state.free_balance(&bob), 9_800);
        assert_eq!(state.total_issuance, 9_800);
        assert_eq!(state.balances_issuance, 9_800);
        assert!(events.contains(&Event::DustLost {
            account: alice,
            amount: 200
        }));
    }

    #[test]
    fn new_account_needs_existential_deposit() {
        let (mut state, alice, bob) = funded(10_000);
        let before = state.clone();
        assert_eq!(
            transfer(&mut state, alice, bob, 499, true, &mut Vec::new()),
            Err(Error::ExistentialDeposit)
        );
        assert_eq!(state, before);
        assert_eq!(
            transfer(&mut state, alice, bob, 10_001, false, &mut Vec::new()),
            Err(Error::InsufficientBalance)
        );
    }

    #[test]
    fn transfer_all_keep_alive_leaves_deposit() {
        let (mut state, alice, bob) = funded(10_000);
        let call = BalancesCall::TransferAll {
            dest: bob,
            keep_alive: true,
        };
        dispatch(&mut state, alice, call, &mut Vec::new()).unwrap();
        assert_eq!(state.free_balance(&alice), 500);
        assert_eq!(state.free_balance(&bob), 9_500);
    }
}
