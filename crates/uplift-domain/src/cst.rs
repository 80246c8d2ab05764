//! 北京时间 — China Standard Time, the time every page, export and deadline speaks.
//!
//! Storage stays UTC (`../design/ui.md`: "every time shown or exported in China Standard Time
//! (storage stays UTC)"); this module is the one place that turns an instant into the wall
//! clock an official reads, and a deadline date into the instant it ends. CST is UTC+8 all
//! year: China has observed no daylight saving time since 1991, so a fixed offset is exact.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Utc};

/// UTC+8, in seconds.
pub const OFFSET_SECONDS: i32 = 8 * 60 * 60;

/// The zone as chrono's fixed offset. Evaluated at compile time: a wrong offset fails the
/// build, it cannot fail a request.
pub const CHINA: FixedOffset = match FixedOffset::east_opt(OFFSET_SECONDS) {
    Some(offset) => offset,
    None => unreachable!(),
};

/// 23:59:59 CST is 15:59:59 UTC of the same date; written as a UTC time so that the end of
/// a day never needs arithmetic that could overflow at chrono's last date.
const END_OF_DAY_UTC: NaiveTime = match NaiveTime::from_hms_opt(23 - 8, 59, 59) {
    Some(time) => time,
    None => unreachable!(),
};

/// The wall-clock time in China at this instant.
pub fn to_cst(instant: DateTime<Utc>) -> NaiveDateTime {
    instant.with_timezone(&CHINA).naive_local()
}

/// The date in China at this instant: 23:30 UTC is already the next day in China.
pub fn date_cst(instant: DateTime<Utc>) -> NaiveDate {
    to_cst(instant).date()
}

/// The instant a wall-clock time in China denotes; `None` only beyond chrono's range.
pub fn from_cst(local: NaiveDateTime) -> Option<DateTime<Utc>> {
    local.checked_sub_offset(CHINA).map(|utc| utc.and_utc())
}

/// The last second of a date in China (23:59:59 CST), as an instant. A deadline "by 20 May"
/// is met by anything done on 20 May, China time.
pub fn end_of_day_utc(date: NaiveDate) -> DateTime<Utc> {
    date.and_time(END_OF_DAY_UTC).and_utc()
}

/// `2026-11-29 22:50`: the minute, China time, as lists and the timeline show it.
pub fn format_minute(instant: DateTime<Utc>) -> String {
    to_cst(instant).format("%Y-%m-%d %H:%M").to_string()
}

/// `2022年5月20日`, without leading zeros, as Chinese official documents write dates
/// (`../design/ui.md`: "dates as 2022年5月20日 in zh-CN").
pub fn format_date_zh(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn half_past_eleven_at_night_utc_is_half_past_seven_next_morning_in_china() {
        let instant = utc(2026, 11, 28, 23, 30, 0);
        assert_eq!(
            to_cst(instant),
            date(2026, 11, 29).and_hms_opt(7, 30, 0).unwrap()
        );
        assert_eq!(date_cst(instant), date(2026, 11, 29));
        assert_eq!(format_minute(instant), "2026-11-29 07:30");
    }

    #[test]
    fn a_minute_is_shown_china_time_with_zero_padding() {
        assert_eq!(
            format_minute(utc(2026, 11, 29, 14, 50, 59)),
            "2026-11-29 22:50"
        );
        assert_eq!(format_minute(utc(2022, 1, 1, 0, 5, 0)), "2022-01-01 08:05");
    }

    #[test]
    fn a_chinese_date_has_no_leading_zeros() {
        assert_eq!(format_date_zh(date(2022, 5, 20)), "2022年5月20日");
        assert_eq!(format_date_zh(date(2022, 11, 20)), "2022年11月20日");
        assert_eq!(format_date_zh(date(2023, 1, 3)), "2023年1月3日");
    }

    #[test]
    fn a_day_in_china_ends_at_four_in_the_afternoon_utc() {
        let end = end_of_day_utc(date(2022, 5, 20));
        assert_eq!(end, utc(2022, 5, 20, 15, 59, 59));
        assert_eq!(
            to_cst(end),
            date(2022, 5, 20).and_hms_opt(23, 59, 59).unwrap()
        );
        assert_eq!(
            date_cst(end + chrono::TimeDelta::seconds(1)),
            date(2022, 5, 21)
        );
    }

    #[test]
    fn china_time_round_trips_to_the_same_instant() {
        let instant = utc(2024, 2, 29, 20, 15, 7);
        assert_eq!(from_cst(to_cst(instant)), Some(instant));
        assert_eq!(from_cst(NaiveDateTime::MIN), None);
    }
}
