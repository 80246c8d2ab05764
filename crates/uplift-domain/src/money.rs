//! Money, held exactly.
//!
//! The SME size standard (工信部联企业〔2011〕300号, 第四条) states its revenue and asset
//! bounds in 万元 (10,000 CNY), and people type figures in 万元 with decimals. Floating point
//! would make "exactly 2000 万元" land a hair either side of a threshold, so amounts are held
//! as whole yuan in an `i64`: 1 元 is the precision, i.e. at most four decimals in 万元.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::lang::{Lang, Localized};
use crate::number::{thousands, thousands_decimal};
use crate::text::fold_full_width;

/// Yuan in one 万元.
const YUAN_PER_WAN: i64 = 10_000;
/// Decimal places of 万元 that still fit in whole yuan.
const MAX_WAN_DECIMALS: usize = 4;

/// The unit a column of figures is in, as its header names it: "营业收入(万元)" is the
/// template's, but directories exported from accounts say "(元)", and some "(千元)" or
/// "(亿元)". The unit is explicit, so converting is exact; guessing never happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum MoneyUnit {
    Yuan,
    ThousandYuan,
    #[default]
    Wan,
    HundredMillionYuan,
}

impl MoneyUnit {
    /// Yuan in one unit.
    fn yuan(self) -> i64 {
        match self {
            MoneyUnit::Yuan => 1,
            MoneyUnit::ThousandYuan => 1_000,
            MoneyUnit::Wan => YUAN_PER_WAN,
            MoneyUnit::HundredMillionYuan => 100_000_000,
        }
    }

    /// Decimals that still land on whole yuan.
    fn exact_decimals(self) -> usize {
        match self {
            MoneyUnit::Yuan => 0,
            MoneyUnit::ThousandYuan => 3,
            MoneyUnit::Wan => MAX_WAN_DECIMALS,
            MoneyUnit::HundredMillionYuan => 8,
        }
    }

    /// Decimals accepted: whole yuan, and for figures in 元 also the 分 that accounts
    /// carry ("12345.67"), rounded half up to the yuan the programme's thresholds need.
    pub fn max_decimals(self) -> usize {
        match self {
            MoneyUnit::Yuan => 2,
            other => other.exact_decimals(),
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            MoneyUnit::Yuan => "元",
            MoneyUnit::ThousandYuan => "千元",
            MoneyUnit::Wan => "万元",
            MoneyUnit::HundredMillionYuan => "亿元",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            MoneyUnit::Yuan => "CNY",
            MoneyUnit::ThousandYuan => "1,000 CNY",
            MoneyUnit::Wan => "10,000 CNY",
            MoneyUnit::HundredMillionYuan => "100 million CNY",
        }
    }

    /// Suffixes a figure may carry in a cell of this unit ("5000万元").
    fn suffixes(self) -> &'static [&'static str] {
        match self {
            MoneyUnit::Yuan => &["元"],
            MoneyUnit::ThousandYuan => &["千元"],
            MoneyUnit::Wan => &["万元", "万"],
            MoneyUnit::HundredMillionYuan => &["亿元", "亿"],
        }
    }
}

/// An amount of money held exactly in whole yuan (元). The programme's figures are given in
/// 万元 (10,000 CNY) with decimals; storing yuan keeps threshold comparisons exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Money(i64);

impl Money {
    pub const ZERO: Money = Money(0);

    pub const fn from_yuan(yuan: i64) -> Money {
        Money(yuan)
    }

    /// `wan` × 10,000 yuan. Saturates rather than overflowing: no real figure comes near
    /// 9.2 × 10^14 万元, and a const fn must not panic.
    pub const fn from_wan(wan: i64) -> Money {
        Money(wan.saturating_mul(YUAN_PER_WAN))
    }

    pub fn yuan(self) -> i64 {
        self.0
    }

    /// Parse a figure in 万元 as typed by a person: "2000", "2000.5", " 1,234.5678 ", "０"
    /// (full-width digits allowed). At most 4 decimals (1 元 precision). Negative, empty,
    /// NaN-like, too large -> [`MoneyError`].
    ///
    /// Also accepted, because Chinese input methods produce them: full-width `．`, `，` and
    /// `－`/`＋`; thousands separators `,`/`，` in the integer part; a trailing unit `万元` or
    /// `万`; a leading `+`; trailing zeros beyond the fourth decimal ("1.50000" is exact).
    pub fn parse_wan(input: &str) -> Result<Money, MoneyError> {
        Money::parse_in(input, MoneyUnit::Wan)
    }

    /// [`Money::parse_wan`] for a figure in any [`MoneyUnit`].
    pub fn parse_in(input: &str, unit: MoneyUnit) -> Result<Money, MoneyError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(MoneyError::Empty);
        }
        let not_a_number = || MoneyError::NotANumber(trimmed.to_string());

        // Full-width digits, `．`, `－`/`＋` and the full-width comma (a thousands separator,
        // as typed with a Chinese input method) read as their ASCII forms. Any other folded
        // character is still not part of a number, so folding every form rejects the same
        // input; errors quote `trimmed`, never the folded text.
        let normalised: String = trimmed.chars().map(fold_full_width).collect();
        let mut text = normalised.as_str();
        for suffix in unit.suffixes() {
            if let Some(rest) = text.strip_suffix(suffix) {
                text = rest.trim_end();
                break;
            }
        }
        if let Some(rest) = text.strip_prefix('-') {
            // Only a well-formed number is "negative"; "-abc" is simply not a number.
            return match Money::parse_unsigned(rest.trim_start(), unit) {
                Err(MoneyError::Empty) | Err(MoneyError::NotANumber(_)) => Err(not_a_number()),
                _ => Err(MoneyError::Negative),
            };
        }
        let text = text.strip_prefix('+').unwrap_or(text).trim_start();
        match Money::parse_unsigned(text, unit) {
            Err(MoneyError::Empty) | Err(MoneyError::NotANumber(_)) => Err(not_a_number()),
            other => other,
        }
    }

    /// Digits, optional thousands separators, optional `.` and up to the unit's decimals.
    fn parse_unsigned(text: &str, unit: MoneyUnit) -> Result<Money, MoneyError> {
        let (int_part, frac_part) = match text.split_once('.') {
            Some((int_part, frac_part)) => (int_part, frac_part),
            None => (text, ""),
        };
        let int_digits: String = int_part.chars().filter(|c| *c != ',').collect();
        let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if int_digits.is_empty() && frac_part.is_empty() {
            return Err(MoneyError::Empty);
        }
        if !all_digits(&int_digits) || !all_digits(frac_part) {
            return Err(MoneyError::NotANumber(text.to_string()));
        }
        // A separator must sit between digits ("1,234"), never lead or trail.
        if int_part.starts_with(',') || int_part.ends_with(',') || int_part.contains(",,") {
            return Err(MoneyError::NotANumber(text.to_string()));
        }
        let frac = frac_part.trim_end_matches('0');
        if frac.len() > unit.max_decimals() {
            return Err(MoneyError::TooManyDecimals(unit));
        }

        let mut whole: i64 = 0;
        for digit in int_digits.bytes() {
            whole = whole
                .checked_mul(10)
                .and_then(|w| w.checked_add(i64::from(digit - b'0')))
                .ok_or(MoneyError::TooLarge)?;
        }
        let digit_at = |position: usize| {
            frac.as_bytes()
                .get(position)
                .map_or(0, |d| i64::from(d - b'0'))
        };
        let mut frac_yuan: i64 = 0;
        for position in 0..unit.exact_decimals() {
            frac_yuan = frac_yuan * 10 + digit_at(position);
        }
        // Only 分 of a figure in 元 go past whole yuan: half a yuan or more rounds up.
        if digit_at(unit.exact_decimals()) >= 5 {
            frac_yuan += 1;
        }
        whole
            .checked_mul(unit.yuan())
            .and_then(|y| y.checked_add(frac_yuan))
            .map(Money)
            .ok_or(MoneyError::TooLarge)
    }

    /// Render in 万元 with the minimal decimals: 20005000 yuan -> "2000.5", 20000000 -> "2000".
    pub fn to_wan_string(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let per_wan = YUAN_PER_WAN.unsigned_abs();
        let (wan, rest) = (abs / per_wan, abs % per_wan);
        if rest == 0 {
            format!("{sign}{wan}")
        } else {
            let decimals = format!("{rest:04}");
            format!("{sign}{wan}.{}", decimals.trim_end_matches('0'))
        }
    }

    /// The amount as a page or a sentence shows it: in Chinese in 万元 with thousands
    /// separators (`8,232 万元`); in English in million CNY from a million up (`82.32
    /// million CNY`) and in CNY below (`5,000 CNY`), since "ten-thousands of yuan" is no unit
    /// an English reader counts in. Exact either way: no rounding.
    pub fn display(self, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!("{} 万元", thousands_decimal(&self.to_wan_string())),
            Lang::En => {
                let sign = if self.0 < 0 { "-" } else { "" };
                let abs = self.0.unsigned_abs();
                if abs >= 1_000_000 {
                    let (millions, rest) = (abs / 1_000_000, abs % 1_000_000);
                    let fraction = if rest == 0 {
                        String::new()
                    } else {
                        let digits = format!("{rest:06}");
                        format!(".{}", digits.trim_end_matches('0'))
                    };
                    format!("{sign}{}{fraction} million CNY", thousands(millions))
                } else {
                    format!("{sign}{} CNY", thousands(abs))
                }
            }
        }
    }
}

/// Why a figure typed in 万元 was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MoneyError {
    #[error("the amount is empty")]
    Empty,
    #[error("the amount must not be negative")]
    Negative,
    #[error("at most {} decimals are allowed in {} (precision of 1 CNY)", .0.max_decimals(), .0.name_en())]
    TooManyDecimals(MoneyUnit),
    #[error("'{0}' is not a number")]
    NotANumber(String),
    #[error("the amount is too large")]
    TooLarge,
}

impl MoneyError {
    /// A stable machine key, e.g. for form-field error codes.
    pub fn key(&self) -> &'static str {
        match self {
            MoneyError::Empty => "money.empty",
            MoneyError::Negative => "money.negative",
            MoneyError::TooManyDecimals(_) => "money.too_many_decimals",
            MoneyError::NotANumber(_) => "money.not_a_number",
            MoneyError::TooLarge => "money.too_large",
        }
    }
}

impl Localized for MoneyError {
    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Zh => match self {
                MoneyError::Empty => "请填写金额（万元）".to_string(),
                MoneyError::Negative => "金额不能为负数".to_string(),
                MoneyError::TooManyDecimals(unit) => format!(
                    "金额（{}）最多保留{}位小数（精确到1元）",
                    unit.name_zh(),
                    unit.max_decimals()
                ),
                MoneyError::NotANumber(text) => format!("“{text}”不是有效的数字"),
                MoneyError::TooLarge => "金额过大".to_string(),
            },
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn wan(text: &str) -> Result<Money, MoneyError> {
        Money::parse_wan(text)
    }

    #[test]
    fn an_amount_reads_with_thousands_separators_and_in_millions_in_english() {
        assert_eq!(Money::from_wan(8232).display(Lang::Zh), "8,232 万元");
        assert_eq!(
            Money::from_yuan(20_005_000).display(Lang::Zh),
            "2,000.5 万元"
        );
        assert_eq!(Money::from_wan(8232).display(Lang::En), "82.32 million CNY");
        assert_eq!(Money::from_wan(2000).display(Lang::En), "20 million CNY");
        assert_eq!(
            Money::from_yuan(12_345_678).display(Lang::En),
            "12.345678 million CNY"
        );
        assert_eq!(Money::from_wan(50).display(Lang::En), "500,000 CNY");
        assert_eq!(Money::ZERO.display(Lang::En), "0 CNY");
    }

    #[test]
    fn whole_wan_are_ten_thousand_yuan() {
        assert_eq!(Money::from_wan(2000).yuan(), 20_000_000);
        assert_eq!(wan("2000").unwrap(), Money::from_wan(2000));
    }

    #[test]
    fn decimals_in_wan_are_held_exactly_to_the_yuan() {
        assert_eq!(wan("2000.5").unwrap().yuan(), 20_005_000);
        assert_eq!(wan("0.0001").unwrap().yuan(), 1);
        assert_eq!(wan("1,234.5678").unwrap().yuan(), 12_345_678);
        assert_eq!(wan(".5").unwrap().yuan(), 5_000);
        assert_eq!(wan("5.").unwrap().yuan(), 50_000);
    }

    #[test]
    fn surrounding_whitespace_and_full_width_forms_are_accepted() {
        assert_eq!(wan(" 1,234.5678 ").unwrap().yuan(), 12_345_678);
        assert_eq!(wan("０").unwrap(), Money::ZERO);
        assert_eq!(
            wan("\u{3000}２０００．５\u{3000}").unwrap().yuan(),
            20_005_000
        );
        assert_eq!(wan("１，２３４").unwrap(), Money::from_wan(1234));
        assert_eq!(wan("＋3").unwrap(), Money::from_wan(3));
    }

    #[test]
    fn a_trailing_wan_unit_is_accepted() {
        assert_eq!(wan("2000万元").unwrap(), Money::from_wan(2000));
        assert_eq!(wan("2000 万").unwrap(), Money::from_wan(2000));
    }

    #[test]
    fn more_than_four_significant_decimals_are_rejected_but_trailing_zeros_are_not() {
        assert_eq!(
            wan("1.00001"),
            Err(MoneyError::TooManyDecimals(MoneyUnit::Wan))
        );
        assert_eq!(wan("1.50000").unwrap().yuan(), 15_000);
    }

    #[test]
    fn empty_negative_and_non_numbers_are_rejected() {
        assert_eq!(wan(""), Err(MoneyError::Empty));
        assert_eq!(wan(" \u{3000} "), Err(MoneyError::Empty));
        assert_eq!(wan("-5"), Err(MoneyError::Negative));
        assert_eq!(wan("－0.5"), Err(MoneyError::Negative));
        for text in [
            "NaN", "inf", "abc", "1e5", "1.2.3", ".", "-", "1,", ",1", "1,,2", "1.2,3",
        ] {
            assert!(
                matches!(wan(text), Err(MoneyError::NotANumber(_))),
                "{text:?} -> {:?}",
                wan(text)
            );
        }
        assert_eq!(wan(" x "), Err(MoneyError::NotANumber("x".to_string())));
    }

    #[test]
    fn amounts_beyond_i64_yuan_are_too_large() {
        // i64::MAX yuan = 922337203685477.5807 万元.
        assert_eq!(wan("922337203685477.5807").unwrap().yuan(), i64::MAX);
        assert_eq!(wan("922337203685477.5808"), Err(MoneyError::TooLarge));
        assert_eq!(wan("922337203685478"), Err(MoneyError::TooLarge));
        assert_eq!(wan("99999999999999999999999"), Err(MoneyError::TooLarge));
    }

    #[test]
    fn rendering_uses_the_fewest_decimals() {
        assert_eq!(Money::from_yuan(20_005_000).to_wan_string(), "2000.5");
        assert_eq!(Money::from_yuan(20_000_000).to_wan_string(), "2000");
        assert_eq!(Money::from_yuan(1).to_wan_string(), "0.0001");
        assert_eq!(Money::from_yuan(12_345_678).to_wan_string(), "1234.5678");
        assert_eq!(Money::from_yuan(-15_000).to_wan_string(), "-1.5");
        assert_eq!(Money::ZERO.to_wan_string(), "0");
    }

    #[test]
    fn every_error_has_a_message_in_both_languages_and_a_key() {
        let errors = [
            MoneyError::Empty,
            MoneyError::Negative,
            MoneyError::TooManyDecimals(MoneyUnit::Wan),
            MoneyError::NotANumber("x".into()),
            MoneyError::TooLarge,
        ];
        for error in errors {
            assert!(!error.message(Lang::Zh).is_empty());
            assert_eq!(error.message(Lang::En), error.to_string());
            assert_ne!(error.message(Lang::Zh), error.message(Lang::En));
            assert!(error.key().starts_with("money."));
        }
    }

    proptest! {
        #[test]
        fn rendering_then_parsing_gives_the_same_amount(yuan in 0i64..=i64::MAX) {
            let money = Money::from_yuan(yuan);
            prop_assert_eq!(Money::parse_wan(&money.to_wan_string()), Ok(money));
        }

        #[test]
        fn parsing_keeps_the_order_of_amounts(a in 0i64..10_000_000_000, b in 0i64..10_000_000_000) {
            let (ma, mb) = (Money::from_yuan(a), Money::from_yuan(b));
            let (pa, pb) = (
                Money::parse_wan(&ma.to_wan_string()).unwrap(),
                Money::parse_wan(&mb.to_wan_string()).unwrap(),
            );
            prop_assert_eq!(a.cmp(&b), pa.cmp(&pb));
        }
    }
}
