//! The per-`(hotkey, netuid)` nominator share pool (dtao-spec §9.2).
//!
//! State: the pool value `V` (alpha-rao, `TotalHotkeyAlpha`), the share denominator `D`
//! (`TotalHotkeyShares`) and each holder's share `s_k` (`Alpha[(hotkey, coldkey, netuid)]`).
//! Shares are `U64F64` as in R1; the runtime keeps the per-holder shares, this type keeps `V`
//! and `D` and updates a holder's share passed in by reference.
//!
//! ```text
//! value(k)             = floor(V × s_k / D)                    (0 if D = 0)
//! add_to_all(Δ)        : V += Δ
//! add_to_one(k, Δ)     : D = 0 ⇒ D = s_k = Δ;  else n = floor(Δ × D / V), D += n, s_k += n; V += Δ
//! remove_from_one(k,Δ) : needs value(k) ≥ Δ;  n = ceil(Δ × D / V), D −= n, s_k −= n; V −= Δ
//! ```
//!
//! All products and quotients are exact on the `U64F64` bit patterns (256-bit intermediates);
//! the only rounding is the one shown, always in favour of the pool: a staker is minted at most
//! the shares its stake is worth, a withdrawal burns at least the shares it takes, a holder's
//! value is floored.
//!
//! Invariants (given consistent inputs): the holders' shares sum to `D` exactly, because every
//! mint or burn changes a share and `D` by the same amount; therefore the holders' values sum
//! to at most `V`, and no sequence of operations lets holders take out more than was put in.
//! Every operation is all-or-nothing: on error neither the pool nor the share changes.

use dtao_primitives::fixed::U64F64;
use parity_scale_codec::{Decode, Encode};

use crate::error::SharePoolError;
use crate::wide::{mul_div, Rounding};

/// A share pool's totals: value and share denominator.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Encode, Decode)]
pub struct SharePool {
    /// Total value owned by all holders (`V`), in alpha-rao.
    pub value: u64,
    /// Sum of all holders' shares (`D`).
    pub denominator: U64F64,
}

/// A whole number as a `U64F64` bit pattern.
fn whole(amount: u64) -> u128 {
    u128::from(amount) << 64
}

impl SharePool {
    /// The empty pool: no value, no shares.
    pub const EMPTY: SharePool = SharePool {
        value: 0,
        denominator: U64F64::from_bits(0),
    };

    /// A pool with the given totals (as read from storage).
    pub fn new(value: u64, denominator: U64F64) -> SharePool {
        SharePool { value, denominator }
    }

    /// The value of `share`: `floor(V × share / D)`, 0 if `D` is 0, never more than `V`.
    pub fn value_of(&self, share: U64F64) -> u64 {
        let d = self.denominator.to_bits();
        let value = mul_div(u128::from(self.value), share.to_bits(), d, Rounding::Down);
        value.map_or(0, |v| u64::try_from(v).unwrap_or(u64::MAX).min(self.value))
    }

    /// The shares a stake of `amount` would mint now: `amount` itself in an empty pool (`D` =
    /// 0), else `floor(amount × D / V)`. Refused if `amount` is 0 (`ZeroAmount`), if it would
    /// mint nothing or the pool has shares but no value (`InsufficientLiquidity`).
    pub fn shares_for(&self, amount: u64) -> Result<U64F64, SharePoolError> {
        if amount == 0 {
            return Err(SharePoolError::ZeroAmount);
        }
        let d = self.denominator.to_bits();
        if d == 0 {
            return Ok(U64F64::from_bits(whole(amount)));
        }
        if self.value == 0 {
            return Err(SharePoolError::InsufficientLiquidity);
        }
        let minted = mul_div(
            u128::from(amount),
            d,
            u128::from(self.value),
            Rounding::Down,
        )
        .ok_or(SharePoolError::Overflow)?;
        if minted == 0 {
            return Err(SharePoolError::InsufficientLiquidity);
        }
        Ok(U64F64::from_bits(minted))
    }

    /// Add `amount` to every holder pro rata (dividends): `V += amount`. Zero is a no-op.
    pub fn add_to_all(&mut self, amount: u64) -> Result<(), SharePoolError> {
        self.value = self
            .value
            .checked_add(amount)
            .ok_or(SharePoolError::Overflow)?;
        Ok(())
    }

    /// Stake `amount` for the holder of `share` at the current share price; returns the shares
    /// minted. In an empty pool (`D` = 0) the holder's share is set to `amount` (and takes any
    /// value left in the pool, as on chain).
    pub fn add_to_one(
        &mut self,
        share: &mut U64F64,
        amount: u64,
    ) -> Result<U64F64, SharePoolError> {
        let minted = self.shares_for(amount)?;
        let value = self
            .value
            .checked_add(amount)
            .ok_or(SharePoolError::Overflow)?;
        let (denominator, holder) = if self.denominator.to_bits() == 0 {
            (minted.to_bits(), minted.to_bits())
        } else {
            (
                checked_add(self.denominator.to_bits(), minted.to_bits())?,
                checked_add(share.to_bits(), minted.to_bits())?,
            )
        };
        self.commit(share, value, denominator, holder);
        Ok(minted)
    }

    /// Withdraw `amount` of the holder's value; returns the shares burned,
    /// `ceil(amount × D / V)`. Refused if `amount` is 0 (`ZeroAmount`) or above the holder's
    /// value (`NotEnoughStakeToWithdraw`).
    pub fn remove_from_one(
        &mut self,
        share: &mut U64F64,
        amount: u64,
    ) -> Result<U64F64, SharePoolError> {
        if amount == 0 {
            return Err(SharePoolError::ZeroAmount);
        }
        if self.value_of(*share) < amount {
            return Err(SharePoolError::NotEnoughStakeToWithdraw);
        }
        let d = self.denominator.to_bits();
        // `value_of ≥ amount > 0` implies `V > 0` and `D > 0`.
        let burned = mul_div(u128::from(amount), d, u128::from(self.value), Rounding::Up)
            .ok_or(SharePoolError::Overflow)?;
        self.burn(share, amount, burned)?;
        Ok(U64F64::from_bits(burned))
    }

    /// Withdraw the holder's whole value and burn its whole share (no dust shares remain);
    /// returns the value paid out, `value_of(share)` (possibly 0).
    pub fn remove_all(&mut self, share: &mut U64F64) -> Result<u64, SharePoolError> {
        let amount = self.value_of(*share);
        self.burn(share, amount, share.to_bits())?;
        Ok(amount)
    }

    /// `V −= amount`, `D −= burned`, `share −= burned`, all or nothing.
    fn burn(
        &mut self,
        share: &mut U64F64,
        amount: u64,
        burned: u128,
    ) -> Result<(), SharePoolError> {
        let value = self
            .value
            .checked_sub(amount)
            .ok_or(SharePoolError::Overflow)?;
        let denominator = checked_sub(self.denominator.to_bits(), burned)?;
        let holder = checked_sub(share.to_bits(), burned)?;
        self.commit(share, value, denominator, holder);
        Ok(())
    }

    /// Store new totals and the holder's new share.
    fn commit(&mut self, share: &mut U64F64, value: u64, denominator: u128, holder: u128) {
        self.value = value;
        self.denominator = U64F64::from_bits(denominator);
        *share = U64F64::from_bits(holder);
    }
}

/// `a + b` on share bit patterns, or `Overflow`.
fn checked_add(a: u128, b: u128) -> Result<u128, SharePoolError> {
    a.checked_add(b).ok_or(SharePoolError::Overflow)
}

/// `a − b` on share bit patterns, or `Overflow` (only with inconsistent inputs).
fn checked_sub(a: u128, b: u128) -> Result<u128, SharePoolError> {
    a.checked_sub(b).ok_or(SharePoolError::Overflow)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    fn shares(n: u64) -> U64F64 {
        U64F64::from_num(n)
    }

    #[test]
    fn first_stake_sets_shares_to_amount() {
        let mut pool = SharePool::EMPTY;
        let mut a = U64F64::from_num(0);
        assert_eq!(pool.add_to_one(&mut a, 100).unwrap(), shares(100));
        assert_eq!(pool, SharePool::new(100, shares(100)));
        assert_eq!(a, shares(100));
        assert_eq!(pool.value_of(a), 100);
    }

    #[test]
    fn zero_amounts_are_refused() {
        let mut pool = SharePool::EMPTY;
        let mut a = U64F64::from_num(0);
        assert_eq!(pool.add_to_one(&mut a, 0), Err(SharePoolError::ZeroAmount));
        assert_eq!(
            pool.remove_from_one(&mut a, 0),
            Err(SharePoolError::ZeroAmount)
        );
        assert_eq!(pool.add_to_all(0), Ok(()));
        assert_eq!(pool, SharePool::EMPTY);
    }

    #[test]
    fn withdrawal_beyond_value_is_refused_atomically() {
        let mut pool = SharePool::EMPTY;
        let mut a = U64F64::from_num(0);
        pool.add_to_one(&mut a, 100).unwrap();
        let before = (pool, a);
        assert_eq!(
            pool.remove_from_one(&mut a, 101),
            Err(SharePoolError::NotEnoughStakeToWithdraw)
        );
        assert_eq!((pool, a), before);
    }

    #[test]
    fn rounding_favours_the_pool() {
        // V = 10, D = 3 (three holders of 1 share each): value of one share is 3.33…, floored.
        let mut pool = SharePool::new(10, shares(3));
        let mut a = shares(1);
        assert_eq!(pool.value_of(a), 3);
        // Withdrawing 3 burns ceil(0.9 share) on the 2^-64 grid: at least 0.9 share.
        let burned = pool.remove_from_one(&mut a, 3).unwrap();
        assert!(burned.to_bits() * 10 >= 9 << 64);
        assert_eq!(pool.value, 7);
        // Remaining holders together still own no more than the pool.
        assert!(pool.value_of(a) + 2 * pool.value_of(shares(1)) <= pool.value);
        // A stake mints at most what it is worth.
        let mut b = U64F64::from_num(0);
        pool.add_to_one(&mut b, 5).unwrap();
        assert!(pool.value_of(b) <= 5);
    }

    #[test]
    fn remove_all_clears_the_share() {
        let mut pool = SharePool::new(10, shares(3));
        let mut a = shares(1);
        assert_eq!(pool.remove_all(&mut a).unwrap(), 3);
        assert_eq!(a.to_bits(), 0);
        assert_eq!(pool, SharePool::new(7, shares(2)));
    }

    #[test]
    fn shares_without_value_refuse_stakes() {
        let mut pool = SharePool::new(0, shares(5));
        let mut a = U64F64::from_num(0);
        assert_eq!(
            pool.add_to_one(&mut a, 10),
            Err(SharePoolError::InsufficientLiquidity)
        );
    }

    #[test]
    fn tiny_stake_into_expensive_pool_is_refused() {
        // One 2^-64 share unit is worth 2^64 rao... so a 1-rao stake mints nothing.
        let pool = SharePool::new(u64::MAX, U64F64::from_bits(1));
        assert_eq!(
            pool.shares_for(1),
            Err(SharePoolError::InsufficientLiquidity)
        );
    }

    #[test]
    fn overflow_is_refused() {
        let mut pool = SharePool::new(u64::MAX, shares(1));
        let mut a = shares(1);
        assert_eq!(pool.add_to_all(1), Err(SharePoolError::Overflow));
        assert_eq!(pool.add_to_one(&mut a, 1), Err(SharePoolError::Overflow));
        assert_eq!(pool, SharePool::new(u64::MAX, shares(1)));
    }
}
