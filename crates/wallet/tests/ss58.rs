//! SS58 known answers, round trips and typed errors.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use dtao_primitives::AccountId;
use dtao_wallet::ss58::{decode, decode_with_prefix, encode, encode_default};
use dtao_wallet::{Keypair, Ss58Codec, Ss58Error, Ss58Prefix};
use proptest::prelude::*;

const ALICE_42: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";

fn alice() -> AccountId {
    Keypair::from_uri("//Alice").unwrap().account_id()
}

#[test]
fn alice_under_known_prefixes() {
    assert_eq!(encode_default(&alice()), ALICE_42);
    assert_eq!(alice().to_ss58(), ALICE_42);
    // Polkadot (0) and Kusama (2) addresses of Alice.
    assert_eq!(
        encode(&alice(), Ss58Prefix::new(0).unwrap()),
        "15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5"
    );
    assert_eq!(
        encode(&alice(), Ss58Prefix::new(2).unwrap()),
        "HNZata7iMYWmk5RvZRTiAsSDhV8366zq2YGb3tLH5Upf74F"
    );
}

#[test]
fn two_byte_prefix_known_answer() {
    // Vector from py-scale-codec's SS58 tests (prefix 255 uses the two-byte form).
    let (account, prefix) = decode("5GoKvZWG5ZPYL1WUovuHW3zJBWBP5eT8CbqjdRY4Q6iMaQua").unwrap();
    assert_eq!(prefix, Ss58Prefix::DEFAULT);
    let prefix_255 = Ss58Prefix::new(255).unwrap();
    let address = encode(&account, prefix_255);
    assert_eq!(address, "yGHU8YKprxHbHdEv7oUK4rzMZXtsdhcXVG2CAMyC9WhzhjH2k");
    assert_eq!(decode(&address).unwrap(), (account, prefix_255));
}

#[test]
fn decode_alice() {
    assert_eq!(decode(ALICE_42).unwrap(), (alice(), Ss58Prefix::DEFAULT));
    assert_eq!(AccountId::from_ss58(ALICE_42).unwrap(), alice());
    assert_eq!(
        decode_with_prefix(ALICE_42, Ss58Prefix::DEFAULT).unwrap(),
        alice()
    );
    assert_eq!(
        decode_with_prefix(ALICE_42, Ss58Prefix::new(0).unwrap()),
        Err(Ss58Error::WrongPrefix {
            expected: 0,
            found: 42
        })
    );
}

#[test]
fn bad_checksum_is_rejected() {
    let mut bytes = bs58::decode(ALICE_42).into_vec().unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0x01;
    let tampered = bs58::encode(&bytes).into_string();
    assert_eq!(decode(&tampered), Err(Ss58Error::BadChecksum));
    // A changed account byte is caught by the checksum too.
    let mut bytes = bs58::decode(ALICE_42).into_vec().unwrap();
    bytes[10] ^= 0x01;
    assert_eq!(
        decode(&bs58::encode(&bytes).into_string()),
        Err(Ss58Error::BadChecksum)
    );
}

#[test]
fn bad_lengths_are_rejected() {
    let bytes = bs58::decode(ALICE_42).into_vec().unwrap();
    let short = bs58::encode(&bytes[..bytes.len() - 1]).into_string();
    assert_eq!(
        decode(&short),
        Err(Ss58Error::BadLength {
            got_bytes: 34,
            expected_bytes: 35
        })
    );
    let mut long = bytes.clone();
    long.push(0);
    assert_eq!(
        decode(&bs58::encode(&long).into_string()),
        Err(Ss58Error::BadLength {
            got_bytes: 36,
            expected_bytes: 35
        })
    );
    assert_eq!(
        decode(""),
        Err(Ss58Error::BadLength {
            got_bytes: 0,
            expected_bytes: 35
        })
    );
    assert!(matches!(
        decode(&"5".repeat(100)),
        Err(Ss58Error::TooLong { got_chars: 100 })
    ));
}

#[test]
fn invalid_characters_and_prefix_bytes_are_rejected() {
    assert_eq!(decode("0OIl"), Err(Ss58Error::InvalidBase58));
    let mut bytes = bs58::decode(ALICE_42).into_vec().unwrap();
    bytes[0] = 200;
    assert_eq!(
        decode(&bs58::encode(&bytes).into_string()),
        Err(Ss58Error::InvalidPrefixByte(200))
    );
    assert_eq!(
        Ss58Prefix::new(16_384),
        Err(Ss58Error::PrefixOutOfRange(16_384))
    );
    for error in [
        Ss58Error::InvalidBase58,
        Ss58Error::BadChecksum,
        Ss58Error::PrefixOutOfRange(1),
    ] {
        assert!(!error.to_string().is_empty());
    }
}

proptest! {
    #[test]
    fn round_trip_any_account_any_prefix(account in any::<[u8; 32]>(), prefix in 0_u16..=16_383) {
        let prefix = Ss58Prefix::new(prefix).unwrap();
        let address = encode(&AccountId(account), prefix);
        prop_assert_eq!(decode(&address).unwrap(), (AccountId(account), prefix));
    }

    #[test]
    fn default_prefix_addresses_start_with_5(account in any::<[u8; 32]>()) {
        let address = AccountId(account).to_ss58();
        prop_assert!(address.starts_with('5'));
        prop_assert_eq!(AccountId::from_ss58(&address).unwrap(), AccountId(account));
    }

    #[test]
    fn single_character_changes_are_detected(account in any::<[u8; 32]>(), position in 0_usize..48, replacement in 0_usize..58) {
        let alphabet: Vec<char> = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".chars().collect();
        let address: Vec<char> = AccountId(account).to_ss58().chars().collect();
        let position = position % address.len();
        prop_assume!(address[position] != alphabet[replacement]);
        let mut changed = address.clone();
        changed[position] = alphabet[replacement];
        let changed: String = changed.into_iter().collect();
        // Either rejected, or (rarely, 1 in 65536) a checksum collision: never silently the same account.
        if let Ok((decoded, _)) = decode(&changed) {
            prop_assert_ne!(decoded, AccountId(account));
        }
    }

    #[test]
    fn decode_never_panics(text in "\\PC{0,70}") {
        let _ = decode(&text);
    }
}
