//! Personal data at rest: contact phone numbers sealed with SM4 and found again through a
//! keyed SM3 index (GB/T 39786-2021 8.4 e; 个人信息保护法 art. 51; reliability-research
//! PI-05).
//!
//! A sealed value reads `sm4:<key id>:<hex>` where the hex is a fresh 16-byte counter
//! block, the ciphertext, and a 16-byte HMAC-SM3 tag over key id, counter block and
//! ciphertext (encrypt-then-MAC), so a value altered or moved between keys is refused
//! rather than decrypted into nonsense. The index is HMAC-SM3 of the number's digits under
//! a key derived for that purpose only: equal numbers give equal indexes, and without the
//! key the index tells nothing. Keys live outside the database (see [`keys`]).

pub mod keys;
mod sm;

use rand::RngCore;

pub use keys::{Key, KeyRing};

const PREFIX: &str = "sm4:";
const TAG_BYTES: usize = 16;
const IV_BYTES: usize = 16;
/// Hex digits of an index: 128 bits of the MAC, plenty to tell numbers apart.
const INDEX_HEX: usize = 32;

#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error("contact key file: {0}")]
    BadKeyFile(String),
    #[error("a sealed value names key `{0}`, which is not in the key file")]
    UnknownKey(String),
    #[error("a sealed value does not hold together (altered, truncated or not sealed)")]
    Damaged,
}

/// Seals and opens personal data under a key ring.
#[derive(Clone, Debug)]
pub struct Vault {
    ring: KeyRing,
}

impl Vault {
    pub fn new(ring: KeyRing) -> Vault {
        Vault { ring }
    }

    pub fn ring(&self) -> &KeyRing {
        &self.ring
    }

    /// `plain` sealed under the current key.
    pub fn seal(&self, plain: &str) -> String {
        let key = self.ring.current();
        let mut iv = [0u8; IV_BYTES];
        rand::rng().fill_bytes(&mut iv);
        let mut body = plain.as_bytes().to_vec();
        sm::sm4_ctr(&key.seal, &iv, &mut body);
        let tag = tag_of(key, &iv, &body);
        let mut bytes = Vec::with_capacity(IV_BYTES + body.len() + TAG_BYTES);
        bytes.extend_from_slice(&iv);
        bytes.extend_from_slice(&body);
        bytes.extend_from_slice(&tag[..TAG_BYTES]);
        format!("{PREFIX}{}:{}", key.id, hex::encode(bytes))
    }

    /// The plain value of `sealed`. The tag is checked before anything is decrypted.
    pub fn open(&self, sealed: &str) -> Result<String, VaultError> {
        let (key_id, hex_body) = split(sealed).ok_or(VaultError::Damaged)?;
        let key = self
            .ring
            .get(key_id)
            .ok_or_else(|| VaultError::UnknownKey(key_id.to_string()))?;
        let bytes = hex::decode(hex_body).map_err(|_| VaultError::Damaged)?;
        if bytes.len() < IV_BYTES + TAG_BYTES {
            return Err(VaultError::Damaged);
        }
        let (iv, rest) = bytes.split_at(IV_BYTES);
        let (body, tag) = rest.split_at(rest.len() - TAG_BYTES);
        let iv: [u8; IV_BYTES] = iv.try_into().map_err(|_| VaultError::Damaged)?;
        let expected = tag_of(key, &iv, body);
        if !constant_time_eq(&expected[..TAG_BYTES], tag) {
            return Err(VaultError::Damaged);
        }
        let mut plain = body.to_vec();
        sm::sm4_ctr(&key.seal, &iv, &mut plain);
        String::from_utf8(plain).map_err(|_| VaultError::Damaged)
    }

    /// Is `stored` sealed under the current key? Plain text and older keys are not: they
    /// are what `uplift keys rotate` re-seals.
    pub fn is_current(&self, stored: &str) -> bool {
        split(stored).is_some_and(|(id, _)| id == self.ring.current().id)
    }

    /// Does `stored` look sealed at all (under any key)?
    pub fn is_sealed(stored: &str) -> bool {
        split(stored).is_some()
    }

    /// The search index of a phone number under the current key.
    pub fn index(&self, phone: &str) -> String {
        index_under(self.ring.current(), phone)
    }

    /// The number's index under every key in the ring: during a rotation, rows not yet
    /// re-sealed still carry an older key's index, and a search must find them too.
    pub fn indexes(&self, phone: &str) -> Vec<String> {
        self.ring
            .all()
            .iter()
            .map(|k| index_under(k, phone))
            .collect()
    }
}

/// Only the digits count: `138 1234 1234`, `138-1234-1234` and `13812341234` are one number.
pub fn phone_digits(phone: &str) -> String {
    phone.chars().filter(char::is_ascii_digit).collect()
}

fn index_under(key: &Key, phone: &str) -> String {
    let mac = sm::hmac_sm3(&key.index, &[phone_digits(phone).as_bytes()]);
    let mut out = hex::encode(mac);
    out.truncate(INDEX_HEX);
    out
}

fn tag_of(key: &Key, iv: &[u8; IV_BYTES], body: &[u8]) -> [u8; 32] {
    sm::hmac_sm3(&key.tag, &[key.id.as_bytes(), b":", iv, body])
}

fn split(stored: &str) -> Option<(&str, &str)> {
    stored.strip_prefix(PREFIX)?.split_once(':')
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
#[allow(clippy::panic)]
mod tests {
    use super::*;

    const K1: &str = "k1 1111111111111111111111111111111111111111111111111111111111111111";
    const K2: &str = "k2 2222222222222222222222222222222222222222222222222222222222222222";

    fn vault(text: &str) -> Vault {
        match KeyRing::parse(text) {
            Ok(ring) => Vault::new(ring),
            Err(e) => panic!("test key ring: {e}"),
        }
    }

    #[test]
    fn a_sealed_number_opens_to_itself_and_shows_no_digits() {
        let v = vault(K1);
        let sealed = v.seal("13812341234");
        assert!(sealed.starts_with("sm4:k1:"));
        assert!(!sealed.contains("13812341234"));
        assert!(!sealed.contains("1234"), "{sealed}");
        assert_eq!(v.open(&sealed).ok().as_deref(), Some("13812341234"));
    }

    #[test]
    fn the_same_number_seals_differently_each_time_but_indexes_alike() {
        let v = vault(K1);
        assert_ne!(v.seal("13812341234"), v.seal("13812341234"));
        assert_eq!(v.index("138 1234 1234"), v.index("13812341234"));
        assert_ne!(v.index("13812341234"), v.index("13812341235"));
    }

    #[test]
    fn an_altered_value_is_refused_not_decrypted() {
        let v = vault(K1);
        let sealed = v.seal("13812341234");
        // Flip one hex digit of the ciphertext.
        let mut chars: Vec<char> = sealed.chars().collect();
        let at = "sm4:k1:".len() + 2 * IV_BYTES + 1;
        chars[at] = if chars[at] == '0' { '1' } else { '0' };
        let altered: String = chars.into_iter().collect();
        assert!(matches!(v.open(&altered), Err(VaultError::Damaged)));
        assert!(matches!(v.open("13812341234"), Err(VaultError::Damaged)));
        // Relabelled under another key id: the tag covers the id.
        let v2 = vault(&format!("{K1}\n{K2}"));
        let relabelled = sealed.replacen("sm4:k1:", "sm4:k2:", 1);
        assert!(matches!(v2.open(&relabelled), Err(VaultError::Damaged)));
    }

    #[test]
    fn after_a_rotation_old_values_open_and_new_ones_use_the_new_key() {
        let old = vault(K1);
        let sealed_before = old.seal("13912345678");
        let rotated = vault(&format!("{K1}\n{K2}"));
        assert_eq!(
            rotated.open(&sealed_before).ok().as_deref(),
            Some("13912345678")
        );
        assert!(!rotated.is_current(&sealed_before));
        assert!(rotated.is_current(&rotated.seal("13912345678")));
        assert!(
            rotated
                .indexes("13912345678")
                .contains(&old.index("13912345678"))
        );
        // A key dropped from the file can no longer open what it sealed.
        let only_new = vault(K2);
        assert!(matches!(
            only_new.open(&sealed_before),
            Err(VaultError::UnknownKey(_))
        ));
    }

    proptest::proptest! {
        #[test]
        fn any_text_round_trips(text in ".{0,64}") {
            let v = vault(K1);
            proptest::prop_assert_eq!(v.open(&v.seal(&text)).ok(), Some(text));
        }
    }
}
