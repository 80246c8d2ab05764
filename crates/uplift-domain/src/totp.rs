//! The second factor: time-based one-time passwords (RFC 6238) as authenticator apps make
//! them — HMAC-SHA1, 30-second steps, 6 digits.
//!
//! 等保 L3-CES1-04 (GB/T 22239-2019 8.1.4.1 d) asks for two combined authentication
//! techniques, one of them cryptographic (密码技术); an HMAC-based one-time password is one,
//! an SMS code is usually argued not to be (reliability-research.md §1.2, checklist AUTH-05).
//!
//! What is not here: drawing the secret (the domain has no randomness — the caller draws
//! [`SECRET_BYTES`] bytes from the OS generator and passes them in), storing it encrypted
//! (8.1.4.8: 鉴别数据 confidential in storage), and rate-limiting guesses (the login
//! limiter's business: with ±1 step, a guess wins with probability 3 in 10⁶).
//!
//! Replays (ASVS 4.0.3 2.8.4: a code is usable once): [`verify`] returns the time step the
//! code matched. The caller stores it as the account's last used step and passes it to the
//! next verification, which then refuses that step and every earlier one. Store it with a
//! compare-and-set (`UPDATE … SET totp_last_step = ?1 WHERE id = ?2 AND (totp_last_step IS
//! NULL OR totp_last_step < ?1)`, one row changed or the login fails) so that two
//! concurrent logins with the same code cannot both pass.

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

use crate::lang::{Lang, Localized};

/// RFC 6238 §5.2 recommends 30 seconds; authenticator apps assume it.
pub const STEP_SECONDS: u64 = 30;
/// What authenticator apps show by default (RFC 4226 §5.3 allows 6 to 8).
pub const DIGITS: u32 = 6;
/// Steps accepted either side of the current one (RFC 6238 §5.2 recommends at most one
/// step of network delay; it also absorbs a phone clock up to 30 s off).
pub const TOLERANCE_STEPS: u64 = 1;
/// RFC 4226 §4 R6: the shared secret is at least 128 bits.
pub const MIN_SECRET_BYTES: usize = 16;
/// RFC 4226 §4 R6 recommends 160 bits: how many random bytes the caller should draw.
pub const SECRET_BYTES: usize = 20;
/// The issuer shown in authenticator apps, next to the account name.
pub const ISSUER: &str = "小微企业认证提升平台";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TotpError {
    /// The stored secret is shorter than [`MIN_SECRET_BYTES`]: a setup fault, not the user's.
    SecretTooShort,
    /// Not [`DIGITS`] digits (spaces between them are fine).
    Malformed,
    /// No step in the window gives this code.
    Wrong,
    /// The code is right, but for a step already used (or earlier).
    Replayed,
}

impl Localized for TotpError {
    fn message(&self, lang: Lang) -> String {
        match self {
            TotpError::SecretTooShort => lang.pick(
                "二次验证密钥无效，请联系系统管理员重新绑定",
                "the second-factor secret is invalid; ask the system administrator to enrol the account again",
            ),
            TotpError::Malformed => lang.pick(
                "请输入身份验证器上显示的 6 位数字验证码",
                "enter the 6-digit code shown by the authenticator app",
            ),
            TotpError::Wrong => lang.pick(
                "验证码不正确或已过期",
                "the code is wrong or has expired",
            ),
            TotpError::Replayed => lang.pick(
                "该验证码已经使用过，请等待身份验证器显示新的验证码",
                "this code has been used already; wait for the authenticator to show a new one",
            ),
        }
        .to_string()
    }
}

impl std::fmt::Display for TotpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for TotpError {}

/// The time step a Unix time falls in (RFC 6238 §4.2, T0 = 0).
pub fn step_at(now_unix: u64) -> u64 {
    now_unix / STEP_SECONDS
}

/// HOTP (RFC 4226 §5.3): HMAC-SHA1 of the counter, dynamic truncation, `digits` digits.
fn hotp(secret: &[u8], counter: u64, digits: u32) -> Result<u32, TotpError> {
    // HMAC takes keys of any length; the error is unreachable but not unwrapped.
    let mut mac = Hmac::<Sha1>::new_from_slice(secret).map_err(|_| TotpError::SecretTooShort)?;
    mac.update(&counter.to_be_bytes());
    let hash = mac.finalize().into_bytes();
    // The last nibble picks 4 bytes; offset ≤ 15, so offset + 3 ≤ 18 < 20.
    let offset = usize::from(hash[19] & 0x0f);
    let truncated = u32::from_be_bytes([
        hash[offset] & 0x7f,
        hash[offset + 1],
        hash[offset + 2],
        hash[offset + 3],
    ]);
    Ok(truncated % 10u32.pow(digits))
}

fn check_secret(secret: &[u8]) -> Result<(), TotpError> {
    if secret.len() < MIN_SECRET_BYTES {
        Err(TotpError::SecretTooShort)
    } else {
        Ok(())
    }
}

/// The code an authenticator shows at `now_unix`, zero-padded to [`DIGITS`] digits. For
/// tests and tools; logins use [`verify`].
pub fn code_at(secret: &[u8], now_unix: u64) -> Result<String, TotpError> {
    check_secret(secret)?;
    let code = hotp(secret, step_at(now_unix), DIGITS)?;
    Ok(format!("{code:0width$}", width = DIGITS as usize))
}

/// Check a code typed at `now_unix`. Accepts the current step and [`TOLERANCE_STEPS`] either
/// side, but never a step at or before `last_used_step`. Returns the step matched, which the
/// caller must store as the new last used step (see the module notes).
///
/// When a code matches two steps of the window (about one chance in 10⁶), the later step is
/// returned, so that the code cannot be replayed against the other one.
///
/// Spaces in the code are ignored (apps show `123 456`), and full-width digits from a
/// Chinese input method are read as digits.
pub fn verify(
    secret: &[u8],
    code: &str,
    now_unix: u64,
    last_used_step: Option<u64>,
) -> Result<u64, TotpError> {
    check_secret(secret)?;
    let typed = parse_code(code).ok_or(TotpError::Malformed)?;
    let now = step_at(now_unix);
    let earliest = now.saturating_sub(TOLERANCE_STEPS);
    let mut replayed = false;
    // Latest first: see the note on two matching steps.
    for step in (earliest..=now.saturating_add(TOLERANCE_STEPS)).rev() {
        if hotp(secret, step, DIGITS)? != typed {
            continue;
        }
        if last_used_step.is_some_and(|used| step <= used) {
            replayed = true;
        } else {
            return Ok(step);
        }
    }
    Err(if replayed {
        TotpError::Replayed
    } else {
        TotpError::Wrong
    })
}

/// Exactly [`DIGITS`] ASCII digits once spaces are dropped and full-width forms folded.
fn parse_code(code: &str) -> Option<u32> {
    let digits: String = code
        .chars()
        .map(fold_full_width)
        .filter(|c| !c.is_whitespace())
        .collect();
    if digits.len() != DIGITS as usize || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Full-width forms (U+FF01–U+FF5E, typed by a Chinese input method in full-width mode) and
/// the ideographic space, read as their ASCII counterparts.
pub(crate) fn fold_full_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(u32::from(c) - 0xfee0).unwrap_or(c),
        _ => c,
    }
}

const BASE32_ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base32Error {
    /// A character outside `A–Z`, `2–7` (either case), spaces and trailing `=`.
    InvalidCharacter,
    /// A length no byte string encodes to (1, 3 or 6 characters past a multiple of 8).
    InvalidLength,
    /// The unused bits of the last character are not zero: not what an encoder writes.
    NonZeroTrailingBits,
}

impl Localized for Base32Error {
    fn message(&self, lang: Lang) -> String {
        match self {
            Base32Error::InvalidCharacter => lang.pick(
                "密钥只能包含字母 A–Z 和数字 2–7",
                "the key may contain only the letters A-Z and the digits 2-7",
            ),
            Base32Error::InvalidLength => {
                lang.pick("密钥长度不正确", "the key has an impossible length")
            }
            Base32Error::NonZeroTrailingBits => lang.pick(
                "密钥最后一个字符不正确",
                "the last character of the key is not possible",
            ),
        }
        .to_string()
    }
}

impl std::fmt::Display for Base32Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for Base32Error {}

/// Base32 (RFC 4648 §6) without padding, upper case: the form authenticator apps take in a
/// provisioning URI and for manual entry.
pub fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for &byte in bytes {
        buffer = (buffer << 8) | u32::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(
                BASE32_ALPHABET[((buffer >> bits) & 31) as usize],
            ));
        }
    }
    if bits > 0 {
        out.push(char::from(
            BASE32_ALPHABET[((buffer << (5 - bits)) & 31) as usize],
        ));
    }
    out
}

/// Base32 back to bytes. Takes what a person or an app may hand over: either case, spaces
/// between groups, `=` padding at the end or none. Anything else is refused, including
/// encodings with stray trailing bits, so that one secret has one spelling.
pub fn base32_decode(text: &str) -> Result<Vec<u8>, Base32Error> {
    let compact: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    let unpadded = match compact.iter().position(|&b| b == b'=') {
        Some(at) if compact[at..].iter().all(|&b| b == b'=') => &compact[..at],
        Some(_) => return Err(Base32Error::InvalidCharacter),
        None => &compact[..],
    };
    if matches!(unpadded.len() % 8, 1 | 3 | 6) {
        return Err(Base32Error::InvalidLength);
    }
    let mut out = Vec::with_capacity(unpadded.len() * 5 / 8);
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for &c in unpadded {
        let value = match c.to_ascii_uppercase() {
            upper @ b'A'..=b'Z' => upper - b'A',
            digit @ b'2'..=b'7' => digit - b'2' + 26,
            _ => return Err(Base32Error::InvalidCharacter),
        };
        buffer = (buffer << 5) | u32::from(value);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(((buffer >> bits) & 0xff) as u8);
        }
    }
    if buffer & ((1 << bits) - 1) != 0 {
        return Err(Base32Error::NonZeroTrailingBits);
    }
    Ok(out)
}

/// The `otpauth://` URI an authenticator app reads from the enrolment QR code (Google
/// Authenticator's "Key Uri Format", which other apps follow): label `issuer:account`,
/// then the secret, the issuer again (apps prefer the parameter), and the algorithm, digits
/// and period spelled out although they are the defaults, for apps that guess otherwise.
///
/// The QR code is a secret: it is shown once, on the enrolment page, and never logged.
pub fn provisioning_uri(secret: &[u8], account_name: &str) -> String {
    let issuer = percent_encode(ISSUER);
    format!(
        "otpauth://totp/{issuer}:{account}?secret={secret}&issuer={issuer}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
        account = percent_encode(account_name),
        secret = base32_encode(secret),
    )
}

/// RFC 3986 percent-encoding of everything but the unreserved characters, UTF-8 bytes in
/// upper-case hex (`:` in an account name must not split the label; spaces become `%20`).
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// RFC 6238 Appendix B and RFC 4226 Appendix D: the ASCII string "12345678901234567890".
    const RFC_SECRET: &[u8] = b"12345678901234567890";

    #[test]
    fn the_rfc_6238_sha1_test_vectors_hold() {
        // Appendix B, SHA1 column: (Unix time, 8-digit TOTP).
        let vectors: [(u64, u32); 6] = [
            (59, 94_287_082),
            (1_111_111_109, 7_081_804),
            (1_111_111_111, 14_050_471),
            (1_234_567_890, 89_005_924),
            (2_000_000_000, 69_279_037),
            (20_000_000_000, 65_353_130),
        ];
        for (time, expected) in vectors {
            assert_eq!(
                hotp(RFC_SECRET, step_at(time), 8),
                Ok(expected),
                "T = {time}"
            );
        }
    }

    #[test]
    fn the_rfc_4226_hotp_test_vectors_hold_at_six_digits() {
        let expected = [
            755_224, 287_082, 359_152, 969_429, 338_314, 254_676, 287_922, 162_583, 399_871,
            520_489,
        ];
        for (counter, code) in expected.into_iter().enumerate() {
            assert_eq!(hotp(RFC_SECRET, counter as u64, DIGITS), Ok(code));
        }
    }

    #[test]
    fn the_production_code_is_the_last_six_digits_zero_padded() {
        // 07081804 at 8 digits is 081804 at 6: the leading zero stays.
        assert_eq!(code_at(RFC_SECRET, 1_111_111_109).unwrap(), "081804");
        assert_eq!(code_at(RFC_SECRET, 59).unwrap(), "287082");
    }

    #[test]
    fn a_code_from_the_current_window_is_accepted_and_names_its_step() {
        let now = 1_234_567_890;
        let code = code_at(RFC_SECRET, now).unwrap();
        assert_eq!(verify(RFC_SECRET, &code, now, None), Ok(step_at(now)));
    }

    #[test]
    fn a_code_from_the_previous_window_is_accepted_once() {
        let shown_at = 1_234_567_890;
        let code = code_at(RFC_SECRET, shown_at).unwrap();
        let typed_at = shown_at + STEP_SECONDS;
        let step = verify(RFC_SECRET, &code, typed_at, None).unwrap();
        assert_eq!(step, step_at(shown_at));
        assert_eq!(
            verify(RFC_SECRET, &code, typed_at, Some(step)),
            Err(TotpError::Replayed)
        );
    }

    #[test]
    fn a_code_from_the_next_window_is_accepted_for_a_phone_clock_ahead() {
        let now = 1_234_567_890;
        let code = code_at(RFC_SECRET, now + STEP_SECONDS).unwrap();
        assert_eq!(verify(RFC_SECRET, &code, now, None), Ok(step_at(now) + 1));
    }

    #[test]
    fn a_code_two_windows_old_is_wrong() {
        let now = 1_234_567_890;
        let code = code_at(RFC_SECRET, now - 2 * STEP_SECONDS).unwrap();
        assert_eq!(verify(RFC_SECRET, &code, now, None), Err(TotpError::Wrong));
    }

    #[test]
    fn a_code_from_before_the_last_used_step_is_refused_as_a_replay() {
        let now = 1_234_567_890;
        let previous = code_at(RFC_SECRET, now - STEP_SECONDS).unwrap();
        // The current step was used: the previous one, though in the window, is spent too.
        assert_eq!(
            verify(RFC_SECRET, &previous, now, Some(step_at(now))),
            Err(TotpError::Replayed)
        );
        // The next code is still good.
        let next = code_at(RFC_SECRET, now + STEP_SECONDS).unwrap();
        assert_eq!(
            verify(RFC_SECRET, &next, now, Some(step_at(now))),
            Ok(step_at(now) + 1)
        );
    }

    #[test]
    fn a_code_matching_two_steps_spends_the_later_one() {
        // Found by search: steps 910737 and 910738 both give 911617 for the RFC secret.
        let (earlier, later) = (910_737, 910_738);
        assert_eq!(hotp(RFC_SECRET, earlier, DIGITS), Ok(911_617));
        assert_eq!(hotp(RFC_SECRET, later, DIGITS), Ok(911_617));
        let now = later * STEP_SECONDS;
        let step = verify(RFC_SECRET, "911617", now, None).unwrap();
        assert_eq!(step, later);
        assert_eq!(
            verify(RFC_SECRET, "911617", now, Some(step)),
            Err(TotpError::Replayed)
        );
    }

    #[test]
    fn the_first_step_after_1970_has_no_previous_window() {
        let code = code_at(RFC_SECRET, 10).unwrap();
        assert_eq!(verify(RFC_SECRET, &code, 10, None), Ok(0));
    }

    #[test]
    fn a_code_with_spaces_or_full_width_digits_is_read() {
        let now = 1_234_567_890;
        let code = code_at(RFC_SECRET, now).unwrap();
        let spaced = format!("{} {}", &code[..3], &code[3..]);
        assert!(verify(RFC_SECRET, &spaced, now, None).is_ok());
        let full_width: String = code
            .chars()
            .map(|c| char::from_u32(u32::from(c) + 0xfee0).unwrap())
            .collect();
        assert!(verify(RFC_SECRET, &full_width, now, None).is_ok());
    }

    #[test]
    fn anything_but_six_digits_is_malformed() {
        for typed in [
            "",
            "12345",
            "1234567",
            "12a456",
            "-12345",
            "+123456",
            "１２３４５",
        ] {
            assert_eq!(
                verify(RFC_SECRET, typed, 59, None),
                Err(TotpError::Malformed),
                "{typed:?}"
            );
        }
    }

    #[test]
    fn a_secret_shorter_than_128_bits_is_refused() {
        let short = [7u8; MIN_SECRET_BYTES - 1];
        assert_eq!(
            verify(&short, "123456", 59, None),
            Err(TotpError::SecretTooShort)
        );
        assert_eq!(code_at(&short, 59), Err(TotpError::SecretTooShort));
    }

    #[test]
    fn base32_follows_the_rfc_4648_vectors_without_padding() {
        let vectors = [
            ("", ""),
            ("f", "MY"),
            ("fo", "MZXQ"),
            ("foo", "MZXW6"),
            ("foob", "MZXW6YQ"),
            ("fooba", "MZXW6YTB"),
            ("foobar", "MZXW6YTBOI"),
        ];
        for (plain, encoded) in vectors {
            assert_eq!(base32_encode(plain.as_bytes()), encoded);
            assert_eq!(base32_decode(encoded).unwrap(), plain.as_bytes());
        }
        assert_eq!(
            base32_encode(RFC_SECRET),
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
        );
    }

    #[test]
    fn base32_input_may_be_lower_case_spaced_or_padded() {
        assert_eq!(base32_decode("mzxw 6ytb oi").unwrap(), b"foobar");
        assert_eq!(base32_decode("MZXW6YTBOI======").unwrap(), b"foobar");
    }

    #[test]
    fn base32_refuses_what_no_encoder_writes() {
        assert_eq!(base32_decode("MZXW1"), Err(Base32Error::InvalidCharacter));
        assert_eq!(base32_decode("MZ=XW"), Err(Base32Error::InvalidCharacter));
        assert_eq!(base32_decode("MZX"), Err(Base32Error::InvalidLength));
        // "MZ" is "f"; "MZ" with the last bit set is not an encoding of anything.
        assert_eq!(base32_decode("M3"), Err(Base32Error::NonZeroTrailingBits));
    }

    #[test]
    fn the_provisioning_uri_names_the_platform_and_the_account() {
        let issuer = "%E5%B0%8F%E5%BE%AE%E4%BC%81%E4%B8%9A%E8%AE%A4%E8%AF%81%E6%8F%90%E5%8D%87%E5%B9%B3%E5%8F%B0";
        assert_eq!(
            provisioning_uri(RFC_SECRET, "zhang.wei"),
            format!(
                "otpauth://totp/{issuer}:zhang.wei?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer={issuer}&algorithm=SHA1&digits=6&period=30"
            )
        );
    }

    #[test]
    fn an_account_name_cannot_break_the_label_or_the_query() {
        let uri = provisioning_uri(RFC_SECRET, "Li Wei:x&y=1");
        assert!(uri.contains(":Li%20Wei%3Ax%26y%3D1?secret="), "{uri}");
    }

    #[test]
    fn every_refusal_speaks_both_languages() {
        let all = [
            TotpError::SecretTooShort,
            TotpError::Malformed,
            TotpError::Wrong,
            TotpError::Replayed,
        ];
        for e in all {
            assert!(!e.message(Lang::Zh).is_ascii());
            assert!(e.message(Lang::En).is_ascii());
        }
        for e in [
            Base32Error::InvalidCharacter,
            Base32Error::InvalidLength,
            Base32Error::NonZeroTrailingBits,
        ] {
            assert!(!e.message(Lang::Zh).is_ascii());
            assert!(e.message(Lang::En).is_ascii());
        }
    }

    proptest! {
        #[test]
        fn base32_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let encoded = base32_encode(&bytes);
            prop_assert!(!encoded.contains('='));
            prop_assert_eq!(base32_decode(&encoded).unwrap(), bytes.clone());
            prop_assert_eq!(base32_decode(&encoded.to_lowercase()).unwrap(), bytes);
        }

        #[test]
        fn a_code_is_accepted_within_one_step_and_never_twice(
            secret in proptest::collection::vec(any::<u8>(), MIN_SECRET_BYTES..40),
            shown_at in 60u64..4_000_000_000,
            delay in 0u64..STEP_SECONDS,
        ) {
            let code = code_at(&secret, shown_at).unwrap();
            let typed_at = shown_at + delay;
            let step = verify(&secret, &code, typed_at, None).unwrap();
            prop_assert!(step >= step_at(shown_at));
            prop_assert_eq!(verify(&secret, &code, typed_at, Some(step)), Err(TotpError::Replayed));
        }
    }
}
