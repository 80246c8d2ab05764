//! Turning XLSX cell values into the strings a CSV of the same table holds.

use calamine::{Data, DataRef, ExcelDateTime};

/// Renders a cell as text.
///
/// Numbers come out as Excel shows them: at most 15 significant digits (all
/// Excel keeps of a typed number), so a computed cell's binary noise
/// (`=B2*10000` stored as 1806699.9999999998) reads as the 1806700 on screen.
/// No ".0" for whole numbers and never an exponent, so phone numbers and codes
/// stored as numbers come out as typed. Dates become ISO text; errors
/// (#N/A, #DIV/0!, …) become empty cells because they carry no data.
pub(crate) fn cell_to_string(value: &DataRef<'_>) -> String {
    match value {
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_owned(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => float_to_string(*f),
        DataRef::Bool(true) => "TRUE".to_owned(),
        DataRef::Bool(false) => "FALSE".to_owned(),
        DataRef::DateTime(dt) => datetime_to_string(dt),
        DataRef::DateTimeIso(s) => iso_to_string(s),
        DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(_) | DataRef::Empty => String::new(),
    }
}

/// [`cell_to_string`] for a cell of a sheet read whole (legacy .xls).
pub(crate) fn data_to_string(value: &Data) -> String {
    match value {
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_to_string(*f),
        Data::Bool(true) => "TRUE".to_owned(),
        Data::Bool(false) => "FALSE".to_owned(),
        Data::DateTime(dt) => datetime_to_string(dt),
        Data::DateTimeIso(s) => iso_to_string(s),
        Data::DurationIso(s) => s.clone(),
        Data::Error(_) | Data::Empty => String::new(),
    }
}

fn float_to_string(f: f64) -> String {
    if !f.is_finite() {
        return String::new();
    }
    // Round to Excel's 15 significant digits, then Rust's Display gives the
    // shortest form of that value and omits ".0"; -0 should read as 0.
    // Whole numbers under 10^15 already have at most 15 digits (most cells:
    // counts, phones, whole amounts) and skip the formatting round trip.
    let shown = if f.fract() == 0.0 && f.abs() < 1e15 {
        f
    } else {
        format!("{f:.14e}").parse::<f64>().unwrap_or(f)
    };
    if shown == 0.0 {
        return "0".to_owned();
    }
    format!("{shown}")
}

fn datetime_to_string(dt: &ExcelDateTime) -> String {
    let serial = dt.as_f64();
    if dt.is_duration() {
        return duration_to_string(serial);
    }
    let (y, mo, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
    let time = if ms == 0 {
        format!("{h:02}:{mi:02}:{s:02}")
    } else {
        format!("{h:02}:{mi:02}:{s:02}.{ms:03}")
    };
    // A serial below 1 has no date part: the cell is a time of day.
    if (0.0..1.0).contains(&serial) {
        return time;
    }
    let date = format!("{y:04}-{mo:02}-{d:02}");
    if time == "00:00:00" {
        date
    } else {
        format!("{date} {time}")
    }
}

/// Elapsed time as `[h]:mm:ss`, the way Excel shows durations.
fn duration_to_string(days: f64) -> String {
    if !days.is_finite() {
        return String::new();
    }
    let sign = if days < 0.0 { "-" } else { "" };
    // Whole seconds are what `[h]:mm:ss` shows; the cast saturates.
    let total = (days.abs() * 86_400.0).round() as u64;
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    format!("{sign}{h}:{m:02}:{s:02}")
}

/// ISO values stored as text in the sheet ("2021-03-05T14:30:00") are made
/// to look like the ones we render from serial dates.
fn iso_to_string(s: &str) -> String {
    let spaced = s.replacen('T', " ", 1);
    match spaced.strip_suffix(" 00:00:00") {
        Some(date) => date.to_owned(),
        None => spaced,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::ExcelDateTimeType;

    fn date(serial: f64) -> String {
        cell_to_string(&DataRef::DateTime(ExcelDateTime::new(
            serial,
            ExcelDateTimeType::DateTime,
            false,
        )))
    }

    #[test]
    fn numbers() {
        assert_eq!(cell_to_string(&DataRef::Float(12.0)), "12");
        assert_eq!(cell_to_string(&DataRef::Float(12.5)), "12.5");
        // Binary noise of computed cells reads as Excel shows the value.
        assert_eq!(cell_to_string(&DataRef::Float(0.1 + 0.2)), "0.3");
        assert_eq!(
            cell_to_string(&DataRef::Float(1_806_699.999_999_999_8)),
            "1806700"
        );
        assert_eq!(
            cell_to_string(&DataRef::Float(2_011.100_999_999_999_7)),
            "2011.101"
        );
        assert_eq!(cell_to_string(&DataRef::Float(1234.5678)), "1234.5678");
        // An 18-digit code typed into a number cell: Excel kept 15 digits.
        assert_eq!(
            cell_to_string(&DataRef::Float(913_301_001_234_567_890.0)),
            "913301001234568000"
        );
        assert_eq!(
            cell_to_string(&DataRef::Float(13_800_138_000.0)),
            "13800138000"
        );
        assert_eq!(cell_to_string(&DataRef::Float(-0.0)), "0");
        assert_eq!(cell_to_string(&DataRef::Float(1e-7)), "0.0000001");
        assert_eq!(cell_to_string(&DataRef::Int(-7)), "-7");
    }

    #[test]
    fn dates_and_times() {
        // 44260 is 2021-03-05 in the 1900 system.
        assert_eq!(date(44260.0), "2021-03-05");
        assert_eq!(date(44260.0 + 14.5 / 24.0), "2021-03-05 14:30:00");
        assert_eq!(date(0.75), "18:00:00");
        let elapsed = ExcelDateTime::new(1.5, ExcelDateTimeType::TimeDelta, false);
        assert_eq!(cell_to_string(&DataRef::DateTime(elapsed)), "36:00:00");
        assert_eq!(
            cell_to_string(&DataRef::DateTimeIso("2021-03-05T00:00:00".into())),
            "2021-03-05"
        );
    }

    #[test]
    fn other_values() {
        assert_eq!(cell_to_string(&DataRef::Bool(true)), "TRUE");
        assert_eq!(cell_to_string(&DataRef::Bool(false)), "FALSE");
        assert_eq!(
            cell_to_string(&DataRef::Error(calamine::CellErrorType::NA)),
            ""
        );
        assert_eq!(cell_to_string(&DataRef::Empty), "");
        assert_eq!(cell_to_string(&DataRef::SharedString("企业")), "企业");
    }
}
