//! The only code that touches the SM4 and SM3 implementations (RustCrypto `sm4`, `sm3`).
//!
//! A commercial-cryptography assessment (GB/T 39786-2021) wants a certified cryptographic
//! module; swapping one in means re-implementing these two functions against it and
//! nothing else.

use ctr::cipher::{KeyIvInit, StreamCipher};
use hmac::{Hmac, KeyInit, Mac};
use sm3::Sm3;

type Sm4Ctr = ctr::Ctr128BE<sm4::Sm4>;

/// SM4 (GB/T 32907-2016) in counter mode: encrypts or decrypts `buf` in place.
pub fn sm4_ctr(key: &[u8; 16], iv: &[u8; 16], buf: &mut [u8]) {
    let mut cipher = Sm4Ctr::new(&(*key).into(), &(*iv).into());
    cipher.apply_keystream(buf);
}

/// HMAC-SM3 (GB/T 32905-2016 with RFC 2104) over the concatenation of `parts`.
pub fn hmac_sm3(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    // HMAC accepts a key of any length, so this cannot fail; the fallback keeps the
    // function total without a panic.
    let Ok(mut mac) = <Hmac<Sm3> as KeyInit>::new_from_slice(key) else {
        return [0; 32];
    };
    for part in parts {
        mac.update(part);
    }
    let mut out = [0u8; 32];
    out.copy_from_slice(&mac.finalize().into_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex32(s: &str) -> Vec<u8> {
        hex::decode(s).unwrap_or_default()
    }

    #[test]
    fn sm4_matches_the_example_of_gb_t_32907() {
        // GB/T 32907-2016 appendix A.1: key = plaintext = 0123456789abcdeffedcba9876543210.
        // In counter mode the first keystream block is E(iv), so a zero block under
        // iv = that plaintext yields the standard's ciphertext.
        let key: [u8; 16] = hex32("0123456789abcdeffedcba9876543210")
            .try_into()
            .unwrap_or([0; 16]);
        let mut block = [0u8; 16];
        sm4_ctr(&key, &key, &mut block);
        assert_eq!(hex::encode(block), "681edf34d206965e86b3e94f536e4246");
    }

    #[test]
    fn counter_mode_undoes_itself() {
        let key = [7u8; 16];
        let iv = [9u8; 16];
        let mut buf = *b"13812341234";
        sm4_ctr(&key, &iv, &mut buf);
        assert_ne!(&buf, b"13812341234");
        sm4_ctr(&key, &iv, &mut buf);
        assert_eq!(&buf, b"13812341234");
    }

    #[test]
    fn hmac_sm3_is_keyed_sm3() {
        // Parts are concatenated: the MAC of "ab" + "c" is the MAC of "abc".
        assert_eq!(
            hmac_sm3(b"key", &[b"ab", b"c"]),
            hmac_sm3(b"key", &[b"abc"])
        );
        assert_ne!(hmac_sm3(b"key", &[b"abc"]), hmac_sm3(b"kez", &[b"abc"]));
    }

    #[test]
    fn sm3_matches_the_example_of_gb_t_32905() {
        use sm3::Digest;
        let digest = Sm3::digest(b"abc");
        assert_eq!(
            hex::encode(digest),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
        );
    }
}
