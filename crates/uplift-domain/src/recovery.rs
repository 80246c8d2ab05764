//! Recovery codes: the way back in when the phone with the authenticator is lost, without
//! an administrator switching the second factor off.
//!
//! At enrolment the account gets [`CODE_COUNT`] codes of [`CODE_LENGTH`] characters, shown
//! once as `ABCDE-FGHJK`. Each may be used once, in place of a TOTP code.
//!
//! What the caller does (the domain has no randomness, no hashing, no storage):
//! - draws [`RANDOM_BYTES`] bytes from the OS generator and calls [`generate`];
//! - stores only a salted hash of each code's [`RecoveryCode::normalised`] form. A code holds
//!   50 bits, less than the 112 that ASVS 4.0.3 2.6.2 asks of a lookup secret kept bare, so
//!   the hash must be salted (a unique random salt of at least 32 bits per code) with an
//!   approved one-way function — a salted SHA-256 or SM3 satisfies 2.6.2, the password KDF
//!   does too but costs ten runs per attempt; guesses go through the login rate limiter;
//! - "each used once": on login it parses the typed code ([`RecoveryCode::parse`]), passes
//!   [`redeem`] one verifier per *unused* stored hash, and marks the matched row used in the
//!   same transaction with a conditional update (`… SET used_at = ?1 WHERE id = ?2 AND
//!   used_at IS NULL`, exactly one row changed, or the login fails), so that two concurrent
//!   logins cannot both spend one code;
//! - a new enrolment or "new codes" replaces every stored hash, used or not.

use crate::lang::{Lang, Localized};
use crate::totp::fold_full_width;

pub const CODE_COUNT: usize = 10;
pub const CODE_LENGTH: usize = 10;
/// Random bytes [`generate`] needs: one per character.
pub const RANDOM_BYTES: usize = CODE_COUNT * CODE_LENGTH;

/// 32 characters, so a random byte's low five bits pick one without bias; `0 1 I O` are
/// left out because people misread them for one another. Upper case is shown, so `L` is
/// not confused with `1` either.
pub const ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// One recovery code, normalised: [`CODE_LENGTH`] characters of [`ALPHABET`].
///
/// `Display` shows it grouped for the person (`ABCDE-FGHJK`); `Debug` hides it, so that a
/// code in a logged structure does not end up in the log.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct RecoveryCode(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecoveryCodeError {
    /// Not ten characters of the alphabet once spaces and dashes are dropped.
    Malformed,
    /// Well formed, but not one of the account's unused codes.
    NotRecognised,
}

impl Localized for RecoveryCodeError {
    fn message(&self, lang: Lang) -> String {
        match self {
            RecoveryCodeError::Malformed => lang.pick(
                "恢复码由 10 位字母和数字组成，形如 ABCDE-FGHJK",
                "a recovery code has 10 letters and digits, like ABCDE-FGHJK",
            ),
            RecoveryCodeError::NotRecognised => lang.pick(
                "恢复码不正确或已经使用过",
                "the recovery code is wrong or has been used already",
            ),
        }
        .to_string()
    }
}

impl std::fmt::Display for RecoveryCodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for RecoveryCodeError {}

impl RecoveryCode {
    /// A code from [`CODE_LENGTH`] random bytes, the low five bits of each picking a
    /// character.
    pub fn from_random(bytes: &[u8; CODE_LENGTH]) -> RecoveryCode {
        RecoveryCode(
            bytes
                .iter()
                .map(|&b| char::from(ALPHABET[usize::from(b & 31)]))
                .collect(),
        )
    }

    /// A code as a person types it: either case, with or without the dash, with spaces,
    /// full-width characters from a Chinese input method.
    pub fn parse(typed: &str) -> Result<RecoveryCode, RecoveryCodeError> {
        let normalised: String = typed
            .chars()
            .map(fold_full_width)
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let well_formed =
            normalised.len() == CODE_LENGTH && normalised.bytes().all(|b| ALPHABET.contains(&b));
        if well_formed {
            Ok(RecoveryCode(normalised))
        } else {
            Err(RecoveryCodeError::Malformed)
        }
    }

    /// The form to hash and compare: upper case, no dash.
    pub fn normalised(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for RecoveryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (head, tail) = self.0.split_at(CODE_LENGTH / 2);
        write!(f, "{head}-{tail}")
    }
}

impl std::fmt::Debug for RecoveryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryCode(…)")
    }
}

/// A new set of codes from [`RANDOM_BYTES`] random bytes. Two equal codes in a set are
/// possible in principle (one chance in about 10¹³); the caller may check and draw again,
/// but a duplicate only means one code can be used twice.
pub fn generate(random: &[u8; RANDOM_BYTES]) -> Vec<RecoveryCode> {
    random
        .chunks_exact(CODE_LENGTH)
        .filter_map(|chunk| <&[u8; CODE_LENGTH]>::try_from(chunk).ok())
        .map(RecoveryCode::from_random)
        .collect()
}

/// Which of the account's unused codes this is: the index, in the order given, of the
/// first verifier that accepts [`RecoveryCode::normalised`]. The caller marks that row used
/// (see the module notes). Asking stops at the first match.
pub fn redeem<I, F>(code: &RecoveryCode, unused: I) -> Result<usize, RecoveryCodeError>
where
    I: IntoIterator<Item = F>,
    F: Fn(&str) -> bool,
{
    unused
        .into_iter()
        .position(|matches| matches(code.normalised()))
        .ok_or(RecoveryCodeError::NotRecognised)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn random_bytes(seed: u8) -> [u8; RANDOM_BYTES] {
        std::array::from_fn(|i| (i as u8).wrapping_mul(37).wrapping_add(seed))
    }

    #[test]
    fn the_alphabet_has_no_misreadable_characters_and_no_repeats() {
        for confusable in [b'0', b'1', b'I', b'O'] {
            assert!(!ALPHABET.contains(&confusable));
        }
        let mut sorted = ALPHABET.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 32);
    }

    #[test]
    fn a_set_is_ten_codes_shown_as_two_groups_of_five() {
        let codes = generate(&random_bytes(0));
        assert_eq!(codes.len(), CODE_COUNT);
        for code in &codes {
            let shown = code.to_string();
            assert_eq!(shown.len(), 11);
            assert_eq!(shown.as_bytes()[5], b'-');
            assert_eq!(shown.replace('-', ""), code.normalised());
        }
    }

    #[test]
    fn each_byte_picks_a_character_by_its_low_five_bits() {
        let code = RecoveryCode::from_random(&[0, 1, 31, 32, 255, 8, 9, 10, 200, 100]);
        // 0→'2', 1→'3', 31→'Z', 32→'2', 255→'Z', 8→'A', 9→'B', 10→'C', 200→8→'A', 100→4→'6'
        assert_eq!(code.normalised(), "23Z2ZABCA6");
        assert_eq!(code.to_string(), "23Z2Z-ABCA6");
    }

    #[test]
    fn a_typed_code_may_be_lower_case_spaced_or_without_its_dash() {
        let code = RecoveryCode::parse("ABCDE-FGHJK").unwrap();
        for typed in [
            "abcde-fghjk",
            "ABCDEFGHJK",
            " abcde fghjk ",
            "ab-cd-ef-gh-jk",
            "ＡＢＣＤＥ－ＦＧＨＪＫ",
        ] {
            assert_eq!(RecoveryCode::parse(typed), Ok(code.clone()), "{typed:?}");
        }
    }

    #[test]
    fn a_code_of_the_wrong_length_or_alphabet_is_malformed() {
        for typed in [
            "",
            "ABCDE-FGHJ",
            "ABCDE-FGHJKM",
            "ABCDE-FGH0K",
            "ABCDE_FGHJK",
            "ABCDE-FGHIK",
        ] {
            assert_eq!(
                RecoveryCode::parse(typed),
                Err(RecoveryCodeError::Malformed),
                "{typed:?}"
            );
        }
    }

    #[test]
    fn a_code_is_never_printed_by_debug() {
        let code = RecoveryCode::parse("ABCDE-FGHJK").unwrap();
        assert!(!format!("{code:?}").contains("ABCDE"));
    }

    /// The store's verifiers, in a test: hashing is replaced by equality.
    fn unused(codes: &[RecoveryCode]) -> Vec<impl Fn(&str) -> bool + '_> {
        codes
            .iter()
            .map(|c| move |typed: &str| typed == c.normalised())
            .collect()
    }

    #[test]
    fn a_code_is_found_among_the_unused_ones_and_is_gone_once_used() {
        let mut codes = generate(&random_bytes(7));
        let typed = RecoveryCode::parse(&codes[3].to_string().to_lowercase()).unwrap();
        let at = redeem(&typed, unused(&codes)).unwrap();
        assert_eq!(at, 3);
        // The caller marks it used: it is no longer among the unused.
        codes.remove(at);
        assert_eq!(
            redeem(&typed, unused(&codes)),
            Err(RecoveryCodeError::NotRecognised)
        );
    }

    #[test]
    fn every_refusal_speaks_both_languages() {
        for e in [
            RecoveryCodeError::Malformed,
            RecoveryCodeError::NotRecognised,
        ] {
            assert!(!e.message(Lang::Zh).is_ascii());
            assert!(e.message(Lang::En).is_ascii());
        }
    }

    proptest! {
        #[test]
        fn every_generated_code_reads_back_as_shown(bytes in proptest::array::uniform32(any::<u8>())) {
            let mut random = [0u8; RANDOM_BYTES];
            for (i, b) in random.iter_mut().enumerate() {
                *b = bytes[i % 32].wrapping_add(i as u8);
            }
            for code in generate(&random) {
                prop_assert_eq!(RecoveryCode::parse(&code.to_string()), Ok(code.clone()));
                prop_assert_eq!(RecoveryCode::parse(&code.to_string().to_lowercase()), Ok(code));
            }
        }
    }
}
