//! `dtao wallet …`: wallets on disk in bittensor-wallet's layout (see `dtao_wallet::store`),
//! so `btcli` and the Python SDK open what we write and we open what they write.
//!
//! Commands: `create` (cold key + hot key), `new-hotkey`, `regen-coldkey`, `regen-hotkey`,
//! `list`, `show`. The wallets directory is `--wallets-dir`, default
//! `$HOME/.bittensor/wallets`.
//!
//! Secrets never travel on the command line: the cold key's password is asked for on the
//! terminal (without echo, twice for a new key) or comes from the environment variable named
//! by `--password-env` (scripts; without a terminal it is required), and `--no-password`
//! writes a plain cold key, for throwaway dev wallets; a mnemonic to restore comes from
//! `--mnemonic-env`. Fresh mnemonics use 32 bytes of OS randomness per key and are printed
//! once, on stdout.
//!
//! `--json` output: `create`/`new-hotkey`/`regen-*`: `{"wallet", "coldkey" | null,
//! "hotkey" | null, "hotkey_name", "coldkey_mnemonic" | null, "hotkey_mnemonic" | null}`;
//! `list`: `[{"name", "coldkey" | null, "hotkeys": [{"name", "address" | null}]}]`;
//! `show`: `{"wallet", "path", "coldkey", "coldkey_encrypted", "hotkeys": [{"name",
//! "address" | null}]}`.
//!
//! Exit codes: 0 success; 1 a file could not be read or written (including a wrong password
//! and an existing key without `--overwrite`); 2 usage errors.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};
use dtao_wallet::store::{self, Overwrite, WalletEntropy, WalletError};
use dtao_wallet::{ss58, Keypair, Wallet};
use serde_json::{json, Value};

/// Default number of mnemonic words (bittensor's default).
const DEFAULT_WORD_COUNT: usize = 12;

/// A failed wallet command: usage errors exit 2, file errors 1.
#[derive(Debug)]
pub enum WalletCliError {
    /// Bad command-line input or environment.
    Usage(String),
    /// A wallet file operation failed.
    Files(WalletError),
}

impl From<WalletError> for WalletCliError {
    fn from(error: WalletError) -> Self {
        match error {
            WalletError::InvalidName { .. } => WalletCliError::Usage(error.to_string()),
            other => WalletCliError::Files(other),
        }
    }
}

/// `dtao wallet …`.
#[derive(Debug, Args)]
pub struct WalletArgs {
    #[command(subcommand)]
    command: WalletCommand,
}

/// Which wallet on disk.
#[derive(Debug, Clone, Args)]
pub struct WalletLocation {
    /// Wallet name (its directory under the wallets directory).
    #[arg(long = "name", default_value = store::DEFAULT_WALLET_NAME)]
    pub name: String,
    /// Wallets directory [default: $HOME/.bittensor/wallets].
    #[arg(long)]
    pub wallets_dir: Option<PathBuf>,
}

/// How the cold key is protected.
#[derive(Debug, Clone, Args)]
pub struct PasswordArgs {
    /// Environment variable holding the cold key's password.
    #[arg(long, conflicts_with = "no_password")]
    pub password_env: Option<String>,
    /// Write the cold key unencrypted (dev wallets only).
    #[arg(long)]
    pub no_password: bool,
}

#[derive(Debug, Subcommand)]
enum WalletCommand {
    /// Create a wallet: a new cold key and a new hot key, each from a fresh mnemonic.
    Create {
        #[command(flatten)]
        location: WalletLocation,
        /// Hot key name.
        #[arg(long, default_value = store::DEFAULT_HOTKEY_NAME)]
        hotkey: String,
        /// Mnemonic length in words (12, 15, 18, 21 or 24).
        #[arg(long, default_value_t = DEFAULT_WORD_COUNT)]
        words: usize,
        #[command(flatten)]
        password: PasswordArgs,
        /// Replace existing key files.
        #[arg(long)]
        overwrite: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Add a new hot key to an existing wallet.
    NewHotkey {
        #[command(flatten)]
        location: WalletLocation,
        /// Hot key name.
        #[arg(long, default_value = store::DEFAULT_HOTKEY_NAME)]
        hotkey: String,
        /// Mnemonic length in words.
        #[arg(long, default_value_t = DEFAULT_WORD_COUNT)]
        words: usize,
        /// Replace an existing hot key file.
        #[arg(long)]
        overwrite: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Restore a cold key from its mnemonic.
    RegenColdkey {
        #[command(flatten)]
        location: WalletLocation,
        /// Environment variable holding the mnemonic.
        #[arg(long)]
        mnemonic_env: String,
        #[command(flatten)]
        password: PasswordArgs,
        /// Replace an existing cold key file.
        #[arg(long)]
        overwrite: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Restore a hot key from its mnemonic.
    RegenHotkey {
        #[command(flatten)]
        location: WalletLocation,
        /// Hot key name.
        #[arg(long, default_value = store::DEFAULT_HOTKEY_NAME)]
        hotkey: String,
        /// Environment variable holding the mnemonic.
        #[arg(long)]
        mnemonic_env: String,
        /// Replace an existing hot key file.
        #[arg(long)]
        overwrite: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// The wallets in the wallets directory with their addresses.
    List {
        /// Wallets directory [default: $HOME/.bittensor/wallets].
        #[arg(long)]
        wallets_dir: Option<PathBuf>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// One wallet: cold key address, encryption, hot keys.
    Show {
        #[command(flatten)]
        location: WalletLocation,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// `dtao wallet …`: runs the command and returns the exit code.
pub fn run(args: WalletArgs) -> ExitCode {
    match run_command(args.command) {
        Ok(output) => {
            print!("{output}");
            ExitCode::SUCCESS
        }
        Err(WalletCliError::Usage(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
        Err(WalletCliError::Files(error)) => {
            eprintln!("error: {error}");
            ExitCode::from(1)
        }
    }
}

fn run_command(command: WalletCommand) -> Result<String, WalletCliError> {
    match command {
        WalletCommand::Create {
            location,
            hotkey,
            words,
            password,
            overwrite,
            json,
        } => {
            let wallet = open(&location, &hotkey)?;
            let password = password_from(&password)?;
            let entropy = WalletEntropy {
                coldkey: os_entropy()?,
                hotkey: os_entropy()?,
            };
            let phrases = wallet.create(
                checked_words(words)?,
                password.as_deref(),
                &entropy,
                overwrite_flag(overwrite),
            )?;
            created(
                &wallet,
                true,
                true,
                Some(&phrases.coldkey),
                Some(&phrases.hotkey),
                json,
            )
        }
        WalletCommand::NewHotkey {
            location,
            hotkey,
            words,
            overwrite,
            json,
        } => {
            let wallet = open(&location, &hotkey)?;
            let phrase = wallet.create_hotkey(
                checked_words(words)?,
                &os_entropy()?,
                overwrite_flag(overwrite),
            )?;
            created(&wallet, false, true, None, Some(&phrase), json)
        }
        WalletCommand::RegenColdkey {
            location,
            mnemonic_env,
            password,
            overwrite,
            json,
        } => {
            let wallet = open(&location, store::DEFAULT_HOTKEY_NAME)?;
            let phrase = env_secret(&mnemonic_env, "--mnemonic-env")?;
            let password = password_from(&password)?;
            wallet.regenerate_coldkey(
                phrase.trim(),
                password.as_deref(),
                overwrite_flag(overwrite),
            )?;
            created(&wallet, true, false, None, None, json)
        }
        WalletCommand::RegenHotkey {
            location,
            hotkey,
            mnemonic_env,
            overwrite,
            json,
        } => {
            let wallet = open(&location, &hotkey)?;
            let phrase = env_secret(&mnemonic_env, "--mnemonic-env")?;
            wallet.regenerate_hotkey(phrase.trim(), overwrite_flag(overwrite))?;
            created(&wallet, false, true, None, None, json)
        }
        WalletCommand::List { wallets_dir, json } => {
            list(&wallets_dir_or_default(wallets_dir)?, json)
        }
        WalletCommand::Show { location, json } => {
            show(&open(&location, store::DEFAULT_HOTKEY_NAME)?, json)
        }
    }
}

/// The cold key of a wallet on disk, for signing (`--wallet NAME` on the chain commands).
pub fn coldkey_signer(
    location: &WalletLocation,
    password_env: Option<&str>,
) -> Result<Keypair, WalletCliError> {
    let wallet = open(location, store::DEFAULT_HOTKEY_NAME)?;
    let password = match password_env {
        Some(var) => Some(env_secret(var, "--password-env")?),
        None => None,
    };
    let password = match password {
        None if wallet.coldkey_is_encrypted()? => Some(prompt_password(
            &format!("Password of wallet {:?}'s cold key: ", wallet.name),
            "--password-env VAR",
        )?),
        other => other,
    };
    Ok(wallet.coldkey_stored(password.as_deref())?.keypair)
}

/// The hot key `hotkey` of a wallet on disk, for signing hot-key calls (weights, serving).
/// Hot keys are normally stored unencrypted (bittensor's default); an encrypted one takes its
/// password from `password_env` or a prompt.
pub fn hotkey_signer(
    location: &WalletLocation,
    hotkey: &str,
    password_env: Option<&str>,
) -> Result<Keypair, WalletCliError> {
    let wallet = open(location, hotkey)?;
    if !wallet.hotkey_is_encrypted()? {
        return Ok(wallet.hotkey()?);
    }
    let password = match password_env {
        Some(var) => env_secret(var, "--password-env")?,
        None => prompt_password(
            &format!(
                "Password of hot key {hotkey:?} in wallet {:?}: ",
                wallet.name
            ),
            "--password-env VAR",
        )?,
    };
    Ok(wallet.hotkey_with_password(&password)?)
}

/// The public address of a wallet's cold key (`coldkeypub.txt`; no secret is read).
pub fn coldkey_address(
    location: &WalletLocation,
) -> Result<dtao_primitives::AccountId, WalletCliError> {
    Ok(open(location, store::DEFAULT_HOTKEY_NAME)?.coldkey_public()?)
}

/// The public address of hot key `hotkey` in a wallet on disk (no secret is read).
pub fn hotkey_address(
    location: &WalletLocation,
    hotkey: &str,
) -> Result<dtao_primitives::AccountId, WalletCliError> {
    Ok(open(location, hotkey)?.hotkey_public()?)
}

/// Read a password from the terminal without echo; a usage error naming `alternative` when
/// there is no terminal (scripts must use the environment).
fn prompt_password(prompt: &str, alternative: &str) -> Result<String, WalletCliError> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        return Err(WalletCliError::Usage(format!(
            "a password is needed and there is no terminal to ask on: give {alternative}"
        )));
    }
    rpassword::prompt_password(prompt)
        .map_err(|error| WalletCliError::Usage(format!("reading the password: {error}")))
}

fn open(location: &WalletLocation, hotkey: &str) -> Result<Wallet, WalletCliError> {
    let dir = wallets_dir_or_default(location.wallets_dir.clone())?;
    Ok(Wallet::new(dir, &location.name, hotkey)?)
}

fn wallets_dir_or_default(dir: Option<PathBuf>) -> Result<PathBuf, WalletCliError> {
    match dir {
        Some(dir) => Ok(dir),
        None => std::env::var_os("HOME")
            .map(|home| store::default_wallets_dir(Path::new(&home)))
            .ok_or_else(|| WalletCliError::Usage("HOME is not set: give --wallets-dir".into())),
    }
}

fn overwrite_flag(overwrite: bool) -> Overwrite {
    if overwrite {
        Overwrite::Yes
    } else {
        Overwrite::No
    }
}

fn checked_words(words: usize) -> Result<usize, WalletCliError> {
    if matches!(words, 12 | 15 | 18 | 21 | 24) {
        Ok(words)
    } else {
        Err(WalletCliError::Usage(format!(
            "--words must be 12, 15, 18, 21 or 24 (got {words})"
        )))
    }
}

fn env_secret(var: &str, flag: &str) -> Result<String, WalletCliError> {
    std::env::var(var).map_err(|_| {
        WalletCliError::Usage(format!("environment variable {var} is not set ({flag})"))
    })
}

/// The password to encrypt a new cold key with; `None` only with `--no-password`.
fn password_from(args: &PasswordArgs) -> Result<Option<String>, WalletCliError> {
    match (&args.password_env, args.no_password) {
        (Some(var), _) => {
            let password = env_secret(var, "--password-env")?;
            if password.is_empty() {
                return Err(WalletCliError::Usage(format!(
                    "the password in {var} is empty (use --no-password for an unencrypted key)"
                )));
            }
            Ok(Some(password))
        }
        (None, true) => Ok(None),
        (None, false) => {
            let alternative = "--password-env VAR, or --no-password for a dev wallet";
            let password = prompt_password("New password for the cold key: ", alternative)?;
            if password.is_empty() {
                return Err(WalletCliError::Usage(
                    "the password is empty (use --no-password for an unencrypted key)".into(),
                ));
            }
            let again = prompt_password("Repeat the password: ", alternative)?;
            if again != password {
                return Err(WalletCliError::Usage("the passwords do not match".into()));
            }
            Ok(Some(password))
        }
    }
}

fn os_entropy() -> Result<[u8; 32], WalletCliError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|error| WalletCliError::Usage(format!("no OS randomness available: {error}")))?;
    Ok(bytes)
}

/// Output of the commands that write keys.
fn created(
    wallet: &Wallet,
    wrote_coldkey: bool,
    wrote_hotkey: bool,
    coldkey_mnemonic: Option<&str>,
    hotkey_mnemonic: Option<&str>,
    json: bool,
) -> Result<String, WalletCliError> {
    let coldkey = if wrote_coldkey {
        Some(wallet.coldkey_ss58()?)
    } else {
        None
    };
    let hotkey = if wrote_hotkey {
        Some(wallet.hotkey_ss58()?)
    } else {
        None
    };
    if json {
        let document = json!({
            "wallet": wallet.name,
            "coldkey": coldkey,
            "hotkey": hotkey,
            "hotkey_name": wallet.hotkey,
            "coldkey_mnemonic": coldkey_mnemonic,
            "hotkey_mnemonic": hotkey_mnemonic,
        });
        return Ok(format!("{document}\n"));
    }
    let mut out = format!("wallet {} in {}\n", wallet.name, wallet.path().display());
    if let Some(address) = &coldkey {
        out.push_str(&format!("  coldkey            {address}\n"));
    }
    if let Some(address) = &hotkey {
        out.push_str(&format!("  hotkey {:<11} {address}\n", wallet.hotkey));
    }
    for (label, phrase) in [("coldkey", coldkey_mnemonic), ("hotkey", hotkey_mnemonic)] {
        if let Some(phrase) = phrase {
            out.push_str(&format!(
                "{label} mnemonic (write it down; it restores the key and is not shown again):\n  {phrase}\n"
            ));
        }
    }
    Ok(out)
}

/// Hot keys of `wallet` as `(name, address)` (address `None` when unreadable).
fn hotkey_addresses(wallet: &Wallet, names: &[String]) -> Vec<(String, Option<String>)> {
    names
        .iter()
        .map(|name| {
            let address = wallet
                .with_hotkey(name)
                .and_then(|hot| hot.hotkey_public())
                .ok()
                .map(|account| ss58::encode_default(&account));
            (name.clone(), address)
        })
        .collect()
}

fn hotkeys_json(hotkeys: &[(String, Option<String>)]) -> Value {
    Value::Array(
        hotkeys
            .iter()
            .map(|(name, address)| json!({"name": name, "address": address}))
            .collect(),
    )
}

fn list(dir: &Path, json: bool) -> Result<String, WalletCliError> {
    let entries = store::list(dir)?;
    let mut rows = Vec::new();
    for entry in &entries {
        let wallet = Wallet::new(dir, &entry.name, store::DEFAULT_HOTKEY_NAME)?;
        let coldkey = wallet.coldkey_ss58().ok();
        rows.push((
            entry.name.clone(),
            coldkey,
            hotkey_addresses(&wallet, &entry.hotkeys),
        ));
    }
    if json {
        let document: Vec<Value> = rows
            .iter()
            .map(|(name, coldkey, hotkeys)| {
                json!({"name": name, "coldkey": coldkey, "hotkeys": hotkeys_json(hotkeys)})
            })
            .collect();
        return Ok(format!("{}\n", Value::Array(document)));
    }
    if rows.is_empty() {
        return Ok(format!("no wallets in {}\n", dir.display()));
    }
    let mut out = format!("wallets in {}\n", dir.display());
    for (name, coldkey, hotkeys) in &rows {
        let coldkey = coldkey.as_deref().unwrap_or("(no readable coldkeypub.txt)");
        out.push_str(&format!("{name}  {coldkey}\n"));
        for (hotkey, address) in hotkeys {
            let address = address.as_deref().unwrap_or("(no readable public record)");
            out.push_str(&format!("  └─ {hotkey}  {address}\n"));
        }
    }
    Ok(out)
}

fn show(wallet: &Wallet, json: bool) -> Result<String, WalletCliError> {
    let coldkey = wallet.coldkey_ss58()?;
    let encrypted = match wallet.coldkey_is_encrypted() {
        Ok(encrypted) => Some(encrypted),
        Err(WalletError::Missing { .. }) => None,
        Err(error) => return Err(error.into()),
    };
    let names = store::list(&wallet.dir)?
        .into_iter()
        .find(|entry| entry.name == wallet.name)
        .map(|entry| entry.hotkeys)
        .unwrap_or_default();
    let hotkeys = hotkey_addresses(wallet, &names);
    if json {
        let document = json!({
            "wallet": wallet.name,
            "path": wallet.path().display().to_string(),
            "coldkey": coldkey,
            "coldkey_encrypted": encrypted,
            "hotkeys": hotkeys_json(&hotkeys),
        });
        return Ok(format!("{document}\n"));
    }
    let protection = match encrypted {
        Some(true) => "encrypted",
        Some(false) => "NOT encrypted",
        None => "public key only",
    };
    let mut out = format!(
        "wallet {} in {}\n  coldkey  {coldkey}  ({protection})\n",
        wallet.name,
        wallet.path().display()
    );
    for (name, address) in &hotkeys {
        let address = address.as_deref().unwrap_or("(no readable public record)");
        out.push_str(&format!("  hotkey {name}  {address}\n"));
    }
    Ok(out)
}
