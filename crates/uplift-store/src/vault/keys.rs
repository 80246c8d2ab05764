//! The contact key ring: which keys seal personal data, read from outside the database.
//!
//! A key file holds one key per line, `<id> <64 hex digits>`; `#` starts a comment. The
//! last key is the current one: new values are sealed under it. Earlier keys stay only to
//! open values sealed before a rotation, until `uplift keys rotate` has re-sealed them.
//! Each master key is split into three by HMAC-SM3, so the cipher, the integrity tag and
//! the search index never share a key.

use super::VaultError;
use super::sm::hmac_sm3;

/// 256-bit master keys.
pub const MASTER_KEY_BYTES: usize = 32;

/// One master key and the keys derived from it.
#[derive(Clone)]
pub struct Key {
    pub(crate) id: String,
    pub(crate) seal: [u8; 16],
    pub(crate) tag: [u8; 32],
    pub(crate) index: [u8; 32],
}

impl std::fmt::Debug for Key {
    // Never print key material, not even in a debug log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Key")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl Key {
    pub fn new(id: &str, master: &[u8]) -> Result<Key, VaultError> {
        if !valid_id(id) {
            return Err(VaultError::BadKeyFile(format!(
                "key id `{id}`: use 1 to 16 letters, digits or `-`"
            )));
        }
        if master.len() != MASTER_KEY_BYTES {
            return Err(VaultError::BadKeyFile(format!(
                "key `{id}` has {} bytes; a key has {MASTER_KEY_BYTES} (64 hex digits)",
                master.len()
            )));
        }
        let mut seal = [0u8; 16];
        seal.copy_from_slice(&hmac_sm3(master, &[b"uplift contact sm4"])[..16]);
        Ok(Key {
            id: id.to_string(),
            seal,
            tag: hmac_sm3(master, &[b"uplift contact tag"]),
            index: hmac_sm3(master, &[b"uplift contact index"]),
        })
    }

    pub fn id(&self) -> &str {
        &self.id
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 16 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// Keys in the order they were added; the last one seals.
#[derive(Clone, Debug)]
pub struct KeyRing {
    keys: Vec<Key>,
}

impl KeyRing {
    /// Parses a key file's text.
    pub fn parse(text: &str) -> Result<KeyRing, VaultError> {
        let mut keys: Vec<Key> = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let mut parts = line.split_whitespace();
            let (Some(id), Some(hex_key), None) = (parts.next(), parts.next(), parts.next()) else {
                return Err(VaultError::BadKeyFile(format!(
                    "line {}: expected `<id> <64 hex digits>`",
                    n + 1
                )));
            };
            let master = hex::decode(hex_key).map_err(|_| {
                VaultError::BadKeyFile(format!("line {}: the key is not hexadecimal", n + 1))
            })?;
            if keys.iter().any(|k| k.id == id) {
                return Err(VaultError::BadKeyFile(format!(
                    "line {}: key id `{id}` appears twice",
                    n + 1
                )));
            }
            keys.push(Key::new(id, &master)?);
        }
        if keys.is_empty() {
            return Err(VaultError::BadKeyFile("no key in the key file".into()));
        }
        Ok(KeyRing { keys })
    }

    pub fn current(&self) -> &Key {
        // `parse` refuses an empty ring, so there is always a last key.
        &self.keys[self.keys.len() - 1]
    }

    pub fn get(&self, id: &str) -> Option<&Key> {
        self.keys.iter().find(|k| k.id == id)
    }

    pub fn all(&self) -> &[Key] {
        &self.keys
    }
}

/// A fresh key line for a key file: `<id> <64 hex digits>`.
pub fn new_key_line(id: &str) -> String {
    use rand::RngCore;
    let mut master = [0u8; MASTER_KEY_BYTES];
    rand::rng().fill_bytes(&mut master);
    format!("{id} {}", hex::encode(master))
}

/// The id for the key after `ring`'s current one: `k1`, `k2`, … (or `k1` for none).
pub fn next_id(ring: Option<&KeyRing>) -> String {
    let highest = ring
        .map(|r| {
            r.all()
                .iter()
                .filter_map(|k| k.id.strip_prefix('k')?.parse::<u32>().ok())
                .max()
                .unwrap_or(0)
        })
        .unwrap_or(0);
    format!("k{}", highest + 1)
}

#[cfg(test)]
#[allow(clippy::panic)]
mod tests {
    use super::*;

    const A: &str = "0000000000000000000000000000000000000000000000000000000000000001";
    const B: &str = "0000000000000000000000000000000000000000000000000000000000000002";

    #[test]
    fn the_last_key_in_the_file_is_the_current_one() {
        let ring = KeyRing::parse(&format!("# contact keys\nk1 {A}\nk2 {B}  # rotated\n"));
        let ring = ring.map_err(|e| e.to_string());
        assert_eq!(ring.as_ref().map(|r| r.current().id()), Ok("k2"));
        assert_eq!(ring.map(|r| r.get("k1").is_some()), Ok(true));
    }

    #[test]
    fn a_short_key_an_empty_file_and_a_repeated_id_are_refused() {
        assert!(KeyRing::parse("k1 abcd").is_err());
        assert!(KeyRing::parse("# nothing\n").is_err());
        assert!(KeyRing::parse(&format!("k1 {A}\nk1 {B}")).is_err());
        assert!(KeyRing::parse(&format!("k/1 {A}")).is_err());
    }

    #[test]
    fn derived_keys_differ_from_each_other_and_between_masters() {
        let a = Key::new("k1", &hex::decode(A).unwrap_or_default()).map_err(|e| e.to_string());
        let b = Key::new("k2", &hex::decode(B).unwrap_or_default()).map_err(|e| e.to_string());
        let (Ok(a), Ok(b)) = (a, b) else {
            panic!("keys should parse")
        };
        assert_ne!(a.tag, a.index);
        assert_ne!(a.seal, b.seal);
        assert_ne!(a.index, b.index);
    }

    #[test]
    fn key_material_never_reaches_a_debug_print() {
        let ring = KeyRing::parse(&format!("k1 {A}")).map_err(|e| e.to_string());
        let printed = format!("{ring:?}");
        assert!(printed.contains("k1"));
        assert!(!printed.contains(A));
    }

    #[test]
    fn new_keys_are_numbered_after_the_highest() {
        let ring = KeyRing::parse(&format!("k1 {A}\nk7 {B}")).ok();
        assert_eq!(next_id(ring.as_ref()), "k8");
        assert_eq!(next_id(None), "k1");
        let line = new_key_line("k1");
        assert!(KeyRing::parse(&line).is_ok());
    }
}
