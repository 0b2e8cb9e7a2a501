//! Staking commands: `stake add | remove | move | transfer | swap | list`, with the quotes
//! every value-moving command prints before it signs anything.
//!
//! Quotes come from the node's runtime APIs, never from local pool math alone:
//! - add: `SwapRuntimeApi_sim_swap_tao_for_alpha(netuid, tao)`;
//! - remove: `SwapRuntimeApi_sim_swap_alpha_for_tao(netuid, alpha)` (TAO after the fee);
//! - move / transfer / swap (R1: unstake on the origin pool, restake the proceeds on the
//!   destination pool, each leg paying half the flat staking fee on a dynamic pool): the origin
//!   leg from `sim_swap_alpha_for_tao` (gross TAO = received + fee), the destination leg from
//!   `sim_swap_tao_for_alpha` asked for the amount whose full-fee swap equals the half-fee swap
//!   of the TAO moved. Within one subnet the destination leg is priced on the pool the origin
//!   leg leaves behind (constant product, computed here from the reserves).
//!
//! Price impact is `1 − expected / ideal`, clamped to [0, 1], where `ideal` is the input valued
//! at the spot price(s) after the swap fee (so the fee itself is not counted as impact). Beyond
//! `--tolerance` a command refuses (exit 1, nothing sent) unless `--unsafe`. Limit prices sent
//! by `--safe` (the default where the chain has a limit variant): `add_stake_limit` price ×
//! (1 + tolerance) (a ceiling: worst average price paid); `remove_stake_limit` /
//! `remove_stake_full_limit` price × (1 − tolerance) (a floor: worst average price received);
//! `swap_stake_limit` the relative price `origin price / destination price × 10^9` ×
//! (1 − tolerance). `move_stake` and `transfer_stake` have no limit variant: they only get the
//! tolerance check before sending.
//!
//! Invariants: amounts (TAO for add, alpha for the rest) are exact decimals with at most 9
//! decimals, above zero; bad input is a usage error (exit 2) raised before anything is signed;
//! money arithmetic is checked or saturating in u128.
//!
//! JSON (in the conventions of the parent module; every transaction prints the outcome object
//! `{"success", "block_hash", "error", "events"}` plus `"quote"`; a refusal prints
//! `{"success": false, "quote"}`):
//! - `stake add` quote: `{"netuid", "amount_rao", "fee_rao", "tx_fee_rao" | null,
//!   "expected_alpha_rao", "price_rao_per_alpha", "price_impact", "tao_in_rao",
//!   "alpha_in_rao", "limit_price_rao_per_alpha" | null}`.
//! - `stake remove` quote: `{"netuid", "amount_rao" (alpha), "all", "fee_rao", "tx_fee_rao" |
//!   null, "expected_tao_rao", "price_rao_per_alpha", "price_impact", "tao_in_rao",
//!   "alpha_in_rao", "limit_price_rao_per_alpha" | null}`.
//! - `stake move | transfer | swap` quote: `{"origin_netuid", "destination_netuid",
//!   "amount_rao" (origin alpha), "fee_rao" (both legs), "tx_fee_rao" | null, "tao_moved_rao"
//!   (TAO between the legs), "expected_alpha_rao" (destination alpha),
//!   "origin_price_rao_per_alpha", "destination_price_rao_per_alpha", "price_impact",
//!   "limit_relative_price" | null}` (`limit_relative_price`: origin / destination price ×
//!   10^9, `swap` with `--safe` only).
//! - `stake list`: `[{"hotkey", "coldkey", "netuid", "stake_rao", "price_rao_per_alpha",
//!   "value_rao", "registered"}]` (`value_rao`: the stake at the spot price, 1:1 on root).

use clap::Args;
use dtao_node::state_api::types::{AccountId32, DynamicInfo, SimSwapResult, StakeInfo};
use dtao_primitives::{AccountId, NetUid};
use dtao_runtime::{RuntimeCall, SubtensorCall};
use parity_scale_codec::Encode;
use serde_json::{json, Value};

use super::format::{out, out_json, parse_tao, ss58, table, tao, RAO_PER_TAO};
use super::read::{all_dynamic_info, call, dynamic_info, spot_price};
use super::rpc::RpcClient;
use super::signer::{coldkey, coldkey_address, hotkey_address};
use super::tx::{report, signed, submit, tx_fee};
use super::{ChainError, Conn, SignerArgs, StakeAddArgs};

// ---- arguments --------------------------------------------------------------------------

/// Tolerance and safety flags of the commands with a limit-price variant.
#[derive(Debug, Clone, Args)]
pub struct SafetyArgs {
    /// Largest accepted price impact (0.005 = 0.5%).
    #[arg(long, default_value = "0.005")]
    pub tolerance: String,
    /// Send the limit-price variant of the call, the limit derived from --tolerance (the
    /// default).
    #[arg(long, conflicts_with = "unsafe_stake")]
    pub safe: bool,
    /// Send the plain call and skip the tolerance check.
    #[arg(long = "unsafe")]
    pub unsafe_stake: bool,
}

/// Tolerance flags of the commands without a limit-price variant (`move`, `transfer`).
#[derive(Debug, Clone, Args)]
pub struct ToleranceArgs {
    /// Largest accepted price impact (0.005 = 0.5%). The chain has no limit-price variant of
    /// this call: the quote is checked before sending, the chain does not re-check it.
    #[arg(long, default_value = "0.005")]
    pub tolerance: String,
    /// Skip the tolerance check.
    #[arg(long = "unsafe")]
    pub unsafe_stake: bool,
}

/// `dtao stake remove`.
#[derive(Debug, Args)]
pub struct StakeRemoveArgs {
    /// Subnet id.
    #[arg(long)]
    pub netuid: u16,
    /// Hotkey: SS58 address, or a hot key name of --wallet [default: --wallet-hotkey].
    #[arg(long)]
    pub hotkey: Option<String>,
    /// Alpha to unstake (up to 9 decimals).
    #[arg(long, required_unless_present = "all", conflicts_with = "all")]
    pub amount: Option<String>,
    /// Unstake the whole position of the cold key on this hotkey and subnet
    /// (`remove_stake_full_limit`).
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    pub safety: SafetyArgs,
    #[command(flatten)]
    pub signer: SignerArgs,
    #[command(flatten)]
    pub conn: Conn,
}

/// `dtao stake move`.
#[derive(Debug, Args)]
pub struct StakeMoveArgs {
    /// Subnet the stake leaves.
    #[arg(long)]
    pub origin_netuid: u16,
    /// Subnet the stake goes to.
    #[arg(long)]
    pub dest_netuid: u16,
    /// Origin hotkey: SS58, or a hot key name of --wallet [default: --wallet-hotkey].
    #[arg(long)]
    pub hotkey: Option<String>,
    /// Destination hotkey: SS58, or a hot key name of --wallet.
    #[arg(long)]
    pub dest_hotkey: String,
    /// Alpha to move, in origin-subnet alpha (up to 9 decimals).
    #[arg(long)]
    pub amount: String,
    #[command(flatten)]
    pub tolerance: ToleranceArgs,
    #[command(flatten)]
    pub signer: SignerArgs,
    #[command(flatten)]
    pub conn: Conn,
}

/// `dtao stake transfer`.
#[derive(Debug, Args)]
pub struct StakeTransferArgs {
    /// Cold key (SS58) that receives the stake.
    #[arg(long)]
    pub dest_coldkey: String,
    /// Subnet the stake leaves.
    #[arg(long)]
    pub origin_netuid: u16,
    /// Subnet the stake goes to.
    #[arg(long)]
    pub dest_netuid: u16,
    /// Hotkey (kept): SS58, or a hot key name of --wallet [default: --wallet-hotkey].
    #[arg(long)]
    pub hotkey: Option<String>,
    /// Alpha to transfer, in origin-subnet alpha (up to 9 decimals).
    #[arg(long)]
    pub amount: String,
    #[command(flatten)]
    pub tolerance: ToleranceArgs,
    #[command(flatten)]
    pub signer: SignerArgs,
    #[command(flatten)]
    pub conn: Conn,
}

/// `dtao stake swap`.
#[derive(Debug, Args)]
pub struct StakeSwapArgs {
    /// Subnet the stake leaves.
    #[arg(long)]
    pub origin_netuid: u16,
    /// Subnet the stake goes to (must differ from --origin-netuid).
    #[arg(long)]
    pub dest_netuid: u16,
    /// Hotkey (kept): SS58, or a hot key name of --wallet [default: --wallet-hotkey].
    #[arg(long)]
    pub hotkey: Option<String>,
    /// Alpha to swap, in origin-subnet alpha (up to 9 decimals).
    #[arg(long)]
    pub amount: String,
    #[command(flatten)]
    pub safety: SafetyArgs,
    #[command(flatten)]
    pub signer: SignerArgs,
    #[command(flatten)]
    pub conn: Conn,
}

/// `dtao stake list`.
#[derive(Debug, Args)]
pub struct StakeListArgs {
    /// Cold key SS58 address [default: the cold key of --wallet or --signer].
    pub coldkey: Option<String>,
    #[command(flatten)]
    pub signer: SignerArgs,
    #[command(flatten)]
    pub conn: Conn,
}

// ---- quote math (pure) --------------------------------------------------------------------

/// `1 − expected / ideal`, clamped to [0, 1]; 0 when `ideal` is 0.
pub fn impact(expected: u64, ideal: u64) -> f64 {
    if ideal == 0 {
        return 0.0;
    }
    (1.0 - expected as f64 / ideal as f64).clamp(0.0, 1.0)
}

/// Price impact of receiving `alpha` for `tao_after_fee` at spot `price` (rao per alpha).
pub fn price_impact(tao_after_fee: u64, alpha: u64, price: u64) -> f64 {
    if price == 0 || tao_after_fee == 0 {
        return 0.0;
    }
    impact(alpha, alpha_for_tao_at(tao_after_fee, price))
}

/// `alpha` valued at `price` rao per alpha, in TAO rao (floor, saturating).
pub fn tao_for_alpha_at(alpha: u64, price: u64) -> u64 {
    let value = u128::from(alpha) * u128::from(price) / u128::from(RAO_PER_TAO);
    u64::try_from(value).unwrap_or(u64::MAX)
}

/// Alpha `tao` buys at `price` rao per alpha (floor, saturating; 0 at a zero price).
pub fn alpha_for_tao_at(tao: u64, price: u64) -> u64 {
    if price == 0 {
        return 0;
    }
    let alpha = u128::from(tao) * u128::from(RAO_PER_TAO) / u128::from(price);
    u64::try_from(alpha).unwrap_or(u64::MAX)
}

/// Ideal output of an unstake: the alpha at spot minus the fee.
pub fn unstake_ideal(alpha: u64, price: u64, fee: u64) -> u64 {
    tao_for_alpha_at(alpha, price).saturating_sub(fee)
}

/// Ideal destination alpha of a move: origin alpha valued at the origin spot price, minus the
/// fees, bought at the destination spot price.
pub fn move_ideal(alpha: u64, origin_price: u64, destination_price: u64, fee: u64) -> u64 {
    let tao = tao_for_alpha_at(alpha, origin_price).saturating_sub(fee);
    alpha_for_tao_at(tao, destination_price)
}

/// `origin / destination × 10^9` (saturating; `u64::MAX` over a zero destination price).
pub fn relative_price(origin_price: u64, destination_price: u64) -> u64 {
    if destination_price == 0 {
        return u64::MAX;
    }
    let ratio = u128::from(origin_price) * u128::from(RAO_PER_TAO) / u128::from(destination_price);
    u64::try_from(ratio).unwrap_or(u64::MAX)
}

/// A ceiling limit price: `price × (1 + tolerance)`, rounded up.
pub fn limit_price_up(price: u64, tolerance: f64) -> u64 {
    saturating_u64((price as f64 * (1.0 + tolerance)).ceil())
}

/// A floor limit price: `price × (1 − tolerance)`, rounded down.
pub fn limit_price_down(price: u64, tolerance: f64) -> u64 {
    saturating_u64((price as f64 * (1.0 - tolerance)).floor())
}

fn saturating_u64(value: f64) -> u64 {
    if value.is_nan() || value <= 0.0 {
        0
    } else if value >= u64::MAX as f64 {
        u64::MAX
    } else {
        value as u64
    }
}

/// Alpha bought with `tao_swapped` from a pool holding `tao_reserve` / `alpha_reserve`
/// (constant product, floor; 0 for an empty pool).
pub fn constant_product_alpha_out(tao_reserve: u64, alpha_reserve: u64, tao_swapped: u64) -> u64 {
    let denominator = u128::from(tao_reserve) + u128::from(tao_swapped);
    if denominator == 0 {
        return 0;
    }
    let alpha = u128::from(alpha_reserve) * u128::from(tao_swapped) / denominator;
    u64::try_from(alpha).unwrap_or(u64::MAX)
}

/// The amount to ask `sim_swap_tao_for_alpha` for (it charges `full_fee`) so that it swaps
/// what a move leg swaps: `tao_moved − full_fee / 2`.
pub fn full_fee_request(tao_moved: u64, full_fee: u64) -> u64 {
    tao_moved
        .saturating_add(full_fee)
        .saturating_sub(leg_fee(full_fee))
}

/// A move leg's fee: half the flat fee (floor), R1.
pub fn leg_fee(full_fee: u64) -> u64 {
    full_fee / 2
}

/// Parse a tolerance in [0, 1].
pub fn parse_tolerance(text: &str) -> Result<f64, ChainError> {
    text.parse::<f64>()
        .ok()
        .filter(|t| t.is_finite() && (0.0..=1.0).contains(t))
        .ok_or_else(|| {
            ChainError::Usage(format!(
                "invalid --tolerance {text:?} (expected a number in 0..=1, e.g. 0.005)"
            ))
        })
}

/// Parse a positive amount of `unit` (TAO or alpha) into rao.
pub fn parse_amount(unit: &str, text: &str) -> Result<u64, ChainError> {
    let rao = parse_tao(text).map_err(|_| {
        ChainError::Usage(format!(
            "invalid {unit} amount {text:?} (expected e.g. 1.5, above zero, at most 9 decimals)"
        ))
    })?;
    if rao == 0 {
        return Err(ChainError::Usage(format!(
            "the {unit} amount must be above zero"
        )));
    }
    Ok(rao)
}

// ---- quotes ---------------------------------------------------------------------------

/// A stake (TAO → alpha) quote.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    /// Subnet.
    pub netuid: u16,
    /// TAO staked, rao.
    pub amount_rao: u64,
    /// Swap fee, rao.
    pub fee_rao: u64,
    /// Alpha expected, rao.
    pub expected_alpha_rao: u64,
    /// Spot price before the stake.
    pub price_rao_per_alpha: u64,
    /// `1 − expected / (amount − fee) at spot price`, in [0, 1].
    pub price_impact: f64,
    /// Pool TAO reserve.
    pub tao_in_rao: u64,
    /// Pool alpha reserve.
    pub alpha_in_rao: u64,
}

/// An unstake (alpha → TAO) quote.
#[derive(Debug, Clone, PartialEq)]
pub struct UnstakeQuote {
    /// Subnet.
    pub netuid: u16,
    /// Alpha unstaked, rao.
    pub amount_rao: u64,
    /// Whether this is the whole position (`--all`).
    pub all: bool,
    /// Swap fee, TAO rao.
    pub fee_rao: u64,
    /// TAO expected after the fee, rao.
    pub expected_tao_rao: u64,
    /// Spot price before the unstake.
    pub price_rao_per_alpha: u64,
    /// `1 − expected / (amount at spot − fee)`, in [0, 1].
    pub price_impact: f64,
    /// Pool TAO reserve.
    pub tao_in_rao: u64,
    /// Pool alpha reserve.
    pub alpha_in_rao: u64,
}

/// A move / transfer / swap quote (origin alpha → TAO → destination alpha).
#[derive(Debug, Clone, PartialEq)]
pub struct MoveQuote {
    /// Origin subnet.
    pub origin_netuid: u16,
    /// Destination subnet.
    pub destination_netuid: u16,
    /// Origin alpha moved, rao.
    pub amount_rao: u64,
    /// Swap fees of both legs, TAO rao.
    pub fee_rao: u64,
    /// TAO between the legs (after the origin leg's fee), rao.
    pub tao_moved_rao: u64,
    /// Destination alpha expected, rao.
    pub expected_alpha_rao: u64,
    /// Origin spot price.
    pub origin_price_rao_per_alpha: u64,
    /// Destination spot price.
    pub destination_price_rao_per_alpha: u64,
    /// `1 − expected / ideal` (ideal: at both spot prices after the fees), in [0, 1].
    pub price_impact: f64,
}

fn sim_tao_for_alpha(rpc: &RpcClient, netuid: u16, tao: u64) -> Result<SimSwapResult, ChainError> {
    call(
        rpc,
        "SwapRuntimeApi_sim_swap_tao_for_alpha",
        &(netuid, tao).encode(),
    )
}

fn sim_alpha_for_tao(
    rpc: &RpcClient,
    netuid: u16,
    alpha: u64,
) -> Result<SimSwapResult, ChainError> {
    call(
        rpc,
        "SwapRuntimeApi_sim_swap_alpha_for_tao",
        &(netuid, alpha).encode(),
    )
}

fn quote_stake(rpc: &RpcClient, info: &DynamicInfo, amount_rao: u64) -> Result<Quote, ChainError> {
    let netuid = info.netuid.0;
    let sim = sim_tao_for_alpha(rpc, netuid, amount_rao)?;
    if sim.alpha_amount == 0 {
        return Err(ChainError::Chain(format!(
            "the chain would refuse this stake on subnet {netuid} (not started, too small, or \
             the pool cannot take it)"
        )));
    }
    let price = spot_price(info);
    let after_fee = amount_rao.saturating_sub(sim.tao_fee);
    Ok(Quote {
        netuid,
        amount_rao,
        fee_rao: sim.tao_fee,
        expected_alpha_rao: sim.alpha_amount,
        price_rao_per_alpha: price,
        price_impact: price_impact(after_fee, sim.alpha_amount, price),
        tao_in_rao: info.tao_in.0,
        alpha_in_rao: info.alpha_in.0,
    })
}

fn quote_unstake(
    rpc: &RpcClient,
    info: &DynamicInfo,
    amount_rao: u64,
    all: bool,
) -> Result<UnstakeQuote, ChainError> {
    let netuid = info.netuid.0;
    let sim = sim_alpha_for_tao(rpc, netuid, amount_rao)?;
    if sim.tao_amount == 0 {
        return Err(ChainError::Chain(format!(
            "the chain would refuse unstaking {} α on subnet {netuid} (not started, the TAO out \
             is below the minimum stake, or the pool cannot pay it)",
            tao(amount_rao)
        )));
    }
    let price = spot_price(info);
    Ok(UnstakeQuote {
        netuid,
        amount_rao,
        all,
        fee_rao: sim.tao_fee,
        expected_tao_rao: sim.tao_amount,
        price_rao_per_alpha: price,
        price_impact: impact(
            sim.tao_amount,
            unstake_ideal(amount_rao, price, sim.tao_fee),
        ),
        tao_in_rao: info.tao_in.0,
        alpha_in_rao: info.alpha_in.0,
    })
}

fn quote_move(
    rpc: &RpcClient,
    origin: &DynamicInfo,
    destination: &DynamicInfo,
    amount_rao: u64,
) -> Result<MoveQuote, ChainError> {
    let (origin_netuid, destination_netuid) = (origin.netuid.0, destination.netuid.0);
    let refused = || {
        ChainError::Chain(format!(
            "the chain would refuse moving {} α from subnet {origin_netuid} to subnet \
             {destination_netuid} (not started, below the minimum stake, or a pool cannot take \
             it)",
            tao(amount_rao)
        ))
    };
    let unstake = sim_alpha_for_tao(rpc, origin_netuid, amount_rao)?;
    if unstake.tao_amount == 0 {
        return Err(refused());
    }
    let gross_tao = unstake.tao_amount.saturating_add(unstake.tao_fee);
    let origin_fee = leg_fee(unstake.tao_fee);
    let tao_moved = gross_tao.saturating_sub(origin_fee);
    let (destination_fee, expected_alpha) = if origin_netuid == destination_netuid {
        // The restake sees the pool the unstake left: alpha + amount, TAO − gross + fee.
        let fee = origin_fee;
        let tao_reserve = origin
            .tao_in
            .0
            .saturating_sub(gross_tao)
            .saturating_add(origin_fee);
        let alpha_reserve = origin.alpha_in.0.saturating_add(amount_rao);
        let swapped = tao_moved.saturating_sub(fee);
        let alpha = if origin_netuid == 0 {
            swapped
        } else {
            constant_product_alpha_out(tao_reserve, alpha_reserve, swapped)
        };
        (fee, alpha)
    } else {
        let probe = sim_tao_for_alpha(rpc, destination_netuid, tao_moved)?;
        let full_fee = probe.tao_fee;
        let stake = if full_fee == 0 {
            probe
        } else {
            sim_tao_for_alpha(
                rpc,
                destination_netuid,
                full_fee_request(tao_moved, full_fee),
            )?
        };
        (leg_fee(full_fee), stake.alpha_amount)
    };
    if expected_alpha == 0 {
        return Err(refused());
    }
    let fee_rao = origin_fee.saturating_add(destination_fee);
    let (origin_price, destination_price) = (spot_price(origin), spot_price(destination));
    Ok(MoveQuote {
        origin_netuid,
        destination_netuid,
        amount_rao,
        fee_rao,
        tao_moved_rao: tao_moved,
        expected_alpha_rao: expected_alpha,
        origin_price_rao_per_alpha: origin_price,
        destination_price_rao_per_alpha: destination_price,
        price_impact: impact(
            expected_alpha,
            move_ideal(amount_rao, origin_price, destination_price, fee_rao),
        ),
    })
}

fn stake_quote_json(quote: &Quote, limit: Option<u64>, tx_fee: Option<u64>) -> Value {
    json!({
        "netuid": quote.netuid,
        "amount_rao": quote.amount_rao,
        "fee_rao": quote.fee_rao,
        "tx_fee_rao": tx_fee,
        "expected_alpha_rao": quote.expected_alpha_rao,
        "price_rao_per_alpha": quote.price_rao_per_alpha,
        "price_impact": quote.price_impact,
        "tao_in_rao": quote.tao_in_rao,
        "alpha_in_rao": quote.alpha_in_rao,
        "limit_price_rao_per_alpha": limit,
    })
}

fn fee_lines(text: &mut String, tx_fee: Option<u64>, limit: Option<(u64, &str)>) {
    if let Some(fee) = tx_fee {
        text.push_str(&format!("  transaction fee: {} TAO\n", tao(fee)));
    }
    if let Some((limit, unit)) = limit {
        text.push_str(&format!("  limit price: {} {unit}\n", tao(limit)));
    }
}

fn stake_quote_text(quote: &Quote, limit: Option<u64>, tx_fee: Option<u64>) -> String {
    let mut text = format!(
        "quote: stake {} TAO on subnet {}\n  pool: {} TAO / {} α, price {} TAO/α\n  \
         expected: {} α, price impact {:.4}%, swap fee {} TAO\n",
        tao(quote.amount_rao),
        quote.netuid,
        tao(quote.tao_in_rao),
        tao(quote.alpha_in_rao),
        tao(quote.price_rao_per_alpha),
        tao(quote.expected_alpha_rao),
        quote.price_impact * 100.0,
        tao(quote.fee_rao),
    );
    fee_lines(&mut text, tx_fee, limit.map(|l| (l, "TAO/α")));
    text
}

fn unstake_quote_json(quote: &UnstakeQuote, limit: Option<u64>, tx_fee: Option<u64>) -> Value {
    json!({
        "netuid": quote.netuid,
        "amount_rao": quote.amount_rao,
        "all": quote.all,
        "fee_rao": quote.fee_rao,
        "tx_fee_rao": tx_fee,
        "expected_tao_rao": quote.expected_tao_rao,
        "price_rao_per_alpha": quote.price_rao_per_alpha,
        "price_impact": quote.price_impact,
        "tao_in_rao": quote.tao_in_rao,
        "alpha_in_rao": quote.alpha_in_rao,
        "limit_price_rao_per_alpha": limit,
    })
}

fn unstake_quote_text(quote: &UnstakeQuote, limit: Option<u64>, tx_fee: Option<u64>) -> String {
    let mut text = format!(
        "quote: unstake {} α{} on subnet {}\n  pool: {} TAO / {} α, price {} TAO/α\n  \
         expected: {} TAO, price impact {:.4}%, swap fee {} TAO\n",
        tao(quote.amount_rao),
        if quote.all { " (all)" } else { "" },
        quote.netuid,
        tao(quote.tao_in_rao),
        tao(quote.alpha_in_rao),
        tao(quote.price_rao_per_alpha),
        tao(quote.expected_tao_rao),
        quote.price_impact * 100.0,
        tao(quote.fee_rao),
    );
    fee_lines(&mut text, tx_fee, limit.map(|l| (l, "TAO/α")));
    text
}

fn move_quote_json(quote: &MoveQuote, limit: Option<u64>, tx_fee: Option<u64>) -> Value {
    json!({
        "origin_netuid": quote.origin_netuid,
        "destination_netuid": quote.destination_netuid,
        "amount_rao": quote.amount_rao,
        "fee_rao": quote.fee_rao,
        "tx_fee_rao": tx_fee,
        "tao_moved_rao": quote.tao_moved_rao,
        "expected_alpha_rao": quote.expected_alpha_rao,
        "origin_price_rao_per_alpha": quote.origin_price_rao_per_alpha,
        "destination_price_rao_per_alpha": quote.destination_price_rao_per_alpha,
        "price_impact": quote.price_impact,
        "limit_relative_price": limit,
    })
}

fn move_quote_text(
    verb: &str,
    quote: &MoveQuote,
    limit: Option<u64>,
    tx_fee: Option<u64>,
) -> String {
    let mut text = format!(
        "quote: {verb} {} α from subnet {} (price {} TAO/α) to subnet {} (price {} TAO/α)\n  \
         via {} TAO; expected: {} α, price impact {:.4}%, swap fees {} TAO\n",
        tao(quote.amount_rao),
        quote.origin_netuid,
        tao(quote.origin_price_rao_per_alpha),
        quote.destination_netuid,
        tao(quote.destination_price_rao_per_alpha),
        tao(quote.tao_moved_rao),
        tao(quote.expected_alpha_rao),
        quote.price_impact * 100.0,
        tao(quote.fee_rao),
    );
    fee_lines(
        &mut text,
        tx_fee,
        limit.map(|l| (l, "(origin/destination price)")),
    );
    text
}

// ---- shared flow ----------------------------------------------------------------------------

/// How a quoted transaction prints and whether it may be sent.
struct Quoted<'a> {
    conn: &'a Conn,
    /// Quote block for text output (includes the transaction fee).
    text: String,
    /// Quote object for JSON output.
    json: Value,
    /// Quoted price impact.
    price_impact: f64,
    /// `Some(tolerance)` if the tolerance check applies (not `--unsafe`).
    check: Option<f64>,
}

/// Print the quote, refuse beyond the tolerance (nothing sent), else submit `extrinsic` and
/// report its outcome.
fn send_quoted(rpc: &RpcClient, extrinsic: &[u8], quoted: Quoted<'_>) -> Result<(), ChainError> {
    if !quoted.conn.json {
        out(&quoted.text)?;
    }
    if let Some(tolerance) = quoted.check {
        if quoted.price_impact > tolerance {
            if quoted.conn.json {
                out_json(&json!({ "success": false, "quote": quoted.json }))?;
            }
            return Err(ChainError::Chain(format!(
                "price impact {:.4}% exceeds the tolerance {:.4}%; not sent (raise --tolerance \
                 or use --unsafe)",
                quoted.price_impact * 100.0,
                tolerance * 100.0
            )));
        }
    }
    let outcome = submit(rpc, extrinsic)?;
    report(quoted.conn, &outcome, Some(("quote", quoted.json)))
}

fn stake_of(
    rpc: &RpcClient,
    hotkey: &AccountId,
    coldkey: &AccountId,
    netuid: u16,
) -> Result<u64, ChainError> {
    let info: Option<StakeInfo> = call(
        rpc,
        "StakeInfoRuntimeApi_get_stake_info_for_hotkey_coldkey_netuid",
        &(hotkey.0, coldkey.0, netuid).encode(),
    )?;
    Ok(info.map_or(0, |info| info.stake.0))
}

// ---- commands ---------------------------------------------------------------------------

/// `dtao stake add`.
pub fn stake_add(args: &StakeAddArgs) -> Result<(), ChainError> {
    let hotkey = hotkey_address(args.hotkey.as_deref(), &args.signer)?;
    let amount_rao = parse_amount("TAO", &args.amount)?;
    let tolerance = parse_tolerance(&args.safety.tolerance)?;
    let keypair = coldkey(&args.signer)?;
    let rpc = RpcClient::connect(&args.conn.url)?;
    let info = dynamic_info(&rpc, args.netuid)?;
    let quote = quote_stake(&rpc, &info, amount_rao)?;
    let safe = !args.safety.unsafe_stake;
    let limit = safe.then(|| limit_price_up(quote.price_rao_per_alpha, tolerance));
    let netuid = NetUid(args.netuid);
    let call = RuntimeCall::Subtensor(match limit {
        Some(limit_price) => SubtensorCall::AddStakeLimit {
            hotkey,
            netuid,
            amount_staked: amount_rao,
            limit_price,
            allow_partial: false,
        },
        None => SubtensorCall::AddStake {
            hotkey,
            netuid,
            amount_staked: amount_rao,
        },
    });
    let extrinsic = signed(&rpc, &keypair, &call)?;
    let fee = tx_fee(&rpc, &extrinsic);
    let quoted = Quoted {
        conn: &args.conn,
        text: stake_quote_text(&quote, limit, fee),
        json: stake_quote_json(&quote, limit, fee),
        price_impact: quote.price_impact,
        check: safe.then_some(tolerance),
    };
    send_quoted(&rpc, &extrinsic, quoted)
}

/// `dtao stake remove`.
pub fn stake_remove(args: &StakeRemoveArgs) -> Result<(), ChainError> {
    let hotkey = hotkey_address(args.hotkey.as_deref(), &args.signer)?;
    let amount_rao = match (&args.amount, args.all) {
        (Some(text), false) => Some(parse_amount("alpha", text)?),
        (None, true) => None,
        _ => {
            return Err(ChainError::Usage(
                "give exactly one of --amount ALPHA and --all".into(),
            ))
        }
    };
    let tolerance = parse_tolerance(&args.safety.tolerance)?;
    let keypair = coldkey(&args.signer)?;
    let rpc = RpcClient::connect(&args.conn.url)?;
    let info = dynamic_info(&rpc, args.netuid)?;
    let amount_rao = match amount_rao {
        Some(amount) => amount,
        None => {
            let held = stake_of(&rpc, &hotkey, &keypair.account_id(), args.netuid)?;
            if held == 0 {
                return Err(ChainError::Chain(format!(
                    "no stake to remove: {} holds nothing on hotkey {} on subnet {}; not sent",
                    keypair.ss58(),
                    ss58(hotkey.0),
                    args.netuid
                )));
            }
            held
        }
    };
    let quote = quote_unstake(&rpc, &info, amount_rao, args.all)?;
    let safe = !args.safety.unsafe_stake;
    let limit = safe.then(|| limit_price_down(quote.price_rao_per_alpha, tolerance));
    let netuid = NetUid(args.netuid);
    let call = RuntimeCall::Subtensor(match (args.all, limit) {
        (true, limit_price) => SubtensorCall::RemoveStakeFullLimit {
            hotkey,
            netuid,
            limit_price,
        },
        (false, Some(limit_price)) => SubtensorCall::RemoveStakeLimit {
            hotkey,
            netuid,
            amount_unstaked: amount_rao,
            limit_price,
            allow_partial: false,
        },
        (false, None) => SubtensorCall::RemoveStake {
            hotkey,
            netuid,
            amount_unstaked: amount_rao,
        },
    });
    let extrinsic = signed(&rpc, &keypair, &call)?;
    let fee = tx_fee(&rpc, &extrinsic);
    let quoted = Quoted {
        conn: &args.conn,
        text: unstake_quote_text(&quote, limit, fee),
        json: unstake_quote_json(&quote, limit, fee),
        price_impact: quote.price_impact,
        check: safe.then_some(tolerance),
    };
    send_quoted(&rpc, &extrinsic, quoted)
}

/// What a move-like command sends.
enum MoveKind {
    Move { destination_hotkey: AccountId },
    Transfer { destination_coldkey: AccountId },
    Swap { safe: bool },
}

struct MoveRequest<'a> {
    kind: MoveKind,
    verb: &'a str,
    origin_netuid: u16,
    destination_netuid: u16,
    hotkey: AccountId,
    amount: &'a str,
    tolerance: &'a str,
    unsafe_stake: bool,
    signer: &'a SignerArgs,
    conn: &'a Conn,
}

fn run_move(request: MoveRequest<'_>) -> Result<(), ChainError> {
    let amount_rao = parse_amount("alpha", request.amount)?;
    let tolerance = parse_tolerance(request.tolerance)?;
    let keypair = coldkey(request.signer)?;
    let unchanged = request.origin_netuid == request.destination_netuid
        && match &request.kind {
            MoveKind::Move { destination_hotkey } => *destination_hotkey == request.hotkey,
            MoveKind::Transfer {
                destination_coldkey,
            } => *destination_coldkey == keypair.account_id(),
            MoveKind::Swap { .. } => true,
        };
    if unchanged {
        return Err(ChainError::Usage(format!(
            "nothing to {}: the origin and destination are the same (subnet {}); give a \
             different --dest-netuid{}",
            request.verb,
            request.origin_netuid,
            match request.kind {
                MoveKind::Move { .. } => " or --dest-hotkey",
                MoveKind::Transfer { .. } => " or --dest-coldkey",
                MoveKind::Swap { .. } => "",
            }
        )));
    }
    let rpc = RpcClient::connect(&request.conn.url)?;
    let origin = dynamic_info(&rpc, request.origin_netuid)?;
    let destination = dynamic_info(&rpc, request.destination_netuid)?;
    let quote = quote_move(&rpc, &origin, &destination, amount_rao)?;
    let check = (!request.unsafe_stake).then_some(tolerance);
    let (hotkey, origin_netuid, destination_netuid) = (
        request.hotkey,
        NetUid(request.origin_netuid),
        NetUid(request.destination_netuid),
    );
    let mut limit = None;
    let call = match request.kind {
        MoveKind::Move { destination_hotkey } => SubtensorCall::MoveStake {
            origin_hotkey: hotkey,
            destination_hotkey,
            origin_netuid,
            destination_netuid,
            alpha_amount: amount_rao,
        },
        MoveKind::Transfer {
            destination_coldkey,
        } => SubtensorCall::TransferStake {
            destination_coldkey,
            hotkey,
            origin_netuid,
            destination_netuid,
            alpha_amount: amount_rao,
        },
        MoveKind::Swap { safe: true } => {
            let relative = relative_price(
                quote.origin_price_rao_per_alpha,
                quote.destination_price_rao_per_alpha,
            );
            let limit_price = limit_price_down(relative, tolerance);
            limit = Some(limit_price);
            SubtensorCall::SwapStakeLimit {
                hotkey,
                origin_netuid,
                destination_netuid,
                alpha_amount: amount_rao,
                limit_price,
                allow_partial: false,
            }
        }
        MoveKind::Swap { .. } => SubtensorCall::SwapStake {
            hotkey,
            origin_netuid,
            destination_netuid,
            alpha_amount: amount_rao,
        },
    };
    let extrinsic = signed(&rpc, &keypair, &RuntimeCall::Subtensor(call))?;
    let fee = tx_fee(&rpc, &extrinsic);
    let quoted = Quoted {
        conn: request.conn,
        text: move_quote_text(request.verb, &quote, limit, fee),
        json: move_quote_json(&quote, limit, fee),
        price_impact: quote.price_impact,
        check,
    };
    send_quoted(&rpc, &extrinsic, quoted)
}

/// `dtao stake move`.
pub fn stake_move(args: &StakeMoveArgs) -> Result<(), ChainError> {
    let hotkey = hotkey_address(args.hotkey.as_deref(), &args.signer)?;
    let destination_hotkey = hotkey_address(Some(&args.dest_hotkey), &args.signer)?;
    run_move(MoveRequest {
        kind: MoveKind::Move { destination_hotkey },
        verb: "move",
        origin_netuid: args.origin_netuid,
        destination_netuid: args.dest_netuid,
        hotkey,
        amount: &args.amount,
        tolerance: &args.tolerance.tolerance,
        unsafe_stake: args.tolerance.unsafe_stake,
        signer: &args.signer,
        conn: &args.conn,
    })
}

/// `dtao stake transfer`.
pub fn stake_transfer(args: &StakeTransferArgs) -> Result<(), ChainError> {
    let destination_coldkey =
        super::format::parse_address("destination coldkey", &args.dest_coldkey)?;
    let hotkey = hotkey_address(args.hotkey.as_deref(), &args.signer)?;
    run_move(MoveRequest {
        kind: MoveKind::Transfer {
            destination_coldkey,
        },
        verb: "transfer",
        origin_netuid: args.origin_netuid,
        destination_netuid: args.dest_netuid,
        hotkey,
        amount: &args.amount,
        tolerance: &args.tolerance.tolerance,
        unsafe_stake: args.tolerance.unsafe_stake,
        signer: &args.signer,
        conn: &args.conn,
    })
}

/// `dtao stake swap`.
pub fn stake_swap(args: &StakeSwapArgs) -> Result<(), ChainError> {
    let hotkey = hotkey_address(args.hotkey.as_deref(), &args.signer)?;
    run_move(MoveRequest {
        kind: MoveKind::Swap {
            safe: !args.safety.unsafe_stake,
        },
        verb: "swap",
        origin_netuid: args.origin_netuid,
        destination_netuid: args.dest_netuid,
        hotkey,
        amount: &args.amount,
        tolerance: &args.safety.tolerance,
        unsafe_stake: args.safety.unsafe_stake,
        signer: &args.signer,
        conn: &args.conn,
    })
}

/// `alpha` of `info`'s subnet at the spot price: `floor(alpha × tao_in / alpha_in)`, 1:1 on
/// root and on an empty pool.
pub fn alpha_value_rao(info: Option<&DynamicInfo>, alpha: u64) -> u64 {
    match info {
        Some(info) if info.netuid.0 != 0 && info.alpha_in.0 != 0 => {
            let value = u128::from(alpha) * u128::from(info.tao_in.0) / u128::from(info.alpha_in.0);
            u64::try_from(value).unwrap_or(u64::MAX)
        }
        _ => alpha,
    }
}

/// `dtao stake list [COLDKEY]`.
pub fn stake_list(args: &StakeListArgs) -> Result<(), ChainError> {
    let coldkey = match &args.coldkey {
        Some(text) => super::format::parse_address("coldkey", text)?,
        None => coldkey_address(&args.signer)?,
    };
    let rpc = RpcClient::connect(&args.conn.url)?;
    let infos: Vec<StakeInfo> = call(
        &rpc,
        "StakeInfoRuntimeApi_get_stake_info_for_coldkey",
        &AccountId32(coldkey.0).encode(),
    )?;
    let subnets = all_dynamic_info(&rpc)?;
    let subnet = |netuid: u16| subnets.iter().find(|s| s.netuid.0 == netuid);
    let positions: Vec<(&StakeInfo, u64, u64)> = infos
        .iter()
        .filter(|info| info.stake.0 > 0)
        .map(|info| {
            let found = subnet(info.netuid.0);
            let price = found.map_or(RAO_PER_TAO, spot_price);
            (info, price, alpha_value_rao(found, info.stake.0))
        })
        .collect();
    if args.conn.json {
        let list: Vec<Value> = positions
            .iter()
            .map(|(info, price, value)| {
                json!({
                    "hotkey": ss58(info.hotkey.0),
                    "coldkey": ss58(info.coldkey.0),
                    "netuid": info.netuid.0,
                    "stake_rao": info.stake.0,
                    "price_rao_per_alpha": price,
                    "value_rao": value,
                    "registered": info.is_registered,
                })
            })
            .collect();
        return out_json(&Value::Array(list));
    }
    let total_value = positions
        .iter()
        .fold(0u64, |total, (_, _, value)| total.saturating_add(*value));
    let mut rows: Vec<Vec<String>> = positions
        .iter()
        .map(|(info, price, value)| {
            vec![
                ss58(info.hotkey.0),
                info.netuid.0.to_string(),
                tao(info.stake.0),
                tao(*price),
                tao(*value),
            ]
        })
        .collect();
    rows.push(vec![
        format!("total ({} positions)", positions.len()),
        String::new(),
        String::new(),
        String::new(),
        tao(total_value),
    ]);
    out(&format!(
        "stake of {}\n{}",
        ss58(coldkey.0),
        table(
            &[
                "hotkey",
                "netuid",
                "stake (α)",
                "price (TAO/α)",
                "value (TAO)"
            ],
            &rows
        )
    ))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn impact_and_limits() {
        assert_eq!(price_impact(1_000, 1_000, RAO_PER_TAO), 0.0);
        assert!((price_impact(1_000, 500, RAO_PER_TAO) - 0.5).abs() < 1e-12);
        assert_eq!(price_impact(0, 0, RAO_PER_TAO), 0.0);
        assert_eq!(impact(10, 0), 0.0);
        assert_eq!(impact(20, 10), 0.0, "better than spot clamps to 0");
        assert_eq!(limit_price_up(RAO_PER_TAO, 0.005), 1_005_000_000);
        assert_eq!(limit_price_up(u64::MAX, 1.0), u64::MAX);
        assert_eq!(limit_price_down(RAO_PER_TAO, 0.005), 995_000_000);
        assert_eq!(limit_price_down(2_250_000_001, 0.0), 2_250_000_001);
        assert_eq!(limit_price_down(RAO_PER_TAO, 1.0), 0);
        assert!(parse_tolerance("0.005").is_ok());
        for bad in ["-0.1", "2", "NaN", "x", "inf"] {
            assert!(parse_tolerance(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn spot_conversions_are_exact_and_saturate() {
        assert_eq!(
            tao_for_alpha_at(3 * RAO_PER_TAO, 2_250_000_000),
            6_750_000_000
        );
        assert_eq!(
            alpha_for_tao_at(6_750_000_000, 2_250_000_000),
            3 * RAO_PER_TAO
        );
        assert_eq!(alpha_for_tao_at(1, 0), 0);
        assert_eq!(tao_for_alpha_at(u64::MAX, u64::MAX), u64::MAX);
        assert_eq!(
            relative_price(2 * RAO_PER_TAO, RAO_PER_TAO),
            2 * RAO_PER_TAO
        );
        assert_eq!(
            relative_price(RAO_PER_TAO, 4 * RAO_PER_TAO),
            RAO_PER_TAO / 4
        );
        assert_eq!(relative_price(1, 0), u64::MAX);
        // 2 α at 1.5 TAO/α = 3 TAO, minus a 0.5 TAO fee = 2.5 TAO, at 0.5 TAO/α = 5 α.
        assert_eq!(
            move_ideal(2 * RAO_PER_TAO, 1_500_000_000, 500_000_000, 500_000_000),
            5 * RAO_PER_TAO
        );
        assert_eq!(
            unstake_ideal(2 * RAO_PER_TAO, 1_500_000_000, 10),
            2_999_999_990
        );
        assert_eq!(unstake_ideal(1, 1, 10), 0);
    }

    #[test]
    fn unstake_impact_ignores_the_fee() {
        // Pool 10 TAO / 10 α; selling 1 α yields 10·1/11 TAO; fee 50 000 rao.
        let gross = constant_product_alpha_out(10 * RAO_PER_TAO, 10 * RAO_PER_TAO, RAO_PER_TAO);
        assert_eq!(gross, 909_090_909);
        let fee = 50_000;
        let received = gross - fee;
        let quoted = impact(received, unstake_ideal(RAO_PER_TAO, RAO_PER_TAO, fee));
        // Average price 0.909…: impact ≈ 9.09% (fee excluded from both sides).
        assert!((quoted - (1.0 - received as f64 / (1e9 - 50_000.0))).abs() < 1e-12);
        assert!(quoted > 0.0909 && quoted < 0.0910, "{quoted}");
    }

    #[test]
    fn move_leg_fees_and_round_trip() {
        assert_eq!(leg_fee(50_000), 25_000);
        assert_eq!(leg_fee(1), 0);
        // Asking for moved + fee − fee/2 makes the full-fee simulation swap moved − fee/2.
        let moved = 1_000_000;
        let request = full_fee_request(moved, 50_000);
        assert_eq!(request - 50_000, moved - leg_fee(50_000));
        assert_eq!(full_fee_request(u64::MAX, 10), u64::MAX - 5);
        // A same-pool round trip without fees returns the alpha sold (up to rounding).
        let (x, y, a) = (10 * RAO_PER_TAO, 20 * RAO_PER_TAO, RAO_PER_TAO);
        let t = constant_product_alpha_out(x, y, a); // sell a α: TAO out (symmetric formula)
        let back = constant_product_alpha_out(y - t, x + a, t);
        assert!(a - back <= 1, "{a} vs {back}");
        assert_eq!(constant_product_alpha_out(0, 0, 0), 0);
    }

    #[test]
    fn amounts_parse_exactly_and_must_be_positive() {
        assert_eq!(parse_amount("alpha", "1.5").unwrap(), 1_500_000_000);
        assert_eq!(parse_amount("alpha", "0.000000001").unwrap(), 1);
        for bad in ["0", "0.0", "-1", "1.0000000001", "", "x", "1,5"] {
            assert!(
                matches!(parse_amount("alpha", bad), Err(ChainError::Usage(_))),
                "{bad}"
            );
        }
        let zero = parse_amount("alpha", "0");
        assert!(
            matches!(&zero, Err(ChainError::Usage(m)) if m.contains("above zero")),
            "{zero:?}"
        );
    }

    #[test]
    fn stake_value_uses_the_reserves() {
        assert_eq!(alpha_value_rao(None, 7), 7);
    }
}
