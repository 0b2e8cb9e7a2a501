//! Known answers and properties of the key layer: dev accounts, mnemonic roots, URI derivation,
//! signing and verification.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use dtao_wallet::{
    dev_accounts, generate_mnemonic, verify, DeriveJunction, KeyError, Keypair, MnemonicError,
    UriError, DEV_PHRASE,
};
use proptest::prelude::*;

fn hex32(text: &str) -> [u8; 32] {
    let mut out = [0_u8; 32];
    for (index, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * index..2 * index + 2], 16).unwrap();
    }
    out
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

const DEV_PUBLIC_KEYS: [(&str, &str); 6] = [
    (
        "Alice",
        "d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d",
    ),
    (
        "Bob",
        "8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48",
    ),
    (
        "Charlie",
        "90b5ab205c6974c9ea841be688864633dc9ca8a357843eeacf2314649965fe22",
    ),
    (
        "Dave",
        "306721211d5404bd9da88e0204360a1a9ab8b87c66c1bc2fcdd37f3c2222cc20",
    ),
    (
        "Eve",
        "e659a7a1628cdd93febc04a4e0646ea20e9f5f0ce097d9a05290d4a9e054df4e",
    ),
    (
        "Ferdie",
        "1cbd2d43530a44705ad088af313e18f80b53ef16b36177cd4b77b846f2a5f07c",
    ),
];

/// Seed of the dev phrase (no password), as Substrate prints it for `subkey inspect //`.
const DEV_SEED_HEX: &str = "fac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e";

#[test]
fn dev_uris_give_the_known_public_keys() {
    for (name, public) in DEV_PUBLIC_KEYS {
        let pair = Keypair::from_uri(&format!("//{name}")).unwrap();
        assert_eq!(to_hex(&pair.public()), public, "//{name}");
    }
}

#[test]
fn dev_accounts_match_their_uris() {
    let accounts = dev_accounts();
    for ((name, pair), (known_name, public)) in accounts.iter().zip(DEV_PUBLIC_KEYS) {
        assert_eq!(*name, known_name);
        assert_eq!(pair.public(), hex32(public));
    }
}

#[test]
fn alice_ss58() {
    let alice = Keypair::from_uri("//Alice").unwrap();
    assert_eq!(
        alice.ss58(),
        "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"
    );
    assert_eq!(alice.account_id().0, alice.public());
}

#[test]
fn dev_phrase_root_key() {
    let root = Keypair::from_phrase(DEV_PHRASE, None).unwrap();
    assert_eq!(
        to_hex(&root.public()),
        "46ebddef8cd9bb167dc30878d7113b7e168e6f0646beffd77d69d39bad76b47a"
    );
    assert_eq!(root.seed(), Some(hex32(DEV_SEED_HEX)));
    // The same root through a URI with the phrase and no junctions.
    assert_eq!(
        Keypair::from_uri(DEV_PHRASE).unwrap().public(),
        root.public()
    );
}

#[test]
fn explicit_phrase_and_hex_seed_uris_equal_the_dev_shorthand() {
    let alice = Keypair::from_uri("//Alice").unwrap().public();
    assert_eq!(
        Keypair::from_uri(&format!("{DEV_PHRASE}//Alice"))
            .unwrap()
            .public(),
        alice
    );
    assert_eq!(
        Keypair::from_uri(&format!("0x{DEV_SEED_HEX}//Alice"))
            .unwrap()
            .public(),
        alice
    );
    let upper = DEV_SEED_HEX.to_uppercase();
    assert_eq!(
        Keypair::from_uri(&format!("0x{upper}//Alice"))
            .unwrap()
            .public(),
        alice
    );
}

#[test]
fn alice_stash_known_answer() {
    // Substrate's well-known `//Alice//stash` account.
    let stash = Keypair::from_uri("//Alice//stash").unwrap();
    assert_eq!(
        stash.ss58(),
        "5GNJqTPyNqANBkUVMN1LPPrxXnFouWXoe2wNSmmEoLctxiZY"
    );
}

#[test]
fn hard_derivation_keeps_a_reproducing_seed() {
    let alice = Keypair::from_uri("//Alice").unwrap();
    let seed = alice.seed().unwrap();
    assert_eq!(Keypair::from_seed(seed).public(), alice.public());
}

#[test]
fn soft_derivation_is_public() {
    // A soft child's public key follows from the parent's public key alone.
    let alice = Keypair::from_uri("//Alice").unwrap();
    let child = Keypair::from_uri("//Alice/soft/7").unwrap();
    assert_eq!(child.seed(), None);
    let mut public = schnorrkel::PublicKey::from_bytes(&alice.public()).unwrap();
    for junction in [DeriveJunction::soft("soft"), DeriveJunction::soft(&7_u64)] {
        let code = schnorrkel::derive::ChainCode(*junction.chain_code());
        public = schnorrkel::derive::Derivation::derived_key_simple(&public, code, b"").0;
    }
    assert_eq!(public.to_bytes(), child.public());
    // And it differs from the hard child of the same name.
    assert_ne!(
        Keypair::from_uri("//Alice//soft//7").unwrap().public(),
        child.public()
    );
}

#[test]
fn numeric_and_string_junctions_differ() {
    let number = Keypair::from_uri("//Alice//1").unwrap().public();
    let string = Keypair::from_seed(Keypair::from_uri("//Alice").unwrap().seed().unwrap())
        .derive(&[DeriveJunction::hard("1")])
        .public();
    assert_ne!(number, string);
    let by_number = Keypair::from_uri("//Alice")
        .unwrap()
        .derive(&[DeriveJunction::hard(&1_u64)])
        .public();
    assert_eq!(number, by_number);
}

#[test]
fn uri_password_is_the_phrase_password() {
    let with_uri = Keypair::from_uri("//Alice///password").unwrap();
    let root = Keypair::from_phrase(DEV_PHRASE, Some("password")).unwrap();
    let expected = root.derive(&[DeriveJunction::hard("Alice")]);
    assert_eq!(with_uri.public(), expected.public());
    assert_ne!(
        with_uri.public(),
        Keypair::from_uri("//Alice").unwrap().public()
    );
}

#[test]
fn sixty_four_byte_hex_is_a_raw_secret_key() {
    let alice = Keypair::from_uri("//Alice").unwrap();
    let raw = to_hex(&alice.secret_key_bytes());
    let again = Keypair::from_uri(&format!("0x{raw}")).unwrap();
    assert_eq!(again.public(), alice.public());
    assert_eq!(again.seed(), None);
}

#[test]
fn uri_errors_are_typed() {
    assert_eq!(
        Keypair::from_uri("").unwrap_err(),
        KeyError::Uri(UriError::Empty)
    );
    assert!(matches!(
        Keypair::from_uri("bottom drive obey"),
        Err(KeyError::Mnemonic(MnemonicError::InvalidPhrase(_)))
    ));
    assert!(matches!(
        Keypair::from_uri("bottom drive obey lake curtain smoke basket hold race lonely fit fit"),
        Err(KeyError::Mnemonic(MnemonicError::InvalidPhrase(_)))
    ));
    assert_eq!(Keypair::from_uri("0xzz").unwrap_err(), KeyError::InvalidHex);
    assert_eq!(
        Keypair::from_uri("0x123").unwrap_err(),
        KeyError::InvalidHex
    );
    assert_eq!(
        Keypair::from_uri("0x0011").unwrap_err(),
        KeyError::BadSeedLength { got_bytes: 2 }
    );
    assert_eq!(
        Keypair::from_uri("//Alice/").unwrap_err(),
        KeyError::Uri(UriError::EmptyJunction { offset_bytes: 7 })
    );
    assert_eq!(
        Keypair::from_uri("//").unwrap_err(),
        KeyError::Uri(UriError::EmptyJunction { offset_bytes: 0 })
    );
    assert_eq!(
        Keypair::from_uri("bottom,drive").unwrap_err(),
        KeyError::Uri(UriError::InvalidPhraseCharacter { offset_bytes: 6 })
    );
    // Every error renders a message.
    for uri in ["", "0xzz", "0x0011", "//", "a,b", "bottom"] {
        assert!(!Keypair::from_uri(uri).unwrap_err().to_string().is_empty());
    }
}

#[test]
fn sign_and_verify_round_trip() {
    let alice = Keypair::from_uri("//Alice").unwrap();
    let message = b"dtao signing payload";
    let signature = alice.sign(message);
    assert!(verify(&alice.public(), message, &signature));
    // Randomized signatures: a second one differs but also verifies.
    let second = alice.sign(message);
    assert_ne!(signature, second);
    assert!(verify(&alice.public(), message, &second));
}

#[test]
fn verify_rejects_tampering() {
    let alice = Keypair::from_uri("//Alice").unwrap();
    let bob = Keypair::from_uri("//Bob").unwrap();
    let message = b"transfer 1 TAO";
    let signature = alice.sign(message);
    assert!(!verify(&alice.public(), b"transfer 2 TAO", &signature));
    assert!(!verify(&bob.public(), message, &signature));
    for index in [0, 31, 32, 63] {
        let mut bad = signature;
        bad[index] ^= 0x01;
        assert!(
            !verify(&alice.public(), message, &bad),
            "signature byte {index}"
        );
    }
    let mut bad_key = alice.public();
    bad_key[5] ^= 0x80;
    assert!(!verify(&bad_key, message, &signature));
}

#[test]
fn verify_is_false_on_malformed_input() {
    let alice = Keypair::from_uri("//Alice").unwrap();
    let signature = alice.sign(b"m");
    assert!(!verify(&alice.public()[..31], b"m", &signature));
    assert!(!verify(&[], b"m", &signature));
    assert!(!verify(&alice.public(), b"m", &signature[..63]));
    assert!(!verify(&alice.public(), b"m", &[0; 65]));
    assert!(!verify(&alice.public(), b"m", &[0xff; 64]));
    assert!(!verify(&[0xff; 32], b"m", &signature));
}

#[test]
fn generated_mnemonics_give_usable_keys() {
    let phrase = generate_mnemonic(12, &[9; 32]).unwrap();
    let pair = Keypair::from_phrase(&phrase, None).unwrap();
    assert_eq!(Keypair::from_uri(&phrase).unwrap().public(), pair.public());
    assert_eq!(
        generate_mnemonic(11, &[0; 32]),
        Err(MnemonicError::UnsupportedWordCount(11))
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn any_seed_signs_and_verifies(seed in any::<[u8; 32]>(), message in proptest::collection::vec(any::<u8>(), 0..256)) {
        let pair = Keypair::from_seed(seed);
        let signature = pair.sign(&message);
        prop_assert!(verify(&pair.public(), &message, &signature));
        let mut tampered = message.clone();
        tampered.push(0);
        prop_assert!(!verify(&pair.public(), &tampered, &signature));
    }

    #[test]
    fn verify_never_panics(public in proptest::collection::vec(any::<u8>(), 0..40), message in proptest::collection::vec(any::<u8>(), 0..40), signature in proptest::collection::vec(any::<u8>(), 0..80)) {
        let _ = verify(&public, &message, &signature);
    }

    #[test]
    fn from_uri_never_panics(uri in "[a-z0-9 /x]{0,40}") {
        let _ = Keypair::from_uri(&uri);
    }
}
