//! Dates as they arrive in spreadsheet cells, and as the platform writes them in sentences.

use chrono::NaiveDate;

use crate::lang::Lang;
use crate::text::fold_full_width;

/// Dates as officials type them: 2021-03-05, 2021/3/5, 2021.3.5, 2021年3月5日, 20210305, and
/// with a time as databases and Excel export them ("2021-03-05 00:00:00",
/// "2021-03-05T08:30:00", "2021/3/5 0:00"). Full-width digits are folded. The year has four
/// digits, month and day one or two; the date must exist (no 2 月 30 日). Excel serial numbers
/// (44260) are not dates here: converting them is the spreadsheet reader's job.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let folded: String = s.chars().map(fold_full_width).collect();
    let text = folded.trim();
    let (date, time) = match text.split_once([' ', 'T']) {
        Some((date, time)) => (date, Some(time.trim())),
        None => (text, None),
    };
    if let Some(time) = time
        && !is_time(time)
    {
        return None;
    }
    let (year, month, day) = if let Some(rest) = date.strip_suffix('日') {
        let (year, rest) = rest.split_once('年')?;
        let (month, day) = rest.split_once('月')?;
        (year, month, day)
    } else if date.len() == 8 && date.bytes().all(|b| b.is_ascii_digit()) {
        (date.get(0..4)?, date.get(4..6)?, date.get(6..8)?)
    } else {
        let separator = date.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
        let mut parts = date.split(separator);
        let parts = (parts.next()?, parts.next()?, parts.next()?, parts.next());
        match parts {
            (year, month, day, None) => (year, month, day),
            _ => return None,
        }
    };
    let number = |text: &str, digits: std::ops::RangeInclusive<usize>| {
        (digits.contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()))
            .then(|| text.parse::<u32>().ok())
            .flatten()
    };
    let year = i32::try_from(number(year, 4..=4)?).ok()?;
    NaiveDate::from_ymd_opt(year, number(month, 1..=2)?, number(day, 1..=2)?)
}

/// H:MM, H:MM:SS or H:MM:SS.fff within a day.
fn is_time(text: &str) -> bool {
    let mut parts = text.split(':');
    let field = |part: Option<&str>, max: u32| {
        part.is_some_and(|p| {
            (1..=2).contains(&p.len())
                && p.bytes().all(|b| b.is_ascii_digit())
                && p.parse::<u32>().is_ok_and(|v| v <= max)
        })
    };
    let hours_ok = field(parts.next(), 23);
    let minutes_ok = field(parts.next(), 59);
    let seconds_ok = match parts.next() {
        None => true,
        Some(seconds) => {
            let (whole, fraction) = seconds.split_once('.').unwrap_or((seconds, "0"));
            field(Some(whole), 59)
                && !fraction.is_empty()
                && fraction.bytes().all(|b| b.is_ascii_digit())
        }
    };
    hours_ok && minutes_ok && seconds_ok && parts.next().is_none()
}

/// "2021年3月5日" in Chinese, "2021-03-05" in English.
pub(crate) fn format_date(date: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Zh => crate::cst::format_date_zh(date),
        Lang::En => date.to_string(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn dates_are_read_in_every_form_officials_type() {
        let expected = date(2021, 3, 5);
        for text in [
            "2021-03-05",
            "2021-3-5",
            "2021/3/5",
            "2021/03/05",
            "2021.3.5",
            "2021年3月5日",
            "2021年03月05日",
            "20210305",
            "2021-03-05 00:00:00",
            "2021-03-05 08:30",
            "2021-03-05T08:30:00",
            "2021-03-05 00:00:00.000",
            "2021/3/5 0:00",
            " ２０２１年３月５日 ",
        ] {
            assert_eq!(parse_date(text), Some(expected), "{text}");
        }
    }

    #[test]
    fn impossible_or_malformed_dates_are_rejected() {
        for text in [
            "",
            "2021-02-30",
            "2021-13-01",
            "21-3-5",
            "2021-3",
            "2021-3-5-1",
            "2021/3-5",
            "2021年3月5",
            "20211305",
            "2021030",
            "44260",
            "2021-03-05 25:00",
            "2021-03-05 noon",
            "March 5, 2021",
        ] {
            assert_eq!(parse_date(text), None, "{text}");
        }
    }
}
