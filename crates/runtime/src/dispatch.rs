//! Applying one signed call: fee, nonce, routing to the pallet modules, and the outcome.
//!
//! Order (Substrate's): the fee is withdrawn and the nonce bumped first; then the call is
//! dispatched. A call that fails changes nothing else (every call validates before it writes),
//! but the fee stays paid, as on chain. A transaction whose fee cannot be paid is refused with no
//! change at all.

use crate::call::{RuntimeCall, SubtensorCall, SudoCall};
use crate::error::Error;
use crate::event::Event;
use crate::state::State;
use crate::{admin, balances, fees, neurons, staking, subnets, weights};
use dtao_primitives::AccountId;

/// Who a call acts as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Root (through sudo).
    Root,
    /// A signed account.
    Signed(AccountId),
}

impl Origin {
    /// The signer, or `BadOrigin` for root.
    pub fn signer(self) -> Result<AccountId, Error> {
        match self {
            Origin::Signed(who) => Ok(who),
            Origin::Root => Err(Error::BadOrigin),
        }
    }

    /// Ok for root, `BadOrigin` otherwise.
    pub fn ensure_root(self) -> Result<(), Error> {
        match self {
            Origin::Root => Ok(()),
            Origin::Signed(_) => Err(Error::BadOrigin),
        }
    }
}

/// Why a transaction was refused before dispatch (nothing changed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransactionError {
    /// The signer cannot pay the fee and stay above the existential deposit.
    Payment,
}

impl std::fmt::Display for TransactionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TransactionError::Payment => {
                write!(
                    f,
                    "Inability to pay some fees (e.g. account balance too low)"
                )
            }
        }
    }
}

impl std::error::Error for TransactionError {}

/// Result of an applied transaction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    /// Outcome of the call itself.
    pub result: Result<(), Error>,
    /// Fee paid in rao.
    pub fee: u64,
    /// Events of the call (empty if it failed) followed by `TransactionFeePaid`.
    pub events: Vec<Event>,
}

/// Charge the fee, bump the nonce and dispatch `call` signed by `signer`.
pub fn apply_signed(
    state: &mut State,
    signer: AccountId,
    call: RuntimeCall,
    encoded_len: u32,
) -> Result<Applied, TransactionError> {
    let fee = fees::fee_for(&call, encoded_len);
    if fee > 0 && !state.can_withdraw_keep_alive(&signer, fee) {
        return Err(TransactionError::Payment);
    }
    if fee > 0 {
        state
            .withdraw(&signer, fee, true)
            .map_err(|_| TransactionError::Payment)?;
        state.recycle_tao(fee);
        state.total_fees = state.total_fees.saturating_add(fee);
    }
    let account = state.accounts.entry(signer).or_default();
    account.nonce = account.nonce.saturating_add(1);
    let mut events = Vec::new();
    let result = dispatch(state, Origin::Signed(signer), call, &mut events);
    if result.is_err() {
        events.clear();
    }
    events.push(Event::TransactionFeePaid {
        who: signer,
        actual_fee: fee,
        tip: 0,
    });
    Ok(Applied {
        result,
        fee,
        events,
    })
}

/// Dispatch a call as `origin`, appending its events. On error nothing has changed.
pub fn dispatch(
    state: &mut State,
    origin: Origin,
    call: RuntimeCall,
    events: &mut Vec<Event>,
) -> Result<(), Error> {
    match call {
        RuntimeCall::Balances(call) => balances::dispatch(state, origin.signer()?, call, events),
        RuntimeCall::AdminUtils(call) => admin::dispatch(state, origin, call, events),
        RuntimeCall::Sudo(call) => dispatch_sudo(state, origin, call, events),
        RuntimeCall::Subtensor(call) => dispatch_subtensor(state, origin, call, events),
    }
}

fn dispatch_subtensor(
    state: &mut State,
    origin: Origin,
    call: SubtensorCall,
    events: &mut Vec<Event>,
) -> Result<(), Error> {
    use SubtensorCall as C;
    match call {
        C::SetWeights { .. }
        | C::CommitWeights { .. }
        | C::RevealWeights { .. }
        | C::BatchCommitWeights { .. }
        | C::BatchRevealWeights { .. } => weights::dispatch(state, origin.signer()?, call, events),
        C::AddStake { .. }
        | C::RemoveStake { .. }
        | C::AddStakeLimit { .. }
        | C::RemoveStakeLimit { .. }
        | C::RemoveStakeFullLimit { .. }
        | C::MoveStake { .. }
        | C::TransferStake { .. }
        | C::SwapStake { .. }
        | C::SwapStakeLimit { .. }
        | C::UnstakeAll { .. }
        | C::UnstakeAllAlpha { .. }
        | C::IncreaseTake { .. }
        | C::DecreaseTake { .. }
        | C::TryAssociateHotkey { .. } => staking::dispatch(state, origin.signer()?, call, events),
        C::BurnedRegister { .. }
        | C::Register { .. }
        | C::RegisterLimit { .. }
        | C::RootRegister { .. }
        | C::ServeAxon { .. }
        | C::ServePrometheus { .. } => neurons::dispatch(state, origin.signer()?, call, events),
        C::RegisterNetwork { .. }
        | C::RegisterNetworkWithIdentity { .. }
        | C::StartCall { .. }
        | C::SetSubnetIdentity { .. }
        | C::DissolveNetwork { .. } => subnets::dispatch(state, origin, call, events),
    }
}

fn dispatch_sudo(
    state: &mut State,
    origin: Origin,
    call: SudoCall,
    events: &mut Vec<Event>,
) -> Result<(), Error> {
    let signer = origin.signer()?;
    if state.sudo_key != Some(signer) {
        return Err(Error::RequireSudo);
    }
    match call {
        SudoCall::Sudo { call } => {
            let mut inner_events = Vec::new();
            let sudo_result = dispatch(state, Origin::Root, *call, &mut inner_events);
            if sudo_result.is_ok() {
                events.extend(inner_events);
            }
            events.push(Event::Sudid { sudo_result });
            Ok(())
        }
        SudoCall::SetKey { new } => {
            state.sudo_key = Some(new);
            Ok(())
        }
    }
}
