//! `dtao node`: run a chain node (dev chain or a genesis file) with its JSON-RPC server.
//!
//! Exit codes: 0 after a clean shutdown (Ctrl-C / SIGTERM), 1 if the node could not start
//! or failed, 2 for bad arguments.

use clap::Args;
use dtao_node::runner::{run, NodeOptions};
use dtao_node::service::GenesisSpec;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `dtao node`.
#[derive(Debug, Args)]
pub struct NodeArgs {
    /// Development chain: //Alice … //Ferdie funded, Alice is sudo, cheap registration, dev RPCs.
    #[arg(long, conflicts_with = "chain")]
    dev: bool,
    /// Genesis JSON file (schema: docs/RUNTIME.md and dtao_runtime::genesis).
    #[arg(long, value_name = "FILE")]
    chain: Option<PathBuf>,
    /// Database directory (default with --dev: a temporary directory).
    #[arg(long, value_name = "DIR")]
    base_path: Option<PathBuf>,
    /// Use a temporary database, removed at exit.
    #[arg(long)]
    tmp: bool,
    /// JSON-RPC (WebSocket) port.
    #[arg(long, default_value_t = 9944)]
    rpc_port: u16,
    /// Listen on all interfaces instead of 127.0.0.1.
    #[arg(long)]
    rpc_external: bool,
    /// Block time in milliseconds.
    #[arg(long, default_value_t = 12_000, value_parser = clap::value_parser!(u64).range(1..=3_600_000))]
    block_time_ms: u64,
    /// 250 ms blocks.
    #[arg(long, conflicts_with = "block_time_ms")]
    fast_blocks: bool,
    /// Produce blocks only on request (dev_sealBlocks, dev_nextEpoch).
    #[arg(long)]
    manual_seal: bool,
    /// Tempo of subnets created on the dev chain (default 360).
    #[arg(long, value_name = "BLOCKS", requires = "dev")]
    dev_tempo: Option<u16>,
}

/// Run `dtao node`.
pub fn run_node(args: NodeArgs) -> ExitCode {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
    let genesis = match (&args.chain, args.dev) {
        (Some(path), _) => match std::fs::read_to_string(path) {
            Ok(text) => GenesisSpec::Json(text),
            Err(error) => {
                eprintln!("error: reading {}: {error}", path.display());
                return ExitCode::from(1);
            }
        },
        (None, true) => GenesisSpec::Dev {
            tempo: args.dev_tempo,
        },
        (None, false) => {
            eprintln!("error: give --dev or --chain FILE");
            return ExitCode::from(2);
        }
    };
    let options = NodeOptions {
        genesis,
        tmp: args.tmp || (args.dev && args.base_path.is_none()),
        base_path: args.base_path,
        rpc_port: args.rpc_port,
        rpc_external: args.rpc_external,
        block_time_ms: if args.fast_blocks {
            250
        } else {
            args.block_time_ms
        },
        manual_seal: args.manual_seal,
        dev_rpc: args.dev || args.manual_seal,
        chain_name: if args.dev {
            "Development".to_string()
        } else {
            "dtao".to_string()
        },
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: starting the async runtime: {error}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(run(options, shutdown_signal())) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(1)
        }
    }
}

/// Completes on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => {
                    let _ = tokio::signal::ctrl_c().await;
                    return;
                }
            };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {},
            _ = term.recv() => {},
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
