//! Wallets on disk in bittensor-wallet's layout, so a wallet made by either tool opens in the
//! other:
//!
//! ```text
//! WALLETS_DIR/                 (default ~/.bittensor/wallets, see [`default_wallets_dir`])
//!   NAME/coldkey               key record, `$NACL`-encrypted when a password was given
//!   NAME/coldkeypub.txt        public record (no password needed)
//!   NAME/hotkeys/HOTKEY        key record, plain
//!   NAME/hotkeys/HOTKEYpub.txt public record
//! ```
//!
//! Invariants: the only I/O is reading and writing files under the wallet's directory; every
//! file written is written to a temporary sibling with mode 0600 and renamed into place, so a
//! crash leaves the old file or the new one; existing key files are replaced only when the
//! caller says [`Overwrite::Yes`]; wallet and hotkey names are single path components; files
//! are read with a size bound ([`MAX_KEYFILE_LEN_BYTES`]). Passwords and entropy come from the
//! caller.

use crate::keyfile::{self, KeyfileError, StoredKey, MAX_KEYFILE_LEN_BYTES};
use crate::keys::Keypair;
use crate::mnemonic::generate_mnemonic;
use crate::ss58::{self, Ss58Prefix};
use dtao_primitives::AccountId;
use std::fmt;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// File name of the encrypted cold key.
pub const COLDKEY_FILE: &str = "coldkey";
/// File name of the cold key's public record.
pub const COLDKEYPUB_FILE: &str = "coldkeypub.txt";
/// Directory of the hot keys inside a wallet.
pub const HOTKEYS_DIR: &str = "hotkeys";
/// Suffix of a hot key's public record (`HOTKEYpub.txt`).
pub const HOTKEYPUB_SUFFIX: &str = "pub.txt";
/// The wallet name bittensor uses when none is given.
pub const DEFAULT_WALLET_NAME: &str = "default";
/// The hot key name bittensor uses when none is given.
pub const DEFAULT_HOTKEY_NAME: &str = "default";

/// The default wallets directory under a home directory: `HOME/.bittensor/wallets`.
pub fn default_wallets_dir(home: &Path) -> PathBuf {
    home.join(".bittensor").join("wallets")
}

/// Whether an existing key file may be replaced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overwrite {
    /// Replace it.
    Yes,
    /// Refuse with [`WalletError::AlreadyExists`].
    No,
}

/// Why a wallet operation failed.
#[derive(Debug)]
pub enum WalletError {
    /// A key file the operation needs does not exist.
    Missing {
        /// The file.
        path: PathBuf,
    },
    /// A key file exists and [`Overwrite::No`] was given.
    AlreadyExists {
        /// The file.
        path: PathBuf,
    },
    /// A wallet or hot key name is not a single plain path component.
    InvalidName {
        /// The name.
        name: String,
    },
    /// The file could not be read or written.
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        error: io::Error,
    },
    /// The file's contents could not be used.
    Keyfile {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        error: KeyfileError,
    },
    /// Generating or reading the mnemonic failed.
    Key(crate::keys::KeyError),
}

impl fmt::Display for WalletError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WalletError::Missing { path } => {
                write!(f, "key file {} does not exist", path.display())
            }
            WalletError::AlreadyExists { path } => write!(
                f,
                "key file {} already exists (choose overwrite to replace it)",
                path.display()
            ),
            WalletError::InvalidName { name } => write!(
                f,
                "invalid wallet or hotkey name {name:?}: it must be one non-empty path component"
            ),
            WalletError::Io { path, error } => write!(f, "{}: {error}", path.display()),
            WalletError::Keyfile { path, error } => write!(f, "{}: {error}", path.display()),
            WalletError::Key(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for WalletError {}

impl WalletError {
    /// Whether this is a wrong password (so a caller may prompt again).
    pub fn is_wrong_password(&self) -> bool {
        matches!(
            self,
            WalletError::Keyfile {
                error: KeyfileError::WrongPassword,
                ..
            }
        )
    }
}

/// Checks that `name` is one plain path component.
fn check_name(name: &str) -> Result<(), WalletError> {
    let plain = !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\', '\0'])
        && !name.starts_with('.');
    if plain {
        Ok(())
    } else {
        Err(WalletError::InvalidName {
            name: name.to_owned(),
        })
    }
}

/// Reads a key file, bounded in size.
fn read_bounded(path: &Path) -> Result<Vec<u8>, WalletError> {
    let io_error = |error: io::Error| {
        if error.kind() == io::ErrorKind::NotFound {
            WalletError::Missing {
                path: path.to_path_buf(),
            }
        } else {
            WalletError::Io {
                path: path.to_path_buf(),
                error,
            }
        }
    };
    let file = fs::File::open(path).map_err(io_error)?;
    let mut data = Vec::new();
    file.take(MAX_KEYFILE_LEN_BYTES as u64 + 1)
        .read_to_end(&mut data)
        .map_err(io_error)?;
    if data.len() > MAX_KEYFILE_LEN_BYTES {
        return Err(WalletError::Keyfile {
            path: path.to_path_buf(),
            error: KeyfileError::TooLarge {
                len_bytes: data.len(),
            },
        });
    }
    Ok(data)
}

/// Opens a new file with mode 0600 (on Unix).
fn create_private(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// Writes `data` to `path` atomically (temporary sibling, 0600, fsync, rename).
fn write_private(path: &Path, data: &[u8], overwrite: Overwrite) -> Result<(), WalletError> {
    let io_error = |error: io::Error| WalletError::Io {
        path: path.to_path_buf(),
        error,
    };
    if overwrite == Overwrite::No && path.exists() {
        return Err(WalletError::AlreadyExists {
            path: path.to_path_buf(),
        });
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(io_error)?;
    }
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = path.with_file_name(format!(".{file_name}.tmp"));
    let mut file = create_private(&temporary).map_err(io_error)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(fs::Permissions::from_mode(0o600))
            .map_err(io_error)?;
    }
    file.write_all(data).map_err(io_error)?;
    file.sync_all().map_err(io_error)?;
    drop(file);
    fs::rename(&temporary, path).map_err(io_error)
}

/// A wallet listed by [`list`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WalletEntry {
    /// The wallet's name (its directory).
    pub name: String,
    /// Names of its hot keys, sorted.
    pub hotkeys: Vec<String>,
}

/// The wallets under `wallets_dir` (directories holding a `coldkey` or `coldkeypub.txt`),
/// sorted by name. A missing directory has no wallets.
pub fn list(wallets_dir: &Path) -> Result<Vec<WalletEntry>, WalletError> {
    let io_error = |error: io::Error| WalletError::Io {
        path: wallets_dir.to_path_buf(),
        error,
    };
    let entries = match fs::read_dir(wallets_dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(io_error(error)),
    };
    let mut wallets = Vec::new();
    for entry in entries {
        let path = entry.map_err(io_error)?.path();
        let Some(name) = path.file_name().and_then(|name| name.to_str()) else {
            continue;
        };
        let is_wallet = path.join(COLDKEY_FILE).is_file() || path.join(COLDKEYPUB_FILE).is_file();
        if check_name(name).is_ok() && is_wallet {
            wallets.push(WalletEntry {
                name: name.to_owned(),
                hotkeys: list_hotkeys(&path.join(HOTKEYS_DIR)),
            });
        }
    }
    wallets.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(wallets)
}

/// Hot key names in a `hotkeys` directory (unreadable or missing: none).
fn list_hotkeys(dir: &Path) -> Vec<String> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|entry| entry.path().is_file())
        .filter_map(|entry| entry.file_name().to_str().map(str::to_owned))
        .filter(|name| check_name(name).is_ok() && !name.ends_with(HOTKEYPUB_SUFFIX))
        .collect();
    names.sort();
    names
}

/// Caller-supplied randomness for [`Wallet::create`], one mnemonic's worth per key.
#[derive(Clone)]
pub struct WalletEntropy {
    /// Entropy of the cold key's mnemonic.
    pub coldkey: [u8; 32],
    /// Entropy of the hot key's mnemonic.
    pub hotkey: [u8; 32],
}

impl fmt::Debug for WalletEntropy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WalletEntropy").finish_non_exhaustive()
    }
}

/// The mnemonics [`Wallet::create`] generated (show them to the user once).
#[derive(Clone)]
pub struct CreatedPhrases {
    /// The cold key's mnemonic.
    pub coldkey: String,
    /// The hot key's mnemonic.
    pub hotkey: String,
}

impl fmt::Debug for CreatedPhrases {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CreatedPhrases").finish_non_exhaustive()
    }
}

/// One wallet: a cold key and a selected hot key under `dir/name`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wallet {
    /// The wallets directory (holding one directory per wallet).
    pub dir: PathBuf,
    /// The wallet's name.
    pub name: String,
    /// The selected hot key's name.
    pub hotkey: String,
}

impl Wallet {
    /// The wallet `name` with hot key `hotkey` under `dir` (nothing is read or written).
    pub fn new(dir: impl Into<PathBuf>, name: &str, hotkey: &str) -> Result<Wallet, WalletError> {
        check_name(name)?;
        check_name(hotkey)?;
        Ok(Wallet {
            dir: dir.into(),
            name: name.to_owned(),
            hotkey: hotkey.to_owned(),
        })
    }

    /// The same wallet with another hot key selected.
    pub fn with_hotkey(&self, hotkey: &str) -> Result<Wallet, WalletError> {
        Wallet::new(self.dir.clone(), &self.name, hotkey)
    }

    /// The wallet's directory.
    pub fn path(&self) -> PathBuf {
        self.dir.join(&self.name)
    }

    /// Path of the (encrypted) cold key file.
    pub fn coldkey_path(&self) -> PathBuf {
        self.path().join(COLDKEY_FILE)
    }

    /// Path of the cold key's public record.
    pub fn coldkeypub_path(&self) -> PathBuf {
        self.path().join(COLDKEYPUB_FILE)
    }

    /// Path of the selected hot key file.
    pub fn hotkey_path(&self) -> PathBuf {
        self.path().join(HOTKEYS_DIR).join(&self.hotkey)
    }

    /// Path of the selected hot key's public record.
    pub fn hotkeypub_path(&self) -> PathBuf {
        self.path()
            .join(HOTKEYS_DIR)
            .join(format!("{}{HOTKEYPUB_SUFFIX}", self.hotkey))
    }

    /// Creates the cold key (encrypted with `password`, plain when `None`) and the selected hot
    /// key (plain), each from a fresh `word_count`-word mnemonic built from its entropy, as
    /// bittensor-wallet's `create` does; returns both mnemonics.
    pub fn create(
        &self,
        word_count: usize,
        password: Option<&str>,
        entropy: &WalletEntropy,
        overwrite: Overwrite,
    ) -> Result<CreatedPhrases, WalletError> {
        for path in [self.coldkey_path(), self.hotkey_path()] {
            if overwrite == Overwrite::No && path.exists() {
                return Err(WalletError::AlreadyExists { path });
            }
        }
        let coldkey = self.create_coldkey(word_count, password, &entropy.coldkey, overwrite)?;
        let hotkey = self.create_hotkey(word_count, &entropy.hotkey, overwrite)?;
        Ok(CreatedPhrases { coldkey, hotkey })
    }

    /// Writes only the cold key's public record (bittensor's `regen_coldkeypub`).
    pub fn set_coldkeypub(
        &self,
        account: &AccountId,
        overwrite: Overwrite,
    ) -> Result<(), WalletError> {
        let public = keyfile::serialize_public(account);
        write_private(&self.coldkeypub_path(), &public, overwrite)
    }

    /// Creates a new cold key from a fresh `word_count`-word mnemonic built from `entropy`,
    /// encrypted with `password` (plain when `None`), and returns the mnemonic.
    pub fn create_coldkey(
        &self,
        word_count: usize,
        password: Option<&str>,
        entropy: &[u8; 32],
        overwrite: Overwrite,
    ) -> Result<String, WalletError> {
        let phrase = generate_mnemonic(word_count, entropy)
            .map_err(|error| WalletError::Key(error.into()))?;
        self.regenerate_coldkey(&phrase, password, overwrite)?;
        Ok(phrase)
    }

    /// Writes the cold key of `phrase` (no BIP-39 password), encrypted with `password`.
    pub fn regenerate_coldkey(
        &self,
        phrase: &str,
        password: Option<&str>,
        overwrite: Overwrite,
    ) -> Result<Keypair, WalletError> {
        let keypair = Keypair::from_phrase(phrase, None).map_err(WalletError::Key)?;
        self.set_coldkey(&keypair, Some(phrase), password, overwrite)?;
        Ok(keypair)
    }

    /// Writes `keypair` as the cold key (and its public record), encrypted with `password`.
    pub fn set_coldkey(
        &self,
        keypair: &Keypair,
        phrase: Option<&str>,
        password: Option<&str>,
        overwrite: Overwrite,
    ) -> Result<(), WalletError> {
        let path = self.coldkey_path();
        if overwrite == Overwrite::No && path.exists() {
            return Err(WalletError::AlreadyExists { path });
        }
        let record = keyfile::serialize_keypair(keypair, phrase);
        let data = match password {
            Some(password) => {
                keyfile::encrypt(&record, password).map_err(|error| WalletError::Keyfile {
                    path: path.clone(),
                    error,
                })?
            }
            None => record,
        };
        write_private(&path, &data, overwrite)?;
        let public = keyfile::serialize_public(&keypair.account_id());
        write_private(&self.coldkeypub_path(), &public, Overwrite::Yes)
    }

    /// Creates the selected hot key (plain) from a fresh mnemonic and returns the mnemonic.
    pub fn create_hotkey(
        &self,
        word_count: usize,
        entropy: &[u8; 32],
        overwrite: Overwrite,
    ) -> Result<String, WalletError> {
        let phrase = generate_mnemonic(word_count, entropy)
            .map_err(|error| WalletError::Key(error.into()))?;
        self.regenerate_hotkey(&phrase, overwrite)?;
        Ok(phrase)
    }

    /// Writes the selected hot key from `phrase` (no BIP-39 password).
    pub fn regenerate_hotkey(
        &self,
        phrase: &str,
        overwrite: Overwrite,
    ) -> Result<Keypair, WalletError> {
        let keypair = Keypair::from_phrase(phrase, None).map_err(WalletError::Key)?;
        self.set_hotkey(&keypair, Some(phrase), overwrite)?;
        Ok(keypair)
    }

    /// Writes `keypair` as the selected hot key (plain) and its public record.
    pub fn set_hotkey(
        &self,
        keypair: &Keypair,
        phrase: Option<&str>,
        overwrite: Overwrite,
    ) -> Result<(), WalletError> {
        let record = keyfile::serialize_keypair(keypair, phrase);
        write_private(&self.hotkey_path(), &record, overwrite)?;
        let public = keyfile::serialize_public(&keypair.account_id());
        write_private(&self.hotkeypub_path(), &public, Overwrite::Yes)
    }

    /// Reads a key file at `path`, opening it with `password` if it is encrypted.
    fn read_key(path: PathBuf, password: Option<&str>) -> Result<StoredKey, WalletError> {
        let data = read_bounded(&path)?;
        keyfile::open(&data, password)
            .and_then(|plain| keyfile::deserialize_keypair(&plain))
            .map_err(|error| WalletError::Keyfile { path, error })
    }

    /// Reads a public record at `path`.
    fn read_public(path: PathBuf) -> Result<AccountId, WalletError> {
        let data = read_bounded(&path)?;
        keyfile::deserialize_public(&data).map_err(|error| WalletError::Keyfile { path, error })
    }

    /// The cold key, decrypted with `password` (ignored for a plain cold key file).
    pub fn coldkey(&self, password: &str) -> Result<Keypair, WalletError> {
        Ok(self.coldkey_stored(Some(password))?.keypair)
    }

    /// The cold key with its recorded mnemonic, if any; `None` opens only a plain file.
    pub fn coldkey_stored(&self, password: Option<&str>) -> Result<StoredKey, WalletError> {
        Wallet::read_key(self.coldkey_path(), password)
    }

    /// Whether the cold key file is encrypted.
    pub fn coldkey_is_encrypted(&self) -> Result<bool, WalletError> {
        let data = read_bounded(&self.coldkey_path())?;
        Ok(keyfile::encryption_of(&data) != keyfile::Encryption::None)
    }

    /// Whether the selected hot key file is encrypted (needs a password).
    pub fn hotkey_is_encrypted(&self) -> Result<bool, WalletError> {
        let data = read_bounded(&self.hotkey_path())?;
        Ok(keyfile::encryption_of(&data) != keyfile::Encryption::None)
    }

    /// The cold key's account, from `coldkeypub.txt` (no password needed).
    pub fn coldkey_public(&self) -> Result<AccountId, WalletError> {
        Wallet::read_public(self.coldkeypub_path())
    }

    /// The cold key's SS58 address (prefix 42).
    pub fn coldkey_ss58(&self) -> Result<String, WalletError> {
        Ok(ss58::encode(&self.coldkey_public()?, Ss58Prefix::DEFAULT))
    }

    /// The selected hot key (a plain file; an encrypted one needs [`Wallet::hotkey_with_password`]).
    pub fn hotkey(&self) -> Result<Keypair, WalletError> {
        Ok(Wallet::read_key(self.hotkey_path(), None)?.keypair)
    }

    /// The selected hot key, decrypted with `password` if it is encrypted.
    pub fn hotkey_with_password(&self, password: &str) -> Result<Keypair, WalletError> {
        Ok(Wallet::read_key(self.hotkey_path(), Some(password))?.keypair)
    }

    /// The selected hot key's account: from `HOTKEYpub.txt`, else from the (plain) hot key file.
    pub fn hotkey_public(&self) -> Result<AccountId, WalletError> {
        match Wallet::read_public(self.hotkeypub_path()) {
            Err(WalletError::Missing { .. }) => Wallet::read_public(self.hotkey_path()),
            other => other,
        }
    }

    /// The selected hot key's SS58 address (prefix 42).
    pub fn hotkey_ss58(&self) -> Result<String, WalletError> {
        Ok(ss58::encode(&self.hotkey_public()?, Ss58Prefix::DEFAULT))
    }
}
