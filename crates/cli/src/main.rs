//! The `dtao` command-line tool.
//!
//! One binary with one subcommand group per area (`dtao yuma …` today; `node`, `wallet`, …
//! are added as further [`Command`] variants, each in its own module). Each group's `run`
//! returns the process exit code; this file only parses the command line and dispatches.
//!
//! Invariants: no panic is reachable from the command line or from input files — every error
//! is printed as `error: …` on stderr with a documented exit code (usage errors exit 2, as
//! clap does); output is written through checked writes, never `println!`.

mod chain;
mod node;
mod wallet;
mod yuma;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// dtao: a Rust implementation of the Bittensor chain and its tools.
#[derive(Debug, Parser)]
#[command(name = "dtao", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Subcommand groups.
#[derive(Debug, Subcommand)]
enum Command {
    /// Run a chain node with its JSON-RPC server (`dtao node --dev`).
    Node(node::NodeArgs),
    /// Yuma Consensus epoch: run and check scenario files.
    Yuma(yuma::YumaArgs),
    /// Free balance of an account (from a node).
    Balance(chain::BalanceArgs),
    /// Subnets: list, show, create, start, hyperparameters, set.
    Subnet(chain::SubnetArgs),
    /// Neurons of a subnet.
    Metagraph(chain::MetagraphArgs),
    /// Delegates (validators) and their nominators.
    Delegates(chain::DelegatesArgs),
    /// Transfer TAO (signed).
    Transfer(chain::TransferArgs),
    /// Staking transactions (signed).
    Stake(chain::StakeArgs),
    /// Register a hotkey on a subnet by burning TAO (signed).
    Register(chain::RegisterArgs),
    /// Wallets on disk (bittensor-wallet layout): create, restore, list, show.
    Wallet(wallet::WalletArgs),
    /// Weights of a validator hotkey: set, commit, reveal (hot-key signed).
    Weights(chain::WeightsArgs),
    /// Delegate take: show, set (cold-key signed).
    Take(chain::TakeArgs),
    /// Root subnet: register, list.
    Root(chain::RootArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Node(args) => node::run_node(args),
        Command::Yuma(args) => yuma::run(args),
        Command::Balance(args) => chain::run_balance(args),
        Command::Subnet(args) => chain::run_subnet(args),
        Command::Metagraph(args) => chain::run_metagraph(args),
        Command::Delegates(args) => chain::run_delegates(args),
        Command::Transfer(args) => chain::run_transfer(args),
        Command::Stake(args) => chain::run_stake(args),
        Command::Register(args) => chain::run_register(args),
        Command::Wallet(args) => wallet::run(args),
        Command::Weights(args) => chain::run_weights(args),
        Command::Take(args) => chain::run_take(args),
        Command::Root(args) => chain::run_root(args),
    }
}
