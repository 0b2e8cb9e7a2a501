//! Commands that talk to a node over WebSocket JSON-RPC (`--url`, default
//! `ws://127.0.0.1:9944`): reads (`balance`, `subnet list|show`, `metagraph`, `delegates`)
//! and signed transactions (`transfer`, `stake add`). Command modules added later document
//! their own JSON in their module header, in the same conventions as below (`stake remove |
//! move | transfer | swap | list`: `stake.rs`).
//!
//! Output is a plain table by default; `--json` prints one JSON document on stdout with these
//! stable field names (amounts are integers in rao, suffix `_rao`; ratios are numbers in
//! [0, 1]; prices are rao per alpha, suffix `_rao_per_alpha`; addresses are SS58 strings):
//!
//! - `balance`: `{"address", "free_rao", "reserved_rao", "frozen_rao", "nonce"}`.
//! - `subnet list`: `[Subnet]` where `Subnet = {"netuid", "name", "symbol", "tempo",
//!   "owner_hotkey", "owner_coldkey", "tao_in_rao", "alpha_in_rao", "alpha_out_rao",
//!   "price_rao_per_alpha", "emission_rao", "registered_at_block", "blocks_since_last_step"}`.
//! - `subnet show`: `{"subnet": Subnet, "hyperparameters": {name: number | bool}}` (names as
//!   in `get_subnet_hyperparams_v2`).
//! - `metagraph`: `{"netuid", "neurons": [{"uid", "hotkey", "coldkey", "stake_rao",
//!   "incentive", "dividends", "emission_rao", "validator_permit", "active",
//!   "axon": "ip:port" | null}]}`.
//! - `delegates`: `[{"hotkey", "owner", "take", "nominators", "total_stake_rao",
//!   "registrations": [netuid], "validator_permits": [netuid]}]`.
//! - `transfer` / `stake add`: `{"success", "block_hash", "error": null | {"pallet", "name",
//!   "message"}, "events": ["Pallet.Event", …]}`; `stake add` adds `"quote": {"netuid",
//!   "amount_rao", "fee_rao", "expected_alpha_rao", "price_rao_per_alpha",
//!   "price_impact", "tao_in_rao", "alpha_in_rao", "limit_price_rao_per_alpha" | null}`.
//!
//! `subnet create|start|hyperparameters|set` (subnet_tx.rs, names in admin_params.rs) and
//! `register` (register.rs) document their JSON in their module headers.
//!
//! Exit codes: 0 success; 1 the node could not be reached, answered badly, or the transaction
//! failed or was refused (including a quote beyond `--tolerance`); 2 usage or input errors.
//! Errors go to stderr as `error: …`.

mod admin_params;
mod delegation;
mod format;
mod progress;
mod read;
mod register;
pub mod rpc;
mod signer;
mod stake;
mod subnet_tx;
mod tx;
mod weights;

pub use delegation::{RootArgs, TakeArgs};
pub use register::RegisterArgs;
pub use weights::WeightsArgs;

use std::process::ExitCode;

use clap::{Args, Subcommand};

/// Default node endpoint.
pub const DEFAULT_URL: &str = "ws://127.0.0.1:9944";

/// A failed chain command: usage errors exit 2, everything else 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainError {
    /// Bad command-line input.
    Usage(String),
    /// The node or the transaction failed.
    Chain(String),
}

impl ChainError {
    fn exit_code(&self) -> u8 {
        match self {
            ChainError::Usage(_) => 2,
            ChainError::Chain(_) => 1,
        }
    }

    fn message(&self) -> &str {
        match self {
            ChainError::Usage(m) | ChainError::Chain(m) => m,
        }
    }
}

/// Where the node is and how to print.
#[derive(Debug, Clone, Args)]
pub struct Conn {
    /// Node WebSocket endpoint.
    #[arg(long, default_value = DEFAULT_URL)]
    pub url: String,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Who signs a transaction.
#[derive(Debug, Clone, Args)]
pub struct SignerArgs {
    /// Signing key as a Substrate secret URI (`//Alice`, a mnemonic, `0x<seed>`).
    #[arg(long, conflicts_with_all = ["signer_env", "wallet"])]
    pub signer: Option<String>,
    /// Name of an environment variable holding the secret URI or mnemonic.
    #[arg(long, conflicts_with = "wallet")]
    pub signer_env: Option<String>,
    /// Sign with the cold key of this wallet on disk (see `dtao wallet`).
    #[arg(long)]
    pub wallet: Option<String>,
    /// Wallets directory for --wallet [default: $HOME/.bittensor/wallets].
    #[arg(long, requires = "wallet")]
    pub wallets_dir: Option<std::path::PathBuf>,
    /// Hot key of --wallet: signs hot-key calls, and is the hot key cold-key calls act on
    /// when --hotkey is not given [default: default].
    #[arg(long, requires = "wallet")]
    pub wallet_hotkey: Option<String>,
    /// Environment variable holding the --wallet key's password (else asked on the terminal).
    #[arg(long, requires = "wallet")]
    pub password_env: Option<String>,
}

/// `dtao balance`.
#[derive(Debug, Args)]
pub struct BalanceArgs {
    /// SS58 address.
    pub address: String,
    #[command(flatten)]
    conn: Conn,
}

/// `dtao subnet …`.
#[derive(Debug, Args)]
pub struct SubnetArgs {
    #[command(subcommand)]
    command: SubnetCommand,
}

#[derive(Debug, Subcommand)]
enum SubnetCommand {
    /// All subnets with their pools.
    List {
        #[command(flatten)]
        conn: Conn,
    },
    /// One subnet: pool and hyperparameters.
    Show {
        /// Subnet id.
        netuid: u16,
        #[command(flatten)]
        conn: Conn,
    },
    /// Create a subnet (locks TAO from the cold key).
    Create(subnet_tx::CreateArgs),
    /// Start a subnet's emission and staking (owner).
    Start(subnet_tx::StartArgs),
    /// Every hyperparameter with its `subnet set` name and who may set it.
    Hyperparameters(subnet_tx::HyperparametersArgs),
    /// Set a hyperparameter (owner, or root with --sudo).
    Set(subnet_tx::SetArgs),
}

/// `dtao metagraph NETUID`.
#[derive(Debug, Args)]
pub struct MetagraphArgs {
    /// Subnet id.
    pub netuid: u16,
    #[command(flatten)]
    conn: Conn,
}

/// `dtao delegates`.
#[derive(Debug, Args)]
pub struct DelegatesArgs {
    #[command(flatten)]
    conn: Conn,
}

/// `dtao transfer DEST AMOUNT_TAO`.
#[derive(Debug, Args)]
pub struct TransferArgs {
    /// Receiver SS58 address.
    pub dest: String,
    /// Amount in TAO (up to 9 decimals).
    pub amount_tao: String,
    /// Allow the sender to be reaped below the existential deposit.
    #[arg(long)]
    pub allow_death: bool,
    #[command(flatten)]
    signer: SignerArgs,
    #[command(flatten)]
    conn: Conn,
}

/// `dtao stake …`.
#[derive(Debug, Args)]
pub struct StakeArgs {
    #[command(subcommand)]
    command: StakeCommand,
}

#[derive(Debug, Subcommand)]
enum StakeCommand {
    /// Stake TAO to a hotkey on a subnet, quoting first.
    Add(StakeAddArgs),
    /// Unstake alpha to TAO, quoting first (`remove_stake_limit` by default).
    Remove(stake::StakeRemoveArgs),
    /// Move stake to another hotkey and/or subnet, same cold key (no limit variant on chain:
    /// the quote is checked against --tolerance before sending, unless --unsafe).
    Move(stake::StakeMoveArgs),
    /// Give stake to another cold key, same hotkey (no limit variant on chain: the quote is
    /// checked against --tolerance before sending, unless --unsafe).
    Transfer(stake::StakeTransferArgs),
    /// Swap stake between subnets, same hotkey (`swap_stake_limit` by default).
    Swap(stake::StakeSwapArgs),
    /// Stake positions of a cold key with their value at the spot price.
    List(stake::StakeListArgs),
}

/// `dtao stake add`.
#[derive(Debug, Args)]
pub struct StakeAddArgs {
    /// Subnet id.
    #[arg(long)]
    pub netuid: u16,
    /// Hotkey: SS58 address, or a hot key name of --wallet [default: --wallet-hotkey].
    #[arg(long)]
    pub hotkey: Option<String>,
    /// Amount in TAO (up to 9 decimals).
    #[arg(long)]
    pub amount: String,
    /// --tolerance, --safe (`add_stake_limit` with limit price × (1 + tolerance), the
    /// default) or --unsafe (plain `add_stake`, no tolerance check).
    #[command(flatten)]
    pub safety: stake::SafetyArgs,
    #[command(flatten)]
    signer: SignerArgs,
    #[command(flatten)]
    conn: Conn,
}

fn finish(result: Result<(), ChainError>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {}", error.message());
            ExitCode::from(error.exit_code())
        }
    }
}

/// `dtao balance`.
pub fn run_balance(args: BalanceArgs) -> ExitCode {
    finish(read::balance(&args.conn, &args.address))
}

/// `dtao subnet …`.
pub fn run_subnet(args: SubnetArgs) -> ExitCode {
    finish(match args.command {
        SubnetCommand::List { conn } => read::subnet_list(&conn),
        SubnetCommand::Show { netuid, conn } => read::subnet_show(&conn, netuid),
        SubnetCommand::Create(args) => subnet_tx::create(&args),
        SubnetCommand::Start(args) => subnet_tx::start(&args),
        SubnetCommand::Hyperparameters(args) => subnet_tx::hyperparameters(&args),
        SubnetCommand::Set(args) => subnet_tx::set(&args),
    })
}

/// `dtao metagraph`.
pub fn run_metagraph(args: MetagraphArgs) -> ExitCode {
    finish(read::metagraph(&args.conn, args.netuid))
}

/// `dtao delegates`.
pub fn run_delegates(args: DelegatesArgs) -> ExitCode {
    finish(read::delegates(&args.conn))
}

/// `dtao transfer`.
pub fn run_transfer(args: TransferArgs) -> ExitCode {
    finish(tx::transfer(&args))
}

/// `dtao stake …`.
pub fn run_stake(args: StakeArgs) -> ExitCode {
    finish(match args.command {
        StakeCommand::Add(add) => stake::stake_add(&add),
        StakeCommand::Remove(remove) => stake::stake_remove(&remove),
        StakeCommand::Move(args) => stake::stake_move(&args),
        StakeCommand::Transfer(args) => stake::stake_transfer(&args),
        StakeCommand::Swap(args) => stake::stake_swap(&args),
        StakeCommand::List(args) => stake::stake_list(&args),
    })
}

/// `dtao register`.
pub fn run_register(args: RegisterArgs) -> ExitCode {
    finish(register::register(&args))
}

/// `dtao weights …`.
pub fn run_weights(args: WeightsArgs) -> ExitCode {
    finish(weights::run(args))
}

/// `dtao take …`.
pub fn run_take(args: TakeArgs) -> ExitCode {
    finish(delegation::run_take(args))
}

/// `dtao root …`.
pub fn run_root(args: RootArgs) -> ExitCode {
    finish(delegation::run_root(args))
}
