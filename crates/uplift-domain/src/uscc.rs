//! 统一社会信用代码 (unified social credit code, USCC), GB 32100-2015.
//!
//! Layout (GB 32100-2015 §4): position 1 登记管理部门代码, 2 机构类别代码, 3–8 登记管理机关
//! 行政区划码 (GB/T 2260), 9–17 主体标识码 (the GB 11714 组织机构代码), 18 校验码.
//! Programme enterprises are expected to start with `91` (工商/市场监管, 企业), but other
//! departments (e.g. `A`, `N`, `Y`) are legal codes, so no prefix is enforced here.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::lang::{Lang, Localized};
use crate::text::fold_full_width;

/// GB 32100-2015 §4.1: the code's character set, digits and upper-case Latin letters without
/// I, O, Z, S, V (too easily confused with 1, 0, 2, 5, U). A character's value is its index.
const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// GB 32100-2015 §5 (校验码计算): weight of position i is 3^(i-1) mod 31.
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// GB 11714-1997: weights of the 8 body characters of an organisation code.
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

const LEN: usize = 18;

/// Value of a character in the USCC alphabet, or None if it is not in it.
fn value(c: char) -> Option<u32> {
    let byte = u8::try_from(c).ok()?;
    let index = ALPHABET.iter().position(|&a| a == byte)?;
    u32::try_from(index).ok()
}

/// GB 11714-1997 values an organisation-code character over the full 0-9A-Z set (A = 10 … Z = 35).
fn org_value(c: char) -> Option<u32> {
    c.to_digit(36)
}

/// A unified social credit code: always 18 characters, upper case, check character valid.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Uscc(String);

/// A code that passed validation, with anything worth telling the user about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsccParsed {
    pub uscc: Uscc,
    pub warnings: Vec<UsccWarning>,
}

impl Uscc {
    /// Trim surrounding whitespace (incl. full-width space U+3000), upper-case ASCII letters,
    /// then validate: length 18, 31-char alphabet (0-9, A-Z minus I O Z S V), check character
    /// with weights 3^(i-1) mod 31. Returns the code and warnings.
    ///
    /// Full-width letters and digits (as typed with a Chinese input method) are folded to
    /// ASCII first. Positions 3–8 are not checked against GB/T 2260: the code is lifelong and
    /// may carry a division that no longer exists.
    pub fn parse(input: &str) -> Result<UsccParsed, UsccError> {
        let trimmed = input.trim();
        // Almost every code in a directory is already plain upper-case ASCII.
        let code: String = if trimmed
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
        {
            trimmed.to_owned()
        } else {
            trimmed
                .chars()
                // An ideographic space inside a code is left as typed, so that the
                // invalid-character error names the character the user sees in the cell.
                .map(|c| match c {
                    '\u{3000}' => c,
                    other => fold_full_width(other).to_ascii_uppercase(),
                })
                .collect()
        };
        if code.is_empty() {
            return Err(UsccError::Empty);
        }
        if is_exponent_form(&code) {
            return Err(UsccError::SpreadsheetNumber);
        }
        let found = code.chars().count();
        if found != LEN {
            return Err(UsccError::Length { found });
        }
        // Positions 1-17 must be in the alphabet before a check character can be computed.
        let split = code
            .char_indices()
            .nth(LEN - 1)
            .map_or(code.len(), |(at, _)| at);
        let (first17, last) = code.split_at(split);
        if let Some((index, ch)) = first17
            .chars()
            .enumerate()
            .find(|(_, c)| value(*c).is_none())
        {
            return Err(UsccError::InvalidChar {
                position: index + 1,
                ch,
            });
        }
        let found = last.chars().next().unwrap_or_default();
        // Position 18 is judged against the computed check character. An excluded letter there
        // (I, O, Z, S, V) is reported as a wrong check character, as GB 32100's own worked
        // example does for "91350100M000100Y4Z"; only a character that belongs in no code
        // (punctuation, Chinese…) is an invalid character.
        if !found.is_ascii_alphanumeric() {
            return Err(UsccError::InvalidChar {
                position: LEN,
                ch: found,
            });
        }
        let expected = Uscc::check_char(first17).unwrap_or_default();
        if expected != found {
            if code.bytes().all(|b| b.is_ascii_digit()) && code.ends_with("000") {
                // Excel keeps 15 significant digits: an all-digit code typed into a number
                // cell comes back with its last three digits zeroed.
                return Err(UsccError::SpreadsheetNumber);
            }
            return Err(UsccError::Checksum { expected, found });
        }
        let mut warnings = Vec::new();
        if let Some(warning) = org_code_warning(&code) {
            warnings.push(warning);
        }
        Ok(UsccParsed {
            uscc: Uscc(code),
            warnings,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The check character for 17 leading characters, or None if any char is outside the
    /// alphabet or len != 17. GB 32100-2015 §5: C18 = 31 − (Σ Ci·Wi mod 31), where 31 means 0.
    pub fn check_char(first17: &str) -> Option<char> {
        if first17.chars().count() != LEN - 1 {
            return None;
        }
        let mut sum = 0;
        for (c, weight) in first17.chars().zip(WEIGHTS) {
            sum += value(c)? * weight;
        }
        let check = (31 - sum % 31) % 31;
        ALPHABET
            .get(usize::try_from(check).ok()?)
            .map(|&b| char::from(b))
    }

    /// Build a valid enterprise code: registration dept + kind (e.g. '9','1'), 6-digit
    /// division code, 8-char organisation-code body (alphabet 0-9A-Z minus the 5 excluded
    /// letters); computes the GB 11714 organisation-code check (position 17) and the USCC
    /// check (position 18). Returns None on bad input. Used by the demo data generator.
    pub fn from_parts(dept: char, kind: char, division6: &str, org_body8: &str) -> Option<Uscc> {
        let (dept, kind) = (dept.to_ascii_uppercase(), kind.to_ascii_uppercase());
        let body = org_body8.to_ascii_uppercase();
        let division_ok = division6.len() == 6 && division6.bytes().all(|b| b.is_ascii_digit());
        let body_ok = body.chars().count() == 8 && body.chars().all(|c| value(c).is_some());
        if value(dept).is_none() || value(kind).is_none() || !division_ok || !body_ok {
            return None;
        }
        let mut first17 = String::with_capacity(LEN);
        first17.push(dept);
        first17.push(kind);
        first17.push_str(division6);
        first17.push_str(&body);
        first17.push(org_check_char(&body)?);
        let check = Uscc::check_char(&first17)?;
        first17.push(check);
        Some(Uscc(first17))
    }

    /// Registration division (positions 3-8), informative only (codes are lifelong and may
    /// hold obsolete divisions).
    pub fn registration_division(&self) -> &str {
        self.0.get(2..8).unwrap_or_default()
    }
}

/// GB 11714-1997: C9 = 11 − (Σ Ci·Wi mod 11); 10 is written `X`, 11 is written `0`.
fn org_check_char(body8: &str) -> Option<char> {
    if body8.chars().count() != 8 {
        return None;
    }
    let mut sum = 0;
    for (c, weight) in body8.chars().zip(ORG_WEIGHTS) {
        sum += org_value(c)? * weight;
    }
    match 11 - sum % 11 {
        10 => Some('X'),
        11 => Some('0'),
        digit => char::from_digit(digit, 10),
    }
}

/// Positions 9–17 embed a GB 11714 organisation code; early pilot-region codes are legal yet
/// fail its check, so a mismatch is only a warning.
fn org_code_warning(code: &str) -> Option<UsccWarning> {
    let body = code.get(8..16)?;
    let found = code.get(16..17)?.chars().next()?;
    let expected = org_check_char(body)?;
    (expected != found).then_some(UsccWarning::OrganisationCodeCheck { expected, found })
}

impl fmt::Display for Uscc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Uscc {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Parses like [`Uscc::parse`] and drops the warnings.
impl FromStr for Uscc {
    type Err = UsccError;
    fn from_str(s: &str) -> Result<Uscc, UsccError> {
        Uscc::parse(s).map(|parsed| parsed.uscc)
    }
}

impl TryFrom<String> for Uscc {
    type Error = UsccError;
    fn try_from(s: String) -> Result<Uscc, UsccError> {
        s.parse()
    }
}

impl From<Uscc> for String {
    fn from(uscc: Uscc) -> String {
        uscc.0
    }
}

/// Why a string is not a unified social credit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum UsccError {
    #[error("the unified social credit code is empty")]
    Empty,
    #[error("the unified social credit code must have 18 characters, found {found}")]
    Length { found: usize },
    #[error(
        "character '{ch}' at position {position} is not allowed (only digits and capital letters other than I, O, Z, S, V)"
    )]
    InvalidChar { position: usize, ch: char },
    #[error("check character is wrong: position 18 should be '{expected}', found '{found}'")]
    Checksum { expected: char, found: char },
    /// Excel or WPS stored the code as a number: shown in exponent form (`9.13301E+17`),
    /// or with digits past the 15th turned to zeros (`913301001234567000`). The lost
    /// digits cannot be recovered from the file; the official must fix the column.
    #[error(
        "the spreadsheet turned the credit code into a number: digits beyond the 15th are lost and cannot be recovered; format the column as text and enter or paste the codes again"
    )]
    SpreadsheetNumber,
}

impl UsccError {
    /// A stable machine key for the error.
    pub fn key(&self) -> &'static str {
        match self {
            UsccError::Empty => "uscc.empty",
            UsccError::Length { .. } => "uscc.length",
            UsccError::InvalidChar { .. } => "uscc.invalid_char",
            UsccError::Checksum { .. } => "uscc.checksum",
            UsccError::SpreadsheetNumber => "uscc.spreadsheet_number",
        }
    }
}

impl Localized for UsccError {
    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Zh => match self {
                UsccError::Empty => "请填写统一社会信用代码".to_string(),
                UsccError::Length { found } => {
                    format!("统一社会信用代码应为18位，实际为{found}位")
                }
                UsccError::InvalidChar { position, ch } => format!(
                    "统一社会信用代码第{position}位的“{ch}”不是允许的字符（只能是数字或除 I、O、Z、S、V 以外的大写字母）"
                ),
                UsccError::Checksum { expected, found } => {
                    format!("统一社会信用代码校验位错误：第18位应为“{expected}”，实际为“{found}”")
                }
                UsccError::SpreadsheetNumber => "统一社会信用代码被表格软件存成了数字，第15位以后的数字已丢失、无法还原；请把该列设置为“文本”格式，重新录入或从原始数据复制后再导入".to_string(),
            },
        }
    }
}

/// `9.13301E+17`, `9.13301001234568e17`: a number in exponent form, as a spreadsheet shows
/// a long number and saves it to CSV. No credit code contains a '.', so this is never a
/// code with a typo.
fn is_exponent_form(code: &str) -> bool {
    let Some((mantissa, exponent)) = code.split_once('E') else {
        return false;
    };
    let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, "0"));
    !whole.is_empty()
        && !exponent.is_empty()
        && [whole, fraction, exponent]
            .iter()
            .all(|part| part.bytes().all(|b| b.is_ascii_digit()))
        && mantissa.contains('.')
}

/// Something odd about a code that is nevertheless accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum UsccWarning {
    /// Positions 9-17 embed a GB 11714 organisation code whose own check (position 17) does
    /// not hold: a warning, not a rejection (early pilot codes are legal but fail it).
    #[error(
        "the organisation code in positions 9-17 fails its own check (GB 11714): position 17 should be '{expected}', found '{found}'; codes from early pilot regions can look like this, please compare with the business licence"
    )]
    OrganisationCodeCheck { expected: char, found: char },
}

impl UsccWarning {
    /// A stable machine key for the warning.
    pub fn key(&self) -> &'static str {
        match self {
            UsccWarning::OrganisationCodeCheck { .. } => "uscc.org_code_check",
        }
    }
}

impl Localized for UsccWarning {
    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Zh => match self {
                UsccWarning::OrganisationCodeCheck { expected, found } => format!(
                    "统一社会信用代码第9–17位所含组织机构代码校验不通过（GB 11714）：第17位应为“{expected}”，实际为“{found}”；早期试点地区的代码可能如此，请与营业执照核对"
                ),
            },
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Published valid codes (facts.md §2.5).
    const VALID: [&str; 6] = [
        "91110000600037341L",
        "91110000710926094P",
        "91310115MA1K3BTP2B",
        "121200004013590816",
        "92340602MA2PBMEM24",
        "91620105L015101280",
    ];

    #[test]
    fn the_weights_are_powers_of_three_modulo_31() {
        let mut power = 1;
        for weight in WEIGHTS {
            assert_eq!(weight, power);
            power = power * 3 % 31;
        }
    }

    #[test]
    fn the_alphabet_has_31_characters_without_i_o_z_s_v() {
        assert_eq!(ALPHABET.len(), 31);
        for excluded in ['I', 'O', 'Z', 'S', 'V'] {
            assert_eq!(value(excluded), None);
        }
        assert_eq!(value('A'), Some(10));
        assert_eq!(value('Y'), Some(30));
    }

    #[test]
    fn the_standards_worked_example_has_check_character_3() {
        assert_eq!(Uscc::check_char("91350100M000100Y4"), Some('3'));
        let parsed = Uscc::parse("91350100M000100Y43").unwrap();
        assert_eq!(parsed.uscc.as_str(), "91350100M000100Y43");
    }

    #[test]
    fn the_standards_example_ending_in_z_is_rejected_expecting_3() {
        let error = Uscc::parse("91350100M000100Y4Z").unwrap_err();
        assert_eq!(
            error,
            UsccError::Checksum {
                expected: '3',
                found: 'Z'
            }
        );
        assert_eq!(error.key(), "uscc.checksum");
        assert_eq!(
            error.message(Lang::Zh),
            "统一社会信用代码校验位错误：第18位应为“3”，实际为“Z”"
        );
        assert_eq!(
            error.message(Lang::En),
            "check character is wrong: position 18 should be '3', found 'Z'"
        );
    }

    #[test]
    fn published_valid_codes_pass_without_warnings() {
        for code in VALID {
            let parsed = Uscc::parse(code).unwrap();
            assert_eq!(parsed.uscc.as_str(), code);
            assert!(parsed.warnings.is_empty(), "{code}: {:?}", parsed.warnings);
        }
    }

    #[test]
    fn lower_case_and_surrounding_whitespace_are_normalised() {
        let parsed = Uscc::parse("  91310115ma1k3btp2b\t").unwrap();
        assert_eq!(parsed.uscc.as_str(), "91310115MA1K3BTP2B");
        let parsed = Uscc::parse("\u{3000}91110000600037341l\u{3000}\n").unwrap();
        assert_eq!(parsed.uscc.as_str(), "91110000600037341L");
    }

    #[test]
    fn full_width_characters_are_folded_to_ascii() {
        let parsed = Uscc::parse("９１３１０１１５ＭＡ１Ｋ３ＢＴＰ２Ｂ").unwrap();
        assert_eq!(parsed.uscc.as_str(), "91310115MA1K3BTP2B");
    }

    #[test]
    fn an_ideographic_space_inside_a_code_is_named_as_typed() {
        assert_eq!(
            Uscc::parse("9131011\u{3000}MA1K3BTP2B"),
            Err(UsccError::InvalidChar {
                position: 8,
                ch: '\u{3000}'
            })
        );
    }

    #[test]
    fn a_code_a_spreadsheet_turned_into_a_number_says_so() {
        // Saved to CSV from a number cell: exponent form.
        for shown in ["9.13301E+17", "9.13301e+17", "9.13301001234568E17"] {
            let err = Uscc::parse(shown).unwrap_err();
            assert_eq!(err, UsccError::SpreadsheetNumber, "{shown}");
            assert!(err.message(Lang::Zh).contains("“文本”格式"), "{shown}");
        }
        // Read from an XLSX number cell: 15 significant digits, then zeros.
        let err = Uscc::parse("913301001234568000").unwrap_err();
        assert_eq!(err, UsccError::SpreadsheetNumber);
        // A wrong check character is still just that.
        assert!(matches!(
            Uscc::parse("91310115MA1K3BTP2C"),
            Err(UsccError::Checksum { .. })
        ));
        assert!(matches!(
            Uscc::parse("913301001234567891"),
            Err(UsccError::Checksum { .. }) | Ok(_)
        ));
        // A decimal point anywhere else is an invalid character, not a number.
        assert!(matches!(
            Uscc::parse("91310115.A1K3BTP2B"),
            Err(UsccError::InvalidChar { .. })
        ));
    }

    #[test]
    fn an_empty_code_is_reported_as_empty() {
        assert_eq!(Uscc::parse(""), Err(UsccError::Empty));
        assert_eq!(Uscc::parse(" \u{3000} "), Err(UsccError::Empty));
    }

    #[test]
    fn a_code_that_is_not_18_characters_reports_its_length() {
        assert_eq!(Uscc::parse("9131011"), Err(UsccError::Length { found: 7 }));
        assert_eq!(
            Uscc::parse("91310115MA1K3BTP2BX"),
            Err(UsccError::Length { found: 19 })
        );
        assert_eq!(
            Uscc::parse("统一社会信用代码"),
            Err(UsccError::Length { found: 8 })
        );
        assert_eq!(
            Uscc::parse("9131 0115MA1K3BTP2B").unwrap_err().key(),
            "uscc.length"
        );
    }

    #[test]
    fn an_invalid_character_names_its_1_based_position() {
        let cases = [
            ("I1310115MA1K3BTP2B", 1, 'I'),
            ("91O10115MA1K3BTP2B", 3, 'O'),
            ("91310115MA1K3BTPZB", 17, 'Z'),
            ("91310115SA1K3BTP2B", 9, 'S'),
            ("91310115MA1K3BTVP2", 16, 'V'),
            ("91310115MA1K-BTP2B", 13, '-'),
            ("91310115MA1K3BTP2。", 18, '。'),
            ("91310115MA1K3BTP2码", 18, '码'),
            ("9131 115MA1K3BTP2B", 5, ' '),
        ];
        for (input, position, ch) in cases {
            assert_eq!(
                Uscc::parse(input),
                Err(UsccError::InvalidChar { position, ch }),
                "{input}"
            );
        }
        // An excluded letter as check character is a wrong check character (see the
        // standard's example), not an invalid character.
        assert_eq!(
            Uscc::parse("91310115MA1K3BTP2V"),
            Err(UsccError::Checksum {
                expected: 'B',
                found: 'V'
            })
        );
        // Lower-case excluded letters are upper-cased first, then rejected.
        assert_eq!(
            Uscc::parse("91310115MA1K3BTPo2").unwrap_err(),
            UsccError::InvalidChar {
                position: 17,
                ch: 'O'
            }
        );
    }

    #[test]
    fn a_broken_organisation_code_check_is_a_warning_not_a_rejection() {
        // Take a valid code, change position 17, recompute position 18.
        let first17 = "91310115MA1K3BTP3";
        let code = format!("{first17}{}", Uscc::check_char(first17).unwrap());
        let parsed = Uscc::parse(&code).unwrap();
        let expected = UsccWarning::OrganisationCodeCheck {
            expected: '2',
            found: '3',
        };
        assert_eq!(parsed.warnings, vec![expected]);
        assert_eq!(expected.key(), "uscc.org_code_check");
        assert!(
            expected
                .message(Lang::Zh)
                .contains("第17位应为“2”，实际为“3”")
        );
        assert!(
            expected
                .message(Lang::En)
                .contains("position 17 should be '2', found '3'")
        );
    }

    #[test]
    fn the_registration_division_is_positions_3_to_8() {
        let uscc: Uscc = "91310115MA1K3BTP2B".parse().unwrap();
        assert_eq!(uscc.registration_division(), "310115");
    }

    #[test]
    fn from_parts_rebuilds_a_published_code() {
        let uscc = Uscc::from_parts('9', '1', "310115", "MA1K3BTP").unwrap();
        assert_eq!(uscc.as_str(), "91310115MA1K3BTP2B");
        let uscc = Uscc::from_parts('9', '1', "620105", "L0151012").unwrap();
        assert_eq!(uscc.as_str(), "91620105L015101280");
    }

    #[test]
    fn from_parts_rejects_bad_parts() {
        assert_eq!(Uscc::from_parts('I', '1', "430100", "MA4L0000"), None);
        assert_eq!(Uscc::from_parts('9', '1', "43010", "MA4L0000"), None);
        assert_eq!(Uscc::from_parts('9', '1', "43010A", "MA4L0000"), None);
        assert_eq!(Uscc::from_parts('9', '1', "430100", "MA4L000"), None);
        assert_eq!(Uscc::from_parts('9', '1', "430100", "MA4L000O"), None);
        assert_eq!(Uscc::from_parts('9', '1', "430100", "MA4L000码"), None);
    }

    #[test]
    fn check_char_needs_17_alphabet_characters() {
        assert_eq!(Uscc::check_char("91350100M000100Y"), None);
        assert_eq!(Uscc::check_char("91350100M000100Y43"), None);
        assert_eq!(Uscc::check_char("91350100M000100YO"), None);
    }

    #[test]
    fn every_error_has_a_message_in_both_languages() {
        let errors = [
            UsccError::Empty,
            UsccError::Length { found: 3 },
            UsccError::InvalidChar {
                position: 4,
                ch: 'O',
            },
            UsccError::Checksum {
                expected: '3',
                found: 'Z',
            },
            UsccError::SpreadsheetNumber,
        ];
        for error in errors {
            assert!(!error.message(Lang::Zh).is_empty());
            assert_eq!(error.message(Lang::En), error.to_string());
            assert!(error.key().starts_with("uscc."));
        }
    }

    fn alphabet_char() -> impl Strategy<Value = char> {
        (0..ALPHABET.len()).prop_map(|i| char::from(ALPHABET[i]))
    }

    fn parts() -> impl Strategy<Value = (char, char, String, String)> {
        (
            alphabet_char(),
            alphabet_char(),
            "[0-9]{6}",
            proptest::collection::vec(alphabet_char(), 8),
        )
            .prop_map(|(dept, kind, division, body)| {
                (dept, kind, division, body.into_iter().collect())
            })
    }

    proptest! {
        #[test]
        fn codes_built_from_parts_are_valid_and_raise_no_warning((dept, kind, division, body) in parts()) {
            let uscc = Uscc::from_parts(dept, kind, &division, &body).unwrap();
            let parsed = Uscc::parse(uscc.as_str()).unwrap();
            prop_assert_eq!(parsed.uscc.registration_division(), division.as_str());
            prop_assert_eq!(&parsed.uscc, &uscc);
            prop_assert!(parsed.warnings.is_empty());
        }

        #[test]
        fn changing_any_one_character_is_detected(
            (dept, kind, division, body) in parts(),
            position in 0..LEN,
            replacement in alphabet_char(),
        ) {
            let uscc = Uscc::from_parts(dept, kind, &division, &body).unwrap();
            let mut chars: Vec<char> = uscc.as_str().chars().collect();
            prop_assume!(chars[position] != replacement);
            chars[position] = replacement;
            let changed: String = chars.into_iter().collect();
            let result = Uscc::parse(&changed);
            prop_assert!(
                matches!(result, Err(UsccError::Checksum { .. })),
                "{} -> {:?}", changed, result
            );
        }
    }
}
