//! The password rules for accounts.
//!
//! - Shape: 12 to 128 characters drawn from at least 3 of the 4 character classes. 等保 L3
//!   (GB/T 22239-2019 8.1.4.1 a, test item L3-CES1-01) asks for "复杂度要求"; the numbers are
//!   common evaluator practice and OWASP ASVS 4.0.3 2.1.1/2.1.2, not standard text, hence kept
//!   in one place. Composition rules deviate from ASVS 2.1.9; the national standard wins here
//!   (design: reliability-research.md §2, "Conflicts to resolve").
//! - Not common: not one of the 10,000 most common passwords, nor one of them dressed up with
//!   digits or symbols at either end, a different case or look-alike characters (ASVS 2.1.7,
//!   NIST SP 800-63B §5.1.1.2). See [`check_without_context`] for the exact rule.
//! - Not about the account or the platform: no user name, display name or platform name
//!   (NIST SP 800-63B §5.1.1.2 "context-specific words").
//! - Not one of the last [`HISTORY_DEPTH`] passwords of the account ([`check_not_reused`]).
//! - Rotation only when the deployment asks for it ([`RotationPolicy`], [`must_rotate`]).
//!
//! No refusal message repeats any part of the password: these errors end up in logs.

use std::collections::HashSet;
use std::sync::LazyLock;

use chrono::{DateTime, Duration, Utc};

use crate::lang::{Lang, Localized};

pub const MIN_LENGTH: usize = 12;
/// ASVS 2.1.2: at least 64 must be permitted, more than 128 denied. Also bounds the work of
/// the common-password search below.
pub const MAX_LENGTH: usize = 128;
pub const MIN_CLASSES: usize = 3;

/// A user name or display name is looked for in the password only from this many
/// characters on: a two-letter name is part of too many unrelated words.
pub const MIN_NAME_LENGTH: usize = 3;
/// The parts of a name (`zhang` in `zhang.wei`, `Xiaoming` in `Zhang Xiaoming`) are looked
/// for from this many characters on: three-letter parts such as `wei` or `li` are syllables
/// of too many unrelated words.
pub const MIN_NAME_PART_LENGTH: usize = 4;

/// How many passwords of an account may not be chosen again: the one in use and the four
/// before it. "Do not reuse the last ~5" is common 等保 evaluator practice for
/// L3-CES1-01 (reliability-research.md §1.2 and checklist AUTH-03); not standard text.
/// OWASP ASVS 4.0.3 V2.1.10 advises against history rules; as with composition, the
/// national practice wins and the deviation belongs in the security design document.
pub const HISTORY_DEPTH: usize = 5;

/// Words that name this platform or its operators, refused inside any password (lower case;
/// compared with the password lower-cased and with look-alikes read as letters):
/// - `uplift`: the software's own name, visible in every URL and cookie;
/// - `xiaowei`, `tisheng`, `renzheng`: the pinyin of 小微, 提升 and 认证 in the programme's
///   name 小微企业质量管理体系认证提升行动;
/// - `xwqy`: the pinyin initials of 小微企业 (Chinese systems are often given `xwqy@…`);
/// - `scjg`: the initials of 市场监管, the regulators running the platform — `Scjg@123456`
///   is the kind of password an office shares;
/// - the programme's name in characters (小微企业, 认证提升, 提升行动), as a user of the
///   Chinese interface would type it.
///
/// Years (`2024`, `1990`) are not refused on their own: a word plus a year is already caught
/// by the common-password rule when the word is common, and refusing every four-digit year
/// would reject many good passphrases for little gain (NIST SP 800-63B lists no such rule).
pub const PLATFORM_WORDS: &[&str] = &[
    "uplift",
    "xiaowei",
    "tisheng",
    "renzheng",
    "xwqy",
    "scjg",
    "小微企业",
    "认证提升",
    "提升行动",
];

/// The 10,000 most common passwords (source and version at the top of the file).
static COMMON_LIST: &str = include_str!("../data/common-passwords.txt");

/// The list lower-cased, and the length of its longest entry (in characters): no part of a
/// password longer than that needs looking up.
static COMMON: LazyLock<(HashSet<String>, usize)> = LazyLock::new(|| {
    let set: HashSet<String> = COMMON_LIST
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_lowercase)
        .collect();
    let longest = set.iter().map(|p| p.chars().count()).max().unwrap_or(0);
    (set, longest)
});

/// What a password is checked against besides the common list: the account it is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PasswordContext<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordError {
    TooShort {
        length: usize,
    },
    TooLong {
        length: usize,
    },
    TooFewClasses {
        classes: usize,
    },
    /// The password, ignoring case, is on the common list.
    Common,
    /// A common password with digits or symbols added at its start or end, or with letters
    /// written as look-alike digits or symbols (`P@ssw0rd`).
    BasedOnCommon,
    ContainsUsername,
    ContainsDisplayName,
    ContainsPlatformName,
    /// One of the account's last [`HISTORY_DEPTH`] passwords.
    RecentlyUsed,
}

impl Localized for PasswordError {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (PasswordError::TooShort { length }, Lang::Zh) => {
                format!("密码至少需要 {MIN_LENGTH} 个字符（当前 {length} 个）")
            }
            (PasswordError::TooShort { length }, Lang::En) => {
                format!("the password needs at least {MIN_LENGTH} characters ({length} given)")
            }
            (PasswordError::TooLong { length }, Lang::Zh) => {
                format!("密码最多 {MAX_LENGTH} 个字符（当前 {length} 个）")
            }
            (PasswordError::TooLong { length }, Lang::En) => {
                format!("the password may have at most {MAX_LENGTH} characters ({length} given)")
            }
            (PasswordError::TooFewClasses { classes }, Lang::Zh) => format!(
                "密码需包含大写字母、小写字母、数字、符号中的至少 {MIN_CLASSES} 类（当前 {classes} 类）"
            ),
            (PasswordError::TooFewClasses { classes }, Lang::En) => format!(
                "the password needs at least {MIN_CLASSES} of: upper case, lower case, digits, symbols ({classes} given)"
            ),
            (PasswordError::Common, lang) => lang
                .pick(
                    "该密码是最常见的密码之一，很容易被猜中，请换一个",
                    "this is one of the most common passwords and easily guessed; choose another",
                )
                .to_string(),
            (PasswordError::BasedOnCommon, lang) => lang
                .pick(
                    "该密码只是在常见密码前后加了数字或符号（或把字母换成了形近的数字、符号），很容易被猜中，请换一个",
                    "this is a common password with digits or symbols added, or letters swapped for look-alikes; it is easily guessed, choose another",
                )
                .to_string(),
            (PasswordError::ContainsUsername, lang) => lang
                .pick(
                    "密码不能包含用户名",
                    "the password must not contain the user name",
                )
                .to_string(),
            (PasswordError::ContainsDisplayName, lang) => lang
                .pick(
                    "密码不能包含本人姓名",
                    "the password must not contain the account holder's name",
                )
                .to_string(),
            (PasswordError::ContainsPlatformName, lang) => lang
                .pick(
                    "密码不能包含平台或主管部门的名称（如 uplift、xiaowei、scjg）",
                    "the password must not contain the platform's or the regulator's name (uplift, xiaowei, scjg...)",
                )
                .to_string(),
            (PasswordError::RecentlyUsed, Lang::Zh) => {
                format!("新密码不能与最近 {HISTORY_DEPTH} 次使用过的密码相同")
            }
            (PasswordError::RecentlyUsed, Lang::En) => {
                format!("the new password must differ from the last {HISTORY_DEPTH} passwords")
            }
        }
    }
}

impl std::fmt::Display for PasswordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for PasswordError {}

/// Check a new password for an account: every rule but the history, which needs the
/// account's stored hashes ([`check_not_reused`]).
///
/// The first rule broken is reported, in this order: length, classes, common list, platform
/// names, user name, display name.
pub fn check(password: &str, context: &PasswordContext<'_>) -> Result<(), PasswordError> {
    check_without_context(password)?;
    let lower = password.to_lowercase();
    let read = read_look_alikes(&lower);
    let contains = |word: &str| lower.contains(word) || read.contains(word);
    if name_words(context.username).iter().any(|w| contains(w)) {
        return Err(PasswordError::ContainsUsername);
    }
    if name_words(context.display_name).iter().any(|w| contains(w)) {
        return Err(PasswordError::ContainsDisplayName);
    }
    Ok(())
}

/// The rules that need no account: for a password chosen before the account exists (the
/// demo's shared password) or where the account is not at hand.
///
/// Length counts characters, not bytes, so a Chinese passphrase is measured the way its
/// owner counts it.
///
/// The common-password rule, precisely. Lower-case the password. Call a *core* any part of
/// it left after removing characters that are not letters (digits, symbols, spaces) from
/// its start and from its end — every letter stays, so `Password1234` has the cores
/// `password`, `password1`, … `password1234`. The password is refused when it is on the list
/// as a whole ([`PasswordError::Common`]), or when one of its cores is on the list as it
/// stands or with the look-alikes `@ 4`→a, `0`→o, `1 !`→i, `3`→e, `$ 5`→s, `7`→t read as
/// letters ([`PasswordError::BasedOnCommon`]). "Letters" are Unicode letters, so Chinese
/// characters are never stripped. A password without letters has no core but itself.
pub fn check_without_context(password: &str) -> Result<(), PasswordError> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        return Err(PasswordError::TooShort { length });
    }
    if length > MAX_LENGTH {
        return Err(PasswordError::TooLong { length });
    }
    let classes = character_classes(password);
    if classes < MIN_CLASSES {
        return Err(PasswordError::TooFewClasses { classes });
    }
    if let Some(refusal) = common_refusal(password) {
        return Err(refusal);
    }
    let lower = password.to_lowercase();
    let read = read_look_alikes(&lower);
    if PLATFORM_WORDS
        .iter()
        .any(|w| lower.contains(w) || read.contains(w))
    {
        return Err(PasswordError::ContainsPlatformName);
    }
    Ok(())
}

/// Upper case, lower case, digits, anything else (Chinese characters count as the last).
fn character_classes(password: &str) -> usize {
    let has = |pred: fn(&char) -> bool| password.chars().any(|c| pred(&c));
    [
        has(char::is_ascii_uppercase),
        has(char::is_ascii_lowercase),
        has(char::is_ascii_digit),
        has(|c| !c.is_ascii_alphanumeric()),
    ]
    .into_iter()
    .filter(|&b| b)
    .count()
}

/// The common-password rule of [`check_without_context`].
fn common_refusal(password: &str) -> Option<PasswordError> {
    let (list, longest) = &*COMMON;
    let lower: Vec<char> = password.to_lowercase().chars().collect();
    let whole: String = lower.iter().collect();
    if list.contains(&whole) {
        return Some(PasswordError::Common);
    }
    let on_list = |core: &[char]| {
        if core.len() > *longest {
            return false;
        }
        let plain: String = core.iter().collect();
        list.contains(&plain) || list.contains(&read_look_alikes(&plain))
    };
    let first = lower.iter().position(|c| c.is_alphabetic());
    let last = lower.iter().rposition(|c| c.is_alphabetic());
    let based_on_common = match (first, last) {
        // Any start up to the first letter, any end from the last letter on.
        (Some(first), Some(last)) => {
            (0..=first).any(|start| (last..lower.len()).any(|end| on_list(&lower[start..=end])))
        }
        _ => on_list(&lower),
    };
    based_on_common.then_some(PasswordError::BasedOnCommon)
}

/// Read the look-alikes people put for letters (`p@ssw0rd`) as those letters.
fn read_look_alikes(lower: &str) -> String {
    lower
        .chars()
        .map(|c| match c {
            '@' | '4' => 'a',
            '0' => 'o',
            '1' | '!' => 'i',
            '3' => 'e',
            '$' | '5' => 's',
            '7' => 't',
            other => other,
        })
        .collect()
}

/// The words of a user name or display name to look for in a password, lower-cased: the
/// whole name without spaces (from [`MIN_NAME_LENGTH`] characters), and its parts between
/// spaces, dots, dashes and underscores (from [`MIN_NAME_PART_LENGTH`] characters).
fn name_words(name: &str) -> Vec<String> {
    let lower = name.trim().to_lowercase();
    let mut words = Vec::new();
    let whole: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
    if whole.chars().count() >= MIN_NAME_LENGTH {
        words.push(whole);
    }
    for part in lower.split(|c: char| c.is_whitespace() || matches!(c, '.' | '-' | '_')) {
        if part.chars().count() >= MIN_NAME_PART_LENGTH {
            words.push(part.to_string());
        }
    }
    words
}

/// Refuse a password the account has had recently.
///
/// `newest_first` holds one verifier per stored hash, newest first: the hash of the
/// password in use, then those before it. Each verifier answers "is this the password that
/// hash was made from?" — hashing and verifying are the store's business, not the domain's.
/// Only the first [`HISTORY_DEPTH`] are asked, so the store needs to keep the current hash
/// and the [`HISTORY_DEPTH`]` - 1` before it; older ones may be deleted. Asking stops at the
/// first match (each verification is a slow KDF run).
pub fn check_not_reused<I, F>(password: &str, newest_first: I) -> Result<(), PasswordError>
where
    I: IntoIterator<Item = F>,
    F: Fn(&str) -> bool,
{
    if newest_first
        .into_iter()
        .take(HISTORY_DEPTH)
        .any(|was| was(password))
    {
        Err(PasswordError::RecentlyUsed)
    } else {
        Ok(())
    }
}

/// When passwords must be changed for age alone.
///
/// Off by default (`max_age: None`): NIST SP 800-63B §5.1.1.2 ("verifiers SHOULD NOT require
/// memorized secrets to be changed arbitrarily (e.g., periodically)") and OWASP ASVS 4.0.3
/// V2.1.10 advise against forced periodic rotation, because it pushes people to predictable
/// variations of the old password. A change is still forced when a password is known to be
/// compromised, which is the caller's decision.
///
/// 等保 L3-CES1-01 however asks that credentials be "定期更换", and the design
/// (reliability-research.md §2 and checklist AUTH-03) proposes 90 days for staff accounts:
/// a deployment that is evaluated sets `max_age` for those roles, and records the choice in
/// its security design document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RotationPolicy {
    pub max_age: Option<Duration>,
}

/// Must a password last changed at `changed_at` be changed before the account goes on?
/// True from the moment it is `max_age` old. A change time in the future (clock moved back)
/// never forces a change.
pub fn must_rotate(changed_at: DateTime<Utc>, now: DateTime<Utc>, policy: &RotationPolicy) -> bool {
    match policy.max_age {
        None => false,
        Some(max_age) => now.signed_duration_since(changed_at) >= max_age,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const ZHANG: PasswordContext<'static> = PasswordContext {
        username: "zhang.wei",
        display_name: "张伟",
    };

    #[test]
    fn twelve_characters_of_three_classes_is_enough() {
        assert_eq!(check_without_context("Kestrelquay9"), Ok(()));
        assert_eq!(check_without_context("kestrelqu-34"), Ok(()));
    }

    #[test]
    fn eleven_characters_is_too_short() {
        assert_eq!(
            check_without_context("Abcdefg1234"),
            Err(PasswordError::TooShort { length: 11 })
        );
    }

    #[test]
    fn a_hundred_and_twenty_eight_characters_are_allowed_but_not_more() {
        let longest = format!("Aa1-{}", "x".repeat(124));
        assert_eq!(check_without_context(&longest), Ok(()));
        let too_long = format!("{longest}y");
        assert_eq!(
            check_without_context(&too_long),
            Err(PasswordError::TooLong { length: 129 })
        );
    }

    #[test]
    fn two_classes_are_not_enough() {
        assert_eq!(
            check_without_context("abcdefgh12345"),
            Err(PasswordError::TooFewClasses { classes: 2 })
        );
    }

    #[test]
    fn chinese_characters_count_as_symbols_and_by_character() {
        assert_eq!(check_without_context("质量管理体系认证ab12"), Ok(()));
    }

    #[test]
    fn the_list_holds_ten_thousand_passwords_less_case_duplicates() {
        let (list, longest) = &*COMMON;
        assert_eq!(list.len(), 9_913);
        assert_eq!(*longest, 16);
        assert!(list.contains("password") && list.contains("brady"));
        assert!(!list.iter().any(|p| p.starts_with('#')));
    }

    #[test]
    fn a_common_password_is_refused_whatever_its_case() {
        // Long enough and of three classes, so only the list refuses them.
        for common in [
            "1qaz2wsx3EDC",
            "q1w2E3R4T5Y6",
            "zxcasdQWE123",
            "QWERTY123456!",
        ] {
            let expected = if common.ends_with('!') {
                PasswordError::BasedOnCommon
            } else {
                PasswordError::Common
            };
            assert_eq!(check_without_context(common), Err(expected), "{common}");
        }
    }

    #[test]
    fn the_old_rules_example_is_now_refused_as_common() {
        // `Abcdefgh1234` passed the length-and-classes rule alone; `abcdefgh` is common.
        assert_eq!(
            check_without_context("Abcdefgh1234"),
            Err(PasswordError::BasedOnCommon)
        );
    }

    #[test]
    fn a_common_password_with_digits_appended_is_refused() {
        assert_eq!(
            check_without_context("Password1234"),
            Err(PasswordError::BasedOnCommon)
        );
        assert_eq!(
            check_without_context("Dragon20240101"),
            Err(PasswordError::BasedOnCommon)
        );
    }

    #[test]
    fn a_common_password_with_digits_and_symbols_on_both_ends_is_refused() {
        for weak in [
            "2024!Sunshine!",
            "!!Qwerty123!!",
            "@123Iloveyou456",
            "Admin@123456",
        ] {
            assert_eq!(
                check_without_context(weak),
                Err(PasswordError::BasedOnCommon),
                "{weak}"
            );
        }
    }

    #[test]
    fn a_common_password_written_with_look_alikes_is_refused() {
        assert_eq!(
            check_without_context("P@ssw0rd2024!"),
            Err(PasswordError::BasedOnCommon)
        );
        assert_eq!(
            check_without_context("Tr1n1ty!20240"),
            Err(PasswordError::BasedOnCommon)
        );
    }

    #[test]
    fn a_common_word_inside_a_longer_phrase_is_accepted() {
        // Only digits and symbols at the ends are taken off: another word is real length.
        assert_eq!(check_without_context("Demo-Password-2022"), Ok(()));
        assert_eq!(check_without_context("Correct-Horse-Battery-9"), Ok(()));
        assert_eq!(check_without_context("dragon-Tiger-1234"), Ok(()));
    }

    #[test]
    fn letters_between_digits_are_not_a_common_core() {
        // `abcdef` is common, but not with digits between its letters.
        assert_eq!(check_without_context("A1b2C3d4E5f6"), Ok(()));
    }

    #[test]
    fn the_platform_names_are_refused_in_any_case_or_spelling() {
        for weak in [
            "Uplift-2024-ok",
            "Scjg@12345678",
            "myXiaoWei#2024",
            "Upl1ft!Strong9",
            "小微企业Ab123456",
        ] {
            assert_eq!(
                check_without_context(weak),
                Err(PasswordError::ContainsPlatformName),
                "{weak}"
            );
        }
    }

    #[test]
    fn the_user_name_is_refused_in_any_case() {
        let ctx = PasswordContext {
            username: "hzcity01",
            display_name: "",
        };
        assert_eq!(
            check("Welcome-HZCity01", &ctx),
            Err(PasswordError::ContainsUsername)
        );
    }

    #[test]
    fn a_long_part_of_the_user_name_is_refused_but_not_a_syllable() {
        assert_eq!(
            check("Zhang#Family-88", &ZHANG),
            Err(PasswordError::ContainsUsername)
        );
        // `wei` is three letters: "weight" is not about Zhang Wei.
        assert_eq!(check("Weight-Loss-2024", &ZHANG), Ok(()));
    }

    #[test]
    fn a_user_name_of_fewer_than_three_characters_is_not_looked_for() {
        let ctx = PasswordContext {
            username: "hz",
            display_name: "",
        };
        assert_eq!(check("Hz-river-bank-9", &ctx), Ok(()));
    }

    #[test]
    fn the_display_name_is_refused_whole_or_by_its_longer_words() {
        let ctx = PasswordContext {
            username: "user-7",
            display_name: "Zhang Xiaoming",
        };
        assert_eq!(
            check("Xiaoming!1987a", &ctx),
            Err(PasswordError::ContainsDisplayName)
        );
        assert_eq!(
            check("ZhangXiaoming-9", &ctx),
            Err(PasswordError::ContainsDisplayName)
        );
        let chinese = PasswordContext {
            username: "user-8",
            display_name: "欧阳娜娜",
        };
        assert_eq!(
            check("欧阳娜娜Ab123456", &chinese),
            Err(PasswordError::ContainsDisplayName)
        );
        // Two characters are too few to look for.
        assert_eq!(check("张伟的Ab12345xyz", &ZHANG), Ok(()));
    }

    #[test]
    fn a_good_password_passes_with_its_context() {
        assert_eq!(check("Blue-Lantern-Orchard-41", &ZHANG), Ok(()));
    }

    #[test]
    fn every_refusal_speaks_both_languages() {
        let all = [
            PasswordError::TooShort { length: 3 },
            PasswordError::TooLong { length: 200 },
            PasswordError::TooFewClasses { classes: 1 },
            PasswordError::Common,
            PasswordError::BasedOnCommon,
            PasswordError::ContainsUsername,
            PasswordError::ContainsDisplayName,
            PasswordError::ContainsPlatformName,
            PasswordError::RecentlyUsed,
        ];
        let mut seen = HashSet::new();
        for e in all {
            let zh = e.message(Lang::Zh);
            let en = e.message(Lang::En);
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{zh}"
            );
            assert!(en.is_ascii(), "{en}");
            assert!(seen.insert(en), "two refusals say the same");
        }
    }

    /// The store's verifier, in a test: hashing is replaced by equality.
    fn history(passwords: &[&'static str]) -> Vec<impl Fn(&str) -> bool> {
        passwords
            .iter()
            .map(|&old| move |candidate: &str| candidate == old)
            .collect()
    }

    #[test]
    fn any_of_the_last_five_passwords_is_refused() {
        let last = history(&["Fifth-new-1", "Fourth-1", "Third-1", "Second-1", "First-1"]);
        for old in ["Fifth-new-1", "Third-1", "First-1"] {
            assert_eq!(
                check_not_reused(old, &last),
                Err(PasswordError::RecentlyUsed)
            );
        }
        assert_eq!(check_not_reused("Brand-new-1", &last), Ok(()));
    }

    #[test]
    fn the_sixth_password_back_may_be_used_again() {
        let last = history(&["F-1", "E-1", "D-1", "C-1", "B-1", "A-1"]);
        assert_eq!(check_not_reused("A-1", &last), Ok(()));
        assert_eq!(
            check_not_reused("B-1", &last),
            Err(PasswordError::RecentlyUsed)
        );
    }

    #[test]
    fn verification_stops_at_the_first_match() {
        let asked = std::cell::Cell::new(0);
        let verifiers: Vec<_> = ["New-1", "Old-1", "Older-1"]
            .into_iter()
            .map(|old| {
                let asked = &asked;
                move |candidate: &str| {
                    asked.set(asked.get() + 1);
                    candidate == old
                }
            })
            .collect();
        assert!(check_not_reused("Old-1", verifiers.iter()).is_err());
        assert_eq!(asked.get(), 2);
    }

    #[test]
    fn an_account_without_history_may_use_anything() {
        let none: Vec<fn(&str) -> bool> = Vec::new();
        assert_eq!(check_not_reused("Anything-1", none), Ok(()));
    }

    #[test]
    fn rotation_is_off_by_default() {
        let changed = Utc.with_ymd_and_hms(2015, 1, 1, 0, 0, 0).unwrap();
        let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        assert_eq!(RotationPolicy::default().max_age, None);
        assert!(!must_rotate(changed, now, &RotationPolicy::default()));
    }

    #[test]
    fn with_a_ninety_day_policy_a_password_must_change_on_day_ninety() {
        let policy = RotationPolicy {
            max_age: Some(Duration::days(90)),
        };
        let changed = Utc.with_ymd_and_hms(2026, 1, 1, 8, 0, 0).unwrap();
        let day_89 = changed + Duration::days(90) - Duration::seconds(1);
        assert!(!must_rotate(changed, day_89, &policy));
        assert!(must_rotate(changed, changed + Duration::days(90), &policy));
        assert!(must_rotate(changed, changed + Duration::days(91), &policy));
    }

    /// Entries of the list that have a letter: the ones the core rule is about.
    fn common_words() -> Vec<String> {
        let mut words: Vec<String> = COMMON
            .0
            .iter()
            .filter(|p| p.chars().any(char::is_alphabetic))
            .cloned()
            .collect();
        words.sort();
        words
    }

    proptest::proptest! {
        #[test]
        fn any_common_password_dressed_with_digits_and_symbols_is_refused(
            pick in 0usize..9_000,
            before in "[0-9!@#$%^&*.]{0,4}",
            after in "[0-9!@#$%^&*.]{0,8}",
            upper in proptest::collection::vec(proptest::bool::ANY, 16),
        ) {
            let words = common_words();
            let word = &words[pick % words.len()];
            let cased: String = word
                .chars()
                .zip(upper.iter().cycle())
                .map(|(c, &up)| if up { c.to_ascii_uppercase() } else { c })
                .collect();
            let dressed = format!("{before}{cased}{after}");
            proptest::prop_assert!(common_refusal(&dressed).is_some(), "{dressed}");
        }

        #[test]
        fn the_check_takes_any_text_without_failing(
            password in "\\PC{0,140}",
            username in "[a-z0-9._-]{0,12}",
            display_name in "\\PC{0,8}",
        ) {
            let ctx = PasswordContext { username: &username, display_name: &display_name };
            let _ = check(&password, &ctx);
        }
    }

    #[test]
    fn a_change_time_in_the_future_forces_nothing() {
        let policy = RotationPolicy {
            max_age: Some(Duration::days(90)),
        };
        let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        assert!(!must_rotate(now + Duration::days(1), now, &policy));
    }
}
