//! BIP-39 mnemonic phrases (English word list): generation from caller-supplied entropy and the
//! Substrate mapping from a phrase to an sr25519 mini secret key.
//!
//! The mapping is Substrate's (and bittensor-wallet's): the phrase's BIP-39 *entropy* (not the
//! BIP-39 seed) goes through `substrate_bip39::mini_secret_from_entropy` with the password
//! (empty when none), which is PBKDF2-HMAC-SHA512 with salt `"mnemonic" ‖ password`, 2048
//! rounds, keeping the first 32 bytes.
//!
//! Invariants: this module draws no randomness; the same entropy always gives the same phrase.

use std::fmt;

/// Why a phrase could not be used or generated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MnemonicError {
    /// The phrase is not a valid English BIP-39 mnemonic (word count, unknown word, checksum).
    InvalidPhrase(String),
    /// Only 12, 15, 18, 21 and 24 word phrases exist.
    UnsupportedWordCount(usize),
}

impl fmt::Display for MnemonicError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MnemonicError::InvalidPhrase(reason) => {
                write!(f, "invalid BIP-39 mnemonic phrase: {reason}")
            }
            MnemonicError::UnsupportedWordCount(count) => write!(
                f,
                "unsupported mnemonic length of {count} words (use 12, 15, 18, 21 or 24)"
            ),
        }
    }
}

impl std::error::Error for MnemonicError {}

/// Bytes of entropy behind a phrase of `word_count` words, for the supported counts.
fn entropy_len_bytes(word_count: usize) -> Result<usize, MnemonicError> {
    match word_count {
        12 | 15 | 18 | 21 | 24 => Ok(word_count * 4 / 3),
        other => Err(MnemonicError::UnsupportedWordCount(other)),
    }
}

/// A `word_count`-word English mnemonic built from the first `word_count * 4 / 3` bytes of
/// `entropy` (16 bytes for 12 words, all 32 for 24). The caller supplies the randomness.
pub fn generate_mnemonic(word_count: usize, entropy: &[u8; 32]) -> Result<String, MnemonicError> {
    let used = &entropy[..entropy_len_bytes(word_count)?];
    bip39::Mnemonic::from_entropy(used)
        .map(|mnemonic| mnemonic.to_string())
        .map_err(|error| MnemonicError::InvalidPhrase(error.to_string()))
}

/// The sr25519 mini secret key (32 bytes) for `phrase` and `password` (`None` and `Some("")`
/// are the same), exactly as Substrate derives it.
pub fn mini_secret_from_phrase(
    phrase: &str,
    password: Option<&str>,
) -> Result<[u8; 32], MnemonicError> {
    let mnemonic = bip39::Mnemonic::parse_in(bip39::Language::English, phrase)
        .map_err(|error| MnemonicError::InvalidPhrase(error.to_string()))?;
    let entropy = mnemonic.to_entropy();
    substrate_bip39::mini_secret_from_entropy(&entropy, password.unwrap_or(""))
        .map(|mini| mini.to_bytes())
        .map_err(|error| MnemonicError::InvalidPhrase(format!("{error:?}")))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn all_zero_entropy_gives_the_bip39_test_vector() {
        // BIP-39 reference vector for 16 zero bytes.
        let phrase = generate_mnemonic(12, &[0; 32]).unwrap();
        assert_eq!(
            phrase,
            "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon \
             abandon about"
        );
    }

    #[test]
    fn word_counts() {
        for count in [12, 15, 18, 21, 24] {
            let phrase = generate_mnemonic(count, &[7; 32]).unwrap();
            assert_eq!(phrase.split(' ').count(), count);
            mini_secret_from_phrase(&phrase, None).unwrap();
        }
        assert_eq!(
            generate_mnemonic(13, &[0; 32]),
            Err(MnemonicError::UnsupportedWordCount(13))
        );
        assert_eq!(
            generate_mnemonic(0, &[0; 32]),
            Err(MnemonicError::UnsupportedWordCount(0))
        );
    }

    #[test]
    fn generation_is_deterministic_and_entropy_sensitive() {
        assert_eq!(
            generate_mnemonic(24, &[1; 32]),
            generate_mnemonic(24, &[1; 32])
        );
        assert_ne!(
            generate_mnemonic(24, &[1; 32]),
            generate_mnemonic(24, &[2; 32])
        );
    }

    #[test]
    fn bad_phrases_are_rejected() {
        for phrase in [
            "",
            "bottom",
            "bottom drive obey lake curtain smoke basket hold race lonely fit fit",
            "notaword drive obey lake curtain smoke basket hold race lonely fit walk",
        ] {
            assert!(matches!(
                mini_secret_from_phrase(phrase, None),
                Err(MnemonicError::InvalidPhrase(_))
            ));
        }
    }

    #[test]
    fn empty_password_equals_none() {
        let phrase = crate::uri::DEV_PHRASE;
        assert_eq!(
            mini_secret_from_phrase(phrase, Some("")).unwrap(),
            mini_secret_from_phrase(phrase, None).unwrap()
        );
        assert_ne!(
            mini_secret_from_phrase(phrase, Some("pw")).unwrap(),
            mini_secret_from_phrase(phrase, None).unwrap()
        );
    }
}
