//! The audit log's anchor: each row's hash, and the chain's head, signed with HMAC-SHA256
//! under a key kept outside the database (an environment variable or a key file).
//!
//! The hash chain alone tells that a row was altered, but whoever can write the database
//! and drop its triggers can also recompute every later hash and the head. With the key
//! out of the database, they cannot recompute the MACs: `uplift audit-log verify` with the
//! key names the first row whose MAC does not hold (GB/T 22239-2019 8.1.4.3 c, 8.1.4.7;
//! reliability-research AUD-02).

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// The shortest key accepted: 256 bits, as long as the MAC.
pub const MIN_KEY_BYTES: usize = 32;

/// The MAC of `message` under `key`, as lowercase hex.
pub fn mac(key: &[u8], message: &str) -> String {
    // HMAC takes keys of any length; a key of the wrong size is refused where keys are
    // read, so this never fails in practice.
    let Ok(mut m) = Hmac::<Sha256>::new_from_slice(key) else {
        return String::new();
    };
    m.update(message.as_bytes());
    let bytes = m.finalize().into_bytes();
    let mut out = String::with_capacity(64);
    for b in bytes {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// Does `expected` (hex) match the MAC of `message`? Compared in constant time.
pub fn verify(key: &[u8], message: &str, expected: &str) -> bool {
    let computed = mac(key, message);
    if computed.len() != expected.len() || computed.is_empty() {
        return false;
    }
    computed
        .bytes()
        .zip(expected.bytes())
        .fold(0u8, |acc, (a, b)| acc | (a ^ b))
        == 0
}

/// The message a chain head's MAC covers.
pub fn head_message(last_id: i64, last_hash: &str) -> String {
    format!("head:{last_id}:{last_hash}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_4231_test_case_2() {
        // Key "Jefe", data "what do ya want for nothing?".
        assert_eq!(
            mac(b"Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn a_changed_message_or_key_does_not_verify() {
        let key = [7u8; MIN_KEY_BYTES];
        let m = mac(&key, "row 1");
        assert!(verify(&key, "row 1", &m));
        assert!(!verify(&key, "row 2", &m));
        assert!(!verify(&[8u8; MIN_KEY_BYTES], "row 1", &m));
        assert!(!verify(&key, "row 1", ""));
    }
}
