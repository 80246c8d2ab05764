//! 经营状态 — whether the registration system shows the enterprise as operating.

use serde::{Deserialize, Serialize};

use crate::lang::Lang;
use crate::text::fold_full_width;

/// 经营状态 as the registration system (国家企业信用信息公示系统) reports it, reduced to what
/// screening needs: the notice asks for enterprises "处于正常生产运营状态".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OperatingStatus {
    Operating,
    NotOperating,
    Unknown,
}

/// Spellings of "operating": gsxt shows 存续（在营、开业、在册）; directories also write 在业,
/// 正常, 正常经营.
#[rustfmt::skip]
const OPERATING: &[&str] = &[
    "存续", "在业", "开业", "正常", "在营", "在册", "营业", "正常经营",
    "operating", "active", "open", "normal", "inoperation", "inbusiness",
];

/// Spellings of "not operating". Decisions: 吊销未注销 (licence revoked, entity not yet
/// deregistered) and 撤销 (registration revoked) cannot operate lawfully; 歇业 (the
/// suspension that 《市场主体登记管理条例》(2022) 第三十条 allows) and 停业 do not produce;
/// 迁出 (registration moved to another authority) is no longer in this directory's
/// jurisdiction, so the city cannot recommend it either.
#[rustfmt::skip]
const NOT_OPERATING: &[&str] = &[
    "注销", "已注销", "吊销", "已吊销", "吊销未注销", "吊销已注销", "撤销", "已撤销",
    "停业", "歇业", "清算", "清算中", "迁出", "已迁出", "责令关闭", "关闭", "解散", "破产",
    "closed", "deregistered", "revoked", "suspended", "liquidation", "inliquidation",
    "dissolved", "cancelled", "canceled", "movedout", "bankrupt",
];

const UNKNOWN: &[&str] = &["", "未知", "不详", "unknown"];

impl OperatingStatus {
    pub fn key(self) -> &'static str {
        match self {
            OperatingStatus::Operating => "operating",
            OperatingStatus::NotOperating => "not_operating",
            OperatingStatus::Unknown => "unknown",
        }
    }

    pub fn from_key(key: &str) -> Option<OperatingStatus> {
        [
            OperatingStatus::Operating,
            OperatingStatus::NotOperating,
            OperatingStatus::Unknown,
        ]
        .into_iter()
        .find(|s| s.key() == key)
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            OperatingStatus::Operating => lang.pick("正常经营", "Operating"),
            OperatingStatus::NotOperating => lang.pick(
                "非正常经营（注销、吊销等）",
                "Not operating (deregistered, revoked…)",
            ),
            OperatingStatus::Unknown => lang.pick("未知", "Unknown"),
        }
    }

    /// Read a status as typed. Empty (or 未知) is `Unknown`; anything unrecognised is None.
    /// Whitespace, case, full-width forms and list punctuation are ignored ("吊销，未注销"),
    /// and a bracketed explanation is dropped ("存续（在营、开业、在册）" -> 存续).
    pub fn parse(input: &str) -> Option<OperatingStatus> {
        let normalised: String = input
            .chars()
            .map(fold_full_width)
            .filter(|c| !c.is_whitespace() && !matches!(c, ',' | '、' | '_' | '-' | '.' | '。'))
            .map(|c| c.to_ascii_lowercase())
            .collect();
        let word = match normalised.split_once('(') {
            Some((before, _)) if !before.is_empty() => before,
            _ => normalised.as_str(),
        };
        if OPERATING.contains(&word) {
            Some(OperatingStatus::Operating)
        } else if NOT_OPERATING.contains(&word) {
            Some(OperatingStatus::NotOperating)
        } else if UNKNOWN.contains(&word) {
            Some(OperatingStatus::Unknown)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operating_statuses_are_read_in_the_words_officials_use() {
        use OperatingStatus::*;
        let cases = [
            ("存续", Operating),
            ("在业", Operating),
            ("开业", Operating),
            ("正常", Operating),
            ("在营", Operating),
            ("正常经营", Operating),
            ("存续（在营、开业、在册）", Operating),
            ("Active", Operating),
            ("operating", Operating),
            ("注销", NotOperating),
            ("吊销", NotOperating),
            ("吊销，未注销", NotOperating),
            ("停业", NotOperating),
            ("歇业", NotOperating),
            ("清算", NotOperating),
            ("撤销", NotOperating),
            ("迁出", NotOperating),
            ("Deregistered", NotOperating),
            ("in liquidation", NotOperating),
            ("suspended", NotOperating),
            ("", Unknown),
            ("  ", Unknown),
            ("未知", Unknown),
        ];
        for (text, expected) in cases {
            assert_eq!(OperatingStatus::parse(text), Some(expected), "{text}");
        }
        assert_eq!(OperatingStatus::parse("良好"), None);
        for status in [Operating, NotOperating, Unknown] {
            assert_eq!(OperatingStatus::from_key(status.key()), Some(status));
            assert_ne!(status.name(Lang::Zh), status.name(Lang::En));
        }
    }
}
